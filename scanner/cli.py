"""Command line: parses arguments, calls the library, turns errors into one-line messages and exit codes."""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from .bundled import DEFAULT_PLAN, DEFAULT_TEMPLATE
from .errors import INTERRUPTED, ExitCode, SurveyError

if TYPE_CHECKING:
    from .commands import Handler

# Nothing here imports the library (numpy, OpenCV, the store): the commands are imported once the arguments are
# parsed (resolve), so `--help` and a wrong argument answer at once; each command imports what it uses.


class _Formatter(argparse.HelpFormatter):
    """The usage line in Vietnamese; argparse's other words are set by `_Parser`, never by patching gettext."""

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action], groups: Iterable[Any],
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "cách dùng: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """The office reads Vietnamese: argparse's headings, -h and error prefix in it (subcommands are this class too)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        add_help = kwargs.get("add_help", True)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "đối số"
        self._optionals.title = "tuỳ chọn"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="in trợ giúp này rồi thoát / show this help and exit")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(int(ExitCode.bad_args), f"{self.prog}: lỗi / error: {message}\n")


DB_HELP = ("tệp SQLite (mặc định: survey.db, hoặc biến SURVEY_DB), hoặc địa chỉ postgresql://người@máy/csdl để nhiều "
           "máy cùng ghi / an SQLite file (default: survey.db, or $SURVEY_DB), or a postgresql://user@host/db URL that "
           "several stations share")


def _default_db() -> str:
    return os.environ.get("SURVEY_DB") or "survey.db"


TEMPLATE_HELP = "mẫu phiếu: tệp bố cục JSON / layout template JSON"
PLAN_HELP = "kế hoạch điều tra: tệp JSON hoặc bảng tính (.xlsx) / survey plan: JSON or spreadsheet (.xlsx)"


def _shared() -> argparse.ArgumentParser:
    """--template and --plan as every command also takes them, after its name (`forms --unit BL --plan p.xlsx`)
    as before it: left out there, they keep what was given before the command, or the default."""
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument("--template", default=argparse.SUPPRESS, help=TEMPLATE_HELP)
    shared.add_argument("--plan", default=argparse.SUPPRESS, help=PLAN_HELP)
    return shared


