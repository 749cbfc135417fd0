"""Command line: parses arguments, calls the library, turns errors into one-line messages and exit codes."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import ExitCode, SurveyError
from .plan import DEFAULT_PLAN, load_plan
from .template import DEFAULT_TEMPLATE, load_template

Handler = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, Handler] = {}


def command(name: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        COMMANDS[name] = fn
        return fn

    return register


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
    print(f"{template.source}: {len(template.questions)} questions, {len(template.boxes())} boxes, "
          f"{template.pages} pages — OK")
    print(f"{plan.source}: {len(plan.units)} units, {plan.paper_total} paper forms — OK")
    return 0


@command("forms")
def cmd_forms(args: argparse.Namespace) -> int:
    from .forms import allocation_sheets, blank_sheets, render_forms

    template = load_template(args.template)
    plan = load_plan(args.plan)
    if args.blank is not None:
        if args.blank < 1:
            raise SurveyError("--blank takes a number of sheets, 1 or more")
        sheets = blank_sheets(args.blank)
    else:
        if args.unit and not plan.has_unit(args.unit):
            codes = ", ".join(u.code for u in plan.units)
            raise SurveyError(f"unit {args.unit!r} is not in {plan.source}; use one of: {codes}")
        sheets = allocation_sheets(plan, args.unit)
    pages = render_forms(template, sheets, args.out)
    print(f"{args.out}: {len(sheets)} sheets, {pages} pages")
    return 0


def _store(args: argparse.Namespace):
    from .store import Store

    return Store(args.db)


def _date(value: str | None, flag: str) -> str | None:
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise SurveyError(f"{flag} {value!r} is not a date; write it as YYYY-MM-DD") from None


@command("scan")
def cmd_scan(args: argparse.Namespace) -> int:
    from .batch import scan

    template = load_template(args.template)
    plan = load_plan(args.plan)
    if args.unit and not plan.has_unit(args.unit):
        raise SurveyError(f"--unit {args.unit!r} is not in {plan.source}; use one of: "
                          + ", ".join(u.code for u in plan.units))
    store = _store(args)
    s = scan(store, template, args.paths, args.unit, _date(args.received, "--received"), args.operator,
             args.jobs, progress=not args.quiet, command=" ".join(sys.argv[1:]))
    for message in s.problems:
        print(f"bỏ qua / set aside: {message}", file=sys.stderr)
    from .collate import collate

    sheets = collate(store, template)
    review = sum(1 for sh in sheets if sh.record.status == "needs_review")
    rows = [("Tệp đã đọc (files)", s.files), ("Tệp đã quét trước đó (already scanned)", s.files_skipped),
            ("Tệp trùng nội dung (identical copies)", s.copies),
            ("Trang mới (new pages)", s.pages_new), ("Trang đã có (pages already stored)", s.pages_known),
            ("Trang thuộc phiếu (form pages)", s.states.get("form", 0)),
            ("Trang trùng (duplicates)", s.states.get("duplicate", 0)),
            ("Trang để riêng (set aside)", s.states.get("set_aside", 0))]
    rows += [(f"  - {k}", v) for k, v in sorted(s.reasons.items())]
    rows += [("Tệp bị từ chối (files refused)", len(s.problems)),
             ("Phiếu trong CSDL (sheets in store)", len(sheets)), ("Phiếu chờ duyệt (awaiting review)", review)]
    for k, v in rows:
        print(f"{k:<44} {v:>6}")
    if s.pages_new == 0 and not s.problems:
        print("Không có gì mới: mọi trang đã được lưu trước đó (nothing new: every page was already stored).")
    print(f"{s.seconds:.1f} s, batch {s.batch_id}, {args.db}")
    return int(ExitCode.set_aside) if s.problems else 0


@command("status")
def cmd_status(args: argparse.Namespace) -> int:
    from .collate import collate, online_records

    template = load_template(args.template)
    store = _store(args)
    counts = store.page_counts()
    sheets = collate(store, template)
    online = online_records(store)
    by_status: dict[str, int] = {}
    for sh in sheets:
        by_status[sh.record.status] = by_status.get(sh.record.status, 0) + 1
    sheet_pages = sum(len(sh.group.pages) for sh in sheets)
    out = {"pages": counts, "sheet_pages": sheet_pages, "sheets": len(sheets), "sheets_by_status": by_status,
           "pages_in": counts["pages"] + counts["pages_in_file_copies"],
           "accounted": sheet_pages + counts["set_aside"] + counts["duplicate"] == counts["pages"],
           "set_aside": store.set_aside_pages(), "problems": store.problems(),
           "online": {"rows": len(online), "final": sum(r.status == "final" for r in online),
                      "outside_window": sum(r.in_window is False for r in online),
                      "rows_with_problems": [{"record_id": r.record_id, "source": r.sources[0], "problems": r.problems}
                                             for r in online if r.problems]}}
    if args.json:
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(f"Trang: {counts['pages']}  thuộc phiếu: {counts['form']}  để riêng: {counts['set_aside']}  "
              f"trùng: {counts['duplicate']}")
        print(f"Phiếu: {len(sheets)}  " + "  ".join(f"{k}: {v}" for k, v in sorted(by_status.items())))
        for p in out["set_aside"]:
            print(f"  {p['state']:<10} {p['path']} trang {p['idx'] + 1}: {p['message'] or p['reason'] or ''}")
        for p in out["problems"]:
            print(f"  {p['kind']:<10} {p['message']}")
        o = out["online"]
        print(f"Trực tuyến: {o['rows']} dòng, hợp lệ {o['final']}, ngoài thời gian {o['outside_window']}, "
              f"có vấn đề {len(o['rows_with_problems'])}")
        for r in o["rows_with_problems"]:
            for msg in r["problems"]:
                print(f"  online     {msg}")
    return 0


@command("import-online")
def cmd_import_online(args: argparse.Namespace) -> int:
    from .online import import_api_json, import_table

    template = load_template(args.template)
    plan = load_plan(args.plan)
    path = Path(args.file)
    if not path.is_file():
        raise SurveyError(f"{path}: no such file; check the path")
    if path.suffix.lower() == ".json":
        if not args.mapping:
            raise SurveyError(f"{path}: a Forms API export needs --mapping FILE.json (Google question id -> template id)")
        try:
            mapping = json.loads(Path(args.mapping).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise SurveyError(f"{args.mapping}: cannot read the mapping ({e}); it must be a JSON object") from None
        result = import_api_json(template, plan, path, mapping)
    else:
        result = import_table(template, plan, path)
    store = _store(args)
    added = store.save_online(result.rows, str(path))
    for p in result.file_problems:
        store.record_problem(None, str(path), p, "online_column")
        print(p, file=sys.stderr)
    with_problems = [r for r in result.rows if r.record.problems]
    outside = sum(1 for r in result.rows if r.record.in_window is False)
    print(f"{path}: {len(result.rows)} dòng (rows), {added} mới (new), {len(result.rows) - added} đã có (already imported), "
          f"{len(with_problems)} có vấn đề (with problems), {outside} ngoài thời gian khảo sát (outside the window)")
    for r in with_problems:
        for p in r.record.problems:
            print(f"  {p}")
    return 0


@command("export")
def cmd_export(args: argparse.Namespace) -> int:
    from .collate import all_records
    from .export import to_jsonl, write_csv, write_xlsx

    template = load_template(args.template)
    store = _store(args)
    records = all_records(store, template)
    if args.format == "xlsx":
        if not args.out:
            raise SurveyError("--format xlsx needs --out FILE.xlsx")
        write_xlsx(template, records, Path(args.out), args.labels)
        print(f"{args.out}: {len(records)} records")
        return 0
    text = to_jsonl(records) if args.format == "jsonl" else write_csv(template, records, args.labels)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"{args.out}: {len(records)} records")
    else:
        sys.stdout.write(text)
    return 0


@command("samples generate")
def cmd_samples_generate(args: argparse.Namespace) -> int:
    from .corpus.generate import generate

    template = load_template(args.template)
    plan = load_plan(args.plan)
    profiles = {p: 1.0 for p in args.profiles.split(",")} if args.profiles else None
    counts = generate(template, plan, args.sheets, args.seed, args.out, args.stack_size, profiles, args.kind,
                      args.max_jpeg_quality)
    print(f"{args.out}: {counts['sheets']} sheets, {counts['pages']} pages in {counts['files']} files; "
          f"truth in {Path(args.out) / 'truth.jsonl'}")
    return 0


def _validation(store, template, plan):
    from .collate import all_records
    from .validate import validate

    records = all_records(store, template)
    counts = store.page_counts()
    received = {r.record_id: r.received for r in records if r.channel == "paper"}
    return records, validate(plan, records, received, counts["set_aside"], counts["duplicate"])


@command("validate")
def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import HEADERS_VI, table_text

    template, plan = load_template(args.template), load_plan(args.plan)
    _, v = _validation(_store(args), template, plan)
    print(table_text(v))
    if args.out:
        import pandas as pd

        from .export import neutralise

        frame = pd.DataFrame(v.rows()).rename(columns=HEADERS_VI).map(neutralise)
        out = Path(args.out)
        if out.suffix.lower() == ".xlsx":
            frame.to_excel(out, index=False)
        else:
            out.write_text(frame.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
        print(f"{out}: {len(frame)} đơn vị")
    return 0 if v.ok else int(ExitCode.validation_failed)


@command("tally")
def cmd_tally(args: argparse.Namespace) -> int:
    from .collate import all_records
    from .tally import tally, write

    template, plan = load_template(args.template), load_plan(args.plan)
    t = tally(template, plan, all_records(_store(args), template))
    paths = write(t, Path(args.out))
    resp = t.respondents.set_index("channel")
    print(f"{', '.join(map(str, paths))}: {int(resp.iloc[-1]['final'])} phiếu được tính, "
          f"{int(resp.iloc[-1]['pending'])} phiếu chờ duyệt chưa tính")
    return 0


def _quality(store, sheets, records):
    from .report import Quality

    decisions = store.decisions()
    paper = [r for r in records if r.channel == "paper"]
    counts = store.page_counts()
    settled = sum(1 for d in decisions.values() for k in d if not k.startswith("_"))
    return Quality(
        sheets_total=len(paper),
        sheets_auto=sum(1 for r in paper if r.status == "final" and r.record_id.split(":", 1)[1] not in decisions),
        sheets_reviewed=sum(1 for r in paper if r.record_id.split(":", 1)[1] in decisions),
        questions_settled=settled, sheets_pending=sum(1 for r in paper if r.status == "needs_review"),
        sheets_discarded=sum(1 for r in paper if r.status == "discarded"),
        set_aside=counts["set_aside_reasons"], duplicates=counts["duplicate"] + counts["pages_in_file_copies"],
        online_problem_rows=sum(1 for r in records if r.channel == "online" and r.problems))


@command("report")
def cmd_report(args: argparse.Namespace) -> int:
    from .report import render_html
    from .tally import tally

    template, plan = load_template(args.template), load_plan(args.plan)
    store = _store(args)
    records, v = _validation(store, template, plan)
    t = tally(template, plan, records)
    html_text = render_html(template, plan, t, v, _quality(store, None, records), records)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    html_path = out if out.suffix.lower() in (".html", ".htm") else out.with_suffix(".html")
    html_path.write_text(html_text, encoding="utf-8")
    made = [html_path]
    if out.suffix.lower() == ".pdf" or args.pdf:
        from ._exec.chromium import html_to_pdf

        pdf = out if out.suffix.lower() == ".pdf" else out.with_suffix(".pdf")
        html_to_pdf(html_path, pdf)
        made.append(pdf)
    print(", ".join(map(str, made)))
    return 0


@command("review")
def cmd_review(args: argparse.Namespace) -> int:
    template, plan = load_template(args.template), load_plan(args.plan)
    if args.list or args.trail:
        from .review.queue import KIND_VI, build_items

        store = _store(args)
        if args.trail:
            import csv as csv_

            from .export import neutralise

            rows = list(store.trail())
            with open(args.trail, "w", encoding="utf-8", newline="") as f:
                w = csv_.DictWriter(f, fieldnames=list(rows[0]) if rows else ["id"], lineterminator="\n")
                w.writeheader()
                w.writerows({k: neutralise(v) for k, v in r.items()} for r in rows)
            print(f"{args.trail}: {len(rows)} quyết định (decisions)")
        if args.list:
            items = build_items(store, template)
            for it in items:
                flag = " [để lại]" if it.deferred else ""
                print(f"{KIND_VI[it.kind]:<28} {it.unit or '?':<5} {it.id:<40} {it.confidence:4.2f} "
                      f"{'; '.join(it.reasons)}{flag}")
            print(f"{len(items)} mục chờ duyệt (items awaiting review)")
        return 0
    from .review.server import ReviewApp, make_server

    _store(args).close()
    app = ReviewApp(Path(args.db), template, plan, args.host, args.token)
    try:
        server = make_server(app, args.port)
    except OSError as e:
        raise SurveyError(f"cannot listen on {args.host}:{args.port} ({e.strerror}); choose another --port") from None
    host = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{host}:{server.server_address[1]}/" + (f"?token={app.token}" if app.token else "")
    print(f"Trang duyệt phiếu / review page: {url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


@command("overlay")
def cmd_overlay(args: argparse.Namespace) -> int:
    from .review.images import overlay

    template = load_template(args.template)
    store = _store(args)
    ids = [r[0] for r in store.form_pages()] if args.page == "all" else [args.page]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for pid in ids:
        png = overlay(store, template, pid)
        if png is None:
            raise SurveyError(f"page {pid!r} is not a read form page in {args.db}; see status --json for page ids")
        (out / f"{pid.replace(':', '_')}.png").write_bytes(png)
        written += 1
    print(f"{out}: {written} trang (pages) với ô tô màu theo trạng thái")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="survey", description="Scanned and online survey ballots into tallies.")
    p.add_argument("--template", default=str(DEFAULT_TEMPLATE), help="layout template JSON")
    p.add_argument("--plan", default=str(DEFAULT_PLAN), help="survey plan JSON")
    sub = p.add_subparsers(dest="command", required=True)

    t = sub.add_parser("template", help="inspect the layout template")
    tsub = t.add_subparsers(dest="template_command", required=True)
    tb = tsub.add_parser("boxes", help="every box of the template, one row each")
    tb.add_argument("--format", choices=["csv", "json"], default="csv")
    tsub.add_parser("check", help="validate the template and the plan")

    f = sub.add_parser("forms", help="write print-ready numbered or blank forms as PDF")
    f.add_argument("--out", required=True, help="the PDF to write")
    g = f.add_mutually_exclusive_group()
    g.add_argument("--unit", help="only this unit's numbered sheets")
    g.add_argument("--blank", type=int, metavar="N", help="N un-numbered sheets for photocopying")

    from .batch import default_jobs
    from .corpus.degrade import PROFILES

    sm = sub.add_parser("samples", help="the corpus of generated filled-and-scanned ballots")
    smsub = sm.add_subparsers(dest="samples_command", required=True)
    sg = smsub.add_parser("generate", help="write a corpus with its ground truth")
    sg.add_argument("--sheets", type=int, required=True)
    sg.add_argument("--seed", type=int, default=1)
    sg.add_argument("--out", required=True)
    sg.add_argument("--stack-size", type=int, default=12, help="sheets per scanned file")
    sg.add_argument("--profiles", help=f"comma-separated subset of {','.join(PROFILES)}")
    sg.add_argument("--kind", choices=["pdf", "tiff", "png", "jpg"], help="force one output file type")
    sg.add_argument("--max-jpeg-quality", type=int, default=95)

    sc = sub.add_parser("scan", help="read scanned stacks into the store")
    sc.add_argument("paths", nargs="+", help="PDF, TIFF, JPEG, PNG files or folders")
    sc.add_argument("--unit", help="unit code for sheets whose code cannot be read (blank forms)")
    sc.add_argument("--received", help="date the stack reached the office, YYYY-MM-DD")
    sc.add_argument("--operator", help="who scanned the stack")
    sc.add_argument("--jobs", type=int, default=default_jobs(), help="worker processes (default: cores)")
    sc.add_argument("--quiet", action="store_true", help="no progress bar")
    st = sub.add_parser("status", help="page accounting and sheets by status")
    st.add_argument("--json", action="store_true")
    ex = sub.add_parser("export", help="write the records")
    ex.add_argument("--format", choices=["jsonl", "csv", "xlsx"], default="jsonl")
    ex.add_argument("--out", help="file to write (default: standard output; required for xlsx)")
    ex.add_argument("--labels", action="store_true", help="Vietnamese labels in headers and answers")
    io_ = sub.add_parser("import-online", help="import Google Forms answers (CSV, XLSX or API JSON)")
    io_.add_argument("file")
    io_.add_argument("--mapping", help="for API JSON: Google question id -> template question id (or \"unit\")")
    va = sub.add_parser("validate", help="records against the plan; exits 7 when a unit is short")
    va.add_argument("--out", help="also write the table as CSV or XLSX")
    ta = sub.add_parser("tally", help="counts and percentages for every question (XLSX or a folder of CSV)")
    ta.add_argument("--out", required=True)
    rp = sub.add_parser("report", help="the report in Vietnamese, HTML (and PDF)")
    rp.add_argument("--out", required=True, help="report.html or report.pdf")
    rp.add_argument("--pdf", action="store_true", help="also print a PDF beside the HTML")
    rv = sub.add_parser("review", help="serve the review page (127.0.0.1 unless --host says otherwise)")
    rv.add_argument("--host", default="127.0.0.1")
    rv.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    rv.add_argument("--token", help="access token (required and generated when bound beyond this computer)")
    rv.add_argument("--list", action="store_true", help="list the items awaiting review and exit")
    rv.add_argument("--trail", metavar="FILE.csv", help="write every decision (the audit trail) and exit")
    ov = sub.add_parser("overlay", help="draw each box's state and confidence on a page (for review and tuning)")
    ov.add_argument("page", help="a page id (see status --json or export sources) or 'all'")
    ov.add_argument("--out", default="overlays", help="folder for the PNG files")
    for sp in (sc, st, ex, io_, va, ta, rp, rv, ov):
        sp.add_argument("--db", default="survey.db", help="SQLite database (default: survey.db)")
    return p


def resolve(args: argparse.Namespace) -> Handler:
    name = args.command
    for attr in ("template_command", "samples_command"):
        if getattr(args, attr, None):
            name = f"{name} {getattr(args, attr)}"
    return COMMANDS[name]


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return resolve(args)(args)
    except SurveyError as e:
        print(f"lỗi / error: {e.message}", file=sys.stderr)
        return int(e.exit_code)
    except KeyboardInterrupt:
        print("interrupted; run the same command again to resume", file=sys.stderr)
        return int(ExitCode.interrupted)
    except BrokenPipeError:
        return 0


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()


