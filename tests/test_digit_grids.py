"""Number and date questions printed as digit grids, filled by hand and read back from the scan."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from scanner._exec.poppler import render_pages
from scanner.corpus.draw import PENS, Canvas, Pen, draw_mark, write_digit
from scanner.forms import SheetSpec, render_forms
from scanner.ingest import PageSource
from scanner.kinds import Kind
from scanner.layout_digits import digit_grid
from scanner.pipeline import read_page
from scanner.records import build_record
from scanner.rules import StoredReading
from scanner.template import DEFAULT_TEMPLATE, Template, load_template

DPI = 200
K = DPI / 25.4


def grid_template(raw_template, path) -> Template:
    """One side: a 3-digit age (at most 120), a 4-digit decimal with one place and a date, beside the usual frame."""
    raw = {k: raw_template[k] for k in ("schema_version", "survey_id", "template_version", "title", "page_size_mm",
                                        "sheet_code")}
    raw |= {"pages": 1, "lines": [], "sections": [], "breakdowns": [], "texts": [], "questions": [],
            "fiducials": {"dictionary": raw_template["fiducials"]["dictionary"],
                          "marks": [m for m in raw_template["fiducials"]["marks"] if m["page"] == 1]}}
    for qid, kind, columns, decimals, x, extra in (
            ("age", Kind.number, 3, 0, 20.0, {"constraint": ". <= 120", "bands": [0, 18, 60]}),
            ("hours", Kind.number, 4, 1, 58.0, {}), ("on", Kind.date, 8, 0, 100.0, {})):
        g = digit_grid(kind, columns, decimals, 1, x, 70.0)
        raw["texts"] += g.texts
        raw["questions"].append({"id": qid, "type": kind.value, "page": 1, "text": qid, "bubbles": g.bubbles,
                                 "comb": g.comb, "decimals": decimals, **extra})
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return load_template(path)  # the reader reloads it by its path


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("grids")
    template = grid_template(copy.deepcopy(json.loads(DEFAULT_TEMPLATE.read_text(encoding="utf-8"))),
                             tmp / "ballot_layout.json")
    render_forms(template, [SheetSpec("MS", 7)], tmp / "f.pdf")
    return template, render_pages(tmp / "f.pdf", DPI, 1, 1)[0]


def fill(template, image, values: dict[str, str], written: dict[str, str] | None = None, extra=(), seed=0,
         keep: Path | None = None, writing_pen: Pen | None = None):
    """values: question -> one character per column, a digit to mark or "_"; written: the same for the comb
    (defaults to what is marked); extra: (question, column, digit) bubbles marked besides; writing_pen: the comb's
    pen (default: the marks' blue ballpoint)."""
    img = image.copy()
    cv = Canvas(img, K, np.random.default_rng(seed))
    pen = PENS["ballpoint_blue"]
    for qid, text in values.items():
        q = template.question(qid)
        for c, ch in enumerate(text, 1):
            if ch != "_":
                draw_mark(cv, q.option(f"c{c}d{ch}").box, "x", pen)
        for c, ch in enumerate((written or {}).get(qid, text), 1):
            if ch != "_":
                write_digit(cv, q.comb[c - 1], int(ch), writing_pen or pen)
    for qid, c, d in extra:
        draw_mark(cv, template.question(qid).option(f"c{c}d{d}").box, "x", pen)
    data = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes()
    if keep is not None:
        keep.write_bytes(data)
    return read_page(PageSource("p.jpg", 0, "0" * 64, data, "jpeg"), template)


def test_the_template_holds_the_grids(blank):
    template, _ = blank
    age = template.question("age")
    assert (age.type, age.digits, age.decimals, age.bands, len(age.options), len(age.comb)) == (
        Kind.number, 3, 0, (0.0, 18.0, 60.0), 30, 3)
    assert template.question("on").digits == 8
    assert template.choice_questions() == [] and len(template.marked_questions()) == 3


def test_filled_grids_are_read_as_numbers_and_a_date(blank):
    template, image = blank
    res = fill(template, image, {"age": "_42", "hours": "0125", "on": "05122026"})
    got = {q: (r.status, r.answer) for q, r in res.questions.items()}
    assert got == {"age": ("answered", ("42",)), "hours": ("answered", ("12.5",)),
                   "on": ("answered", ("2026-12-05",))}
    machine = {q: StoredReading(r.answer, r.status) for q, r in res.questions.items()}
    rec = build_record(template, "s1", "MS", 7, machine, [], [], {})
    assert rec.answers == {"age": 42, "hours": 12.5, "on": "2026-12-05"}
    assert rec.status == "final"


def test_pen_errors_go_to_review_never_a_wrong_value(blank):
    template, image = blank
    res = fill(template, image, {"age": "_42", "hours": "_45_", "on": "31042026"},
               written={"age": "142", "hours": "_45_", "on": "31042026"}, extra=[("hours", 3, 7)], seed=1)
    assert res.questions["age"].status == "review" and "written_not_marked" in res.questions["age"].reasons
    assert res.questions["hours"].status == "review" and "two_marks_in_column" in res.questions["hours"].reasons
    assert res.questions["on"].status == "review" and "not_a_date" in res.questions["on"].reasons


@pytest.mark.parametrize("gray", [190, 205])
def test_a_faint_digit_written_over_an_unmarked_column_is_asked_about(blank, gray):
    """t13n's F3: a hard pencil one pixel wide, lightly held, wrote the leading digit whose bubble was left
    unmarked; the comb's writing is the only evidence, and without it 142 would be stored as 42, final."""
    template, image = blank
    faint = Pen("faint", gray, 0.13)
    res = fill(template, image, {"age": "_42", "hours": "_125", "on": "05122026"},
               written={"age": "142", "hours": "_125", "on": "05122026"}, seed=4, writing_pen=faint)
    assert res.questions["age"].status == "review" and "written_not_marked" in res.questions["age"].reasons
    assert (res.questions["hours"].status, res.questions["hours"].answer) == ("answered", ("12.5",))
    assert (res.questions["on"].status, res.questions["on"].answer) == ("answered", ("2026-12-05",))


def test_a_number_breaking_its_constraint_flags_the_record(blank):
    template, image = blank
    res = fill(template, image, {"age": "150", "on": "05122026"}, seed=2)
    assert res.questions["age"].answer == ("150",)
    machine = {q: StoredReading(r.answer, r.status) for q, r in res.questions.items()}
    rec = build_record(template, "s2", "MS", 7, machine, [], [], {})
    assert rec.answers["age"] == 150 and rec.logic == {"age": "constraint_broken"} and rec.status == "needs_review"


def test_a_reviewer_settles_a_grid_the_scanner_asked_about_by_typing_its_value(blank, tmp_path):
    from scanner.batch import scan
    from scanner.collate import collate
    from scanner.review.queue import Queue, build_items, decide, validate_value
    from scanner.store import Store

    template, image = blank
    fill(template, image, {"age": "_42", "hours": "0125", "on": "05122026"}, written={"age": "142"}, seed=3,
         keep=tmp_path / "scan.jpg")
    store = Store(tmp_path / "s.db")
    scan(store, template, [str(tmp_path / "scan.jpg")], jobs=1, progress=False)
    items = [it for it in build_items(store, template) if it.kind == "question"]
    assert [(it.key, it.extra["typed"]) for it in items] == [("age", "number")]
    from scanner.review.images import region

    LABEL_BGR = (0, 0, 200)  # the red the option ids were drawn in (main before t13n's T12)

    crop = cv2.imdecode(np.frombuffer(region(store, template, items[0].page_id, "age"), np.uint8), cv2.IMREAD_COLOR)
    assert not np.all(crop == LABEL_BGR, axis=2).any()  # t13n's T12: no "c1d0"… drawn over the grid's ink
    value = validate_value(items[0], "142", set())
    decide(store, Queue(template), items[0], value, "Lan", "", "2026-12-05T09:00:00")
    (sheet,) = collate(store, template)
    assert sheet.record.answers == {"age": 142, "hours": 12.5, "on": "2026-12-05"}
    assert sheet.record.uncertain == []
    store.close()


def test_the_review_crop_holds_the_written_digits_and_the_grid(blank):
    from scanner.review.words import crop_bounds

    template, _ = blank
    for q in template.marked_questions():
        x0, y0, x1, y1 = crop_bounds(template, q)
        boxes = [*q.comb, *(o.box for o in q.options)]
        assert x0 <= min(b.x for b in boxes) and y0 <= min(b.y for b in boxes)
        assert x1 >= max(b.x + b.w for b in boxes) and y1 >= max(b.y + b.h for b in boxes)


@pytest.mark.parametrize("pen", ["pencil_2h", "ballpoint_fine"])
def test_a_hard_pencil_or_fine_pen_digit_left_unmarked_is_seen(blank, pen):
    """A "1" in hard pencil or a fine pen is a few thin grey pixels: still a digit the respondent wrote, so 142
    marked as _42 is asked about, never stored as 42; and an empty first box over the same marks is read as 42."""
    template, image = blank
    for seed in range(3):
        age = fill(template, image, {"age": "_42"}, written={"age": "142"}, seed=seed, writing_pen=PENS[pen]).questions["age"]
        assert age.status == "review" and "written_not_marked" in age.reasons, (seed, age)
        empty = fill(template, image, {"age": "_42"}, written={"age": "_42"}, seed=seed).questions["age"]
        assert (empty.status, empty.answer) == ("answered", ("42",)), seed
