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
from typing import Any

from .template import Template

_FILTER = (re.compile(r"^\s*([A-Za-z_][\w.-]*)\s*=\s*\$\{([^}]+)\}\s*$"),
           re.compile(r"^\s*\$\{([^}]+)\}\s*=\s*([A-Za-z_][\w.-]*)\s*$"))
CONFLICT = "cascade_conflict"


def cascade_filter(expression: str) -> tuple[str, str] | None:
    """(choices-sheet column, parent question) of `district=${district}`; None for any other filter."""
    m = _FILTER[0].match(expression)
    if m:
        return m.group(1), m.group(2).strip()
    m = _FILTER[1].match(expression)
    if m:
        return m.group(2), m.group(1).strip()
    return None


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
        if any(parents.get(c) and parents[c] not in parent for c in chosen):
            out.append(q.id)
    return out
