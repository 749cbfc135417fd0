"""A copy's toner specks lined up in an empty box are joined by the line detector into one long, light "trace";
a mark read from such a trace alone, on a page whose plain paper holds the copier's specks, is asked about and
never taken for the answer (on a single choice left blank it would be one, unflagged). On clean paper a light
pen's trace alone stays a mark, and a box holding ink stays what its ink says. Specks are drawn with a seeded
generator; the page's paper is measured by traces.paper_envelope as marks.read_page_marks measures it."""

import numpy as np
import pytest

from scanner.box_state import read_box
from scanner.ink import DEFAULT
from scanner.marks import _speckled_traces
from scanner.traces import line_response, paper_envelope
from scanner.vocab import BoxState

SIDE = 17  # a 5 mm box's inside on the aligned page, in pixels
FLOOR = 0.037  # a copy of a copy's noise floor (the empty boxes' strongest line response)


def _specked(rng: np.random.Generator, n: int) -> np.ndarray:
    """A plain square of a copied page: n toner specks of one or two pixels, as dark as a copier's grey toner."""
    sq = np.zeros((SIDE, SIDE), np.float32)
    for _ in range(n):
        y, x = rng.integers(0, SIDE - 1, 2)
        sq[y, x] = rng.uniform(0.35, 0.5)
        if rng.random() < 0.5:
            sq[y, x + 1] = rng.uniform(0.2, 0.4)
    return sq


def _paper(seed: int):
    rng = np.random.default_rng(seed)
    squares = [_specked(rng, int(rng.integers(0, 4))) for _ in range(30)]
    paper = paper_envelope(squares, [line_response(sq)[1:-1, 1:-1] for sq in squares], FLOOR, DEFAULT)
    assert paper is not None and paper.coverage > 0  # the page's paper holds the copier's specks
    return paper


def _lined_up(seed: int) -> np.ndarray:
    """Specks one every three pixels along the box's diagonal: no stroke, though the line detector joins them."""
    rng = np.random.default_rng(seed)
    sq = np.zeros((SIDE, SIDE), np.float32)
    for i in range(1, SIDE - 1, 3):
        sq[i, i] = rng.uniform(0.35, 0.5)
        sq[i, i + 1] = rng.uniform(0.2, 0.4)
    return sq


def _read(inside: np.ndarray):
    return read_box("q", "1", inside, line_response(inside)[1:-1, 1:-1], 0, 0, FLOOR, DEFAULT)


@pytest.mark.parametrize("seed", range(4))
def test_specks_in_a_row_on_a_speckled_copy_are_asked_about(seed):
    alone = _read(_lined_up(seed))
    assert alone.state == BoxState.marked and alone.coverage < DEFAULT.marked_min  # a mark from its trace alone
    assert _speckled_traces([alone], _paper(seed), DEFAULT)[0].state == BoxState.uncertain
    assert _speckled_traces([alone], None, DEFAULT)[0].state == BoxState.marked  # clean paper: a light pen's
    # a side whose every mark is such a trace was marked in a light pencil: its traces are its marks
    assert [r.state for r in _speckled_traces([alone] * 3, _paper(seed), DEFAULT)] == [BoxState.marked] * 3


def test_a_box_holding_ink_on_the_same_copy_keeps_its_reading():
    inked = np.zeros((SIDE, SIDE), np.float32)
    idx = np.arange(1, SIDE - 1)
    for d in (0, 1):
        inked[idx, np.minimum(idx + d, SIDE - 1)] = 0.9
        inked[idx, np.maximum(SIDE - 1 - idx - d, 0)] = 0.9
    r = _read(inked)
    assert r.state == BoxState.marked and r.coverage >= DEFAULT.marked_min
    assert _speckled_traces([r], _paper(0), DEFAULT)[0].state == BoxState.marked
