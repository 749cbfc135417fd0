"""The store's readers hand back named rows, with the states as the vocabulary's enums."""

from __future__ import annotations

import json
from pathlib import Path

from scanner.ingest import PageSource
from scanner.ink import BoxReading
from scanner.pipeline import PageResult, set_aside
from scanner.store import Store
from scanner.store.rows import (
    AsidePage,
    BatchRow,
    FileAccount,
    FileProblem,
    FormPageRow,
    StoredBox,
    StoredImage,
    TextCrop,
)
from scanner.vocab import BoxState, PageReason, PageState, ProblemKind


def test_readers_return_what_was_written(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    b = store.start_batch("Lan", "MS", "2026-12-01", "scan")
    store.add_file("sha1", "stack/a.pdf", 10, 2, b)

    bad = PageSource("stack/a.pdf", 0, "sha1", None, "pdf-render", "trang hỏng", PageReason.unreadable)
    assert store.save_page(bad, set_aside(bad, PageReason.unreadable, "trang hỏng"), b, None) == PageState.set_aside
    good = PageSource("stack/a.pdf", 1, "sha1", None, "pdf-render")
    read = PageResult(good.file, good.index, good.page_id, "px", PageState.form, side=2,
                      readings=[BoxReading("q1", "2", BoxState.marked, 0.9, 0.2, 0.1, 0.8, 0.25, -0.5)],
                      text_crops={"note": b"png-bytes"}, homography=[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    assert store.save_page(good, read, b, b"jpeg-bytes") == PageState.form
    store.record_problem(b, "stack/notes.docx", "không phải tệp quét", ProblemKind.skipped)

    assert store.batch(b) == BatchRow(b, "Lan", "MS", "2026-12-01")
    assert store.set_aside_pages() == [
        AsidePage(bad.page_id, "stack/a.pdf", 0, "unreadable", "trang hỏng", PageState.set_aside, None)]
    assert store.form_pages() == [FormPageRow(good.page_id, 2, 2, None, False, "stack/a.pdf", 1, b)]
    assert store.box_readings(good.page_id) == [StoredBox("q1", "2", BoxState.marked, 0.9, 0.25, -0.5)]
    assert store.problems() == [FileProblem("stack/notes.docx", "không phải tệp quét", "skipped", 0)]
    assert store.page_image(good.page_id) == StoredImage(b"jpeg-bytes", "pdf-render", 2, read.homography)
    assert store.page_image(bad.page_id) is None  # nothing kept of a page that could not be read
    assert store.text_crop(good.page_id, "note") == TextCrop(b"png-bytes", None)
    assert store.file_accounting() == [FileAccount("sha1", "stack/a.pdf", 2, 2, 1, 1, 0)]

    # the stored strings are the ones the schema always had, and the JSON status shows them as such
    raw = store.db.execute("SELECT state, reason FROM pages ORDER BY seq").fetchall()
    assert raw == [("set_aside", "unreadable"), ("form", None)]
    assert json.loads(json.dumps(store.set_aside_pages()[0].to_json()))["state"] == "set_aside"
    store.close()
