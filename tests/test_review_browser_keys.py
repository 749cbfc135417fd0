"""The review page's keys in a real Chromium: what a key does depends on where the cursor is, and keys typed at a
person's speed are never lost nor applied to something the reviewer did not mean."""

from __future__ import annotations

from review_support import chromium, open_page, press_and_wait, seen, serving, shown_id
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
