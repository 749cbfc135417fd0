"""The survey plan (35-KH/BTGHU): organisations, paper allocation, online minimums, dates, report header.

The office keeps the plan as a spreadsheet (templates/plan.xlsx, read by plan_sheet.py) and builds
the JSON form from it; both end here, in parse_plan, so every rule is checked on load and a fault
names where to change what. Every base Party organisation of the district is listed, not only those
that receive paper forms, because the plan sets an online minimum for each of them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .bundled import DEFAULT_PLAN
from .errors import TemplateError
from .names import name_keys, one_edit_apart
from .template import KeptByBytes, _Reader, json_of, nfc, read_bytes

DEFAULT_PLAN_SHEET = DEFAULT_PLAN.with_name("plan.xlsx")
UNIT_CODE = re.compile(r"^[A-Z0-9]{1,6}$")


@dataclass(frozen=True)
class UnitType:
    key: str
    label: str
    online_min: int | None


@dataclass(frozen=True)
class Unit:
    """A base Party organisation (or a district block grouping several): who answers, and how many must."""

    code: str
    name: str
    type: str
    paper: int
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    online_min: int | None = None  # the type's minimum unless the plan overrides it for this organisation
    example: bool = False  # shipped as an example for the office to confirm or replace
    note: str = ""


@dataclass(frozen=True)
class UnitGroup:
    """Organisations shown together: a block with its members, or the top-level organisations of one type."""

    title: str
    head: Unit | None  # the block itself; None for a group by type (e.g. the communes)
    members: tuple[Unit, ...]


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

    def children(self, code: str) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if u.parent == code)

    def descendants(self, code: str) -> tuple[Unit, ...]:
        """Every organisation under this one, at any depth, in plan order."""
        found: set[str] = set()
        frontier = {code}
        while frontier:
            frontier = {u.code for u in self.units if u.parent in frontier} - found
            found |= frontier
        return tuple(u for u in self.units if u.code in found)

    def is_block(self, u: Unit) -> bool:
        """A top-level organisation that groups others: it has members, or no minimum of its own (a khối)."""
        return u.parent is None and (bool(self.children(u.code)) or u.online_min is None)

    def grouped(self) -> list[UnitGroup]:
        """Organisations grouped as the office reads them: each block with its members, then the
        remaining top-level organisations by type (the communes), in plan order. Every unit appears
        exactly once, as a head or a member: the order for the online form's unit question to follow."""
        entries: list[Unit | list[Unit]] = []
        by_type: dict[str, list[Unit]] = {}
        for u in self.units:
            if u.parent is not None:
                continue
            if self.is_block(u):
                entries.append(u)
            elif u.type in by_type:
                by_type[u.type].append(u)
            else:
                by_type[u.type] = [u]
                entries.append(by_type[u.type])
        return [UnitGroup(e.name, e, self.descendants(e.code)) if isinstance(e, Unit)
                else UnitGroup(self.unit_types[e[0].type].label, None, tuple(e)) for e in entries]

    def in_groups(self) -> tuple[Unit, ...]:
        """Every organisation in `grouped()` order: each block, its members, then the communes…"""
        return tuple(u for g in self.grouped() for u in ((g.head,) if g.head else ()) + g.members)

    def is_khoi(self, u: Unit) -> bool:
        """A block with members and no minimum of its own: answers naming only it meet no member's minimum."""
        return u.online_min is None and bool(self.children(u.code))

    def online_choices(self) -> tuple[Unit, ...]:
        """The organisations a respondent can pick online, in `grouped()` order, a khối left out."""
        return tuple(u for u in self.in_groups() if not self.is_khoi(u))

    @cached_property
    def _name_index(self) -> tuple[dict[str, set[str]], ...]:
        index: tuple[dict[str, set[str]], ...] = ({}, {}, {}, {})
        for u in self.units:
            for name in (u.name, *u.aliases):
                for tier, key in enumerate(name_keys(name)):
                    if key:
                        index[tier].setdefault(key, set()).add(u.code)
        return index

    def match_units(self, text: str) -> tuple[Unit, ...]:
        """The organisations a respondent's text may name, by the strictest rule that finds any.

        Rules in order: the code; the name or an alias word for word (case, spacing, punctuation
        and the tone mark's position ignored); the same without leading "xã", "X.", "thị trấn",
        "TT", "đảng bộ"…; then both without diacritics. More than one result means ambiguous."""
        code = text.strip().upper()
        if self.has_unit(code):
            return (self.unit(code),)
        for tier, key in enumerate(name_keys(text)):
            codes = self._name_index[tier].get(key, set()) if key else set()
            if codes:
                return tuple(u for u in self.units if u.code in codes)
        return ()

    def near_units(self, text: str) -> tuple[Unit, ...]:
        """Organisations whose name (or alias), diacritics and prefixes ("xã", "đảng bộ"…) set aside, is one letter
        away from the text: "Đào Sam" for Đào San. A proposal for a person to confirm, never a match by itself,
        and only when a short name leaves little room for a different place one letter away (4 letters or more)."""
        key = name_keys(text)[3]
        if len(key.replace(" ", "")) < 4:
            return ()
        return tuple(u for u in self.units if any(one_edit_apart(key, name_keys(n)[3])
                                                  for n in (u.name, *u.aliases) if name_keys(n)[3]))

    def match_unit(self, text: str) -> Unit | None:
        """The one organisation a respondent named, or None when nothing or more than one matches."""
        found = self.match_units(text)
        return found[0] if len(found) == 1 else None

    def unmatched_message(self, text: str) -> str:
        """Why a typed name counts for no organisation, and the fix, in the office's words."""
        found = self.match_units(text)
        if len(found) > 1:
            which = " hoặc ".join(f"{u.name} ({u.code})" for u in found)
            return (f"đơn vị \"{text}\" có thể là {which}; gán cho một đơn vị bằng lệnh "
                    f"survey map-unit \"{text}\" MÃ_ĐƠN_VỊ --reviewer TÊN")
        near = self.near_units(text)
        close = f" (gần giống: {', '.join(f'{u.name}, mã {u.code}' for u in near)})" if near else ""
        return (f"đơn vị \"{text}\" không có trong kế hoạch{close} (không khớp mã, tên hay tên gọi khác nào); gán bằng lệnh "
                f"survey map-unit \"{text}\" MÃ_ĐƠN_VỊ --reviewer TÊN, hoặc thêm tổ chức (hay tên gọi khác) vào trang \"Đơn vị\" của "
                "plan.xlsx rồi chạy survey plan build")

    def in_window(self, moment: dt.datetime) -> bool:
        local = moment.astimezone(self.timezone).date()
        return self.collection_start <= local <= self.collection_end


