"""Question kinds: one enum, the digit grids of number and date questions, and their values in records."""

from __future__ import annotations

import datetime as dt

import pytest

from scanner.kinds import CHOICE_KINDS, DIGIT_KINDS, MARKED_KINDS, Kind
from scanner.kinds.date import parse_date
from scanner.kinds.digits import bubble_id
from scanner.kinds.number import digits_for
from scanner.kinds.registry import REGISTRY, not_understood, parse_online, read_grid, record_value
from scanner.questionnaire_model import Kind as QuestionnaireKind


def marks(text: str) -> list[str]:
    """The bubbles a respondent marks for `text`, one character per column: a digit, "_" for none."""
    return [bubble_id(c, int(ch)) for c, ch in enumerate(text, 1) if ch != "_"]


def test_one_enum_for_questionnaire_and_template_and_every_kind_registered():
    assert QuestionnaireKind is Kind
    assert set(REGISTRY) == set(Kind)
    assert CHOICE_KINDS == {Kind.single, Kind.multiple}
    assert DIGIT_KINDS <= MARKED_KINDS and not DIGIT_KINDS & CHOICE_KINDS


def test_choice_questions_are_single_and_multiple_only(template):
    assert {q.type for q in template.choice_questions()} <= {Kind.single, Kind.multiple}
    assert set(template.choice_questions()) <= set(template.marked_questions())


@pytest.mark.parametrize(("grid", "decimals", "value"), [
    ("042", 0, "42"), ("_42", 0, "42"), ("42_", 0, "42"), ("7__", 0, "7"), ("000", 0, "0"),
    ("0125", 1, "12.5"), ("__05", 1, "0.5"), ("1230", 1, "123.0"), ("123_", 1, "123"),
])
def test_a_plain_number_grid_reads_its_value(grid, decimals, value):
    read = read_grid(Kind.number, len(grid), decimals, marks(grid))
    assert (read.text, read.reasons) == (value, ())


@pytest.mark.parametrize(("grid", "decimals", "reason"), [
    ("4_2", 0, "digit_gap"), ("4_5", 1, "digit_gap"), ("12_5", 1, "digit_gap"), ("12__5", 2, "digit_gap"),
    ("5__", 1, "digit_gap"), ("_5__", 1, "digit_gap"), ("12___", 2, "digit_gap")])  # t13n T9: 5 or 50?
def test_a_gap_between_marked_columns_is_asked_about(grid, decimals, reason):
    read = read_grid(Kind.number, len(grid), decimals, marks(grid))
    assert read.text is None and read.reasons == (reason,)


def test_two_marks_in_a_column_and_a_written_digit_left_unmarked_are_asked_about():
    two = read_grid(Kind.number, 2, 0, [*marks("42"), bubble_id(2, 7)])
    assert two.text is None and "two_marks_in_column" in two.reasons
    forgot = read_grid(Kind.number, 3, 0, marks("_42"), written=[1, 2, 3])
    assert forgot.text is None and forgot.reasons == ("written_not_marked",)
    unmarked = read_grid(Kind.number, 2, 0, [], written=[2])
    assert unmarked.text is None and unmarked.reasons == ("written_not_marked",)
    short = read_grid(Kind.number, 3, 0, marks("_42"), written=[2, 3])
    assert short.text == "42" and not short.reasons


def test_blank_grid_is_blank():
    for kind, n in ((Kind.number, 3), (Kind.date, 8)):
        read = read_grid(kind, n, 0, [])
        assert (read.text, read.reasons) == (None, ())


@pytest.mark.parametrize(("grid", "value", "reason"), [
    ("05122026", "2026-12-05", None), ("29022024", "2024-02-29", None), ("29022026", None, "not_a_date"),
    ("31042026", None, "not_a_date"), ("0512____", None, "incomplete"), ("00012026", None, "not_a_date")])
def test_a_date_is_read_day_month_year_and_checked_against_the_calendar(grid, value, reason):
    read = read_grid(Kind.date, 8, 0, marks(grid))
    assert read.text == value
    assert read.reasons == ((reason,) if reason else ())
    if value:  # independently: the calendar agrees
        assert dt.date(int(grid[4:]), int(grid[2:4]), int(grid[:2])).isoformat() == value


