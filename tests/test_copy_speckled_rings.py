"""A copy of a copy's toner specks in empty boxes, judged against the specks on the paper right round each box
(scanner/speckled_rings.py).

tests/data/copies/copy2_speckled_rings.jpg is a generated sheet (S00001 side 2) copied twice by Augraphy's copy2
hand (benchmarks/heldout_augraphy.py --sheets 20 --seed 36 --hands copy2: stack001_flatbed_002.jpg, a tuning
seed), brought to 150 dpi and JPEG quality 70 to keep it small. BadPhotoCopy's noise strews the middle of the
side with grey toner squiggles, inside the boxes of Câu 3 and 5a-5e as on the paper round them; the side's hand
is a felt pen (an X or a tick per question, far darker than the squiggles). Main read squiggles covering 9-10 %
of an inside as marks and sent Câu 3 and 5c to review as a multiple answer (5a, 5b: a second squiggled box
each, still in doubt from its trace alone, keeps them in review).
Stored rather than made here because Augraphy is an optional extra."""

from pathlib import Path

import cv2
import numpy as np
import pytest
from test_copy_blotches import _at, _drawn, _read

from scanner.vocab import AnswerStatus

PAGE = Path(__file__).parent / "data" / "copies" / "copy2_speckled_rings.jpg"
# the generator's truth for the side (truth.jsonl of that corpus): questions whose empty boxes hold squiggles
DRAWN = {"q3": ("2",), "q5c": ("2",)}
SPECKLED = [("q3", "4"), ("q5a", "4"), ("q5b", "4"), ("q5c", "3")]  # empty boxes main read marked


@pytest.fixture(scope="module")
def page():
    return cv2.imdecode(np.frombuffer(PAGE.read_bytes(), np.uint8), cv2.IMREAD_GRAYSCALE)


@pytest.fixture(scope="module")
def plain_read(page, template):
    return _read(page, template)


def test_toner_squiggles_beside_a_plain_felt_mark_read_empty(plain_read):
    res = plain_read
    assert res.status == "form", res.message
    for q, drawn in DRAWN.items():
        got = res.questions[q]
        assert got.status == AnswerStatus.answered and tuple(got.answer) == drawn, (q, got.answer, got.reasons)


def test_the_squiggled_boxes_are_what_the_rule_read(plain_read):
    states = {(r.question_id, r.option_id): r.state.value for r in plain_read.readings}
    for q, o in SPECKLED:
        assert states[q, o] == "empty", (q, o, states[q, o])


# a ballpoint X drawn into a squiggled box: as dark as a pen's (40), lighter (90, 130) and as light as the
# squiggles' darkest pixels (160, 175 on the copy's 204 paper): a second mark in a single choice, asked about,
# never the squiggles' empty box. (In q3's box 4 the box reader itself, main's too, reads an X at 160 or 175 over
# the squiggles empty: that box is left out of those two inks.)
@pytest.mark.slow
@pytest.mark.parametrize(("qid", "oid", "ink"),
                         [(q, o, ink) for q, o in SPECKLED for ink in (40, 90, 130, 160, 175)
                          if not (q == "q3" and ink > 130)])
def test_a_pen_x_in_a_squiggled_box_is_not_lost(page, plain_read, template, qid, oid, ink):
    got = _read(_drawn(page, plain_read, template, qid, oid, "x", ink), template).questions[qid]
    assert got.status == AnswerStatus.review or oid in got.answer, (got.answer, got.reasons)


@pytest.mark.slow
@pytest.mark.parametrize(("qid", "oid"), SPECKLED)
def test_a_pen_tick_in_a_squiggled_box_is_not_lost(page, plain_read, template, qid, oid):
    """A light tick (one long and one short arm, at 150) is a straight run no squiggle round the box makes."""
    b = template.question(qid).option(oid).box
    pen = np.full_like(page, 255)
    mid, low, top = _at(plain_read, b.x + b.w * 0.35, b.y + b.h * 0.8), _at(plain_read, b.x + 1, b.y + b.h * 0.5), \
        _at(plain_read, b.x + b.w - 0.5, b.y + 0.5)
    cv2.line(pen, low, mid, 150, 2, cv2.LINE_AA)
    cv2.line(pen, mid, top, 150, 2, cv2.LINE_AA)
    got = _read(np.minimum(page, pen), template).questions[qid]
    assert got.status == AnswerStatus.review or oid in got.answer, (got.answer, got.reasons)
