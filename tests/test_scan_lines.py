"""Lines nobody drew as an answer. A streak a scanner draws down every page (dust on a feeder's glass) runs
through a column of boxes: it is painted over before the page is read; nothing printed on a form is taken for
one. A hair on the glass, a crease or a short scratch crossing a box is asked about, never read as a mark."""

from pathlib import Path

import cv2
import numpy as np
import pytest

from scanner._exec.poppler import render_pages
from scanner.cli import main
from scanner.corpus.draw import PENS, Canvas, draw_mark
from scanner.forms import SheetSpec, render_forms
from scanner.ingest import PageSource, pages_of
from scanner.pipeline import read_page
from scanner.streaks import erase_streaks, find_streaks
from scanner.template import Rect

DPI = 200
K = DPI / 25.4


@pytest.fixture(scope="module")
def filled(tmp_path_factory, template):
    """Both sides of a sheet with every other question marked in ballpoint; the truth is the marks drawn."""
    pdf = tmp_path_factory.mktemp("streak") / "f.pdf"
    render_forms(template, [SheetSpec("MS", 31)], pdf)
    pages, truth = [], {}
    rng = np.random.default_rng(5)
    for side in (1, 2):
        img = render_pages(pdf, DPI, side, side)[0].copy()
        cv = Canvas(img, K, rng)
        for k, q in enumerate(q for q in template.choice_questions() if q.page == side):
            o = q.options[k % len(q.options)]
            if k % 2 == 0:
                draw_mark(cv, o.box, "x", PENS["ballpoint_blue"])
                truth[q.id] = (o.id,)
            else:
                truth[q.id] = ()
        pages.append(img)
    return pages, truth


def _streaked(img, x_mm, width, grey):
    out = img.copy()
    c = int(round(x_mm * K))
    out[:, c:c + width] = np.minimum(out[:, c:c + width], grey)
    return out


def _source(img, bilevel=False):
    if bilevel:
        return PageSource("p.png", 0, "0" * 64, cv2.imencode(".png", np.where(img < 140, 0, 255).astype(np.uint8))[1]
                          .tobytes(), "png")
    return PageSource("p.jpg", 0, "0" * 64, cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes(), "jpg")


def test_a_streak_through_a_column_of_boxes_is_no_mark(filled, template):
    pages, truth = filled
    for side, img in enumerate(pages, start=1):
        questions = [q for q in template.choice_questions() if q.page == side]
        columns = sorted({round(o.box.x + o.box.w / 2, 1) for q in questions for o in q.options})
        for x, width, grey in zip(columns[::3], (1, 2, 3, 1, 2, 3, 2), (40, 120, 180, 90, 60, 150, 100)):
            res = read_page(_source(_streaked(img, x, width, grey)), template, use_ocr=False)
            assert len(res.streaks) == 1, (side, x)
            got = {q.id: res.questions[q.id] for q in questions}
            assert {q: r.answer for q, r in got.items()} == {q.id: truth[q.id] for q in questions}, (side, x, width)
            assert not [q for q, r in got.items() if r.status == "review"], (side, x, width, grey)


def test_a_streak_on_a_1_bit_page_is_painted_over_in_black_and_white(filled, template):
    pages, truth = filled
    questions = [q for q in template.choice_questions() if q.page == 1]
    x = questions[0].options[-1].box.x + 2
    res = read_page(_source(_streaked(pages[0], x, 2, 30), bilevel=True), template, use_ocr=False)
    assert res.streaks
    assert {q.id: res.questions[q.id].answer for q in questions} == {q.id: truth[q.id] for q in questions}
    gray = np.where(_streaked(pages[0], x, 2, 30) < 140, 0, 255).astype(np.uint8)
    assert set(np.unique(erase_streaks(gray, find_streaks(gray)))) <= {0, 255}


def test_nothing_printed_is_taken_for_a_streak(tmp_path, template):
    """Box edges stacked down a page, a handwriting area's border, the registration marks: none runs far enough."""
    render_forms(template, [SheetSpec("MS", 32)], tmp_path / "f.pdf")
    for dpi in (150, 200, 300):
        for page in render_pages(tmp_path / "f.pdf", dpi, 1, template.pages):
            assert find_streaks(page) == [], dpi
    for src in pages_of(Path(__file__).parent.parent / "samples" / "stack001_feeder.pdf"):
        gray = cv2.imdecode(np.frombuffer(src.data, np.uint8), cv2.IMREAD_GRAYSCALE)
        assert find_streaks(gray) == [], src.index


def test_boxes_stacked_down_another_questionnaire_are_no_streak(tmp_path):
    """A questionnaire written by others (three sheets, one option per line down the left margin): the left
    edges of its boxes line up for the whole page, with question text between them."""
    from scanner.template import load_template

    layout = tmp_path / "ks24.json"
    assert main(["build", str(Path(__file__).parent / "data" / "questionnaire_ks24.xlsx"), "--out", str(layout)]) == 0
    ks = load_template(layout)
    render_forms(ks, [SheetSpec(None, 0)], tmp_path / "f.pdf")
    for dpi in (150, 200, 300):
        for k, page in enumerate(render_pages(tmp_path / "f.pdf", dpi, 1, ks.pages), start=1):
            assert find_streaks(page) == [], (dpi, k)


