"""A reviewer's decision checked against the question's own limit before it is stored.

A decision that breaks what the question allows (four options where the paper says "chọn tối đa 3", an option
that must stand alone chosen with others, a number outside its constraint) is most often a slip of the keys;
stored silently, it goes into the tally as if the respondent had said it. So the server refuses it with the rule
in words, and stores it only when the reviewer confirms with a second, distinct key; the confirmation goes into
the decision's comment, so the trail says the value was kept knowingly.
"""

from __future__ import annotations

from typing import Any

from ..kinds import Kind
from ..kinds.registry import behaviour, parse_online, record_value
from ..logic.apply import compiled
from ..logic.evaluate import Truth, truth_of
from ..logic.wording import constraint_said
from ..template import Template
from ..vocab import ItemKind

CONFIRMED = "Người duyệt xác nhận giữ giá trị dù trái giới hạn của câu hỏi"  # the trail's mark of a confirmation


class LimitBroken(ValueError):
    """A decision the question's limit forbids; stored only if the reviewer confirms."""


def question_limit(template: Template, qid: str, value: Any) -> str | None:
    """What is wrong with `value` (as a record holds it) for the question, in the reviewer's words, or None."""
    try:
        q = template.question(qid)
    except KeyError:
        return None
    title = f"Câu {q.number}" if q.number else "Câu này"
    if q.behaviour.shares and isinstance(value, list):
        chosen = [str(x) for x in value]
        if q.behaviour.one_option and len(chosen) > 1:
            return f"{title} chỉ chọn một phương án, đang chọn {len(chosen)}"
        if q.max_choices and len(chosen) > q.max_choices:
            return f"{title} chọn tối đa {q.max_choices} phương án, đang chọn {len(chosen)}"
        alone = [x for x in chosen if x in q.exclusive]
        if alone and len(chosen) > 1:
            label = next((o.label for o in q.options if o.id == alone[0]), alone[0])
            return f"{title}: phương án “{label}” chỉ được chọn một mình, đang chọn cùng {len(chosen) - 1} phương án khác"
    if q.constraint and value not in (None, "", []) and not isinstance(value, list):
        if truth_of(compiled(q.constraint)({}, value)) == Truth.no:  # a rule reading other answers: unknown here
            return f"{title}: giá trị “{value}” trái với điều kiện của câu hỏi ({constraint_said(template, qid)})"
    return None


def decision_limit(item_kind: ItemKind, key: str, extra: dict[str, Any], value: Any,
                   template: Template) -> str | None:
    """The first limit a validated decision breaks, or None (paper questions and online rows; other kinds have
    no per-question limit)."""
    if item_kind == ItemKind.question and isinstance(value, list):
        return question_limit(template, key, value)
    if item_kind == ItemKind.question and isinstance(value, str) and extra.get("typed"):
        kind = Kind(extra["typed"])
        read = record_value(kind, value, int(extra.get("digits") or 0), int(extra.get("decimals") or 0))
        return question_limit(template, key, read)
    if item_kind == ItemKind.online_row and isinstance(value, dict) and value.get("accept"):
        given = value.get("answers") or {}
        for f in extra.get("fields", []):
            v = given.get(f["id"], f.get("answer"))
            if behaviour(Kind(f["type"])).digit_grid and isinstance(v, str):
                v = parse_online(Kind(f["type"]), v, int(f.get("decimals", 0)), columns=int(f.get("digits", 0)),
                                 decimal_mark=str(f.get("decimal_mark", "")))[0]
            said = question_limit(template, f["id"], v)
            if said is not None:
                return said
    return None
