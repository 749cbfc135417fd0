"""Cascading lists (`choice_filter`): paper prints the whole list grouped under the parent's choices.

A respondent on paper sees every commune, grouped under its district, and
may tick one under another district than the one ticked above: the form
cannot stop it, so the record sends that question to a person instead of
counting it. A filter is read with the XPath parser (filter_terms): `col=${q}`
either way round, `selected(${q}, col)`, `starts-with(col, ${q})`,
`contains(...)`, with `or col='all'` alternatives, joined by `and`; the list
is grouped by the parent that decides it. A filter naming a question in any
other way prints the full list, ungrouped (build says so), and is read as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from .logic.expression import Binary, Call, Expr, Literal, Op, Ref, Unknown
from .template import Template

if TYPE_CHECKING:
    from .questionnaire_model import Choice

CONFLICT = "cascade_conflict"
SAME_NAME = "~"  # joins a repeated choice name and its parent: no XLSForm name holds it
_ASKED = "\0"  # marks a `${question}` before parsing, so that `county=${county}` tells the column from the question


class Match(StrEnum):
    """How a choice's column meets the parent's answer in a filter."""

    same = "same"  # `col=${q}`, `${q}=col`, `selected(${q}, col)`, `contains(${q}, col)`: the column names the parent
    prefix = "prefix"  # `starts-with(col, ${q})`: the column begins with the parent's name ("0101" under "01")
    within = "within"  # `contains(col, ${q})`: the column holds the parent's name ("Animalia Fungi")


@dataclass(frozen=True)
class FilterTerm:
    """One part of a `choice_filter` naming a parent question: the choices-sheet column and how it meets it."""

    column: str
    question: str
    match: Match = Match.same
    everywhere: tuple[str, ...] = ()  # column values shown whatever the parent answered (`or col='all'`, `or col=''`)

    def parent_of(self, value: str, parents: tuple[str, ...]) -> str:
        """The parent choice a choice whose column reads `value` is listed under; "" for one shown under any
        (`everywhere`) or under none or several of them (then printed after the groups)."""
        if value in self.everywhere:
            return ""
        if self.match is Match.same:
            return value
        if self.match is Match.prefix:
            return max((p for p in parents if p and value.startswith(p)), key=len, default="")
        found = [p for p in parents if p and (p in value.split() or p == value)]
        found = found or [p for p in parents if p and p in value]
        return found[0] if len(found) == 1 else ""


def filter_terms(expression: str) -> list[FilterTerm] | None:
    """Each part of a `choice_filter` that names a parent question, read with the XPath parser (logic/expression):
    `state=${state} and county=${county}`, `${q}=col`, `selected(${q}, col)`, `starts-with(col, ${q})`,
    `contains(col, ${q})`, each with `or col='all'` alternatives; a part naming no question (`name != 'x'`) says
    nothing of a parent and is passed over. None when a part names a question in another way (`${n} >= col`):
    the list is printed whole, ungrouped."""
    from .logic.expression import ExpressionError, parse

    if not expression.strip():
        return []
    marked = re.sub(r"\$\{\s*([^}]*?)\s*\}", lambda m: "${" + _ASKED + m.group(1) + "}",
                    expression.replace("’", "'").replace("‘", "'"))
    try:
        tree = parse(marked)
    except ExpressionError:
        return None
    out = []
    for part in _joined(tree, Op.AND):
        if not _asks(part):
            continue
        term = _term(part)
        if term is None:
            return None
        out.append(term)
    return out


def _joined(e: Expr, op: Op) -> list[Expr]:
    return _joined(e.left, op) + _joined(e.right, op) if isinstance(e, Binary) and e.op == op else [e]


def _asks(e: Expr) -> bool:
    """Whether a part of the filter names a question of the form (not only choices-sheet columns)."""
    from .logic.expression import references

    return any(n.startswith(_ASKED) for n in references(e)) or isinstance(e, Unknown)


def _question(e: Expr) -> str | None:
    return e.name[len(_ASKED):] if isinstance(e, Ref) and e.name.startswith(_ASKED) else None


def _column(e: Expr) -> str | None:
    return e.name if isinstance(e, Ref) and not e.name.startswith(_ASKED) else None


def _term(e: Expr) -> FilterTerm | None:
    """One part naming a question, as a FilterTerm; None for a spelling not understood."""
    if isinstance(e, Binary) and e.op == Op.OR:
        pieces = _joined(e, Op.OR)
        terms = [t for p in pieces if _asks(p) and (t := _term(p)) is not None]
        rest = [p for p in pieces if not _asks(p)]
        if len(terms) != 1 or len(terms) + len(rest) != len(pieces):
            return None
        values = [_literal_of(p, terms[0].column) for p in rest]
        if any(v is None for v in values):
            return None
        return FilterTerm(terms[0].column, terms[0].question, terms[0].match,
                          terms[0].everywhere + tuple(v for v in values if v is not None))
    if isinstance(e, Binary) and e.op == Op.EQ:
        for a, b in ((e.left, e.right), (e.right, e.left)):
            col, q = _column(a), _question(b)
            if col and q:
                return FilterTerm(col, q)
        return None
    if isinstance(e, Call) and len(e.args) == 2:
        first, second = e.args
        if e.name in ("selected", "contains") and _question(first) and _column(second):
            return FilterTerm(str(_column(second)), str(_question(first)))
        if e.name in ("starts-with", "contains") and _column(first) and _question(second):
            return FilterTerm(str(_column(first)), str(_question(second)),
                              Match.prefix if e.name == "starts-with" else Match.within)
    return None


def _literal_of(e: Expr, column: str) -> str | None:
    """`col = 'all'` (either way round) on the term's own column: 'all'; None otherwise."""
    if isinstance(e, Binary) and e.op == Op.EQ:
        for a, b in ((e.left, e.right), (e.right, e.left)):
            if _column(a) == column and isinstance(b, Literal):
                return b.value if isinstance(b.value, str) else f"{b.value:g}"
    return None


