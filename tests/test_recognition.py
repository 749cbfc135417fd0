"""From generated scanned pages to answers, judged against the generator's truth."""

import cv2
import numpy as np
import pytest
from review_support import copy_db

from benchmarks.accuracy import evaluate
from scanner._exec.poppler import render_pages
from scanner.corpus.draw import PENS, Canvas, draw_mark
from scanner.forms import SheetSpec, render_forms
from scanner.ingest import PageSource
from scanner.pipeline import read_page
from scanner.sheetcode import SheetCode

DPI = 200
K = DPI / 25.4


@pytest.fixture(scope="module")
def mixed_result(mixed_corpus, mixed_scanned, tmp_path_factory):
    """Judged from a copy of the corpus's one `scan --jobs 2` of the run (conftest.mixed_scanned): the evaluation's
    own scan finds every page stored and reads none again."""
    return evaluate(mixed_corpus, copy_db(mixed_scanned[0], tmp_path_factory.mktemp("db") / "t.db"), jobs=2)


def plain(c):
    return c["questions"] - c.get("review_ambiguous", 0)


def test_no_silent_errors_and_few_reviews(mixed_result):
    """Reviews bounded here are needless ones: the truth is plain and the reader asked all the same. On a 1-bit
    scan a pencil mark the threshold broke or lost is asked about on purpose (a pencil correction can keep its X
    while the chosen X vanishes); how many pencil sheets a draw puts on the 1-bit stack swings with the seed, so
    those questions are left out of the bounds, and must only never be silently wrong."""
    groups = mixed_result["groups"]
    overall = groups["overall"]
    assert overall["questions"] > 250
    assert overall.get("silent_error", 0) == 0, mixed_result["silent_examples"]
    pencil_1bit = groups.get("medium:fax/pencil", {"questions": 0})
    rest_reviews = overall.get("review", 0) - pencil_1bit.get("review", 0)
    assert rest_reviews <= 0.04 * (plain(overall) - plain(pencil_1bit))
    sq = groups["scanner_quality"]
    assert sq.get("review", 0) <= 0.03 * plain(sq)
    grey = [c for g, c in groups.items() if g.startswith("profile:") and g != "profile:fax"]  # phone photos included
    assert sum(c.get("review", 0) for c in grey) <= 0.03 * sum(plain(c) for c in grey)
    for profile in ("flatbed", "feeder", "lowres", "photocopy", "fax", "phone"):
        assert groups[f"profile:{profile}"]["questions"] > 0, profile


def test_every_page_accounted_and_identified(mixed_result):
    assert mixed_result["pages_accounted"] == mixed_result["pages_truth"]
    assert mixed_result["pages_identified"] == mixed_result["pages_identifiable"]


@pytest.fixture(scope="module")
def clean_page(tmp_path_factory, template):
    """Page 1 of sheet MS/12 at 200 dpi with a1=2 (X), a4=3 (tick) and q1=1,4 marked."""
    tmp = tmp_path_factory.mktemp("page")
    render_forms(template, [SheetSpec("MS", 12)], tmp / "f.pdf")
    img = render_pages(tmp / "f.pdf", DPI, 1, 1)[0].copy()
    cv = Canvas(img, K, np.random.default_rng(0))
    for qid, oid, style in (("a1", "2", "x"), ("a4", "3", "tick"), ("q1", "1", "x"), ("q1", "4", "slash")):
        draw_mark(cv, template.question(qid).option(oid).box, style, PENS["ballpoint_blue"])
    return img


def page(img, name="p.jpg"):
    data = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes()
    return PageSource(name, 0, "0" * 64, data, "jpeg")


def answers(res):
    return {q: list(r.answer) for q, r in res.questions.items() if r.answer}


def test_reads_a_page(clean_page, template):
    res = read_page(page(clean_page), template)
    assert res.status == "form" and res.side == 1 and res.id_source == "qr"
    assert res.code == SheetCode("KH35", "1", "MS", 12, 1)
    assert answers(res) == {"a1": ["2"], "a4": ["3"], "q1": ["1", "4"]}
    assert all(r.status != "review" for r in res.questions.values())


