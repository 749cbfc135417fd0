"""Photocopied blank forms, recycled paper and phone photos with a corner lost (issue 23), judged against the
marks drawn on them."""

import cv2
import numpy as np
import pytest

from scanner._exec.poppler import render_pages
from scanner.corpus.degrade import degrade
from scanner.corpus.draw import PENS, Canvas, draw_mark
from scanner.corpus.generate import encode
from scanner.corpus.world import faded_print, paper_stage, photocopy_blank
from scanner.forms import SheetSpec, render_forms
from scanner.ingest import PageSource
from scanner.pipeline import read_page

SRC_DPI = 300
MARKS = (("a1", "2", "x"), ("a4", "3", "tick"), ("q1", "1", "x"), ("q1", "4", "slash"), ("q2", "2", "x"),
         ("a5", "1", "tick"))
ANSWERS = {"a1": ["2"], "a4": ["3"], "q1": ["1", "4"], "q2": ["2"], "a5": ["1"]}


@pytest.fixture(scope="module")
def blank(tmp_path_factory, template):
    tmp = tmp_path_factory.mktemp("copies")
    render_forms(template, [SheetSpec("MS", 12)], tmp / "f.pdf")
    return render_pages(tmp / "f.pdf", SRC_DPI, 1, 1)[0]


def _fill(img, template, seed, marks=MARKS, pen="ballpoint_blue"):
    cv = Canvas(img, SRC_DPI / 25.4, np.random.default_rng(seed))
    for qid, oid, style in marks:
        draw_mark(cv, template.question(qid).option(oid).box, style, PENS[pen])
    return img


def _scanned(img, seed):
    scan = degrade(img, SRC_DPI, "flatbed", np.random.default_rng(seed))
    data = cv2.imencode(".jpg", scan.image, [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes()
    return PageSource("p.jpg", 0, "0" * 64, data, "jpeg")


def _copied(blank, seed, times=1):
    rng, p = np.random.default_rng(seed), {}
    img = blank.copy()
    for _ in range(times):
        img = photocopy_blank(img, rng, p)
    return img


def _answers(res):
    return {q: list(r.answer) for q, r in res.questions.items() if r.answer}


def _doubted(res):
    return sorted(f"{r.question_id}/{r.option_id}" for r in res.readings if r.state == "uncertain")


@pytest.mark.parametrize("seed, times", [(3, 1), (4, 2), (11, 2)])
def test_a_photocopied_blank_form_keeps_its_empty_boxes_empty(blank, template, seed, times):
    """A copy (of a copy) of the blank form: heavier, spread print, grey paper and toner specks, some inside
    empty boxes. The page's own paper beside the boxes shows the same specks, so they are not ink."""
    res = read_page(_scanned(_fill(_copied(blank, seed, times), template, seed), seed), template, use_ocr=False)
    assert res.status == "form"
    accepted = {q: list(r.answer) for q, r in res.questions.items() if r.status != "review"}
    assert all(accepted[q] == ANSWERS.get(q, []) for q in accepted), accepted  # never silently wrong
    reviewed = {q: r.reasons for q, r in res.questions.items() if r.status == "review"}
    assert len(reviewed) <= 1 and len(_doubted(res)) <= 1, (reviewed, _doubted(res))


def test_on_dark_flecked_recycled_paper_fibres_are_not_ink(blank, template):
    rng = np.random.default_rng(5)
    img = paper_stage(_fill(blank.copy(), template, 5), "recycled", rng, {})
    res = read_page(_scanned(img, 5), template, use_ocr=False)
    assert _answers(res) == ANSWERS
    assert len(_doubted(res)) <= 1, _doubted(res)


@pytest.mark.parametrize("pen", ["pencil_2h", "pencil"])
def test_a_light_pencil_stroke_on_a_speckled_copy_is_never_taken_for_paper(blank, template, pen):
    """The page's paper explains specks, not strokes: a light pencil slash or dot in an empty box of a speckled
    copy is read or asked about."""
    img = _fill(_copied(blank, 4, 2), template, 4)
    marks = (("a2", "1", "slash"), ("a3", "2", "tick"))
    img = _fill(img, template, 9, marks, pen)
    res = read_page(_scanned(img, 4), template, use_ocr=False)
    for qid, oid, _ in marks:
        q = res.questions[qid]
        assert q.status == "review" or list(q.answer) == [oid], (qid, q)


def test_the_paper_envelope_stays_off_on_clean_paper(blank, template):
    """A clean flatbed scan: its plain paper holds nothing, so no box is judged by it."""
    from scanner.ink import DEFAULT
    from scanner.traces import paper_envelope

    empty = [np.zeros((17, 17), np.float32)] * 40
    assert paper_envelope(empty, [np.zeros((15, 15), np.float32)] * 40, 0.02, DEFAULT) is None


def _photo(img, tilt_deg, axis="top"):
    """The page photographed at an angle from the given side, as a camera sees it (far edge shorter)."""
    h, w = img.shape
    far = 1 - 0.55 * np.sin(np.radians(tilt_deg))
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    if axis == "top":
        inset = w * (1 - far) / 2
        dst = np.float32([[inset, h * (1 - far) / 2], [w - inset, h * (1 - far) / 2], [w, h], [0, h]])
    else:  # the left edge is the far one
        inset = h * (1 - far) / 2
        dst = np.float32([[w * (1 - far) / 2, inset], [w, 0], [w, h], [w * (1 - far) / 2, h - inset]])
    m = cv2.getPerspectiveTransform(src, dst + 60)
    return cv2.warpPerspective(img, m, (w + 120, h + 120), borderValue=90)


def _cut_marks(img, template, keep_right=True):
    out = img.copy()
    k = SRC_DPI / 25.4
    for f in template.fiducials_on(1):
        if (f.rect.x > 100) != keep_right:
            cv2.rectangle(out, (int((f.rect.x - 2) * k), int((f.rect.y - 2) * k)),
                          (int((f.rect.x + f.rect.w + 2) * k), int((f.rect.y + f.rect.h + 2) * k)), 255, -1)
    return out


@pytest.mark.parametrize("tilt, axis", [(12, "left"), (15, "top")])
def test_a_photo_with_both_left_marks_lost_is_registered_by_its_boxes(blank, template, tilt, axis):
    """The two marks left lie down the right edge, the QR code beside them: together they fix no perspective.
    The printed boxes, found outwards from them, do."""
    img = _photo(_cut_marks(_fill(blank.copy(), template, 2), template), tilt, axis)
    img = cv2.resize(img, None, fx=0.45, fy=0.45, interpolation=cv2.INTER_AREA)  # about 1,100 pixels across
    data = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 75])[1].tobytes()
    res = read_page(PageSource("p.jpg", 0, "0" * 64, data, "jpeg"), template, use_ocr=False)
    assert res.status == "form", res.message
    assert len(res.markers) == 2 and res.residual_mm < 0.5, (res.markers, res.residual_mm)
    assert _answers(res) == ANSWERS
    assert all(r.status != "review" for r in res.questions.values()), \
        {q: r.reasons for q, r in res.questions.items() if r.status == "review"}


