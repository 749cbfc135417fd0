"""A decision that breaks its question's own limit is refused with the rule in words, and stored only when the
reviewer confirms with a second key, the confirmation kept in the trail (issue 25, a new user's trial: a
"chọn tối đa 3" question was stored with four options)."""

from __future__ import annotations

import json

import pytest
from review_support import (
    COMMON,
    SHOWN_AGAIN,
    SHOWN_OTHER,
    chromium,
    copy_db,
    marked_pages,
    open_page,
    serving,
    write_scans,
)

from scanner.cli import main
from scanner.errors import RequestRefused
from scanner.forms import SheetSpec
from scanner.kinds.digits import bubble_id
from scanner.review.limits import CONFIRMED
from scanner.review.server import ReviewApp
from scanner.store import Store


@pytest.fixture(scope="module")
def over_db(tmp_path_factory, template):
    """One sheet whose respondent broke the printed limits: four options on q7 ("at most 3"), "none" (6) with
    another option on q1, and two bubbles in the second column of the number q9 (a 7, then a 0 and a 5)."""
    tmp = tmp_path_factory.mktemp("review_limits")
    marks = {**COMMON, "q2": ["2"], "q7": ["1", "2", "3", "4"], "q1": ["1", "6"],
             "q9": [bubble_id(1, 7), bubble_id(2, 0), bubble_id(2, 5)]}
    write_scans(tmp / "scans", [("over", marked_pages(template, tmp, SheetSpec("MS", 5), marks))])
    db = tmp / "over.db"
    assert main(["scan", str(tmp / "scans"), "--db", str(db), "--quiet", "--jobs", "1"]) == 0
    return db


def _copy(over_db, tmp_path, name="o.db"):
    return copy_db(over_db, tmp_path / name)


def _item(app, session, key):
    store = Store(app.db)
    try:
        ids = [it.id for it in store.review_open_items() if it.key == key]
    finally:
        store.close()
    assert ids, f"no item for {key}"
    return app.claim({"session": session, "item": ids[0]})["item"]


def _trail(db, key):
    store = Store(db)
    try:
        return [r for r in store.trail() if r.key == key]
    finally:
        store.close()


def test_a_decision_breaking_the_questions_limit_is_refused_unless_confirmed(over_db, tmp_path, template, plan):
    db = _copy(over_db, tmp_path)
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    session = app.start_session({"reviewer": "Lan"})["session"]
    q7 = _item(app, session, "q7")
    assert template.question("q7").max_choices == 3
    for value, said in ((["1", "2", "3", "4"], "tối đa 3"),):
        with pytest.raises(RequestRefused, match=said) as refused:
            app.decide({"session": session, "item": q7["id"], "value": value, "advance": False})
        assert refused.value.status == 422 and "Shift+Enter" in refused.value.message
    assert _trail(db, "q7") == []  # nothing stored silently
    app.decide({"session": session, "item": q7["id"], "value": ["1", "2", "3"], "advance": False})
    assert [json.loads(r.value) for r in _trail(db, "q7")] == [["1", "2", "3"]]
    assert not _trail(db, "q7")[0].comment  # within the limit: no confirmation asked, none written

    q1 = _item(app, session, "q1")
    none = template.question("q1").exclusive[0]
    with pytest.raises(RequestRefused, match="chỉ được chọn một mình") as refused:
        app.decide({"session": session, "item": q1["id"], "value": ["1", none], "advance": False})
    assert refused.value.status == 422
    app.decide({"session": session, "item": q1["id"], "value": ["1", none], "confirm": True, "comment": "đúng phiếu",
                "advance": False})
    [kept] = _trail(db, "q1")
    assert json.loads(kept.value) == ["1", none]
    assert kept.comment.startswith(CONFIRMED) and kept.comment.endswith("đúng phiếu")

    q9 = _item(app, session, "q9")
    assert q9["extra"].get("typed") == "number" and template.question("q9").constraint
    with pytest.raises(RequestRefused, match="“70” trái với điều kiện") as refused:
        app.decide({"session": session, "item": q9["id"], "value": "70", "advance": False})
    assert refused.value.status == 422 and _trail(db, "q9") == []
    app.decide({"session": session, "item": q9["id"], "value": "75", "confirm": True, "advance": False})
    assert [json.loads(r.value) for r in _trail(db, "q9")] == ["75"]
    assert _trail(db, "q9")[0].comment.startswith(CONFIRMED)


