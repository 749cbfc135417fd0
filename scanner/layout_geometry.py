"""The page's measures and the Block the layout places on it, shared by the layout's parts.

Millimetres from the page's top-left corner, as the template speaks; type sizes in points.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .errors import TemplateError
from .scripts import line_factor

PAGE_W, PAGE_H = 210.0, 297.0
LEFT, RIGHT = 20.0, 190.0
WIDTH = RIGHT - LEFT
TOP_NEXT = 54.0  # continuation pages: below the QR code and the printed sheet code
BOTTOM = 274.0
BOX = 5.0
ROW = 7.0
LABEL_GAP = 2.5  # box to its label: the label's ink kept clear of the box's inside on blurred scans
LABEL_PT = 10.0
QUESTION_PT = 10.5
SECTION_PT = 11.0
NOTE_PT = 10.0
LINE = 4.5  # mm per wrapped line of question text
LABEL_LINE = 4.0
GRID_LABEL_W = 92.0
WRITE_LINE_MM = 7.0
QR = {"x_mm": 166, "y_mm": 23, "w_mm": 22, "h_mm": 22}
CODE_TEXT = {"x_mm": 140, "y_mm": 46, "w_mm": 50, "h_mm": 5, "size_pt": 8}


def pitch(mm: float, lines: Iterable[str], size: float = 0.0) -> float:
    """The height of each wrapped line of one text (`lines`: its lines, or the text) set `mm` apart (LINE,
    LABEL_LINE…): taller when the text holds a script whose stacks reach far above and below the line (Tibetan,
    Khmer, Myanmar: scripts.line_factor), only that text's lines, so one such word (a language's own name among
    the options) leaves the rest of the form as it was; every other text keeps exactly `mm`, so a form without
    these scripts is laid out to the same bytes. `size` (points), given where lines are set closer than a
    question's (a table's headings): such a text's lines are first as far apart as a question's at that size."""
    factor = line_factor(lines)
    return mm if factor == 1.0 else max(mm, size * LINE / QUESTION_PT) * factor


def r(v: float) -> float:
    return round(v, 2)


@dataclass
class Block:
    """Something placed as a whole: its height, and how to draw it at a page and a top."""

    height: float
    draw: Callable[[int, float], None]
    keep_with_next: bool = False
    # a block taller than a page, in parts that each fit the given height (a grid by its rows); None: it cannot
    split: Callable[[float], list[Block]] | None = None
    # the same, its first part fitting the rest of the current page (a long list starts where it comes)
    split_here: Callable[[float, float], list[Block]] | None = None
    # only where page 1 holds nothing yet and the block does not fit what the header leaves (first_page_parts): its
    # parts, the first fitting there, in place of this block and the `first_covers` - 1 blocks after it (a grid by
    # its rows; a roster, whose parts are blocks of their own, by its members)
    split_first: Callable[[float, float], list[Block]] | None = None
    first_covers: int = 1


def fit_parts(source: str, qid: str, n: int, end: Callable[[int, float], int],
              part: Callable[[int, int, dict[str, Any]], Block], avail: float, first: float | None = None) -> list[Block]:
    """A list's lines 0..n in parts that each fit `avail`, the first `first` when given (the rest of the page it
    starts on), else all on fresh pages; `end(a, room)` is where a part from line `a` stops, `part(a, b, together)`
    draws lines a..b, the parts sharing `together` as the question's one template entry."""
    parts, a, together = [], 0, dict[str, Any]()
    while a < n:
        b = end(a, first if a == 0 and first is not None else avail)
        parts.append(part(a, b, together))
        a = b
    if first is not None and parts[0].height > first:
        return fit_parts(source, qid, n, end, part, avail)
    if len(parts) < 2 or any(p.height > avail for p in parts):
        raise TemplateError(source, "layout", f"question {qid!r}: an option does not fit on one page even alone; "
                            "shorten it")
    return parts


def first_page_parts(split_here: Callable[[float, float], list[Block]], rest: float,
                     here: float) -> list[Block]:
    """A list that fits a page but not what the header leaves of the first, split there rather than moved whole:
    moved, it left page 1 with the title alone (HOT's building form opens on a 37-option question). No parts
    (moved whole after all) when its first part cannot start there."""
    try:
        parts = split_here(rest, here)
    except TemplateError:
        return []
    return parts if len(parts) > 1 and parts[0].height <= here else []


def across(right_to_left: bool, x: float, w: float = 0.0) -> float:
    """The left edge of something `w` mm wide placed at `x` on a left-to-right page, where it goes on a
    right-to-left one: reflected about the page's centre line (the margins are the same on both sides, so
    LEFT and RIGHT trade places). A point (w 0) is reflected as a point: a centred text stays centred."""
    return PAGE_W - x - w if right_to_left else x
