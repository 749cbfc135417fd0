"""Date questions: ngày/tháng/năm as eight digit columns (dd mm yyyy), the order Vietnamese forms use."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .digits import Columns, DigitReason

COLUMNS = 8
GROUPS = ((0, 2, "Ngày"), (2, 4, "Tháng"), (4, 8, "Năm"))  # column slices as printed, with their headings
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
    iso = _iso(int(text[4:8]), int(text[2:4]), int(text[0:2]))
    return DateRead(iso, ()) if iso else DateRead(None, (DigitReason.not_a_date,))


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: object) -> str | None:
    """A date as exports write it: ISO, dd/mm/yyyy (or with - or .), an Excel serial, a datetime; None if none."""
    if isinstance(text, dt.datetime):
        return text.date().isoformat()
    if isinstance(text, dt.date):
        return text.isoformat()
    if isinstance(text, int | float) and not isinstance(text, bool):
        return _serial(float(text))
    s = str(text or "").strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", s)
    if m:
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: .*)?", s)
    if m:
        return _iso(int(m[3]), int(m[2]), int(m[1]))
    if re.fullmatch(r"\d{4,5}(?:\.\d+)?", s):
        return _serial(float(s))
    return None


def _serial(x: float) -> str | None:
    if not 1 <= x < 2958466:  # 9999-12-31
        return None
    return (EXCEL_EPOCH + dt.timedelta(days=int(x))).isoformat()


def digits_of(iso: str) -> str:
    """The eight digits a respondent marks for an ISO date (ddmmyyyy)."""
    y, m, d = iso.split("-")
    return f"{d}{m}{y}"
