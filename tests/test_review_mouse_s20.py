"""The review page worked with the mouse and on a 1366×768 laptop in a real Chromium (the s20 trial at 3,000 sheets):
an option clicked keeps the focus, so the Enter after it must confirm the item; a reviewer who only clicks can settle an
item; what the reviewer must see (the whole page after P, a set-aside page beside its candidates) is in sight."""

from __future__ import annotations

import json

from review_support import chromium, copy_db, open_page, seen, serving, shown_id, wait_for
from test_review_browser import base_db, db, in_force, kind_of, trail  # noqa: F401  (fixtures shared with the other browser tests)
from test_review_browser_keys import many_missing  # noqa: F401

from scanner.review.server import ReviewApp


def _choice_item(page) -> dict:
    """The first choice item (options with buttons) on screen, passing any other over by D."""
    for _ in range(8):
        it = page.evaluate("() => current")
        if it and it["kind"] == "question" and not (it.get("extra") or {}).get("typed"):
            return it
        page.keyboard.press("Escape")
        before = shown_id(page)
        page.keyboard.press("d")
        wait_for(page, "id => !loading && window.__shownId !== id", before)
        seen(page)
    raise AssertionError("no choice item in the queue")


def test_enter_after_an_option_clicked_confirms_the_clicked_option(db, template, plan):  # noqa: F811
    """Enter after a click clicked the option again (the focus stays on the button): a single choice was never
    confirmed and a multiple choice lost the option just ticked."""
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        it = _choice_item(page)
        q = template.question(it["key"])
        pick = q.options[-1].id
        assert pick not in (it["machine"] or [])
        page.click(f"#item .choices button[data-id='{pick}']")
        page.keyboard.press("Enter")
        wait_for(page, "id => !loading && window.__shownId !== id", it["id"])
    sheet = it["id"].split("|")[0]
    stored = [json.loads(r.value) for r in in_force(db, it["key"]) if r.sheet_id == sheet]
    assert stored == [[pick]]


def test_a_reviewer_with_the_mouse_confirms_defers_and_goes_back_by_clicks(db, template, plan):  # noqa: F811
    """A click on an option, then on "Xác nhận", stores that option; "Để lại" defers; "← Mục trước" shows the item
    decided. Only the blank ("0 · bỏ trống") could be stored by a click before."""
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        it = _choice_item(page)
        pick = template.question(it["key"]).options[0].id
        page.click(f"#item .choices button[data-id='{pick}']")
        page.click("#item .acts button[data-act='Enter']")
        wait_for(page, "id => !loading && window.__shownId !== id", it["id"])
        seen(page)
        second = shown_id(page)
        page.click("#item .acts button[data-act='d']")
        wait_for(page, "id => !loading && window.__shownId !== id", second)
        seen(page)
        page.click("#item .acts button[data-act='ArrowLeft']")
        wait_for(page, "id => !loading && window.__shownId === id", second)
        assert "mục này đang để lại" in page.inner_text("#msg")
    sheet = it["id"].split("|")[0]
    assert [json.loads(r.value) for r in in_force(db, it["key"]) if r.sheet_id == sheet] == [[pick]]
    key2 = second.split("|")[1]
    assert [json.loads(r.value) for r in in_force(db, key2) if r.sheet_id == second.split("|")[0]] == [{"deferred": True}]


def test_the_header_names_sheets_of_no_known_unit_in_words(db, template, plan):  # noqa: F811
    """The header's share per unit showed "? 0/504" for the sheets of no known unit (an unnumbered form here)."""
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        counts = page.evaluate("() => counts")
        assert "?" in counts["by_unit"]
        units = page.inner_text("#units")
        assert "chưa rõ đơn vị" in units and "?" not in units


def _laptop(browser, url: str, name: str, timezone: str = "Asia/Ho_Chi_Minh"):
    """A reviewer on a 1366×768 laptop in Viet Nam (the browser's window leaves about 1366×650 to the page)."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 650}, timezone_id=timezone)
    page = ctx.new_page()
    page.goto(url + "/")
    page.fill("#name", name)
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.__shownAt !== undefined")
    seen(page)
    return page


def test_the_whole_page_shown_by_p_is_scrolled_into_sight_on_a_laptop(db, template, plan):  # noqa: F811
    """P put the page under the legend and scrolled to it before it had a height: on a 1366×768 laptop it stayed
    out of sight, and the key seemed to do nothing."""
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = _laptop(browser, url, "Lan")
        page.keyboard.press("Escape")
        page.keyboard.press("Alt+p")
        page.wait_for_function("() => { const p = document.getElementById('page'); return p.complete && p.naturalWidth > 0; }")
        page.wait_for_timeout(100)
        top = page.evaluate("() => document.getElementById('page').getBoundingClientRect().top")
        assert abs(top) < 5, top
        page.keyboard.press("Alt+p")
        assert page.evaluate("() => document.getElementById('page').style.display") == "none"


def test_the_settled_list_gives_each_decisions_time_on_the_reviewers_clock(db, template, plan):  # noqa: F811
    """H listed "2026-12-07T10:38:16+00:00": the stored UTC instant, seven hours off for a reviewer in Viet Nam."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = _laptop(browser, url, "Lan")
        before = _choice_item(page)["id"]
        page.keyboard.press("0")
        wait_for(page, "id => !loading && window.__shownId !== id", before)
        seen(page)
        page.keyboard.press("Escape")
        page.keyboard.press("h")
        page.wait_for_selector("#histlist li .ev")
        shown = page.inner_text("#hs0 .ev")
    settled = [r for r in trail(db) if json.loads(r.value) == []]
    at = datetime.fromisoformat(settled[-1].at).astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert shown == f"(Lan, {at:%d/%m/%Y %H:%M})", shown


def test_a_set_aside_pages_picture_is_in_sight_beside_its_candidates_on_a_laptop(many_missing, template, plan,  # noqa: F811
                                                                                tmp_path):
    """On a 1366×768 laptop the picture of a set-aside page came under its nine candidates, wholly out of sight:
    the reviewer chose a sheet for a page they could not see. It now stands beside them, both in sight."""
    store = copy_db(many_missing[0], tmp_path / "m.db")
    app = ReviewApp(store, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = _laptop(browser, url, "Lan")
        page.select_option("#kindsel", "page")
        wait_for(page, "() => !loading && current && current.kind === 'page' && document.getElementById('region')")
        page.wait_for_function("() => { const r = document.getElementById('region'); return r.complete && r.naturalWidth > 0; }")
        seen(page)
        sight = page.evaluate("""() => { const r = document.getElementById('region').getBoundingClientRect(),
            b = document.querySelector('#cands button').getBoundingClientRect();
            return {pic: r.top, picHeight: r.height, cand: b.bottom, h: innerHeight}; }""")
    assert sight["pic"] < sight["h"] / 2 and sight["picHeight"] > sight["h"] / 3, sight
    assert sight["cand"] < sight["h"], sight