def _command(sub: Any, name: str, text: str) -> argparse.ArgumentParser:
    """One line in the parent's list of commands, and the description atop the command's own --help."""
    parser: argparse.ArgumentParser = sub.add_parser(name, help=text, description=text, parents=[_shared()])
    return parser


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="survey", description="Đọc phiếu điều tra giấy đã quét và nhập câu trả lời trực tuyến, kiểm tra "
                "theo kế hoạch, tổng hợp số liệu và viết báo cáo / scanned and online survey ballots into tallies "
                "and a report")
    p.add_argument("--template", default=str(DEFAULT_TEMPLATE), help=TEMPLATE_HELP)
    p.add_argument("--plan", default=str(DEFAULT_PLAN), help=PLAN_HELP)
    sub = p.add_subparsers(title="lệnh", dest="command", required=True)

    t = _command(sub, "template", "xem mẫu phiếu / inspect the layout template")
    tsub = t.add_subparsers(title="lệnh", dest="template_command", required=True)
    tb = _command(tsub, "boxes", "mọi ô của mẫu phiếu, mỗi ô một dòng / every box of the template, one row each")
    tb.add_argument("--format", choices=["csv", "json"], default="csv", help="định dạng in ra / output format")
    _command(tsub, "check", "kiểm tra mẫu phiếu và kế hoạch / validate the template and the plan")

    b = _command(sub, "build", "dàn trang bảng hỏi XLSForm lên khổ A4, ghi ra mẫu phiếu / "
                 "lay out an XLSForm questionnaire on A4 pages: writes the layout template")
    b.add_argument("questionnaire", help="bảng hỏi dạng XLSForm (.xlsx) / the questionnaire as an XLSForm (.xlsx)")
    b.add_argument("--out", help="tệp bố cục JSON sẽ ghi (mặc định: --template, templates/ballot_layout.json) / "
                   "the layout JSON to write (default: --template)")
    b.add_argument("--lang", help="ngôn ngữ in phiếu khi bảng hỏi có nhiều cột label::… (tên hoặc mã, vd. "
                   "English hoặc en) / the label language to print when the form has several (name or code)")
    b.add_argument("--frame", help="ngôn ngữ của khung in (Câu/Question, hướng dẫn, cảm ơn…): vi, en, fr, de, es, pt; "
                   "mặc định theo ngôn ngữ nhãn / the printed frame's language; by default the labels'")
    of = _command(sub, "online-form", "ghi Google Apps Script (và JSON cho Forms API) tạo biểu mẫu trực tuyến / "
                  "write the Apps Script (and Forms API JSON) for the online form")
    of.add_argument("--out", default="form.gs", help="tệp script sẽ ghi; phần JSON cho API ghi bên cạnh / "
                    "the script to write; the API body goes beside it")
    pl = _command(sub, "plan", "kế hoạch điều tra: đơn vị, số phiếu phân bổ, số tối thiểu, thiết lập / "
                  "the survey plan: organisations, allocations, minimums, settings")
    plsub = pl.add_subparsers(title="lệnh", dest="plan_command", required=True)
    pb = _command(plsub, "build", "kiểm tra bảng tính kế hoạch và ghi ra dạng JSON / "
                  "check the plan spreadsheet and write its JSON form")
    pb.add_argument("sheet", help="bảng tính kế hoạch, ví dụ templates/plan.xlsx / the plan spreadsheet")
    pb.add_argument("--out", default=str(DEFAULT_PLAN), help="tệp JSON sẽ ghi (mặc định: kế hoạch kèm chương trình) / "
                    "the JSON to write (default: the shipped plan)")
    ps = _command(plsub, "sheet", "ghi kế hoạch hiện dùng (--plan) ra bảng tính để sửa / "
                  "write the current plan (--plan) as a spreadsheet to edit")
    ps.add_argument("--out", required=True, help="tệp .xlsx sẽ ghi / the .xlsx to write")
    _command(plsub, "list", "các đơn vị trong kế hoạch theo từng khối, kèm số phiếu tối thiểu / "
             "the plan's organisations by block, with their minimums")

    f = _command(sub, "forms", "tạo tệp PDF để in phiếu: phiếu đánh số hoặc phiếu trắng / "
                 "write print-ready numbered or blank forms as PDF")
    f.add_argument("--out", required=True, help="tệp PDF sẽ ghi / the PDF to write")
    g = f.add_mutually_exclusive_group()
    g.add_argument("--unit", help="chỉ phiếu đánh số của đơn vị này (mã đơn vị) / only this unit's numbered sheets")
    g.add_argument("--blank", type=int, metavar="N",
                   help="N phiếu trắng không đánh số để photo / N un-numbered sheets for photocopying")

    from .corpus import PROFILES
    from .pool import default_jobs

    sm = _command(sub, "samples", "bộ phiếu mẫu tạo tự động (điền và quét giả lập) / "
                  "the corpus of generated filled-and-scanned ballots")
    smsub = sm.add_subparsers(title="lệnh", dest="samples_command", required=True)
    sg = _command(smsub, "generate", "tạo bộ phiếu mẫu kèm đáp án đúng / write a corpus with its ground truth")
    sg.add_argument("--sheets", type=int, required=True, help="số phiếu cần tạo / how many sheets")
    sg.add_argument("--seed", type=int, default=1,
                    help="hạt giống ngẫu nhiên: cùng số thì cùng bộ mẫu / random seed: same seed, same corpus")
    sg.add_argument("--out", required=True, help="thư mục sẽ ghi bộ mẫu / the folder to write")
    sg.add_argument("--stack-size", type=int, default=12, help="số phiếu trong mỗi tệp quét / sheets per scanned file")
    sg.add_argument("--profiles", help=f"chỉ một số kiểu quét, cách nhau dấu phẩy / comma-separated subset of "
                    f"{','.join(PROFILES)}")
    sg.add_argument("--kind", choices=["pdf", "tiff", "png", "jpg"],
                    help="chỉ ghi một loại tệp / force one output file type")
    sg.add_argument("--max-jpeg-quality", type=int, default=95,
                    help="chất lượng JPEG cao nhất của ảnh quét giả lập / highest JPEG quality of the scans")
    sg.add_argument("--jobs", type=int, default=default_jobs(),
                    help="số tiến trình tạo song song (mặc định: số lõi CPU); cùng hạt giống thì cùng bộ mẫu / "
                         "worker processes (default: cores); the same corpus whatever the number")

    sc = _command(sub, "scan", "đọc các lô phiếu quét vào cơ sở dữ liệu / read scanned stacks into the store")
    sc.add_argument("paths", nargs="+", help="tệp PDF, TIFF, JPEG, PNG hoặc thư mục / PDF, TIFF, JPEG, PNG files or folders")
    sc.add_argument("--unit", help="mã đơn vị cho phiếu không đọc được mã (phiếu trắng) / "
                    "unit code for sheets whose code cannot be read (blank forms)")
    sc.add_argument("--received", help="ngày lô phiếu về đến văn phòng, YYYY-MM-DD / date the stack reached the office")
    sc.add_argument("--operator", help="người quét lô phiếu / who scanned the stack")
    sc.add_argument("--jobs", type=int, default=default_jobs(),
                    help="số tiến trình đọc song song (mặc định: số lõi CPU) / worker processes (default: cores)")
    sc.add_argument("--quiet", action="store_true", help="không hiện thanh tiến độ / no progress bar")
    st = _command(sub, "status", "kiểm đếm trang và số phiếu theo trạng thái; thoát với mã 6 khi còn trang chờ người "
                  "xử lý / page accounting and sheets by status; exits 6 while pages wait for a person")
    st.description = (f"kiểm đếm trang và số phiếu theo trạng thái; mã thoát {int(ExitCode.set_aside)} khi còn việc "
                      "cho người: tệp còn trang chưa lưu (chạy lại scan), trang để riêng chưa quyết định, phiếu thiếu "
                      "trang chưa quét hay chưa duyệt / page accounting and sheets by status; exit "
                      f"{int(ExitCode.set_aside)} while pages wait for a person, else 0")
    st.add_argument("--json", action="store_true",
                    help="in dạng JSON, kèm mã trang và mã bản ghi / print as JSON, with page and record ids")
    ex = _command(sub, "export", "xuất dữ liệu các phiếu / write the records")
    ex.add_argument("--format", choices=["jsonl", "csv", "xlsx", "sav", "dta"], default="jsonl",
                    help="định dạng tệp: sav = SPSS/PSPP, dta = Stata, có nhãn biến, nhãn giá trị và mã thiếu / "
                    "file format: sav = SPSS/PSPP, dta = Stata, with variable and value labels and missing codes")
    ex.add_argument("--out", help="tệp sẽ ghi (mặc định: in ra màn hình; bắt buộc với xlsx, sav, dta) / "
                    "file to write (default: standard output; required for xlsx, sav, dta)")
    ex.add_argument("--labels", action="store_true", help="tiêu đề cột và câu trả lời bằng nhãn tiếng Việt, kèm sổ mã "
                    "(codebook: tệp .codebook.csv bên cạnh, hoặc trang codebook trong xlsx) / Vietnamese labels in "
                    "headers and answers, with a codebook")
    io_ = _command(sub, "import-online", "nhập câu trả lời trực tuyến: Google Forms (CSV, XLSX, JSON của API), "
                   "KoboToolbox (CSV, XLSX), ODK Central (CSV, zip) / import online answers: Google Forms, "
                   "KoboToolbox or ODK Central exports")
    io_.add_argument("file", help="tệp câu trả lời đã tải về / the downloaded responses file")
    io_.add_argument("--source", choices=["google", "kobo", "odk"],
                     help="công cụ đã thu thập (mặc định: nhận ra từ tiêu đề cột) / the collecting tool (default: "
                     "told from the column headers)")
    io_.add_argument("--mapping", help="với JSON của API: tệp JSON ánh xạ mã câu hỏi Google -> mã câu hỏi trong mẫu phiếu (hoặc "
                     "\"unit\") / for API JSON: a JSON file mapping Google question id -> template question id (or \"unit\")")
    mu = _command(sub, "map-unit", "xác định tên đơn vị gõ trên biểu mẫu trực tuyến là một đơn vị trong kế hoạch, "
                  "cho mọi dòng đã lưu / settle a unit name typed online as a plan unit, for every stored row")
    mu.add_argument("text", help="tên đơn vị như người trả lời đã gõ / the name as respondents typed it")
    mu.add_argument("code", help="mã đơn vị trong kế hoạch / the plan's unit code")
    mc = _command(sub, "map-column", "xác định một tiêu đề cột lạ là một câu hỏi của mẫu phiếu, cho mọi dòng đã lưu / "
                  "settle an unknown column title as a template question, for every stored row")
    mc.add_argument("title", help="tiêu đề cột (hoặc mã câu hỏi Forms API) / the column title (or a Forms API question id)")
    mc.add_argument("question", help="mã câu hỏi trong mẫu phiếu, \"unit\", hoặc \"-\" để bỏ cột này (ghi chú) / "
                    "the template question id, \"unit\", or \"-\" to leave the column out (notes)")
    ma = _command(sub, "map-answer", "xác định câu trả lời viết gần giống một phương án là phương án đó, cho mọi dòng / "
                  "settle an answer worded close to an option as that option, for every row")
    ma.add_argument("text", help="câu trả lời như biểu mẫu trực tuyến đã ghi / the answer as the online form wrote it")
    ma.add_argument("question", help="mã câu hỏi trong mẫu phiếu / the template question id")
    ma.add_argument("option", help="mã phương án, hoặc \"-\" để không tính là phương án nào / the option id, or \"-\" "
                    "to leave the answer out")
    so = _command(sub, "settle-online", "quyết định một phiếu trực tuyến: câu trả lời, đơn vị, chấp nhận hoặc loại / "
                  "settle one online response: answers, unit, accept or discard")
    so.add_argument("record", help="mã bản ghi trực tuyến (xem status --json, export) / the online record id")
    so.add_argument("--answer", action="append", metavar="QID=OPTIONS",
                    help="ví dụ q2=3 hoặc q1=2,4 (câu ghi chữ: nội dung chữ) / e.g. q2=3 or q1=2,4 (text for text areas)")
    so.add_argument("--unit", help="mã đơn vị trong kế hoạch / the plan's unit code")
    so.add_argument("--accept", action="store_true", help="chấp nhận phiếu có ngày chưa rõ hoặc phiếu không còn trong "
                    "lần tải sau, hoặc trái điều kiện của bảng hỏi / accept an undecided date, a response gone from a later download "
                    "or one breaking the form's constraint")
    so.add_argument("--discard", action="store_true",
                    help="loại phiếu này khỏi mọi số đếm / leave this response out of every count")
    for m in (mu, mc, ma, so):
        m.add_argument("--reviewer", required=True,
                       help="tên người duyệt (ghi vào nhật ký duyệt) / who decides (kept in the trail)")
        m.add_argument("--comment", default="", help="lý do (ghi vào nhật ký duyệt) / why (kept in the trail)")
        m.add_argument("--db", default=_default_db(), help=DB_HELP)
    va = _command(sub, "validate", "đối chiếu các phiếu với kế hoạch; thoát với mã 7 khi có đơn vị chưa đủ / "
                  "records against the plan; exits 7 when a unit is short")
    va.add_argument("--out", help="ghi thêm bảng ra tệp CSV hoặc XLSX / also write the table as CSV or XLSX")
    ta = _command(sub, "tally", "đếm và tính tỉ lệ phần trăm: bảng tính XLSX tiếng Việt, hoặc thư mục CSV cho máy / "
                  "counts and percentages: a Vietnamese XLSX workbook, or a folder of machine CSV")
    ta.add_argument("--out", required=True,
                    help="tally.xlsx, hoặc thư mục cho các bảng CSV / tally.xlsx, or a folder for the CSV tables")
    rp = _command(sub, "report", "báo cáo tiếng Việt: DOCX để sửa, PDF (A4) và HTML cùng nội dung / "
                  "the report in Vietnamese: DOCX to edit, PDF (A4) and HTML from the same content")
    rp.add_argument("--out", required=True, help="tệp báo cáo: report.docx, report.pdf hoặc report.html / the report file")
    rp.add_argument("--pdf", action="store_true", help="với tệp .docx: ghi thêm report.pdf (và bản HTML) bên cạnh / "
                    "with a .docx: also print report.pdf (and its HTML) beside it")
    rp.add_argument("--pdf-browser", action="store_true",
                    help="in PDF bằng trình duyệt có sẵn (Chromium, Chrome, Edge) thay vì tự vẽ / print the PDF with "
                         "a browser found on this computer instead of drawing it (reportlab)")
    rp.add_argument("--date", help="ngày ghi trên báo cáo, YYYY-MM-DD (mặc định: hôm nay) / "
                    "the report's date, YYYY-MM-DD (default: today)")
    for sp in (ta, rp):
        sp.add_argument("--min-group", type=int, default=10,
                        help="nhóm có ít người trả lời hơn số này chỉ hiện số đếm, không hiện tỉ lệ (mặc định 10) / "
                        "groups with fewer respondents show counts, not percentages (default 10)")
        sp.add_argument("--outside-window", choices=["include", "exclude"], default="include",
                        help="câu trả lời trực tuyến đề ngày ngoài thời gian thu phiếu: include = tính (mặc định, có "
                        "nêu rõ), exclude = không tính / online answers dated outside the collection window")
    mg = _command(sub, "merge", "tổng hợp của tỉnh: đưa cơ sở dữ liệu của các huyện vào một số đếm chung, giữ huyện "
                  "của từng phiếu; gửi lại thì thay lần trước / the province's consolidation: districts' stores into "
                  "one count, each record keeping its district; a store sent again replaces the one before")
    mg.add_argument("stores", nargs="+", metavar="HUYỆN=TỆP", help="cơ sở dữ liệu của huyện (tệp .db hoặc "
                    "postgresql://…), ví dụ PT=phong_tho.db; tên tệp trùng mã huyện thì không cần MÃ= / a district's "
                    "store, e.g. PT=phong_tho.db (CODE= may be left out when the file is named after the code)")
    mg.add_argument("--province", required=True, help="kế hoạch của tỉnh: tệp JSON liệt kê các huyện và kế hoạch "
                    "của từng huyện / the provincial plan: JSON listing the districts and each one's plan")
    rv = _command(sub, "review", "mở trang duyệt phiếu (tại 127.0.0.1 trừ khi --host nói khác) / "
                  "serve the review page (127.0.0.1 unless --host says otherwise)")
    rv.add_argument("--host", default="127.0.0.1", help="địa chỉ lắng nghe (mặc định 127.0.0.1: chỉ máy này) / "
                    "address to listen on (default: this computer only)")
    rv.add_argument("--port", type=int, default=8765,
                    help="cổng (mặc định 8765); 0 để tự chọn cổng trống / port (default 8765); 0 picks a free one")
    rv.add_argument("--token", help="mã truy cập (bắt buộc, tự tạo khi mở cho máy khác vào) / "
                    "access token (required and generated when bound beyond this computer)")
    rv.add_argument("--list", action="store_true",
                    help="liệt kê các mục chờ duyệt rồi thoát / list the items awaiting review and exit")
    rv.add_argument("--trail", metavar="FILE.csv", help="ghi mọi quyết định (nhật ký duyệt) ra tệp CSV rồi thoát / "
                    "write every decision (the audit trail) and exit")
    ov = _command(sub, "overlay", "vẽ trạng thái và độ tin cậy của từng ô lên trang (để duyệt và tinh chỉnh) / "
                  "draw each box's state and confidence on a page (for review and tuning)")
    ov.add_argument("page", help="mã trang (xem status --json hoặc nguồn trong export) hoặc 'all' cho mọi trang / "
                    "a page id (see status --json or export sources) or 'all'")
    ov.add_argument("--out", default="overlays", help="thư mục ghi các tệp PNG / folder for the PNG files")
    dm = _command(sub, "demo", "cả công việc trên bộ mẫu kèm theo: in phiếu, đọc, nhập trực tuyến, tổng hợp, báo cáo / "
                  "the whole job on the bundled samples: forms, scan, online import, tally, report")
    dm.add_argument("--out", default="out", help="thư mục ghi kết quả (mặc định: out) / folder for the results "
                    "(default: out)")
    dm.add_argument("--jobs", type=int, help="số tiến trình đọc song song (mặc định: số lõi CPU) / worker processes")
    for sp in (sc, st, ex, io_, va, ta, rp, rv, ov, mg):
        sp.add_argument("--db", default=_default_db(), help=DB_HELP)
    return p