@pytest.mark.parametrize(("cell", "value"), [
    ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("12,5", 12.5), ("12.5", 12.5), ("1.234.567", 1234567),
    ("1,234,567", 1234567), ("-3", -3), ("42", 42), (" 7 ", 7), ("1\u00a0234", 1234), (3.0, 3), (2.25, 2.25),
    ("abc", None), ("1,23,4", None), ("", None), ("1.2.3,4.5", None)])
def test_numbers_as_exports_write_them(cell, value):
    got = record_value(Kind.number, cell, decimals=2 if isinstance(value, float) else 0)
    assert got == value and (value is None or type(got) is type(value))


@pytest.mark.parametrize("cell", ["12,5", "12.5", "1.234,5", 2.25, "-0.5"])
def test_a_fraction_is_no_answer_to_a_whole_number_question(cell):
    assert record_value(Kind.number, cell) is None
    assert parse_online(Kind.number, cell) == (None, False)
    assert "chỉ nhận số nguyên" in not_understood(Kind.number, cell)


@pytest.mark.parametrize(("cell", "value"), [
    ("05/12/2026", "2026-12-05"), ("5/1/2026", "2026-01-05"), ("2026-12-05", "2026-12-05"),
    ("2026-12-05T10:00:00", "2026-12-05"), ("05.12.2026", "2026-12-05"), (46361, "2026-12-05"),
    ("46361", "2026-12-05"), (dt.datetime(2026, 12, 5, 9), "2026-12-05"), ("31/02/2026", None), ("hôm qua", None),
    ("2016", None), ("1980", None)])  # a year typed in a date column is asked about, never read as a day of 1905
def test_dates_as_exports_write_them(cell, value):
    assert parse_date(cell) == value
    assert (dt.date(1899, 12, 30) + dt.timedelta(days=46361)).isoformat() == "2026-12-05"


def test_one_mark_before_three_digits_is_a_thousands_mark_where_the_question_keeps_fewer_decimals():
    assert record_value(Kind.number, "4.544", 4, 0) == 4544
    assert record_value(Kind.number, "4,544", 4, 0) == 4544
    assert record_value(Kind.number, "4,54", 4, 2) == 4.54
    assert record_value(Kind.number, "4.544", 6, 3) == 4.544


def test_online_cells_not_understood_are_said_so():
    assert parse_online(Kind.number, "1.234,5", decimals=1) == (1234.5, True)
    assert parse_online(Kind.number, "khoảng 40") == (None, False)
    assert parse_online(Kind.date, "") == (None, True)
    assert parse_online(Kind.date, "32/01/2026") == (None, False)


def test_a_reviewer_settles_a_grid_by_bubbles_or_by_typing():
    assert record_value(Kind.number, marks("_42"), 3) == 42
    assert record_value(Kind.number, ["42"], 3) == 42
    assert record_value(Kind.number, "0,5", 3, 1) == 0.5
    assert record_value(Kind.date, marks("05122026"), 8) == "2026-12-05"
    assert record_value(Kind.date, ["2026-12-05"], 8) == "2026-12-05"
    assert record_value(Kind.number, [], 3) is None


def test_digits_from_a_constraint_range():
    assert digits_for(". >= 18 and . <= 120") == 3
    assert digits_for(". < 50") == 2
    assert digits_for("") == 0


def _form(path, survey, breakdowns=""):
    from openpyxl import Workbook

    columns = ["type", "name", "label", "constraint", "digits", "decimals", "bands"]
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(columns)
    for row in survey:
        ws.append([row.get(c) for c in columns])
    ch = wb.create_sheet("choices")
    ch.append(["list_name", "name", "label"])
    ch.append(["yn", "1", "Có"])
    ch.append(["yn", "2", "Không"])
    st = wb.create_sheet("settings")
    st.append(["form_id", "form_title", "breakdowns"])
    st.append(["SOKIND", "Phiếu thử", breakdowns])
    wb.save(path)
    return path