def test_upside_down_page_reads_the_same(clean_page, template):
    res = read_page(page(cv2.rotate(clean_page, cv2.ROTATE_180)), template)
    assert answers(res) == {"a1": ["2"], "a4": ["3"], "q1": ["1", "4"]}


def test_damaged_qr_falls_back_to_the_printed_code_through_tesseract(clean_page, template):
    img = clean_page.copy()
    q = template.qr
    cv2.rectangle(img, (int(q.x * K), int((q.y + 3) * K)), (int((q.x + q.w) * K), int((q.y + q.h - 6) * K)), 255, -1)
    res = read_page(page(img), template)
    assert res.id_source == "ocr", res.ocr_text
    assert res.code == SheetCode("KH35", "1", "MS", 12, 1)


def test_covered_registration_mark_lowers_quality_only(clean_page, template):
    img = clean_page.copy()
    f = template.fiducials_on(1)[3]
    cv2.rectangle(img, (int((f.rect.x - 1) * K), int((f.rect.y - 1) * K)), (img.shape[1], img.shape[0]), 255, -1)
    res = read_page(page(img), template)
    assert res.status == "form" and len(res.markers) == 3 and res.quality < 1
    assert answers(res) == {"a1": ["2"], "a4": ["3"], "q1": ["1", "4"]}


def test_blank_and_foreign_pages_are_set_aside_with_a_reason(template):
    blank = np.full((2339, 1654), 245, np.uint8)
    assert read_page(page(blank), template).reason == "blank"
    other = blank.copy()
    for y in range(200, 2000, 60):
        cv2.putText(other, "Bao cao tong ket cong tac nam 2023", (150, y), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 30, 2)
    res = read_page(page(other), template)
    assert res.status == "set_aside" and res.reason == "not_a_form"


def test_a_hard_shadow_across_the_boxes_is_not_ink(clean_page, template):
    img = clean_page.astype(np.float32)
    h, w = img.shape
    img[:, : w // 2] *= 0.55  # a phone's shadow with a sharp edge, through a column of boxes
    img[int(h * 0.45):, :] *= 0.8
    res = read_page(page(img.astype(np.uint8)), template)
    assert answers(res) == {"a1": ["2"], "a4": ["3"], "q1": ["1", "4"]}
    assert all(r.status != "review" for r in res.questions.values()), \
        {q: r.reasons for q, r in res.questions.items() if r.status == "review"}


@pytest.mark.parametrize("how", ["landscape", "colour_jpeg_q25", "small_100dpi", "letter_fit_to_page"])
def test_degradations_the_generator_does_not_make(clean_page, template, how):
    """Pages spoiled in ways the corpus generator never does, as other people's scans will be."""
    img = clean_page
    if how == "landscape":
        img = cv2.rotate(img, cv2.ROTATE_90_CLOCKWISE)
    elif how == "small_100dpi":
        img = cv2.resize(img, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    elif how == "letter_fit_to_page":  # printed at 90 % on Letter paper, then scanned with a margin
        small = cv2.resize(img, None, fx=0.90, fy=0.90, interpolation=cv2.INTER_AREA)
        img = np.full((int(11 * 200), int(8.5 * 200)), 250, np.uint8)
        img[60:60 + small.shape[0], 40:40 + small.shape[1]] = small
    if how == "colour_jpeg_q25":
        colour = cv2.merge([img, np.clip(img.astype(int) + 10, 0, 255).astype(np.uint8), img])
        data = cv2.imencode(".jpg", colour, [cv2.IMWRITE_JPEG_QUALITY, 25])[1].tobytes()
    else:
        data = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes()
    res = read_page(PageSource("p.jpg", 0, "0" * 64, data, "jpeg"), template)
    assert res.code == SheetCode("KH35", "1", "MS", 12, 1)
    assert answers(res) == {"a1": ["2"], "a4": ["3"], "q1": ["1", "4"]}
    assert all(r.status != "review" for r in res.questions.values()), \
        {q: r.reasons for q, r in res.questions.items() if r.status == "review"}


def test_a_very_light_pencil_mark_is_read_or_asked_about_never_blank(tmp_path, template):
    from scanner.corpus.draw import Pen

    render_forms(template, [SheetSpec("MS", 13)], tmp_path / "f.pdf")
    img = render_pages(tmp_path / "f.pdf", DPI, 1, 1)[0].copy()
    cv = Canvas(img, K, np.random.default_rng(1))
    draw_mark(cv, template.question("a1").option("2").box, "x", PENS["ballpoint_black"])
    draw_mark(cv, template.question("a3").option("4").box, "x", Pen("hard_pencil", 205, 0.35))
    res = read_page(page(img), template)
    assert res.questions["a1"].answer == ("2",) and res.questions["a1"].status == "answered"
    a3 = res.questions["a3"]
    assert (a3.status, a3.answer) == ("answered", ("4",)) or (a3.status == "review" and "uncertain_box" in a3.reasons)


def test_a_faint_circle_round_an_option_is_asked_about(tmp_path, template):
    from scanner.corpus.draw import Pen

    render_forms(template, [SheetSpec("MS", 14)], tmp_path / "f.pdf")
    img = render_pages(tmp_path / "f.pdf", DPI, 1, 1)[0].copy()
    cv = Canvas(img, K, np.random.default_rng(2))
    draw_mark(cv, template.question("a1").option("2").box, "x", PENS["ballpoint_black"])
    draw_mark(cv, template.question("q2").option("2").box, "circle_text", Pen("hard_pencil", 200, 0.35), label_width_mm=18)
    res = read_page(page(img), template)
    assert res.questions["a1"].status == "answered"
    assert res.questions["q2"].status == "review" and "stray_ink" in res.questions["q2"].reasons


def _tilted(img, tilt_deg, axis_top=True):
    """The page photographed at an angle: its far edge shorter, as a camera sees it."""
    h, w = img.shape
    far = 1 - 0.55 * np.sin(np.radians(tilt_deg))
    inset = w * (1 - far) / 2
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[inset, h * (1 - far) / 2], [w - inset, h * (1 - far) / 2], [w, h], [0, h]]) + 80
    m = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(img, m, (w + 160, h + 160), borderValue=90)


