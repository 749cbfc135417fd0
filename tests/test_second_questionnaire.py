"""A second, different questionnaire (3 sheets, 38 questions, four grids, two write-ins, a number and a date
printed as digit grids) the whole way.

Built from its XLSForm, printed, filled and scanned by the generator, read,
its online answers exported in the shape its generated Google Form gives,
imported, validated and exported; every figure is checked against the
generator's truth, never against the code under test.
"""

import json
import subprocess
from collections import Counter

import pytest
from conftest import generated
from review_support import copy_db
from test_questionnaire import KS24

from benchmarks.accuracy import evaluate
from scanner.cli import main
from scanner.kinds import DIGIT_KINDS
from scanner.kinds.registry import record_value
from scanner.online_form import export_header
from scanner.sheetcode import SheetCode
from scanner.template import load_template


def cli(capsys, *argv):
    code = main([str(a) for a in argv])
    return code, *capsys.readouterr()


@pytest.fixture(scope="module")
def ks(tmp_path_factory, plan, pytestconfig):
    tmp = tmp_path_factory.mktemp("ks24")
    layout = tmp / "ks24.json"
    assert main(["build", str(KS24), "--out", str(layout)]) == 0
    t = load_template(layout)
    corpus = tmp / "corpus"
    generated(pytestconfig, "ks24", t, plan, 8, 21, corpus, stack_size=4,
              profiles={"flatbed": 1.0, "feeder": 1.0, "phone": 1.0}, cycle=True)
    return t, layout, corpus


def test_prints_three_sheets_with_marks_and_codes_on_every_page(capsys, ks, tmp_path):
    import zxingcpp

    from scanner._exec.poppler import render_pages
    from scanner.align import find_markers

    t, layout, _ = ks
    pdf = tmp_path / "f.pdf"
    code, out, _ = cli(capsys, "--template", layout, "forms", "--unit", "PVS", "--out", pdf)
    assert code == 0 and "10 sheets, 60 pages" in out
    for page in range(1, 7):
        gray = render_pages(pdf, 100, page, page)[0]
        assert sorted(find_markers(gray, t.fiducial_dictionary)) == [f.marker_id for f in t.fiducials_on(page)]
        texts = [r.text for r in zxingcpp.read_barcodes(gray)]
        assert texts == [SheetCode("KS24", "3", "PVS", 1, page).text()]
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "6", str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout
    assert "KS24.3.PVS.001.6." in text and "Câu 36." in text and "PHIẾU KHẢO SÁT Ý KIẾN" in text


@pytest.fixture(scope="module")
def scanned(tmp_path_factory, ks):
    """The corpus scanned once, by the command a user types (two workers): both tests below scanned the same 48
    pages the same way, each into a store of its own (issue 26); each now takes a copy of this store."""
    t, layout, corpus = ks
    db = tmp_path_factory.mktemp("ks24-scan") / "s.db"
    code = main([str(a) for a in ("--template", layout, "scan", corpus, "--db", db, "--quiet", "--jobs", 2)])
    return db, code


def test_scanned_answers_against_the_truth(ks, scanned, tmp_path):
    t, _, corpus = ks
    db = copy_db(scanned[0], tmp_path / "b.db")
    result = evaluate(corpus, db, jobs=2, template=t)  # its scan finds every page stored: nothing read twice
    overall = result["groups"]["overall"]
    assert overall["questions"] >= 8 * len(t.choice_questions()) * 0.75  # a steep phone photo may be set aside
    assert overall.get("silent_error", 0) == 0, result["silent_examples"]
    assert overall.get("right", 0) >= 0.85 * overall["questions"]
    assert result["pages_accounted"] == result["pages_truth"]
    assert result["pages_identified"] == result["pages_identifiable"]


