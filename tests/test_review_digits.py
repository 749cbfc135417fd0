"""Number and date grids in the review page: a pen error is settled by typing the value the paper shows."""

from __future__ import annotations

import copy
import hashlib
import json
import re

import cv2
import numpy as np
import pytest
from review_support import SHOWN_OTHER, chromium, open_page, serving, shown_id
from test_digit_grids import DPI, K, grid_template

from scanner._exec.poppler import render_pages
from scanner.collate import collate
from scanner.corpus.draw import PENS, Canvas, draw_mark, write_digit
from scanner.errors import RequestRefused
from scanner.forms import SheetSpec, render_forms
from scanner.ingest import PageSource
from scanner.kinds import Kind
from scanner.kinds.registry import not_understood
from scanner.pipeline import read_page
from scanner.review.server import ReviewApp
from scanner.store import Store
from scanner.template import DEFAULT_TEMPLATE


@pytest.fixture()
def app(tmp_path, plan):
    """One sheet: the age written 142 but marked _42, the hours with two marks in a column, 31 April."""
    template = grid_template(copy.deepcopy(json.loads(DEFAULT_TEMPLATE.read_text(encoding="utf-8"))),
                             tmp_path / "ballot_layout.json")
    render_forms(template, [SheetSpec("MS", 7)], tmp_path / "f.pdf")
    img = render_pages(tmp_path / "f.pdf", DPI, 1, 1)[0].copy()
    cv = Canvas(img, K, np.random.default_rng(1))
    pen = PENS["ballpoint_blue"]
    for qid, marked, written in (("age", "_42", "142"), ("hours", "_45_", "_45_"), ("on", "31042026", "31042026")):
        q = template.question(qid)
        for c, ch in enumerate(marked, 1):
            if ch != "_":
                draw_mark(cv, q.option(f"c{c}d{ch}").box, "x", pen)
        for c, ch in enumerate(written, 1):
            if ch != "_":
                write_digit(cv, q.comb[c - 1], int(ch), pen)
    draw_mark(cv, template.question("hours").option("c3d7").box, "x", pen)
    data = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes()
    sha = hashlib.sha256(data).hexdigest()
    src = PageSource("grids.jpg", 0, sha, data, "jpeg")
    res = read_page(src, template)
    assert {q for q, r in res.questions.items() if r.status == "review"} == {"age", "hours", "on"}
    db = tmp_path / "grids.db"
    store = Store(db)
    batch = store.start_batch("test", None, "2026-12-05", "test")
    store.add_file(sha, "grids.jpg", len(data), 1, batch)
    store.save_page(src, res, batch, data)
    store.finish_batch(batch)
    store.close()
    return ReviewApp(db, template, plan, "127.0.0.1", None)


def _answers(app):
    store = Store(app.db)
    try:
        [sheet] = collate(store, app.template)
        return sheet.record.answers, sheet.record.uncertain
    finally:
        store.close()


def test_a_number_and_a_date_are_settled_by_typing(app):
    session = app.start_session({"reviewer": "Lan"})["session"]
    seen = {}
    for _ in range(3):
        item = app.next({"session": session})["item"]
        assert item["kind"] == "question" and item["extra"]["typed"] in ("number", "date")
        seen[item["key"]] = item
        app.decide({"session": session, "item": item["id"], "value": {"deferred": True}, "advance": False})
    assert set(seen) == {"age", "hours", "on"}
    assert "chỉ nhận số nguyên" in not_understood(Kind.number, "54.5")
    for key, bad in (("age", "một trăm"), ("age", "54.5"), ("on", "31/04/2026"), ("hours", "12,5,1")):
        said = not_understood(Kind(seen[key]["extra"]["typed"]), bad)  # what the importer and the CLI say too
        with pytest.raises(RequestRefused, match=re.escape(said)):
            app.decide({"session": session, "item": seen[key]["id"], "value": bad})
    # 142 is what the paper says, beyond the age's constraint (at most 120): refused until confirmed
    with pytest.raises(RequestRefused, match="“142” trái với điều kiện") as refused:
        app.decide({"session": session, "item": seen["age"]["id"], "value": "142"})
    assert refused.value.status == 422
    for key, typed in (("age", "142"), ("hours", "12,5"), ("on", "30/04/2026")):
        app.decide({"session": session, "item": seen[key]["id"], "value": typed, "advance": False,
                    "confirm": key == "age"})
    answers, uncertain = _answers(app)
    assert (answers["age"], answers["hours"], answers["on"]) == (142, 12.5, "2026-04-30") and not uncertain


def test_typing_a_number_in_the_page(app):
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        for _ in range(3):
            page.wait_for_selector("#typed:focus")
            before = shown_id(page)
            key = page.evaluate("() => current.key")
            page.keyboard.type({"age": "142", "hours": "12,5", "on": "30/04/2026"}[key])
            page.keyboard.press("Enter")
            if key == "age":  # beyond the age's constraint: the page says so, Shift+Enter keeps what the paper says
                page.wait_for_selector("#msg.err")
                assert "“142” trái với điều kiện" in page.inner_text("#msg") and shown_id(page) == before
                page.keyboard.press("Shift+Enter")
            page.wait_for_function(SHOWN_OTHER, arg=before)
        assert page.evaluate("() => current") is None
    answers, uncertain = _answers(app)
    assert (answers["age"], answers["hours"], answers["on"]) == (142, 12.5, "2026-04-30") and not uncertain


