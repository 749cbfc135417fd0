"""Every kind's entry (its behaviour, from its own module), how it is read and what a record holds for it.

Stages ask a kind's behaviour (behaviour.QuestionKind) rather than comparing
kinds themselves; a new kind is one module beside this one and one entry
below, and mypy's exhaustiveness check on the `match`es here names every
function that must learn of it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, assert_never

from . import choice, date, number
from .behaviour import QuestionKind
from .choice import MULTIPLE, SINGLE
from .date import DATE
from .digits import DigitReason, chosen_bubbles, read_columns
from .grid import GRID
from .kind import Kind
from .note import NOTE
from .number import NUMBER
from .rank import RANK
from .roster import ROSTER
from .text import TEXT

REGISTRY: dict[Kind, QuestionKind] = {k.kind: k for k in (
    SINGLE, MULTIPLE, GRID, RANK, TEXT, NOTE, ROSTER, NUMBER, DATE)}
"""Every kind's behaviour, each from its own module; tests/test_kinds.py checks every Kind has one."""


def behaviour(kind: Kind) -> QuestionKind:
    """What a kind answers for the stages (behaviour.QuestionKind): ask it rather than compare kinds."""
    return REGISTRY[kind]


@dataclass(frozen=True)
class GridRead:
    """A digit grid's reading: its value as text (the machine answer) and why a person must look, if so."""

    text: str | None
    reasons: tuple[DigitReason, ...]


def read_grid(kind: Kind, columns: int, decimals: int, marked: Collection[str],
              written: Collection[int] = (), filled: Collection[str] = ()) -> GridRead:
    cols = read_columns(columns, marked, written, filled)
    match kind:
        case Kind.number:
            n = number.value_of(cols, decimals)
            return GridRead(None if n.value is None else str(n.value), n.reasons)
        case Kind.date:
            d = date.value_of(cols)
            return GridRead(d.value, d.reasons)
        case Kind.single | Kind.multiple | Kind.grid | Kind.rank | Kind.text | Kind.note | Kind.roster:
            raise ValueError(f"{kind} has no digit grid")
        case _:
            assert_never(kind)


def record_value(kind: Kind, raw: Any, columns: int = 0, decimals: int = 0) -> Any:
    """What a record holds for an answer, from the machine's reading, a reviewer's decision or an online cell.

    A reviewer may settle a grid by picking its bubbles or by typing the value; both come out the same.
    """
    match kind:
        case Kind.single | Kind.multiple | Kind.grid | Kind.rank | Kind.roster:
            return choice.as_value(raw)
        case Kind.text | Kind.note:
            return raw
        case Kind.number | Kind.date:
            if isinstance(raw, list | tuple):
                bubbles = chosen_bubbles(raw)
                if bubbles or not raw:
                    text = read_grid(kind, columns, decimals, bubbles).text if bubbles else None
                    return record_value(kind, text, columns, decimals) if text is not None else None
                raw = raw[0] if len(raw) == 1 else " ".join(str(x) for x in raw)
            if kind == Kind.number:
                return number.as_value(raw, decimals)
            return date.parse_date_in(raw, columns)
        case _:
            assert_never(kind)


def parse_online(kind: Kind, cell: Any, decimals: int = 0, day_first: bool = True, columns: int = 0,
                 decimal_mark: str = "") -> tuple[Any, bool]:
    """An online export's cell as a record's value, and whether it was understood (False: ask a person).

    day_first: the order of the column's slashed dates (an English-locale Google Sheet writes m/d/yyyy);
    columns: the date grid's (6 month-year, 4 year: 03/2016 or 2016 is understood, kept as the paper keeps it);
    decimal_mark: the number column's decimal mark as its file shows it (number.parse_number)."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None, True
    match kind:
        case Kind.number:
            v = number.as_value(cell, decimals, decimal_mark)
            return v, v is not None
        case Kind.date:
            d = date.parse_date_in(cell, columns, day_first)
            return d, d is not None
        case Kind.single | Kind.multiple | Kind.grid | Kind.rank | Kind.roster | Kind.text | Kind.note:
            return cell, True
        case _:
            assert_never(kind)


def _no_such_day(text: str) -> str:
    """What is wrong with a day/month/year written in full that is no day of the calendar ("31/04/2026": April has
    30 days), "" for anything else: the reviewer was told it could not be read as a date at all."""
    m = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", text)
    if m is None:
        return ""
    day, month, year = (int(x) for x in m.groups())

    def real(d: int, mo: int) -> bool:
        return 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(year, mo)[1]

    if real(day, month) or real(month, day):  # a day, or one read month first (an online export's 11/13/2023)
        return ""
    if not 1 <= month <= 12:
        return f"không có tháng {month}"
    return f"tháng {month}/{year} không có ngày {day} (chỉ có {calendar.monthrange(year, month)[1]} ngày)"


def not_understood(kind: Kind, text: object, columns: int = 0, excel_day_allowed: bool = False) -> str:
    """The one sentence for a value that is not a number or a date, wherever it was typed or imported, so a
    reviewer, an importer and the command line are told the same thing and shown the same example.

    excel_day_allowed: a bare year in a full date question could also be Excel's count of days (1980 is
    2 June 1905); named only when the question's constraint admits that day, else it is only a year."""
    match kind:
        case Kind.number:
            if number.undecided_mark(str(text)):
                return number.undecided_reason(str(text))
            if number.parse_number(str(text)) is not None:  # a number, but with a fraction the question has no place for
                return f"\"{text}\" có phần lẻ, câu này chỉ nhận số nguyên: ghi số nguyên, ví dụ 2"
            return f"\"{text}\" không đọc được là số: ghi chữ số, ví dụ 42 hoặc 12,5 (dấu phẩy thập phân)"
        case Kind.date:
            year = date.bare_year(text)
            if year is not None and columns == 6:
                return f"\"{text}\" chỉ có năm, thiếu tháng: ghi tháng/năm, ví dụ 12/{year}"
            if year is not None and columns != 4:
                y, m, d = date.serial_day(year).split("-")
                excel = (f", hoặc là ngày {d}/{m}/{y} nếu đọc theo cách Excel đếm ngày"
                         if excel_day_allowed else "")
                return (f"\"{text}\" chỉ có năm {year}, thiếu ngày và tháng{excel}: ghi ngày/tháng/năm, "
                        f"ví dụ 25/12/{year}")
            if (no_such := _no_such_day(str(text))) and columns not in (4, 6):
                return f"\"{text}\": {no_such}; ghi một ngày có thật, ngày/tháng/năm"
            asked = {6: "tháng/năm, ví dụ 12/1980", 4: "năm, ví dụ 1980"}.get(columns, "ngày/tháng/năm, ví dụ 25/12/1980")
            return f"\"{text}\" không đọc được là ngày tháng: ghi {asked}"
        case Kind.single | Kind.multiple | Kind.grid | Kind.rank | Kind.roster | Kind.text | Kind.note:
            raise ValueError(f"{kind} is read whatever is written")
        case _:
            assert_never(kind)
