"""A felt X that a copy of a copy spread until its holes closed (scanner/spread_crosses.py) reads marked; a box
filled in, and a grey blotch with a light halo along its rim, do not.

The insides are the real aligned boxes (darkness 0 paper .. 1 print, stored x255 as PNG) of heldout_augraphy
copy2, seed 31 (the tuning seed): stack003_flatbed_005 a2 box 1 and a3 box 2 (felt X's drawn a little off the
diagonals, two arms close to two sides), and stack001_flatbed_009 q1 box 6 (a correction filled in with a
ballpoint). Main read both X's "uncertain" (dense, few holes, two sides' middles at 0.48 and 0.54 of the ink),
and their questions went to review."""

from pathlib import Path

import cv2
import numpy as np
import pytest

from scanner.box_state import read_box
from scanner.ink import DEFAULT
from scanner.spread_crosses import crossed, spread_crosses
from scanner.vocab import BoxState

DATA = Path(__file__).parent / "data" / "copies"


def _inside(name: str) -> np.ndarray:
    return cv2.imread(str(DATA / f"{name}.png"), cv2.IMREAD_GRAYSCALE).astype(np.float32) / 255


def _read(inside: np.ndarray):
    """The box read as marks.read_page_marks first reads it (no line response: the box holds plenty of ink)."""
    return read_box("a2", "1", inside, inside[:0, :0], 0, 0, 0.05, DEFAULT)


@pytest.mark.parametrize("name", ["spread_x_a2", "spread_x_a3"])
def test_a_spread_felt_x_reads_marked(name):
    inside = _inside(name)
    first = _read(inside)
    assert first.state == BoxState.uncertain  # what the box reader alone makes of it, as on main
    assert spread_crosses([first], [inside], DEFAULT)[0].state == BoxState.marked


def test_a_filled_box_is_no_cross():
    assert not crossed(_inside("fill_q1_6"), DEFAULT)


def test_the_x_with_its_open_sides_filled_in_is_no_cross():
    """The same X's open triangles shaded as dark as its strokes: a box filled in over an X, as the form's
    correction is, reads as before."""
    inside = _inside("spread_x_a2").copy()
    inside[inside < 0.6] = 0.8
    assert not crossed(inside, DEFAULT)
    first = _read(inside)
    assert spread_crosses([first], [inside], DEFAULT)[0] == first


def test_a_grey_blotch_with_a_light_rim_is_no_cross():
    """A flat grey blotch over the box (about 0.55 of the print) with the copier's light halo along its top and
    side rims: its sides' middles are light and its diagonals grey all along, but no pixel is a pen's ink."""
    inside = np.full((17, 17), 0.55, np.float32)
    inside[0:2, :] = 0.02
    inside[:, 0:2] = 0.05
    inside[:, 15:] = 0.1
    assert not crossed(inside, DEFAULT)
