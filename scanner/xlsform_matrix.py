"""ODK's older matrix, read as the grid it is: a `select_one` with appearance `label` (a heading row that shows only
its list's labels) followed by `select_one` rows of the same list with appearance `list-nolabel` (each shows its
own label and the boxes).

Forms wrote it before `table-list` existed and still do inside a `field-list` group that holds other questions
(EcoHealth Alliance's Ghana community survey: "26. I am going to read you some symptoms…", then Fever, Headache …
each yes/no). Printed row by row it gave each symptom a question number of its own ("Question 26. Fever",
"Question 32. Headache", taking the numbers the form's later questions claim) and its condition eleven times; as a
grid it is one question, its rows lettered, its condition said once — what the phone shows as one table.
"""

from __future__ import annotations

from typing import Any

from .kinds.xlsform import XlsType

TABLE_LIST = "table-list"


def _appearance(node: dict[str, Any]) -> list[str]:
    control = node.get("control", {})
    return str(control.get("appearance", "") if isinstance(control, dict) else "").lower().split()


def _relevant(node: dict[str, Any]) -> str:
    bind = node.get("bind", {})
    return " ".join(str(bind.get("relevant", "") if isinstance(bind, dict) else "").split())


def _single(node: dict[str, Any]) -> bool:
    return XlsType.of(node) is XlsType.select_one and not str(node.get("itemset", "")).startswith("${")


def _row(node: dict[str, Any], heading: dict[str, Any]) -> bool:
    return (_single(node) and "list-nolabel" in _appearance(node)
            and node.get("list_name") == heading.get("list_name") and bool(node.get("list_name")))


def _words(value: Any) -> bool:
    values = value.values() if isinstance(value, dict) else [value]
    return any(ch.isalnum() for v in values for ch in str(v or ""))


def _grid(heading: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The heading row as a table-list group of the rows: its name, label and condition the grid's; a row's own
    condition kept only where it says more than the heading's."""
    said = _relevant(heading)
    kept = []
    for r in rows:
        if said and _relevant(r) == said:
            r = {**r, "bind": {k: v for k, v in (r.get("bind") or {}).items() if k != "relevant"}}
        kept.append(r)
    bind = {"relevant": heading["bind"]["relevant"]} if said else {}
    return {**{k: v for k, v in heading.items() if k not in ("choices", "itemset", "list_name", "parameters")},
            "type": "group", "control": {"appearance": TABLE_LIST}, "bind": bind, "children": kept}


def as_matrices(children: list[dict[str, Any]], title: Any = "") -> list[dict[str, Any]]:
    """The children of a group (or of the form) with each heading row and the `list-nolabel` rows after it joined
    into one table-list group; anything else as it is. A heading row with no words of its own (OccTax's
    preferences) is titled by the group's `title`; with none either, its rows stay questions of their own, as a
    grid titled "Question 2." and nothing more says less than they do."""
    out: list[dict[str, Any]] = []
    i = 0
    while i < len(children):
        node = children[i]
        if _single(node) and "label" in _appearance(node) and node.get("list_name"):
            j = i + 1
            while j < len(children) and _row(children[j], node):
                j += 1
            if j > i + 1 and not _words(node.get("label")) and _words(title):
                node = {**node, "label": title}
            if j > i + 1 and _words(node.get("label")):
                out.append(_grid(node, children[i + 1:j]))
                i = j
                continue
        out.append(node)
        i += 1
    return out
