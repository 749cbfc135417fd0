"""The Google Form's titles of the printed questions, grids and rosters, once the layout has placed them.

Paper numbers its questions and cites a `${field}` as "Câu 4"; a Google Form
numbers nothing, so there a title names the question a field cites by its
title (xlsform_text.finish_words makes those words: an item's `online_label`).
A Google Form's title is one line, and it is the responses download's column:
a label's first paragraph is the title, its other paragraphs the item's help
text (the template's `online.descriptions`), before its hint. A grid's rows and
a roster's cells are titled from their grid's or roster's title ("Title [Row]",
"Title — Name [2]"), as Google writes a grid's columns. Whatever title the
printed words gave before is kept as an alias, so a download of a form made
earlier still imports.
"""

from __future__ import annotations

import re
from typing import Any

from .kinds import Kind
from .kinds.behaviour import Printed
from .kinds.registry import behaviour

_PARAGRAPH = re.compile(r"\n[ \t]*\n")


def title_and_more(words: str) -> tuple[str, str]:
    """(the first paragraph on one line, the other paragraphs with their breaks) of an item's online words."""
    first, *rest = _PARAGRAPH.split(words.strip(), maxsplit=1)
    return " ".join(first.split()), rest[0].strip() if rest else ""


def retitle(questions: list[dict[str, Any]], online: dict[str, str]) -> dict[str, str]:
    """Sets the online title of each laid-out question, grid and roster whose online words (`online`: id -> words,
    line breaks kept) differ from its printed text, keeping the old title as an alias; returns the items' help text
    (id -> the label's paragraphs after its first)."""
    more: dict[str, str] = {}
    for qd in questions:
        words = online.get(qd["id"])
        if not words:
            continue
        title, rest = title_and_more(words)
        if rest:
            more[qd["id"]] = rest
        old = qd.get("online_title")
        if old != qd.get("text") or not title or title == old:
            continue
        qd["online_aliases"] = [*qd.get("online_aliases", []), old]
        qd["online_title"] = title
        if behaviour(Kind(qd["type"])).printed == Printed.grid:  # its rows are the download's columns
            for row in qd["rows"]:
                row["online_aliases"] = [*row.get("online_aliases", []), row["online_title"]]
                row["online_title"] = f"{title} [{row['label']}]"
        # a roster's cells take their titles from it when the template is read (roster.parse_roster)
    return more
