"""Settled items, paper and online, found and changed again from the page after a reload.

The page's Back and Undo reach only what its own session decided, and a reload starts a new session; before,
a settled online decision could then be changed only with `settle-online`. The list of what was settled comes
from the decisions in force (whoever made them). Opening a paper item shows it as decided, and a new decision
replaces the old one; an online item no longer exists once settled (its problem is gone), so opening it takes
the settlement back, as Undo does, and the item comes back as it was decided. The trail keeps both.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from ..online import ANSWER_DECISIONS, COLUMN_DECISIONS, UNIT_DECISIONS
from ..online.columns import IGNORE_KEY, UNIT_KEY
from ..store import Store
from ..store.rows import DecisionInForce
from ..template import Template
from ..vocab import DecisionKey
from .attachment import Attachment
from .online import ROW_KEY, is_online_row
from .words import question_title

SHOWN = 60  # settled items listed at once; the filter searches every decision in force (it looked through the latest
# 2,000 only: at 3,000 sheets a morning's decision could no longer be found by its sheet's code, s20)
CHUNK = 300  # decisions whose items are read in one go


def item_of(sheet_id: str, key: str) -> str:
    """The queue item a decision settled (an online row's decisions all settle its one item)."""
    return f"{sheet_id}|{ROW_KEY if is_online_row(sheet_id) else key}"


def row_value(whole: dict[str, Any]) -> Any:
    """An online row's settlement (its decisions of one moment, key -> value) as the page sends and shows it."""
    if whole.get(DecisionKey.discard):
        return "discard"
    return {"answers": {k: v for k, v in whole.items() if not k.startswith("_")}, "unit": whole.get(UNIT_KEY),
            "accept": True}


def _options_said(template: Template, key: str, chosen: list[Any]) -> str:
    """Options as the item's buttons name them, by their number in the printed list and their words ("2 · Nữ"),
    never the form's ids ("2, 4" read as numbers typed)."""
    try:
        q = template.question(key)
    except KeyError:
        return ", ".join(str(x) for x in chosen)
    ids = [o.id for o in q.options]
    return ", ".join(f"{ids.index(x) + 1} · {q.option(x).label}" if x in ids else str(x) for x in chosen)


def _said(template: Template, labels: dict[str, str], key: str, value: Any) -> str:
    if (named := Attachment.parse(value)) is not None:
        # a set-aside page attached: the sheet's code, as the reviewer chose it (not the internal id), and searchable
        return f"gắn làm trang {named.side} của phiếu {labels.get(named.sheet_id, named.sheet_id)}"
    if key == DecisionKey.accept:
        return "chấp nhận dòng"
    if key == DecisionKey.discard:
        return "loại dòng"
    if isinstance(value, list):
        return _options_said(template, key, value) if value else "bỏ trống"
    if isinstance(value, dict):
        if "to" in value:
            if value["to"] == IGNORE_KEY:
                return "bỏ qua cột (ghi chú riêng của văn phòng)"  # not the stored "_ignore"
            return "không tính" if value["to"] == "-" else str(value["to"])
        return "chấp nhận dòng" if value.get("accept") else "đã quyết định"
    if value == "discard":
        return "loại"
    return str(value)


def _title(items: dict[str, Any], template: Template, d: DecisionInForce) -> tuple[str, str]:
    """(where, what) as a person finds the item: the sheet or the online wording, and the question."""
    sid, key, value = d.sheet_id, d.key, d.value
    text = value.get("text", key) if isinstance(value, dict) else key
    if sid == UNIT_DECISIONS:
        return "Trực tuyến", f"Tên đơn vị ghi trực tuyến: “{text}”"
    if sid == COLUMN_DECISIONS:
        return "Trực tuyến", f"Cột trực tuyến: “{text}”"
    if sid.startswith(ANSWER_DECISIONS):
        qid = sid[len(ANSWER_DECISIONS):]
        return "Trực tuyến", f"{_question(template, qid)}: “{text}”"
    if is_online_row(sid):
        return "Trực tuyến", "Dòng trả lời trực tuyến"
    row = items.get(item_of(sid, key))
    if row is not None:
        return str(row.data.get("sheet_label") or sid), str(row.data.get("title") or key)
    return sid, _question(template, key)


def _question(template: Template, qid: str) -> str:
    try:
        return question_title(template, qid)
    except KeyError:
        return qid


def settled(store: Store, template: Template, text: str = "", unit_names: Mapping[str, str] | None = None
            ) -> list[dict[str, Any]]:
    """The latest settled items, newest first, one line each (an online row's several decisions are one),
    those whose sheet, title, unit's name (`unit_names`: code -> name) or reviewer holds `text` when given (the
    filter is labelled "mã phiếu, câu hỏi hoặc tên đơn vị"; a unit's name found nothing)."""
    names = unit_names or {}
    want = unicodedata.normalize("NFC", text).casefold().strip()
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    decisions = store.review_settled(None if want else SHOWN * 3)
    for at in range(0, len(decisions), CHUNK):  # items read a chunk at a time: a common filter stops early
        chunk = decisions[at:at + CHUNK]
        items = store.review_items_of(sorted({item_of(d.sheet_id, d.key) for d in chunk}))
        labels = store.review_sheet_labels(sorted({a.sheet_id for d in chunk if (a := Attachment.parse(d.value))}))
        for d in chunk:
            item = item_of(d.sheet_id, d.key)
            if item in seen:
                continue
            seen.add(item)
            where, what = _title(items, template, d)
            said = _said(template, labels, d.key, d.value)
            row = items.get(item)
            unit = names.get(row.unit, "") if row is not None and row.unit else ""
            if want and want not in unicodedata.normalize("NFC", f"{where} {what} {said} {unit} {d.reviewer}").casefold():
                continue
            out.append({"decision": d.id, "item": item, "where": where, "title": what, "said": said,
                        "reviewer": d.reviewer, "at": d.at})
            if len(out) >= SHOWN:
                return out
    return out
