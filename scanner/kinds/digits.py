"""The digit grid number and date questions share: one column of bubbles 0-9 per digit, under a write-in comb.

The respondent writes each digit in the comb and marks it in the column
below, as on an exam's ID grid. The scanner reads the columns; the written
digits are what a reviewer checks the grid against. A column is read only
when plain: two marks in it, a marked column after an unmarked one, or a
digit written above a column left unmarked all go to a person rather than
becoming a plausible wrong number.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

BUBBLE = re.compile(r"c(\d+)d(\d)")


class DigitReason(StrEnum):
    """Why a grid is not read on its own (values of vocab.ReviewReason)."""

    two_marks_in_column = "two_marks_in_column"
    digit_gap = "digit_gap"
    written_not_marked = "written_not_marked"
    incomplete = "incomplete"
    filled_only = "filled_only"
    not_a_date = "not_a_date"


def bubble_id(column: int, digit: int) -> str:
    """The option id of a bubble: column 1... from the left, digit 0-9."""
    return f"c{column}d{digit}"


def bubble_ids(columns: int) -> list[str]:
    return [bubble_id(c, d) for c in range(1, columns + 1) for d in range(10)]


def parse_bubble(option_id: str) -> tuple[int, int] | None:
    m = BUBBLE.fullmatch(option_id)
    return (int(m.group(1)), int(m.group(2))) if m else None


@dataclass(frozen=True)
class Columns:
    """A grid as read: each column's digit (None when unmarked), and why it cannot be trusted, if so."""

    digits: tuple[int | None, ...]
    reasons: tuple[DigitReason, ...]

    @property
    def blank(self) -> bool:
        return all(d is None for d in self.digits) and not self.reasons


def read_columns(columns: int, marked: Collection[str], written: Collection[int] = (),
                 filled: Collection[str] = ()) -> Columns:
    """marked: the bubbles read as marked; written: columns (1...) whose comb box above holds ink;
    filled: bubbles filled in solid. The form says a filled box cancels a mark, but exam grids taught people to
    fill bubbles: a column whose only ink is a filled bubble is in doubt, never a column left blank."""
    per: dict[int, list[int]] = {c: [] for c in range(1, columns + 1)}
    for oid in marked:
        cd = parse_bubble(oid)
        if cd is not None and cd[0] in per:
            per[cd[0]].append(cd[1])
    reasons: list[DigitReason] = []
    if any(len(v) > 1 for v in per.values()):
        reasons.append(DigitReason.two_marks_in_column)
    digits = tuple(v[0] if len(v) == 1 else None for v in per.values())
    if any(c in written and not per[c] for c in per):  # a whole number written and none of it marked too
        reasons.append(DigitReason.written_not_marked)
    filled_columns = {cd[0] for cd in map(parse_bubble, filled) if cd is not None}
    if any(c in filled_columns and not per[c] for c in per):
        reasons.append(DigitReason.filled_only)
    return Columns(digits, tuple(reasons))


def chosen_bubbles(answer: Collection[str]) -> list[str]:
    """The bubbles among an answer's option ids (a reviewer may settle a grid by picking bubbles)."""
    return [a for a in answer if parse_bubble(str(a)) is not None]