def test_a_toner_faded_form_faxed_in_1_bit_is_read_not_set_aside(blank, template):
    """Printed low on toner, then faxed: the 1-bit threshold breaks the boxes' thin outlines. With every
    registration mark found, the outlines are judged against the page's own faint print."""
    rng = np.random.default_rng(8)
    img = _fill(faded_print(blank.copy(), rng, 0.6), template, 8)
    scan = degrade(img, SRC_DPI, "fax", np.random.default_rng(3))  # threshold 137: 14 % of outlines broken

    data, _ = encode(scan)
    res = read_page(PageSource("p.tif", 0, "0" * 64, data, "tiff"), template, use_ocr=False)
    assert res.status == "form", res.message
    accepted = {q: list(r.answer) for q, r in res.questions.items() if r.status != "review"}
    assert all(accepted[q] == ANSWERS.get(q, []) for q in accepted), accepted



@pytest.mark.parametrize("fade, seed", [(0.6, 3), (0.65, 4)])
def test_a_faded_fax_that_lost_a_mark_too_is_read_by_its_broken_outlines(blank, template, fade, seed):
    """A faded print faxed in 1 bit lost one registration mark as well as pieces of every outline. The pieces
    left lie exactly where the boxes were printed, darker than the page right beside them: the page is read."""
    img = _fill(faded_print(blank.copy(), np.random.default_rng(8), fade), template, 8)
    k = SRC_DPI / 25.4
    f = max(template.fiducials_on(1), key=lambda f: (f.rect.y, -f.rect.x))  # the bottom-left mark
    cv2.rectangle(img, (int((f.rect.x - 2) * k), int((f.rect.y - 2) * k)),
                  (int((f.rect.x + f.rect.w + 2) * k), int((f.rect.y + f.rect.h + 2) * k)), 255, -1)
    data, _ = encode(degrade(img, SRC_DPI, "fax", np.random.default_rng(seed)))
    res = read_page(PageSource("p.tif", 0, "0" * 64, data, "tiff"), template, use_ocr=False)
    assert res.status == "form", res.message
    assert len(res.markers) == 3
    accepted = {q: list(r.answer) for q, r in res.questions.items() if r.status != "review"}
    assert all(accepted[q] == ANSWERS.get(q, []) for q in accepted), accepted
    assert len(accepted) >= len(res.questions) - 2, {q: r.reasons for q, r in res.questions.items()}


def test_a_photo_missing_the_bottom_of_the_page_is_set_aside_saying_which_part(blank, template):
    """The frame cut off the lower third of the page, boxes and all: nothing can read them, and the message says
    where they went."""
    img = _fill(blank.copy(), template, 2)
    img = _photo(img[: int(img.shape[0] * 0.7)], 8, "top")
    img = cv2.resize(img, None, fx=0.45, fy=0.45, interpolation=cv2.INTER_AREA)
    data = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes()
    res = read_page(PageSource("p.jpg", 0, "0" * 64, data, "jpeg"), template, use_ocr=False)
    assert res.status == "set_aside" and res.reason == "unreadable"
    assert "phần dưới" in res.message and "outside the picture" in res.message, res.message
