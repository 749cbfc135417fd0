"""A number's or a date's digit grid on paper: a write-in comb over one column of bubbles 0-9 per digit.

As on an exam's ID grid, the digits 0-9 are printed down the left of the
grid, and the respondent writes each digit in the comb and marks it below.
A decimal's point is printed between its columns as the form's language
writes it (a comma in Vietnamese, a point in English); a date's columns are
grouped ngày / tháng / năm, the headings in the form's language (“Day /
Month / Year” on an English form).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .fonts import resolve
from .kinds import Kind
from .kinds.date import GROUPS, groups_of
from .kinds.registry import behaviour
from .layout_geometry import BOX, LEFT, LINE, Block, across, pitch, r
from .phrases import phrase
from .questionnaire_model import nfc

if TYPE_CHECKING:
    from .questionnaire_model import Item, Questionnaire

PITCH_X = 7.0  # column to column
PITCH_Y = 6.5  # bubble to bubble down a column
COMB_H = 7.0
COMB_GAP = 2.5  # comb to the first bubble
GROUP_GAP = 4.0  # between a date's day, month and year, and at a decimal's point
DIGIT_LABEL_W = 5.0  # the 0-9 printed left of the first column
HEAD_H = 4.5  # a date's "Ngày / Tháng / Năm" above the comb
DIGIT_PT = 8.0
DATE_HEADS = tuple(g[2] for g in GROUPS)  # Vietnamese; a form in another language passes its own


@dataclass
class DigitGrid:
    """A grid's template entry fields (bubbles, comb) and what is printed around it (texts)."""

    bubbles: list[list[dict[str, float]]] = field(default_factory=list)
    comb: list[dict[str, float]] = field(default_factory=list)
    texts: list[dict[str, Any]] = field(default_factory=list)
    height: float = 0.0


def columns_x(kind: Kind, columns: int, decimals: int, x: float) -> list[float]:
    """Each column's left edge: a gap before a decimal's fraction and between a date's groups."""
    starts = {g[0] for g in groups_of(columns)[1:]} if behaviour(kind).dated else ({columns - decimals} if decimals else set())
    out, at = [], x + DIGIT_LABEL_W
    for c in range(columns):
        if c in starts:
            at += GROUP_GAP
        out.append(at)
        at += PITCH_X
    return out


def grid_height(kind: Kind) -> float:
    return (HEAD_H if behaviour(kind).dated else 0.0) + COMB_H + COMB_GAP + 10 * PITCH_Y


WESTERN_DIGITS = "0123456789"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"  # Extended Arabic-Indic, as Persian, Dari, Urdu and Pashto are written
_PERSIAN_CODES = {"fa", "fas", "per", "prs", "ur", "urd", "ps", "pus", "pbt"}
_PERSIAN_NAMES = ("persian", "farsi", "dari", "urdu", "pashto", "فارسی", "دری", "اردو", "پښتو")


def digit_shapes(label_language: str, right_to_left: bool) -> str:
    """The ten digits printed beside a grid's bubbles, 0 to 9: ۰–۹ where the printed label column names Persian,
    Dari, Urdu or Pashto ("Persian (fa)", "label::Urdu (ur)") and its labels are in their script, as their readers
    write numbers; 0–9 everywhere else. An Arabic form keeps 0–9: Arabic forms often write Western digits (the
    Maghreb does, and ODK's Arabic forms), and a plain label column that happens to hold Persian words names no
    language. Only the printed shape changes: a digit is still read from its bubble's place."""
    if not right_to_left or not label_language:
        return WESTERN_DIGITS
    name = label_language.casefold().strip()
    code = re.search(r"\(([^)]+)\)\s*$", name)
    said = name.split("(")[0].strip()
    persian = (code is not None and code.group(1).strip() in _PERSIAN_CODES) or said in _PERSIAN_CODES or \
        any(said.startswith(n) for n in _PERSIAN_NAMES)
    return PERSIAN_DIGITS if persian else WESTERN_DIGITS


