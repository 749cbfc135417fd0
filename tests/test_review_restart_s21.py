"""The review server's start at survey size (s21): the queue a former run stored is taken as it is when nothing it
was derived from changed (at 3,000 sheets deriving it again took 4.5-8.5 s of every start, 45 s under load), and
derived again when the form or the plan it was derived under changed, or decisions were stored behind it."""

from __future__ import annotations

import dataclasses
import sqlite3

from test_review_browser import base_db, db  # noqa: F401  (the four scanned sheets shared with the browser tests)

from scanner.review.derive import derive
from scanner.review.server import ReviewApp
from scanner.store import Store


def _writes_of(path, start) -> int:
    """How many times the store was written by another connection while `start` ran (SQLite's data_version)."""
    watch = sqlite3.connect(path)
    try:
        before = watch.execute("PRAGMA data_version").fetchone()[0]
        start()
        return watch.execute("PRAGMA data_version").fetchone()[0] - before
    finally:
        watch.close()


def _start(path, template, plan) -> None:
    ReviewApp(path, template, plan, "127.0.0.1", None).close()


def _open(path) -> list[tuple[str, str, str]]:
    """(item, question or flag, title) of every open item as the store holds the queue."""
    store = Store(path)
    try:
        return [(it.id, it.key, it.data["title"]) for it in store.review_open_items()]
    finally:
        store.close()


def test_a_restart_takes_the_stored_queue_and_serves_what_a_full_derivation_gives(db, template, plan):  # noqa: F811
    assert _writes_of(db, lambda: _start(db, template, plan)) > 0  # the first start derives and stores the queue
    assert _writes_of(db, lambda: _start(db, template, plan)) == 0  # the next one finds it current: nothing derived
    store = Store(db)
    try:
        _, items = derive(store, template, plan=plan)  # what deriving it all again would serve
    finally:
        store.close()
    assert sorted(it.id for it in items) == sorted(i for i, _, _ in _open(db))


def test_a_form_edited_between_runs_derives_the_queue_again(db, template, plan):  # noqa: F811
    _start(db, template, plan)
    q = next(q for q in template.questions if q.id == "q2")
    edited = dataclasses.replace(template, questions=tuple(
        dataclasses.replace(x, text="Câu hỏi đã sửa lời") if x is q else x for x in template.questions))
    assert _writes_of(db, lambda: _start(db, edited, plan)) > 0
    titles = [t for _, key, t in _open(db) if key == "q2"]
    assert titles and all("Câu hỏi đã sửa lời" in t for t in titles), titles
    assert _writes_of(db, lambda: _start(db, template, plan)) > 0  # and back under the form as it was


def test_the_first_decision_after_a_restart_does_not_pair_every_page_itself(db, template, plan):  # noqa: F811
    """A start that takes the stored queue (deriving nothing) pairs the pages beside serving the first item: the first
    decision of the day re-derives its sheet from that pairing, where it read every page of the store first (2-3 s
    at 3,000 sheets under load)."""
    _start(db, template, plan)
    started: list[ReviewApp] = []
    assert _writes_of(db, lambda: started.append(ReviewApp(db, template, plan, "127.0.0.1", None))) == 0  # restarted
    app = started[0]
    try:
        pairing = getattr(app, "_pairing", None)
        if pairing is not None:
            pairing.join(30)
        session = app.start_session({"reviewer": "Lan"})["session"]
        shown = app.next({"session": session})["item"]
        store = app.store()
        reads: list[str] = []
        store.db.set_trace_callback(lambda sql: reads.append(sql) if "FROM pages p" in sql else None)
        app.decide({"session": session, "item": shown["id"], "value": {"deferred": True}, "advance": False})
        store.db.set_trace_callback(None)
        assert reads == [], reads
    finally:
        app.release()
        app.close()
    store = Store(db)
    try:  # and the decision is stored and its item left the queue, as without the pairing made ahead
        left = store.decisions(include_deferred=True)
        assert any(isinstance(d.value, dict) and d.value.get("deferred") for ds in left.values() for d in ds.values())
        assert shown["id"] in {it.id for it in store.review_open_items() if it.deferred}
    finally:
        store.close()


def test_an_online_download_imported_while_reviewers_work_derives_the_online_items_alone(db, template, plan):  # noqa: F811
    """import-online while the server runs: the next request derived the whole queue (every sheet's readings read,
    8 s at 3,000 sheets, 20-45 s under load, every reviewer waiting); only the online items change."""
    from benchmarks.review import import_faulty_online

    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    try:
        paper_before = sorted(it.id for it in _items(db) if not it.kind.online)
        import_faulty_online(db)  # the sample download with an unknown unit, an answer near an option, bad times
        store = app.store()
        reads: list[str] = []
        store.db.set_trace_callback(lambda sql: reads.append(sql) if "FROM question_readings" in sql else None)
        counts = app.counts()
        store.db.set_trace_callback(None)
        assert reads == [], reads
    finally:
        app.release()
        app.close()
    stored = _items(db)
    check = Store(db)
    try:
        _, items = derive(check, template, plan=plan)  # what deriving it all again gives
    finally:
        check.close()
    assert sorted(it.id for it in stored) == sorted(it.id for it in items)
    assert any(it.kind.online for it in stored) and counts["open"] == len([it for it in stored if not it.deferred])
    assert sorted(it.id for it in stored if not it.kind.online) == paper_before


def _items(path):
    store = Store(path)
    try:
        return store.review_open_items()
    finally:
        store.close()
