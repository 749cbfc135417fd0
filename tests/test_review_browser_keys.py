"""The review page's keys in a real Chromium: what a key does depends on where the cursor is, and keys typed at a
person's speed are never lost nor applied to something the reviewer did not mean."""

from __future__ import annotations

import json

import pytest
from review_support import chromium, copy_db, open_page, press_and_wait, seen, serving, shown_id
from test_review_browser import base_db, db, trail  # noqa: F401  (fixtures shared with the other browser tests)

from scanner.review.server import ReviewApp


def test_enter_on_the_deferred_checkbox_ticks_it_and_decides_nothing(db, template, plan):  # noqa: F811
    """Enter on "Mục để lại cho người phụ trách" works the checkbox (the deferred items, none here) and never
    confirms the item on screen below it, which has nothing ticked (it stored a blank)."""
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        first = shown_id(page)
        assert first
        page.focus("#deferred")
        page.keyboard.press("Enter")
        page.wait_for_function("() => window.__shownId === ''")
        assert page.is_checked("#deferred") and "Không còn mục để lại" in page.inner_text("#item")
        assert trail(db) == []


def test_the_settled_filter_keeps_every_letter_typed_at_a_typists_speed(db, template, plan):  # noqa: F811
    """Each letter typed into H's filter reloads the list; a reload must not make the next letters count as keys
    meant for the list before it (they were dropped: "stack0001" typed at 90 ms a key held "sak01")."""
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        press_and_wait(page, "1", "Enter")
        press_and_wait(page, "1", "Enter")
        page.keyboard.press("h")
        page.wait_for_selector("#histlist li")
        seen(page)
        wanted = page.evaluate("() => hist.items[1]")
        page.keyboard.type(wanted["where"], delay=90)
        assert page.input_value("#histq") == wanted["where"]
        page.wait_for_function("() => !hist.loading")
        assert wanted["item"] in page.evaluate("() => hist.items.map(x => x.item)")
        assert not page.evaluate("() => window.__dropped")


@pytest.fixture(scope="module")
def many_missing(tmp_path_factory):
    """30 sheets, every other one's back lost (15 sheets missing a side, 8 backs set aside): a search by the
    survey's code lists more sheets than one key can number."""
    from benchmarks.review import build_store

    path = tmp_path_factory.mktemp("many_missing") / "m.db"
    return path, build_store(path, 30, lost_every=2)


def test_a_long_sheet_search_numbers_only_what_one_key_picks(many_missing, template, plan, tmp_path):
    """A search listing more than 9 sheets numbers 1–9 only; the rest are reached with ↓, and Enter attaches the
    sheet lit and named in the bar ("1, 6" meaning the 16th picked the 6th and attached the page to it)."""
    store = copy_db(many_missing[0], tmp_path / "m.db")
    app = ReviewApp(store, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        page.select_option("#kindsel", "page")
        page.wait_for_function("() => !loading && current && current.kind === 'page'")
        seen(page)
        item = shown_id(page)
        page.keyboard.press("/")
        page.keyboard.type(template.survey_id)
        page.keyboard.press("Enter")
        page.wait_for_function("() => pageChoices.length > 10")
        found = page.evaluate("() => pageChoices.map(c => [c.id, c.label])")
        shown = page.eval_on_selector_all("#cands button", "bs => bs.map(b => b.textContent)")
        assert shown == [f"{i + 1} · {label}" for i, (_, label) in enumerate(found[:9])] + [
            label for _, label in found[9:]]
        page.keyboard.press("9")
        page.keyboard.press("ArrowDown")
        target_id, target_label = found[9]
        assert page.eval_on_selector_all("#cands button.on", "bs => bs.map(b => b.textContent)") == [target_label]
        assert target_label in page.inner_text("#confirmbar")
        press_and_wait(page, "Enter")
    mine = [r for r in trail(store) if f"{r.sheet_id}|{r.key}" == item or r.sheet_id == item.split("|")[0]]
    assert [json.loads(r.value) for r in mine] == [target_id]


def test_the_kind_menu_lists_only_kinds_waiting_and_a_new_kind_starts_without_the_old_message(db, template, plan):  # noqa: F811
    """The "Loại mục" menu listed kinds with 0 items ("Trùng số phiếu (0)": hidden options are still reached by the
    arrow keys); and after switching kinds the new item appeared under the previous item's "Đã ghi: …"."""
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        counts = app.counts()["by_kind"]
        listed = page.evaluate("() => [...document.getElementById('kindsel').options].slice(1).map(o => o.value)")
        assert sorted(listed) == sorted(k for k, n in counts.items() if n)
        assert len(listed) < len(page.evaluate("() => CONFIG.kinds"))  # some kinds have nothing waiting here
        press_and_wait(page, "1", "Enter")
        assert page.inner_text("#msg").startswith("Đã ghi")
        other = next(k for k in listed if k != page.evaluate("() => current.kind"))
        before = shown_id(page)
        page.select_option("#kindsel", other)
        page.wait_for_function("id => window.__shownId !== id", arg=before)
        assert page.inner_text("#msg") == ""


def test_a_settled_cell_of_the_question_list_is_corrected_by_keys(db, template, plan):  # noqa: F811
    """t13r S4: ↑ back onto a settled choice cell, number keys were ignored and Enter left the old "Đã ghi" on screen,
    as if the change had been stored. A number key now starts a correction, Enter stores it (the trail keeps both)."""
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        key = page.evaluate("() => current.key")
        page.select_option("#qview", key)
        page.wait_for_function("() => qmode && qitems.length > 1 && qitems[0].held === null")
        page.wait_for_function("() => performance.now() - (window.__cellAt || 0) > CONFIG.key_guard_ms")
        page.keyboard.press("1")
        page.keyboard.press("Enter")
        page.wait_for_function("() => (window.__qdoneAt || []).length === 1")
        first = page.evaluate("() => qitems[0].it")
        page.wait_for_function("() => performance.now() - (window.__cellAt || 0) > CONFIG.key_guard_ms")
        page.keyboard.press("k")
        page.wait_for_function("() => qpos === 0")
        page.keyboard.press("2")
        assert "Sửa" in page.inner_text("#msg")
        page.keyboard.press("Enter")
        page.wait_for_function("() => (window.__qdoneAt || []).length === 2")
    mine = [r for r in trail(db) if f"{r.sheet_id}|{r.key}" == first["id"]]
    second = first["choices"][1]["id"]
    assert [(json.loads(r.value), bool(r.superseded_by)) for r in mine] == [
        ([first["choices"][0]["id"]], True), ([second], False)]


def test_going_back_to_a_deferred_item_lights_nothing_and_enter_keeps_the_deferral(db, template, plan):  # noqa: F811
    """t13r F5 (paper): ← onto an item left for a supervisor lit the machine's reading, and the Enter meant to keep
    it stored that reading over the deferral. Nothing is lit now: Enter asks (nothing chosen), D keeps it deferred."""
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        first = shown_id(page)
        assert page.evaluate("() => current.machine.length") > 0
        press_and_wait(page, "d")
        press_and_wait(page, "ArrowLeft")
        assert shown_id(page) == first and page.evaluate("() => [...picked]") == []
        assert "để lại" in page.inner_text("#msg")
        page.keyboard.press("Enter")
        page.wait_for_selector("#msg.err:has-text('Enter lần nữa')")
    mine = [json.loads(r.value) for r in trail(db) if f"{r.sheet_id}|{r.key}" == first
            and not r.superseded_by and not r.undone_at]
    assert mine == [{"deferred": True}]
