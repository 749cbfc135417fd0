"""A blank question's box under a copy's blotch is no answer (blotches.clear_flat): in doubt, never answered.

tests/data/copies/copy2_blank_blotch.jpg is a generated sheet (S00014 side 1) copied twice by Augraphy's copy2
hand (benchmarks/heldout_augraphy.py --sheets 20 --seed 36 --hands copy2: stack002_flatbed_009.jpg, a tuning
seed), brought to 150 dpi and JPEG quality 70 to keep it small. A BadPhotoCopy blotch darkens the right of the
side; the respondent left Câu a5 blank, and its box 4 lies under the blotch: a flat grey patch with a light halo
inside its square and no stroke. Main read that box marked with confidence 1.0 and answered a5 with it (a
silent error); the page is a blotched one (blotches.flat_grey_boxes) but a5 holds no plain mark to judge the
patch beside. The side's hand is a blue ballpoint, lighter than the blotch in places (q1's dot).
Stored rather than made here because Augraphy is an optional extra."""

from pathlib import Path

import pytest
from stored_sides import side_fixtures

from scanner.vocab import AnswerStatus, BoxState

PAGE = Path(__file__).parent / "data" / "copies" / "copy2_blank_blotch.jpg"
ANSWERED = {"a1": ("3",), "a2": ("1",), "a4": ("3",)}  # the generator's truth, read so on main too


page, plain_read = side_fixtures(PAGE)


def test_a_blank_questions_blotched_box_is_not_an_answer(plain_read):
    assert plain_read.status == "form", plain_read.message
    got = plain_read.questions["a5"]
    assert got.status in (AnswerStatus.review, AnswerStatus.blank) and not got.answer, (got.answer, got.reasons)
    box = next(r for r in plain_read.readings if (r.question_id, r.option_id) == ("a5", "4"))
    assert box.state != BoxState.marked, box


def test_no_question_of_the_side_is_answered_otherwise_than_drawn(plain_read):
    """The truth of every question on the side (a3, q1: asked about, their blotched or light boxes in doubt)."""
    truth = {**ANSWERED, "a3": ("3",), "a5": (), "q1": ("2", "4", "5"), "q2": ()}
    for q, drawn in truth.items():
        got = plain_read.questions[q]
        assert got.status == AnswerStatus.review or tuple(got.answer) == drawn, (q, got.answer, got.reasons)
    for q, drawn in ANSWERED.items():
        got = plain_read.questions[q]
        assert got.status == AnswerStatus.answered and tuple(got.answer) == drawn, (q, got.answer, got.reasons)


def _box(oid: str, state: BoxState, cov: float):
    from scanner.ink import BoxReading

    return BoxReading("q", oid, state, 1.0, cov, 0.5, 0.0, 0.0, 0.0)


@pytest.mark.parametrize(("cov", "other", "doubted"), [
    (0.5, BoxState.empty, True),  # a blank question's blotched box (a5 above: coverage 0.50)
    (0.2, BoxState.empty, False),  # a pen's dot, as strokeless: w21's copier profile, two single dots
    (0.5, BoxState.marked, False),  # beside another box read marked (a felt tick under the pen bar): as read
])
def test_clear_flat_doubts_a_lone_strokeless_blotch_box_only(cov, other, doubted):
    from scanner.blotches import clear_flat
    from scanner.ink import DEFAULT

    readings = [_box("1", BoxState.marked, cov), _box("2", other, 0.3 if other == BoxState.marked else 0.0)]
    strokes = {0: 0.1, 1: 0.2}  # both under the pen bar
    out, cleared = clear_flat(readings, [[0, 1]], {0}, strokes.__getitem__, 0.3, DEFAULT)
    assert not cleared
    assert out[0].state == (BoxState.uncertain if doubted else BoxState.marked), out[0]
    assert out[1] == readings[1]
