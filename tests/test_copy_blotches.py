"""A copy of a copy's grey blotches (scanner/blotches.py): empty boxes filled with a flat grey patch, as dark as the
page's own plain paper gets, read empty beside a ballpoint mark that stands out from them; a pen's circle round a blotched box is still seen,
though the blotches raise the page's bars for ink outside the boxes above it.

tests/data/copies/copy2_blotches.jpg is a generated sheet (S00001 side 1, fine ballpoint) copied twice by Augraphy's
copy2 hand (benchmarks/heldout_augraphy.py --sheets 12 --stack 2 --seed 31 --hands copy2,fax:
stack001_flatbed_001.jpg), brought to 150 dpi and JPEG quality 70 to keep it small. Main read every blotched box
as a mark and asked about six plain questions; a1 holds a ballpoint circle round box 2, which the blotch rule
alone turned into a silent "1". Stored rather than made here because Augraphy is an optional extra."""

from pathlib import Path

import cv2
import numpy as np
import pytest
from stored_sides import read_side as _read
from stored_sides import side_fixtures

from scanner.vocab import AnswerStatus

PAGE = Path(__file__).parent / "data" / "copies" / "copy2_blotches.jpg"
# the generator's truth for the side (truth.jsonl of that corpus); a1 is ambiguous (a circle round box 2), a3's
# box 6 is filled in to cancel it
DRAWN = {"a2": ("2",), "a3": ("1",), "a4": ("2",), "a5": ("1",), "q1": ("1", "2", "5"), "q2": ("1",)}


page, plain_read = side_fixtures(PAGE)


def test_blotched_boxes_beside_a_plain_mark_read_empty(plain_read):
    res = plain_read
    assert res.status == "form", res.message
    for q, drawn in DRAWN.items():
        got = res.questions[q]
        assert got.status == AnswerStatus.answered and tuple(got.answer) == drawn, (q, got.answer, got.reasons)


def test_the_circle_round_a_blotched_box_is_asked_about(plain_read):
    got = plain_read.questions["a1"]
    assert got.status == AnswerStatus.review, (got.answer, got.reasons)


def _at(res, x: float, y: float) -> tuple[int, int]:
    """A point of the template (mm) in the image's pixels, from the page's homography."""
    v = np.array(res.homography) @ np.array([x, y, 1.0])
    return int(round(v[0] / v[2])), int(round(v[1] / v[2]))


def _drawn(page: np.ndarray, res, template, qid: str, oid: str, kind: str, ink: int) -> np.ndarray:
    """The page with a ballpoint's stroke (about 0.35 mm) added over it, as ink darkens what lies below."""
    b = template.question(qid).option(oid).box
    pen = np.full_like(page, 255)
    if kind == "circle":  # round the box, 1.7 mm clear of its sides
        centre = _at(res, b.x + b.w / 2, b.y + b.h / 2)
        radius = _at(res, b.x + b.w / 2 + 4.2, b.y + b.h / 2)[0] - centre[0]
        cv2.circle(pen, centre, radius, ink, 2, cv2.LINE_AA)
    else:  # an X inside it
        cv2.line(pen, _at(res, b.x + 1, b.y + 1), _at(res, b.x + b.w - 1, b.y + b.h - 1), ink, 2, cv2.LINE_AA)
        cv2.line(pen, _at(res, b.x + b.w - 1, b.y + 1), _at(res, b.x + 1, b.y + b.h - 1), ink, 2, cv2.LINE_AA)
    return np.minimum(page, pen)


def test_a_lighter_ballpoint_circle_round_a_blotched_box_is_asked_about(page, plain_read, template):
    """q2's box 3 reads empty from its blotch (box 1 holds the answer): a circle round it, in a ballpoint
    lighter than the side's own, makes the question ambiguous."""
    got = _read(_drawn(page, plain_read, template, "q2", "3", "circle", 90), template).questions["q2"]
    assert got.status == AnswerStatus.review, (got.answer, got.reasons)


# boxes read empty from their blotches: q2's box 3, a3's box 2 (a3 also holds a fill-in);
# a ballpoint as dark as the side's own (40) and a lighter one (90)
@pytest.mark.slow
@pytest.mark.parametrize(("qid", "oid"), [("q2", "3"), ("a3", "2")])
@pytest.mark.parametrize("ink", [40, 90])
@pytest.mark.parametrize("kind", ["circle", "x"])
def test_a_pen_in_or_round_a_blotched_box_is_asked_about(page, plain_read, template, qid, oid, ink, kind):
    got = _read(_drawn(page, plain_read, template, qid, oid, kind, ink), template).questions[qid]
    assert got.status == AnswerStatus.review, (got.answer, got.reasons)


def test_a_stroke_is_told_from_a_blotchs_edge():
    """On paper (210) a wide grey blotch with soft edges and, apart from it, a 2-pixel line as grey, 8 mm long:
    measured against the paper right around each pixel, the blotch and its edges respond as no stroke, the line
    as one of its length (and a little more: stroke_darkness averages along segments 2.6 mm long)."""
    from scanner.blotches import stroke_darkness, strokes_beside
    from scanner.fine import Fine
    from scanner.ink import DEFAULT

    canon = np.full((120, 200), 210, np.uint8)
    canon[20:100, 10:110] = 120  # the blotch, 20 x 16 mm
    canon = cv2.GaussianBlur(canon, (5, 5), 1.0)
    canon[60:62, 140:180] = 120  # the line
    fine = Fine(canon, 210.0, 164.0)
    assert float(stroke_darkness(fine, 0, 120, 0, 120).max()) < 0.1  # the blotch, its edges and corners
    assert strokes_beside(fine, np.ones((120, 120), bool), (0, 0, 120, 120), 0.1, DEFAULT) == 0.0
    length = strokes_beside(fine, np.ones((120, 80), bool), (120, 0, 200, 120), 0.1, DEFAULT)
    assert 8.0 <= length <= 8.0 + 2.6  # its response reaches on past its ends by up to half a segment