def _default_jobs() -> int:
    from .pool import default_jobs

    return default_jobs()


@lru_cache(maxsize=4)
def _parser(db: str, jobs: int) -> argparse.ArgumentParser:
    """The parser, built once per process for the defaults it takes from outside (SURVEY_DB, the cores): building
    it is about 8 ms of CPU, paid again by every command a process runs (the demo's steps, a review server's, a
    test's dozens; issue 26). Parsing leaves a parser as it was, so one serves every call."""
    return build_parser()


def resolve(args: argparse.Namespace) -> Handler:
    from .commands import COMMANDS

    name = args.command
    for attr in ("template_command", "samples_command", "plan_command"):
        if getattr(args, attr, None):
            name = f"{name} {getattr(args, attr)}"
    return COMMANDS[name]


def main(argv: Sequence[str] | None = None) -> int:
    # Workbooks saved by Excel carry extensions openpyxl skips with a warning; it would only bury our messages.
    warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")
    args = _parser(_default_db(), _default_jobs()).parse_args(argv)
    try:
        return resolve(args)(args)
    except SurveyError as e:
        for line in e.message.splitlines() or [""]:  # a questionnaire's problems: one line each
            print(f"lỗi / error: {line}", file=sys.stderr)
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
    _utf8_output()
    sys.exit(main())


def _utf8_output() -> None:
    """Vietnamese on every console: Windows gives a redirected stdout its ANSI code page, which has no ư or ạ."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")
            except (OSError, ValueError):
                pass


if __name__ == "__main__":
    entry()


