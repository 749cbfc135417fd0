"""The Google Form's titles of the printed questions, grids and rosters, once the layout has placed them.

Paper numbers its questions and cites a `${field}` as "Câu 4"; a Google Form
numbers nothing, so there a title names the question a field cites by its
title (xlsform_finish.finish_words makes those words: an item's `online_label`).
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
from collections.abc import Callable, Sequence
from typing import Any

from .kinds import Kind
from .kinds.behaviour import Printed
from .kinds.registry import behaviour
from .spellings import norm
from .write_ins import other_is_googles

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
                row["online_title"] = f"{title} [{_row(row)}]"
        # a roster's cells take their titles from it when the template is read (roster.parse_roster)
    return more


def keep_earlier(questions: list[dict[str, Any]], earlier: dict[str, tuple[str, ...]]) -> None:
    """Keeps each question's earlier online titles (`earlier`: id -> titles; a label before its own number came
    off, xlsform_finish) as its aliases, a grid's rows' titles from them too ("7 Children [Row]"), a roster's cells'
    when the template is read (roster.parse_roster): a download of a form made then still imports."""
    for qd in questions:
        for old in earlier.get(qd["id"], ()):
            if not old or old == qd.get("online_title"):
                continue
            qd["online_aliases"] = _also(qd.get("online_aliases", []), old)
            if behaviour(Kind(qd["type"])).printed == Printed.grid:
                for row in qd["rows"]:
                    for said in dict.fromkeys((row["label"], _row(row))):
                        row["online_aliases"] = _also(row.get("online_aliases", []), f"{old} [{said}]")


def distinct(questions: list[dict[str, Any]], sections: list[dict[str, Any]]) -> None:
    """Gives questions that would share a Google Form title (“Description” in five parts of UNHCR's weekly report)
    titles of their own: the download has a column per question, named by its title, and two columns of one name
    sent every answer to one question. Each is told apart by its innermost titled part (“Description (Population
    trends)”), a write-in asked as a question of its own (write_ins.asked_apart: Sofala's “Especificar” after
    question after question) by the question it completes, then by its place among the rest (“… (2)”). Their shared
    title stays an alias of each: a download of a form made before has one column of it per question, in the
    form's order, taken in turn on import (online.columns.map_columns)."""
    place: dict[str, tuple[int, str]] = {}  # question id -> (depth, its innermost titled part)
    for s in sections:
        for level, part in [(0, s), *((int(x.get("level", 1)), x) for x in s.get("subsections", []))]:
            for qid in part["questions"]:
                if part["title"] and level >= place.get(qid, (-1, ""))[0]:
                    place[qid] = (level, part["title"])
    by_id: dict[str, dict[str, Any]] = {}
    for qd in questions:
        by_id.setdefault(qd["id"], qd)
    pools: dict[tuple[Printed, str], list[dict[str, Any]]] = {}
    for qd in questions:
        if qd.get("continued"):  # a grid's rest is the grid
            continue
        if qd.get("other_of"):
            of = by_id.get(qd["other_of"], {})
            if _in_googles_other(of):  # its words are in the choice's column, under Google's "Other"
                continue
            # asked apart, after its question, titled by its own label ("Especificar", question after question):
            # the question it completes tells it apart
            if of.get("online_title"):
                place[qd["id"]] = (0, of["online_title"])
        pools.setdefault((behaviour(Kind(qd["type"])).printed, norm(qd["online_title"])), []).append(qd)
    for qds in (qds for qds in pools.values() if len(qds) > 1):
        first = [qd["rows"][0]["id"] if behaviour(Kind(qd["type"])).printed == Printed.grid and qd["rows"]
                 else qd["id"] for qd in qds]
        titles = [f"{qd['online_title']} ({place[q][1]})" if q in place else qd["online_title"]
                  for qd, q in zip(qds, first, strict=True)]
        for qd, t in zip(qds, tell_apart(titles, norm), strict=True):
            _retitle(questions, qd["id"], t)


def _retitle(questions: list[dict[str, Any]], qid: str, title: str) -> None:
    """One question's (a grid's rows', every part of a grid split over pages) new online title, the shared one an
    alias: a download of a form made before has a column of it per question, in the form's order, which the
    import takes in turn (online.columns.map_columns), never one column for all."""
    for qd in (x for x in questions if x["id"] == qid):
        qd["online_aliases"] = _also(qd.get("online_aliases", []), qd["online_title"])
        qd["online_title"] = title
        if behaviour(Kind(qd["type"])).printed == Printed.grid:
            for row in qd["rows"]:
                row["online_aliases"] = _also(row.get("online_aliases", []), row["online_title"])
                row["online_title"] = f"{title} [{_row(row)}]"


def _row(row: dict[str, Any]) -> str:
    """A grid row's words online: its label, with a symbol paper names kept (GridRow.online_label)."""
    return str(row.get("online_label") or row["label"])


def _also(aliases: list[str], old: str) -> list[str]:
    return aliases if old in aliases else [*aliases, old]


def _in_googles_other(question: dict[str, Any]) -> bool:
    """Whether a laid-out question's write-in is Google's own "Other" (write_ins.google_other), no column of its own."""
    other = question.get("other_option")  # (None: no option's id, so no label)
    return other_is_googles(next((o["label"] for o in question.get("options", ()) if o["id"] == other), None))


def distinct_choices(questions: list[dict[str, Any]]) -> None:
    """Gives a cascade's options that share a label (“Nao Aplicavel” under nine of Sofala's districts,
    “Desaguadero” under Bolivia and Peru) a Google Form choice of their own: a Google Form item has one choice per
    wording, and the import read that wording as the first option of the label, under whichever parent was
    answered. Each such option is told apart by its parent's label, “Desaguadero (Peru)”, then by its place
    among the rest (“… (2)”), as a list whose filter is not understood (UNHCR's `country=${country} and
    keyLocType=${keyLocType}`) is; paper prints the plain label, under its parent. A download made before, with
    the plain label, is read by the parent answered (online.choices, online.derive), else by a person."""
    by_id: dict[str, dict[str, Any]] = {}
    for qd in questions:
        by_id.setdefault(qd["id"], qd)
        for col in qd.get("columns", ()) if not qd.get("continued") else ():  # a roster's columns: UNHCR's
            by_id.setdefault(col["id"], col)  # "Key location name" under "Country", in each member
    lists = [x for qd in questions for x in ([qd] if "options" in qd else qd.get("columns", ()))]
    for qd in lists:
        if not qd.get("options"):
            continue
        parent = {o["id"]: o.get("online_label") or o["label"]
                  for o in by_id.get(qd.get("filter_by") or "", {}).get("options", ())}
        pools: dict[str, list[dict[str, Any]]] = {}  # by the label as written: Sofala's "4" and ">4" are two
        for o in qd["options"]:
            pools.setdefault(_same(o["label"]), []).append(o)
        taken = {key for key, os in pools.items() if len(os) == 1}
        plain_taken = set(taken)  # the names the list had with no parent (its filter not understood before)
        for os in (os for os in pools.values() if len(os) > 1):
            said = [o.get("online_label") or o["label"] for o in os]  # a symbol paper names, kept online
            titles = [f"{w} ({parent[o['parent']]})" if o.get("parent") in parent else w for o, w in zip(os, said)]
            plain = tell_apart(said, _same, plain_taken)
            for o, t, was in zip(os, tell_apart(titles, _same, taken), plain, strict=True):
                o["online_label"] = t
                if was != t and titles != said:  # a Google Form made before its parents were read: "X (2)"
                    o["online_aliases"] = [*o.get("online_aliases", []), was]


def tell_apart(names: Sequence[str], key: Callable[[str], str] = str, taken: set[str] | None = None,
               first_plain: bool = False) -> list[str]:
    """Names of one pool, each already qualified by what tells it apart where anything does (“Description
    (Population trends)”, “Desaguadero (Peru)”), with those that still clash (the same `key`) numbered in their
    order: “X (1)”, “X (2)”, or with `first_plain` “X”, “X (2)” (a roster's later column of one label). With
    `taken` (the keys of names given elsewhere, which grows with each name given here), a name that is taken is
    numbered too, and a number whose name is taken is passed over. The one rule for the Google Form's question
    titles (distinct), option labels (distinct_choices) and roster cells (roster.parse_roster)."""
    counts: dict[str, int] = {}
    for name in names:
        counts[key(name)] = counts.get(key(name), 0) + 1
    seen: dict[str, int] = {}
    out = []
    for name in names:
        t = name
        if counts[key(name)] > 1 or taken is not None and key(name) in taken:
            k = seen.get(key(name), 0)
            if first_plain and k == 0:
                k = 1  # the first keeps its name
            else:
                while t == name or taken is not None and key(t) in taken:
                    k += 1
                    t = f"{name} ({k})"
            seen[key(name)] = k
        if taken is not None:
            taken.add(key(t))
        out.append(t)
    return out


def _same(label: str) -> str:
    """A label as Google compares two choices: its case and spacing aside (not its signs: "<1 vez/dia" is no
    "1 vez/dia")."""
    return " ".join(label.split()).casefold()