def test_an_xlsform_with_integer_decimal_and_date_prints_digit_grids(tmp_path):
    from scanner.layout import build_layout
    from scanner.questionnaire import load_questionnaire
    from scanner.template import parse_template

    survey = [{"type": "select_one yn", "name": "ok", "label": "Đồng ý?"},
              {"type": "integer", "name": "age", "label": "Tuổi", "constraint": ". >= 18 and . <= 120",
               "bands": "18 30 45 60"},
              {"type": "integer", "name": "kids", "label": "Số con"},
              {"type": "decimal", "name": "area", "label": "Diện tích (ha)", "digits": "5", "decimals": "2"},
              {"type": "date", "name": "on", "label": "Ngày phỏng vấn"},
              {"type": "time", "name": "at", "label": "Giờ"}]
    q = load_questionnaire(_form(tmp_path / "f.xlsx", survey))
    t = parse_template(build_layout(q), "f")
    age, kids, area, on, at = (t.question(x) for x in ("age", "kids", "area", "on", "at"))
    assert (age.type, age.digits, age.decimals, age.bands) == (Kind.number, 3, 0, (18.0, 30.0, 45.0, 60.0))
    assert (kids.type, kids.digits) == (Kind.number, 3)
    assert (area.type, area.digits, area.decimals) == (Kind.number, 5, 2)
    assert (on.type, on.digits, len(on.options), len(on.comb)) == (Kind.date, 8, 80, 8)
    assert at.type == Kind.text and at.area is not None
    assert [x.id for x in t.choice_questions()] == ["ok"]
    assert [x.id for x in t.marked_questions()] == ["ok", "age", "kids", "area", "on"]
    assert {x.text for x in t.texts} >= {"Ngày", "Tháng", "Năm", ",", *map(str, range(10))}
    assert t.online["formats"] == {"age": "integer", "kids": "integer", "area": "decimal", "on": "date", "at": "time"}


def test_bad_digit_columns_are_named(tmp_path):
    from scanner.errors import TemplateProblems
    from scanner.questionnaire import load_questionnaire

    survey = [{"type": "integer", "name": "n", "label": "N", "digits": "many"},
              {"type": "decimal", "name": "d", "label": "D", "bands": "60 18"}]
    with pytest.raises(TemplateProblems) as e:
        load_questionnaire(_form(tmp_path / "bad.xlsx", survey))
    assert [line.split(": ")[1] for line in e.value.lines()] == ["trang survey, dòng 2, cột digits",
                                                                 "trang survey, dòng 3, cột bands"]


def _records(values, channel="paper", skipped=()):
    from scanner.records import Record

    return [Record(f"r{k}", channel, "U", None, "final", {"age": v, "on": d}, [], skipped=list(skipped))
            for k, (v, d) in enumerate(values)]


def test_numbers_tally_count_mean_median_range_and_bands(tmp_path):
    from scanner.layout import build_layout
    from scanner.questionnaire import load_questionnaire
    from scanner.tally_numbers import band_counts, number_stats
    from scanner.template import parse_template

    survey = [{"type": "integer", "name": "age", "label": "Tuổi", "bands": "18 30 60"},
              {"type": "date", "name": "on", "label": "Ngày"}]
    t = parse_template(build_layout(load_questionnaire(_form(tmp_path / "f.xlsx", survey))), "f")
    ages = [17, 25, 30, 44, 61, None]
    dates = ["2026-12-01", "2026-12-03", None, "2026-11-30", "2026-12-05", "2026-12-02"]
    records = _records(list(zip(ages, dates)))
    stats = number_stats(t, records).set_index(["channel", "question"])
    age = stats.loc[("all", "age")]
    given = [a for a in ages if a is not None]
    assert (age["count"], age["mean"], age["median"], age["min"], age["max"], age["blank"]) == (
        5, round(sum(given) / 5, 2), 30, 17, 61, 1)
    on = stats.loc[("all", "on")]
    assert (on["count"], on["median"], on["min"], on["max"]) == (5, "2026-12-02", "2026-11-30", "2026-12-05")
    assert stats.loc[("online", "age")]["count"] == 0
    bands = band_counts(t, records)
    got = bands[bands.channel == "all"][["label", "count"]].values.tolist()
    assert got == [["dưới 18", 1], ["18–29", 1], ["30–59", 2], ["từ 60", 1]]


