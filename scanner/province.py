"""The province's consolidation: every district runs the same questionnaire with its own plan, and sends its
store; the province merges them into one count and validates, tallies and reports with districts as a breakdown.

A provincial plan (JSON, or the spreadsheet of scanner/province_sheet.py) names its districts, each with the
plan it ran (its plan.xlsx or built JSON):

    {"schema_version": 1, "title": "…", "organisation": "Ban Tuyên giáo Tỉnh ủy Lai Châu",
     "districts": [{"code": "PT", "name": "Huyện Phong Thổ", "plan": "phong_tho.json"}, …]}

`merge` derives a district's records from its store (its plan, the shared questionnaire) and keeps them in the
provincial store under the district's code, replacing what that district sent before: a store sent twice, or
sent again after more scanning, is counted once. The provincial count reads a plan built from the districts'
plans, each district a block over its organisations (codes `PT-KD`), so validation, tally and report need
nothing of their own to show every district and organisation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import SurveyError
from .plan import Plan, Unit, UnitType, load_plan, parse_plan
from .records import Record
from .store.rows import PageCounts, ProvinceMeta
from .vocab import RecordChannel

if TYPE_CHECKING:
    from .store import Store
    from .template import Template

DISTRICT_TYPE = "district"
DISTRICT_LABEL = "Huyện"


@dataclass(frozen=True)
class District:
    code: str
    name: str
    plan: Plan
    plan_json: str


@dataclass(frozen=True)
class Province:
    title: str
    organisation: str
    districts: tuple[District, ...]

    def district(self, code: str) -> District:
        for d in self.districts:
            if d.code == code:
                return d
        known = ", ".join(d.code for d in self.districts)
        raise SurveyError(f"huyện {code!r} không có trong kế hoạch của tỉnh (not in the provincial plan; known: {known})")


def load_province(path: str | Path) -> Province:
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from .province_sheet import read_province_sheet

        raw = read_province_sheet(path)
    else:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise SurveyError(f"{path}: không đọc được kế hoạch của tỉnh ({type(e).__name__}); tệp phải là JSON "
                              "hoặc bảng tính .xlsx như trong README / cannot read the provincial plan: it must be "
                              "JSON or a spreadsheet as the README shows") from None
    districts = []
    for i, d in enumerate(raw.get("districts") or []):
        try:
            code, name, plan_file = str(d["code"]), str(d["name"]), path.parent / str(d["plan"])
        except (KeyError, TypeError):
            raise SurveyError(f"{path}: districts[{i}] cần code, name và plan (needs code, name and plan)") from None
        plan = load_plan(plan_file)
        districts.append(District(code, name, plan, json.dumps(plan_raw(plan_file), ensure_ascii=False)))
    if not districts:
        raise SurveyError(f"{path}: kế hoạch của tỉnh không có huyện nào (no districts listed)")
    if len({d.code for d in districts}) != len(districts):
        raise SurveyError(f"{path}: mã huyện bị trùng (a district code is listed twice)")
    return Province(str(raw.get("title", "")), str(raw.get("organisation", "")), tuple(districts))


def plan_raw(path: Path) -> Any:
    """The district plan as stored with its records: its JSON form, read from its plan.xlsx or its built JSON."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from .plan_sheet import read_plan_sheet

        return read_plan_sheet(path)[0]
    return json.loads(path.read_text(encoding="utf-8"))


def district_of(plan: Plan, unit: str | None) -> str | None:
    """The district an organisation of the provincial plan belongs to."""
    seen = 0
    while unit is not None and seen < 20:
        try:
            u = plan.unit(unit)
        except KeyError:
            return None
        if u.type == DISTRICT_TYPE:
            return u.code
        unit, seen = u.parent, seen + 1
    return None


def combined_plan(districts: list[tuple[str, str, Plan]], title: str = "", organisation: str = "") -> Plan:
    """One plan over the districts: each a block (type district) with its organisations under it, codes prefixed."""
    units: list[Unit] = []
    types: dict[str, UnitType] = {DISTRICT_TYPE: UnitType(DISTRICT_TYPE, DISTRICT_LABEL, None)}
    for code, name, plan in districts:
        units.append(Unit(code, name, DISTRICT_TYPE, 0))
        for u in plan.units:
            types.setdefault(u.type, plan.unit_types[u.type])
            units.append(dataclasses.replace(
                u, code=f"{code}-{u.code}", name=f"{u.name} ({name})", parent=f"{code}-{u.parent}" if u.parent else code,
                aliases=()))
    plans = [p for _, _, p in districts]
    first = plans[0]
    return dataclasses.replace(
        first, title=title or first.title, organisation=organisation or first.organisation, units=tuple(units),
        unit_types=types, paper_total=sum(p.paper_total for p in plans),
        collection_start=min(p.collection_start for p in plans), collection_end=max(p.collection_end for p in plans),
        paper_received_before=max(p.paper_received_before for p in plans), source="province")


