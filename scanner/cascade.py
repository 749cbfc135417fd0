"""Cascading lists (`choice_filter`): paper prints the whole list grouped under the parent's choices.

A respondent on paper sees every commune, grouped under its district, and
may tick one under another district than the one ticked above: the form
cannot stop it, so the record sends that question to a person instead of
counting it. Only the common filter `column = ${question}` (either way
round) is understood here; any other filter prints the full list, ungrouped,
and is read as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .template import Template

if TYPE_CHECKING:
    from .questionnaire_model import Choice

_FILTER = (re.compile(r"^\s*([A-Za-z_][\w.-]*)\s*=\s*\$\{([^}]+)\}\s*$"),
           re.compile(r"^\s*\$\{([^}]+)\}\s*=\s*([A-Za-z_][\w.-]*)\s*$"))
CONFLICT = "cascade_conflict"
SAME_NAME = "~"  # joins a repeated choice name and its parent: no XLSForm name holds it


def cascade_terms(expression: str) -> list[tuple[str, str]]:
    """Each (choices-sheet column, question) of `state=${state} and county=${county}`, in order; [] when any
    part is another kind of filter."""
    terms = []
    for part in re.split(r"\s+and\s+", expression.strip()):
        m = _FILTER[0].match(part)
        n = _FILTER[1].match(part)
        if m:
            terms.append((m.group(1), m.group(2).strip()))
        elif n:
            terms.append((n.group(2), n.group(1).strip()))
        else:
            return []
    return terms


def cascade_filter(expression: str, filtered_by: Mapping[str, str | None] | None = None) -> tuple[str, str] | None:
    """(choices-sheet column, parent question) of `district=${district}`; where the filter names several, the
    part whose question is itself filtered by another's (`state=${state} and county=${county}`, the county
    filtered by the state: the county, the nearest parent), as `filtered_by` (question -> its own parent) tells;
    None for any other filter (`country=${country} and keyLocType=${keyLocType}`, two parents side by side)."""
    terms = cascade_terms(expression)
    if len(terms) < 2:
        return terms[0] if terms else None
    asked = {q for _, q in terms}
    chained = [t for t in terms if (filtered_by or {}).get(t[1]) in asked]
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
