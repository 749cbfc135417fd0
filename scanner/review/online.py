"""Online problems as review items, settled through `scanner.online`'s own verbs (map-unit, map-answer,
settle-online), so the page and the command line write the same decisions.

Three kinds: a unit name typed online that the plan does not know (settled once
for every row spelling it so), an answer worded close to an option (likewise),
and one response the rules cannot count alone (an impossible timestamp, a row
gone from a later download, two answers to a single choice…), shown with the
respondent's own words beside the options.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from ..errors import SurveyError
from ..kinds import Kind
from ..kinds.number import typed_undecided
from ..kinds.registry import behaviour, not_understood, parse_online
from ..online import (
    ANSWER_DECISIONS,
    COLUMN_DECISIONS,
    UNIT_DECISIONS,
    derive_online,
    map_answer,
    map_column,
    map_unit,
    settle_online,
)
from ..online.choices import LEAVE_OUT, read_choice
from ..online.columns import UNIT_KEY, norm
from ..plan import Plan
from ..records import Record
from ..roster import misfit
from ..store import Store
from ..template import Template
from ..vocab import ItemKind, RecordStatus, WordingKind
from .words import question_title

ROW_KEY = "_row"
LEFT_OUT = {"id": LEAVE_OUT, "label": "Không tính là phương án nào (bỏ qua câu trả lời này)"}


def is_online_row(sheet_id: str) -> bool:
    """An online response's id (its decisions settle one row), not a wording mapping's group."""
    return sheet_id.startswith("online:") and sheet_id not in (UNIT_DECISIONS, COLUMN_DECISIONS) and \
        not sheet_id.startswith(ANSWER_DECISIONS)


@dataclass(frozen=True)
class OnlineItem:
    """What the queue needs of one online problem; `queue.Item` is built from it (kept apart to avoid a cycle)."""

    id: str
    kind: ItemKind
    sheet_id: str
    key: str
    unit: str | None
    title: str
    reasons: list[str]
    choices: list[dict[str, str]]
    machine: Any
    label: str
    extra: dict[str, Any]


def _where(rec: Record) -> str:
    """The response's file (its name alone, whichever system wrote the path) and row."""
    src = rec.sources[0] if rec.sources else {}
    name = re.split(r"[\\/]", str(src.get("file", "?")))[-1]
    return f"{name}, dòng {src.get('row', '?')}"


# the commands `status` and `import-online` name for each problem; in the page the reviewer settles it right there
_UNIT_COMMAND = re.compile(r'gán(?: cho một đơn vị)? bằng lệnh survey map-unit "[^"]*" MÃ_ĐƠN_VỊ --reviewer TÊN')
_COMMAND = re.compile(r':? survey (?:map-answer|settle-online|map-column)(?: "[^"]*")?(?: [^\s,;"]+)*')


def _short(rec: Record) -> list[str]:
    """The record's problems with the file named by its name alone (the page has little room for folders), and
    without the command a terminal would need: the page is where this is settled."""
    out = []
    for p in rec.problems:
        for src in rec.sources:
            f = str(src.get("file", ""))
            if f:
                p = p.replace(f, re.split(r"[\\/]", f)[-1])
        p = _UNIT_COMMAND.sub("gõ số hoặc mã đơn vị vào ô “Đơn vị” trên trang này", p)
        out.append(_vietnamese(_COMMAND.sub("", p)))
    return out


# the English a terminal's line carries beside the Vietnamese ("không đọc được (unreadable timestamp)", "… / export
# with every column"): two or more plain ASCII words in brackets, or after " / " to the end of a clause
_GLOSS = re.compile(r" \((?![^()]*_)[a-z][a-z']*(?: [^()\s]+)+\)| / [a-z][a-z']*(?: [^;/\s]+)+(?=;|$)")
_QUOTED = re.compile(r'("[^"]*"|“[^”]*”)')


def _vietnamese(problem: str) -> str:
    """A problem as the review page says it: without its English glosses (the page speaks Vietnamese only), and
    never touching what is quoted (a respondent's or the office's own words)."""
    parts = _QUOTED.split(problem)
    return "".join(part if i % 2 else _GLOSS.sub(lambda m: "" if m.group(0).isascii() else m.group(0), part)
                   for i, part in enumerate(parts))


def _cell(v: Any) -> str:
    if v is None:
        return ""
    return ", ".join(str(x) for x in v) if isinstance(v, list) else str(v)


