"""Issue 26 (s23): the review tests' drawn sheets are read once a process, every store still written whole."""

from __future__ import annotations

import sqlite3

import review_support
import test_review

from scanner.cli import main


def _stored(db) -> tuple[list, str]:
    """The store's pages as read (without where their files were) and its records, as export writes them (each
    naming its own folder's files, here STORE)."""
    con = sqlite3.connect(db)
    cols = [c[1] for c in con.execute("PRAGMA table_info(pages)")]
    keep = [c for c in cols if c not in ("file", "path", "stored_at", "scanned_at", "received_at", "batch_id")]
    rows = con.execute(f"SELECT {', '.join(keep)} FROM pages ORDER BY page_id").fetchall()
    con.close()
    out = db.parent / "records.jsonl"
    assert main(["export", "--db", str(db), "--format", "jsonl", "--out", str(out)]) == 0
    return rows, out.read_text(encoding="utf-8").replace(str(db.parent), "STORE")


def test_a_review_stores_drawn_pages_are_read_once_a_process_and_each_store_holds_the_same(tmp_path, template,
                                                                                           monkeypatch):
    """Scanning the review tests' two drawn sheets into two fresh stores (as each PostgreSQL copy of a review test
    does) reads their 8 pages once (1dab861 read them again for every store); both stores hold the same pages and
    records, each page naming its own store's file."""
    from scanner import batch

    monkeypatch.setattr(review_support, "_READINGS", {}, raising=False)
    read: list[str] = []
    real = batch.read_page
    monkeypatch.setattr(batch, "read_page", lambda src, tpl, *a, **k: read.append(src.file) or real(src, tpl, *a, **k))
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = test_review._scan_review_db(tmp_path / "a", template)
    assert len(read) == 8 and all(str(tmp_path / "a") in f for f in read)
    second = test_review._scan_review_db(tmp_path / "b", template)
    assert len(read) == 8  # none read again
    assert _stored(first) == _stored(second)
    con = sqlite3.connect(second)
    files = [r[0] for r in con.execute("SELECT path FROM pages")]
    con.close()
    assert len(files) == 8 and all(str(tmp_path / "b") in f for f in files)
