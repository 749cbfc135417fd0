"""A much lighter second answer beside a firm X in a multiple choice: a soft pencil's or a nearly dry ballpoint's
tick. Beside the question's plain marks, mates.py reads a doubt empty when its straightest line is at most half
the weakest mark's; a firm X draws a line of about 0.5, so a tick a person plainly sees (0.03 to 0.09) fell under
that bound and was read empty without a flag. It must be read marked or asked about at every lightness a person
can see; a doubt is the paper's only when its line is also no straighter than the same page's plain paper draws.

Two kinds of page:
- generated sides (side 1, sheet MS/31) with ballpoint X's in a1/2 and q1/1, and a tick in q1/3 at five greys, from a soft
  pencil (150) to a stroke barely seen on white paper (232), through the generator's own flatbed, photocopy and
  phone degradations (scanner/corpus/degrade.py);
- the real Augraphy phone photo of tests/test_photos_multiple_mottle.py (mottled paper in uneven light), with a
  tick darkening the paper by 25 % down to 8 % (a person still sees it at 8 %, in a zoomed crop and at full
  size), drawn beside the side's felt marks in q6 and q7.
The truth is what was drawn."""


import cv2
import numpy as np
import pytest

from scanner.corpus.degrade import degrade
from scanner.corpus.draw import PENS, Canvas, Pen, draw_mark
from scanner.vocab import AnswerStatus
from tests.photo_support import PHOTO, blank_side, read_jpeg, tick_across

pytestmark = pytest.mark.slow

PHOTO_DRAWN = {"q6": ("2", "3"), "q7": ("4",)}  # the generator's truth for the photo (test_photos_multiple_mottle)


@pytest.fixture(scope="module")
def blank(template, tmp_path_factory):
    return blank_side(template, tmp_path_factory.mktemp("light"), 31)


def _asked_or_read(q, drawn: tuple[str, ...]) -> bool:
    return q.status == AnswerStatus.review or tuple(q.answer) == drawn


@pytest.mark.parametrize("profile", ["flatbed", "photocopy", "phone"])
@pytest.mark.parametrize("grey", [150, 185, 205, 220, 232])
def test_a_light_tick_beside_a_firm_x_is_read_or_asked_about(blank, template, profile, grey):
    from scanner.corpus.generate import SRC_DPI

    img = blank.copy()
    cv = Canvas(img, SRC_DPI / 25.4, np.random.default_rng(1))
    draw_mark(cv, template.question("q1").option("1").box, "x", PENS["ballpoint_black"])
    draw_mark(cv, template.question("a1").option("2").box, "x", PENS["ballpoint_black"])
    draw_mark(cv, template.question("q1").option("3").box, "tick", Pen("light", grey, 0.3))
    scan = degrade(img, SRC_DPI, profile, np.random.default_rng(1))
    res = read_jpeg(scan.image, template, scan.params.get("jpeg_quality", 85))
    assert res.status == "form", res.message
    q1 = res.questions["q1"]
    assert _asked_or_read(q1, ("1", "3")), (q1.answer, q1.status)


@pytest.fixture(scope="module")
def photo(template):
    img = cv2.imdecode(np.frombuffer(PHOTO.read_bytes(), np.uint8), cv2.IMREAD_GRAYSCALE)
    res = read_jpeg(img, template, 95)
    assert res.status == "form", res.message
    return img, np.array(res.homography)




@pytest.mark.parametrize(("qid", "oid"), [("q7", "2"), ("q7", "6"), ("q6", "5")])
@pytest.mark.parametrize("share", [0.25, 0.15, 0.1, 0.08])
def test_a_light_tick_beside_a_felt_mark_on_a_mottled_photo_is_read_or_asked_about(photo, template, qid, oid, share):
    img, h = photo
    got = read_jpeg(tick_across(img, h, template.question(qid).option(oid).box, share), template, 95).questions[qid]
    drawn = tuple(sorted((*PHOTO_DRAWN[qid], oid)))
    assert _asked_or_read(got, drawn), (got.answer, got.status)
