"""Submission timestamps in every shape Google writes them, day/month order decided per file, never guessed.

Shapes: the Forms CSV's `2023/11/08 9:15:32 AM GMT+7` (or `SA`/`CH`, or a zone
name such as `PST`), the Sheet's `08/11/2023 9:15:32` or `11/8/2023 9:15:32`
(order by the account's locale), dotted German dates, Excel re-saves without
seconds, XLSX date cells, and the Forms API's ISO 8601 with fractional seconds.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

ZONE = re.compile(r"\s*(?:(?:GMT|UTC)\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?)?|([A-Z]{2,4}))\s*$")
DATE_TIME = re.compile(r"^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4}),?[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
                       r"\s*(AM|PM|SA|CH|A\.?\s?M\.?|P\.?\s?M\.?)?$", re.I)
ISO_FRACTION = re.compile(r"(\.\d{1,6})\d*")
# Abbreviations Google prints after a Forms CSV timestamp, by the owner's time zone (hours from UTC).
ZONE_HOURS = {"UTC": 0, "GMT": 0, "ICT": 7, "WIB": 7, "PST": -8, "PDT": -7, "MST": -7, "MDT": -6, "CST": -6,
              "CDT": -5, "EST": -5, "EDT": -4, "AST": -4, "ADT": -3, "HST": -10, "AKST": -9, "AKDT": -8,
              "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "IST": 5.5, "JST": 9, "KST": 9, "AEST": 10,
              "AEDT": 11}
PM_MARKS = {"pm", "ch", "p.m.", "p. m.", "p.m", "p. m"}


class DateOrder(StrEnum):
    day_first = "day_first"
    month_first = "month_first"
    undecided = "undecided"


@dataclass(frozen=True)
class Moment:
    """An instant, and whether the file kept its seconds (Excel often drops them)."""

    at: dt.datetime
    seconds: bool = True

    def same_as(self, other: Moment) -> bool:
        if self.seconds and other.seconds:
            return self.at == other.at
        return self.at.replace(second=0) == other.at.replace(second=0)


def parse_timestamp(text: str, tz: dt.tzinfo, day_first: bool) -> dt.datetime | None:
    m = parse_moment(text, tz, DateOrder.day_first if day_first else DateOrder.month_first)
    return m.at if m else None


def parse_moment(text: str, tz: dt.tzinfo, order: DateOrder) -> Moment | None:
    """The instant a timestamp names; None when unreadable, or when its day and month cannot be told apart."""
    s = " ".join((text or "").split())
    if not s:
        return None
    iso = _iso(s, tz)
    if iso is not None:
        return iso
    zone, s = _zone(s, tz)
    m = DATE_TIME.match(s)
    if not m:
        return None
    a, b, c, hh, mm, ss, mark = m.groups()
    if len(a) == 4:
        y, mo, d = int(a), int(b), int(c)
    elif len(c) == 4 or len(c) == 2:
        y = int(c) + (2000 if len(c) == 2 else 0)
        first, second = int(a), int(b)
        if first != second and first <= 12 and second <= 12 and order is DateOrder.undecided:
            return None
        if first > 12 or (order is DateOrder.day_first and second <= 12):
            d, mo = first, second
        else:
            mo, d = first, second
    else:
        return None
    h = int(hh)
    if mark:
        if h > 12:
            return None
        h = h % 12 + (12 if mark.lower().replace(" ", "") in {p.replace(" ", "") for p in PM_MARKS} else 0)
    try:
        return Moment(dt.datetime(y, mo, d, h, int(mm), int(ss or 0), tzinfo=zone), ss is not None)
    except ValueError:
        return None


def _iso(s: str, tz: dt.tzinfo) -> Moment | None:
    if not re.match(r"^\d{4}-\d{2}-\d{2}[ T]\d", s):
        return None
    t = ISO_FRACTION.sub(lambda m: m.group(1), s.replace("Z", "+00:00"))
    try:
        v = dt.datetime.fromisoformat(t)
    except ValueError:
        return None
    has_seconds = bool(re.match(r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}:\d{2}", s))
    return Moment((v if v.tzinfo else v.replace(tzinfo=tz)).replace(microsecond=0), has_seconds)


def _zone(s: str, tz: dt.tzinfo) -> tuple[dt.tzinfo, str]:
    m = ZONE.search(s)
    if not m:
        return tz, s
    sign, hours, minutes, name = m.groups()
    if name:
        if name.upper() not in ZONE_HOURS or name.upper() in {"AM", "PM", "SA", "CH"}:
            return tz, s
        offset = dt.timedelta(hours=ZONE_HOURS[name.upper()])
    elif sign:
        offset = (1 if sign == "+" else -1) * dt.timedelta(hours=int(hours), minutes=int(minutes or 0))
    else:
        offset = dt.timedelta(0)
    return dt.timezone(offset), s[: m.start()].strip()


def date_order(values: list[str], tz: dt.tzinfo, locale_day_first: bool | None,
               window: tuple[dt.date, dt.date] | None) -> DateOrder:
    """Day/month order of a whole file: any day over 12, else the collection window, else the header's locale.

    A file whose every date has day and month equal needs no decision; one whose
    dates say both orders, or nothing decides, stays undecided and its rows are problems.
    """
    first_over, second_over, ambiguous = False, False, False
    for v in values:
        m = DATE_TIME.match(_zone(" ".join(v.split()), tz)[1])
        if not m or len(m.group(1)) == 4:
            continue
        a, b = int(m.group(1)), int(m.group(2))
        first_over |= a > 12
        second_over |= b > 12
        ambiguous |= a != b and a <= 12 and b <= 12
    if first_over != second_over:
        return DateOrder.day_first if first_over else DateOrder.month_first
    if first_over and second_over:
        return DateOrder.undecided
    if not ambiguous:
        return DateOrder.day_first
    if window is not None:
        inside = {o: _inside(values, tz, o, window) for o in (DateOrder.day_first, DateOrder.month_first)}
        if inside[DateOrder.day_first] != inside[DateOrder.month_first]:
            return max(inside, key=lambda o: inside[o])
    if locale_day_first is not None:
        return DateOrder.day_first if locale_day_first else DateOrder.month_first
    return DateOrder.undecided


def _inside(values: list[str], tz: dt.tzinfo, order: DateOrder, window: tuple[dt.date, dt.date]) -> int:
    n = 0
    for v in values:
        m = parse_moment(v, tz, order)
        if m is not None and window[0] <= m.at.astimezone(tz).date() <= window[1]:
            n += 1
    return n
