"""Every kind of item the page's kind menu can list, chosen from the menu by keyboard in a real Chromium and
settled by keyboard: paper questions (choices, a number, a date), handwriting, an unknown unit, a missing side,
a reused serial, a flag the page has no name for, a set-aside page, and the four online problems.

The store holds a small form built from an XLSForm (choices, a number, a date, handwriting, two sides), sheets
drawn with known marks and scanned for real, a page of other paperwork, and an online download with its faults
written in. What the menu should offer is counted from the store's own derivation, never written here.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import cv2
import numpy as np
import pytest
from review_support import SHOWN_OTHER, K, chromium, copy_db, open_page, seen, serving, wait_for

from scanner import collate as collate_module
from scanner._exec.poppler import render_pages
from scanner.cli import main
from scanner.corpus.draw import PENS, Canvas, draw_mark, scribble, write_digit
from scanner.corpus.generate import other_document
from scanner.corpus.online import responses
from scanner.forms import SheetSpec, render_forms
from scanner.layout import build_layout
from scanner.questionnaire import load_questionnaire
from scanner.review.queue import build_items
from scanner.review.server import ReviewApp
from scanner.store import Store
from scanner.template import Template, load_template
from scanner.vocab import ItemKind, RecordStatus

UNNAMED_FLAG = "stamp_missing"  # a sheet flag no kind names: the page's fallback (keep or discard the sheet)
PEN = PENS["ballpoint_blue"]
PLAIN = {"s1": ["2"], "ways": ["1"], "s2": ["1"], "s3": ["2"], "s4": ["3"]}


def _form(path: Path) -> Path:
    from openpyxl import Workbook

    survey = [{"type": "select_one level", "name": "s1", "label": "Đánh giá việc thứ 1 của cơ quan, đơn vị"},
              {"type": "select_multiple way", "name": "ways", "label": "Biết tin qua kênh nào?"},
              {"type": "integer", "name": "people", "label": "Số người trong hộ", "digits": "3"},
              {"type": "date", "name": "on", "label": "Ngày trả lời"}]
    survey += [{"type": "select_one level", "name": f"s{i}", "label": f"Đánh giá việc thứ {i} của cơ quan, đơn vị"}
               for i in (2, 3, 4)]
    survey.append({"type": "text", "name": "note", "label": "Ý kiến khác"})
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(["type", "name", "label", "digits"])
    for row in survey:
        ws.append([row.get(c) for c in ("type", "name", "label", "digits")])
    ch = wb.create_sheet("choices")
    ch.append(["list_name", "name", "label"])
    for i, label in enumerate(("Rất tốt", "Tốt", "Bình thường", "Chưa tốt", "Kém"), 1):
        ch.append(["level", str(i), label])
    for i, label in enumerate(("Báo chí", "Truyền hình", "Hội nghị"), 1):
        ch.append(["way", str(i), label])
    st = wb.create_sheet("settings")
    st.append(["form_id", "form_title", "unit_question"])  # the Google Form asks the unit (as settings must, s17)
    st.append(["KINDS", "Phiếu thử mọi loại mục", "Đơn vị công tác hoặc xã, thị trấn nơi cư trú"])
    wb.save(path)
    return path


def _sheet(template: Template, tmp: Path, spec: SheetSpec, marks: dict[str, list[str]],
           digits: dict[str, str], extra: tuple[tuple[str, int, str], ...] = ()) -> list[np.ndarray]:
    """Both sides, boxes marked, digits written in their comb and marked in their grid ("_" leaves a column)."""
    render_forms(template, [spec], tmp / f"f{spec.serial}.pdf")
    pages = [p.copy() for p in render_pages(tmp / f"f{spec.serial}.pdf", 200, 1, 2)]
    rng = np.random.default_rng(spec.serial)
    for side, img in enumerate(pages, start=1):
        cv = Canvas(img, K, rng)
        for q in template.questions:
            if q.page != side:
                continue
            if q.type == "text" and q.id in marks:
                scribble(cv, q.area, PEN, 6)
            elif q.type != "text":
                for oid in marks.get(q.id, []):
                    draw_mark(cv, q.option(oid).box, "x", PEN)
            for c, ch in enumerate(digits.get(q.id, ""), 1):
                if ch != "_":
                    draw_mark(cv, q.option(f"c{c}d{ch}").box, "x", PEN)
                    write_digit(cv, q.comb[c - 1], int(ch), PEN)
        for qid, c, d in extra:
            q = template.question(qid)
            if q.page == side:
                draw_mark(cv, q.option(f"c{c}d{d}").box, "x", PEN)
    return pages


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory, plan):
    """(store, template): sheet MS/1 with two marks on a single choice, a number with two marks in a column, 31
    April and handwriting, scanned twice (a photocopy); MS/2 with its front only; a blank form (no unit); a
    page of other paperwork; twelve online answers with an unknown unit, an impossible time, an answer close to
    an option and a column the form does not have."""
    tmp = tmp_path_factory.mktemp("review_kinds")
    layout = tmp / "layout.json"
    layout.write_text(json.dumps(build_layout(load_questionnaire(_form(tmp / "form.xlsx"))), ensure_ascii=False),
                      encoding="utf-8")
    template = load_template(layout)
    assert template.pages == 2
    a = _sheet(template, tmp, SheetSpec("MS", 1), {**PLAIN, "s1": ["1", "3"], "note": []},
               {"people": "_42", "on": "31042026"}, (("people", 3, "7"),))
    b = _sheet(template, tmp, SheetSpec("MS", 2), PLAIN, {"people": "_17", "on": "01112023"})
    blank = _sheet(template, tmp, SheetSpec(None, 0), PLAIN, {"people": "_30", "on": "02112023"})
    scans = tmp / "scans"
    scans.mkdir()
    copy = [cv2.GaussianBlur(p, (3, 3), 0) for p in a]
    for name, pages in (("a", a), ("b", b[:1]), ("c", copy), ("d", blank)):
        for i, img in enumerate(pages):
            cv2.imwrite(str(scans / f"{name}_{i}.jpg"), img, [cv2.IMWRITE_JPEG_QUALITY, 90])
    cv2.imwrite(str(scans / "z_other.jpg"), other_document(np.random.default_rng(3), a[0].shape[:2]))
    db = tmp / "kinds.db"
    assert main(["--template", str(layout), "scan", str(scans), "--db", str(db), "--quiet", "--jobs", "1"]) in (0, 6)
    rows = list(csv.reader(io.StringIO(responses(template, plan, 12, 5)[0])))
    rows[2][1] = "Xa Ban Lang moi"
    rows[3][0] = "31/02/2023 25:00:00"
    rows[4][rows[0].index(template.question("s2").online_title)] = "Rất là tốt"
    rows[0].append("Ghi chú văn phòng")
    for r in rows[1:]:
        r.append("đã gọi điện")
    with (tmp / "responses.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    assert main(["--template", str(layout), "import-online", str(tmp / "responses.csv"), "--db", str(db)]) == 0
    return db, template


@pytest.fixture()
def flagged(monkeypatch):
    """No paper flag reaches the page's fallback kind today (each has its own); one a later reader may raise is
    put on sheet MS/2 where records are built, until a decision settles it."""
    build = collate_module.build_record

    def with_flag(template, sheet_id, unit, serial, machine, flags, sources, decisions, manual):
        if serial == 2:
            flags = [*flags, UNNAMED_FLAG]
        return build(template, sheet_id, unit, serial, machine, flags, sources, decisions, manual)

    monkeypatch.setattr(collate_module, "build_record", with_flag)


def _open(db: Path, template: Template, plan) -> Counter[str]:
    store = Store(db)
    try:
        return Counter(str(it.kind) for it in build_items(store, template, plan) if not it.deferred)
    finally:
        store.close()


def _menu(page) -> dict[str, str]:
    return dict(page.evaluate("() => [...document.getElementById('kindsel').options].filter(o => !o.hidden)"
                              ".map(o => [o.value, o.textContent])"))


def _choose_by_keyboard(page, kind: str) -> None:
    """K puts the cursor on the kind menu, arrows move it (the first item of the kind under it shows at once),
    Enter hands the keys back to the item."""
    _move_menu(page, kind)
    # the item the menu asked for on screen (not one of the same kind shown before, which it replaces)
    wait_for(page, "k => !loading && current && current.kind === k && document.activeElement.id !== 'kindsel'", kind)


def _move_menu(page, kind: str) -> None:
    page.keyboard.press("Escape")
    page.keyboard.press("k")
    assert page.evaluate("() => document.activeElement.id") == "kindsel"
    values = page.evaluate("() => [...document.getElementById('kindsel').options].filter(o => !o.disabled)"
                           ".map(o => o.value)")
    for _ in range(len(values) * 2):
        at = page.evaluate("() => document.getElementById('kindsel').value")
        if at == kind:
            break
        page.keyboard.press("ArrowDown" if values.index(at) < values.index(kind) else "ArrowUp")
    page.keyboard.press("Enter")


def _settle_by_keyboard(page) -> dict:
    """One decision on the item on screen, keys only; returns the item as it was shown."""
    seen(page)
    it = page.evaluate("() => current")
    _answer_by_keyboard(page, it)
    wait_for(page, SHOWN_OTHER, it["id"])
    return it


def _answer_by_keyboard(page, it: dict) -> None:
    """The keys that settle the item `it`, as a reviewer presses them, Enter last."""
    kind = it["kind"]
    if kind == "text":
        page.keyboard.type("Cần tăng cường tập huấn")
    elif kind == "question" and it["extra"].get("typed"):
        page.keyboard.type("30/04/2026" if it["extra"]["typed"] == "date" else "42")
    elif kind in ("unit", "online_unit"):
        page.keyboard.type("1")  # the cursor is in the number field: the plan's first unit
    elif kind == "online_column":
        page.keyboard.type("0")  # the office's own notes: left out
    elif kind == "online_row":
        if page.locator("#unitcode").count():  # a unit the plan does not know: typed in its field
            page.focus("#unitcode")
            page.keyboard.type("1")
    elif kind == "page":
        page.keyboard.press("l")  # set aside for good: not one of this survey's sheets
    elif kind == "sheet_flag":
        page.keyboard.press(str([c["id"] for c in it["choices"]].index("discard") + 1))
    elif kind != "online_answer":  # an answer close to an option comes with that option chosen
        page.keyboard.press("1")
    page.keyboard.press("Enter")


def test_every_kind_in_the_menu_leads_to_its_items_and_each_is_settled_by_keyboard(every_kind, flagged, tmp_path,
                                                                                     plan):
    db = copy_db(every_kind[0], tmp_path / "k.db")
    template = every_kind[1]
    waiting = _open(db, template, plan)
    assert set(waiting) == set(ItemKind.values()), f"the store lacks a kind: {set(ItemKind.values()) - set(waiting)}"
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    session = app.start_session({"reviewer": "An"})["session"]
    for kind in waiting:  # the API's kind filter leads to each kind too
        assert app.next({"session": session, "kind": kind})["item"]["kind"] == kind
    app.let_go({"session": session})
    typed = set()
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        menu = _menu(page)
        assert {k: label for k, label in menu.items() if k} == \
            {k: f"{ItemKind(k).label} ({n})" for k, n in waiting.items()}
        for kind in ItemKind:  # in the menu's order, every entry in turn
            _choose_by_keyboard(page, kind)
            shown = page.inner_text("#item")
            assert "Phiếu Phiếu" not in shown and "Phiếu Tệp" not in shown and "Phiếu Trực" not in shown, shown
            if kind == ItemKind.page:
                assert "Tệp z_other.jpg, trang 1" in shown  # a page on its own is named by where it lies
            settled = 0
            while page.evaluate("() => current && current.kind") == kind:
                it = _settle_by_keyboard(page)
                assert not page.evaluate("() => document.getElementById('msg').className"), \
                    page.inner_text("#msg")
                typed.add(it["extra"].get("typed"))
                settled += 1
            assert settled >= 1 and page.query_selector("#allkinds"), kind  # its items done: the end of the kind
            now = app.counts()["by_kind"]
            assert now.get(kind, 0) == 0 and int(_menu(page).get(kind, "(0)").rsplit("(", 1)[1][:-1]) == 0
        assert {"number", "date"} <= typed
        page.keyboard.press("Enter")
        page.wait_for_selector("text=Đã duyệt xong hàng chờ")
    assert _open(db, template, plan) == Counter()
    store = Store(db)
    try:
        trail = [r for r in store.trail() if not r.undone_at and not r.superseded_by]
        assert {r.reviewer for r in trail} == {"Lan"}
        [second] = [s.record for s in collate_module.collate(store, template) if s.record.sheet_serial == 2]
        assert second.status == RecordStatus.discarded  # "Loại phiếu" on the unnamed flag discards the sheet
        assert [json.loads(r.value) for r in trail if r.key == f"_{UNNAMED_FLAG}"] == ["discard"]
    finally:
        store.close()


def test_keys_typed_while_the_menus_item_is_on_its_way_are_not_used_and_the_reviewer_is_told(every_kind, tmp_path,
                                                                                                plan):
    """The kind menu moved by keys asks for its kind's first item; until it comes, the item on screen (of that kind
    too, perhaps the very same) is being replaced. A reviewer at speed types its value and Enter meanwhile: those
    keys were applied to the item about to go (a date typed into its box, cut in two when the answer redrew it,
    "30/04/2026" sent as "04/2026"; or all of them, settling it, and then the late answer put the settled item back
    on screen). They must be applied to nothing, and the page must say they were not used; the item that comes is
    then settled by the same keys, once. The answer is held back here (as a loaded server or network does) by
    routing the request, not by waiting any given time."""
    db = copy_db(every_kind[0], tmp_path / "k.db")
    app = ReviewApp(db, every_kind[1], plan, "127.0.0.1", None)
    held: list = []
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        on_screen = page.evaluate("() => current")
        assert on_screen["kind"] == "question", on_screen  # questions come first in the queue
        page.route("**/api/next", lambda route: held.append((route, route.fetch())))
        _move_menu(page, "question")
        while not held:
            page.wait_for_timeout(20)
        assert page.evaluate("() => current.id") == on_screen["id"]  # the menu's answer held back: this item stays
        _answer_by_keyboard(page, on_screen)
        wait_for(page, "() => document.getElementById('msg').textContent !== ''")
        said = page.evaluate("() => [document.getElementById('msg').textContent, document.getElementById('msg').className]")
        assert _trail(db) == [], said  # nothing settled by keys meant for an item being replaced
        assert said[0].startswith("Chưa dùng ") and said[1] == "err", said
        route, answer = held.pop()
        route.fulfill(response=answer)
        seen(page)
        it = page.evaluate("() => current")
        assert it["kind"] == "question", it
        _answer_by_keyboard(page, it)
        wait_for(page, SHOWN_OTHER, it["id"])
        assert not page.evaluate("() => document.getElementById('msg').className"), page.inner_text("#msg")
        assert not held
    assert [f"{r.sheet_id}|{r.key}" for r in _trail(db)] == [it["id"]]


def _trail(db: Path) -> list:
    store = Store(db)
    try:
        return [r for r in store.trail() if not r.undone_at and not r.superseded_by]
    finally:
        store.close()


def test_a_reloaded_page_gets_its_item_back_at_once(every_kind, tmp_path, plan):
    """A reload is a new session; the old one lets go of its item as the page goes, not a lease later."""
    db = copy_db(every_kind[0], tmp_path / "k.db")
    app = ReviewApp(db, every_kind[1], plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        page.select_option("#kindsel", "online_column")  # with the mouse: the keys go back to the item
        page.wait_for_function("() => !loading && current && current.kind === 'online_column'")
        held = page.evaluate("() => current.id")
        page.reload()
        page.fill("#name", "Lan")
        page.keyboard.press("Enter")
        page.wait_for_function("() => window.__shownAt !== undefined")
        page.select_option("#kindsel", "online_column")
        page.wait_for_function("() => !loading && current && current.kind === 'online_column'", timeout=5000)
        assert page.evaluate("() => current.id") == held


def test_a_kind_held_by_another_reviewer_is_said_so_and_enter_returns_to_every_kind(every_kind, tmp_path, plan):
    db = copy_db(every_kind[0], tmp_path / "k.db")
    app = ReviewApp(db, every_kind[1], plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        lan, an = open_page(browser, url, "Lan"), open_page(browser, url, "An")
        lan.select_option("#kindsel", "online_column")
        lan.wait_for_function("() => !loading && current && current.kind === 'online_column'")
        an.keyboard.press("Escape")  # out of the item's field, if the cursor is in one
        an.keyboard.press("k")
        for _ in range(len(ItemKind)):
            if an.evaluate("() => document.getElementById('kindsel').value") == "online_column":
                break
            an.keyboard.press("ArrowDown")
        an.keyboard.press("Enter")
        an.wait_for_selector("#allkinds")
        seen(an)
        assert "Cột trực tuyến chưa khớp câu hỏi" in an.inner_text("#end h2")
        assert "1 mục loại này đang được người khác duyệt" in an.inner_text("#end")
        an.keyboard.press("Enter")
        an.wait_for_function("() => !loading && current && document.getElementById('kindsel').value === ''")
        assert an.evaluate("() => current.id") != lan.evaluate("() => current.id")
