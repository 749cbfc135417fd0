"""SPSS and Stata exports read back with pyreadstat (and opened by PSPP) to the JSONL export's answers."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from online_forms import RESPONSES, table, write_csv
from online_tools import kobo_rows, odk_rows, submissions, write_kobo_csv, write_odk_csv

from scanner.analyst import Missing, dataset
from scanner.cli import main
from scanner.records import Record

pyreadstat = pytest.importorskip("pyreadstat")
MISSING = {"not_answered": -1, "skipped": -2, "awaiting": -3}


def cli(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.fixture()
def exported(capsys, tmp_path, template, plan):
    """Answers from all three tools (one held for review, one rejected, "Other" texts), exported every way."""
    db = tmp_path / "o.db"
    subs = submissions(4)
    subs[0].answers = dict(subs[0].answers, a3=["8"], a3_other="Hoa")
    subs[1].review = "On Hold"
    cli(capsys, "import-online", write_kobo_csv(tmp_path / "k.csv", kobo_rows(template, plan, subs)), "--db", db)
    odk = submissions(2, start=4)
    odk[1].review = "rejected"
    cli(capsys, "import-online", write_odk_csv(tmp_path / "o.csv", odk_rows(template, odk)), "--db", db)
    cli(capsys, "import-online", write_csv(tmp_path / "g.csv", table(template, RESPONSES[:2])), "--db", db)
    files = {}
    for fmt in ("jsonl", "sav", "dta"):
        files[fmt] = tmp_path / f"all.{fmt}"
        cli(capsys, "export", "--format", fmt, "--out", files[fmt], "--db", db)
    files["csv"] = tmp_path / "all.csv"
    cli(capsys, "export", "--format", "csv", "--labels", "--out", files["csv"], "--db", db)
    records = [json.loads(x) for x in files["jsonl"].read_text(encoding="utf-8").splitlines()]
    return records, files


def expected_row(template, r: dict) -> dict:
    """What each variable must hold, computed from a JSONL record by the rules the README states."""
    out = {"record_id": r["record_id"], "channel": {"paper": 1, "google": 2, "kobo": 3, "odk": 4}[r["via"] or "paper"],
           "status": {"final": 1, "needs_review": 2, "discarded": 3}[r["status"]]}
    waiting = r["status"] == "needs_review" and r["channel"] == "online"
    for q in template.questions:
        a = r["answers"][q.id]
        if q.type in ("text", "date"):  # a date as its ISO text
            out[q.id] = a or ""
            continue
        if q.type == "number" and a is not None and q.id not in r["uncertain"]:
            out[q.id] = a
            continue
        if q.id in r["uncertain"] or (q.type == "number" and waiting) or (not a and waiting):
            code = MISSING["awaiting"]
        elif not a:
            code = MISSING["not_answered"]
        else:
            code = None
        if q.type == "multiple":
            for o in q.options:
                out[f"{q.id}_{o.id}"] = code if code is not None else int(o.id in a)
        else:
            out[q.id] = code if code is not None else int(a[0])
    return out


def test_sav_reads_back_to_the_jsonl_answers(exported, template):
    records, files = exported
    frame, meta = pyreadstat.read_sav(str(files["sav"]), user_missing=True)
    assert len(frame) == len(records) == 8
    by_id = {row["record_id"]: row for row in frame.to_dict("records")}
    for r in records:
        want = expected_row(template, r)
        got = by_id[r["record_id"]]
        assert {k: got[k] for k in want} == want, r["record_id"]
    assert {r["via"] for r in records} == {"google", "kobo", "odk"}
    assert meta.column_names_to_labels["a2"] == "Câu 2. Giới tính" or "Giới tính" in meta.column_names_to_labels["a2"]
    assert meta.variable_value_labels["a1"][1] == "Cán bộ lãnh đạo, quản lý"
    assert meta.variable_value_labels["a1"][-3] == Missing.awaiting_review.label
    assert meta.variable_value_labels["channel"][3] == "KoboToolbox"
    assert "Hạn chế" in meta.column_names_to_labels["q6_6"] and "Khác (ghi rõ)" in meta.column_names_to_labels["q6_6"]
    assert meta.missing_ranges["q2"] == [{"lo": float(c), "hi": float(c)} for c in (-1, -2, -3)]
    # The held KoboToolbox row keeps its answers and says it awaits review; the rejected ODK one is discarded.
    held = next(r for r in records if r["status"] == "needs_review")
    assert by_id[held["record_id"]]["status"] == 2 and by_id[held["record_id"]]["q2"] == int(held["answers"]["q2"][0])
    assert sum(1 for r in records if r["status"] == "discarded") == 1
    other = next(r for r in records if r["answers"]["a3_other"] == "Hoa")
    assert by_id[other["record_id"]]["a3"] == 8 and by_id[other["record_id"]]["a3_other"] == "Hoa"


def test_dta_reads_back_with_extended_missing_letters(exported, template):
    records, files = exported
    frame, meta = pyreadstat.read_dta(str(files["dta"]), user_missing=True)
    letters = {-1: "a", -2: "b", -3: "c"}
    by_id = {row["record_id"]: row for row in frame.to_dict("records")}
    for r in records:
        want = {k: letters.get(v, v) if isinstance(v, int) and k not in ("channel", "status") else v
                for k, v in expected_row(template, r).items()}
        got = by_id[r["record_id"]]
        assert {k: got[k] for k in want} == want, r["record_id"]
    assert meta.variable_value_labels["q2"][1] == "Rất quan tâm"
    assert len(meta.column_names_to_labels["q1_1"]) <= 80


def test_weights_follow_the_plan(exported, plan):
    records, files = exported
    frame, _ = pyreadstat.read_sav(str(files["sav"]))
    final = frame[frame.status == 1]
    planned = {c: plan.unit(c).paper + (plan.unit(c).online_min or 0) for c in final.unit_code}
    n = final.unit_code.value_counts()
    total_planned = sum(planned.values())
    for _, row in final.iterrows():
        want = (planned[row.unit_code] / total_planned) / (n[row.unit_code] / len(final))
        assert abs(row.weight - want) < 1e-5
    assert abs(final.weight.sum() - len(final)) < 1e-3
    assert frame[frame.status != 1].weight.isna().all()


def test_csv_labels_writes_a_codebook(exported, template):
    _, files = exported
    book = list(csv.DictReader(files["csv"].with_suffix(".codebook.csv").open(encoding="utf-8")))
    a1 = next(b for b in book if b["variable"] == "a1")
    assert a1["column"] == f"a1 {template.question('a1').text}" and "1 = Cán bộ lãnh đạo, quản lý" in a1["values"]
    assert "-3 = Chờ duyệt" in a1["missing"]
    header = next(csv.reader(files["csv"].open(encoding="utf-8")))
    assert {b["column"] for b in book if b["variable"].startswith(("a", "q"))} <= set(header)


def test_paper_missing_codes(template, plan):
    """Blank, skipped ("Other" text without its option) and awaiting review kept apart on a paper record."""
    answers = {q.id: ([] if q.type != "text" else None) for q in template.questions}
    answers.update(a1=["2"], a3=["1"], q1=["1", "3"])
    r = Record("paper:S1", "paper", "MS", 7, "needs_review", answers, ["q2"])
    row = dataset(template, plan, [r]).rows[0]
    assert (row["a1"], row["a2"], row["q2"], row["a3_other"]) == (2, -1, -3, "")
    assert [row[f"q1_{i}"] for i in range(1, 7)] == [1, 0, 1, 0, 0, 0] and row["channel"] == 1
    from scanner.analyst import why_empty

    assert why_empty(template, template.question("a3_other"), r) is Missing.skipped
    assert why_empty(template, template.question("q8"), r) is Missing.not_answered


def test_questions_the_form_skips_are_coded_skipped(template, plan):
    """A question the record's skip logic skipped (Record.skipped) is -2, not 'not answered'."""
    answers = {q.id: ([] if q.type != "text" else None) for q in template.questions}
    answers.update(a1=["2"])
    r = Record("paper:S2", "paper", "MS", 8, "complete", answers, [], skipped=["a2"])
    row = dataset(template, plan, [r]).rows[0]
    assert (row["a1"], row["a2"], row["q2"]) == (2, -2, -1)


