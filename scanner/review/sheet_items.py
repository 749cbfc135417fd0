"""The items a sheet puts before a person, by kind: its uncertain questions (marks, numbers and dates typed in),
its flags (a missing side, a reused code, an unknown unit…) and its handwriting to transcribe."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..collate import SPLIT, Sheet
from ..logic.wording import logic_reason
from ..records import flag_decision
from ..rules import StoredReading, sheet_readings
from ..template import Question, Template
from ..vocab import ItemKind, ReviewReason, SheetFlag
from .item import Item, item_id
from .words import question_title


def sheet_label(sheet: Sheet) -> str:
    """How a person finds the paper: its printed code, or for a sheet without one, the file and page it is in."""
    g, rec = sheet.group, sheet.record
    if g.key and rec.sheet_serial:
        return g.key
    src = rec.sources[0] if rec.sources else {"file": "?", "page": 0}
    where = f"{Path(str(src['file'])).name}, trang {src['page']}"
    return f"Phiếu không số ({where})" if g.key else f"Phiếu chưa đọc được mã ({where})"


def sheet_items(sh: Sheet, template: Template, readings: dict[str, dict[str, StoredReading]],
                crops: set[tuple[str, str]], decided: dict[str, Any], label: str) -> list[Item]:
    """Every open item of one sheet: its questions, then its flags, then its handwriting."""
    pages = {s["side"]: s["page_id"] for s in sh.record.sources}
    return [*_question_items(sh, template, readings, pages, label), *_flag_items(sh, template, pages, label),
            *_text_items(sh, template, crops, decided, pages, label)]


def _question_items(sh: Sheet, template: Template, readings: dict[str, dict[str, StoredReading]],
                    pages: dict[int, str], label: str) -> list[Item]:
    """The questions the machine is unsure of: boxes to mark again, or a number or date grid's value to type."""
    rec, sid = sh.record, sh.group.sheet_id
    machine = sheet_readings(template, [pages[s] for s in sorted(pages)], readings)
    items: list[Item] = []
    for qid in rec.uncertain:
        q = template.question(qid)
        if q.behaviour.handwritten:
            continue  # handwriting is asked for as a transcription, below
        m = machine.get(qid)
        read = [*(m.reasons if m else ()), *rec.conflicts.get(qid, "").split()]
        broken = rec.logic.get(qid, "").split()
        items.append(Item(item_id(sid, qid), ItemKind.question, sid, qid, rec.unit,
                          (m.page_id if m else "") or pages.get(q.page, ""), question_title(template, qid),
                          [ReviewReason.label_of(r) for r in read] + [logic_reason(template, qid, r) for r in broken],
                          [{"id": o.id, "label": o.label} for o in q.options], list(m.answer) if m else None,
                          m.confidence if m else 0.0, q.behaviour.per_option, sheet_label=label,
                          extra=_typed(q) | _parts(q, pages), causes=sorted({*read, *broken})))
    return items


def _flag_items(sh: Sheet, template: Template, pages: dict[int, str], label: str) -> list[Item]:
    """The sheet's flags, each settled by one choice: a unit, a missing side, a code scanned twice…"""
    rec, sid = sh.record, sh.group.sheet_id
    items: list[Item] = []
    for flag in rec.flags:
        kind = ItemKind.unit if flag == SheetFlag.unidentified else (
            ItemKind(flag) if flag in ItemKind.values() else ItemKind.sheet_flag)
        key = flag_decision(flag)
        choices = {ItemKind.unit: [],
                   ItemKind.missing_page: missing_page_choices(sh, template.pages),
                   ItemKind.reused_serial: [{"id": "keep", "label": "Giữ: là phiếu của người khác"},
                                     {"id": "discard", "label": "Loại: phiếu quét trùng"}]}.get(kind)
        if choices is None:  # a flag this page does not know yet: keep or set aside the sheet
            choices = [{"id": "keep", "label": "Giữ phiếu"}, {"id": "discard", "label": "Loại phiếu"}]
        title = missing_title(sh, template.pages) if kind == ItemKind.missing_page else SheetFlag.label_of(flag, kind.label)
        items.append(Item(item_id(sid, key), kind, sid, key, rec.unit, next(iter(pages.values()), ""),
                          title, [SheetFlag.label_of(flag, f"{kind.label} ({flag})")],
                          choices, None, 0.0,
                          sheet_label=label, causes=[flag]))
    return items


def _text_items(sh: Sheet, template: Template, crops: set[tuple[str, str]], decided: dict[str, Any],
                pages: dict[int, str], label: str) -> list[Item]:
    """Handwriting to transcribe, and a transcription that broke its question's constraint, asked again."""
    rec, sid = sh.record, sh.group.sheet_id
    items: list[Item] = []
    for side, pid in pages.items():
        for q in template.questions:
            again = q.id in rec.logic  # transcribed against the question's constraint: asked again
            if q.behaviour.handwritten and q.page == side and (q.id not in decided or again) and (pid, q.id) in crops:
                broken = rec.logic[q.id].split() if again else []
                why = [logic_reason(template, q.id, r) for r in broken]
                items.append(Item(item_id(sid, q.id), ItemKind.text, sid, q.id, rec.unit, pid,
                                  question_title(template, q.id), [*why, "Chép lại nội dung viết tay"], [], None, 1.0,
                                  sheet_label=label, causes=sorted(set(broken))))
    return items


def missing_title(sh: Sheet, sides: int) -> str:
    """How many of the sheet's sides are missing, and which: "Thiếu 3 trong 4 trang của phiếu (trang 1, 2, 3)"
    ("Thiếu 1/4 trang" reads as a quarter of a page missing)."""
    missing = sh.group.missing(sides)
    return f"Thiếu {len(missing)} trong {sides} trang của phiếu (trang {', '.join(map(str, missing))})"


def missing_page_choices(sh: Sheet, sides: int) -> list[dict[str, str]]:
    """A numbered sheet missing a side is a respondent: its sides are accepted as missing. A sheet whose code was
    not read may instead be pages of other sheets (shuffled in the stack): its pages are then set aside, each to be
    attached to its sheet (ranked by what it shows, any sheet found by its typed code), or it is discarded with a
    reason; accepting it as a respondent is offered last, and only with its front."""
    accept = {"id": "accept", "label": "Chấp nhận phiếu thiếu trang"}
    if sh.group.key is not None:
        return [accept]
    out = [{"id": SPLIT, "label": "Là trang của phiếu khác: để riêng từng trang để gắn vào phiếu của nó"},
           {"id": "discard", "label": "Loại phiếu (ghi lý do vào ô Ghi chú)"}]
    return out + ([{"id": "accept", "label": "Chấp nhận: là một người trả lời, thiếu trang"}] if 1 in sh.group.pages else [])


def _parts(q: Question, pages: dict[int, str]) -> dict[str, Any]:
    """A list printed over several pages is shown whole: the scanned page of each of its parts, in order."""
    ids = [pages[side] for side in q.pages if side in pages]
    return {"pages": ids} if len(ids) > 1 else {}


def _typed(q: Question) -> dict[str, Any]:
    """A number or a date is settled by typing its value (the grid's bubbles are too many for number keys)."""
    if not q.behaviour.digit_grid:
        return {}
    return {"typed": str(q.type), "digits": q.digits, "decimals": q.decimals}
