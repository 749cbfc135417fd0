"""Pairing a survey's pages reads their index, never their images (s22): every decision's re-derivation after a
restart, and every full derivation, pairs the pages first; by the index of the page's state alone SQLite read each
page's later columns through its image's overflow pages (2 s of 2.6 at 3,000 sheets)."""

from __future__ import annotations

from test_review_browser import base_db, db  # noqa: F401  (the four scanned sheets shared with the browser tests)

from scanner.store import Store


def test_the_form_pages_are_read_from_a_covering_index(db):  # noqa: F811
    store = Store(db)
    try:
        asked: list[str] = []
        store.db.set_trace_callback(lambda sql: asked.append(sql) if "FROM pages p" in sql else None)
        rows = store.form_pages()
        store.db.set_trace_callback(None)
        assert rows and len(asked) == 1, asked
        plan = [r[-1] for r in store.db.execute("EXPLAIN QUERY PLAN " + asked[0])]
        pages = [step for step in plan if step.startswith(("SEARCH p ", "SCAN p "))]
        assert pages and all("pages_form" in step for step in pages), plan  # index holding every column but one
        assert store.db.execute("SELECT COUNT(*) FROM pages WHERE seq <= 0").fetchone()[0] == 0  # none left out
        every = store.db.execute("SELECT COUNT(*) FROM pages WHERE state='form'").fetchone()[0]
        assert len(rows) == every
    finally:
        store.close()