def _row_fields(rec: Record, raw: dict[str, Any], template: Template, settled: dict[str, dict[str, str]],
                mark: Callable[[str], str]) -> list[dict[str, Any]]:
    """Each question: the respondent's words, the answer as read, its options, and whether it needs a look."""
    out = []
    required = set(template.online.get("required", []))
    for q in template.questions:
        if q.other_of:
            continue
        given = raw.get(q.id)
        answer = rec.answers.get(q.id)
        flagged = False
        if q.behaviour.digit_grid and given not in (None, "", []):
            # or the import could not read it in its column (1,234 where the column shows no decimal mark)
            flagged = not parse_online(q.type, given, q.decimals, columns=q.digits,
                                       decimal_mark=mark(q.id))[1] or answer is None
        elif q.holds is not None and given not in (None, "", []):
            flagged = bool(misfit(q, answer))  # a roster's written date or number that is none
        elif q.behaviour.shares and given not in (None, "", []):
            c = read_choice(given, q, settled=settled.get(q.id))
            flagged = bool(c.problems) or (not q.behaviour.per_option and len(c.options) > 1) or any(
                not set(ids) & set(answer or []) for ids in c.ambiguous)  # a shared label its parent did not settle
        if (q.id in required and not answer) or q.id in rec.logic:
            # a broken constraint or an answer where the form says skip: flagged, so Enter settles it as shown
            flagged = True
        out.append({"id": q.id, "title": question_title(template, q.id), "type": q.type, "raw": _cell(given),
                    "answer": answer, "flagged": flagged, "decimals": q.decimals,
                    **({"decimal_mark": mark(q.id)} if q.behaviour.digit_grid and not q.behaviour.dated else {}),
                    "digits": q.digits, "options": [{"id": o.id, "label": o.label} for o in q.options],
                    **({"holds": q.holds.value} if q.holds is not None else {})})
    return out


def online_items(store: Store, template: Template, plan: Plan) -> list[OnlineItem]:
    """Every online problem still open: wordings first (one choice settles many rows), then single responses."""
    from ..online import mappings

    derived = derive_online(store, template, plan)
    items: list[OnlineItem] = []
    raw = {"online:" + hashlib.sha256(r.key.encode("utf-8")).hexdigest()[:16]: r.current.values
           for r in derived.responses}
    for u, n in derived.unsettled.items():
        rows = f"{n} dòng trả lời trực tuyến ghi như vậy; một lựa chọn áp dụng cho tất cả"
        if u.kind == WordingKind.unit:
            close = plan.near_units(u.text)  # "Đào Sam": Đào San, one letter away, proposed and never assumed
            said = [f"Gần giống: {', '.join(f'{x.code} · {x.name}' for x in close)}"
                    + (" (Enter để chọn, hoặc gõ mã khác)" if len(close) == 1 else "")] if close else []
            items.append(OnlineItem(f"{UNIT_DECISIONS}|{norm(u.text)}", ItemKind.online_unit, UNIT_DECISIONS, norm(u.text),
                                    None, f"Tên đơn vị ghi trực tuyến: “{u.text}”",
                                    ["Không khớp đơn vị nào trong kế hoạch", *said, rows], [],
                                    [close[0].code] if len(close) == 1 else None,
                                    f"Trực tuyến · {n} dòng", {"text": u.text, "rows": n}))
        elif u.kind == WordingKind.column:
            targets = [{"id": q.id, "label": question_title(template, q.id)} for q in template.questions
                       if not q.other_of]
            targets += [{"id": "unit", "label": "Đơn vị công tác / nơi cư trú"},
                        {"id": "-", "label": "Bỏ qua cột này (ghi chú riêng của văn phòng)"}]
            items.append(OnlineItem(f"{COLUMN_DECISIONS}|{norm(u.text)}", ItemKind.online_column, COLUMN_DECISIONS,
                                    norm(u.text), None, f"Cột không khớp câu hỏi nào: “{u.text}”",
                                    [f"Tệp tải về có cột này nhưng mẫu phiếu không có câu hỏi cùng tên ({n} tệp)"],
                                    targets, None, f"Trực tuyến · {n} tệp",
                                    {"text": u.text, "rows": n, "values": column_values(store, u.text)}))
        elif u.kind == WordingKind.answer and u.question:
            q = template.question(u.question)
            near = next((o.label for o in q.options if o.id == u.suggestion), "")
            items.append(OnlineItem(f"{ANSWER_DECISIONS}{q.id}|{norm(u.text)}", ItemKind.online_answer,
                                    ANSWER_DECISIONS + q.id, norm(u.text), None, question_title(template, q.id),
                                    [f"Người trả lời ghi “{u.text}”, gần giống phương án “{near}” nhưng không trùng",
                                     rows], [{"id": o.id, "label": o.label} for o in q.options] + [LEFT_OUT],
                                    [u.suggestion] if u.suggestion else [], f"Trực tuyến · {n} dòng",
                                    {"text": u.text, "rows": n} | _units_saying(derived.records, raw, q.id, u.text, plan)))
    settled = mappings(store).answers
    counted = _counted_answers(derived.records)
    for rec in derived.records:
        if rec.status != RecordStatus.needs_review:
            continue
        values = raw.get(rec.record_id, {})
        twin = counted.get(_answers_key(rec))
        copy = [f"Mọi câu trả lời trùng hệt một câu trả lời đã được tính ({_where(twin)}, gửi lúc "
                f"{twin.submitted_at or 'không rõ'}): chấp nhận dòng này sẽ tính một người hai lần; nếu đây là bản gửi "
                "lại, hãy loại dòng (X)"] if twin is not None and twin.record_id != rec.record_id else []
        items.append(OnlineItem(f"{rec.record_id}|{ROW_KEY}", ItemKind.online_row, rec.record_id, ROW_KEY, rec.unit,
                                _where(rec), _short(rec) + copy, [], None, f"Trực tuyến ({_where(rec)})",
                                {"submitted": rec.submitted_at, "unit_text": _cell(values.get(UNIT_KEY)),
                                 "fields": _row_fields(rec, values, template, settled,
                                                       partial(derived.decimal_mark, rec.record_id))}))
    return items


