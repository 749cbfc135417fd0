"""Month-year and year dates (ODK's `month-year` and `year` appearances) hold the same value whichever way they come.

ODK stores such an answer in a `date` field as the month's first day (yyyy-mm-01) or the year's first of January
(yyyy-01-01): the Collect widget sets the hidden parts to 1 (getodk/getodk#1174, getodk/collect#4810; the docs'
form-question-types page: "Collects only a month and year" / "Collects only a year"). Here the same answers are
marked on paper, typed into a Google Form and sent from KoboToolbox, and every export (CSV, XLSX, SPSS, Stata)
must hold yyyy-mm-01 / yyyy-01-01. The truth is the digits marked in the generated grid (the generator's own
record of which bubbles it filled), turned into dates here by that rule, never by the reader.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from conftest import samples_generated

from scanner.cli import main
from scanner.corpus.online import header
from scanner.kinds import Kind
from scanner.kinds.registry import not_understood, parse_online
from scanner.template import load_template
from tests.test_way_in import YES_NO, form

SURVEY = [{"type": "select_one yn", "name": "farm", "label": "Do you farm?"},
          {"type": "date", "name": "visit", "label": "Date of the visit"},
          {"type": "date", "name": "harvest", "label": "Month of the last harvest", "appearance": "month-year",
           "constraint": ". >= date('2015-01-01') and . <= date('2023-12-31')"},
          {"type": "date", "name": "built", "label": "Year the house was built", "appearance": "year",
           "constraint": ". >= date('1950-01-01') and . <= date('2023-12-31')"}]
PARTIAL = ("harvest", "built")
UNIT = "Đảng bộ xã Bản Lang"
UNIT_QUESTION = "Đơn vị công tác hoặc xã, thị trấn nơi cư trú"  # the settings ask the Google Form's unit question


def _marked_digits(boxes: dict[str, dict]) -> str:
    """The digits the generator marked in a grid, column by column (c1d3 is column 1, digit 3)."""
    by_col = {}
    for bid, b in boxes.items():
        if b["state"] == "marked":
            col, digit = bid[1:].split("d")
            by_col.setdefault(int(col), []).append(digit)
    assert all(len(v) == 1 for v in by_col.values())
    return "".join(by_col[c][0] for c in sorted(by_col))


def _odk_date(qid: str, digits: str) -> str:
    """ODK's rule, written out: month-year mmYYYY -> YYYY-mm-01, year YYYY -> YYYY-01-01."""
    if qid == "harvest":
        return f"{digits[2:6]}-{digits[0:2]}-01"
    return f"{digits}-01-01"


