"""A copy's toner specks lined up in an empty box are joined by the line detector into one long, light "trace";
a mark read from such a trace alone, on a page whose plain paper holds the copier's specks, is asked about and
never taken for the answer (on a single choice left blank it would be one, unflagged). On clean paper a light
pen's trace alone stays a mark, and a box holding ink stays what its ink says. Specks are drawn with a seeded
generator; the page's paper is measured by traces.paper_envelope as marks.read_page_marks measures it."""

import numpy as np
import pytest

from scanner.box_state import read_box
from scanner.fine import line_response
from scanner.ink import DEFAULT, BoxReading
from scanner.mark_rules import _speckled_traces
from scanner.traces import paper_envelope
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


def _clear_box(line: float, rng: np.random.Generator) -> np.ndarray:
    """A copy's clear inside (a few grey specks, no haze) with an X of `line` darkness two pixels wide, if any."""
    sq = _specked(rng, 2) * 0.3
    if line:
        idx = np.arange(1, SIDE - 2)
        for d in (0, 1):
            sq[idx, idx + d] = np.maximum(sq[idx, idx + d], line)
            sq[idx, SIDE - 2 - idx - d + 1] = np.maximum(sq[idx, SIDE - 2 - idx - d + 1], line)
    return sq


def test_a_hard_pencils_x_the_paper_explained_is_asked_about_and_specks_are_not(template):
    """On a copy, the page's paper explained every box of a question (its specks as dark as the box's ink): a
    hard pencil's X, straight and whole though light, is asked about (the world corpus's copier, seed 21, read
    it blank); the same question's clear boxes, and a box whose specks line up no further than a copy's do,
    are left empty."""
    from scanner.mark_rules import _strokes_in_haze

    rng = np.random.default_rng(3)
    q = next(x for x in template.choice_questions() if len(x.options) >= 5 and not x.behaviour.per_option)
    pairs = [(q, o) for o in q.options]
    insides = [_clear_box(0.0, rng) for _ in q.options]
    insides[0] = _clear_box(0.14, rng)  # the X, lighter than faint_ink: no haze
    insides[1] = _lined_up(1) * 0.7  # specks in a row: a copy's clear box may hold them
    assert all(float(np.mean(i > DEFAULT.faint_ink)) <= DEFAULT.faint_max for i in insides)  # no haze anywhere
    empty = [BoxReading(q.id, o.id, BoxState.empty, 0.8, 0.0, 1.0, 0.0, 0.0, 0.0) for o in q.options]
    out = _strokes_in_haze(empty, list(range(len(empty))), pairs, insides, DEFAULT)
    assert [r.state for r in out] == [BoxState.uncertain] + [BoxState.empty] * (len(out) - 1)
