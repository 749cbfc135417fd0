"""What awaits a person: derived from the store each time, so it can never disagree with the records."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..collate import collate
from ..records import FLAG_DECISION, SHEET_FLAGS_VI, Decision
from ..rules import REASONS_VI
from ..store import Store
from ..template import Template

KIND_VI = {"question": "Câu hỏi chưa rõ", "text": "Chép lại ý kiến viết tay", "unit": "Phiếu chưa rõ đơn vị",
           "missing_page": "Phiếu thiếu trang", "reused_serial": "Trùng số phiếu", "page": "Trang để riêng"}
PAGE_REASONS_VI = {"blank": "Trang trắng", "not_a_form": "Không phải phiếu điều tra", "unreadable": "Không đọc được",
                   "unknown_survey": "Phiếu của cuộc điều tra khác"}


@dataclass
class Item:
    id: str
    kind: str
    sheet_id: str
    key: str
    unit: str | None
    page_id: str
    title: str
    reasons: list[str] = field(default_factory=list)
    choices: list[dict[str, str]] = field(default_factory=list)
    machine: Any = None
    confidence: float = 1.0
    multiple: bool = False
    deferred: bool = False
    draft: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"kind_vi": KIND_VI[self.kind]}


def item_id(sheet_id: str, key: str) -> str:
    return f"{sheet_id}|{key}"


def build_items(store: Store, template: Template) -> list[Item]:
    """Every unsettled item, deferred ones marked; ordered by kind, then least confident first."""
    deferred = {(sid, k) for sid, ds in store.decisions(include_deferred=True).items()
                for k, d in ds.items() if isinstance(d.value, dict) and d.value.get("deferred")}
    decided = store.decisions()
    items: list[Item] = []
    missing: list[tuple[str, int]] = []  # sheets awaiting a side, which a set-aside page may be
    for sh in collate(store, template):
        rec = sh.record
        sid = sh.group.sheet_id
        if rec.status == "discarded":
            continue
        pages = {s["side"]: s["page_id"] for s in rec.sources}
        if "missing_page" in rec.flags:
            missing += [(sid, side) for side in range(1, template.pages + 1) if side not in pages]
        readings = store.question_readings(list(pages.values()))
        for qid in rec.uncertain:
            q = template.question(qid)
            m = readings.get(qid, {})
            items.append(Item(item_id(sid, qid), "question", sid, qid, rec.unit, m.get("page_id") or pages.get(q.page, ""),
                              f"{qid}. {q.text}", [REASONS_VI.get(r, r) for r in m.get("reasons", [])],
                              [{"id": o.id, "label": o.label} for o in q.options], m.get("answer"),
                              float(m.get("confidence") or 0), q.type == "multiple"))
        for flag in rec.flags:
            kind = {"unidentified": "unit"}.get(flag, flag)
            key = FLAG_DECISION.get(flag, f"_{flag}")
            choices = {"unit": [{"id": "", "label": ""}],
                       "missing_page": [{"id": "accept", "label": "Chấp nhận phiếu thiếu trang"}],
                       "reused_serial": [{"id": "keep", "label": "Giữ: là phiếu của người khác"},
                                         {"id": "discard", "label": "Loại: phiếu quét trùng"}]}[kind]
            items.append(Item(item_id(sid, key), kind, sid, key, rec.unit, next(iter(pages.values())),
                              SHEET_FLAGS_VI[flag], [SHEET_FLAGS_VI[flag]], choices, None, 0.0))
        for side, pid in pages.items():
            for q in template.questions:
                if q.type != "text" or q.page != side or q.id in decided.get(sid, {}):
                    continue
                crop = store.text_crop(pid, q.id)
                if crop is not None:
                    items.append(Item(item_id(sid, q.id), "text", sid, q.id, rec.unit, pid, q.text,
                                      ["Chép lại nội dung viết tay"], [], None, 1.0, draft=crop[1]))
    for p in store.set_aside_pages():
        if p["state"] != "set_aside":
            continue
        sid = f"page:{p['page_id']}"
        if "_page" in decided.get(sid, {}):
            continue
        items.append(Item(item_id(sid, "_page"), "page", sid, "_page", None, p["page_id"],
                          f"{p['path']} — trang {p['idx'] + 1}",
                          [PAGE_REASONS_VI.get(p["reason"], p["reason"] or "")],
                          [{"id": "discard", "label": "Loại bỏ"}, {"id": "rescan", "label": "Cần quét lại"}] +
                          [{"id": f"attach|{sheet}|{side}", "label": f"Gắn làm trang {side} của phiếu {sheet}"}
                           for sheet, side in missing[:7]], None, 0.0))
    order = {"question": 0, "unit": 1, "missing_page": 2, "reused_serial": 3, "text": 4, "page": 5}
    for it in items:
        it.deferred = (it.sheet_id, it.key) in deferred
    items.sort(key=lambda i: (order[i.kind], i.confidence, i.id))
    return items


def counts(items: list[Item]) -> dict[str, Any]:
    by_kind: dict[str, int] = {}
    by_unit: dict[str, int] = {}
    for it in items:
        if it.deferred:
            continue
        by_kind[KIND_VI[it.kind]] = by_kind.get(KIND_VI[it.kind], 0) + 1
        by_unit[it.unit or "?"] = by_unit.get(it.unit or "?", 0) + 1
    return {"total": sum(by_kind.values()), "deferred": sum(1 for i in items if i.deferred),
            "by_kind": by_kind, "by_unit": dict(sorted(by_unit.items()))}


def validate_value(item: Item, value: Any, units: set[str]) -> Any:
    """The decision's value in its stored form, or ValueError with a message for the reviewer."""
    if isinstance(value, dict) and value.get("deferred"):
        return {"deferred": True}
    if item.kind == "question":
        ids = {c["id"] for c in item.choices}
        if not isinstance(value, list) or not set(value) <= ids:
            raise ValueError("Phương án không hợp lệ")
        if not item.multiple and len(value) > 1:
            raise ValueError("Câu này chỉ chọn một phương án")
        return sorted(set(value), key=int)
    if item.kind == "text":
        if not isinstance(value, str):
            raise ValueError("Nội dung phải là văn bản")
        return value.strip()
    if item.kind == "unit":
        if value not in units:
            raise ValueError("Mã đơn vị không có trong kế hoạch")
        return value
    if value not in {c["id"] for c in item.choices}:
        raise ValueError("Lựa chọn không hợp lệ")
    return value


def decide(store: Store, item: Item, value: Any, reviewer: str, comment: str, at: str) -> int:
    return store.add_decision(Decision(item.sheet_id, item.key, value, reviewer, at, item.machine, comment))