def test_bands_a_constraint_rules_out_are_not_listed_and_a_one_number_band_reads_as_that_number(tmp_path):
    """t13n's T3: an age asked `. >= 15 and . <= 99` with bands 15 30 45 60 lists no "dưới 15"; a count with
    bands 0 1 5 10 reads "0", not "0–0"; an answer that broke the constraint all the same still has its band."""
    from scanner.layout import build_layout
    from scanner.questionnaire import load_questionnaire
    from scanner.records import Record
    from scanner.tally_numbers import band_counts, band_labels
    from scanner.template import parse_template

    survey = [{"type": "integer", "name": "age", "label": "Tuổi", "constraint": ". >= 15 and . <= 99",
               "bands": "15 30 45 60"},
              {"type": "integer", "name": "visits", "label": "Số lần", "bands": "0 1 5 10"},
              {"type": "integer", "name": "kids", "label": "Số con", "constraint": ". < 5", "bands": "0 2 5 10"}]
    t = parse_template(build_layout(load_questionnaire(_form(tmp_path / "f.xlsx", survey))), "f")
    assert band_labels(t.question("age")) == ["15–29", "30–44", "45–59", "từ 60"]
    assert band_labels(t.question("visits")) == ["0", "1–4", "5–9", "từ 10"]
    assert band_labels(t.question("kids")) == ["0–1", "2–4"]
    records = [Record(f"r{k}", "paper", "U", None, "final", {"age": a, "visits": v, "kids": c}, [])
               for k, (a, v, c) in enumerate([(20, 0, 1), (61, 3, 2), (16, 0, 0), (33, 12, 6)])]
    bands = band_counts(t, records)
    got = {q: bands[(bands.channel == "all") & (bands.question == q)][["label", "count"]].values.tolist()
           for q in ("age", "visits", "kids")}
    assert got == {"age": [["15–29", 2], ["30–44", 1], ["45–59", 0], ["từ 60", 1]],
                   "visits": [["0", 2], ["1–4", 1], ["5–9", 0], ["từ 10", 1]],
                   "kids": [["0–1", 2], ["2–4", 1], ["5–9", 1]]}


def test_a_date_constraint_orders_iso_dates_as_xpath_does():
    from scanner.logic.evaluate import Truth, holds

    assert holds(". >= '2026-01-01'", {}, "2026-12-05") == Truth.yes
    assert holds(". >= '2026-01-01'", {}, "2025-12-31") == Truth.no
    assert holds(". < ${on}", {"on": "2026-03-01"}, "2026-02-28") == Truth.yes


def test_a_reviewer_types_the_value_or_picks_the_bubbles():
    from scanner.review.queue import Item, validate_value
    from scanner.vocab import ItemKind

    bubbles = [{"id": bubble_id(c, d), "label": str(d)} for c in range(1, 4) for d in range(10)]
    item = Item("i", ItemKind.question, "s", "age", "U", "p", "Tuổi", choices=bubbles, multiple=True,
                extra={"typed": "number", "digits": 3, "decimals": 0})
    assert validate_value(item, "42", set()) == "42"
    assert validate_value(item, ["c3d2", "c2d4"], set()) == ["c2d4", "c3d2"]
    with pytest.raises(ValueError):
        validate_value(item, "bốn mươi hai", set())
    date = Item("j", ItemKind.question, "s", "on", "U", "p", "Ngày", choices=[], multiple=True,
                extra={"typed": "date", "digits": 8, "decimals": 0})
    assert record_value(Kind.date, validate_value(date, "05/12/2026", set()), 8) == "2026-12-05"
    with pytest.raises(ValueError, match="ngày/tháng/năm"):
        validate_value(date, "31/02/2026", set())
    assert record_value(Kind.number, ["c2d4", "c3d2"], 3) == 42 and record_value(Kind.number, "42", 3) == 42


