"""An HB pencil's slash on a grainy phone photo read along the box's diagonal (scanner/diagonal_strokes.py), and the
grain's diagonal line beside a pen's plain marks left alone.

The photos are generated sheets photographed by Augraphy's photo hand, stored as the benchmark wrote them (1061 x
1500 pixels; Augraphy is an optional extra, not a test dependency):
- augraphy_hb_x_crossing.jpg (the pencil-heavy tuning set pp222, stack034_flatbed_003, sheet S00034 side 2), an HB
  pencil side on grainy paper: q6's three slashes and q7's one stand 1.7-2.2 times the page's plain squares'
  diagonal line and 2-5 times their mates', but below the page's straightest square at any angle, so every rule
  before left them in doubt;
- augraphy_grain_diagonal_beside_ballpoint.jpg (the reporting photo set p41s4, stack002_flatbed_007, sheet S00004
  side 2): q7's empty box 1 holds a diagonal line of grain twice its empty mates', beside three ballpoint marks.
The answers are the generator's truth (truth.jsonl)."""

from pathlib import Path

import numpy as np
import pytest
from stored_sides import read_stored_photo

from scanner.strokes import diagonal_line, straightest
from scanner.vocab import AnswerStatus, BoxState

PHOTOS = Path(__file__).parent / "data" / "photos"
SLASHES = PHOTOS / "augraphy_hb_x_crossing.jpg"
BESIDE_PEN = PHOTOS / "augraphy_grain_diagonal_beside_ballpoint.jpg"
TRUTH = {"q3": ("3",), "q4": ("1",), "q5a": ("4",), "q5b": ("3",), "q5c": ("3",), "q5d": (), "q5e": (),
         "q6": ("1", "2", "3"), "q7": ("5",)}
READ_HERE = ("q6", "q7")


@pytest.fixture(scope="module")
def slashes(template):
    return read_stored_photo(SLASHES, template)


def test_pencil_slashes_along_the_diagonal_are_the_answer(slashes):
    for q in READ_HERE:
        got = slashes.questions[q]
        assert (got.status, tuple(got.answer)) == (AnswerStatus.answered, TRUTH[q]), got


def test_nothing_on_the_side_is_answered_against_the_truth(slashes):
    silent = {q: tuple(slashes.questions[q].answer) for q, want in TRUTH.items()
              if slashes.questions[q].status != AnswerStatus.review and tuple(slashes.questions[q].answer) != want}
    assert not silent, silent


def test_without_the_diagonal_bar_they_stay_asked(template, monkeypatch):
    res = read_stored_photo(SLASHES, template, monkeypatch, diagonal_paper_ratio=100.0)
    assert all(res.questions[q].status == AnswerStatus.review for q in READ_HERE), {q: res.questions[q] for q in READ_HERE}


def test_grain_along_a_diagonal_beside_pen_marks_is_no_answer(template):
    res = read_stored_photo(BESIDE_PEN, template)
    box1 = next(r for r in res.readings if r.question_id == "q7" and r.option_id == "1")
    assert box1.state != BoxState.marked, box1
    got = res.questions["q7"]
    assert got.status == AnswerStatus.review or tuple(got.answer) == ("2", "4", "5"), got


def _square(angle_deg: float, seed: int) -> np.ndarray:
    """A 21 x 21 inside of mild noise with one straight stroke, 2 pixels wide, through its middle at angle_deg."""
    rng = np.random.default_rng(seed)
    inside = rng.uniform(0.0, 0.04, (21, 21)).astype(np.float32)
    yy, xx = np.mgrid[0:21, 0:21] - 10.0
    a = np.deg2rad(angle_deg)
    inside[np.abs(-np.sin(a) * xx + np.cos(a) * yy) <= 1.0] += 0.3
    return inside


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_diagonal_line_sees_strokes_near_the_diagonals_only(seed):
    for angle in (45.0, 135.0, 35.0, 125.0):  # a slash, its mirror, and both 10 degrees off
        inside = _square(angle, seed)
        assert straightest(inside) > 0.2 and diagonal_line(inside) >= 0.9 * straightest(inside), angle
    for angle in (0.0, 90.0):  # a box's own edge, a dash across it: no diagonal
        inside = _square(angle, seed)
        assert straightest(inside) > 0.2 and diagonal_line(inside) < 0.5 * straightest(inside), angle