@pytest.fixture(scope="module")
def paper(tmp_path_factory, pytestconfig):
    """Three filled sheets, generated, scanned and read into a store; the truth from the marked bubbles."""
    work = tmp_path_factory.mktemp("dates")
    tpl = work / "t.json"
    assert main(["build", str(form(work / "dates.xlsx", SURVEY, YES_NO, {
        "form_title": "Farm dates", "form_id": "farmdates", "default_language": "English (en)"})),
                 "--out", str(tpl)]) == 0
    corpus = work / "corpus"
    assert samples_generated(pytestconfig, "partial dates", tpl, ["--sheets", "3", "--seed", "5", "--profiles", "flatbed",
                                                               "--kind", "png", "--jobs", "1"], corpus)
    db = work / "s.db"
    assert main(["--template", str(tpl), "scan", str(corpus), "--db", str(db), "--jobs", "1", "--quiet"]) == 0
    truth = {}
    for line in (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        x = json.loads(line)
        if x["type"] == "sheet" and not set(PARTIAL) & set(x["ambiguous"]):
            truth[(x["printed_unit"] or "", str(x["serial"]) if x["printed_unit"] else "")] = {q: _odk_date(q, _marked_digits(x["boxes"][q])) for q in PARTIAL}
    assert truth, "every generated sheet slipped on a date grid: choose another seed"
    return work, tpl, db, truth


def _exports(capsys, work, tpl, db) -> dict[str, list[dict]]:
    """Each export format's records as {column: value} rows, read back with each format's own reader."""
    import pyreadstat
    from openpyxl import load_workbook

    out = {}
    capsys.readouterr()
    assert main(["--template", str(tpl), "export", "--db", str(db), "--format", "csv"]) == 0
    out["csv"] = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert main(["--template", str(tpl), "export", "--db", str(db), "--format", "xlsx", "--out",
                 str(work / "r.xlsx")]) == 0
    ws = load_workbook(work / "r.xlsx")["records"]
    rows = list(ws.iter_rows(values_only=True))
    out["xlsx"] = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    for fmt, reader in (("sav", pyreadstat.read_sav), ("dta", pyreadstat.read_dta)):
        path = work / f"r.{fmt}"
        assert main(["--template", str(tpl), "export", "--db", str(db), "--format", fmt, "--out", str(path)]) == 0
        frame, _ = reader(str(path))
        out[fmt] = frame.to_dict("records")
    return out


def _key(r: dict) -> tuple[str, str]:
    """A paper record's printed unit and serial as the CSV writes them ("", "" for a blank sheet)."""
    return r["unit"] or "", r["sheet_serial"] if r["unit"] else ""


def _iso(v) -> str | None:
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    return v or None


def test_paper_google_and_kobo_answers_export_as_odk_stores_them(paper, capsys, tmp_path, plan):
    work, tpl, db, truth = paper
    template = load_template(tpl)
    # the same answers typed online: a Vietnamese Google Sheet (month-year and year asked as checked short
    # answers MM/YYYY and YYYY) and a KoboToolbox CSV (ODK's own yyyy-mm-01 / yyyy-01-01)
    head = header(template, True)
    google = io.StringIO()
    w = csv.writer(google, lineterminator="\r\n")
    w.writerow(head)
    kobo = [["start", "end", "don_vi", "farm", "visit", "harvest", "built", "_id", "_uuid", "_submission_time"]]
    for k, want in enumerate(truth.values()):
        h, b = want["harvest"], want["built"]
        row = [""] * len(head)
        row[0], row[1] = f"08/11/2023 09:1{k}:00", UNIT
        row[head.index("Month of the last harvest")] = f"{h[5:7]}/{h[:4]}"
        row[head.index("Year the house was built")] = b[:4]
        w.writerow(row)
        kobo.append([f"2023-11-08T08:5{k}:00.000+07:00", f"2023-11-08T09:0{k}:00.000+07:00", "MS", "yes",
                     "2023-11-08", h, b, str(k), f"u-{k}", f"2023-11-09T02:0{k}:00"])
    (tmp_path / "google.csv").write_text(google.getvalue(), encoding="utf-8")
    (tmp_path / "kobo.csv").write_text("\r\n".join(";".join(f'"{c}"' for c in r) for r in kobo) + "\r\n",
                                       encoding="utf-8")
    copy = tmp_path / "all.db"
    copy.write_bytes(db.read_bytes())
    for f in ("google.csv", "kobo.csv"):
        assert main(["--template", str(tpl), "import-online", str(tmp_path / f), "--db", str(copy)]) == 0
    exports = _exports(capsys, tmp_path, tpl, copy)
    want = sorted((v["harvest"], v["built"]) for v in truth.values())
    rows = exports["csv"]
    for channel_rows in ([r for r in rows if r["channel"] == "paper" and _key(r) in truth],
                         [r for r in rows if r["via"] == "Google Forms"],
                         [r for r in rows if r["via"] == "KoboToolbox"]):
        assert sorted((r["harvest"], r["built"]) for r in channel_rows) == want, channel_rows
    # every other format holds each record's dates as the CSV does (the workbook as date cells)
    held = {r["record_id"]: (r["harvest"] or None, r["built"] or None) for r in rows}
    for fmt in ("xlsx", "sav", "dta"):
        assert {r["record_id"]: (_iso(r["harvest"]), _iso(r["built"])) for r in exports[fmt]} == held, fmt
    # each paper record holds what its own sheet's bubbles say
    paper_rows = {_key(r): r for r in rows if r["channel"] == "paper"}
    for key, answers in truth.items():
        assert {q: paper_rows[key][q] for q in PARTIAL} == answers
    # the workbook's cells are real dates, on the first of the month and the first of January, shown as asked
    cells = [r for r in exports["xlsx"] if r["harvest"] is not None]
    assert cells and all(isinstance(r["harvest"], dt.datetime) and r["harvest"].day == 1 for r in cells)
    assert all(r["built"].month == 1 and r["built"].day == 1 for r in cells if r["built"] is not None)
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "r.xlsx")["records"]
    head = [c.value for c in ws[1]]
    formats = {q: {ws.cell(row=n, column=head.index(q) + 1).number_format for n in range(2, ws.max_row + 1)
                   if ws.cell(row=n, column=head.index(q) + 1).value is not None} for q in ("visit", *PARTIAL)}
    assert formats == {"visit": {"DD/MM/YYYY"}, "harvest": {"MM/YYYY"}, "built": {"YYYY"}}


