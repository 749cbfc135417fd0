"""A felt X that a copy of a copy spread until its holes closed (scanner/dense_crosses.py) reads marked; a box
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
from scanner.dense_crosses import crossed, dense_crosses
from scanner.ink import DEFAULT
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
    assert dense_crosses([first], [inside], DEFAULT)[0].state == BoxState.marked


def test_a_filled_box_is_no_cross():
    assert not crossed(_inside("fill_q1_6"), DEFAULT)


def test_the_x_with_its_open_sides_filled_in_is_no_cross():
    """The same X's open triangles shaded as dark as its strokes: a box filled in over an X, as the form's
    correction is, reads as before."""
    inside = _inside("spread_x_a2").copy()
    inside[inside < 0.6] = 0.8
    assert not crossed(inside, DEFAULT)
    first = _read(inside)
    assert dense_crosses([first], [inside], DEFAULT)[0] == first


def test_a_grey_blotch_with_a_light_rim_is_no_cross():
    """A flat grey blotch over the box (about 0.55 of the print) with the copier's light halo along its top and
    side rims: its sides' middles are light and its diagonals grey all along, but no pixel is a pen's ink."""
    inside = np.full((17, 17), 0.55, np.float32)
    inside[0:2, :] = 0.02
    inside[:, 0:2] = 0.05
    inside[:, 15:] = 0.1
    assert not crossed(inside, DEFAULT)


def _short_fill(ink: float, open_sides: tuple[str, ...], size: int = 17) -> np.ndarray:
    """A box filled in solid to cancel it (ink of this darkness), the fill stopping 2 px short of the named sides."""
    inside = np.full((size, size), ink, np.float32)
    margin = {"top": (slice(0, 2), slice(None)), "bottom": (slice(size - 2, size), slice(None)),
              "left": (slice(None), slice(0, 2)), "right": (slice(None), slice(size - 2, size))}
    for side in open_sides:
        inside[margin[side]] = 0.02
    return inside


@pytest.mark.parametrize("ink", [0.8, 0.9])
@pytest.mark.parametrize("open_sides", [("top", "left"), ("top", "bottom")])
def test_a_fill_stopping_short_of_two_sides_is_no_cross(ink, open_sides):
    """A cancelling fill that stops 2 px short of two sides (adjacent or opposite) leaves those two sides' middles
    paper and both diagonals ink, as a spread X does; but the triangles between the diagonals are ink too, and the
    third side's middle is as dark as the fill: the box is no X and stays in doubt (review A, bug 1)."""
    inside = _short_fill(ink, open_sides)
    first = _read(inside)
    assert first.state == BoxState.uncertain
    assert not crossed(inside, DEFAULT)
    assert dense_crosses([first], [inside], DEFAULT)[0] == first


def test_a_real_x_filled_over_short_of_two_sides_is_no_cross():
    """The real spread X of a2 (the copy's own pixels) filled over to cancel it with the same pen, the fill stopping
    3 px short of the top and left sides, where the copy's paper and the X's arm ends still show (main read it
    marked)."""
    inside = _inside("spread_x_a2").copy()
    inside[3:, 3:] = np.maximum(inside[3:, 3:], 0.85)
    first = _read(inside)
    assert first.state == BoxState.uncertain
    assert not crossed(inside, DEFAULT)
    assert dense_crosses([first], [inside], DEFAULT)[0] == first


@pytest.mark.parametrize("open_sides", [("top", "left"), ("top", "bottom"), ("left", "right")])
def test_a_real_x_filled_over_with_few_holes_is_not_read_marked(open_sides):
    """The real spread X of a2 filled over to cancel it, the fill stopping 2 px short of two sides where the X's
    arm ends still show: as dense as a fill-in with its paper holes closed (at most holes_filled_max), two of its
    sides' middles light. box_state read it as a thick X, marked and sure (1.0), on a grey scan, where one light
    side was taken to tell an X from a fill; now three must be light there too, as on a 1-bit scan."""
    inside = _inside("spread_x_a2").copy()
    rows = slice(2 if "top" in open_sides else 0, 15 if "bottom" in open_sides else 17)
    cols = slice(2 if "left" in open_sides else 0, 15 if "right" in open_sides else 17)
    inside[rows, cols] = np.maximum(inside[rows, cols], 0.85)
    first = _read(inside)
    assert first.holes <= DEFAULT.holes_filled_max and first.coverage >= DEFAULT.filled_min
    assert first.state != BoxState.marked
    assert dense_crosses([first], [inside], DEFAULT)[0].state != BoxState.marked
