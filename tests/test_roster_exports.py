"""A roster's columns export as their own questions do (issue 22): a member's age a number, a birth date a date,
a choice its code with value labels; and a roster whose label starts with its own letter is not numbered again.

The form is made here (tests/test_roster_numbers.household: ages, incomes with one decimal and birth dates
in a three-row roster), the records hold what an ODK repeat gives ("34", "1990-01-05"), and what each
file must read back is written out by hand from those records.
"""

from __future__ import annotations

import datetime as dt
import math
import subprocess
from pathlib import Path

import pytest
from test_roster_numbers import household
from test_structure_forms import workbook

from scanner.analyst import Missing, dataset
from scanner.cli import main
from scanner.export import write_xlsx
from scanner.questionnaire import load_questionnaire
from scanner.records import Record
from scanner.roster import held_value
from scanner.stats_files import write_dta, write_sav
from scanner.template import Template, load_template
from scanner.vocab import RecordChannel, RecordStatus

pyreadstat = pytest.importorskip("pyreadstat")

MEMBERS = [  # (name, sex, age, income, born) as an ODK repeat's rows give them: text
    ("Lò Văn A", ["1"], "34", "12.5", "1990-01-05"),
    ("Lò Thị B", ["2"], "7", "0", "2017-03-30"),
]


@pytest.fixture(scope="module")
def layout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("roster_exports")
    assert main(["build", str(household(tmp / "hh.xlsx")), "--out", str(tmp / "hh.json")]) == 0
    return tmp / "hh.json"


@pytest.fixture(scope="module")
def built(layout: Path) -> Template:
    return load_template(layout)


def records(t: Template) -> list[Record]:
    answers: dict = {q.id: [] if q.behaviour.shares else None for q in t.questions}
    answers.update(size=2, visit="2026-08-01")
    for n, (name, sex, age, income, born) in enumerate(MEMBERS, start=1):
        answers.update({f"mname[{n}]": name, f"sex[{n}]": sex, f"age[{n}]": age, f"income[{n}]": income,
                        f"born[{n}]": born})
    other = dict(answers, **{"age[1]": "ba mươi"})  # words where a number was asked: a person reads them
    return [Record("r1", RecordChannel.online, None, None, RecordStatus.final, answers, []),
            Record("r2", RecordChannel.online, None, None, RecordStatus.final, other, [])]


def test_roster_numbers_are_numeric_in_sav_and_dta(built: Template, plan, tmp_path: Path) -> None:
    data = dataset(built, plan, records(built))
    write_sav(data, tmp_path / "hh.sav")
    write_dta(data, tmp_path / "hh.dta")
    frame, meta = pyreadstat.read_sav(str(tmp_path / "hh.sav"), user_missing=True)
    # the question outside the roster and the member's age: both numeric, both as whole numbers
    for name in ("size", "age_1", "age_2", "income_1"):
        assert meta.readstat_variable_types[name] == "double", name
    assert meta.original_variable_types["age_1"] == meta.original_variable_types["size"] == "F8.0"
    assert meta.original_variable_types["income_1"] == "F8.1"  # a decimal question's one place
    assert list(frame["age_1"]) == [34.0, float(Missing.awaiting_review)]  # "ba mươi" awaits a person
    assert list(frame["age_2"]) == [7.0, 7.0] and list(frame["income_1"]) == [12.5, 12.5]
    assert math.isnan(frame["age_3"][0]) or frame["age_3"][0] == float(Missing.not_answered)  # no third member
    # a birth date as a question's date is held (ISO text), a sex its code with the form's labels
    assert meta.readstat_variable_types["born_1"] == meta.readstat_variable_types["visit"] == "string"
    assert list(frame["born_1"]) == ["1990-01-05"] * 2
    assert list(frame["sex_2"]) == [2.0, 2.0] and meta.variable_value_labels["sex_2"][2] == "Nữ"
    dta, dmeta = pyreadstat.read_dta(str(tmp_path / "hh.dta"), user_missing=True)
    assert dmeta.readstat_variable_types["age_1"] == "double" and list(dta["age_1"]) == [34.0, "c"]


def test_pspp_reads_the_member_age_as_a_number(built: Template, plan, tmp_path: Path) -> None:
    if not Path("/usr/bin/pspp").exists():
        pytest.skip("PSPP is not installed")
    write_sav(dataset(built, plan, records(built)[:1]), tmp_path / "hh.sav")
    syntax = tmp_path / "d.sps"
    syntax.write_text(f"GET FILE='{tmp_path / 'hh.sav'}'.\nDISPLAY DICTIONARY /VARIABLES=age_1.\n"
                      "DESCRIPTIVES /VARIABLES=age_1.\n", encoding="utf-8")
    out = subprocess.run(["pspp", "-O", "format=csv", str(syntax)], capture_output=True, text=True, timeout=120).stdout
    assert "F8.0" in out and "34" in out  # numeric, and its mean is the one member's 34


