"""Commands for the paper side: the template, forms, scanning, the store's accounting and export."""

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
from ..vocab import RecordStatus, SheetFlag
from . import TO_MAP, _date, _store, command, to_map_lines


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
    store = _store(args)
    note_missing_tesseract()
    s = scan(store, template, args.paths, args.unit, _date(args.received, "--received"), args.operator,
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
    for k, v in rows:
        print(f"{k:<44} {v:>6}")
    if s.pages_new == 0 and not s.problems:
        print("Không có gì mới: mọi trang đã được lưu trước đó (nothing new: every page was already stored).")
    print(f"{s.seconds:.1f} s, batch {s.batch_id}, {shown(str(args.db))}")
    return int(ExitCode.set_aside) if s.problems else 0


def _province_status(store, as_json: bool) -> int:
    """A provincial store's status: every merged district, its records and what still waits for review there."""
    from ..province import district_summary

    rows = district_summary(store)
    meta = store.province_meta()
    out = {"province": (meta.to_json() if meta else {}) | {"districts": rows},
           "records": sum(r["records"] for r in rows), "pages": sum(r["pages"] for r in rows)}
    if as_json:
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    print(f"Kho của tỉnh (provincial store): {len(rows)} huyện, {out['records']} bản ghi (records), "
          f"{out['pages']} trang (pages)")
    print(f"{'Huyện':<8} {'Tên':<24} {'Bản ghi':>8} {'Giấy':>6} {'T.tuyến':>8} {'Chờ duyệt':>10}  Gửi lúc / nguồn")
    for r in rows:
        waiting = sum(r["awaiting_review"].values())
        print(f"{r['district']:<8} {r['name'][:24]:<24} {r['records']:>8} {r['paper']:>6} {r['online']:>8} "
              f"{waiting:>10}  {r['merged_at']} {r['source']}")
    return 0


@command("status")
def cmd_status(args: argparse.Namespace) -> int:
    from ..collate import collate, pair, unsheeted
    from ..online import derive_online

    template = load_template(args.template)
    store = _store(args, existing=True)
    if store.province_districts():
        return _province_status(store, args.json)
    counts = store.page_counts()
    paired = pair(store, template)
    sheets = collate(store, template, paired=paired)
    loose = unsheeted(store, paired)  # form pages that are no sheet's side: set aside until attached
    derived = derive_online(store, template, load_plan(args.plan))
    online = derived.records
    by_status: dict[str, int] = {}
    for sh in sheets:
        by_status[sh.record.status] = by_status.get(sh.record.status, 0) + 1
    sheet_pages = sum(len(sh.group.pages) for sh in sheets)
    files = store.file_accounting()
    short = [{"path": f.path, "pages": f.pages, "stored": f.stored, "missing": (f.pages or 0) - f.stored}
             for f in files if f.stored != f.pages]
    attached = _attached_pages(store)
    waiting = _waiting(store, store.set_aside_pages() + loose, sheets, template.pages)
    out = {"pages": counts.to_json(), "sheet_pages": sheet_pages, "sheets": len(sheets), "sheets_by_status": by_status,
           "pages_in": counts.pages + counts.pages_in_file_copies,
           "files": len(files), "files_not_accounted": short,
           # a set-aside page attached to a sheet is counted among that sheet's pages now, so once only
           "accounted": sheet_pages + counts.set_aside + len(loose) - len(attached) + counts.duplicate == counts.pages
           and not short
           and store.pages_without_file() == 0,
           "set_aside": [p.to_json() for p in store.set_aside_pages() + loose],
           "set_aside_attached": sorted(attached), "problems": [p.to_json() for p in store.problems()],
           "waiting": waiting,
           "online": {"rows": len(online), "final": sum(r.status == RecordStatus.final for r in online),
                      "needs_review": sum(r.status == RecordStatus.needs_review for r in online),
                      "discarded": sum(r.status == RecordStatus.discarded for r in online),
                      "files": [f.source for f in derived.files], "file_notices": derived.notices,
                      "edited": sum(1 for r in online if len(r.sources) > 1),
                      "to_map": [{"kind": u.kind, "text": u.text, "question": u.question, "suggestion": u.suggestion,
                                  "count": n, "command": u.command()} for u, n in derived.unsettled.items()],
                      "outside_window": sum(r.in_window is False for r in online),
                      "by_tool": _by_tool(online),
                      "rejected": [r.record_id for r in online if SheetFlag.rejected in r.flags and r.status == RecordStatus.discarded],
                      "rows_with_problems": [{"record_id": r.record_id, "source": r.sources[0], "problems": r.problems}
                                             for r in online if r.problems]}}
    # a script running status learns from the exit code that pages wait for a person (as scan's own exit 6)
    code = int(ExitCode.set_aside) if not out["accounted"] or any(waiting.values()) else 0
    if args.json:
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(f"Trang: {counts.pages}  thuộc phiếu: {counts.form - len(loose)}  "
              f"để riêng: {counts.set_aside + len(loose) - len(attached)}"
              + (f" (đã gắn vào phiếu: {len(attached)})" if attached else "") + f"  trùng: {counts.duplicate}")
        print(f"Phiếu: {len(sheets)}  " + "  ".join(f"{RecordStatus.label_of(k).lower()} ({k}): {v}"
                                                  for k, v in sorted(by_status.items())))
        if out["accounted"]:
            print(f"Sổ trang khớp: mọi trang của {len(files)} tệp đều có trạng thái (every page accounted for)")
        else:
            print(f"SỔ TRANG KHÔNG KHỚP: {len(short)} tệp còn trang chưa lưu (pages not accounted for)")
        for f in short:
            print(f"  thiếu      {f['path']}: {f['pages']} trang, đã lưu {f['stored']}, thiếu {f['missing']}; "
                  f"chạy lại scan với tệp này / {f['missing']} of {f['pages']} pages missing: scan this file again")
        for p in out["set_aside"]:
            if p["page_id"] in attached:
                continue
            print(f"  {p['state']:<10} {p['path']} trang {p['idx'] + 1}: {p['message'] or p['reason'] or ''}")
        for p in out["problems"]:
            print(f"  {p['kind']:<10} {p['message']}")
        for sheet, sides in waiting["sheets_missing_pages"].items():
            print(f"  thiếu      {sheet}: thiếu trang {', '.join(map(str, sides))}; quét trang đó, hoặc quyết định "
                  "trên trang duyệt (survey review) / a sheet missing pages: scan them, or settle it in the review page")
        if code:
            print(f"CÒN VIỆC: {_waiting_said(waiting, len(short))}; mã thoát {code} / pages wait for a person "
                  f"(exit {code})")
        o = out["online"]
        print(online_summary(o["rows"], len(o["files"]), o["final"], o["needs_review"], o["discarded"],
                             o["outside_window"], o["edited"], len(o["rows_with_problems"])))
        if o["by_tool"]:
            print("  theo công cụ (by tool): " + ", ".join(f"{k} {n}" for k, n in o["by_tool"].items())
                  + (f"; bị từ chối trên công cụ, không tính (rejected, not counted): {len(o['rejected'])}"
                     if o["rejected"] else ""))
        for msg in o["file_notices"]:
            print(f"  online     {msg}")
        if o["to_map"]:
            print(TO_MAP)
            print("\n".join(to_map_lines(derived.unsettled)))
        for r in o["rows_with_problems"]:
            print(f"  online     {r['record_id']}:")
            for msg in r["problems"]:
                print(f"    {msg}")
        if o["rows_with_problems"]:
            print("Quyết định từng dòng (settle each row): trên trang duyệt, survey review (in the review page), hoặc "
                  "bằng lệnh (or by command): survey settle-online MÃ --answer CÂU=GIÁ_TRỊ | --unit MÃ_ĐƠN_VỊ | "
                  "--accept | --discard --reviewer TÊN")
    return code


def _waiting(store, aside: list, sheets: list, sides: int) -> dict:
    """What still waits for a person in the paper accounting: set-aside pages no one has decided on (attached,
    discarded, to rescan) and sheets whose missing pages are neither scanned nor settled."""
    from ..review.sheet_items import sheet_label
    from ..vocab import DecisionKey, PageState

    decided = store.decisions(prefix="page:")
    return {"pages_set_aside": [p.page_id for p in aside if p.state == PageState.set_aside
                                and DecisionKey.page not in decided.get(f"page:{p.page_id}", {})],
            "sheets_missing_pages": {sheet_label(sh): sh.group.missing(sides) for sh in sheets
                                     if SheetFlag.missing_page in sh.record.flags
                                     and sh.record.status != RecordStatus.discarded}}


def _waiting_said(waiting: dict, files_short: int) -> str:
    parts = [f"{files_short} tệp còn trang chưa lưu (chạy lại scan)"] if files_short else []
    if waiting["pages_set_aside"]:
        parts.append(f"{len(waiting['pages_set_aside'])} trang để riêng chưa quyết định (survey review)")
    if waiting["sheets_missing_pages"]:
        parts.append(f"{len(waiting['sheets_missing_pages'])} phiếu thiếu trang")
    return ", ".join(parts)


def online_summary(rows: int, files: int, final: int, review: int, discarded: int, outside: int, edited: int,
                   problems: int) -> str:
    """The online answers in one line whose figures add up: every answer is valid, awaiting review or discarded;
    those outside the window, edited or with problems are among them (an answer outside the window is counted
    unless validate, tally and report are given --outside-window exclude)."""
    return (f"Trực tuyến: {rows} câu trả lời từ {files} tệp = {final} hợp lệ + {review} chờ duyệt + {discarded} bị "
            f"loại; trong đó {outside} gửi ngoài thời gian khảo sát (mặc định vẫn được tính), {edited} đã sửa, {problems} có "
            "vấn đề")


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


def _by_tool(online: list) -> dict[str, int]:
    """Online records by the tool that collected them, whatever their status."""
    from ..online.channels import channel_label

    out: dict[str, int] = {}
    for r in online:
        label = channel_label(r.via or "google")
        out[label] = out.get(label, 0) + 1
    return dict(sorted(out.items()))


def _attached_pages(store) -> set[str]:
    """Set-aside pages a reviewer attached to a sheet: they are that sheet's side now, not pages still to settle
    (status kept counting them as set aside)."""
    from ..review.attachment import Attachment
    from ..vocab import DecisionKey

    return {sid[len("page:"):] for sid, keys in store.decisions(prefix="page:").items()
            if Attachment.parse(getattr(keys.get(DecisionKey.page), "value", None)) is not None}
