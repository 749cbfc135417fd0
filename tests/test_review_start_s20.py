"""The review queue derived whole (the review server's start, the s20 trial at 3,000 sheets): every page's readings
are read from the store once, not once for collating and again for the items (each whole read was a third of the
server's start at 3,000 sheets)."""

from __future__ import annotations

from test_review_browser import base_db, db  # noqa: F401  (the four scanned sheets shared with the browser tests)

from scanner.review.derive import derive
from scanner.store import Store


def test_a_whole_derivation_reads_the_readings_once_and_gives_the_same_items(db, template, plan):  # noqa: F811
    store = Store(db)
    try:
        reads: list[str] = []
        store.db.set_trace_callback(lambda sql: reads.append(sql) if "FROM question_readings" in sql else None)
        rows, items = derive(store, template, plan=plan)
        store.db.set_trace_callback(None)
        assert len(reads) == 1, reads
        sid = rows[0].sheet_id  # one sheet alone is derived as before, from its own pages' readings
        _, alone = derive(store, template, only={sid})
        assert alone
        assert [it.id for it in alone] == [it.id for it in items if it.sheet_id == sid]
    finally:
        store.close()
