"""Commands after scanning: online answers, validation, tally, report and review."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from ..errors import ExitCode, MissingDependencyError, SurveyError
from ..plan import load_plan
from ..template import load_template
from ..vocab import ItemKind, RecordChannel, RecordStatus
from . import TO_MAP, _date, _store, command, to_map_lines


@command("import-online")
def cmd_import_online(args: argparse.Namespace) -> int:
    from ..online import import_file

    template = load_template(args.template)
    plan = load_plan(args.plan)
    path = Path(args.file)
    if not path.is_file():
        raise SurveyError(f"{path}: không có tệp này (no such file); kiểm tra đường dẫn / check the path")
    mapping = None
    if path.suffix.lower() == ".json":
        if not args.mapping:
            raise SurveyError(f"{path}: tệp Forms API cần --mapping TỆP.json (a Forms API export needs --mapping: "
                              "Google question id -> template id)")
        try:
            mapping = json.loads(Path(args.mapping).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise SurveyError(f"{args.mapping}: không đọc được bảng ánh xạ ({type(e).__name__}); tệp phải là một "
                              "đối tượng JSON / it must be a JSON object") from None
        if not isinstance(mapping, dict):
            raise SurveyError(f"{args.mapping}: bảng ánh xạ phải là một đối tượng JSON (must be a JSON object)")
    from ..online.channels import Channel

    source = Channel(args.source) if getattr(args, "source", None) else None
    rep = import_file(_store(args), template, plan, path, mapping, source)
    if not rep.stored:
        print(f"{path}: tệp này đã được nhập trước đó, không có gì thay đổi (the same file was imported before; "
              "nothing changes)")
        return 0
    for notice in rep.derived.files[-1].notices:
        print(notice, file=sys.stderr)
    mine = rep.file_records()
    with_problems = [r for r in mine if r.problems]
    outside = sum(1 for r in mine if r.in_window is False)
    rejected = rep.rejected()
    # figures that add up as read: the rows are new or already imported (the edited among the latter); problems
    # and answers outside the window are among this file's answers, not beside them
    print(f"{path} ({rep.via.label}): {rep.rows} dòng (rows) {'gồm' if rep.rows == rep.new + rep.known else '—'} "
          f"{rep.new} mới (new), {rep.known} đã có (already imported), {rep.edited} sửa (edited) trong số đã có; "
          f"{len(with_problems)} có vấn đề (with problems), {outside} gửi ngoài thời gian khảo sát, mặc định vẫn được "
          "tính (outside the window, counted by default)")
    if rejected:
        print(f"  {len(rejected)} bài nộp bị từ chối trên {rep.via.label}: đã lưu, không tính (rejected by the tool's "
              "reviewers: stored, not counted); tính lại bằng survey settle-online MÃ --accept --reviewer TÊN")
        for r in rejected:
            print(f"    {r.record_id}")
    gone = rep.absent()
    if gone:
        print(f"  {len(gone)} câu trả lời của lần tải trước không còn trong tệp này (absent from this download: "
              "deleted on the form, or edited); chưa tính, chờ người duyệt xác nhận / not counted until settled:")
        for r in gone:
            src = r.sources[0] if r.sources else {}
            print(f"    {r.record_id}: {str(src.get('file', '?')).replace(chr(92), '/').rsplit('/', 1)[-1]}, dòng {src.get('row', '?')}, "
                  f"gửi lúc {r.submitted_at or 'không rõ'}")
    for r in with_problems:
        print(f"  {r.record_id}:")
        for p in r.problems:
            print(f"    {p}")
    if rep.derived.unsettled:
        print(TO_MAP)
        print("\n".join(to_map_lines(rep.derived.unsettled)))
    return 0


@command("map-unit")
def cmd_map_unit(args: argparse.Namespace) -> int:
    from ..online import map_unit, online_records

    plan = load_plan(args.plan)
    store = _store(args)
    d = map_unit(store, plan, args.text, args.code, args.reviewer, args.comment)
    n = sum(1 for r in online_records(store, load_template(args.template), plan) if r.unit == args.code)
    print(f"\"{d.value['text']}\" → {args.code} ({plan.unit(args.code).name}); {d.reviewer}, {d.at}. "
          f"Trực tuyến của {args.code}: {n} (online records of this unit now)")
    return 0


@command("map-column")
def cmd_map_column(args: argparse.Namespace) -> int:
    from ..online import derive_online, map_column

    template = load_template(args.template)
    store = _store(args)
    d = map_column(store, template, args.title, args.question, args.reviewer, args.comment)
    derived = derive_online(store, template, load_plan(args.plan))
    print(f"\"{d.value['text']}\" → {args.question}; {d.reviewer}, {d.at}. Trực tuyến: {len(derived.records)} "
          f"dòng, có vấn đề {sum(1 for r in derived.records if r.problems)} (online records, with problems)")
    return 0


@command("map-answer")
def cmd_map_answer(args: argparse.Namespace) -> int:
    from ..online import derive_online, map_answer

    template = load_template(args.template)
    store = _store(args)
    d = map_answer(store, template, args.text, args.question, args.option, args.reviewer, args.comment)
    derived = derive_online(store, template, load_plan(args.plan))
    q = template.question(args.question)
    label = "bỏ qua, không tính phương án nào / left out" if args.option == "-" else q.option(args.option).label
    print(f"\"{d.value['text']}\" → {args.question} {args.option} \"{label}\"; {d.reviewer}, {d.at}. Trực tuyến: "
          f"{len(derived.records)} dòng, có vấn đề {sum(1 for r in derived.records if r.problems)}")
    return 0


@command("settle-online")
def cmd_settle_online(args: argparse.Namespace) -> int:
    from ..online import settle_online

    answers = {}
    for a in args.answer or []:
        qid, sep, value = a.partition("=")
        if not sep:
            raise SurveyError(f"--answer {a!r}: viết MÃ_CÂU=PHƯƠNG_ÁN, ví dụ q2=3 hoặc q1=2,4 (write QUESTION=OPTIONS)")
        answers[qid.strip()] = value
    template, plan = load_template(args.template), load_plan(args.plan)
    rec = settle_online(_store(args), template, plan, args.record, answers, args.unit, args.accept, args.discard,
                        args.reviewer, args.comment)
    print(f"{rec.record_id}: {rec.status}, đơn vị {rec.unit or '?'}; vấn đề còn lại (problems left): {len(rec.problems)}")
    for p in rec.problems:
        print(f"  {p}")
    return 0


def _count(args: argparse.Namespace):
    """What validate, tally and report read: the store's own records under the command's plan or, for a
    provincial store, the districts' merged records under the plan made of theirs (scanner/province.py)."""
    from dataclasses import replace

    from ..collate import all_records, pair, unsheeted
    from ..online.columns import unit_asked
    from ..province import provincial
    from ..validate import validate

    template = load_template(args.template)
    store = _store(args, existing=True)
    merged = provincial(store, template)
    if merged is None:
        plan = load_plan(args.plan)
        records = all_records(store, template, plan)
        counts, quality = store.page_counts(), None
        counts = replace(counts, set_aside=counts.set_aside + len(unsheeted(store, pair(store, template))))
    else:
        plan, records, counts, quality = merged.plan, merged.records, merged.counts, merged.quality
    received = {r.record_id: r.received for r in records if r.channel == RecordChannel.paper}
    v = validate(plan, records, received, counts.set_aside, counts.duplicate, unit_asked(template))
    return store, template, plan, records, v, quality