@pytest.mark.parametrize(("cell", "columns", "want"), [
    ("1980", 4, "1980-01-01"), (1980, 4, "1980-01-01"), ("1980.0", 4, "1980-01-01"),  # a year question: its year
    ("1980", 6, None), (1980, 6, None),  # a month-year question: the month is missing
    ("1980", 8, None), (1980, 8, None), (1980.0, 8, None),  # a full date: neither a year alone nor 1905-06-02
    (46361, 8, "2026-12-05"), ("46361", 6, "2026-12-01"),  # five digits are Excel's serial day, as before
])
def test_a_bare_number_in_a_date_column_follows_the_question(cell, columns, want):
    assert parse_online(Kind.date, cell, columns=columns) == (want, want is not None)
    assert (dt.date(1899, 12, 30) + dt.timedelta(days=1980)).isoformat() == "1905-06-02"  # what was stored before


def test_the_reason_a_bare_year_is_asked_about_names_what_is_missing():
    assert not_understood(Kind.date, "1980", 6) == '"1980" chỉ có năm, thiếu tháng: ghi tháng/năm, ví dụ 12/1980'
    assert not_understood(Kind.date, "1980", 8) == ('"1980" chỉ có năm 1980, thiếu ngày và tháng: ghi '
                                                    'ngày/tháng/năm, ví dụ 25/12/1980')
    assert not_understood(Kind.date, "1980", 8, excel_day_allowed=True) == (
        '"1980" chỉ có năm 1980, thiếu ngày và tháng, hoặc là ngày 02/06/1905 nếu đọc theo cách Excel đếm ngày: '
        'ghi ngày/tháng/năm, ví dụ 25/12/1980')


def test_an_import_asks_about_bare_years_by_the_question_and_its_constraint(tmp_path, capsys):
    """A Google Sheet where people typed a year into date cells: the year question takes it; the month-year and
    full date questions send the row to a person, saying what is missing, and Excel's 1905 day is named only
    where the question's constraint admits such a day."""
    survey = [{"type": "date", "name": "born", "label": "Date of birth",
               "constraint": ". >= date('1900-01-01') and . <= date('2023-12-31')"},
              {"type": "date", "name": "moved", "label": "Date moved here", "constraint": ". >= date('1950-01-01')"},
              {"type": "date", "name": "harvest", "label": "Month of the last harvest", "appearance": "month-year"},
              {"type": "date", "name": "built", "label": "Year the house was built", "appearance": "year"}]
    tpl = tmp_path / "t.json"
    assert main(["build", str(form(tmp_path / "y.xlsx", survey, settings={"form_id": "years",  # (asks the unit, s17)
                                                                     "unit_question": UNIT_QUESTION})),
                 "--out", str(tpl)]) == 0
    template = load_template(tpl)
    head = header(template, True)
    rows = [head, ["08/11/2023 09:15:00", UNIT, "25/12/1960", "03/04/1999", "03/2016", "1975"],
            ["08/11/2023 09:16:00", UNIT, "1960", "1999", "2016", "1975"]]
    f = tmp_path / "y.csv"
    with f.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    db = tmp_path / "y.db"
    capsys.readouterr()
    assert main(["--template", str(tpl), "import-online", str(f), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "2 mới (new)" in out and "1 có vấn đề" in out, out
    assert '"1960" chỉ có năm 1960, thiếu ngày và tháng, hoặc là ngày 13/05/1905 nếu đọc theo cách Excel' in out
    assert '"1999" chỉ có năm 1999, thiếu ngày và tháng: ghi ngày/tháng/năm' in out  # 1905 breaks ". >= 1950"
    assert '"2016" chỉ có năm, thiếu tháng' in out
    assert (dt.date(1899, 12, 30) + dt.timedelta(days=1960)).isoformat() == "1905-05-13"
    assert main(["--template", str(tpl), "export", "--db", str(db), "--format", "jsonl"]) == 0
    recs = sorted((json.loads(x) for x in capsys.readouterr().out.splitlines()), key=lambda r: r["submitted_at"])
    assert [(r["answers"]["born"], r["answers"]["moved"], r["answers"]["harvest"], r["answers"]["built"], r["status"])
            for r in recs] == [("1960-12-25", "1999-04-03", "2016-03-01", "1975-01-01", "final"),
                               (None, None, None, "1975-01-01", "needs_review")]
