"""Commands for the paper side: the template, forms, scanning, export and overlays (status has its own module)."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from ..errors import ExitCode, SurveyError
from ..online_only import ONLINE_ONLY_FORM
from ..plan import load_plan
from ..store.engine import shown
from ..template import Template, load_template
from ..vocab import RecordStatus
from . import _date, _store, command


@command("template boxes")
def cmd_template_boxes(args: argparse.Namespace) -> int:
    template = load_template(args.template)
    fields = ["page", "question_id", "option_id", "kind", "x_mm", "y_mm", "w_mm", "h_mm"]
    rows = [[b.page, b.question_id, b.option_id, b.kind, b.rect.x, b.rect.y, b.rect.w, b.rect.h]
            for b in template.boxes()]
    if args.format == "json":
        json.dump([dict(zip(fields, r)) for r in rows], sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(fields)
        w.writerows(rows)
    return 0


@command("template check")
def cmd_template_check(args: argparse.Namespace) -> int:
    template = load_template(args.template)
    plan = load_plan(args.plan)
    paper = (f"{len(template.boxes())} ô (boxes), {template.pages} trang (pages)" if template.on_paper
             and not unprintable(template) else "chỉ hỏi trực tuyến (online only)")
    print(f"{template.source}: {template.counts_said()}, {paper} — OK")
    print(f"{plan.source}: {len(plan.units)} đơn vị (units), {plan.paper_total} phiếu giấy (paper forms) — OK")
    return 0


def _check_unit(plan, code: str | None) -> None:
    if code and not plan.has_unit(code):
        codes = ", ".join(u.code for u in plan.units)
        raise SurveyError(f"--unit {code!r}: không có đơn vị này trong {plan.source} / not in the plan; dùng một "
                          f"trong các mã / use one of: {codes}")


def unprintable(template: Template) -> str:
    """Why a form is not printed, in one line ("" when it prints): a booklet longer than the registration marks
    can number (layout.too_long, any language), or letters its fonts have no glyph for or cannot shape
    (Devanagari, Thai…: see scripts), on a form in any language."""
    from ..fonts import missing_glyphs, no_glyphs

    if template.paper_refused:
        return f"{template.source}: {template.paper_refused}"
    missing = missing_glyphs((t.text, t.font) for t in template.texts)
    return no_glyphs(template.source, missing, template.right_to_left) if missing else ""


def _refuse_unprintable(template: Template) -> None:
    """Paper is neither printed nor read for a form `unprintable` names: one line saying why."""
    why = unprintable(template)
    if why:
        raise SurveyError(why)


@command("forms")
def cmd_forms(args: argparse.Namespace) -> int:
    from ..forms import allocation_sheets, blank_sheets, render_forms

    if Path(args.out).suffix.lower() != ".pdf":
        raise SurveyError(f"{args.out}: phiếu in ghi ra tệp .pdf; đặt tên có đuôi .pdf, ví dụ forms.pdf (the forms "
                          "are written as a .pdf file)")
    template = load_template(args.template)
    _refuse_unprintable(template)
    if not template.on_paper:
        print(f"{template.source}: không có gì để in / nothing to print — {ONLINE_ONLY_FORM}")
        return 0
    plan = load_plan(args.plan)
    if args.blank is not None:
        if args.blank < 1:
            raise SurveyError("--blank cần số phiếu từ 1 trở lên / --blank takes a number of sheets, 1 or more")
        sheets = blank_sheets(args.blank)
    else:
        _check_unit(plan, args.unit)
        if args.unit and not plan.unit(args.unit).paper:
            raise SurveyError(f"đơn vị {args.unit} không được phân bổ phiếu giấy trong kế hoạch; in phiếu trắng bằng "
                              "--blank N (the unit has no paper allocation)")
        sheets = allocation_sheets(plan, args.unit)
    pages = render_forms(template, sheets, args.out)
    print(f"{args.out}: {len(sheets)} phiếu, {pages} trang ({len(sheets)} sheets, {pages} pages)")
    return 0


def note_missing_tesseract() -> None:
    """One line, before the work, saying what is skipped on a machine without Tesseract (pip cannot install it)."""
    from .._exec.tesseract import MISSING_NOTE, available

    if not available():
        print(f"lưu ý / note: {MISSING_NOTE}", file=sys.stderr)


@command("scan")
def cmd_scan(args: argparse.Namespace) -> int:
    from ..batch import scan

    template = load_template(args.template)
    _refuse_unprintable(template)
    if not template.on_paper:
        raise SurveyError(f"{template.source}: không có trang giấy nào để đọc / there are no paper pages to read — "
                          f"{ONLINE_ONLY_FORM}")
    plan = load_plan(args.plan)
    _check_unit(plan, args.unit)
    paths, unreached = _reachable(args.paths)
    store = _store(args)
    note_missing_tesseract()
    s = scan(store, template, paths, args.unit, _date(args.received, "--received"), args.operator,
             args.jobs, progress=not args.quiet, command=" ".join(sys.argv[1:]))
    for message in s.problems:
        print(f"bỏ qua / set aside: {message}", file=sys.stderr)
    for message in s.skipped:
        print(f"bỏ qua / skipped: {message}", file=sys.stderr)
    for message in s.notes:
        print(f"lưu ý / note: {message}", file=sys.stderr)
    for file, n in sorted(s.streaked.items()):
        print(f"lưu ý / note: {file}: {n} trang có vệt sọc dọc do máy quét (bụi hoặc vết xước trên kính), đã xoá "
              f"trước khi đọc; hãy lau kính máy quét / {n} page(s) carry a streak drawn by the scanner (dust or a "
              "scratch on its glass), removed before reading; clean the scanner's glass", file=sys.stderr)
    if s.errors_logged:
        print(f"lưu ý / note: {s.errors_logged} trang gặp lỗi không lường trước, đã để riêng; chi tiết trong "
              f"{s.error_log} / {s.errors_logged} pages hit an unexpected error and were set aside; details in "
              f"{s.error_log}", file=sys.stderr)
    from ..collate import collate

    sheets = collate(store, template)
    review = sum(1 for sh in sheets if sh.record.status == RecordStatus.needs_review)
    rows = [("Tệp đã đọc (files)", s.files), ("Tệp đã quét trước đó (already scanned)", s.files_skipped),
            ("Tệp trùng nội dung (identical copies)", s.copies),
            ("Trang mới (new pages)", s.pages_new), ("Trang đã có (pages already stored)", s.pages_known),
            ("Trang thuộc phiếu (form pages)", s.states.get("form", 0)),
            ("Trang trùng (duplicates)", s.states.get("duplicate", 0)),
            ("Trang để riêng (set aside)", s.states.get("set_aside", 0))]
    rows += [(f"  - {k}", v) for k, v in sorted(s.reasons.items())]
    if s.pages_by_other_scan:
        rows.append(("Trang do lần quét song song lưu (stored by a concurrent scan)", s.pages_by_other_scan))
    rows += [("Tệp bị từ chối (files refused)", len(s.problems)),
             ("Tệp không phải ảnh quét (files skipped)", len(s.skipped)),
             ("Phiếu trong CSDL (sheets in store)", len(sheets)), ("Phiếu chờ duyệt (awaiting review)", review)]
    if unreached:
        rows.insert(-2, ("Tệp không mở được, chưa quét (not found, not scanned)", unreached))
    for k, v in rows:
        print(f"{k:<44} {v:>6}")
    if s.pages_new == 0 and not s.problems:
        print("Không có gì mới: mọi trang đã được lưu trước đó (nothing new: every page was already stored).")
    print(f"{s.seconds:.1f} s, batch {s.batch_id}, {shown(str(args.db))}")
    return int(ExitCode.set_aside) if s.problems or unreached else 0


def _reachable(paths: list[str]) -> tuple[list[str], int]:
    """The named paths a scan can open, and how many it cannot; those are said first, one line each, and nothing
    is stored for them. When none is left the scan is refused before the store is opened (or made)."""
    from ..errors import InputFileError
    from ..ingest import unreachable

    missing = unreachable(paths)
    if len(missing) == len(paths):
        raise InputFileError("\n".join(m.message for m in missing))
    for m in missing:
        print(f"không quét / not scanned: {m.message}", file=sys.stderr)
    gone = {m.file for m in missing}
    return [p for p in paths if p not in gone], len(missing)


@command("export")
def cmd_export(args: argparse.Namespace) -> int:
    from ..analyst import dataset
    from ..collate import all_records
    from ..export import column_headers, to_jsonl, write_csv, write_xlsx
    from ..stats_files import codebook_csv, codebook_rows, write_dta, write_sav

    template = load_template(args.template)
    from ..province import provincial

    store = _store(args, existing=True)
    merged = provincial(store, template)  # a provincial store: the districts' records under their plans
    plan, records = (merged.plan, merged.records) if merged else (load_plan(args.plan), None)
    if records is None:
        records = all_records(store, template, plan)
    if args.format in ("xlsx", "sav", "dta"):
        if not args.out:
            raise SurveyError(f"--format {args.format} cần --out TỆP.{args.format} (needs an output file)")
        out = Path(args.out)
        if args.format == "xlsx":
            book = codebook_rows(dataset(template, plan, records), column_headers(template, True)) if args.labels else None
            write_xlsx(template, records, out, args.labels, book)
        else:
            (write_sav if args.format == "sav" else write_dta)(dataset(template, plan, records), out)
        print(f"{args.out}: {len(records)} phiếu (records)")
        return 0
    text = to_jsonl(records) if args.format == "jsonl" else write_csv(template, records, args.labels)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"{args.out}: {len(records)} phiếu (records)")
        if args.format == "csv" and args.labels:
            cb_path = Path(args.out).with_suffix(".codebook.csv")
            cb_path.write_text(codebook_csv(dataset(template, plan, records), column_headers(template, True)),
                               encoding="utf-8")
            print(f"{cb_path}: sổ mã (codebook)")
    else:
        sys.stdout.write(text)
        if args.format == "csv" and args.labels:
            print("sổ mã (codebook) chỉ được ghi khi có --out TỆP.csv (the codebook needs --out)", file=sys.stderr)
    return 0


@command("samples generate")
def cmd_samples_generate(args: argparse.Namespace) -> int:
    from ..corpus.generate import generate

    template = load_template(args.template)
    plan = load_plan(args.plan)
    profiles = {p: 1.0 for p in args.profiles.split(",")} if args.profiles else None
    counts = generate(template, plan, args.sheets, args.seed, args.out, args.stack_size, profiles, args.kind,
                      args.max_jpeg_quality, jobs=args.jobs)
    print(f"{args.out}: {counts['sheets']} phiếu, {counts['pages']} trang trong {counts['files']} tệp; đáp án "
          f"đúng / truth: {Path(args.out) / 'truth.jsonl'} ({counts['sheets']} sheets, {counts['pages']} pages in "
          f"{counts['files']} files)")
    return 0


@command("overlay")
def cmd_overlay(args: argparse.Namespace) -> int:
    from ..review.images import overlay

    template = load_template(args.template)
    store = _store(args, existing=True)
    ids = [r.page_id for r in store.form_pages()] if args.page == "all" else [args.page]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for pid in ids:
        png = overlay(store, template, pid)
        if png is None:
            raise SurveyError(f"{shown(str(args.db))}: không có trang phiếu đã đọc nào mã {pid!r} / no read form page "
                              "with that id; xem mã trang bằng survey status --json")
        (out / f"{pid.replace(':', '_')}.png").write_bytes(png)
        written += 1
    print(f"{out}: {written} trang (pages) với ô tô màu theo trạng thái")
    return 0
