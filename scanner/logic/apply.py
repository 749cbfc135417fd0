"""The form's skip logic and constraints applied to one record's answers, paper or online alike.

Relevance is evaluated in form order, and a question the logic skips is
blank for every later condition (as ODK clears it), so a question whose
controlling question was itself skipped is skipped too. The verdict keeps
three lists apart because they are treated apart: a skipped question is
neither blank nor missing in the count; an answer given where the form says
skip, or one that breaks a constraint, goes to a person; an unknown
condition (a question paper does not carry) changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any

from ..kinds import date
from ..template import Template
from ..template_model import Question
from .evaluate import Compiled, Truth, compile_expr, truth_of
from .expression import parse_lenient, references


class LogicReason(StrEnum):
    """Why the logic sends a question to a person (values of vocab.ReviewReason)."""

    skipped_answered = "skipped_answered"
    constraint_broken = "constraint_broken"
    more_members = "more_members"  # a roster's count asks for more rows than paper (or the Google Form) has


@dataclass(frozen=True)
class LogicCheck:
    skipped: tuple[str, ...]  # not to be answered, and not answered
    problems: dict[str, LogicReason]  # question -> why a person must look
    # a count past its roster's printed rows: the count question -> (the roster, the count its answers make)
    overflows: dict[str, tuple[str, Any]] = field(default_factory=dict)


@lru_cache(maxsize=4096)
def compiled(text: str) -> Compiled:
    return compile_expr(parse_lenient(text))


def breaks_choice_rule(max_choices: int | None, exclusive: tuple[str, ...], chosen: Any) -> bool:
    picked = list(chosen) if isinstance(chosen, list | tuple) else str(chosen).split()
    if max_choices and len(picked) > max_choices:
        return True
    return len(picked) > 1 and any(x in exclusive for x in picked)


def answered(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, list | tuple):
        return len(value) > 0
    return str(value).strip() != ""


def check_record(template: Template, answers: Mapping[str, Any], unknown: Collection[str] = (),
                 choice_rules: bool = False) -> LogicCheck:
    """What the form's logic says of these answers (question id -> answer, as records hold them).

    unknown: questions whose answer is not known yet (handwriting not yet transcribed): a condition
    reading them is unknown, so it neither skips a question nor sends one to review (their own answer,
    when they have one, still counts as given).
    choice_rules: check "at most N" and "X excludes the others" too (online; paper checks them as it reads)."""
    unknown = set(unknown)
    view: dict[str, Any] = {q.id: answers.get(q.id) for q in template.questions if q.id not in unknown}
    skipped: list[str] = []
    problems: dict[str, LogicReason] = {}
    for q in template.questions:
        given = answered(view.get(q.id) if q.id in view else answers.get(q.id))
        if q.relevant and truth_of(compiled(q.relevant)(view, None)) == Truth.no:
            if given:
                problems[q.id] = LogicReason.skipped_answered
            else:
                skipped.append(q.id)
            if q.id in view:
                view[q.id] = None  # cleared for every later condition, as ODK does
            continue
        if given and q.constraint and truth_of(compiled(q.constraint)(view, view.get(q.id))) == Truth.no:
            problems[q.id] = LogicReason.constraint_broken
        elif given and choice_rules and q.behaviour.per_option and breaks_choice_rule(q.max_choices, q.exclusive,
                                                                                   view[q.id]):
            problems[q.id] = LogicReason.constraint_broken
    overflows: dict[str, tuple[str, Any]] = {}
    for rid, ro in template.rosters.items():  # a count past the printed rows: the rest are on no cell we read
        counted = counted_question(template, ro.count)
        if counted and counted not in problems and truth_of(
                compiled(f"({ro.count}) > {ro.rows}")(view, None)) == Truth.yes:
            problems[counted] = LogicReason.more_members
            overflows[counted] = (rid, _number(compiled(ro.count)(view, None)))
    return LogicCheck(tuple(skipped), problems, overflows)


def _number(value: Any) -> Any:
    """A count as said to a person: 9, not 9.0."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def counted_question(template: Template, count: str) -> str:
    """The question a roster's count reads (`${n}`, `count-selected(${m})`), which a record counting more members
    than the roster's rows is reviewed at (and the review names the rows at, logic.wording); "" when there is none
    the template holds. The parse is kept per text and the ids per template, so a record pays only the walk."""
    if not count:
        return ""
    return next((n for n in references(parse_lenient(count)) if template.holds(n)), "")


def excel_day_allowed(q: Question, cell: Any) -> bool:
    """Whether a bare year in a full date question's cell (1980) might instead be the day Excel counts to
    (1905-06-02): only when the question's constraint is known to admit that day. Otherwise it is only a year
    without its day and month. Either way a person settles it; this chooses what they are told."""
    year = date.bare_year(cell)
    if year is None or not q.behaviour.dated or q.digits in (4, 6) or not q.constraint:
        return False
    return truth_of(compiled(q.constraint)({}, date.serial_day(year))) == Truth.yes
