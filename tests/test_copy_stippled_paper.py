"""A copier's stipple over part of a side is no one's ink outside the boxes; a pen's circle there still is (#23).

tests/data/copies/copy2_stippled_side.jpg is a generated sheet (S00004 side 1) copied twice by Augraphy's copy2 hand
(benchmarks/heldout_augraphy.py --sheets 12 --stack 2 --seed 38 --hands copy2: stack002_flatbed_005.jpg, a tuning
seed of session 18), as the reader sees it (the scan's JPEG decoded at half size) and stored at JPEG quality 65 to
keep it small. The copier stippled the side's left third; the rest is clean, so the page-wide texture stays low.
Every answer is a plain ballpoint mark, and no ink lies outside a box; yet main sent all seven questions to review
for stray ink: the grains, joined at the faint levels at which a hard pencil's circle is looked for, made traces of
5-22 mm² (scanner/stippled_paper.py judges each against the paper round it).

The guards draw a circle as the generator draws one (scanner/corpus/draw.py: round a box, or round an option's
words), 2 px wide, into the stippled third and into the clean part of the same side. A ballpoint's (40 on the copy's
~204 paper) down to a light one's (130) is asked about in the stipple; on the clean part down to a hard pencil's 185.
(Lighter than 130 a circle drawn over the stipple is no darker than its grain and may be read as it: as on textured
paper, not asserted either way.)"""

from pathlib import Path

import cv2
import numpy as np
import pytest
from stored_sides import read_side as _read
from stored_sides import side_fixtures
from test_copy_blotches import _at

from scanner.vocab import AnswerStatus, ReviewReason

PAGE = Path(__file__).parent / "data" / "copies" / "copy2_stippled_side.jpg"
DRAWN = {"a1": ("5",), "a2": ("2",), "a3": ("1",), "a5": ("3",), "q1": ("2", "3")}  # the generator's truth
STIPPLED = [("a1", "1"), ("a3", "5"), ("a5", "1"), ("q1", "1"), ("q2", "1")]  # empty boxes in the stippled third
CLEAN = [("a1", "3"), ("a3", "6"), ("a5", "4"), ("q1", "6")]  # ... and in the clean part


page, plain_read = side_fixtures(PAGE)


def _circled(page: np.ndarray, res, template, qid: str, oid: str, round_words: bool, ink: int) -> np.ndarray:
    """The page with a pen's ellipse drawn round an option's box or its words, as draw.draw_mark draws them."""
    b = template.question(qid).option(oid).box
    if round_words:
        cx, cy, rx, ry = b.x + b.w + 2 + 15.0, b.y + b.h / 2, 15.0 + 2.5, b.h * 0.75
    else:
        cx, cy, rx, ry = b.x + b.w / 2, b.y + b.h / 2, b.w * 0.85, b.h * 0.85
    pts = np.array([_at(res, cx + rx * np.cos(t), cy + ry * np.sin(t)) for t in np.linspace(0, 2 * np.pi, 60)],
                   np.int32)
    pen = np.full_like(page, 255)
    cv2.polylines(pen, [pts], True, ink, 2, cv2.LINE_AA)
    return np.minimum(page, pen)


def test_no_question_of_the_stippled_side_is_asked_for_stray_ink(plain_read):
    assert plain_read.status == "form", plain_read.message
    for q, got in plain_read.questions.items():
        assert ReviewReason.stray_ink not in got.reasons, (q, got.reasons, plain_read.stray[q])


def test_the_stippled_side_is_answered_as_drawn(plain_read):
    for q, drawn in DRAWN.items():
        got = plain_read.questions[q]
        assert got.status == AnswerStatus.answered and tuple(got.answer) == drawn, (q, got.answer, got.reasons)


def test_a_ballpoint_circle_round_a_stippled_box_is_asked_about(page, plain_read, template):
    got = _read(_circled(page, plain_read, template, "a5", "1", False, 90), template).questions["a5"]
    assert got.status == AnswerStatus.review and ReviewReason.stray_ink in got.reasons, (got.answer, got.reasons)


@pytest.mark.slow
@pytest.mark.parametrize(("qid", "oid", "words", "ink"),
                         [(q, o, w, ink) for q, o in STIPPLED for w in (False, True) for ink in (40, 90, 130)])
def test_a_pen_circle_in_the_stipple_is_asked_about(page, plain_read, template, qid, oid, words, ink):
    got = _read(_circled(page, plain_read, template, qid, oid, words, ink), template).questions[qid]
    assert got.status == AnswerStatus.review and ReviewReason.stray_ink in got.reasons, (got.answer, got.reasons)


@pytest.mark.slow
@pytest.mark.parametrize(("qid", "oid", "words", "ink"),
                         [(q, o, w, ink) for q, o in CLEAN for w in (False, True) for ink in (90, 150, 185)])
def test_a_light_circle_on_the_clean_part_is_asked_about(page, plain_read, template, qid, oid, words, ink):
    got = _read(_circled(page, plain_read, template, qid, oid, words, ink), template).questions[qid]
    assert got.status == AnswerStatus.review and ReviewReason.stray_ink in got.reasons, (got.answer, got.reasons)
