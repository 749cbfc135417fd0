"""pyxform's `begin loop over LIST`: the same questions asked once for each choice of a list, unrolled as pyxform
builds the XForm (one group per choice, "%(label)s" in a label replaced by that choice's label), so that paper
prints each choice's questions and the reader sees the groups a phone records (`loop/choice/question`)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

LOOP = "loop"
LEFT_OUT = "none"  # the choice pyxform asks no loop's questions for (a select_multiple's "none of these")


def unroll_loops(node: dict[str, Any]) -> dict[str, Any]:
    """The form tree with each `loop` made a group holding a group per choice (but `none`, as pyxform leaves
    it out), in place; pyxform's own words for what a loop is (builder._create_loop_from_dict)."""
    children = node.get("children")
    if not isinstance(children, list):
        return node
    for k, child in enumerate(children):
        if isinstance(child, dict) and child.get("type") == LOOP:
            children[k] = _unrolled(child)
        if isinstance(children[k], dict):
            unroll_loops(children[k])
    return node


def _unrolled(loop: dict[str, Any]) -> dict[str, Any]:
    groups = []
    for column in loop.get("columns", ()) or ():
        if column.get("name") == LEFT_OUT:
            continue
        groups.append({"type": "group", "name": column.get("name", ""), "label": copy.deepcopy(column.get("label", "")),
                       "children": [_substituted(c, column) for c in loop.get("children", []) or []]})
    out = {k: v for k, v in loop.items() if k not in ("columns", "children", "type")}
    return dict(out, type="group", children=groups)


def _substituted(child: dict[str, Any], column: dict[str, Any]) -> dict[str, Any]:
    """A loop's question for one choice: "%(label)s" and "%(name)s" in its texts are that choice's, in each
    language (a text that is no format string stays as written)."""
    label = column.get("label", "")
    out: dict[str, Any] = {}
    for key, value in child.items():
        if isinstance(value, str):
            out[key] = _format(value, column.get("name", ""), label if isinstance(label, str) else _first(label))
        elif isinstance(value, Mapping) and key in ("label", "hint"):
            out[key] = {lang: _format(str(text), column.get("name", ""),
                                      str(label.get(lang, _first(label))) if isinstance(label, Mapping) else str(label))
                        for lang, text in value.items()}
        elif key == "children" and isinstance(value, list):
            out[key] = [_substituted(c, column) for c in value]
        else:
            out[key] = copy.deepcopy(value)
    return out


def _first(label: Any) -> str:
    if isinstance(label, Mapping):
        return str(label.get("default") or next(iter(label.values()), ""))
    return str(label or "")


def _format(text: str, name: str, label: str) -> str:
    try:
        return text % {"name": name, "label": label}
    except (KeyError, ValueError, TypeError):
        return text