def test_a_photo_at_25_degrees_with_a_thumb_over_one_mark_reads_right(clean_page, template):
    img = _tilted(clean_page, 25)
    f = template.fiducials_on(1)[2]  # the bottom-left mark: the near edge is not shortened, so it sits at x + 80
    h = img.shape[0]
    cv2.ellipse(img, (int(f.rect.x * K) + 120, h - 150), (110, 170), 20, 0, 360, 140, -1)  # a thumb over it
    res = read_page(page(img), template)
    assert res.status == "form" and len(res.markers) == 3
    assert answers(res) == {"a1": ["2"], "a4": ["3"], "q1": ["1", "4"]}
    assert all(r.status != "review" for r in res.questions.values()), \
        {q: r.reasons for q, r in res.questions.items() if r.status == "review"}


def test_a_mark_hidden_under_a_thumb_is_asked_about_never_blank(clean_page, template):
    """The photographer's thumb covers the marked box of a1 entirely: nothing shows it is empty."""
    img = clean_page.copy()
    box = template.question("a1").option("2").box
    dpmm = DPI / 25.4
    centre = (int((box.x + box.w / 2) * dpmm), int((box.y + box.h / 2) * dpmm))
    cv2.ellipse(img, centre, (int(28 * dpmm), int(40 * dpmm)), 30, 0, 360, 95, -1)
    res = read_page(page(img), template)
    assert res.status == "form"
    a1 = res.questions["a1"]
    assert a1.status == "review" and not a1.answer
    assert answers(res).get("q1") == ["1", "4"]  # the rest of the page is read as before


def test_a_page_that_cannot_be_registered_well_is_set_aside_with_a_reason(clean_page, template):
    """Both lower marks gone and the page curled away from the lens: the two upper marks cannot place the boxes."""
    img = clean_page.copy()
    h, w = img.shape
    img[int(h * 0.8):, :] = 255  # the frame cut off the bottom of the page, both lower marks with it
    gy, gx = np.mgrid[0:h, 0:w].astype(np.float32)
    bend = (gy / h) ** 2 * 90  # lower down the page bends away: lines sag and spread
    img = cv2.remap(img, gx + bend * (gx / w - 0.5) * 0.6, gy - bend, cv2.INTER_LINEAR, borderValue=255)
    res = read_page(page(img), template)
    assert res.status == "set_aside" and res.reason == "unreadable"
    assert "chụp hoặc quét lại" in res.message and not res.questions


