"""Command line: parses arguments, calls the library, turns errors into one-line messages and exit codes."""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from .commands import COMMANDS, Handler, definition, paper, plan, results  # noqa: F401  (registers the commands)
from .errors import INTERRUPTED, ExitCode, SurveyError
from .plan import DEFAULT_PLAN
from .template import DEFAULT_TEMPLATE


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="survey", description="Scanned and online survey ballots into tallies.")
    p.add_argument("--template", default=str(DEFAULT_TEMPLATE), help="layout template JSON")
    p.add_argument("--plan", default=str(DEFAULT_PLAN), help="survey plan: its JSON form, or the spreadsheet (.xlsx)")
    sub = p.add_subparsers(dest="command", required=True)

    t = sub.add_parser("template", help="inspect the layout template")
    tsub = t.add_subparsers(dest="template_command", required=True)
    tb = tsub.add_parser("boxes", help="every box of the template, one row each")
    tb.add_argument("--format", choices=["csv", "json"], default="csv")
    tsub.add_parser("check", help="validate the template and the plan")

    b = sub.add_parser("build", help="lay out an XLSForm questionnaire on A4 pages: writes the layout template")
    b.add_argument("questionnaire", help="the questionnaire as an XLSForm (.xlsx)")
    b.add_argument("--out", help="the layout JSON to write (default: --template, templates/ballot_layout.json)")
    of = sub.add_parser("online-form", help="write the Google Apps Script (and Forms API JSON) for the online form")
    of.add_argument("--out", default="form.gs", help="the script to write; the API body goes beside it")
    pl = sub.add_parser("plan", help="the survey plan: organisations, allocations, minimums, settings")
    plsub = pl.add_subparsers(dest="plan_command", required=True)
    pb = plsub.add_parser("build", help="check the plan spreadsheet and write its JSON form")
    pb.add_argument("sheet", help="the plan spreadsheet, e.g. templates/plan.xlsx")
    pb.add_argument("--out", default=str(DEFAULT_PLAN), help="the JSON to write (default: the shipped plan)")
    ps = plsub.add_parser("sheet", help="write the current plan (--plan) as a spreadsheet to edit")
    ps.add_argument("--out", required=True, help="the .xlsx to write")
    plsub.add_parser("list", help="the plan's organisations, grouped by block, with their minimums")

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
    mu = sub.add_parser("map-unit", help="settle a unit name typed online as a plan unit, for every stored row")
    mu.add_argument("text", help="the name as respondents typed it")
    mu.add_argument("code", help="the plan's unit code")
    mc = sub.add_parser("map-column", help="settle an unknown column title as a template question, for every stored row")
    mc.add_argument("title", help="the column title (or a Forms API question id)")
    mc.add_argument("question", help="the template question id, \"unit\", or \"-\" to leave the column out (notes)")
    ma = sub.add_parser("map-answer", help="settle an answer worded close to an option as that option, for every row")
    ma.add_argument("text", help="the answer as the online form wrote it")
    ma.add_argument("question", help="the template question id")
    ma.add_argument("option", help="the option id")
    so = sub.add_parser("settle-online", help="settle one online response: answers, unit, accept or discard")
    so.add_argument("record", help="the online record id (status --json, export)")
    so.add_argument("--answer", action="append", metavar="QID=OPTIONS", help="e.g. q2=3 or q1=2,4 (text for text areas)")
    so.add_argument("--unit", help="the plan's unit code")
    so.add_argument("--accept", action="store_true", help="accept an undecided date or a response gone from a later download")
    so.add_argument("--discard", action="store_true", help="leave this response out of every count")
    for m in (mu, mc, ma, so):
        m.add_argument("--reviewer", required=True, help="who decides (kept in the trail)")
        m.add_argument("--comment", default="", help="why (kept in the trail)")
        m.add_argument("--db", default="survey.db", help="SQLite database (default: survey.db)")
    va = sub.add_parser("validate", help="records against the plan; exits 7 when a unit is short")
    va.add_argument("--out", help="also write the table as CSV or XLSX")
    ta = sub.add_parser("tally", help="counts and percentages: a Vietnamese XLSX workbook, or a folder of machine CSV")
    ta.add_argument("--out", required=True, help="tally.xlsx, or a folder for the CSV tables")
    rp = sub.add_parser("report", help="the report in Vietnamese: DOCX to edit, PDF (A4) and HTML from the same content")
    rp.add_argument("--out", required=True, help="report.docx, report.pdf or report.html")
    rp.add_argument("--pdf", action="store_true", help="with a .docx: also print report.pdf (and its HTML) beside it")
    rp.add_argument("--date", help="date of the report's date line, YYYY-MM-DD (default: today)")
    for sp in (ta, rp):
        sp.add_argument("--min-group", type=int, default=10,
                        help="groups with fewer respondents show counts, not percentages (default 10)")
        sp.add_argument("--outside-window", choices=["include", "exclude"], default="include",
                        help="count online answers dated outside the collection window (default: include, stated)")
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
    for attr in ("template_command", "samples_command", "plan_command"):
        if getattr(args, attr, None):
            name = f"{name} {getattr(args, attr)}"
    return COMMANDS[name]


def main(argv: Sequence[str] | None = None) -> int:
    # Workbooks saved by Excel carry extensions openpyxl skips with a warning; it would only bury our messages.
    warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")
    args = build_parser().parse_args(argv)
    try:
        return resolve(args)(args)
    except SurveyError as e:
        print(f"lỗi / error: {e.message}", file=sys.stderr)
        return int(e.exit_code)
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        return int(ExitCode.interrupted)
    except BrokenPipeError as e:
        if not _stdout_closed():  # a pipe inside the work broke, not the reader of our output: never a quiet 0
            return _unexpected(e)
        return 0
    except MemoryError:
        print("lỗi / error: hết bộ nhớ; hãy đóng bớt chương trình hoặc dùng --jobs 1 rồi chạy lại / out of memory: "
              "close other programs or use --jobs 1, then run the same command again", file=sys.stderr)
        return int(ExitCode.database)
    except Exception as e:  # a bug: the user gets one line and where the details are, never a traceback
        return _unexpected(e)


def _unexpected(e: BaseException) -> int:
    log = _log_unexpected()
    print(f"lỗi / error: lỗi không lường trước ({type(e).__name__}: {str(e)[:100]}); chi tiết trong {log} / "
          f"unexpected error; details in {log}; run the command again, and report it if it repeats",
          file=sys.stderr)
    return int(ExitCode.unexpected)


def _stdout_closed() -> bool:
    """`survey export | head`: the reader went away, which is not an error of ours."""
    import select

    try:
        fd = sys.stdout.fileno()
        poller = select.poll()
        poller.register(fd, select.POLLOUT)
        closed = any(ev & select.POLLERR for _, ev in poller.poll(0))
    except (OSError, ValueError, AttributeError):
        return False
    if closed:
        try:
            sys.stdout = open(os.devnull, "w")  # nothing more may reach the closed pipe
        except OSError:
            pass
    return closed


def _log_unexpected() -> str:
    import tempfile
    import time
    import traceback

    for folder in (Path.cwd(), Path(tempfile.gettempdir())):
        path = folder / "survey-errors.log"
        try:
            with path.open("a", encoding="utf-8") as f:
                f.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} survey {' '.join(sys.argv[1:])}\n")
                f.write(traceback.format_exc())
            return str(path)
        except OSError:
            continue
    return "(không ghi được / could not be written)"


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()