SHOWN_VALUES = 8  # distinct values of an unknown column shown, most frequent first


def column_values(store: Store, title: str) -> list[dict[str, Any]]:
    """What an unknown column holds, in the downloads' own tables: its title alone does not tell a question
    renamed ("Giới tính của bạn": Nam, Nữ) from the office's notes ("Ghi chú": đã gọi lại), and the reviewer
    decided seeing only the title. Each distinct value with how many rows hold it; empty cells counted apart."""
    key = norm(title)
    seen: Counter[str] = Counter()
    for raw in store.online_files():
        if not raw.header or not raw.rows or not isinstance(raw.rows[0][1], list):
            continue  # an API download names its fields by id: no table column to read
        where = [i for i, t in enumerate(raw.header) if norm(str(t)) == key]
        for _, cells in raw.rows:
            for i in where:
                seen[unicodedata.normalize("NFC", str(cells[i]).strip()) if i < len(cells) else ""] += 1
    empty = seen.pop("", 0)
    out: list[dict[str, Any]] = [{"value": v, "rows": c} for v, c in seen.most_common(SHOWN_VALUES)]
    if len(seen) > SHOWN_VALUES:
        out.append({"value": None, "rows": sum(seen.values()) - sum(x["rows"] for x in out)})  # the rest, together
    if empty:
        out.append({"value": "", "rows": empty})
    return out


def _answers_key(rec: Record) -> str | None:
    """A response's answers, compared whole; None for one that answers nothing (blank rows are alike, not copies)."""
    given = {k: v for k, v in rec.answers.items() if v not in (None, "", [])}
    return json.dumps(given, sort_keys=True, ensure_ascii=False, default=str) if given else None


def _counted_answers(records: list[Record]) -> dict[str | None, Record]:
    """The counted responses by their answers: a row waiting for a reviewer that repeats one of them word for word
    (a re-submission, an impossible timestamp on a copy) would count one respondent twice if accepted."""
    out: dict[str | None, Record] = {}
    for rec in records:
        if rec.status == RecordStatus.final and (key := _answers_key(rec)) is not None:
            out.setdefault(key, rec)
    return out


def _units_saying(records: list[Record], raw: dict[str, dict[str, Any]], qid: str, text: str,
                  plan: Plan) -> dict[str, str]:
    """The units named by the rows whose answer to `qid` is worded so: a wording item belongs to no one row, but
    the reviewer still sees where its answers came from ("TT 2 dòng") rather than "chưa rõ"."""
    key = norm(text)
    units = Counter(rec.unit or "?" for rec in records
                    if key and key in norm(_cell(raw.get(rec.record_id, {}).get(qid))))
    if not units:
        return {}
    def named(code: str) -> str:
        return f"{code} {plan.unit(code).name}" if plan.has_unit(code) else "chưa rõ"

    return {"units": " · ".join(f"{named(u)} ({n} dòng)" for u, n in units.most_common())}


