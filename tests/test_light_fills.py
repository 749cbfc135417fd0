"""A box filled in with a hard pencil (the form's correction: not chosen) is not read as a light mark (issue 23).

tests/data/flatbed/light_fills_2h_corrections.jpg is a generated flatbed side (z23's shapes set: the project's
generator, flatbed, seed 2301, with a box scribbled over as a correction beside the new mark; stack001_flatbed_010.jpg,
sheet S00003 side 2), written all in 2H pencil on clean paper. q6's box 4 is scribbled out (its answer 1, 2, 6);
q7's box 1 is scribbled out and box 6 filled over an X as the form says (its answer 4). No pixel of those fills reaches
the ink level, and clean_light_hand, weighing each box by its mean darkness against the side's empty boxes, read
them as marks: q6 "1 2 4 6" and q7 "1 4 6", neither asked (scanner/light_fills.py)."""

from pathlib import Path

import pytest

from scanner.ink import BoxReading
from scanner.light_fills import evenness
from scanner.vocab import AnswerStatus, BoxState
from tests.stored_sides import read_stored_photo

SIDE = Path(__file__).parent / "data" / "flatbed" / "light_fills_2h_corrections.jpg"
TRUTH = {"q6": ("1", "2", "6"), "q7": ("4",)}
CANCELLED = {("q6", "4"), ("q7", "1"), ("q7", "6")}


@pytest.fixture(scope="module")
def read(template):
    return read_stored_photo(SIDE, template)


@pytest.mark.parametrize("qid", sorted(TRUTH))
def test_a_question_with_a_pencil_fill_is_not_answered_with_it(read, qid):
    got = read.questions[qid]
    assert got.status == AnswerStatus.review or tuple(got.answer) == TRUTH[qid], (got.status, got.answer)


def test_no_filled_box_reads_as_a_mark(read):
    boxes: list[BoxReading] = read.readings
    marked = {(b.question_id, b.option_id) for b in boxes if b.state == BoxState.marked}
    assert not marked & CANCELLED, marked & CANCELLED


def test_the_chosen_light_marks_stay_marked(read):
    marked = {(b.question_id, b.option_id) for b in read.readings if b.state == BoxState.marked}
    assert {("q6", "1"), ("q6", "2"), ("q6", "6"), ("q7", "4")} <= marked


def test_evenness_tells_ink_all_over_from_a_cross():
    import numpy as np
    fill = np.full((24, 24), 0.2)
    cross = np.zeros((24, 24))
    for i in range(24):
        cross[i, max(0, i - 1):i + 2] = 0.3
        cross[i, max(0, 22 - i):25 - i] = 0.3
    assert evenness(fill, 4) == 1.0
    assert evenness(cross, 4) < 0.42