def test_empty_is_earned_against_the_page_noise():
    """A one-pixel line a thirtieth as dark as the print stands out from a clean page's noise, not from a noisy one's."""
    from scanner.fine import line_response
    from scanner.traces import noise_floor, trace

    rng = np.random.default_rng(4)

    def boxes(sigma):
        return [np.clip(rng.normal(0.0, sigma, (17, 17)), 0, 1).astype(np.float32) for _ in range(40)]

    def lines(insides):
        return [line_response(i)[1:-1, 1:-1] for i in insides]

    clean, noisy = noise_floor(lines(boxes(0.004))), noise_floor(lines(boxes(0.03)))
    assert noisy > 2 * clean
    faint = boxes(0.004)[0]
    faint[np.arange(2, 15), np.arange(2, 15)] += 0.035  # a diagonal stroke, 13 pixels (2.6 mm) long, 1 pixel wide
    found = trace(line_response(faint)[1:-1, 1:-1], clean)
    assert found is not None and found.length_mm >= 2.4
    assert trace(line_response(faint)[1:-1, 1:-1], noisy) is None  # lost in that page's noise: asked about elsewhere
    assert all(trace(b, clean) is None for b in lines(boxes(0.004)))


def _bilevel(img, threshold=140):
    data = cv2.imencode(".png", np.where(img < threshold, 0, 255).astype(np.uint8))[1].tobytes()
    return PageSource("p.png", 0, "0" * 64, data, "png")


def test_a_felt_pen_x_on_a_1_bit_scan_is_a_mark(tmp_path, template):
    """A felt X closes its paper holes on a 1-bit scan, yet leaves the middle of every side of the box light."""
    render_forms(template, [SheetSpec("MS", 15)], tmp_path / "f.pdf")
    img = render_pages(tmp_path / "f.pdf", DPI, 1, 1)[0].copy()
    cv = Canvas(img, K, np.random.default_rng(3))
    chosen = {"a1": "2", "a2": "1", "a3": "4", "a4": "3", "q1": "2"}
    for qid, oid in chosen.items():
        draw_mark(cv, template.question(qid).option(oid).box, "x", PENS["felt"])
    draw_mark(cv, template.question("q2").option("3").box, "fill", PENS["felt"])  # a fill-in is no X
    res = read_page(_bilevel(img), template)
    got = {q: r.answer for q, r in res.questions.items() if r.status == "answered"}
    assert got == {q: (o,) for q, o in chosen.items()}, {q: r.reasons for q, r in res.questions.items()}
    assert res.questions["q2"].status == "review"


def _faxed_page(template, blank, pen, chosen, seed):
    from scanner.corpus.degrade import degrade
    from scanner.corpus.generate import PX_PER_MM, SRC_DPI, encode

    rng = np.random.default_rng(seed)
    paper = blank.copy()
    cv = Canvas(paper, PX_PER_MM, rng)
    for qid, oid in chosen.items():
        draw_mark(cv, template.question(qid).option(oid).box, "x", PENS[pen])
    data, fmt = encode(degrade(paper, SRC_DPI, "fax", rng))
    return read_page(PageSource("p.tif", 0, "0" * 64, data, fmt), template)


def test_a_1_bit_side_in_ink_with_questions_left_blank_keeps_its_answers(tmp_path, template):
    """Ink survives a fax's threshold whole: a respondent who skipped two questions of a 1-bit side has those two
    asked about (a pencil mark could have vanished there), but the firm marks read are the answers. The same
    side written in pencil, where the threshold leaves grain, has its marks asked about too."""
    from scanner.corpus.generate import SRC_DPI

    render_forms(template, [SheetSpec("MS", 17)], tmp_path / "f.pdf")
    blank = render_pages(tmp_path / "f.pdf", SRC_DPI, 1, 1)[0]
    skipped = ["a5", "q2"]
    chosen = {q.id: q.options[k % len(q.options)].id for k, q in enumerate(template.choice_questions())
              if q.page == 1 and q.id not in skipped}
    for seed in range(3):
        res = _faxed_page(template, blank, "ballpoint_black", chosen, seed)
        got = {q: r.answer for q, r in res.questions.items() if r.status == "answered"}
        assert got == {q: (o,) for q, o in chosen.items()}, {q: r.reasons for q, r in res.questions.items()}
        assert all(res.questions[q].reasons == ("blank_on_bilevel",) for q in skipped)
    pencil = _faxed_page(template, blank, "pencil_2h", chosen, 0)
    assert not any(r.status == "answered" for r in pencil.questions.values()), pencil.questions