def match_key(text: str) -> str:
    """Case- and spacing-insensitive NFC key, for column titles and option labels (not names: see names.py)."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def load_plan(path: str | Path = DEFAULT_PLAN) -> Plan:
    """The plan from its spreadsheet (.xlsx) or its built JSON form."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from .plan_sheet import load_plan_sheet

        return load_plan_sheet(path)
    data = read_bytes(path, _PLAN_FILE)
    return _PLANS.get(path, data, lambda: _plan_from(path, data))


_PLAN_FILE = "kế hoạch plan.xlsx hoặc survey_plan.json (the plan: .xlsx or .json)"
_PLANS: KeptByBytes[Plan] = KeptByBytes()  # a plan parsed once per process while its file's bytes stay the same (template.KeptByBytes)


def _plan_from(path: Path, data: bytes) -> Plan:
    raw = json_of(path, _PLAN_FILE, data)
    if isinstance(raw, dict) and "units" not in raw and "questions" in raw:  # the template given for the plan
        raise TemplateError(str(path), "$", f"đây là mẫu phiếu, không phải kế hoạch / a template, not a plan: dùng nó "
                            f"với --template; hãy đưa {_PLAN_FILE}")
    return parse_plan(raw, str(path))


def _date(rd: _Reader, obj: Any, key: str, path: str) -> dt.date:
    s = rd.get(obj, key, path, str)
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise rd.fail(f"{path}.{key}", f"\"{s}\" không phải ngày; ghi theo dạng YYYY-MM-DD "
                                       "(not a date; write it as YYYY-MM-DD)") from None


def _minimum(rd: _Reader, obj: Any, path: str) -> int | None:
    m = rd.get(obj, "online_min", path, (int, type(None)), None)
    if m is not None and m < 0:
        raise rd.fail(f"{path}.online_min", "phải từ 0 trở lên (must be zero or more)")
    return None if m is None else int(m)


def _types(rd: _Reader, raw: Any) -> dict[str, UnitType]:
    types: dict[str, UnitType] = {}
    for key, t in rd.get(raw, "unit_types", "$", dict).items():
        p = f"$.unit_types.{key}"
        types[key] = UnitType(key, rd.get(t, "label", p, str), _minimum(rd, t, p))
    return types


