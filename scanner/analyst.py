"""Records as a labelled data set for analysts: numeric codes, variable and value labels, distinct missing codes.

Sociologists open survey data in SPSS (or PSPP), Stata, R or pandas; what a
wide CSV loses on the way is the question wording, the option labels and why
a cell is empty. Here each record becomes one row whose variables carry the
questionnaire's own text: one variable per single-choice question and per
grid row (the option id as its code), one 0/1 variable per option of a
multiple-choice question, text as text; and an empty answer says whether the
respondent left it blank, skipped it (an "Other" text whose option was not
chosen) or it still awaits a reviewer. Writers for each format live in
`stats_files`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, assert_never

from .kinds.behaviour import Held
from .online.channels import Channel, channel_label
from .plan import Plan
from .records import Record
from .roster import held_value
from .template import Question, Template
from .vocab import RecordChannel, RecordStatus


class Missing(IntEnum):
    """SPSS user-missing codes (Stata: .a .b .c), the same in every numeric variable."""

    not_answered = -1
    skipped = -2
    awaiting_review = -3

    @property
    def label(self) -> str:
        return MISSING_LABELS[self]

    @property
    def stata(self) -> str:
        return {Missing.not_answered: "a", Missing.skipped: "b", Missing.awaiting_review: "c"}[self]


MISSING_LABELS = {Missing.not_answered: "Không trả lời (not answered)",
                  Missing.skipped: "Bỏ qua theo điều kiện (skipped)",
                  Missing.awaiting_review: "Chờ duyệt (awaiting review)"}
CHANNEL_CODES: dict[str, int] = {RecordChannel.paper: 1, Channel.google: 2, Channel.kobo: 3, Channel.odk: 4}
STATUS_CODES = {RecordStatus.final: 1, RecordStatus.needs_review: 2, RecordStatus.discarded: 3}
STATUS_LABELS = {code: f"{s.label} ({s.value.replace('_', ' ')})" for s, code in STATUS_CODES.items()}


@dataclass(frozen=True)
class Variable:
    name: str
    label: str
    numeric: bool
    values: dict[int, str] = field(default_factory=dict)  # value labels, missing codes included
    question: str | None = None
    option: str | None = None
    missing: bool = False  # carries the Missing codes
    decimals: int = 0  # places a number question keeps: SPSS shows it with as many (16.9, not 17)


@dataclass
class Dataset:
    variables: list[Variable]
    rows: list[dict[str, Any]]  # variable name -> int | float | str | None (None: system missing)

    def column(self, name: str) -> list[Any]:
        return [r.get(name) for r in self.rows]


def variables(template: Template, plan: Plan) -> list[Variable]:
    """The data set's variables in questionnaire order, after the record's own columns."""
    out = [
        Variable("record_id", "Mã bản ghi (record id)", False),
        Variable("channel", "Kênh thu thập (channel)", True,
                 {code: (RecordChannel.paper.label if key == RecordChannel.paper else channel_label(key)) for key, code in CHANNEL_CODES.items()}),
        Variable("status", "Trạng thái (status)", True, dict(STATUS_LABELS)),
        Variable("district", "Huyện (district)", False),
        Variable("unit", "Đơn vị (unit)", True, {i: u.name for i, u in enumerate(plan.units, start=1)}),
        Variable("unit_code", "Mã đơn vị (unit code)", False),
        Variable("unit_type", "Loại đơn vị (unit type)", True,
                 {i: t.label for i, t in enumerate(plan.unit_types.values(), start=1)}),
        Variable("block", "Khối (block the unit belongs to)", False),
        Variable("submitted_at", "Thời điểm nộp trực tuyến (online submission time)", False),
        Variable("in_window", "Trong thời gian khảo sát (inside the collection window)", True, {0: "Không", 1: "Có"}),
        Variable("weight", "Trọng số theo kế hoạch đơn vị (weight: the unit's planned share / its share of final "
                 "records)", True),
    ]
    missing = {m.value: m.label for m in Missing}
    for q in template.questions:
        text = _label(template, q)
        match q.as_data.held:  # a roster's age column a number, as the same question outside a roster
            case Held.text:  # a date as its ISO text, which every package reads as a date
                out.append(Variable(var_name(q.id), text, False, question=q.id))
            case Held.number:
                out.append(Variable(var_name(q.id), text, True, dict(missing), q.id, missing=True, decimals=q.decimals))
            case Held.options if q.behaviour.per_option:
                for o in q.options:
                    out.append(Variable(var_name(f"{q.id}_{o.id}"), f"{text}: {o.label}", True,
                                        {0: "Không chọn", 1: "Có chọn", **missing}, q.id, o.id, True))
            case Held.options:
                out.append(Variable(var_name(q.id), text, True,
                                    {**{_code(o.id, q): o.label for o in q.options}, **missing}, q.id, missing=True))
            case Held.nothing:
                raise ValueError(f"{q.type} is not a question of a template")
            case _:
                assert_never(q.behaviour.held)
    return out


def dataset(template: Template, plan: Plan, records: list[Record]) -> Dataset:
    vs = variables(template, plan)
    unit_index = {u.code: i for i, u in enumerate(plan.units, start=1)}
    type_index = {k: i for i, k in enumerate(plan.unit_types, start=1)}
    weights = unit_weights(plan, records)
    rows = []
    for r in records:
        u = plan.unit(r.unit) if r.unit and plan.has_unit(r.unit) else None
        row: dict[str, Any] = {
            "record_id": r.record_id, "channel": CHANNEL_CODES.get(r.via or r.channel, CHANNEL_CODES[RecordChannel.paper]),
            "status": STATUS_CODES.get(r.status), "district": plan.report.place or "",
            "unit": unit_index.get(r.unit or ""), "unit_code": r.unit or "",
            "unit_type": type_index.get(u.type) if u else None, "block": (u.parent or "") if u else "",
            "submitted_at": r.submitted_at or "", "in_window": None if r.in_window is None else int(r.in_window),
            "weight": weights.get(r.unit or "") if r.status == RecordStatus.final else None,
        }
        for q in template.questions:
            row.update(_answer(template, q, r))
        rows.append(row)
    return Dataset(vs, rows)


def unit_weights(plan: Plan, records: list[Record]) -> dict[str, float]:
    """Post-stratification on the plan: a unit's planned share of respondents (its paper allocation and online
    minimum) over its share of final records, so each unit weighs as the plan meant it to."""
    final: dict[str, int] = {}
    for r in records:
        if r.status == RecordStatus.final and r.unit and plan.has_unit(r.unit):
            final[r.unit] = final.get(r.unit, 0) + 1
    planned = {code: plan.unit(code).paper + (plan.unit(code).online_min or 0) for code in final}
    total_planned, total_final = sum(planned.values()), sum(final.values())
    if not total_planned:
        return {}
    return {code: round((planned[code] / total_planned) / (n / total_final), 6)
            for code, n in final.items() if planned[code]}


def _label(template: Template, q: Question) -> str:
    number = f"Câu {q.number}. " if q.number else ""
    if q.group and q.group in template.group_texts:
        return f"{number}{template.group_texts[q.group]}: {q.text}"
    return f"{number}{q.text}"


def _code(option_id: str, q: Question) -> int:
    """The option's id when it is a number (the XLSForm's choice name), else its place in the list."""
    return int(option_id) if option_id.isdigit() else [o.id for o in q.options].index(option_id) + 1


def why_empty(template: Template, q: Question, r: Record) -> Missing:
    if q.id in r.uncertain or (r.channel == RecordChannel.online and r.status == RecordStatus.needs_review):
        return Missing.awaiting_review
    if q.id in r.skipped:
        return Missing.skipped
    if q.other_of is not None:
        parent = template.question(q.other_of)
        if parent.other_option not in (r.answers.get(parent.id) or []):
            return Missing.skipped
    return Missing.not_answered


def _answer(template: Template, q: Question, r: Record) -> dict[str, Any]:
    a, understood = held_value(q, r.answers.get(q.id))  # a roster cell's written "34" is 34
    match q.as_data.held:
        case Held.text:
            return {var_name(q.id): a or ""}
        case Held.number:
            if not understood:  # written words a number variable cannot hold: a person reads them
                return {var_name(q.id): int(Missing.awaiting_review)}
            return {var_name(q.id): a if a is not None and q.id not in r.uncertain else int(why_empty(template, q, r))}
        case Held.nothing:
            raise ValueError(f"{q.type} is not a question of a template")
        case Held.options:
            pass
        case _:
            assert_never(q.behaviour.held)
    chosen = list(a or [])
    if not chosen or q.id in r.uncertain or (not q.behaviour.per_option and len(chosen) > 1):
        code = why_empty(template, q, r) if chosen == [] or q.id in r.uncertain else Missing.awaiting_review
        if q.behaviour.per_option:
            return {var_name(f"{q.id}_{o.id}"): int(code) for o in q.options}
        return {var_name(q.id): int(code)}
    if q.behaviour.per_option:
        return {var_name(f"{q.id}_{o.id}"): int(o.id in chosen) for o in q.options}
    return {var_name(q.id): _code(chosen[0], q)}


def var_name(key: str) -> str:
    """A variable name SPSS and Stata accept: a roster cell `sex[2]` is `sex_2`, a cascade's `king~texas`
    `king_texas` (XLSForm names are otherwise letters, digits, `_`, `-` and `.`)."""
    return re.sub(r"[^A-Za-z0-9_]", "_", key.replace("]", ""))
