"""The review page in a real Chromium, keyboard only: going back, two reviewers, claims, the end, hostile text."""

from __future__ import annotations

import json
import time

import pytest
from review_support import (
    COMMON,
    SHOWN_AGAIN,
    SHOWN_OTHER,
    chromium,
    copy_db,
    marked_pages,
    open_page,
    press_and_wait,
    seen,
    serving,
    shown_id,
    write_scans,
)

from scanner.cli import main
from scanner.errors import RequestRefused
from scanner.forms import SheetSpec
from scanner.review.server import ReviewApp
from scanner.store import Store
from scanner.store.rows import TrailRow

EVIL_FILE = "z<img src=x onerror=alert(9)>"


@pytest.fixture(scope="module")
def base_db(tmp_path_factory, template):
    """Four sheets: three of MS with two marks on single-choice q2 (two with writing in q8), one blank form."""
    tmp = tmp_path_factory.mktemp("review_browser")
    sheets = [("s1", marked_pages(template, tmp, SheetSpec("MS", 1), {**COMMON, "q2": ["1", "3"], "q8": []})),
              ("s2", marked_pages(template, tmp, SheetSpec("MS", 2), {**COMMON, "q2": ["2", "3"], "q8": []})),
              ("s3", marked_pages(template, tmp, SheetSpec("MS", 3), {**COMMON, "q2": ["1", "2"]})),
              (EVIL_FILE, marked_pages(template, tmp, SheetSpec(None, 0), {**COMMON, "q2": ["2"]}))]
    write_scans(tmp / "scans", sheets)
    db = tmp / "base.db"
    assert main(["scan", str(tmp / "scans"), "--db", str(db), "--quiet", "--jobs", "1"]) == 0
    return db


@pytest.fixture()
def db(base_db, tmp_path):
    return copy_db(base_db, tmp_path / "r.db")


def trail(db) -> list[TrailRow]:
    store = Store(db)
    try:
        return list(store.trail())
    finally:
        store.close()


def in_force(db, key: str) -> list[TrailRow]:
    return [r for r in trail(db) if r.key == key and not r.superseded_by and not r.undone_at]


def settle(page, kind: str) -> None:
    """A plausible decision by keyboard for an item of any kind (the text kind types a transcription)."""
    if kind == "text":
        page.keyboard.type("chép lại")
        page.keyboard.press("Enter")
    else:
        page.keyboard.press("1")
        page.keyboard.press("Enter")


def kind_of(page) -> str | None:
    return page.evaluate("() => current && current.kind")


def test_back_and_undo_on_handwriting_restore_the_transcription(db, template, plan):
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        for _ in range(10):
            if kind_of(page) == "text":
                break
            press_and_wait(page, "1", "Enter")
        assert kind_of(page) == "text"
        first = shown_id(page)
        assert page.input_value("#text") == "", "a transcription starts empty, never with the machine's reading"
        page.wait_for_function("() => !/đang đọc/.test(document.getElementById('draft').textContent)")
        assert "Bản nháp của máy" in page.inner_text(".draft") and "Câu 13." in page.inner_text("#item h2")
        page.keyboard.type("Cần bồi dưỡng thêm")
        press_and_wait(page, "Enter")
        assert shown_id(page) != first
        press_and_wait(page, "Alt+ArrowLeft")  # shortcuts work with Alt while the cursor is in the text box
        assert shown_id(page) == first
        assert page.input_value("#text") == "Cần bồi dưỡng thêm"
        press_and_wait(page, "Enter")  # confirming again keeps exactly what was decided
        page.keyboard.press("Escape")
        press_and_wait(page, "u")  # undo brings the item back as decided
        assert shown_id(page) == first and page.input_value("#text") == "Cần bồi dưỡng thêm"
    sheet = first.split("|")[0]
    q8 = [r for r in trail(db) if r.key == "q8" and r.sheet_id == sheet]
    assert [json.loads(r.value) for r in q8] == ["Cần bồi dưỡng thêm"] * 2
    assert q8[1].undone_at and not q8[0].undone_at and not q8[0].superseded_by