def test_roster_numbers_and_dates_are_number_and_date_cells_in_xlsx(built: Template, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    write_xlsx(built, records(built), tmp_path / "hh.xlsx")
    ws = load_workbook(tmp_path / "hh.xlsx").active
    head = [c.value for c in ws[1]]
    first = {h: c.value for h, c in zip(head, ws[2], strict=True)}
    second = {h: c.value for h, c in zip(head, ws[3], strict=True)}
    assert (first["age[1]"], first["income[1]"], first["size"]) == (34, 12.5, 2)
    assert first["born[1]"] == dt.datetime(1990, 1, 5) and first["visit"] == dt.datetime(2026, 8, 1)
    assert second["age[1]"] == "ba mươi"  # kept as written, where a person can read it


def lettered_roster(path: Path) -> Path:
    survey = [
        {"type": "begin_group", "name": "a", "label": "A. THÔNG TIN CHUNG"},
        {"type": "integer", "name": "size", "label": "Số người trong hộ"},
        {"type": "end_group", "name": "a"},
        {"type": "begin_group", "name": "b", "label": "PHẦN B. THÀNH VIÊN"},
        {"type": "begin_repeat", "name": "member", "label": "B. THÀNH VIÊN TRONG HỘ", "repeat_count": "2"},
        {"type": "text", "name": "mname", "label": "Họ và tên"},
        {"type": "integer", "name": "age", "label": "Tuổi"},
        {"type": "end_repeat", "name": "member"},
        {"type": "begin_repeat", "name": "away", "label": "7. Người đi làm ăn xa", "repeat_count": "2"},
        {"type": "text", "name": "aname", "label": "Họ và tên"},
        {"type": "end_repeat", "name": "away"},
        {"type": "select_one yn", "name": "after", "label": "Hộ có vay vốn không?"},
        {"type": "end_group", "name": "b"},
    ]
    return workbook(path, ["type", "name", "label", "repeat_count"], survey, ["list_name", "name", "label"],
                    [("yn", "1", "Có"), ("yn", "2", "Không")], {"form_title": "PHIẾU HỘ", "form_id": "HHL",
                                                                 "version": "1"})


def test_a_roster_keeps_its_own_letter_and_is_not_numbered_again(tmp_path: Path) -> None:
    form = lettered_roster(tmp_path / "hh.xlsx")
    items = {it.id: it for s in load_questionnaire(form).sections for it in s.items}
    assert (items["member"].number, items["member"].label) == ("B", "THÀNH VIÊN TRONG HỘ")
    assert (items["away"].number, items["away"].label) == ("7", "Người đi làm ăn xa")
    assert [items[k].number for k in ("size", "after")] == ["1", "8"]  # numbered on after the roster's own 7
    assert main(["build", str(form), "--out", str(tmp_path / "hh.json")]) == 0
    assert main(["--template", str(tmp_path / "hh.json"), "forms", "--blank", "1", "--out",
                 str(tmp_path / "hh.pdf")]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "hh.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    lines = [" ".join(x.split()) for x in text.splitlines() if x.strip()]
    assert "B. THÀNH VIÊN TRONG HỘ" in lines and "Câu 7. Người đi làm ăn xa" in lines
    assert not any("B. THÀNH VIÊN TRONG HỘ" in x and "Câu" in x for x in lines)  # printed once, no "Câu 3. B."
    assert "PHẦN B. THÀNH VIÊN" in lines  # the group is a part heading, no question number
    assert "Câu 8. Hộ có vay vốn không?" in lines



def test_the_template_says_what_a_written_column_holds(built: Template, layout: Path) -> None:
    import json

    from scanner.template import TemplateError, parse_template

    columns = {c.id: (c.holds, c.decimals) for c in built.rosters["m"].columns}
    assert columns == {"mname": (None, 0), "sex": (None, 0), "age": ("number", 0), "income": ("number", 1),
                       "born": ("date", 0)}
    assert (built.question("age[2]").holds, built.question("mname[2]").holds) == ("number", None)
    raw = json.loads(layout.read_text(encoding="utf-8"))
    roster = next(q for q in raw["questions"] if q.get("type") == "roster")
    next(c for c in roster["columns"] if c["id"] == "sex")["holds"] = "number"  # a choice column holds codes
    with pytest.raises(TemplateError, match="holds"):
        parse_template(raw, "hh.json")


def dated_roster(path: Path) -> Path:
    """A roster asking a member's full birth date, the month-year they moved in and the year they married."""
    survey = [
        {"type": "begin_repeat", "name": "m", "label": "Thành viên", "rows": "2"},
        {"type": "text", "name": "mname", "label": "Họ và tên"},
        {"type": "date", "name": "born", "label": "Ngày sinh"},
        {"type": "date", "name": "moved", "label": "Tháng năm chuyển đến", "appearance": "month-year"},
        {"type": "date", "name": "wed", "label": "Năm kết hôn", "appearance": "year"},
        {"type": "end_repeat", "name": "m"},
    ]
    return workbook(path, ["type", "name", "label", "appearance", "rows"], survey, ["list_name", "name", "label"],
                    [], {"form_title": "PHIẾU HỘ", "form_id": "HHD", "version": "1"})


def test_a_roster_date_column_keeps_its_month_year_or_year_precision(tmp_path: Path) -> None:
    """Issue 22: "03/2024" written in a month-year column is 2024-03-01 and "2024" in a year column 2024-01-01,
    as ODK stores them outside a roster, shown MM/YYYY and YYYY in the XLSX; a writing that does not fit the
    column's precision ("2024" where a month is asked, "03/2024" where a year is) awaits a person."""
    import json

    from openpyxl import load_workbook

    from scanner.export import PARTIAL_DATE_FORMATS
    from scanner.template import TemplateError, parse_template

    assert main(["build", str(dated_roster(tmp_path / "hh.xlsx")), "--out", str(tmp_path / "hh.json")]) == 0
    t = load_template(tmp_path / "hh.json")
    assert {c.id: (c.holds, c.digits) for c in t.rosters["m"].columns if c.holds} == {
        "born": ("date", 0), "moved": ("date", 6), "wed": ("date", 4)}
    raw = json.loads((tmp_path / "hh.json").read_text(encoding="utf-8"))
    roster = next(q for q in raw["questions"] if q.get("type") == "roster")
    next(c for c in roster["columns"] if c["id"] == "born")["digits"] = 5  # a date grid has 8, 6 or 4 columns
    with pytest.raises(TemplateError, match="digits"):
        parse_template(raw, "hh.json")
    base: dict = {q.id: None for q in t.questions}
    fits = dict(base, **{"mname[1]": "Lò Văn A", "born[1]": "05/01/1990", "moved[1]": "03/2024", "wed[1]": "2024"})
    misfit = dict(base, **{"mname[1]": "Lò Văn A", "moved[1]": "2024", "wed[1]": "03/2024"})
    recs = [Record(rid, RecordChannel.online, None, None, RecordStatus.final, a, [])
            for rid, a in (("r1", fits), ("r2", misfit))]
    write_xlsx(t, recs, tmp_path / "out.xlsx")
    ws = load_workbook(tmp_path / "out.xlsx").active
    head = [c.value for c in ws[1]]
    first = dict(zip(head, ws[2], strict=True))
    second = {h: c.value for h, c in zip(head, ws[3], strict=True)}
    assert first["born[1]"].value == dt.datetime(1990, 1, 5)
    assert first["moved[1]"].value == dt.datetime(2024, 3, 1) and first["wed[1]"].value == dt.datetime(2024, 1, 1)
    assert (first["moved[1]"].number_format, first["wed[1]"].number_format) == (PARTIAL_DATE_FORMATS[6],
                                                                                PARTIAL_DATE_FORMATS[4]) == (
        "MM/YYYY", "YYYY")
    assert (second["moved[1]"], second["wed[1]"]) == ("2024", "03/2024")  # kept as written, not guessed
    # the value each column holds, and whether the writing is one (False: a person reads it)
    held = {(qid, text): held_value(t.question(qid), text) for qid, text in (
        ("moved[1]", "03/2024"), ("moved[1]", "3/2024"), ("wed[1]", "2024"), ("born[1]", "2024"),
        ("moved[1]", "2024"), ("wed[1]", "03/2024"))}
    assert held == {("moved[1]", "03/2024"): ("2024-03-01", True), ("moved[1]", "3/2024"): ("2024-03-01", True),
                    ("wed[1]", "2024"): ("2024-01-01", True), ("born[1]", "2024"): ("2024", False),
                    ("moved[1]", "2024"): ("2024", False), ("wed[1]", "03/2024"): ("03/2024", False)}


@pytest.mark.parametrize("label", ["WASH. Water sources of the household", "HHM: Members of the household"])
def test_a_roster_named_by_an_abbreviation_is_numbered(tmp_path: Path, label: str) -> None:
    """A roster's lone letter ("B. THÀNH VIÊN") is its own number, but a word in capitals before a stop ("WASH.",
    "HHM:") is its name: it is numbered like any roster, the abbreviation kept in its label (issue 22)."""
    survey = [{"type": "integer", "name": "size", "label": "Household size"},
              {"type": "begin_repeat", "name": "r", "label": label, "repeat_count": "2"},
              {"type": "text", "name": "rname", "label": "Name"},
              {"type": "end_repeat", "name": "r"}]
    form = workbook(tmp_path / "ab.xlsx", ["type", "name", "label", "repeat_count"], survey,
                    ["list_name", "name", "label"], [], {"form_title": "Household", "form_id": "ab", "version": "1"})
    items = {it.id: it for s in load_questionnaire(form).sections for it in s.items}
    assert (items["r"].number, items["r"].label) == ("2", label)
