"""Names, ids and conditions of an XLSForm as the questionnaire reader settles them (split from questionnaire.py).

pyxform accepts one name in two groups, or in two repeats, and a `repeat_count`
made into its own calculate; these helpers give every template id to one
question, find the fields a roster counts by, and join a group's condition to
its question's, so the reader itself stays about what each row prints as.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from .kinds.behaviour import Printed
from .kinds.xlsform import ROSTER_CELL_TYPES, XlsType
from .online_only import online_only_reason
from .questionnaire_model import Item, Section, nfc


def repeat_counts(node: dict[str, Any]) -> set[str]:
    """The fields the form's repeats take their count from (`repeat_count` 3 is pyxform's `${member_count}`)."""
    out = set()
    for c in node.get("children", []):
        named = re.fullmatch(r"\$\{([^}]+)\}", nfc(c.get("control", {}).get("jr:count", "")))
        if XlsType.of(c) is XlsType.repeat and named:
            out.add(named.group(1))
        out |= repeat_counts(c)
    return out


def calculations(node: dict[str, Any]) -> dict[str, str]:
    """Every `calculate` of the form tree by name: a roster's row count may be one."""
    out = {}
    for c in node.get("children", []):
        if XlsType.of(c) is XlsType.calculate:
            out[nfc(c.get("name", ""))] = nfc(c.get("bind", {}).get("calculate", ""))
        out.update(calculations(c))
    return out


OTHER_WORDS = ("other", "khác", "autre", "andere", "otro", "outro", "altro", "lainnya", "specify", "ghi rõ", "cụ thể",
               "précise", "precise", "angeben", "especifi")


def in_a_roster(node: dict[str, Any]) -> bool:
    """Whether a roster's table prints this child as a column (a group's questions are columns too)."""
    if XlsType.of(node) is XlsType.group:
        return any(in_a_roster(c) for c in node.get("children", []))
    return XlsType.of(node) in ROSTER_CELL_TYPES and online_only_reason(node) is None


def completes(question: Item, option: str, label: str) -> bool:
    """A text question asked when `option` is chosen writes that option in when one of them says so.

    "Vì sao không?" after `${q} = 'no'` is a question of its own; "Ghi rõ" after
    `${q} = 'other'`, or any text after an option labelled "Khác (ghi rõ)", completes it."""
    choice = next((c for c in question.choices if c.id == option), None)
    if choice is None:
        return False
    said = " ".join((option, choice.label, label)).casefold()
    return any(w in said for w in OTHER_WORDS)


def unique_ids(sections: list[Section]) -> list[Section]:
    """pyxform accepts one name in two groups (HEDERA's energy survey has a `..._other` text in two stove
    groups; its data is `group/name`): the later question is given the id `group/name`, its path as KoboToolbox
    and ODK name the column, so every template id is one question's (a `${name}` to such a name is refused by
    pyxform, so no condition can mean the renamed one)."""
    seen: set[str] = set()
    out = []
    for s in sections:
        items = []
        for it in s.items:
            if it.behaviour.asked and it.id in seen:
                group = (it.groups or (s.id,))[-1]
                it = replace(it, id=f"{group}/{it.id}" if group else f"{it.id}_{len(seen)}")
            if it.behaviour.printed is Printed.roster:  # two repeats asking `name` (KoboToolbox's household sample: man, woman)
                it = replace(it, columns=tuple(replace(c, id=f"{it.id}/{c.id}") if c.id in seen else c
                                               for c in it.columns))
                seen.update(c.id for c in it.columns)
            seen.add(it.id)
            seen.update(r.id for r in it.rows)
            items.append(it)
        out.append(Section(s.id, s.title, tuple(items)))
    return _siblings_renamed(out)


