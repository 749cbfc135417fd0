"""Question kinds: one enum, the digit grids of number and date questions, and their values in records."""

from __future__ import annotations

import datetime as dt

import pytest

from scanner.kinds import CHOICE_KINDS, DIGIT_KINDS, MARKED_KINDS, Kind
from scanner.kinds.date import parse_date
from scanner.kinds.digits import bubble_id
from scanner.kinds.number import digits_for
from scanner.kinds.registry import REGISTRY, parse_online, read_grid, record_value
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
    ("4_2", 0, "digit_gap"), ("4_5", 1, "digit_gap"), ("12_5", 1, "digit_gap"), ("12__5", 2, "digit_gap")])
def test_a_gap_between_marked_columns_is_asked_about(grid, decimals, reason):
    read = read_grid(Kind.number, len(grid), decimals, marks(grid))
    assert read.text is None and read.reasons == (reason,)


def test_two_marks_in_a_column_and_a_written_digit_left_unmarked_are_asked_about():
    two = read_grid(Kind.number, 2, 0, [*marks("42"), bubble_id(2, 7)])
    assert two.text is None and "two_marks_in_column" in two.reasons
    forgot = read_grid(Kind.number, 3, 0, marks("_42"), written=[1, 2, 3])
    assert forgot.text is None and forgot.reasons == ("written_not_marked",)
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
    got = record_value(Kind.number, cell)
    assert got == value and (value is None or type(got) is type(value))


@pytest.mark.parametrize(("cell", "value"), [
    ("05/12/2026", "2026-12-05"), ("5/1/2026", "2026-01-05"), ("2026-12-05", "2026-12-05"),
    ("2026-12-05T10:00:00", "2026-12-05"), ("05.12.2026", "2026-12-05"), (46361, "2026-12-05"),
    ("46361", "2026-12-05"), (dt.datetime(2026, 12, 5, 9), "2026-12-05"), ("31/02/2026", None), ("hôm qua", None)])
def test_dates_as_exports_write_them(cell, value):
    assert parse_date(cell) == value
    assert (dt.date(1899, 12, 30) + dt.timedelta(days=46361)).isoformat() == "2026-12-05"


def test_online_cells_not_understood_are_said_so():
    assert parse_online(Kind.number, "1.234,5") == (1234.5, True)
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
