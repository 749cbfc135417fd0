"""A copy of a copy's grey blotch over a few boxes only (scanner/local_blotches.py): each box judged against the
paper right around it and its stroke against the page's own empty boxes.

tests/data/copies/copy2_local_blotch.jpg is a generated sheet (S00009 side 1) copied twice by Augraphy's copy2
hand (benchmarks/heldout_augraphy.py --sheets 12 --stack 2 --seed 31 --hands copy2,fax: stack005_flatbed_001.jpg,
the tuning seed), brought to 150 dpi and JPEG quality 70 to keep it small. A BadPhotoCopy blotch lies over the
left of q1 and q2 only: boxes 1, 3 and 5 of q1 and box 1 of q2 are flat grey patches darker than the ink level,
with a light halo inside each square, while the page's plain squares stay clean (so blotches.py leaves the page
alone). Main read them as marks and sent both questions to review, a multiple answer with 19.5 and 4.9 mm² of
"stray ink" (the blotch's edges round the labels); a person sees one felt X in each question. A lighter blotch
over a5's boxes 1 and 5 (read empty from the paper already) left 1.5 mm² of "stray ink" beside a felt slash.
Stored rather than made here because Augraphy is an optional extra."""

from pathlib import Path

import cv2
import numpy as np
import pytest
from test_copy_blotches import _drawn, _read

from scanner.vocab import AnswerStatus

PAGE = Path(__file__).parent / "data" / "copies" / "copy2_local_blotch.jpg"
DRAWN = {"a5": ("3",), "q1": ("2",), "q2": ("3",)}  # the generator's truth for the side (truth.jsonl of that corpus)


@pytest.fixture(scope="module")
def page():
    return cv2.imdecode(np.frombuffer(PAGE.read_bytes(), np.uint8), cv2.IMREAD_GRAYSCALE)


@pytest.fixture(scope="module")
def plain_read(page, template):
    return _read(page, template)


def test_boxes_under_a_local_blotch_read_empty_beside_a_plain_mark(plain_read):
    res = plain_read
    assert res.status == "form", res.message
    for q, drawn in DRAWN.items():
        got = res.questions[q]
        assert got.status == AnswerStatus.answered and tuple(got.answer) == drawn, (q, got.answer, got.reasons)


def test_the_local_blotchs_boxes_are_what_the_rule_read(plain_read):
    """The boxes under the blotch are read empty, not merely outvoted: each is its question's paper."""
    states = {(r.question_id, r.option_id): r.state.value for r in plain_read.readings}
    for q, o in (("q1", "1"), ("q1", "3"), ("q1", "5"), ("q2", "1")):
        assert states[q, o] == "empty", (q, o, states[q, o])


# boxes read empty from the blotch round them; a ballpoint as dark as the side's felt (40) and a lighter one (90)
@pytest.mark.parametrize(("qid", "oid"), [("q1", "1"), ("q2", "1"), ("a5", "1")])
@pytest.mark.parametrize("ink", [40, 90, 130])
@pytest.mark.parametrize("kind", ["circle", "x"])
def test_a_pen_in_or_round_a_box_under_a_local_blotch_is_not_lost(page, plain_read, template, qid, oid, ink, kind):
    """A circle round the box makes its question ambiguous; an X in it is a second answer (q1 takes several,
    and is read with it) or a second mark in a single choice (q2: asked about). Never the blotch's empty box."""
    got = _read(_drawn(page, plain_read, template, qid, oid, kind, ink), template).questions[qid]
    if kind == "x" and template.question(qid).behaviour.per_option:
        assert got.status == AnswerStatus.review or oid in got.answer, (got.answer, got.reasons)
    else:
        assert got.status == AnswerStatus.review, (got.answer, got.reasons)
