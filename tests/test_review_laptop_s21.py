"""A set-aside page beside its nine candidates on a 1366×768 laptop (the s20 trial at 3,000 sheets): the bar naming
the sheet Enter attaches the page to, and the buttons, fell below the fold (the bar's top at 779 px of a 650 px
window), so a reviewer pressed Enter for a sheet named out of sight; they now stay at the foot of the window, and a
sheet picked by its number is scrolled into sight above them."""

from __future__ import annotations

from review_support import chromium, copy_db, seen, serving, wait_for
from test_review_browser import base_db, db  # noqa: F401  (four scanned sheets, shared with the browser tests)
from test_review_browser_keys import many_missing  # noqa: F401  (30 sheets of every unit, backs missing)
from test_review_mouse_s20 import _laptop

from scanner.review.attachment import Attachment
from scanner.review.server import ReviewApp
from scanner.store import Store
from scanner.vocab import DecisionKey

IN_SIGHT = """() => { const bar = document.getElementById('confirmbar').getBoundingClientRect(),
    lit = document.querySelector('#cands button.on').getBoundingClientRect(),
    ok = document.querySelector('#item .acts button').getBoundingClientRect();
    return {bar: [bar.top, bar.bottom], lit: [lit.top, lit.bottom], ok: [ok.top, ok.bottom], h: innerHeight,
            said: document.getElementById('confirmbar').textContent}; }"""


def test_the_sheet_enter_attaches_to_is_named_in_sight_on_a_laptop(many_missing, template, plan, tmp_path):  # noqa: F811
    store_path = copy_db(many_missing[0], tmp_path / "m.db")
    app = ReviewApp(store_path, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = _laptop(browser, url, "Lan")
        page.select_option("#kindsel", "page")
        wait_for(page, "() => !loading && current && current.kind === 'page' && pageChoices.length >= 9")
        seen(page)
        item = page.evaluate("() => current.id")
        labels = page.evaluate("() => pageChoices.map(c => c.label)")
        ids = page.evaluate("() => pageChoices.map(c => c.id)")
        for key, n in (("1", 0), ("9", 8)):
            page.keyboard.press(key)
            wait_for(page, "l => document.getElementById('confirmbar').textContent.includes(l)", labels[n])
            sight = page.evaluate(IN_SIGHT)
            assert 0 <= sight["bar"][0] and sight["bar"][1] <= sight["h"], (key, sight)  # the bar, whole, in sight
            assert 0 <= sight["ok"][0] and sight["ok"][1] <= sight["h"], (key, sight)  # and "Xác nhận (Enter)"
            assert 0 <= sight["lit"][0] and sight["lit"][1] <= sight["bar"][0], (key, sight)  # the sheet, not under it
        page.keyboard.press("Enter")  # attaches the page to the ninth sheet, the one the bar named
        wait_for(page, "id => !loading && window.__shownId !== id", item)
    app.close()
    sheet = item.split("|")[0]
    store = Store(store_path)
    try:
        stored = store.decisions(sheet_ids=[sheet])[sheet][DecisionKey.page].value
    finally:
        store.close()
    assert stored == ids[8] and Attachment.parse(stored) is not None, (stored, ids)


def test_a_questions_picture_is_brought_into_sight_at_a_browser_zoom_of_150_percent(db, template, plan):  # noqa: F811
    """A 1366×768 laptop at 150% zoom leaves 911×433 CSS pixels: the header took a third of it and a question's
    picture began below the window (its top at 512 px of 433), item after item. The window now scrolls just
    enough to show it, the header first, the item's title kept in sight."""
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        ctx = browser.new_context(viewport={"width": 911, "height": 433}, device_scale_factor=1.5)
        page = ctx.new_page()
        page.goto(url + "/")
        page.fill("#name", "Lan")
        page.keyboard.press("Enter")
        page.wait_for_function("() => window.__shownAt !== undefined")
        page.select_option("#kindsel", "question")
        for _ in range(2):  # the first item, and the next one after a decision
            wait_for(page, "() => { const r = document.getElementById('region'); return !loading && current && "
                           "current.kind === 'question' && r && r.complete && r.naturalWidth > 0; }")
            seen(page)
            page.wait_for_timeout(200)  # the picture's load handler (which scrolls) runs a task after `complete`
            sight = page.evaluate("""() => { const r = document.getElementById('region').getBoundingClientRect(),
                t = document.querySelector('#item h2').getBoundingClientRect(),
                c = document.getElementById('item').getBoundingClientRect();
                return {pic: [r.top, r.bottom], title: t.top, card: c.top, h: innerHeight}; }""")
            assert sight["title"] >= 0, sight  # the item's title stays in sight
            assert sight["pic"][0] < sight["h"] - 60, sight  # and the picture: whole, or as much as the item lets
            assert sight["pic"][1] <= sight["h"] or sight["card"] <= 1, sight
            before = page.evaluate("() => current.id")
            page.keyboard.press("d")
            wait_for(page, "id => !loading && window.__shownId !== id", before)
    app.close()


def test_an_online_rows_buttons_are_in_sight_on_a_laptop(many_missing, template, plan, tmp_path):  # noqa: F811
    """An online row lists every question of the form: its buttons came after them, 800 px below a laptop's window,
    so a reviewer with the mouse scrolled to the end of every row. They now stay at the foot of the window."""
    from benchmarks.review import import_faulty_online

    store_path = copy_db(many_missing[0], tmp_path / "m.db")
    import_faulty_online(store_path)  # the sample download with an unknown unit, an answer near an option, bad times
    app = ReviewApp(store_path, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = _laptop(browser, url, "Lan")
        page.select_option("#kindsel", "online_row")
        wait_for(page, "() => !loading && current && current.kind === 'online_row'")
        seen(page)
        item = page.evaluate("() => current.id")
        defer = page.locator("#item .acts button[data-act='d']")
        box = defer.bounding_box()
        assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= 650, box
        defer.click()  # a click where the button is seen, no scrolling
        wait_for(page, "id => !loading && window.__shownId !== id", item)
    app.close()
    sheet, key = item.split("|", 1)
    store = Store(store_path)
    try:
        left = store.decisions(include_deferred=True, sheet_ids=[sheet])[sheet][key].value
    finally:
        store.close()
    assert left == {"deferred": True}, left