def _siblings_renamed(sections: list[Section]) -> list[Section]:
    """A relative path to a sibling (`. <= ../total`, as pyxform's loops and groups say it) in a group whose
    sibling was renamed `group/name` points at that one, not at the first question of the name (the car's
    total for the motorcycle's working ones would pass a count it should flag)."""
    renamed: dict[str, dict[str, str]] = {}
    for s in sections:
        for it in s.items:
            group, _, name = it.id.rpartition("/")
            if group and group == (it.groups or (s.id,))[-1]:
                renamed.setdefault(group, {})[name] = it.id
    if not renamed:
        return sections

    def pointed(text: str, names: dict[str, str]) -> str:
        path = r"(?:\$\{\s*\.\./(%s)\s*\}|(?:current\(\)/)?(?<![\w./$])\.\./(%s)\b)"
        alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        return re.sub(path % (alt, alt), lambda m: "${" + names[m.group(1) or m.group(2)] + "}", text)

    out = []
    for s in sections:
        items = []
        for it in s.items:
            names = renamed.get((it.groups or (s.id,))[-1], {})
            if names and (it.relevant or it.constraint):
                it = replace(it, relevant=pointed(it.relevant, names), constraint=pointed(it.constraint, names))
            items.append(it)
        out.append(Section(s.id, s.title, tuple(items)))
    return out


def distinct_columns(columns: list[Item], roster: str) -> tuple[Item, ...]:
    """One name in two groups of a repeat (the Liberia slum survey asks `b4_age` in the adult's group and
    in the child's) is two columns: as for questions outside a roster (unique_ids), the later one is named
    by its group path, `group/name`, as KoboToolbox and ODK name its column, so each cell id is one
    question's (pyxform refuses a `${}` to such a name, so no condition can mean the renamed one)."""
    seen: set[str] = set()
    out = []
    for c in columns:
        if c.id in seen:
            c = replace(c, id=f"{c.groups[0] or roster}/{c.id}" if c.groups else f"{roster}/{c.id}")
        seen.add(c.id)
        out.append(replace(c, number="", groups=()))
    return tuple(out)


def _bare(expr: str) -> str:
    """The expression as its words go, whatever its spacing outside quotes or its outer brackets."""
    parts = re.split(r"""('[^']*'|"[^"]*")""", expr)
    out = "".join(p if i % 2 else "".join(p.split()) for i, p in enumerate(parts))
    while out.startswith("(") and out.endswith(")") and _closes_at_end(out):
        out = out[1:-1]
    return out


def _closes_at_end(s: str) -> bool:
    depth = 0
    for i, ch in enumerate(s):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and i < len(s) - 1:
            return False
    return True


def all_of(first: str, second: str) -> str:
    """Two conditions that must both hold (a group's and its question's); one when the question repeats its
    group's (pyxform's flat_xlsform_test copies the group's `relevant` on every row: "Answer if Question 1 is not
    “Yes” and Question 1 is not “Yes”")."""
    if first and second and _bare(first) == _bare(second):
        return first
    if first and second:
        return f"({first}) and ({second})"
    return first or second


def unknown_options(items: Sequence[Item], conditions: Sequence[tuple[int, str]]) -> tuple[str, ...]:
    """`build`'s notes on conditions that test an option the question's list does not have (HOT's 2021 building
    form asks its religious-building question when `${building}=’religios’`, a misspelling: never asked, printed
    "Answer depending on your answers to Question 1"), by the survey sheet's names, with the list's options.
    `conditions` are the `relevant` cells as written, (row, text): a group's at its own row, once, never at each
    of its questions' rows (whose `relevant` has the group's merged in, their own cells empty)."""
    from .logic.choices import option_tests  # here: the expression parser stays out of every command's start-up

    lists = {q.id: [c.id for c in q.choices] for it in items for q in (it, *it.columns)
             if q.behaviour.asked and q.choices}
    wrong: dict[tuple[int, str, tuple[str, ...]], list[str]] = {}  # (row, value, the list) -> the questions
    for row, relevant in conditions:
        for q, x in option_tests(relevant):
            if q in lists and nfc(x) not in lists[q]:
                asked = wrong.setdefault((row, nfc(x), tuple(lists[q])), [])
                asked += [q] if q not in asked else []
    notes = []
    for (row, x, options), qs in sorted(wrong.items()):  # REACH's row 194 tests one value of 18 questions: one note
        offered = ", ".join(options[:6]) + (", …" if len(options) > 6 else "")
        said = ", ".join(qs)
        notes.append(f"trang survey, dòng {row}, cột relevant: {x!r} không phải phương án của câu {said} ({offered}); "
                     f"kiểm tra chính tả / {x!r} is no option of {said} ({offered}): check the spelling, as written "
                     "the condition never names a choice")
    return tuple(notes)
