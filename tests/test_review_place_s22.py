"""A reviewer's day at 3,000 sheets in Chromium (the s22 trial): coming back to the page after leaving it, a laptop at
150% zoom, and the words an online row's problems are said in."""

from __future__ import annotations

import re

from review_support import chromium, copy_db, seen, serving, wait_for
from test_review_browser import base_db, db  # noqa: F401  (four scanned sheets, shared with the browser tests)
from test_review_browser_keys import many_missing  # noqa: F401  (30 sheets of every unit, backs missing)

from scanner.review.server import ReviewApp

PLACE = "() => [document.getElementById('kindsel').value, document.getElementById('causesel').value, " \
        "document.getElementById('unitsel').value, current && current.kind, current && current.causes, " \
        "current && current.unit, current && current.id]"


def _login(page, url: str, name: str) -> None:
    page.goto(url + "/")
    page.fill("#name", name)
    page.keyboard.press("Enter")
    wait_for(page, "() => window.__shownAt !== undefined && !loading")


def test_a_reviewer_coming_back_finds_the_kind_reason_and_unit_they_left(many_missing, template, plan, tmp_path):  # noqa: F811
    """A reload (or the tab closed and opened again) brought back the whole queue from its first item, every menu
    reset: halfway through one reason of one kind in one unit, the reviewer had to find their place again."""
    store_path = copy_db(many_missing[0], tmp_path / "m.db")
    app = ReviewApp(store_path, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = browser.new_context(viewport={"width": 1366, "height": 650}).new_page()
        _login(page, url, "Lan")
        page.select_option("#kindsel", "question")
        wait_for(page, "() => !loading && current && current.kind === 'question' && "
                       "!document.getElementById('causesel').hidden")
        causes = page.evaluate("() => [...document.getElementById('causesel').options].map(o => o.value).filter(Boolean)")
        assert len(causes) >= 2, causes
        page.select_option("#causesel", causes[-1])  # the reason with the fewest items: never the queue's first
        wait_for(page, "c => !loading && current && current.causes.includes(c)", causes[-1])
        unit = page.evaluate("() => current.unit")
        page.select_option("#unitsel", unit)
        wait_for(page, "u => !loading && current && current.unit === u", unit)
        seen(page)
        left = page.evaluate(PLACE)
        page.reload()
        _login(page, url, "Lan")
        back = page.evaluate(PLACE)
        assert back[:3] == ["question", causes[-1], unit], (left, back)  # the menus as they were left
        assert back[3:] == left[3:], (left, back)  # and the item they were on
    app.close()


def test_a_questions_picture_and_title_fit_a_laptop_window_at_150_percent(many_missing, template, plan, tmp_path):  # noqa: F811
    """At 150% zoom a 1366×768 laptop leaves 911×433 CSS pixels: a question's title, its reasons, its options, the
    buttons and then its picture did not fit, and the picture's lower part (or all of it) stayed below the window,
    item after item. In a window that short the picture comes under the title, and both are whole in sight."""
    app = ReviewApp(copy_db(many_missing[0], tmp_path / "m.db"), template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = browser.new_context(viewport={"width": 911, "height": 433}, device_scale_factor=1.5).new_page()
        _login(page, url, "Lan")
        page.select_option("#kindsel", "question")
        for _ in range(6):
            wait_for(page, "() => { const r = document.getElementById('region'); return !loading && current && "
                           "current.kind === 'question' && r && r.complete && r.naturalWidth > 0; }")
            seen(page)
            page.wait_for_timeout(200)  # the picture's load handler (which scrolls) runs a task after `complete`
            sight = page.evaluate("""() => { const r = document.getElementById('region').getBoundingClientRect(),
                t = document.querySelector('#item h2').getBoundingClientRect(),
                d = document.querySelector('#item .dock').getBoundingClientRect();
                return {pic: [r.top, r.bottom], title: [t.top, t.bottom], dock: [d.top, d.bottom], h: innerHeight,
                        choices: current.choices.length}; }""")
            assert 0 <= sight["title"][0] and sight["title"][1] <= sight["pic"][0], sight  # the title, then
            assert sight["pic"][1] <= sight["h"], sight  # the whole picture
            assert sight["dock"][1] <= sight["h"] + 1, sight  # and the buttons, over neither
            assert sight["dock"][0] >= sight["pic"][1] - 1 or sight["dock"][1] <= sight["pic"][0] + 1, sight
            before = page.evaluate("() => current.id")
            page.keyboard.press("d")
            wait_for(page, "id => !loading && window.__shownId !== id", before)
    app.close()


# an English gloss a terminal's line carries: a bracket of plain lower-case words, or " / " and such words
ENGLISH = re.compile(r"\((?:[a-z']+ )+[a-z']+\)|/ (?:[a-z']+ )+[a-z']+")


def test_an_online_rows_problems_are_said_in_vietnamese_alone(db, template, plan):  # noqa: F811
    """An online row's problems came to the page as `import-online` prints them for a terminal, each with its
    English gloss: "thời gian … không đọc được (unreadable timestamp)", "cần người xác nhận (close to an option but
    not the same)". The page speaks Vietnamese only; what a respondent wrote, in its quotes, is kept as written."""
    from benchmarks.review import import_faulty_online

    import_faulty_online(db)  # the sample download with an unknown unit, an answer near an option, a bad time
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    try:
        session = app.start_session({"reviewer": "Lan"})["session"]
        said: list[str] = []
        for _ in range(10):
            item = app.next({"session": session, "kind": "online_row"})["item"]
            if item is None:
                break
            said += item["reasons"]
            app.decide({"session": session, "item": item["id"], "value": {"deferred": True}, "advance": False})
    finally:
        app.release()
        app.close()
    assert any("không đọc được" in s for s in said) and any("cần người xác nhận" in s for s in said), said
    assert any("“Rất là quan tâm”" in s or '"Rất là quan tâm"' in s for s in said), said  # the respondent's words
    english = [m for s in said for m in ENGLISH.findall(re.sub(r'"[^"]*"|“[^”]*”', "", s))]
    assert english == [], english


def test_a_decision_whose_answer_was_lost_is_stored_once_when_pressed_again(db, template, plan):  # noqa: F811
    """A blip of the network after a decision reached the server: the page said "chưa ghi gì" (nothing stored) though
    it was, and the Enter pressed again, as it asked, stored it a second time (the trail: a decision replaced by
    itself). The same decision asked again is now stored once, and the page says nothing untrue."""
    from scanner.store import Store

    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = browser.new_context(viewport={"width": 1366, "height": 650}).new_page()
        _login(page, url, "Lan")
        page.select_option("#kindsel", "question")
        wait_for(page, "() => !loading && current && current.kind === 'question'")
        seen(page)
        item = page.evaluate("() => current.id")
        dropped: list[str] = []

        def lose_the_answer(route):
            if not dropped:
                dropped.append(route.request.url)
                route.fetch()  # the decision reaches the server and is stored; its answer never comes back
                route.abort("connectionreset")
            else:
                route.continue_()

        page.route("**/api/decide", lose_the_answer)
        page.keyboard.press("1")
        page.keyboard.press("Enter")
        wait_for(page, "() => !loading && document.getElementById('msg').textContent.includes('Không kết nối được')")
        assert "chưa ghi gì" not in page.evaluate("() => document.getElementById('msg').textContent")
        assert page.evaluate("() => current.id") == item  # the item stays on screen
        seen(page)
        page.keyboard.press("Enter")  # pressed again, as the page asks
        wait_for(page, "id => !loading && window.__shownId !== id", item)
    app.close()
    sheet, key = item.split("|", 1)
    store = Store(db)
    try:
        rows = [r for r in store.trail() if r.sheet_id == sheet and r.key == key]
    finally:
        store.close()
    assert len(dropped) == 1 and len(rows) == 1, rows


def test_an_online_rows_question_in_doubt_is_not_under_the_buttons(many_missing, template, plan, tmp_path):  # noqa: F811
    """An online row opens on its first question in doubt, scrolled to: on a 1366×650 window that row (the 7th of
    20, an answer near an option) was scrolled to the window's foot, under the buttons docked there."""
    from benchmarks.review import import_faulty_online

    store_path = copy_db(many_missing[0], tmp_path / "m.db")
    import_faulty_online(store_path)  # the sample download with an unknown unit, an answer near an option, bad times
    app = ReviewApp(store_path, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = browser.new_context(viewport={"width": 1366, "height": 650}).new_page()
        _login(page, url, "Lan")
        page.select_option("#kindsel", "online_row")
        shown = 0
        for _ in range(4):
            wait_for(page, "() => !loading && (!current || current.kind === 'online_row')")
            if page.evaluate("() => !current"):
                break
            seen(page)
            page.wait_for_timeout(200)
            sight = page.evaluate("""() => { const f = document.querySelector('.orow tr.focus'),
                d = document.querySelector('#item .dock').getBoundingClientRect(), r = f && f.getBoundingClientRect();
                return {row: r && [r.top, r.bottom], dock: [d.top, d.bottom], h: innerHeight, pos: row.pos}; }""")
            if sight["row"] is not None:
                shown += 1
                assert 0 <= sight["row"][0] and sight["row"][1] <= sight["dock"][0] + 1, sight
            before = page.evaluate("() => current.id")
            page.keyboard.press("Escape")
            page.keyboard.press("d")
            wait_for(page, "id => !loading && window.__shownId !== id", before)
        assert shown >= 2
    app.close()


def test_a_sheet_asked_for_by_its_code_brings_its_open_items_alone(many_missing, template, plan, tmp_path):  # noqa: F811
    """A supervisor asks for one sheet ("xem phiếu … 012"), or the reviewer holds its paper: its settled items were
    found by H, its open ones nowhere. "/" takes (part of) its code and serves that sheet's items, one after another,
    then says so; Enter goes back to the whole queue."""
    from scanner.store import Store

    store_path = copy_db(many_missing[0], tmp_path / "m.db")
    app = ReviewApp(store_path, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = browser.new_context(viewport={"width": 1366, "height": 650}).new_page()
        _login(page, url, "Lan")
        first = page.evaluate("() => current.id")
        store = Store(store_path)
        try:  # the sheet of the queue's last open item: never the one on screen
            items = store.review_open_items()
            sheet = [it for it in items if not it.deferred and it.sheet_id.split(":")[0] != first.split(":")[0]
                     and not it.sheet_id.startswith(("page:", "online:"))][-1].sheet_id
            label = store.review_sheet_labels([sheet])[sheet]
            theirs = {it.id for it in items if it.sheet_id == sheet and not it.deferred}
        finally:
            store.close()
        seen(page)
        page.keyboard.press("Escape")  # out of the item's own box, if it has one (a number's, a date's)
        page.keyboard.press("/")
        page.keyboard.type(label[-6:].lower())  # the end of its printed code, as typed from the paper
        page.keyboard.press("Enter")
        wait_for(page, "id => !loading && window.__shownId && window.__shownId !== id", first)
        served = []
        for _ in range(len(theirs) + 1):
            wait_for(page, "() => !loading")
            item = page.evaluate("() => current && current.id")
            if item is None:
                break
            served.append(item)
            seen(page)
            page.keyboard.press("Escape")  # out of a transcription's or a number's box: D is then the key
            page.keyboard.press("d")
            wait_for(page, "id => !loading && window.__shownId !== id", item)
        assert set(served) == theirs, (label, served, theirs)
        said = page.evaluate("() => document.getElementById('item').innerText")
        assert "Không có mục nào chờ duyệt của phiếu" in said, said
        seen(page)
        page.keyboard.press("Enter")  # back to the whole queue
        wait_for(page, "() => !loading && current && document.getElementById('findlabel').hidden")
        assert page.evaluate("() => current.sheet_id") != sheet
    app.close()
