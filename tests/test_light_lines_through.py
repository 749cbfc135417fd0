"""A coffee ring's edge through an empty box is no light mark (issue 23).

tests/data/flatbed/coffee_ring_edge.jpg is a generated flatbed side (z23's shapes set: the project's generator,
flatbed, seed 2301, stack002_flatbed_015.jpg, sheet S00008 side 2) with a coffee ring about 70 mm across laid
over it (z23's d_coffee: a light irregular edge, the inside faintly tinted), kept as JPEG quality 60. q6's only
answer is box 3, a small blue ballpoint dot; the ring's light edge runs across the corner of its empty box 2, no
pixel of it at faint_ink. That box was read in doubt from its trace, then read marked by crossed_strokes, and q6
was answered "2 3", unasked (scanner/light_lines_through.py)."""

from pathlib import Path

import pytest

from scanner.vocab import AnswerStatus, BoxState
from tests.stored_sides import read_stored_photo

SIDE = Path(__file__).parent / "data" / "flatbed" / "coffee_ring_edge.jpg"


@pytest.fixture(scope="module")
def read(template):
    return read_stored_photo(SIDE, template)


def test_a_ring_through_an_empty_box_does_not_answer_its_question(read):
    got = read.questions["q6"]
    assert got.status == AnswerStatus.review or got.answer == ("3",), (got.status, got.answer)


def test_the_ringed_box_is_not_read_marked(read):
    states = {b.option_id: b.state for b in read.readings if b.question_id == "q6"}
    assert states["2"] != BoxState.marked
    assert states["3"] == BoxState.marked  # the dot itself



GRID_SIDE = Path(__file__).parent / "data" / "flatbed" / "coffee_ring_digit_grid.jpg"


def test_a_ring_through_a_digit_grid_adds_no_digit(template):
    """coffee_ring_digit_grid.jpg: z23's colour set (flatbed seed 2302, coloured pens on a colour scan;
    stack002_flatbed_004.jpg, a brown ring laid over it), kept in grey at JPEG quality 60. q9's number is 9
    (a green ballpoint slash); the ring's edge crosses column 1's box 4, read marked from its trace: q9 was read 49,
    unasked."""
    got = read_stored_photo(GRID_SIDE, template).questions["q9"]
    assert got.status == AnswerStatus.review or got.answer == ("9",), (got.status, got.answer)