def digit_grid(kind: Kind, columns: int, decimals: int, page: int, x: float, y: float,
               heads: tuple[str, ...] = DATE_HEADS, point: str = ",", right_to_left: bool = False,
               shapes: str = WESTERN_DIGITS) -> DigitGrid:
    """The grid with its top-left at (x, y) in millimetres; `heads` name a date's day, month and year (a
    month-year grid prints the last two, a year grid the last), `point`
    is the decimal mark the respondent reads (an English reader takes "3,5" for thirty-five).

    `right_to_left`: the grid stands against the right margin with the 0-9 down its right side, where an Arabic or
    Hebrew reader starts a line, but its columns keep their order, the most significant digit on the left: Arabic
    and Hebrew write a number's digits left to right inside right-to-left text (Unicode's bidi algorithm keeps a
    run of digits, and a date's "25/12/2023", left to right), so the comb reads as the number is written."""
    g = DigitGrid(height=grid_height(kind))
    xs = columns_x(kind, columns, decimals, x)
    label_x, label_align = x + DIGIT_LABEL_W - 1.8, "right"
    if right_to_left:  # the block of columns reflected as a whole (its order kept), the labels as a point
        shift = across(True, xs[0], xs[-1] + BOX - xs[0]) - xs[0]
        xs = [cx + shift for cx in xs]
        label_x, label_align = across(True, label_x), "left"
    top = y
    if behaviour(kind).dated:
        groups = groups_of(columns)
        for (a, b, _), head in zip(groups, heads[len(heads) - len(groups):], strict=True):
            centre = (xs[a] + xs[b - 1] + BOX) / 2
            g.texts.append(_text(page, centre, y + 3.2, head, "italic", "center"))
        top += HEAD_H
    comb_w = PITCH_X - 0.5
    for cx in xs:
        g.comb.append(_rect(cx + BOX / 2 - comb_w / 2, top, comb_w, COMB_H))
    if decimals:
        point_x = (xs[columns - decimals - 1] + BOX / 2 + comb_w / 2 + xs[columns - decimals] + BOX / 2 - comb_w / 2) / 2
        g.texts.append(_text(page, point_x, top + COMB_H - 0.5, point, "bold", "center", 12.0))
    first = top + COMB_H + COMB_GAP
    for cx in xs:
        g.bubbles.append([_rect(cx, first + d * PITCH_Y, BOX, BOX) for d in range(10)])
    for d in range(10):
        g.texts.append(_text(page, label_x, first + d * PITCH_Y + BOX - 1.2, shapes[d], "regular", label_align))
    return g


def _rect(x: float, y: float, w: float, h: float) -> dict[str, float]:
    return {"x_mm": r(x), "y_mm": r(y), "w_mm": r(w), "h_mm": r(h)}


def _text(page: int, x: float, y: float, s: str, font: str, align: str, size: float = DIGIT_PT) -> dict[str, Any]:
    return {"page": page, "x_mm": r(x), "y_mm": r(y), "size_pt": size, "font": resolve(font), "align": align, "text": s}


class DigitBlocks:
    """The layout builder's part that prints number and date questions."""

    if TYPE_CHECKING:
        questions: list[dict[str, Any]]
        texts: list[dict[str, Any]]
        q: Questionnaire

        def title_lines(self, it: Item) -> list[str]: ...
        def draw_title(self, page: int, y: float, lines: list[str]) -> float: ...
        def logic_of(self, it: Item) -> dict[str, str]: ...

    def digit_block(self, it: Item) -> Block:
        title = self.title_lines(it)
        height = len(title) * pitch(LINE, title) + 1.5 + grid_height(it.kind) + 3.0

        def draw(page: int, y: float) -> None:
            y = self.draw_title(page, y, title)
            heads = tuple(phrase(self.q.language, "date_heads").split("|"))
            g = digit_grid(it.kind, it.digits, it.decimals, page, LEFT, y, heads,
                           phrase(self.q.language, "decimal_point"), self.q.right_to_left,
                           digit_shapes(self.q.label_language, self.q.right_to_left))
            self.texts += g.texts
            q: dict[str, Any] = {"id": it.id, "type": it.kind.value, "page": page, "number": it.number,
                                 "text": nfc(it.label), "online_title": nfc(it.label), "bubbles": g.bubbles, "comb": g.comb}
            if it.decimals:
                q["decimals"] = it.decimals
            if it.bands:
                q["bands"] = list(it.bands)
            self.questions.append(q | self.logic_of(it))

        return Block(height, draw)