def test_two_reviewers_of_the_same_name_on_the_queue_and_the_question_view(db, template, plan):
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        a = open_page(browser, url, "Lan")
        b = open_page(browser, url, "Lan")  # the same name typed twice is still two people
        held_by_a = shown_id(a)
        assert held_by_a and shown_id(b) and shown_id(b) != held_by_a
        qid = held_by_a.split("|")[1]
        assert kind_of(a) == "question"
        b.select_option("#qview", qid)
        b.wait_for_selector(".qcell")
        cells = b.locator(".qcell")
        ids = b.evaluate("() => qitems.map(x => x.it.id)")
        assert held_by_a in ids and len(ids) >= 3
        mine = ids.index(held_by_a)
        for _ in range(mine):
            b.keyboard.press("j")
        b.wait_for_function("i => qpos === i && qitems[i].held", arg=mine)
        assert "Lan đang duyệt phiếu này" in cells.nth(mine).inner_text()
        b.keyboard.press("3")
        b.keyboard.press("Enter")
        b.wait_for_selector("#msg.err")
        assert "đang" in b.inner_text("#msg")
        refused = b.evaluate("id => post('/api/decide', {item: id, value: ['3'], advance: false})"
                             ".then(() => 200, e => e.status)", held_by_a)
        assert refused == 409  # the server refuses too, not only the page
        assert in_force(db, qid) == []  # refused: nothing recorded on an item someone else holds
        other = next(i for i in range(len(ids)) if i != mine)
        b.evaluate("i => focusCell(i)", other)
        b.wait_for_function("i => qpos === i && qitems[i].held === null", arg=other)
        b.keyboard.press("3")
        b.keyboard.press("Enter")
        b.wait_for_function("() => (window.__qdoneAt || []).length === 1")  # stored, not only drawn as done
        press_and_wait(a, "3", "Enter")
        assert shown_id(a) != ids[other], "the queue never serves what the question view holds or settled"
    decided = {r.sheet_id + "|" + qid: (json.loads(r.value), r.session) for r in in_force(db, qid)}
    assert set(decided) == {held_by_a, ids[other]}
    assert decided[held_by_a][0] == decided[ids[other]][0] == ["3"]
    assert decided[held_by_a][1] != decided[ids[other]][1]


def test_a_claim_holds_while_its_reviewer_is_active_and_lapses_when_gone(db, template, plan):
    app = ReviewApp(db, template, plan, "127.0.0.1", None, lease=1.5, heartbeat=0.3)
    other = app.start_session({"reviewer": "Bình"})["session"]
    with serving(app) as url, chromium() as browser:
        a = open_page(browser, url, "Lan")
        held = shown_id(a)
        a.wait_for_timeout(3500)  # well past the lease: only the heartbeat keeps the claim
        for _ in range(3):
            got = app.next({"session": other})["item"]
            assert got is None or got["id"] != held
        with pytest.raises(RequestRefused, match="Lan đang duyệt"):
            app.claim({"session": other, "item": held})
        press_and_wait(a, "3", "Enter")
        assert [r.reviewer for r in in_force(db, held.split("|")[1]) if r.sheet_id == held.split("|")[0]] == ["Lan"]
        second = shown_id(a)
        a.context.close()  # the reviewer closes the page: no more heartbeats
    time.sleep(2.0)
    assert app.claim({"session": other, "item": second})["item"]["id"] == second


def test_end_of_the_queue_offers_the_deferred_items(db, template, plan):
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        deferred = shown_id(page)
        press_and_wait(page, "d")
        for _ in range(30):
            if not shown_id(page):
                break
            before = shown_id(page)
            settle(page, kind_of(page))
            page.wait_for_function(SHOWN_OTHER, arg=before)
        assert not shown_id(page)
        assert "Đã duyệt xong hàng chờ" in page.inner_text("#item")
        assert "Còn 1 mục để lại" in page.inner_text("#item")
        counts = app.counts()
        assert page.inner_text("#progress").startswith(f"Đã duyệt {counts['done']} / {counts['total']}")
        assert counts["open"] == 0 and counts["deferred"] == 1 and counts["total"] == counts["done"] + 1
        press_and_wait(page, "Enter")  # the end offers the deferred items
        assert shown_id(page) == deferred and page.is_checked("#deferred")
        settle(page, kind_of(page))
        page.wait_for_function("() => window.__shownId === ''")
        assert "Không còn mục để lại" in page.inner_text("#item")
        assert "Đã duyệt" in page.inner_text("#progress") and "để lại" not in page.inner_text("#progress")