def district_record(code: str, r: Record) -> Record:
    """A district's record as the province counts it: its organisation's code prefixed with the district's."""
    return dataclasses.replace(r, record_id=f"{code}/{r.record_id}", unit=f"{code}-{r.unit}" if r.unit else None)


@dataclass
class MergeReport:
    district: str
    records: int
    replaced: int
    unchanged: bool


def merge(province_store: Store, province: Province, code: str, source: str, template: Template,
          measure: Callable[[Any, Any, list[Record]], Any]) -> MergeReport:
    """Brings one district's store into the provincial count, in place of what that district sent before.

    measure(store, template, records): the district's review and page facts for the report (a dataclass)."""
    from .collate import all_records
    from .store import Store
    from .store.engine import is_server

    district = province.district(code)
    if str(source) == province_store.name or Path(str(source)).resolve() == Path(province_store.name).resolve():
        raise SurveyError(f"{source}: đây là chính cơ sở dữ liệu của tỉnh (the provincial store itself)")
    if not is_server(str(source)) and not Path(source).is_file():
        raise SurveyError(f"{source}: không có tệp này (no such file); kiểm tra đường dẫn / check the path")
    store = Store(source)
    try:
        records = all_records(store, template, district.plan)
        counts = store.page_counts()
        quality = dataclasses.asdict(measure(store, template, records))
    finally:
        store.close()
    rows = [district_record(code, r).to_json() for r in records]
    digest = hashlib.sha256(json.dumps(rows, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    others = province_store.province_record_owners([r["record_id"].split("/", 1)[1] for r in rows
                                                    if r["channel"] == RecordChannel.paper], code)
    if others:
        raise SurveyError(f"{source}: {len(others)} phiếu đã được tính cho huyện {others[0]}; đây là cơ sở dữ liệu "
                          f"của huyện đó, không phải của {code} / these sheets are already counted for district "
                          f"{others[0]}: merge this store as that district")
    facts = {"name": district.name, "counts": counts.to_json(), "quality": quality,
             "merged_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    meta = ProvinceMeta(province.title, province.organisation)
    put = province_store.province_put(code, str(source), digest, district.plan_json, facts, rows, meta)
    return MergeReport(code, len(rows), put.replaced, put.unchanged)


@dataclass(frozen=True)
class Provincial:
    """The provincial count: the plan made of the districts', their records, their summed pages and quality."""

    plan: Plan
    records: list[Record]
    counts: PageCounts
    quality: dict[str, Any]


def provincial(store: Store, template: Template) -> Provincial | None:
    """The provincial count when the store holds merged districts, else None."""
    districts = store.province_districts()
    if not districts:
        return None
    meta = store.province_meta() or ProvinceMeta()
    plans = [(d.district, d.name, parse_plan(json.loads(d.plan), f"<{d.district}>")) for d in districts]
    plan = combined_plan(plans, meta.title, meta.organisation)
    quality: dict[str, Any] = {}
    for d in districts:
        for k, v in d.quality.items():
            if isinstance(v, dict):
                bucket = quality.setdefault(k, {})
                for kk, vv in v.items():
                    bucket[kk] = bucket.get(kk, 0) + vv
            else:
                quality[k] = quality.get(k, 0) + v
    return Provincial(plan, store.province_records(), PageCounts.total([d.counts for d in districts]), quality)


def district_summary(store: Store) -> list[dict[str, Any]]:
    """Each merged district as `status` and `review` show it on the provincial store: its records by channel and
    status, its pages, and what still waits for a person there (reviews happen in the district's own store)."""
    by_district: dict[str, list[Record]] = {}
    for r in store.province_records():
        by_district.setdefault(r.record_id.split("/", 1)[0], []).append(r)
    out = []
    for d in store.province_districts():
        recs = by_district.get(d.district, [])
        statuses: dict[str, int] = {}
        for r in recs:
            statuses[r.status] = statuses.get(r.status, 0) + 1
        q = d.quality
        out.append({"district": d.district, "name": d.name, "source": d.source,
                    "merged_at": d.merged_at, "records": len(recs),
                    "paper": sum(r.channel == RecordChannel.paper for r in recs),
                    "online": sum(r.channel == RecordChannel.online for r in recs), "by_status": statuses,
                    "pages": d.counts.pages,
                    "awaiting_review": {"sheets": q.get("sheets_pending", 0), "texts": q.get("texts_untranscribed", 0),
                                        "pages": q.get("pages_unsettled", 0)}})
    return out