@command("validate")
def cmd_validate(args: argparse.Namespace) -> int:
    from ..validate import HEADERS_VI, summary_lines, table_text

    _, _, _, _, v, _ = _count(args)
    print(table_text(v))
    if args.out:
        import pandas as pd

        from ..formulas import neutralise
        from ..xlsx_cells import guard_sheet

        frame = pd.DataFrame(v.rows()).convert_dtypes().rename(columns=HEADERS_VI)
        out = Path(args.out)
        if out.suffix.lower() == ".xlsx":  # guarded by the cells' quotePrefix style, no apostrophe in the text
            with pd.ExcelWriter(out, engine="openpyxl") as book:
                frame.to_excel(book, sheet_name="Kiểm tra kế hoạch", index=False, freeze_panes=(1, 2))
                pd.DataFrame({"Tóm tắt": summary_lines(v)}).to_excel(book, sheet_name="Tóm tắt", index=False)
                for ws in book.sheets.values():
                    guard_sheet(ws)
        else:
            out.write_text(frame.map(neutralise).to_csv(index=False, lineterminator="\n"), encoding="utf-8")
        print(f"{out}: {len(frame)} dòng (đơn vị và cộng khối)")
    return 0 if v.ok else int(ExitCode.validation_failed)


def _window(args: argparse.Namespace) -> bool:
    return getattr(args, "outside_window", "include") == "include"