def test_pspp_opens_the_sav_with_its_labels(exported, tmp_path):
    if shutil.which("pspp") is None:
        pytest.skip("pspp is not installed (./run setup installs it with the other system packages)")
    _, files = exported
    syntax = tmp_path / "read.sps"
    syntax.write_text(f"GET FILE='{files['sav']}'.\nDISPLAY DICTIONARY /VARIABLES=a2 q2.\nFREQUENCIES /VARIABLES=a2.\n",
                      encoding="utf-8")
    out = tmp_path / "out.csv"
    done = subprocess.run(["pspp", "-o", str(out), str(syntax)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    text = Path(out).read_text(encoding="utf-8")
    assert "a2,13,Câu 2. Giới tính,Nominal" in text and ",F8.0,F8.0,-1; -2; -3" in text
    assert "2,Nữ" in text and "1,Rất quan tâm" in text
    assert "-3[a],Chờ duyệt (awaiting review)" in text  # the missing codes' labels, as SPSS users see them


def test_xlsx_labels_has_a_codebook_sheet(capsys, tmp_path, exported):
    from openpyxl import load_workbook

    _, files = exported
    out = tmp_path / "all.xlsx"
    cli(capsys, "export", "--format", "xlsx", "--labels", "--out", out, "--db", files["jsonl"].with_name("o.db"))
    wb = load_workbook(out)
    rows = list(wb["codebook"].iter_rows(values_only=True))
    assert rows[0] == ("variable", "column", "label", "type", "values", "missing")
    assert any(r[0] == "q6_6" and "Khác (ghi rõ)" in r[2] for r in rows)
    header = next(wb["records"].iter_rows(values_only=True))
    assert "via" in header


def test_a_decimal_question_keeps_its_places_in_spss(tmp_path, plan):
    """t13n's F5: every number got F8.0 (its missing codes are value labels), so SPSS showed 16.9 as 17."""
    from test_kinds import _form

    from scanner.layout import build_layout
    from scanner.questionnaire import load_questionnaire
    from scanner.stats_files import write_sav
    from scanner.template import parse_template

    survey = [{"type": "decimal", "name": "area", "label": "Diện tích (ha)", "digits": "4", "decimals": "1"},
              {"type": "decimal", "name": "price", "label": "Giá", "digits": "6", "decimals": "2"},
              {"type": "integer", "name": "n", "label": "Số người"}]
    template = parse_template(build_layout(load_questionnaire(_form(tmp_path / "f.xlsx", survey))), "f")
    unit = next(u.code for u in plan.units if u.paper)
    r = Record("paper:S1", "paper", unit, 1, "final", {"area": 16.9, "price": 1234.25, "n": 4}, [])
    write_sav(dataset(template, plan, [r]), tmp_path / "d.sav")
    frame, meta = pyreadstat.read_sav(str(tmp_path / "d.sav"), user_missing=True)
    assert {k: meta.original_variable_types[k] for k in ("area", "price", "n")} == {
        "area": "F8.1", "price": "F9.2", "n": "F8.0"}
    assert (frame["area"][0], frame["price"][0], frame["n"][0]) == (16.9, 1234.25, 4)