def test_hostile_text_from_plan_files_and_reviewers_never_runs(db, template, raw_plan, tmp_path):
    from scanner.plan import load_plan

    raw_plan["units"][0]["name"] = "</script><script>alert(1)</script>"
    raw_plan["units"][1]["name"] = "<img src=x onerror=alert(2)>"
    (tmp_path / "plan.json").write_text(json.dumps(raw_plan, ensure_ascii=False), encoding="utf-8")
    plan = load_plan(tmp_path / "plan.json")
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    dialogs: list[str] = []
    with serving(app) as url, chromium() as browser:
        evil = open_page(browser, url, "<img src=x onerror=alert(3)>", dialogs)
        page = open_page(browser, url, "Lan", dialogs)
        assert "<img src=x onerror=alert(3)>" in evil.inner_text("#who")
        for _ in range(10):
            if kind_of(page) == "unit":
                break
            press_and_wait(page, "d")
        assert kind_of(page) == "unit"
        text = page.inner_text("#item")
        assert "</script><script>alert(1)</script>" in text and "<img src=x onerror=alert(2)>" in text
        assert EVIL_FILE in page.inner_text(".sheet")  # an un-numbered sheet is named by its file, as text
        page.select_option("#qview", "q2")
        page.wait_for_selector(".qcell")
        page.wait_for_function("() => qitems.some(x => x.held)")
        assert "<img src=x onerror=alert(3)> đang duyệt" in page.inner_text("#qlist")
        page.wait_for_timeout(300)
    assert dialogs == []


def test_every_unit_is_reachable_by_keyboard(db, template, plan):
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    last = plan.units[-1].code
    assert len(plan.units) > 9  # more units than number keys
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        for _ in range(10):
            if kind_of(page) == "unit":
                break
            press_and_wait(page, "d")
        assert kind_of(page) == "unit"
        page.keyboard.type(str(len(plan.units)))
        assert page.eval_on_selector("button.on", "b => b.dataset.id") == last
        page.keyboard.press("Backspace")
        page.keyboard.press("Backspace")
        page.keyboard.type(last.lower())
        assert page.eval_on_selector("button.on", "b => b.dataset.id") == last
        unit_item = shown_id(page)
        press_and_wait(page, "Enter")
    [d] = [r for r in in_force(db, "_unit") if r.sheet_id == unit_item.split("|")[0]]
    assert json.loads(d.value) == last


def test_an_unattended_page_lets_its_item_go(db, template, plan):
    app = ReviewApp(db, template, plan, "127.0.0.1", None, lease=1.0, heartbeat=0.3, idle=1.5)
    other = app.start_session({"reviewer": "Bình"})["session"]
    with serving(app) as url, chromium() as browser:
        a = open_page(browser, url, "Lan")
        held = shown_id(a)
        a.wait_for_timeout(4000)  # no key, no click: the heartbeat stops after `idle`, the lease runs out
        assert app.claim({"session": other, "item": held})["item"]["id"] == held
        a.keyboard.press("Enter")  # Lan comes back and confirms: refused, Bình holds it now
        a.wait_for_selector("#msg.err")
        assert "Bình" in a.inner_text("#msg")
    assert [r for r in trail(db) if r.sheet_id + "|" + r.key == held] == []