@command("tally")
def cmd_tally(args: argparse.Namespace) -> int:
    from ..tally import tally
    from ..workbook import write

    _, template, plan, records, v, _ = _count(args)
    t = tally(template, plan, records, _window(args))
    paths = write(template, plan, t, Path(args.out), v, args.min_group)
    print(f"{', '.join(map(str, paths))}: {t.final_total} phiếu được tính, "
          f"{t.pending_total} phiếu chờ duyệt chưa tính")
    return 0


def quality_of(store, template, records):
    from ..report import Quality
    from ..review.queue import build_items

    decisions = store.decisions()
    paper = [r for r in records if r.channel == RecordChannel.paper]
    counts = store.page_counts()
    settled = sum(1 for sid, d in decisions.items() if not sid.startswith("online:") for k in d if not k.startswith("_"))
    items = build_items(store, template)
    return Quality(
        sheets_total=len(paper),
        sheets_auto=sum(1 for r in paper if r.status == RecordStatus.final and r.record_id.split(":", 1)[1] not in decisions),
        sheets_reviewed=sum(1 for r in paper if r.record_id.split(":", 1)[1] in decisions),
        questions_settled=settled, sheets_pending=sum(1 for r in paper if r.status == RecordStatus.needs_review),
        sheets_discarded=sum(1 for r in paper if r.status == RecordStatus.discarded),
        set_aside=counts.set_aside_reasons, duplicates=counts.duplicate + counts.pages_in_file_copies,
        online_problem_rows=sum(1 for r in records if r.channel == RecordChannel.online and r.problems),
        texts_untranscribed=sum(1 for it in items if it.kind == ItemKind.text),
        pages_unsettled=sum(1 for it in items if it.kind == ItemKind.page))


def _note_undrawable(template) -> None:
    """One line before the report when its charts cannot draw some of the form's letters (report.chart_fonts.chart_families)."""
    from ..report.chart_fonts import chart_families

    _, note = chart_families([q.text for q in template.questions] + [o.label for q in template.questions
                                                                      for o in q.options])
    if note:
        print(f"lưu ý / note: {note}", file=sys.stderr)


@command("report")
def cmd_report(args: argparse.Namespace) -> int:
    from ..report import Options, build
    from ..tally import tally

    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in (".docx", ".pdf", ".html", ".htm"):
        raise SurveyError(f"{out}: báo cáo ghi ra tệp .docx, .pdf hoặc .html; đặt tên report.docx, thêm --pdf để có "
                          "bản PDF (the report is written as .docx, .pdf or .html)")
    from ..report import Quality

    store, template, plan, records, v, merged = _count(args)
    t = tally(template, plan, records, _window(args))
    iso = _date(args.date, "--date")
    day = dt.date.fromisoformat(iso) if iso else None
    quality = Quality(**merged) if merged is not None else quality_of(store, template, records)
    rep = build(template, plan, t, v, quality, Options(args.min_group, day))
    _note_undrawable(template)
    made = []
    if suffix == ".docx":
        from ..report.word import render_docx

        made.append(render_docx(rep, out))
    if suffix in (".html", ".htm"):
        from ..report.web import render_html

        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_html(rep), encoding="utf-8")
        made.append(out)
    if suffix == ".pdf" or (args.pdf and suffix == ".docx"):
        from ..report.web import render_pdf

        try:
            made += render_pdf(rep, out.with_suffix(".html"), out.with_suffix(".pdf"), browser=args.pdf_browser)
        except MissingDependencyError as e:
            print(f"lưu ý / note: {e.message}; vẽ PDF bằng reportlab / the PDF is drawn by reportlab", file=sys.stderr)
            made += render_pdf(rep, out.with_suffix(".html"), out.with_suffix(".pdf"))
    print(", ".join(map(str, made)))
    if rep.provisional:
        print("SỐ LIỆU TẠM THỜI: " + "; ".join(rep.provisional))
    return 0