def cascade_terms(expression: str) -> list[tuple[str, str]]:
    """Each (choices-sheet column, question) of `state=${state} and county=${county}`, in order; [] when any
    part is a filter not understood (filter_terms)."""
    return [(t.column, t.question) for t in filter_terms(expression) or []]


def cascade_filter(expression: str, filtered_by: Mapping[str, str | None] | None = None) -> FilterTerm | None:
    """The part of a filter the list is grouped by: the only one naming a question; where several do, the one
    whose question is itself filtered by another's (`state=${state} and county=${county}`, the county filtered
    by the state: the county, the nearest parent), as `filtered_by` (question -> its own parent) tells; None when
    no one parent decides (parents side by side, `country=${country} and keyLocType=${keyLocType}`: a place is
    under both, printed whole as before, build says so), or the filter names no question or is not understood."""
    return grouping_term(filter_terms(expression), filtered_by)


def grouping_term(terms: list[FilterTerm] | None,
                  filtered_by: Mapping[str, str | None] | None = None) -> FilterTerm | None:
    """cascade_filter on a filter already read (filter_terms)."""
    if not terms:
        return None
    if len(terms) == 1:
        return terms[0]
    asked = {t.question for t in terms}
    chained = [t for t in terms if (filtered_by or {}).get(t.question) in asked]
    return chained[-1] if chained else None


def nearest_parents(choices: tuple[Choice, ...], rows: list[Mapping[str, Any]], terms: list[tuple[str, str]],
                    parent: tuple[Choice, ...], grandparent_question: str | None) -> tuple[Choice, ...]:
    """Where a filter names the parent's own parent too (`state=${state} and county=${county}`) and the parent
    list names a choice twice under two of its own parents (King county in Texas and in Washington, the second
    `king~texas`), each child goes under the parent choice its other column names: Dumont under Texas's King."""
    grand = next((col for col, q in terms if q == grandparent_question), None)
    if grand is None or not any(SAME_NAME in p.id for p in parent):
        return choices
    by_pair = {(base_name(p.id), p.parent): p.id for p in parent}
    return tuple(replace(c, parent=by_pair.get((c.parent, str(r.get(grand, ""))), c.parent))
                 for c, r in zip(choices, rows))


def distinct_under_parents(choices: tuple[Choice, ...]) -> tuple[Choice, ...]:
    """A cascade may name a choice twice under two parents (`allow_choice_duplicates`: King county in Texas
    and in Washington); paper needs a box id of its own for each, so a repeated name is told apart by its
    parent (`king~texas`), the first keeping the plain name the lists below it refer to."""
    seen: set[str] = set()
    out = []
    for c in choices:
        out.append(replace(c, id=f"{c.id}{SAME_NAME}{c.parent}") if c.id in seen and c.parent else c)
        seen.add(c.id)
    return tuple(out)


def base_name(option_id: str) -> str:
    """The name the XLSForm gave a choice that distinct_under_parents renamed."""
    return option_id.split(SAME_NAME, 1)[0]


def cascade_conflicts(template: Template, answers: Mapping[str, Any]) -> list[str]:
    """Questions whose chosen option belongs under another parent choice than the one answered.

    A blank parent is no conflict: the child's choice says which parent was meant, and a person reads
    the sheet only when the two disagree."""
    out = []
    for q in template.questions:
        if not q.filter_by:
            continue
        chosen, parent = answers.get(q.id), answers.get(q.filter_by)
        if not isinstance(chosen, list) or not isinstance(parent, list) or not chosen or not parent:
            continue
        parents = {o.id: o.parent for o in q.options}
        named = set(parent) | {base_name(p) for p in parent}
        if any(parents.get(c) and parents[c] not in named for c in chosen):
            out.append(q.id)
    return out