def test_the_report_shows_a_number_and_a_date_as_tables(tmp_path, plan):
    from scanner.layout import build_layout
    from scanner.questionnaire import load_questionnaire
    from scanner.report.model import Table
    from scanner.report.results import number_blocks
    from scanner.tally import tally
    from scanner.template import parse_template

    survey = [{"type": "integer", "name": "age", "label": "Tuổi", "bands": "18 30 60"},
              {"type": "date", "name": "on", "label": "Ngày"}]
    t = parse_template(build_layout(load_questionnaire(_form(tmp_path / "f.xlsx", survey))), "f")
    records = _records([(17, "2026-12-01"), (25, "2026-12-03"), (1250, "2026-11-30")])
    tl = tally(t, plan, records)
    age = number_blocks(tl, t.question("age"))
    assert isinstance(age[0], Table) and age[0].rows[2] == ("Chung", "3", "430,67", "25", "17", "1.250")
    assert [r[:2] for r in age[1].rows] == [("dưới 18", "1"), ("18–29", "1"), ("30–59", "0"), ("từ 60", "1")]
    on = number_blocks(tl, t.question("on"))
    assert on[0].rows[2] == ("Chung", "3", "01/12/2026", "30/11/2026", "03/12/2026")


@pytest.mark.parametrize("vietnamese", [True, False], ids=["vi", "en"])
def test_online_numbers_and_dates_import_as_the_generator_meant_them(tmp_path, capsys, plan, vietnamese):
    import json

    from scanner.cli import main
    from scanner.corpus.online import responses
    from scanner.layout import build_layout
    from scanner.questionnaire import load_questionnaire
    from scanner.template import load_template

    survey = [{"type": "select_one yn", "name": "ok", "label": "Đồng ý?"},
              {"type": "integer", "name": "people", "label": "Số người", "digits": "4"},
              {"type": "decimal", "name": "area", "label": "Diện tích", "digits": "6", "decimals": "2"},
              {"type": "date", "name": "on", "label": "Ngày"}]
    path = tmp_path / "t.json"
    path.write_text(json.dumps(build_layout(load_questionnaire(_form(tmp_path / "f.xlsx", survey))),
                               ensure_ascii=False), encoding="utf-8")
    text, truth = responses(load_template(path), plan, 40, 3, vietnamese=vietnamese)
    (tmp_path / "o.csv").write_text(text, encoding="utf-8")
    db = tmp_path / "o.db"
    assert main(["--template", str(path), "import-online", str(tmp_path / "o.csv"), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["--template", str(path), "export", "--db", str(db), "--format", "jsonl"]) == 0
    recs = [json.loads(x) for x in capsys.readouterr().out.splitlines() if '"channel": "online"' in x]
    got = sorted((r["submitted_at"], r["answers"]["people"], r["answers"]["area"], r["answers"]["on"]) for r in recs)
    want = sorted((t["submitted_at"], t["answers"]["people"], t["answers"]["area"], t["answers"]["on"]) for t in truth)
    assert [g[1:] for g in got] == [w[1:] for w in want]
    assert any(isinstance(g[2], float) for g in got) and all(g[3] is None or g[3][4] == "-" for g in got)


def test_the_workbook_has_a_sheet_of_numbers_and_dates(tmp_path, plan):
    from scanner.layout import build_layout
    from scanner.questionnaire import load_questionnaire
    from scanner.tally import tally
    from scanner.template import parse_template
    from scanner.workbook import build_workbook

    survey = [{"type": "integer", "name": "age", "label": "Tuổi", "bands": "18 30 60"},
              {"type": "date", "name": "on", "label": "Ngày"}]
    t = parse_template(build_layout(load_questionnaire(_form(tmp_path / "f.xlsx", survey))), "f")
    wb = build_workbook(t, plan, tally(t, plan, _records([(17, "2026-12-01"), (25, None), (61, "2026-11-30")])), None)
    rows = [[c.value for c in r] for r in wb["Số và ngày tháng"].iter_rows()]
    assert ["Câu 1. Tuổi", "Chung", 3, 34.33, 25, 17, 61, 0, 0] in rows  # cited by number, as other sheets are
    assert ["Câu 2. Ngày", "Chung", 2, None, dt.date(2026, 11, 30), dt.date(2026, 11, 30), dt.date(2026, 12, 1), 1, 0] in rows
    bands = [r[:5] for r in rows if r[2] in ("dưới 18", "18–29", "30–59", "từ 60")]
    assert ["Câu 1. Tuổi", "Chung", "18–29", 1, 0.333] in bands and len(bands) == 3 * 4  # every channel, every band


def test_a_number_and_a_date_about_the_respondent_are_in_the_report(tmp_path, plan):
    """Age and date of joining usually sit in the form's first section, which the report shows as the
    respondents' profile; they were dropped there, since that table holds only choices."""
    from scanner.layout import build_layout
    from scanner.questionnaire import load_questionnaire
    from scanner.report import Options, Quality, build
    from scanner.report.model import Heading, Para, Table
    from scanner.tally import tally
    from scanner.template import parse_template
    from scanner.validate import validate

    survey = [{"type": "begin_group", "name": "p1", "label": "Thông tin chung"},
              {"type": "select_one yn", "name": "dv", "label": "Là đảng viên"},
              {"type": "integer", "name": "age", "label": "Tuổi", "bands": "18 30 60"},
              {"type": "date", "name": "on", "label": "Ngày vào Đảng"},
              {"type": "end_group"},
              {"type": "begin_group", "name": "p2", "label": "Đánh giá"},
              {"type": "select_one yn", "name": "ok", "label": "Hài lòng"},
              {"type": "end_group"}]
    t = parse_template(build_layout(load_questionnaire(_form(tmp_path / "f.xlsx", survey))), "f")
    recs = _records([(17, "2026-12-01"), (25, "2026-12-03"), (61, "2026-11-30")])
    rep = build(t, plan, tally(t, plan, recs), validate(plan, recs, {}, 0, 0), Quality(),
                Options(10, dt.date(2026, 12, 5)))
    blocks = list(rep.blocks)
    start = next(k for k, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "4. Thông tin chung")
    end = next(k for k, b in enumerate(blocks) if isinstance(b, Heading) and b.text.startswith("III."))
    profile = blocks[start:end]
    titles = [b.text for b in profile if isinstance(b, Heading)]
    assert any("Tuổi" in x for x in titles) and any("Ngày vào Đảng" in x for x in titles)
    figures = [b.rows[-1] for b in profile if isinstance(b, Table) and b.headers[0] == "Kênh"]
    assert ("Chung", "3", "34,33", "25", "17", "61") in figures
    assert ("Chung", "3", "01/12/2026", "30/11/2026", "03/12/2026") in figures
    purpose = next(b.text for b in blocks if isinstance(b, Para) and b.text.startswith("- Thu thập ý kiến"))
    assert " ." not in purpose  # the form has no subtitle


def test_the_csv_folder_has_the_numbers_and_dates_too(tmp_path, plan):
    """`tally --out DIR` is the analysts' copy: a form with numbers and dates loses nothing the workbook shows."""
    import csv

    from scanner.layout import build_layout
    from scanner.questionnaire import load_questionnaire
    from scanner.tally import tally, write_csv
    from scanner.template import parse_template

    survey = [{"type": "integer", "name": "age", "label": "Tuổi", "bands": "18 30 60"},
              {"type": "date", "name": "on", "label": "Ngày"}, {"type": "text", "name": "c", "label": "Ý kiến"}]
    t = parse_template(build_layout(load_questionnaire(_form(tmp_path / "f.xlsx", survey))), "f")
    write_csv(tally(t, plan, _records([(17, "2026-12-01"), (25, None), (61, "2026-11-30")])), tmp_path / "out")
    rows = {(r["channel"], r["question"]): r for r in csv.DictReader((tmp_path / "out" / "numbers.csv").open())}
    age = rows[("all", "age")]
    assert (int(age["count"]), float(age["median"]), float(age["max"])) == (3, 25, 61)
    assert (rows[("all", "on")]["count"], rows[("all", "on")]["min"], rows[("all", "on")]["blank"]) == (
        "2", "2026-11-30", "1")
    bands = [(r["label"], r["count"]) for r in csv.DictReader((tmp_path / "out" / "bands.csv").open())
             if r["channel"] == "all"]
    assert bands == [("dưới 18", "1"), ("18–29", "1"), ("30–59", "0"), ("từ 60", "1")]
    only_text = parse_template(build_layout(load_questionnaire(_form(tmp_path / "g.xlsx", survey[2:]))), "g")
    written = write_csv(tally(only_text, plan, []), tmp_path / "plain")
    assert sorted(p.name for p in written) == ["counts.csv", "respondents.csv"]


def test_a_number_with_bands_can_group_respondents_as_a_breakdown(tmp_path, plan):
    from scanner.layout import build_layout
    from scanner.questionnaire import load_questionnaire
    from scanner.tally import tally
    from scanner.template import parse_template

    survey = [{"type": "integer", "name": "age", "label": "Tuổi", "bands": "18 30 60"},
              {"type": "date", "name": "on", "label": "Ngày"},
              {"type": "select_one yn", "name": "ok", "label": "Đồng ý?"}]
    t = parse_template(build_layout(load_questionnaire(_form(tmp_path / "f.xlsx", survey, "age"))), "f")
    assert t.breakdowns == ("age",)
    records = _records([(17, None), (25, None), (44, None), (61, None), (None, None)])
    for r, ok in zip(records, (["1"], ["2"], ["1"], ["1"], ["2"]), strict=True):
        r.answers["ok"] = ok
    tl = tally(t, plan, records)
    assert tl.group_keys("age") == ["dưới 18", "18–29", "30–59", "từ 60", "không trả lời"]
    yes = tl.rows("ok", group="age")
    got = {k: int(yes[(yes.group_key == k) & (yes.option == "1")]["count"].iloc[0]) for k in tl.group_keys("age")}
    assert got == {"dưới 18": 1, "18–29": 0, "30–59": 1, "từ 60": 1, "không trả lời": 0}


def test_a_number_without_bands_is_no_breakdown(tmp_path):
    from scanner.errors import TemplateProblems
    from scanner.questionnaire import load_questionnaire

    with pytest.raises(TemplateProblems, match="breakdowns"):
        load_questionnaire(_form(tmp_path / "f.xlsx", [{"type": "integer", "name": "n", "label": "N"}], "n"))


def test_an_online_number_not_understood_is_typed_in_the_review_page(tmp_path, plan):
    import csv
    import io
    import json

    from scanner.cli import main
    from scanner.corpus.online import responses
    from scanner.errors import RequestRefused
    from scanner.layout import build_layout
    from scanner.online import online_records
    from scanner.questionnaire import load_questionnaire
    from scanner.review.server import ReviewApp
    from scanner.store import Store
    from scanner.template import load_template

    survey = [{"type": "select_one yn", "name": "ok", "label": "Đồng ý?"},
              {"type": "integer", "name": "people", "label": "Số người", "digits": "2"},
              {"type": "date", "name": "on", "label": "Ngày"}]
    path = tmp_path / "t.json"
    path.write_text(json.dumps(build_layout(load_questionnaire(_form(tmp_path / "f.xlsx", survey))),
                               ensure_ascii=False), encoding="utf-8")
    t = load_template(path)
    text, _ = responses(t, plan, 5, 2)
    table = list(csv.reader(io.StringIO(text)))
    col = table[0].index("Số người")
    table[2][col] = "khoảng 40"
    buf = io.StringIO()
    csv.writer(buf).writerows(table)
    (tmp_path / "o.csv").write_text(buf.getvalue(), encoding="utf-8")
    db = tmp_path / "o.db"
    assert main(["--template", str(path), "import-online", str(tmp_path / "o.csv"), "--db", str(db)]) == 0
    app = ReviewApp(db, t, plan, "127.0.0.1", None)
    session = app.start_session({"reviewer": "Lan"})["session"]
    row = app.next({"session": session, "kind": "online_row"})["item"]
    field = next(f for f in row["extra"]["fields"] if f["id"] == "people")
    assert field["flagged"] and field["raw"] == "khoảng 40" and field["type"] == "number"
    with pytest.raises(RequestRefused, match="số"):
        app.decide({"session": session, "item": row["id"], "value": {"answers": {"people": "bốn mươi"}}})
    app.decide({"session": session, "item": row["id"], "value": {"answers": {"people": "40"}, "accept": True},
                "advance": False})
    store = Store(db)
    rec = {r.record_id: r for r in online_records(store, t, plan)}[row["sheet_id"]]
    store.close()
    assert rec.answers["people"] == 40 and rec.status == "final"