def test_the_whole_path_with_online_answers(capsys, ks, scanned, tmp_path, plan):
    from scanner.corpus.online import responses

    t, layout, corpus = ks
    db = copy_db(scanned[0], tmp_path / "s.db")
    assert scanned[1] in (0, 6)
    text, truth = responses(t, plan, 40, 9, vietnamese=True, shape="download")
    header = text.splitlines()[0]
    assert header.split(",")[0] == "Dấu thời gian"
    import csv
    import io

    assert next(csv.reader(io.StringIO(text)))[1:] == export_header(t, plan)  # shaped by its generated form
    csv_path = tmp_path / "online.csv"
    csv_path.write_text(text, encoding="utf-8")
    code, out, _ = cli(capsys, "--template", layout, "import-online", csv_path, "--db", db)
    assert code == 0 and "40 mới" in out
    code, out, _ = cli(capsys, "--template", layout, "validate", "--db", db)
    assert code == 7  # eight sheets are far short of the plan
    code, out, _ = cli(capsys, "--template", layout, "export", "--db", db)
    records = [json.loads(x) for x in out.splitlines()]
    online = [r for r in records if r["channel"] == "online"]
    assert len(online) == 40
    by_time = sorted(truth, key=lambda x: x["submitted_at"])
    got = sorted(online, key=lambda r: r["submitted_at"])
    for want, rec in zip(by_time, got, strict=True):
        assert rec["unit"] == want["unit"]
        for qid, ans in want["answers"].items():
            if t.question(qid).type == "text":
                assert (rec["answers"].get(qid) or rec.get("other_text", {}).get(t.question(qid).other_of or "")
                        or None) == ans, qid
            else:
                assert rec["answers"][qid] == ans, qid
    sheets = {json.loads(x)["sheet"]: json.loads(x) for x in (corpus / "truth.jsonl").read_text().splitlines()
              if json.loads(x)["type"] == "sheet"}
    paper = [r for r in records if r["channel"] == "paper"]
    assert len(paper) == 8
    truth_by_key = {(s["printed_unit"], s["serial"]): s for s in sheets.values() if s["printed_unit"]}
    checked = Counter()
    for rec in paper:
        s = truth_by_key.get((rec["unit"], rec["sheet_serial"]))
        if s is None or s["reused_serial"]:
            continue
        sides = {src["side"] for src in rec["sources"]}
        for qid, want in s["answers"].items():
            if t.question(qid).page not in sides:
                continue  # a side set aside (a photo too steep to read) waits for a person
            if qid not in s["ambiguous"] and qid not in rec["uncertain"]:  # accepted without review
                q = t.question(qid)
                if q.type in DIGIT_KINDS:  # the truth states the value as read; the record holds it typed
                    want = record_value(q.type, want, q.digits, q.decimals)
                assert rec["answers"][qid] == want, (rec["record_id"], qid)
                checked[qid] += 1
    assert len(checked) == len(t.marked_questions())  # the number and date grids too
    for b in t.breakdowns:  # the breakdown questions are read like any other
        assert checked[b] > 0
    tally_and_report(capsys, t, layout, db, tmp_path, plan, truth, records)


def tally_and_report(capsys, t, layout, db, tmp_path, plan, truth, records):
    """Online figures straight from the generator's truth; paper figures from the records checked above."""
    from openpyxl import load_workbook

    from scanner.records import Record
    from scanner.tally import tally

    code, out, _ = cli(capsys, "--template", layout, "tally", "--db", db, "--out", tmp_path / "tally.xlsx")
    assert code == 0
    assert load_workbook(tmp_path / "tally.xlsx").sheetnames
    result = tally(t, plan, [Record(**r) for r in records])
    assert all(r["status"] == "final" for r in records if r["channel"] == "online")
    for q in t.choice_questions():
        rows = result.rows(q.id, "online")
        for o in q.options:
            want = sum(1 for x in truth if o.id in (x["answers"][q.id] or []))
            assert int(rows[rows.option == o.id]["count"].iloc[0]) == want, (q.id, o.id)
    final_paper = [r for r in records if r["channel"] == "paper" and r["status"] == "final"]
    for b in t.breakdowns:  # respondents grouped by the questionnaire's own breakdown questions
        keys = Counter(",".join(x["answers"][b]) for x in truth if x["answers"][b])
        keys.update(",".join(r["answers"][b]) for r in final_paper if r["answers"][b])
        c = result.counts
        sizes = c[(c.channel == "all") & (c.group == b) & (c.question == t.choice_questions()[0].id)]
        assert {k: int(v) for k, v in zip(sizes.group_key, sizes.base_all, strict=True) if k in keys} == dict(keys)
    code, out, _ = cli(capsys, "--template", layout, "report", "--db", db, "--out", tmp_path / "report.pdf")
    assert code == 0
    text = subprocess.run(["pdftotext", str(tmp_path / "report.pdf"), "-"], capture_output=True, check=True,
                          text=True).stdout
    flat = " ".join(text.split())
    d1 = t.question(t.groups["d1"][0])
    assert f"Câu {t.number_of('d1')}." in flat and t.group_texts["d1"][:30] in flat
    assert f"Câu {d1.number[:-1]}" in flat
