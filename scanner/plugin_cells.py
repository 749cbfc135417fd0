"""A choice label a SurveyCTO field plug-in splits into table cells, printed as the cells it shows.

SurveyCTO's `custom-table-list(delimiter='|', headers='ID,Description,Colour')` appearance shows each option as
a row of a table whose cells are its label cut at the delimiter. Printed as written the option read
"1|Dignissim|Blue"; paper prints the cells side by side as one line, "1 · Dignissim · Blue".
"""

from __future__ import annotations

import re
from dataclasses import replace

from .questionnaire_model import Choice

_PLUGIN = re.compile(r"custom-[\w-]*\((?P<args>[^)]*)\)")
_DELIMITER = re.compile(r"""delimiter\s*=\s*(?P<q>['"])(?P<d>.+?)(?P=q)""")
CELL_GAP = " · "


def delimiter(appearance: str) -> str:
    """The delimiter a field plug-in's appearance names, "" when none."""
    for m in _PLUGIN.finditer(appearance):
        if d := _DELIMITER.search(m.group("args")):
            return d.group("d")
    return ""


def as_cells(choices: tuple[Choice, ...], appearance: str) -> tuple[Choice, ...]:
    """Each option's label cut at the plug-in's delimiter and joined by a printed gap."""
    d = delimiter(appearance)
    if not d or not any(d in c.label for c in choices):
        return choices

    def cells(text: str) -> str:
        return CELL_GAP.join(p.strip() for p in text.split(d)) if d in text else text

    return tuple(replace(c, label=cells(c.label), marked=cells(c.marked) if c.marked else "") for c in choices)