@command("review")
def cmd_review(args: argparse.Namespace) -> int:
    template, plan = load_template(args.template), load_plan(args.plan)
    if _province_review(args):
        return 0
    if args.list or args.trail:
        from ..review.queue import build_items, trail_rows

        store = _store(args)
        if args.trail:
            import csv as csv_

            from ..formulas import neutralise

            rows = trail_rows(store, template, plan)
            with open(args.trail, "w", encoding="utf-8", newline="") as f:
                w = csv_.DictWriter(f, fieldnames=list(rows[0]) if rows else ["id"], lineterminator="\n")
                w.writeheader()
                w.writerows({k: neutralise(v) for k, v in r.items()} for r in rows)
            print(f"{args.trail}: {len(rows)} quyết định (decisions)")
        if args.list:
            items = build_items(store, template, plan)
            width = max((len(it.kind.label) for it in items), default=0)
            for it in items:
                flag = " [để lại]" if it.deferred else ""
                # an online wording's key is folded for matching ("ghi chu"); the office wrote "Ghi chú"
                what = it.extra.get("text") or it.key
                print(f"{it.kind.label:<{width}} {it.unit or '?':<5} {it.sheet_label:<16} {what:<14} "
                      f"{it.confidence:4.2f} {'; '.join(it.reasons)}{flag}")
            print(f"{len(items)} mục chờ duyệt (items awaiting review)")
        return 0
    import logging

    from ..review.security import is_loopback, lan_addresses
    from ..review.server import ReviewApp, make_server

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")

    _store(args).close()
    from .paper import note_missing_tesseract

    note_missing_tesseract()  # the handwriting drafts need it
    app = ReviewApp(args.db, template, plan, args.host, args.token)  # Store tells a server URL from a file
    try:
        server = make_server(app, args.port)
    except OSError as e:
        app.close()
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
    finally:
        server.server_close()  # and the app's warm-up of pictures, joined: nothing touches the store after this
    return 0


def _province_review(args: argparse.Namespace) -> bool:
    """On a provincial store there is nothing to settle: it lists what waits in each district (settled in the
    district's own store, which it then sends again) and writes that list as the trail when asked."""
    from ..province import district_summary

    store = _store(args)
    if not store.province_districts():
        store.close()
        return False
    rows = [{"huyện": r["district"], "tên": r["name"], "phiếu chờ duyệt": r["awaiting_review"]["sheets"],
             "chữ viết chưa chép": r["awaiting_review"]["texts"], "trang để riêng chưa xử lý": r["awaiting_review"]["pages"],
             "gửi lúc": r["merged_at"]} for r in district_summary(store)]
    print("Kho của tỉnh: việc duyệt làm trong kho của từng huyện, rồi huyện gửi lại (survey merge) / a provincial "
          "store: review happens in each district's store, which is then merged again")
    for r in rows:
        print("  " + "  ".join(f"{k}: {v}" for k, v in r.items()))
    if args.trail:
        import csv as csv_

        from ..formulas import neutralise

        with open(args.trail, "w", encoding="utf-8", newline="") as f:
            w = csv_.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows({k: neutralise(v) for k, v in r.items()} for r in rows)
        print(f"{args.trail}: {len(rows)} huyện (districts)")
    return True


@command("merge")
def cmd_merge(args: argparse.Namespace) -> int:
    from ..province import load_province, merge

    province = load_province(args.province)
    template = load_template(args.template)
    codes = {d.code.lower(): d.code for d in province.districts}
    store = _store(args)
    for given in args.stores:
        code, sep, source = given.partition("=")
        if not sep or "://" in code:
            source = given
            stem = Path(given).stem.lower() if "://" not in given else ""
            code = codes.get(stem, "")
            if not code:
                raise SurveyError(f"{given}: không biết đây là của huyện nào; viết MÃ_HUYỆN=TỆP, ví dụ "
                                  f"{province.districts[0].code}={given} / which district? write CODE={given}")
        rep = merge(store, province, code, source, template, quality_of)
        if rep.unchanged:
            print(f"{code}: {source}: giống hệt lần gửi trước, không có gì thay đổi (the same as last sent; nothing "
                  "changes)")
        elif rep.replaced:
            print(f"{code}: {source}: {rep.records} bản ghi thay cho {rep.replaced} của lần gửi trước ({rep.records} "
                  f"records replace the {rep.replaced} sent before)")
        else:
            print(f"{code}: {source}: {rep.records} bản ghi (records)")
    merged = {x.district for x in store.province_districts()}
    missing = [d.code for d in province.districts if d.code not in merged]
    if missing:
        print(f"Chưa có số liệu của (not yet merged): {', '.join(missing)}")
    return 0
