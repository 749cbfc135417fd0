"""The queue of one unit in a real Chromium (the s20 trial at 3,000 sheets): the server served one unit's items
(`/api/next` takes `unit`), but the page had no way to ask for them, so reviewers could not share a survey by unit."""

from __future__ import annotations

from review_support import chromium, copy_db, open_page, seen, serving, wait_for
from test_review_browser_keys import many_missing  # noqa: F401  (30 sheets of every unit, backs missing)

from scanner.review.server import ReviewApp
from scanner.store import Store


def test_the_unit_menu_serves_one_units_items_until_none_is_left(many_missing, template, plan, tmp_path):  # noqa: F811
    db = copy_db(many_missing[0], tmp_path / "m.db")
    app = ReviewApp(db, template, plan, "127.0.0.1", None)  # derives the stored queue
    store = Store(db)
    try:
        open_by_unit: dict[str, int] = {}
        for it in store.review_open_items():
            if it.unit and not it.deferred:
                open_by_unit[it.unit] = open_by_unit.get(it.unit, 0) + 1
    finally:
        store.close()
    unit, n = min(open_by_unit.items(), key=lambda kv: kv[1])  # the unit with fewest items: settled to its end
    assert len(open_by_unit) > 1 and n <= 12, open_by_unit
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        page.select_option("#unitsel", unit)
        wait_for(page, "u => !loading && current && current.unit === u", unit)
        seen(page)
        settled = []
        for _ in range(n + 1):
            it = page.evaluate("() => current")
            if it is None:
                break
            assert it["unit"] == unit, it
            settled.append(it["id"])
            page.keyboard.press("Escape")
            page.keyboard.press("d")  # left for a supervisor: out of this reviewer's queue
            wait_for(page, "id => !loading && window.__shownId !== id", it["id"])
            seen(page)
        assert len(settled) == n
        assert "Không còn mục của đơn vị" in page.inner_text("#item")
        page.keyboard.press("Enter")  # back to every unit
        wait_for(page, "() => !loading && current && document.getElementById('unitsel').value === ''")