def test_typing_a_number_in_the_per_question_view(app):
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        page.select_option("#qview", "age")
        page.wait_for_selector(".qcell.focus input.qtyped:focus")
        assert page.locator(".qcell .choices").count() == 0  # no thirty bubbles to pick from
        page.keyboard.type("142")
        page.keyboard.press("Enter")
        page.wait_for_selector("#msg.err")  # beyond the age's constraint: refused, the cursor still in its box
        assert "“142” trái với điều kiện" in page.inner_text("#msg")
        page.wait_for_selector(".qcell.focus input.qtyped:focus")
        page.keyboard.press("Shift+Enter")
        page.wait_for_function("() => (window.__qdoneAt || []).length === 1")
    answers, _ = _answers(app)
    assert answers["age"] == 142


def _stored(app) -> list[tuple[str, object, bool]]:
    store = Store(app.db)
    try:
        return [(r.key, json.loads(r.value), not r.superseded_by) for r in store.trail()]
    finally:
        store.close()


def test_the_question_menu_by_keys_and_keys_outside_the_box_store_nothing(app):
    """Issue 25 F4: the Enter that closes the question menu, and digits typed after Esc left the box, store no
    blank; Enter enters the box, and a settled cell is entered the same way to correct it."""
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        page.focus("#qview")
        page.keyboard.press("End")  # the last question opens at once; the menu keeps the keys
        page.wait_for_function("() => qmode && qitems.length && qpos === 0")
        key = page.evaluate("() => qid")
        assert page.evaluate("() => document.activeElement.id") == "qview"
        page.keyboard.press("Enter")  # hands the keys to the list: its first sheet lit, its box not entered
        page.wait_for_function("() => document.activeElement.id !== 'qview'")
        assert page.locator("input.qtyped:focus").count() == 0
        page.keyboard.press("0")
        page.keyboard.press("1")
        page.wait_for_selector("#msg.err:has-text('ngoài ô')")
        assert _stored(app) == []
        page.keyboard.press("Enter")  # enters the box
        page.wait_for_selector(".qcell.focus input.qtyped:focus")
        first, fixed = {"age": ("41", "42"), "hours": ("12", "12,5"), "on": ("29/04/2026", "30/04/2026")}[key]
        page.keyboard.type(first)
        page.keyboard.press("Enter")
        page.wait_for_function("() => (window.__qdoneAt || []).length === 1")
        page.evaluate("() => document.activeElement.blur()")  # out of the box (a click beside it; Esc goes back to
        # the queue): a settled cell is entered again by Enter to correct it
        page.keyboard.press("0")
        page.keyboard.press("Enter")
        page.wait_for_selector(".qcell.focus input.qtyped:focus")
        page.keyboard.press("Control+A")
        page.keyboard.type(fixed)
        page.keyboard.press("Enter")
        page.wait_for_function("() => (window.__qdoneAt || []).length === 2")
    assert [(k, v) for k, v, _ in _stored(app)] == [(key, first), (key, fixed)]
    assert [live for _, _, live in _stored(app)] == [False, True]


def test_an_enter_on_an_empty_box_asks_before_storing_a_blank(app):
    """A question chosen with the mouse puts the cursor into its first sheet's box, where an Enter stored a blank
    nobody aimed at (t12 F4). The first Enter on an empty box now asks; a second Enter stores "để trống". One Esc
    in a box goes back to the queue (it took two), where an emptied box asks the same way."""
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        page.select_option("#qview", "hours")
        page.wait_for_selector(".qcell.focus input.qtyped:focus")
        page.keyboard.press("Enter")
        page.wait_for_selector("#msg.err:has-text('Enter lần nữa')")
        assert _stored(app) == []
        page.wait_for_function("() => performance.now() - blankAsk.at > CONFIG.key_guard_ms")
        page.keyboard.press("Enter")  # aimed at the blank now: stored
        page.wait_for_function("() => (window.__qdoneAt || []).length === 1")
        assert _stored(app) == [("hours", [], True)]
        page.focus(".qcell.focus input.qtyped")
        drawn = page.evaluate("() => window.__shownAt")
        page.keyboard.press("Escape")
        page.wait_for_function("t => !qmode && window.__shownAt > t && performance.now() - window.__shownAt > "
                               "CONFIG.key_guard_ms && current.kind === 'question'", arg=drawn)
        key = page.evaluate("() => current.key")
        page.keyboard.press("Delete")  # whatever the machine's partial reading put in the box: gone
        page.keyboard.press("Enter")
        page.wait_for_selector("#msg.err:has-text('Enter lần nữa')")
        assert _stored(app) == [("hours", [], True)]
        page.wait_for_function("() => performance.now() - blankAsk.at > CONFIG.key_guard_ms")
        before = shown_id(page)
        page.keyboard.press("Enter")
        page.wait_for_function(SHOWN_OTHER, arg=before)
    assert _stored(app) == [("hours", [], True), (key, [], True)]


def test_the_grid_crop_shows_the_paper_not_the_boxes_ids(app):
    """The digit grid's crop had each box's internal id ("c1d0" … "c8d9") drawn in red over the marks; only the
    outlines (coloured by the machine's reading) are drawn now."""
    from scanner.review import images

    store = Store(app.db)
    try:
        [page_id] = [p for p, in store.db.execute("SELECT page_id FROM pages")]
        png = images.region(store, app.template, page_id, "hours", fmt="png")
    finally:
        store.close()
    img = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    assert img is not None and img.shape[0] > 50
    assert int(np.all(img == (0, 0, 200), axis=2).sum()) == 0  # the ids' ink colour: none of it
