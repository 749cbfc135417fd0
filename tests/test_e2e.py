"""The README's main job on the bundled samples: scan, import, validate, tally, report."""

import json
import re
import subprocess

from conftest import ROOT

from scanner.cli import main


def cli(capsys, *argv):
    code = main([str(a) for a in argv])
    return code, *capsys.readouterr()


def test_main_job_on_samples(capsys, tmp_path):
    db = tmp_path / "survey.db"
    assert cli(capsys, "scan", ROOT / "samples", "--db", db, "--received", "2023-11-16", "--operator", "Lan",
               "--quiet")[0] == 0
    code, out, _ = cli(capsys, "import-online", ROOT / "samples" / "online_responses.csv", "--db", db)
    assert code == 0 and "60 mới" in out
    code, out, _ = cli(capsys, "validate", "--db", db, "--out", tmp_path / "v.csv")
    assert code == 7 and "CHƯA ĐẠT" in out  # 20 of 150 forms is short of the plan
    assert "Mã,Đơn vị" in (tmp_path / "v.csv").read_text(encoding="utf-8").splitlines()[0]
    code, out, _ = cli(capsys, "tally", "--db", db, "--out", tmp_path / "tally.xlsx")
    assert code == 0
    final = int(re.search(r"(\d+) phiếu được tính", out).group(1))
    code, out, _ = cli(capsys, "export", "--db", db)
    recs = [json.loads(x) for x in out.splitlines()]
    assert final == sum(r["status"] == "final" for r in recs)
    code, out, _ = cli(capsys, "status", "--db", db)
    assert code == 0  # every sample page is a sheet's: nothing waits for a person
    sheets = next(x for x in out.splitlines() if x.startswith("Phiếu:"))
    paper = [r for r in recs if r["channel"] == "paper"]
    assert f"đã xong (final): {sum(r['status'] == 'final' for r in paper)}" in sheets  # the user's words first
    assert f"chờ duyệt (needs_review): {sum(r['status'] == 'needs_review' for r in paper)}" in sheets
    code, out, _ = cli(capsys, "report", "--db", db, "--out", tmp_path / "report.docx", "--pdf")
    assert code == 0 and "SỐ LIỆU TẠM THỜI" in out  # 20 of 150 forms: the figures are provisional
    import docx

    document = docx.Document(str(tmp_path / "report.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"Tổng số phiếu đưa vào tổng hợp: {final} phiếu" in text
    info = subprocess.run(["pdfinfo", str(tmp_path / "report.pdf")], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info and int(re.search(r"Pages:\s+(\d+)", info).group(1)) > 3
    text = subprocess.run(["pdftotext", str(tmp_path / "report.pdf"), "-"], capture_output=True, check=True).stdout.decode()
    assert "III. KẾT QUẢ KHẢO SÁT" in text and "SỐ LIỆU TẠM THỜI" in text
