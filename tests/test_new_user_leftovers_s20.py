"""Small leftovers a new user met (session 20): `scan` of a file that is not there printed the whole table and
stored the mistyped name among the store's problems; `forms --out x.docx` wrote a PDF under that name; the
workbook's "Trực tuyến ngoài thời gian" beside "Trực tuyến hợp lệ" read as if the two added up; and `status`
had grown inside the paper commands' module (now its own)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from openpyxl import load_workbook
from pypdf import PdfReader, PdfWriter
from test_tally_report import make_records

from scanner.cli import main
from scanner.tally import tally
from scanner.validate import validate
from scanner.vocab import RecordStatus
from scanner.workbook import write

SAMPLES = ROOT / "samples"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _two_pages(tmp_path: Path) -> Path:
    reader, writer = PdfReader(SAMPLES / "stack001_feeder.pdf"), PdfWriter()
    for i in (0, 1):
        writer.add_page(reader.pages[i])
    path = tmp_path / "stack.pdf"
    with path.open("wb") as f:
        writer.write(f)
    return path


def test_status_is_its_own_module_and_the_paper_commands_shrank():
    from scanner.commands import COMMANDS, paper

    assert COMMANDS["status"].__module__ == "scanner.commands.status"
    assert not hasattr(paper, "cmd_status")
    lines = len((ROOT / "scanner" / "commands" / "paper.py").read_text(encoding="utf-8").splitlines())
    assert lines < 300, lines


def test_a_scan_of_nothing_that_exists_is_one_line_and_stores_nothing(tmp_path, capsys):
    """The table was printed first, then the line; and the store was made, with a batch and a problem for the
    typo. Now one line naming the file and what to do, exit 3, and no store made."""
    db, missing = tmp_path / "s.db", tmp_path / "stak.pdf"
    code, out, err = run(capsys, "scan", missing, "--db", db, "--quiet", "--jobs", "1")
    assert code == 3 and out == ""
    assert err.splitlines() == [f"lỗi / error: {missing}: không có tệp hay thư mục này; kiểm tra lại tên và đường "
                                "dẫn / no such file or folder; check the path"]
    assert not db.exists()
    link = tmp_path / "link.pdf"
    link.symlink_to(tmp_path / "gone.pdf")
    code, out, err = run(capsys, "scan", link, "--db", db, "--quiet", "--jobs", "1")
    assert code == 3 and out == "" and len(err.splitlines()) == 1 and str(link) in err and "kiểm tra" in err
    assert not db.exists()


def test_the_other_files_of_the_call_are_scanned_and_the_missing_one_said_first(tmp_path):
    """A good stack and a mistyped name in one call: the name is said before the table (stdout and stderr in one
    stream, as a terminal shows them), the stack's pages are all stored, the store keeps no problem for the typo,
    the table counts it, and the exit is 6 as for any file not read."""
    good, missing, db = _two_pages(tmp_path), tmp_path / "stak2.pdf", tmp_path / "s.db"
    p = subprocess.run([sys.executable, "-u", str(ROOT / "cli.py"), "scan", str(missing), str(good), "--db", str(db),
                        "--quiet", "--jobs", "1"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=300)
    lines = p.stdout.splitlines()
    assert p.returncode == 6, p.stdout
    said = [i for i, line in enumerate(lines) if str(missing) in line]
    table = next(i for i, line in enumerate(lines) if line.startswith("Tệp đã đọc (files)"))
    assert len(said) == 1 and said[0] < table, p.stdout
    assert "kiểm tra lại tên và đường dẫn" in lines[said[0]]
    assert any(line.startswith("Tệp không mở được, chưa quét") and line.split()[-1] == "1" for line in lines)
    st = subprocess.run([sys.executable, str(ROOT / "cli.py"), "status", "--db", str(db), "--json"], cwd=ROOT,
                        capture_output=True, text=True, timeout=300)
    s = json.loads(st.stdout)
    assert s["problems"] == [] and s["accounted"] and s["pages_in"] == 2 and s["files"] == 1


def test_forms_refuse_an_output_that_is_not_a_pdf(tmp_path, capsys):
    out = tmp_path / "forms.docx"
    code, said, err = run(capsys, "forms", "--blank", "1", "--out", out)
    assert code == 2 and said == "" and not out.exists()
    assert err.splitlines() == [f"lỗi / error: {out}: phiếu in ghi ra tệp .pdf; đặt tên có đuôi .pdf, ví dụ "
                                "forms.pdf (the forms are written as a .pdf file)"]
    pdf = tmp_path / "forms.PDF"
    code, said, err = run(capsys, "forms", "--blank", "1", "--out", pdf)
    assert code == 0, err
    assert len(PdfReader(pdf).pages) >= 1


def test_the_workbook_says_outside_the_window_is_among_the_online_answers(tmp_path, template, plan):
    """The figures stay those of the live online answers dated outside the window (counted here); the header
    says they are part of the online answers received, not more of them."""
    recs = make_records(template, plan)
    v = validate(plan, recs, {r.record_id: r.received for r in recs}, 0, 0)
    out = tmp_path / "tally.xlsx"
    write(template, plan, tally(template, plan, recs), out, v)
    ws = load_workbook(out)["Đơn vị so với kế hoạch"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header_at = next(i for i, r in enumerate(rows) if r[0] == "Đơn vị")
    header = rows[header_at]
    col = next(i for i, h in enumerate(header) if isinstance(h, str) and "ngoài thời gian" in h)
    assert header[col].startswith("Trong đó") and "không cộng thêm" in header[col]
    truth = {u.name: sum(1 for r in recs if r.channel == "online" and r.unit == u.code
                         and r.status != RecordStatus.discarded and r.in_window is False) for u in plan.units}
    body = {r[0]: r[col] for r in rows[header_at + 1:] if r[0] in truth}
    assert body == truth and sum(truth.values()) > 0


def test_validates_table_says_outside_the_window_is_among_the_online_answers(tmp_path, capsys):
    """The same for `validate --out`: its column "Ngoài thời gian" stood beside "Trực tuyến hợp lệ" as if more."""
    db = tmp_path / "o.db"
    code, _, err = run(capsys, "import-online", SAMPLES / "online_responses.csv", "--db", db)
    assert code == 0, err
    code, js, _ = run(capsys, "status", "--db", db, "--json")
    outside = json.loads(js)["online"]["outside_window"]
    out = tmp_path / "v.csv"
    run(capsys, "validate", "--db", db, "--out", out)
    rows = list(csv.reader(out.open(encoding="utf-8")))
    col = next(i for i, h in enumerate(rows[0]) if "ngoài thời gian" in h)
    assert rows[0][col].startswith("Trong đó") and "không cộng thêm" in rows[0][col]
    assert outside > 0 and sum(int(r[col]) for r in rows[1:] if r[col]) == outside  # group totals leave it blank
