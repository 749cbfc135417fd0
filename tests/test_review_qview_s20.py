"""The per-question list in a real Chromium (the s20 trial at 3,000 sheets): a typed date the server cannot read is
corrected in its own cell; the correction went into the next sheet's box, the cursor having moved on."""

from __future__ import annotations

import json

from review_support import chromium, copy_db, open_page, serving, wait_for
from test_review_kinds import every_kind  # noqa: F401  (the store with numbers and dates to type)

from scanner.kinds import Kind
from scanner.review.server import ReviewApp
from scanner.store import Store


def test_an_unreadable_date_is_corrected_in_its_own_cell(every_kind, plan):  # noqa: F811
    db, template = every_kind
    db = copy_db(db, db.with_name("qview_s20.db"))  # a copy: the module's store stays as its other tests expect it
    dated = next(q.id for q in template.questions if q.type == Kind.date)
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        page.select_option("#qview", dated)
        page.wait_for_selector(".qcell.focus input.qtyped:focus")
        cells = page.evaluate("() => qitems.map(x => x.it.id)")
        assert len(cells) >= 2, cells
        page.keyboard.type("31/04/2026")
        page.keyboard.press("Enter")
        wait_for(page, "() => /không có ngày 31/.test(document.getElementById('msg').textContent)")
        wait_for(page, "() => qpos === 0 && document.activeElement === document.querySelector('#qc0 input.qtyped')")
        page.keyboard.press("Control+a")
        page.keyboard.type("30/04/2026")
        page.keyboard.press("Enter")
        wait_for(page, "() => qitems[0].done && /Đã ghi/.test(document.getElementById('msg').textContent)")
    store = Store(db)
    try:
        got = {r.sheet_id: json.loads(r.value) for r in store.trail() if r.key == dated and not r.undone_at}
    finally:
        store.close()
    assert got == {cells[0].split("|")[0]: "30/04/2026"}, got
