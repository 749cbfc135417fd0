"""A question with no label (an empty cell, CHT's `NO_LABEL` placeholder) still needs words on paper.

pyxform accepts a question with a hint and no label, and a label a toolkit treats as none; a phone shows the
hint, or only the input. Printed as it was, it read "Question 3." over an empty box. A printed questionnaire,
as ODK's and Enketo's print views do, shows what the phone shows: its hint in the label's place; failing that, the
question's name made readable ("village_name" → "Village name"), so the box says what goes in it. `build` names
each such question so the office can write the label it meant.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from .xlsform_sheet import label as _label
from .xlsform_text import MARKED_HINT_KEY, MARKED_KEY


class StandIn(StrEnum):
    """What a question without a label prints in its place."""

    hint = "hint"
    name = "name"


def has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def readable(name: str) -> str:
    """A field's name as words: `village_name`, `villageName`, `village-name` → "Village name"."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)
    words = " ".join(re.sub(r"[_\-.]+", " ", spaced).split())
    return words[:1].upper() + words[1:] if words else name


def with_stand_in(node: dict[str, Any], name: str) -> tuple[dict[str, Any], StandIn | None]:
    """The question's node with words where its label is empty (its hint moved up, or its name), and which."""
    if _label(node.get("label", "")).strip():  # a label of its own, words or not ("-" beside a date: the form's)
        return node, None
    if has_words(_label(node.get("hint", ""))):
        return {**node, "label": node.get("hint"), "hint": "", MARKED_KEY: node.get(MARKED_HINT_KEY, ""),
                MARKED_HINT_KEY: ""}, StandIn.hint
    return {**node, "label": readable(name), MARKED_KEY: ""}, StandIn.name


def stand_in_notice(unlabelled: dict[str, StandIn]) -> tuple[str, ...]:
    """`build`'s note on the questions printed without a label of their own, by name."""
    hinted = ", ".join(n for n, how in unlabelled.items() if how is StandIn.hint)
    named = ", ".join(n for n, how in unlabelled.items() if how is StandIn.name)
    out = []
    if hinted:
        out.append(f"câu {hinted}: không có nhãn (cột label), in gợi ý (cột hint) thay nhãn / no label: printed with "
                   "its hint as its words; ghi nhãn vào cột label nếu muốn lời khác / write a label to print other words")
    if named:
        out.append(f"câu {named}: không có nhãn hay gợi ý, in tên câu viết thành chữ / no label or hint: printed with "
                   "its name made readable (village_name → “Village name”); ghi nhãn vào cột label / write a label "
                   "in the label column")
    return tuple(out)