def test_the_page_shows_the_refusal_and_shift_enter_keeps_the_value_knowingly(over_db, tmp_path, template, plan):
    db = _copy(over_db, tmp_path)
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        store = Store(db)
        try:
            q7 = next(it.id for it in store.review_open_items() if it.key == "q7")
        finally:
            store.close()
        page.evaluate("id => post('/api/claim', {item: id}).then(r => show(r.item))", q7)
        page.wait_for_function(SHOWN_AGAIN, arg=q7)
        assert page.evaluate("() => [...picked].length") == 4  # the machine read the four marks
        page.keyboard.press("Enter")
        page.wait_for_selector("#msg.err")
        assert "tối đa 3" in page.inner_text("#msg") and page.evaluate("() => current.id") == q7
        assert _trail(db, "q7") == []
        for key in "123":  # the first key starts afresh: three of the four marks, within the limit
            page.keyboard.press(key)
        page.keyboard.press("Shift+Enter")  # a confirmation for another value than the one refused is no confirmation
        page.wait_for_function(SHOWN_OTHER, arg=q7)
    [stored] = _trail(db, "q7")
    assert json.loads(stored.value) == ["1", "2", "3"] and not stored.comment

    db2 = _copy(over_db, tmp_path, "o2.db")
    app = ReviewApp(db2, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        page.evaluate("id => post('/api/claim', {item: id}).then(r => show(r.item))", q7)
        page.wait_for_function(SHOWN_AGAIN, arg=q7)
        page.keyboard.press("Shift+Enter")  # before any refusal: sent as a plain Enter, so refused
        page.wait_for_selector("#msg.err")
        assert _trail(db2, "q7") == []
        page.keyboard.press("Shift+Enter")  # the refused value, confirmed with the second key
        page.wait_for_function(SHOWN_OTHER, arg=q7)
    [stored] = _trail(db2, "q7")
    assert json.loads(stored.value) == ["1", "2", "3", "4"] and stored.comment.startswith(CONFIRMED)


def test_number_keys_on_the_machines_reading_choose_afresh(over_db, tmp_path, template, plan):
    """A choice item opens with the machine's reading lit (Enter keeps it); pressing 1–4 on "1, 2, 3, 4 read" toggled
    the lit options off one by one (a newcomer's "2, 3" stored 1, 4). The page says the reading is the machine's,
    and the first number key starts the reviewer's own choice; the per-question list does the same."""
    db = _copy(over_db, tmp_path)
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    store = Store(db)
    try:
        q7 = next(it.id for it in store.review_open_items() if it.key == "q7")
    finally:
        store.close()
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        page.evaluate("id => post('/api/claim', {item: id}).then(r => show(r.item))", q7)
        page.wait_for_function(SHOWN_AGAIN, arg=q7)
        assert "Đang chọn theo máy đọc" in page.inner_text("#item")
        page.keyboard.press("2")
        page.keyboard.press("3")
        assert sorted(page.evaluate("() => [...picked]")) == ["2", "3"]
        page.keyboard.press("Enter")
        page.wait_for_function(SHOWN_OTHER, arg=q7)
        assert [json.loads(r.value) for r in _trail(db, "q7")] == [["2", "3"]]
        claims: list = []  # the cell's claim held back, as on a loaded server: the keys do not wait for it
        page.route("**/api/claim", lambda route: claims.append((route, route.fetch())))
        page.select_option("#qview", "q1")  # q1 ("1, 6" read) in the per-question list
        page.wait_for_function("() => qmode && qitems.length && qpos === 0")
        while not claims:
            page.wait_for_timeout(20)
        # its first sheet is the item this page holds for the queue: no other reviewer's, its keys apply at once
        # (it was shown as held by the reader of the list, and "1" was ignored without a word until the claim came)
        assert page.evaluate("() => qitems[0].it.id === current.id")
        assert "đang chọn theo máy đọc" in page.inner_text(".qcell.focus")
        page.wait_for_function("() => performance.now() - (window.__cellAt || 0) > CONFIG.key_guard_ms")
        page.keyboard.press("1")
        assert page.evaluate("() => [...qitems[0].picked]") == ["1"], page.inner_text("#msg")
        for route, answer in claims:
            route.fulfill(response=answer)
        page.unroute("**/api/claim")
