"""The survey plan (35-KH/BTGHU): units, paper allocation, online minimums, dates.

The office edits this file for its next survey, so every rule is checked on
load and a fault names the JSON path and what to change.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .template import _Reader, nfc, read_json

DEFAULT_PLAN = Path(__file__).resolve().parent.parent / "templates" / "survey_plan.json"
UNIT_CODE = re.compile(r"^[A-Z0-9]{1,6}$")


@dataclass(frozen=True)
class UnitType:
    key: str
    label: str
    online_min: int | None


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    type: str
    paper: int
    aliases: tuple[str, ...] = ()
    parent: str | None = None


@dataclass(frozen=True)
class ReportSettings:
    """What the report's header, number, date line and signature block say: the office's words, not the code's."""

    issuer_parent: str = ""  # e.g. HUYỆN ỦY PHONG THỔ
    issuer: str = ""  # e.g. BAN TUYÊN GIÁO, with the asterisk under it
    number: str = ""  # e.g. "…-BC/BTGHU" (the office fills the number in)
    place: str = ""  # the place of the date line, e.g. Phong Thổ
    signer_title: str = ""  # e.g. "T/M BAN TUYÊN GIÁO" / "TRƯỞNG BAN"
    signer_name: str = ""
    recipients: tuple[str, ...] = ()  # Nơi nhận


@dataclass(frozen=True)
class Plan:
    survey_id: str
    plan_ref: str
    title: str
    organisation: str
    timezone: ZoneInfo
    collection_start: dt.date
    collection_end: dt.date
    paper_received_before: dt.date
    paper_total: int
    unit_types: dict[str, UnitType]
    units: tuple[Unit, ...]
    source: str = ""
    report: ReportSettings = ReportSettings()

    def unit(self, code: str) -> Unit:
        for u in self.units:
            if u.code == code:
                return u
        raise KeyError(code)

    def has_unit(self, code: str) -> bool:
        return any(u.code == code for u in self.units)

    def match_unit(self, text: str) -> Unit | None:
        """The unit a respondent named, by code, name or alias, ignoring case, spacing and form of accents."""
        key = match_key(text)
        for u in self.units:
            if key in {match_key(n) for n in (u.code, u.name, *u.aliases)}:
                return u
        return None

    def in_window(self, moment: dt.datetime) -> bool:
        local = moment.astimezone(self.timezone).date()
        return self.collection_start <= local <= self.collection_end


def match_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def load_plan(path: str | Path = DEFAULT_PLAN) -> Plan:
    return parse_plan(read_json(Path(path), "survey_plan.json"), str(path))


def _date(rd: _Reader, obj: Any, key: str, path: str) -> dt.date:
    s = rd.get(obj, key, path, str)
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise rd.fail(f"{path}.{key}", f"{s!r} is not a date; write it as YYYY-MM-DD") from None


def parse_plan(raw: Any, file: str = "<plan>") -> Plan:
    raw = nfc(raw)
    rd = _Reader(file)
    if rd.get(raw, "schema_version", "$", int) != 1:
        raise rd.fail("$.schema_version", "only version 1 is supported")
    tz_name = rd.get(raw, "timezone", "$", str)
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise rd.fail("$.timezone", f"unknown timezone {tz_name!r}; use e.g. Asia/Ho_Chi_Minh") from None
    coll = rd.get(raw, "collection", "$", dict)
    start, end = _date(rd, coll, "start", "$.collection"), _date(rd, coll, "end", "$.collection")
    if end < start:
        raise rd.fail("$.collection", "end is before start")
    types: dict[str, UnitType] = {}
    for key, t in rd.get(raw, "unit_types", "$", dict).items():
        p = f"$.unit_types.{key}"
        m = rd.get(t, "online_min", p, (int, type(None)))
        if m is not None and m < 0:
            raise rd.fail(f"{p}.online_min", "must be zero or more")
        types[key] = UnitType(key, rd.get(t, "label", p, str), m)
    units: list[Unit] = []
    codes: dict[str, str] = {}
    for i, u in enumerate(rd.get(raw, "units", "$", list)):
        p = f"$.units[{i}]"
        code = rd.get(u, "code", p, str)
        if not UNIT_CODE.match(code):
            raise rd.fail(f"{p}.code", f"{code!r} must be 1-6 capital letters or digits (it is printed in the QR code)")
        if code in codes:
            raise rd.fail(f"{p}.code", f"duplicate unit code {code!r} (also at {codes[code]}); give each unit its own")
        codes[code] = p
        utype = rd.get(u, "type", p, str)
        if utype not in types:
            raise rd.fail(f"{p}.type", f"unknown unit type {utype!r}; use one of {sorted(types)}")
        paper = rd.get(u, "paper", p, int, 0)
        if paper < 0:
            raise rd.fail(f"{p}.paper", "must be zero or more")
        units.append(Unit(code, rd.get(u, "name", p, str), utype, paper,
                          tuple(rd.get(u, "aliases", p, list, [])), rd.get(u, "parent", p, str, None)))
    for i, u in enumerate(units):
        if u.parent is not None and u.parent not in codes:
            raise rd.fail(f"$.units[{i}].parent", f"names unknown unit {u.parent!r}")
    total = rd.get(raw, "paper_total", "$", int)
    allocated = sum(u.paper for u in units)
    if allocated != total:
        raise rd.fail("$.paper_total", f"declares {total} forms but the units' allocations add up to {allocated}")
    rep = rd.get(raw, "report", "$", dict, {})
    report = ReportSettings(
        **{k: rd.get(rep, k, "$.report", str, "") for k in
           ("issuer_parent", "issuer", "number", "place", "signer_title", "signer_name")},
        recipients=tuple(str(x) for x in rd.get(rep, "recipients", "$.report", list, [])))
    return Plan(
        report=report,
        survey_id=rd.get(raw, "survey_id", "$", str),
        plan_ref=rd.get(raw, "plan_ref", "$", str, ""),
        title=rd.get(raw, "title", "$", str, ""),
        organisation=rd.get(raw, "organisation", "$", str, ""),
        timezone=tz,
        collection_start=start,
        collection_end=end,
        paper_received_before=_date(rd, raw, "paper_received_before", "$"),
        paper_total=total,
        unit_types=types,
        units=tuple(units),
        source=file,
    )
