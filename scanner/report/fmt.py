"""Numbers and dates the way Vietnamese administrative documents write them (78,5%; 1.234; ngày 05 tháng 02)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any


def pct(v: Any) -> str:
    """A percentage with a decimal comma, one decimal; a dash when there is no base."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    return f"{float(v):.1f}".replace(".", ",")


def num(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    return f"{int(v):,}".replace(",", ".")


def date_line(place: str, day: dt.date) -> str:
    """Hướng dẫn 36-HD/VPTW: days below 10 and months below 3 take a leading zero."""
    d = f"{day.day:02d}"
    m = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place + ', ' if place else ''}ngày {d} tháng {m} năm {day.year}"


def short_date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text and not text[:2].isupper() else text