def test_an_unknown_online_column_is_settled_by_keyboard(tmp_path, template, plan):
    """An online column the questionnaire does not know is settled in Chromium by its number key and Enter, and the
    rows then carry the answer under the chosen question."""
    import csv
    from pathlib import Path

    sample = Path(__file__).resolve().parents[1] / "samples" / "online_responses.csv"
    table = list(csv.reader(sample.open(encoding="utf-8")))
    header = table[0]
    target = next(q for q in template.choice_questions() if q.text and q.text in header)
    header[header.index(target.text)] = target.text + " của bạn"  # the office reworded it in its Google Form
    path = tmp_path / "renamed.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(table[:8])
    db = tmp_path / "col.db"
    assert main(["import-online", str(path), "--db", str(db)]) == 0
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        for _ in range(20):
            if kind_of(page) == "online_column":
                break
            press_and_wait(page, "d")
        assert kind_of(page) == "online_column"
        column = header.index(target.text + " của bạn")
        shown = page.inner_text("#colvalues")  # the column's values, not only its title, before deciding
        assert all(f"“{r[column]}”" in shown for r in table[1:8] if r[column])
        assert "Người trả lời ghi" not in page.inner_text("#item")
        ids = page.evaluate("() => current.choices.filter(c => c.id !== '-').map(c => c.id)")
        page.keyboard.type(str(ids.index(target.id) + 1))
        assert page.eval_on_selector("button.on", "b => b.dataset.id") == target.id
        press_and_wait(page, "Enter")
    assert "online_column" not in app.counts()["by_kind"]
    [d] = [r for r in trail(db) if r.sheet_id == "online:column" and not r.undone_at]
    assert (d.reviewer, json.loads(d.value)["to"]) == ("Lan", target.id)
    from scanner.online import online_records
    store = Store(db)
    try:
        records = online_records(store, template, plan)
    finally:
        store.close()
    assert records and all(r.answers[target.id] for r in records)  # every row now answers the reworded question


def test_the_machine_reading_is_shown_with_the_printed_options_words_not_ids(db, template, plan):
    """"Máy đọc: nu (Nữ)" showed the form's internal option id; the page names an option as its button does, by
    its number in the printed list and its words ("2 · Nữ"), also for what was decided."""
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        assert kind_of(page) == "question"
        it = page.evaluate("() => current")
        q = template.question(it["key"])
        ids = [o.id for o in q.options]

        def words(chosen):
            return ", ".join(f"{ids.index(x) + 1} · {q.option(x).label}" for x in chosen) or "bỏ trống"

        machine = page.inner_text("#item .machine")
        assert f"Máy đọc: {words(it['machine'])} · độ tin cậy" in machine, machine
        pick = q.options[-1]
        page.keyboard.press(str(len(q.options)))  # the first key starts afresh: only the last option is chosen
        press_and_wait(page, "Enter")
        press_and_wait(page, "ArrowLeft")
        assert f"Đã quyết định: {len(ids)} · {pick.label}" in page.inner_text("#item .machine")
        # an XLSForm's named choices: the words and the printed number, never the name
        shown = page.evaluate("""() => answerText({kind: 'question', choices: [{id: 'nam', label: 'Nam'},
                                 {id: 'nu', label: 'Nữ'}]}, ['nu'])""")
        assert shown == "2 · Nữ"


def test_zero_then_enter_never_confirms_the_next_item_unseen(db, template, plan):
    """0 (blank / none) saves with the one key on every kind; a key pressed right after it (the Enter of a reviewer
    used to "0, Enter" on online answers, or 0 pressed twice) arrives as the next item is drawn: it is dropped,
    never applied to an item the reviewer has not seen. Keys pressed once the item has been on screen apply."""
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        blank: list[str] = []
        for late in ("Enter", "0"):
            assert kind_of(page) == "question"
            first = shown_id(page)
            # the key meant for the first item arrives just as the second is drawn (a person types "0, Enter" in
            # about a tenth of a second; the next item comes in a few milliseconds)
            page.evaluate("""key => { const drawn = show; show = (it, prefill) => { drawn(it, prefill); show = drawn;
                setTimeout(() => document.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true}))); }; }""",
                          late)
            page.keyboard.press("0")
            page.wait_for_function(SHOWN_OTHER, arg=first)
            blank.append(first)
            second = shown_id(page)
            page.wait_for_timeout(300)
            assert shown_id(page) == second, f"the late {late} settled the item after the blank one"
            decided = {f"{r.sheet_id}|{r.key}": json.loads(r.value) for r in trail(db)}
            assert decided == {b: [] for b in blank}, late
        assert page.evaluate("() => window.__dropped") == 2
        press_and_wait(page, "1", "Enter")  # seen now: the keys apply to it
        assert {f"{r.sheet_id}|{r.key}" for r in trail(db)} == {*blank, second}