def test_the_scan_tells_the_operator_to_clean_the_glass(filled, tmp_path, capsys):
    pages, _ = filled
    for k, img in enumerate(pages):
        cv2.imwrite(str(tmp_path / f"p{k}.png"), _streaked(img, 61.0, 2, 70))
    assert main(["scan", str(tmp_path / "p0.png"), str(tmp_path / "p1.png"), "--db", str(tmp_path / "s.db"),
                 "--quiet"]) == 0
    err = capsys.readouterr().err
    assert err.count("vệt sọc dọc") == 2 and "clean the scanner's glass" in err


def _line(img, points_mm, grey, width=1):
    pts = np.array([(x * K * 8, y * K * 8) for x, y in points_mm], np.int32).reshape(-1, 1, 2)
    out = img.copy()
    cv2.polylines(out, [pts], False, grey, width, cv2.LINE_AA, shift=3)
    return out


def test_a_line_across_an_empty_box_is_asked_about_never_read_as_a_mark(filled, template):
    """A hair on the glass (12 mm, 1 pixel, at 35°), a crease across the page and a 40 mm scratch down a grid's
    column each cross empty boxes: those questions go to review; the marks away from the lines read as drawn."""
    pages, truth = filled
    by_side = {side: [q for q in template.choice_questions() if q.page == side] for side in (1, 2)}

    def empty_box(side, k=0):
        q = [q for q in by_side[side] if not truth[q.id]][k]
        return q, q.options[1].box

    q_hair, b = empty_box(1)
    cx, cy, a = b.x + b.w / 2, b.y + b.h / 2, np.deg2rad(35)
    hair = [(cx + t * np.cos(a), cy + t * np.sin(a)) for t in np.linspace(-6, 6, 20)]
    q_crease, b = empty_box(2)
    cx, cy = b.x + b.w / 2, b.y + b.h / 2
    crease = [(cx - 150, cy - 150 * 1.07), (cx + 150, cy + 150 * 1.07)]
    group = next(q.group for q in by_side[2] if q.group)
    grid = [q for q in by_side[2] if q.group == group]
    column = grid[0].options[-1].box
    scratch = [(column.x + column.w / 2, column.y - 5), (column.x + column.w / 2, column.y + 35)]
    for side, points, grey, crossed in ((1, hair, 120, [q_hair]), (2, crease, 150, [q_crease]),
                                        (2, scratch, 120, [q for q in grid if not truth[q.id]])):
        res = read_page(_source(_line(pages[side - 1], points, grey)), template, use_ocr=False)
        for q in by_side[side]:
            r = res.questions[q.id]
            assert r.status == "review" or r.answer == truth[q.id], (q.id, r, truth[q.id])
        assert crossed and all(res.questions[q.id].status == "review" for q in crossed), crossed
        away = [q for q in by_side[side] if truth[q.id] and res.questions[q.id].status != "review"]
        assert len(away) >= len([q for q in by_side[side] if truth[q.id]]) - 3


def test_a_mark_overshooting_its_box_is_still_a_mark(tmp_path, template):
    """People's Xs run past the printed square; up to about 1.5 mm on every side they are marks as ever."""
    render_forms(template, [SheetSpec("MS", 33)], tmp_path / "f.pdf")
    img = render_pages(tmp_path / "f.pdf", DPI, 1, 1)[0].copy()
    cv = Canvas(img, K, np.random.default_rng(9))
    chosen = {}
    for k, q in enumerate(q for q in template.choice_questions() if q.page == 1 and q.type == "single"):
        o = q.options[k % len(q.options)]
        b, over = o.box, 1.0 + 0.5 * (k % 2)
        draw_mark(cv, Rect(b.x - over, b.y - over, b.w + 2 * over, b.h + 2 * over), "x", PENS["ballpoint_black"])
        chosen[q.id] = (o.id,)
    res = read_page(_source(img), template, use_ocr=False)
    assert {q: res.questions[q].answer for q in chosen} == chosen
    assert not [q for q in chosen if res.questions[q].status == "review"]


def test_a_faint_pencil_circle_beside_a_box_is_asked_about(filled, template):
    """A hard pencil held lightly, circling a grid column's place beside its box: a line 1 pixel wide, 20 % darker than the paper,
    yet a person sees it, so the row is asked about rather than accepted as blank."""
    pages, truth = filled
    row = next(q for q in template.choice_questions() if q.page == 2 and q.group and not truth[q.id])
    b = row.options[-1].box
    img = pages[1].copy()
    centre = (int(round((b.x + b.w + 4.3) * K * 8)), int(round((b.y + b.h / 2) * K * 8)))
    cv2.ellipse(img, centre, (int(4.0 * K * 8), int(2.8 * K * 8)), 0, 0, 360, 200, 1, cv2.LINE_AA, shift=3)
    res = read_page(_source(img), template, use_ocr=False)
    assert res.questions[row.id].status == "review", res.questions[row.id]
