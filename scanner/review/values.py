"""A reviewer's decision checked against its item, by kind, into the form it is stored in (or a ValueError whose
message the reviewer reads): choices, a number or date typed for a grid, a transcription, a unit, a page's fate,
an online row."""

from __future__ import annotations

import unicodedata
from typing import Any

from ..kinds import Kind
from ..kinds.registry import not_understood, record_value
from ..logic.wording import constraint_said
from ..online.columns import unit_asked
from ..roster import written_misfit
from ..store import Store
from ..template import Template
from ..vocab import ItemKind
from .attachment import Attachment, names_an_attachment
from .item import Item
from .online import validate_online


def typed_value(item: Item, value: str) -> str:
    """The value a reviewer typed for a number or date grid, checked the way the record will read it."""
    kind = Kind(item.extra["typed"])
    text = unicodedata.normalize("NFC", value.strip())
    digits = int(item.extra.get("digits") or 0)
    if record_value(kind, text, digits, int(item.extra.get("decimals") or 0)) is None:
        raise ValueError(not_understood(kind, text, digits))
    return text


def validate_value(item: Item, value: Any, units: set[str], store: Store | None = None,
                   template: Template | None = None) -> Any:
    """The decision's value in its stored form, or ValueError with a message for the reviewer.

    template: a transcription is checked against its question's own constraint (what it says of the value
    alone); one that breaks it is refused, so the reviewer looks again rather than the tally storing it."""
    if item.kind == ItemKind.online_row and item.unit is None and not item.extra.get("unit_text") \
            and isinstance(value, dict) and value.get("accept", True) and not value.get("unit") \
            and (template is None or unit_asked(template)):  # (a form that asks no unit: none to give)
        # a row naming no unit at all (one naming an unknown unit gets it from that name's mapping): accepted
        # without a unit it was stored and stayed on screen, still waiting (t13r S6)
        raise ValueError("Dòng này chưa có đơn vị: gõ số thứ tự hoặc mã đơn vị vào ô “Đơn vị”, rồi Enter "
                         "(hoặc X để loại dòng)")
    if item.kind.online and value != {"deferred": True}:
        return validate_online(item.kind, value, item.extra, units, {c["id"] for c in item.choices})
    if isinstance(value, dict):
        if value == {"deferred": True}:
            return {"deferred": True}
        raise ValueError("Giá trị không hợp lệ")
    if item.kind == ItemKind.question and isinstance(value, str) and item.extra.get("typed"):
        return typed_value(item, value)
    if item.kind == ItemKind.question:
        ids = {c["id"] for c in item.choices}
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or not set(value) <= ids:
            raise ValueError("Phương án không hợp lệ")
        if not item.multiple and len(value) > 1:
            raise ValueError("Câu này chỉ chọn một phương án")
        return sorted(set(value), key=lambda v: (int(v), v) if v.isdigit() else (10**6, v))
    if item.kind == ItemKind.text:
        if not isinstance(value, str):
            raise ValueError("Nội dung phải là văn bản")
        text = unicodedata.normalize("NFC", value.strip())[:5000]  # typed with a decomposing input method too
        if template is not None and text and breaks_own_constraint(template, item.key, text):
            raise ValueError("Nội dung chép lại trái với điều kiện của câu hỏi "
                             f"({constraint_said(template, item.key)}): "
                             "xem lại chữ viết trên phiếu; để trống nếu không đọc được")
        if template is not None and text and (said := written_misfit(template, item.key, text)):
            raise ValueError(f"{said}; xem lại chữ viết trên phiếu, để trống nếu không đọc được")
        return text
    if item.kind == ItemKind.unit:
        if value not in units:
            raise ValueError("Mã đơn vị không có trong kế hoạch")
        return value
    if item.kind == ItemKind.page and names_an_attachment(value) and store is not None:
        named = Attachment.parse(value)
        if named is not None and \
                (named.sheet_id, named.side) in {(m.sheet_id, m.side) for m in store.review_missing_sides()}:
            return value
        in_force = store.decisions(sheet_ids=[item.sheet_id]).get(item.sheet_id, {}).get(item.key)
        if in_force is not None and in_force.value == value:
            return value  # going back and keeping the attachment made: the sheet misses that side no more
        raise ValueError("Phiếu này không còn thiếu trang đó")
    if not isinstance(value, str) or value not in {c["id"] for c in item.choices}:
        raise ValueError("Lựa chọn không hợp lệ")
    return value


def breaks_own_constraint(template: Template, qid: str, text: str) -> bool:
    """Whether a text question's constraint, given this answer and nothing else, says no (a rule that reads other
    answers is unknown here: the record's check asks about it once the sheet is put together)."""
    from ..logic.apply import compiled
    from ..logic.evaluate import Truth, truth_of

    try:
        q = template.question(qid)
    except KeyError:
        return False
    return bool(q.constraint) and truth_of(compiled(q.constraint)({}, text)) == Truth.no
