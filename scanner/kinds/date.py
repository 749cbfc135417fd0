"""Date questions: ngày/tháng/năm as eight digit columns (dd mm yyyy), the order Vietnamese forms use.

ODK's `month-year` and `year` appearances ask less: six columns (mm yyyy) and four (yyyy), stored as ODK
stores them, yyyy-mm-01 and yyyy-01-01; the column count is the shape, so the template needs no other field."""

from __future__ import annotations

import datetime as dt
import re
import statistics
from dataclasses import dataclass
from typing import Any

from ..vocab import FormItemKind
from .behaviour import Asked, Held, Printed, QuestionKind
from .digits import Columns, DigitReason
from .kind import Kind

COLUMNS = 8
GROUPS = ((0, 2, "Ngày"), (2, 4, "Tháng"), (4, 8, "Năm"))  # column slices as printed, with their headings
SHAPES = {8: GROUPS, 6: ((0, 2, "Tháng"), (2, 6, "Năm")), 4: ((0, 4, "Năm"),)}  # day-month-year, month-year, year
APPEARANCE_COLUMNS = {"month-year": 6, "year": 4}  # ODK's date appearances that leave out the day (and month)


def groups_of(columns: int) -> tuple[tuple[int, int, str], ...]:
    """A date grid's column slices for its column count (8, 6 or 4)."""
    return SHAPES[columns]
EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's serial day 1 is 1900-01-01, counting its phantom 1900-02-29


@dataclass(frozen=True)
class DateRead:
    value: str | None  # ISO yyyy-mm-dd
    reasons: tuple[DigitReason, ...]


def value_of(cols: Columns) -> DateRead:
    if cols.reasons:
        return DateRead(None, cols.reasons)
    if cols.blank:
        return DateRead(None, ())
    if any(d is None for d in cols.digits):
        return DateRead(None, (DigitReason.incomplete,))
    text = "".join(str(d) for d in cols.digits)
    text = {8: text, 6: "01" + text, 4: "0101" + text}.get(len(text), "")
    iso = _iso(int(text[4:8]), int(text[2:4]), int(text[0:2])) if text else None
    return DateRead(iso, ()) if iso else DateRead(None, (DigitReason.not_a_date,))


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


SLASHED = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: .*)?")


def parse_date(text: object, day_first: bool = True) -> str | None:
    """A date as exports write it: ISO, dd/mm/yyyy (mm/dd/yyyy when the column's order says so; - or . too),
    an Excel serial of five digits or more, a datetime; None if none. A bare number below 10000 is no serial:
    1000-9999 is a year typed where a date is asked (bare_year), which a person settles, not a day in 1902-1927."""
    if isinstance(text, dt.datetime):
        return text.date().isoformat()
    if isinstance(text, dt.date):
        return text.isoformat()
    if isinstance(text, int | float) and not isinstance(text, bool):
        return _serial(float(text)) if text >= 10000 else None
    s = str(text or "").strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", s)
    if m:
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    m = SLASHED.fullmatch(s)
    if m:
        day, month = (m[1], m[2]) if day_first else (m[2], m[1])
        return _iso(int(m[3]), int(month), int(day))
    if re.fullmatch(r"\d{5}(?:\.\d+)?", s):  # a serial written as text
        return _serial(float(s))
    return None


