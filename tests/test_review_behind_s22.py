"""Decisions stored behind a running review server by another process (s22): a settlement by command, a second
station on the same store, an undo there. The next request re-derived the whole queue (3 s at 3,000 sheets, 18-21 s
under load, every reviewer waiting); now only the sheets those decisions touch, and the queue is still exactly what a
full derivation gives."""

from __future__ import annotations

from test_review_browser import base_db, db  # noqa: F401  (the four scanned sheets shared with the browser tests)

from scanner.records import Decision
from scanner.review.derive import derive
from scanner.review.server import ReviewApp
from scanner.store import Store, now
from scanner.vocab import ItemKind

FULL = "UPDATE review_items SET settled=1 WHERE settled=0"  # the whole queue put aside before storing it anew


def _watched(app: ReviewApp, ask):
    """What `ask` returned, and whether the queue was derived in full meanwhile (the store's own SQL, traced)."""
    store = app.store()
    full: list[str] = []
    store.db.set_trace_callback(lambda sql: full.append(sql) if sql.strip().startswith(FULL) and "IN (" not in sql
                                else None)
    try:
        return ask(), bool(full)
    finally:
        store.db.set_trace_callback(None)


def _derived(path, template, plan) -> list[tuple[str, bool]]:
    store = Store(path)
    try:
        return sorted((it.id, it.deferred) for it in derive(store, template, plan=plan)[1])
    finally:
        store.close()


def _stored(path) -> list[tuple[str, bool]]:
    store = Store(path)
    try:
        return sorted((it.id, it.deferred) for it in store.review_open_items())
    finally:
        store.close()


def test_a_decision_stored_by_another_process_derives_its_sheet_alone(db, template, plan):  # noqa: F811
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    try:
        session = app.start_session({"reviewer": "Lan"})["session"]
        shown = app.next({"session": session})["item"]
        other = Store(db)  # another process: a second station's decision, or one made by command
        try:
            target = next(it for it in other.review_open_items() if it.id != shown["id"] and it.kind == ItemKind.question)
            other.add_decision(Decision(target.sheet_id, target.key, ["1"], "Minh", now(), None, ""))
        finally:
            other.close()
        counts, full = _watched(app, app.counts)
        assert not full
        assert target.id not in {i for i, _ in _stored(db)}  # the decided item left the queue
        assert counts["open"] == len([1 for _, deferred in _stored(db) if not deferred])
        assert _stored(db) == _derived(db, template, plan)
    finally:
        app.release()
        app.close()


def test_an_undo_stored_behind_the_queue_brings_the_item_back_without_a_full_derivation(db, template, plan):  # noqa: F811
    a = ReviewApp(db, template, plan, "127.0.0.1", None)
    b = ReviewApp(db, template, plan, "127.0.0.1", None)  # a second station on the same store
    try:
        sa = a.start_session({"reviewer": "Lan"})["session"]
        sb = b.start_session({"reviewer": "Minh"})["session"]
        first = b.next({"session": sb})["item"]
        b.decide({"session": sb, "item": first["id"], "value": {"deferred": True}, "advance": False})
        b.release()
        shown, full = _watched(a, lambda: a.next({"session": sa})["item"])
        assert not full and shown["id"] != first["id"]
        a.release()
        other = Store(db)  # the undo stored, but not the queue (that station stopped before it could)
        try:
            assert other.undo_last(sb) is not None
        finally:
            other.close()
        _, full = _watched(a, a.counts)
        assert not full
        assert (first["id"], False) in _stored(db)  # undone: the item waits again, no longer deferred
        assert _stored(db) == _derived(db, template, plan)
    finally:
        a.release()
        b.release()
        a.close()
        b.close()


def test_a_decision_racing_another_station_keeps_both_sheets_right(db, template, plan):  # noqa: F811
    """Station B stores the queue between station A's decision and A's own update of it: A brought the whole queue up
    to date from scratch; it now catches up the decisions since it last looked, its own among them."""
    a = ReviewApp(db, template, plan, "127.0.0.1", None)
    b = ReviewApp(db, template, plan, "127.0.0.1", None)
    try:
        sa = a.start_session({"reviewer": "Lan"})["session"]
        sb = b.start_session({"reviewer": "Minh"})["session"]
        ia = a.next({"session": sa})["item"]
        ib = b.next({"session": sb})["item"]
        assert ia["id"] != ib["id"]
        store = a.store()
        before = store.review_stored_generation()
        store.add_decision(Decision(ia["sheet_id"], ia["key"], {"deferred": True}, "Lan", now(), None, ""), sa)
        b.decide({"session": sb, "item": ib["id"], "value": {"deferred": True}, "advance": False})  # B stores first
        b.release()
        _, full = _watched(a, lambda: a.queue.after_decision(store, ia["sheet_id"], before))
        assert not full
        deferred = {i for i, d in _stored(db) if d}
        assert {ia["id"], ib["id"]} <= deferred
        assert _stored(db) == _derived(db, template, plan)
    finally:
        a.release()
        b.release()
        a.close()
        b.close()