def test_a_pencil_correction_half_kept_by_a_1_bit_scan_is_never_the_answer(tmp_path, template):
    """A page filled in pencil, faxed: the threshold may take the chosen box's X entirely while the box filled in
    to cancel another answer keeps its X (drawn twice over) and specks of its shading. Whatever the scan kept,
    the cancelled option is never accepted as the answer."""
    from scanner.corpus.degrade import degrade
    from scanner.corpus.generate import PX_PER_MM, SRC_DPI, encode

    render_forms(template, [SheetSpec("MS", 16)], tmp_path / "f.pdf")
    blank = render_pages(tmp_path / "f.pdf", SRC_DPI, 1, 1)[0]
    q = template.question("a5")
    chosen, cancelled = q.options[0], q.options[1]
    outcomes = []
    for seed in range(8):
        rng = np.random.default_rng(seed)
        paper = blank.copy()
        cv = Canvas(paper, PX_PER_MM, rng)
        for qid, oid in (("a1", "2"), ("a2", "1"), ("a3", "4"), ("a4", "3")):
            draw_mark(cv, template.question(qid).option(oid).box, "x", PENS["pencil"])
        draw_mark(cv, chosen.box, "slash", PENS["pencil"])
        draw_mark(cv, cancelled.box, "x", PENS["pencil"])
        draw_mark(cv, cancelled.box, "fill", PENS["pencil"])
        data, fmt = encode(degrade(paper, SRC_DPI, "fax", rng))
        r = read_page(PageSource("p.tif", 0, "0" * 64, data, fmt), template).questions[q.id]
        outcomes.append("review" if r.status == "review" else "right" if r.answer == (chosen.id,) else "silent")
    assert "silent" not in outcomes, outcomes


def test_a_photo_at_25_degrees_with_both_right_marks_cut_off_is_registered_with_the_qr_code(clean_page, template):
    """Two marks down one side fix no perspective; the QR code across from them does."""
    img = clean_page.copy()
    for f in template.fiducials_on(1):
        if f.rect.x > 100:  # the right-hand marks, cut off by the frame
            cv2.rectangle(img, (int((f.rect.x - 1) * K), int((f.rect.y - 1) * K)),
                          (int((f.rect.x + f.rect.w + 1) * K), int((f.rect.y + f.rect.h + 1) * K)), 255, -1)
    res = read_page(page(_tilted(img, 25)), template)
    assert res.status == "form" and len(res.markers) == 2
    assert res.quality >= 0.5 and res.residual_mm < 0.5, (res.quality, res.residual_mm)
    assert answers(res) == {"a1": ["2"], "a4": ["3"], "q1": ["1", "4"]}
    assert all(r.status != "review" for r in res.questions.values()), \
        {q: r.reasons for q, r in res.questions.items() if r.status == "review"}


def test_the_printed_squares_blur_along_a_side_is_no_trace():
    """A blurred photo spreads a box's printed line into the inside's outer pixels: a line along one side,
    which a person's stroke never is. The same line across the box is a trace."""
    from scanner.traces import trace

    along = np.full((15, 15), 0.02, np.float32)
    along[:, 0] = 0.09
    across = np.full((15, 15), 0.02, np.float32)
    across[:, 7] = 0.09
    corner = np.full((15, 15), 0.02, np.float32)
    for i in range(6):
        corner[i, 5 - i] = 0.09  # a stroke cutting a corner at a slant
    assert trace(along, 0.05) is None
    assert trace(across, 0.05) is not None
    assert trace(corner, 0.05) is not None