def _units(rd: _Reader, raw: Any, types: dict[str, UnitType]) -> tuple[Unit, ...]:
    units: list[Unit] = []
    codes: dict[str, str] = {}
    for i, u in enumerate(rd.get(raw, "units", "$", list)):
        p = f"$.units[{i}]"
        code = rd.get(u, "code", p, str)
        if not UNIT_CODE.match(code):
            raise rd.fail(f"{p}.code", f"mã \"{code}\" phải gồm 1-6 chữ in hoa hoặc chữ số, vì được in trong mã QR "
                                       "(must be 1-6 capital letters or digits)")
        if code in codes:
            raise rd.fail(f"{p}.code", f"mã \"{code}\" bị trùng (cũng ở {codes[code]}); mỗi đơn vị một mã riêng "
                                       "(duplicate unit code)")
        codes[code] = p
        utype = rd.get(u, "type", p, str)
        if utype not in types:
            labels = "; ".join(f"{t.key} ({t.label})" for t in types.values())
            raise rd.fail(f"{p}.type", f"loại đơn vị \"{utype}\" không có; dùng một trong: {labels} "
                                       "(unknown unit type)")
        paper = rd.get(u, "paper", p, int, 0)
        if paper < 0:
            raise rd.fail(f"{p}.paper", "phải từ 0 trở lên (must be zero or more)")
        own = _minimum(rd, u, p)
        aliases = tuple(a.strip() for a in rd.get(u, "aliases", p, list, []) if isinstance(a, str) and a.strip())
        units.append(Unit(code, rd.get(u, "name", p, str).strip(), utype, paper, aliases,
                          rd.get(u, "parent", p, (str, type(None)), None) or None,
                          own if own is not None else types[utype].online_min,
                          rd.get(u, "example", p, bool, False), rd.get(u, "note", p, str, "")))
    _names_distinct(rd, units)
    for i, u in enumerate(units):
        if u.parent is None:
            continue
        if u.parent not in codes:
            raise rd.fail(f"$.units[{i}].parent", f"đơn vị cấp trên \"{u.parent}\" không có trong kế hoạch "
                                                  "(names an unknown unit)")
        if u.code in _ancestors(units, u.parent):
            raise rd.fail(f"$.units[{i}].parent", f"\"{u.code}\" nằm trong chính nó qua \"{u.parent}\"; "
                                                  "sửa cột Thuộc (a unit cannot be its own ancestor)")
    return tuple(units)


def _names_distinct(rd: _Reader, units: list[Unit]) -> None:
    """Refuse a name or alias written the same way for two organisations: answers naming it would count for neither."""
    owner: dict[str, tuple[str, str]] = {}
    for i, u in enumerate(units):
        for j, name in enumerate((u.name, *u.aliases)):
            key = name_keys(name)[0]
            if key in owner and owner[key][0] != u.code:
                where = f"$.units[{i}]." + ("name" if j == 0 else "aliases")
                raise rd.fail(where, f"tên \"{name}\" trùng với \"{owner[key][1]}\" của đơn vị {owner[key][0]}; "
                                     "mỗi tên chỉ chỉ một đơn vị (the same name for two units)")
            owner.setdefault(key, (u.code, name))


def _ancestors(units: Iterable[Unit], code: str | None) -> set[str]:
    parent = {u.code: u.parent for u in units}
    seen: set[str] = set()
    while code is not None and code not in seen:
        seen.add(code)
        code = parent.get(code)
    return seen


def parse_plan(raw: Any, file: str = "<plan>") -> Plan:
    raw = nfc(raw)
    rd = _Reader(file)
    if rd.get(raw, "schema_version", "$", int) != 1:
        raise rd.fail("$.schema_version", "chỉ hỗ trợ phiên bản 1 (only version 1 is supported)")
    tz_name = rd.get(raw, "timezone", "$", str)
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise rd.fail("$.timezone", f"múi giờ \"{tz_name}\" không có; dùng ví dụ Asia/Ho_Chi_Minh "
                                    "(unknown timezone)") from None
    coll = rd.get(raw, "collection", "$", dict)
    start, end = _date(rd, coll, "start", "$.collection"), _date(rd, coll, "end", "$.collection")
    if end < start:
        raise rd.fail("$.collection.end", "ngày kết thúc trước ngày bắt đầu (end is before start)")
    types = _types(rd, raw)
    units = _units(rd, raw, types)
    total = rd.get(raw, "paper_total", "$", int)
    allocated = sum(u.paper for u in units)
    if allocated != total:
        raise rd.fail("$.paper_total", f"kế hoạch ghi {total} phiếu giấy nhưng phân bổ cho các đơn vị cộng lại "
                                       f"là {allocated} (declares {total} forms but the allocations add up to "
                                       f"{allocated})")
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
        units=units,
        source=file,
    )