def test_a_settled_item_is_opened_and_changed_after_a_reload(db, template, plan):
    """Back and Undo reach only the page's own session; after a reload, H lists what was settled (anyone's,
    newest first), Enter opens it as decided, and a new decision replaces the old one; the trail keeps both."""
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        first = shown_id(page)
        press_and_wait(page, "1", "Enter")
        page.reload()
        page.fill("#name", "Lan")
        page.keyboard.press("Enter")
        page.wait_for_function("() => window.__shownAt !== undefined")
        seen(page)
        page.keyboard.press("u")  # a new session: nothing of its own to undo
        page.wait_for_selector("text=Không có gì để hoàn tác")
        page.keyboard.press("h")
        page.wait_for_selector("#histlist li")
        seen(page)
        label = page.evaluate("id => current === null && hist.items[0].item === id", first)
        assert label, page.inner_text("#item")
        # a filter typed and Enter pressed before the filtered list came back: Enter waits for the list
        page.evaluate("""() => { const sent = post; post = (url, body) => url === '/api/settled' ?
            new Promise(r => setTimeout(r, 400)).then(() => sent(url, body)) : sent(url, body); }""")
        page.keyboard.type(page.evaluate("() => hist.items[0].where"))
        page.keyboard.press("Enter")
        page.wait_for_selector("#msg.err:has-text('đang được lọc')")
        assert page.evaluate("() => current") is None
        page.wait_for_function("id => !hist.loading && hist.items[0].item === id", arg=first)
        seen(page)
        page.keyboard.press("Enter")
        page.wait_for_function(SHOWN_AGAIN, arg=first)
        assert page.evaluate("() => [...picked]") == ["1"] and "Đã quyết định: 1 · " in page.inner_text("#item")
        press_and_wait(page, "2", "Enter")
    sheet, key = first.split("|")
    mine = [r for r in trail(db) if r.sheet_id == sheet and r.key == key]
    assert [json.loads(r.value) for r in mine] == [["1"], ["2"]]
    assert mine[0].superseded_by == mine[1].id and not mine[1].superseded_by


def test_a_closed_tab_lets_go_of_its_item_at_once(db, template, plan):
    """Closing the tab (not only reloading it) frees the item for another reviewer at once, not a lease later."""
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    other = app.start_session({"reviewer": "An"})["session"]
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        held = shown_id(page)
        with pytest.raises(RequestRefused, match="Lan đang duyệt"):
            app.claim({"session": other, "item": held})
        page.close()
        for _ in range(50):  # the release travels as the tab closes
            try:
                app.claim({"session": other, "item": held})
                break
            except RequestRefused:
                time.sleep(0.1)
        assert app.claim({"session": other, "item": held})["item"]["id"] == held


def test_a_question_with_nothing_left_leaves_the_question_menu(db, template, plan):
    """Like the kind menu, "Xem theo câu hỏi" offers only questions with items waiting: a question whose items
    were all decided in the queue stayed listed as "(0)" until the page was reloaded."""
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        assert not page.evaluate("() => document.querySelector(\"#qview option[value='q2']\").hidden")
        while page.evaluate("() => current && current.key === 'q2'"):
            press_and_wait(page, "1", "Enter")
        assert app.counts()["by_question"].get("q2", 0) == 0
        assert page.evaluate("() => document.querySelector(\"#qview option[value='q2']\").hidden")
        assert page.evaluate("() => [...document.querySelectorAll('#qview option')].filter(o => !o.hidden)"
                             ".every(o => !o.value || !/\\(0\\)$/.test(o.textContent))")
