"""Commands after scanning: online answers, validation, tally, report and review."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import ExitCode, SurveyError
from ..plan import load_plan
from ..template import load_template
from . import _store, command


@command("import-online")
def cmd_import_online(args: argparse.Namespace) -> int:
    from ..online import import_api_json, import_table

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


def _validation(store, template, plan):
    from ..collate import all_records
    from ..validate import validate

    records = all_records(store, template)
    counts = store.page_counts()
    received = {r.record_id: r.received for r in records if r.channel == "paper"}
    return records, validate(plan, records, received, counts["set_aside"], counts["duplicate"])


@command("validate")
def cmd_validate(args: argparse.Namespace) -> int:
    from ..validate import HEADERS_VI, table_text

    template, plan = load_template(args.template), load_plan(args.plan)
    _, v = _validation(_store(args), template, plan)
    print(table_text(v))
    if args.out:
        import pandas as pd

        from ..formulas import neutralise

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
    from ..collate import all_records
    from ..tally import tally, write

    template, plan = load_template(args.template), load_plan(args.plan)
    t = tally(template, plan, all_records(_store(args), template))
    paths = write(t, Path(args.out))
    resp = t.respondents.set_index("channel")
    print(f"{', '.join(map(str, paths))}: {int(resp.iloc[-1]['final'])} phiếu được tính, "
          f"{int(resp.iloc[-1]['pending'])} phiếu chờ duyệt chưa tính")
    return 0


def _quality(store, sheets, records):
    from ..report import Quality

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
    from ..report import render_html
    from ..tally import tally

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
        from .._exec.chromium import html_to_pdf

        pdf = out if out.suffix.lower() == ".pdf" else out.with_suffix(".pdf")
        html_to_pdf(html_path, pdf)
        made.append(pdf)
    print(", ".join(map(str, made)))
    return 0


@command("review")
def cmd_review(args: argparse.Namespace) -> int:
    template, plan = load_template(args.template), load_plan(args.plan)
    if args.list or args.trail:
        from ..review.queue import KIND_VI, build_items

        store = _store(args)
        if args.trail:
            import csv as csv_

            from ..formulas import neutralise

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
                print(f"{KIND_VI[it.kind]:<26} {it.unit or '?':<5} {it.sheet_label:<16} {it.key:<14} "
                      f"{it.confidence:4.2f} {'; '.join(it.reasons)}{flag}")
            print(f"{len(items)} mục chờ duyệt (items awaiting review)")
        return 0
    from ..review.security import is_loopback, lan_addresses
    from ..review.server import ReviewApp, make_server

    _store(args).close()
    app = ReviewApp(Path(args.db), template, plan, args.host, args.token)
    try:
        server = make_server(app, args.port)
    except OSError as e:
        raise SurveyError(f"cannot listen on {args.host}:{args.port} ({e.strerror}); choose another --port") from None
    port = server.server_address[1]
    hosts = [args.host]
    if args.host in ("0.0.0.0", "::", ""):
        hosts = lan_addresses() or ["127.0.0.1"]  # 0.0.0.0 cannot be opened from another computer
    for h in hosts:
        shown = f"[{h}]" if ":" in h else h
        url = f"http://{shown}:{port}/" + (f"?token={app.token}" if app.token else "")
        print(f"Trang duyệt phiếu / review page: {url}", flush=True)
    if not is_loopback(args.host):
        print("Mở được từ máy khác trong mạng; chỉ gửi địa chỉ này (kèm mã truy cập) cho người duyệt "
              "(open to the network: share this address and its token only with reviewers)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0