def validate_online(kind: ItemKind, value: Any, extra: dict[str, Any], units: set[str],
                    options: set[str]) -> Any:
    """The page's value for an online item in its stored form, or ValueError with the reviewer's message."""
    if kind == ItemKind.online_unit:
        if value not in units:
            raise ValueError("Mã đơn vị không có trong kế hoạch")
        return value
    if kind in (ItemKind.online_answer, ItemKind.online_column):
        if value not in options:
            raise ValueError("Phương án không hợp lệ")
        return value
    if value == "discard":
        return value
    if not isinstance(value, dict) or set(value) - {"answers", "unit", "accept"}:
        raise ValueError("Giá trị không hợp lệ")
    answers = value.get("answers") or {}
    fields = {f["id"]: f for f in extra.get("fields", [])}
    if not isinstance(answers, dict):
        raise ValueError("Câu trả lời không hợp lệ")
    clean: dict[str, Any] = {}
    for qid, v in answers.items():
        f = fields.get(qid)
        if f is None:
            raise ValueError("Câu hỏi không có trong mẫu phiếu")
        asked = Kind(f["type"])
        if behaviour(asked).handwritten:
            if not isinstance(v, str):
                raise ValueError("Nội dung phải là văn bản")
            clean[qid] = unicodedata.normalize("NFC", v.strip())[:5000]
            held = Kind(f["holds"]) if f.get("holds") else None  # a roster's date or number column: such a value
            if held is not None and clean[qid] and not parse_online(held, clean[qid], int(f.get("decimals", 0)),
                                                                     columns=int(f.get("digits", 0)))[1]:
                raise ValueError(f"{f['title'][:40]}: {not_understood(held, clean[qid], int(f.get('digits', 0)))}")
            continue
        if behaviour(asked).digit_grid:  # read as the import reads its column: "1,234" where it says no mark is asked
            digits, decimals, mark = int(f.get("digits", 0)), int(f.get("decimals", 0)), str(f.get("decimal_mark", ""))
            if isinstance(v, str) and (said := typed_undecided(v, decimals, mark)):
                raise ValueError(f"{f['title'][:40]}: {said}")
            understood = isinstance(v, str) and parse_online(asked, v, decimals, columns=digits, decimal_mark=mark)[1]
            if not understood:
                raise ValueError(f"{f['title'][:40]}: {not_understood(asked, v, digits)}")
            clean[qid] = v.strip()  # as typed: settling it parses it as the command line's --answer does
            continue
        ids = {o["id"] for o in f["options"]}
        if not isinstance(v, list) or not all(isinstance(x, str) and x in ids for x in v):
            raise ValueError("Phương án không hợp lệ")
        if not behaviour(asked).per_option and len(v) > 1:
            raise ValueError(f"{f['title'][:40]}: câu này chỉ chọn một phương án")
        clean[qid] = v
    unit = value.get("unit")
    if unit is not None and unit not in units:
        raise ValueError("Mã đơn vị không có trong kế hoạch")
    return {"answers": clean, "unit": unit, "accept": bool(value.get("accept", True))}


def settle(store: Store, template: Template, plan: Plan, kind: ItemKind, sheet_id: str, extra: dict[str, Any],
           value: Any, reviewer: str, comment: str, session: str | None) -> None:
    """Writes the settlement with `scanner.online`'s verbs, then marks those decisions as this session's
    (so Undo in the page takes them back)."""
    since = store.review_last_decision_id()
    try:
        if kind == ItemKind.online_unit:
            map_unit(store, plan, extra["text"], value, reviewer, comment)
        elif kind == ItemKind.online_column:
            map_column(store, template, extra["text"], value, reviewer, comment)
        elif kind == ItemKind.online_answer:
            map_answer(store, template, extra["text"], sheet_id[len(ANSWER_DECISIONS):], value, reviewer, comment)
        elif value == "discard":
            if not comment.strip():
                raise ValueError("Loại một câu trả lời cần ghi lý do vào ô ghi chú")
            settle_online(store, template, plan, sheet_id, {}, None, False, True, reviewer, comment)
        else:
            answers = {qid: v if isinstance(v, str) else ",".join(v) for qid, v in value["answers"].items()}
            settle_online(store, template, plan, sheet_id, answers, value["unit"], value["accept"], False, reviewer,
                          comment)
    except SurveyError as e:
        raise ValueError(str(e)) from None
    if session is not None:
        store.review_own_decisions(since, reviewer, session)
