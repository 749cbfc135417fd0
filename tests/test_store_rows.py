"""The store's readers hand back named rows, with the states as the vocabulary's enums."""

from __future__ import annotations

import json
from pathlib import Path

from scanner.ingest import PageSource
from scanner.ink import BoxReading
from scanner.pipeline import PageResult, set_aside
from scanner.records import Record
from scanner.rules import QuestionResult, StoredReading
from scanner.store import Store
from scanner.store.rows import (
    AsidePage,
    BatchRow,
    FileAccount,
    FileProblem,
    FormPageRow,
    PageCounts,
    ProvinceDistrict,
    ProvinceMeta,
    StoredBox,
    StoredImage,
    TextCrop,
)
from scanner.vocab import (
    AnswerStatus,
    BoxState,
    PageReason,
    PageState,
    ProblemKind,
    RecordChannel,
    RecordStatus,
    ReviewReason,
)


def test_readers_return_what_was_written(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    b = store.start_batch("Lan", "MS", "2026-12-01", "scan")
    store.add_file("sha1", "stack/a.pdf", 10, 2, b)

    bad = PageSource("stack/a.pdf", 0, "sha1", None, "pdf-render", "trang hỏng", PageReason.unreadable)
    assert store.save_page(bad, set_aside(bad, PageReason.unreadable, "trang hỏng"), b, None) == PageState.set_aside
    good = PageSource("stack/a.pdf", 1, "sha1", None, "pdf-render")
    read = PageResult(good.file, good.index, good.page_id, "px", PageState.form, side=2,
                      readings=[BoxReading("q1", "2", BoxState.marked, 0.9, 0.2, 0.1, 0.8, 0.25, -0.5)],
                      questions={"q1": QuestionResult("q1", ("2",), AnswerStatus.review, (ReviewReason.stray_ink,), 0.8)},
                      text_crops={"note": b"png-bytes"}, homography=[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    assert store.save_page(good, read, b, b"jpeg-bytes") == PageState.form
    store.record_problem(b, "stack/notes.docx", "không phải tệp quét", ProblemKind.skipped)

    assert store.batch(b) == BatchRow(b, "Lan", "MS", "2026-12-01")
    assert store.set_aside_pages() == [
        AsidePage(bad.page_id, "stack/a.pdf", 0, "unreadable", "trang hỏng", PageState.set_aside, None)]
    assert store.form_pages() == [FormPageRow(good.page_id, 2, 2, None, False, "stack/a.pdf", 1, b, "sha1")]
    assert store.question_readings([good.page_id]) == {
        "q1": StoredReading(("2",), AnswerStatus.review, ("stray_ink",), 0.8, good.page_id)}
    assert store.all_question_readings() == {good.page_id: store.question_readings()}
    assert store.box_readings(good.page_id) == [StoredBox("q1", "2", BoxState.marked, 0.9, 0.25, -0.5)]
    assert store.problems() == [FileProblem("stack/notes.docx", "không phải tệp quét", "skipped", 0)]
    assert store.page_image(good.page_id) == StoredImage(b"jpeg-bytes", "pdf-render", 2, read.homography)
    assert store.page_image(bad.page_id) is None  # nothing kept of a page that could not be read
    assert store.text_crop(good.page_id, "note") == TextCrop(b"png-bytes", None)
    assert store.file_accounting() == [FileAccount("sha1", "stack/a.pdf", 2, 2, 1, 1, 0)]
    store.record_problem(b, "stack/a copy.pdf", "bản sao", ProblemKind.copy, pages=2)
    assert store.page_counts() == PageCounts(pages=2, form=1, set_aside=1, duplicate=0,
                                             set_aside_reasons={"unreadable": 1}, files_refused=0, file_copies=1,
                                             pages_in_file_copies=2)

    # the stored strings are the ones the schema always had, and the JSON status shows them as such
    raw = store.db.execute("SELECT state, reason FROM pages ORDER BY seq").fetchall()
    assert raw == [("set_aside", "unreadable"), ("form", None)]
    assert json.loads(json.dumps(store.set_aside_pages()[0].to_json()))["state"] == "set_aside"
    store.close()


def test_province_readers_return_what_a_district_sent(tmp_path: Path) -> None:
    """A district's facts go in as JSON (as `merge` writes them) and come back as named rows; facts an older
    version did not send read as 0, and the districts' counts sum field by field."""
    store = Store(tmp_path / "p.db")
    assert store.province_districts() == [] and store.province_meta() is None
    counts = PageCounts(pages=5, form=4, set_aside=1, set_aside_reasons={"blank": 1})
    record = Record("PT/s1", RecordChannel.paper, "PT-KD", 1, RecordStatus.final, {"q1": ["2"]}, [])
    store.province_put("PT", "pt.db", "d1", '{"units": []}', {"name": "Phong Thổ", "counts": counts.to_json(),
                       "quality": {"sheets_pending": 2}, "merged_at": "2026-12-06T01:00:00+00:00"},
                       [record.to_json()], ProvinceMeta("Tổng hợp", "Tỉnh ủy"))
    store.province_put("TU", "tu.db", "d2", "{}", {"name": "Tam Đường", "counts": {"pages": 3, "set_aside": 2,
                       "set_aside_reasons": {"blank": 2}}}, [], ProvinceMeta("Tổng hợp", "Tỉnh ủy"))
    pt, tu = store.province_districts()
    assert pt == ProvinceDistrict("PT", "pt.db", '{"units": []}', "Phong Thổ", counts, {"sheets_pending": 2},
                                  "2026-12-06T01:00:00+00:00")
    assert tu == ProvinceDistrict("TU", "tu.db", "{}", "Tam Đường",
                                  PageCounts(pages=3, set_aside=2, set_aside_reasons={"blank": 2}), {}, None)
    assert PageCounts.total([pt.counts, tu.counts]) == PageCounts(pages=8, form=4, set_aside=3,
                                                                   set_aside_reasons={"blank": 3})
    assert store.province_meta() == ProvinceMeta("Tổng hợp", "Tỉnh ủy")
    assert store.province_records() == [record]
    store.close()