def bare_year(text: object) -> int | None:
    """A number 1000-9999 alone in a date cell (1980, "1980", 1980.0): a year typed where a date is asked, or,
    read as Excel counts days, a date in 1902-1927. The question decides: a `year` question takes it as its
    year; a month-year or full date question lacks the month (and day), so a person is asked (never a 1905 day)."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        return int(text) if float(text).is_integer() and 1000 <= text <= 9999 else None
    s = str(text or "").strip()
    m = re.fullmatch(r"(\d{4})(?:\.0+)?", s)
    return int(m[1]) if m and 1000 <= int(m[1]) else None


def serial_day(year_like: int) -> str:
    """The date Excel would make of a bare number (1980 -> 1905-06-02), named when a person is asked."""
    return (EXCEL_EPOCH + dt.timedelta(days=year_like)).isoformat()


MONTH_YEAR = (re.compile(r"(\d{4})-(\d{1,2})"), re.compile(r"(\d{1,2})[/.-](\d{4})"))  # 2016-03; 03/2016, 3/2016


def parse_date_in(text: object, columns: int = COLUMNS, day_first: bool = True) -> str | None:
    """A date for a grid of `columns`: a month-year question (6) takes a full date or 2016-03, 03/2016, 3/2016 and
    keeps yyyy-mm-01, a year question (4) a full date or 2016 and keeps yyyy-01-01, as the paper grid stores them,
    so an answer typed online and one marked on paper agree; a full date question (8, or 0 unknown) as parse_date."""
    if columns not in (6, 4):
        return parse_date(text, day_first)
    year = bare_year(text)
    if year is not None:
        return _iso(year, 1, 1) if columns == 4 else None  # a month-year question: the month is missing
    s = str(text).strip() if isinstance(text, str) else ""
    if columns == 6:
        for k, pattern in enumerate(MONTH_YEAR):
            if m := pattern.fullmatch(s):
                year_text, month = (m[1], m[2]) if k == 0 else (m[2], m[1])
                return _iso(int(year_text), int(month), 1)
    iso = parse_date(text, day_first)
    if iso is None:
        return None
    return f"{iso[:7]}-01" if columns == 6 else f"{iso[:4]}-01-01"


def _serial(x: float) -> str | None:
    if not 1 <= x < 2958466:  # 9999-12-31
        return None
    return (EXCEL_EPOCH + dt.timedelta(days=int(x))).isoformat()


def digits_of(iso: str, columns: int = COLUMNS) -> str:
    """The digits a respondent marks for an ISO date: ddmmyyyy, or its last 6 (mmyyyy) or 4 (yyyy)."""
    y, m, d = iso.split("-")
    return f"{d}{m}{y}"[COLUMNS - columns:]


def day_first_of(cells: list[str]) -> bool | None:
    """Whether a column's slashed dates put the day first, from its own cells: a first part over 12 says so, a
    second part over 12 says month first; None when no cell tells (or cells say both: read day first)."""
    first_over = second_over = False
    for cell in cells:
        m = SLASHED.fullmatch(str(cell).strip())
        if m:
            first_over |= int(m[1]) > 12
            second_over |= int(m[2]) > 12
    if first_over == second_over:
        return None
    return first_over


def ambiguous(cells: list[str]) -> bool:
    """Whether some slashed date reads differently day-first and month-first (11/12/2023, not 05/05/2023)."""
    return any((m := SLASHED.fullmatch(str(c).strip())) and m[1] != m[2] and int(m[1]) <= 12 and int(m[2]) <= 12
               for c in cells)


# Google's date item always asks the day: a month-year or year date is a short answer checked by its shape
PARTIAL_DATES = {6: (r"(0?[1-9]|1[0-2])/[0-9]{4}", "MM/YYYY"), 4: (r"[0-9]{4}", "YYYY")}


class Date(QuestionKind):
    """A digit grid held as an ISO date: no mean; its median, earliest and latest are dates."""

    def most_options(self, max_choices: int | None) -> int | None:
        return None

    def summary(self, values: list[Any]) -> tuple[Any, Any, Any, Any]:
        if not values:
            return None, None, None, None
        days = sorted(dt.date.fromisoformat(v).toordinal() for v in values)
        median = dt.date.fromordinal(int(statistics.median_low(days))).isoformat()
        return None, median, min(values), max(values)

    def columns_error(self, columns: int) -> str | None:
        if columns in SHAPES:
            return None
        return f"a date has 8 digit columns (ddmmyyyy), 6 (mmyyyy) or 4 (yyyy), not {columns}"

    def decimals_error(self, columns: int, decimals: int) -> str | None:
        return None if decimals == 0 else f"must be between 0 and {columns - 1} (and 0 for a date)"

    def asked_online(self, decimals: int, columns: int, xls_type: str, max_choices: int | None,
                     options: int) -> Asked:
        if columns in PARTIAL_DATES:
            pattern, shape = PARTIAL_DATES[columns]
            return Asked(FormItemKind.short, pattern=pattern, shape=shape)
        return Asked(FormItemKind.date)


DATE = Date(kind=Kind.date, label_vi="Ngày tháng", held=Held.text, printed=Printed.digits, shares=False,
            per_option=False, digit_grid=True, handwritten=False, dated=True, banded=False, asked=True, expands=False, ranks=False)
