"""A grid (a table-list group: rows of questions sharing one list of options) on paper.

Row labels stand in a column on the reading side and each option has a column of its own, headed by its
label. On a right-to-left form the whole table is mirrored: the row labels on the right, set against the right
edge, the first option's column next to them and the last on the left, as an Arabic or Hebrew reader takes
in a table. The boxes' millimetres in the template say where each one is, so reading needs nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import TemplateError
from .fonts import bare, text_width_mm, wrap
from .layout_geometry import (
    BOX,
    GRID_LABEL_W,
    LABEL_LINE,
    LABEL_PT,
    LEFT,
    LINE,
    QUESTION_PT,
    WIDTH,
    Block,
    across,
    pitch,
    r,
)
from .phrases import phrase, row_letter
from .questionnaire_model import nfc
from .xlsform_ids import all_of
from .xlsform_text import own_number

if TYPE_CHECKING:
    from .questionnaire_model import Item, Questionnaire

GRID_ROW = 7.5  # a row of one label line
HEAD_PT = 10  # an int, as the template has always written it
HEAD_LINE = 4.0  # mm between a column heading's wrapped lines
SMALLER_HEADS = (9, 8, 7)  # a heading word too wide for its column at HEAD_PT ("Fortgeschrittene:r" of four)


def heading_size(it: Item, width: float) -> int:
    """The size the column headings print at: HEAD_PT, or smaller until each wrapped line fits its column (a Latin
    word does not wrap: CorrelAid's four levels, "Anfänger:in … Fortgeschrittene:r Expert:in", ran into each
    other; Tibetan, wrapped between its syllables, keeps its size)."""
    def fits(pt: int) -> bool:
        return all(text_width_mm(bare(line), "bold", pt) <= width
                   for c in it.choices for line in wrap(c.marked or c.label, "bold", pt, width))

    return next((pt for pt in (HEAD_PT, *SMALLER_HEADS) if fits(pt)), SMALLER_HEADS[-1])


class GridBlocks:
    """The layout builder's part that prints grids."""

    if TYPE_CHECKING:
        q: Questionnaire
        questions: list[dict[str, Any]]

        def text(self, page: int, x: float, y: float, s: str, size: float, font: str = "regular",
                 align: str = "left", right: float | None = None) -> None: ...
        def title_lines(self, it: Item) -> list[str]: ...
        def draw_title(self, page: int, y: float, lines: list[str]) -> float: ...
        def row_condition(self, relevant: str) -> str: ...
        def logic_of(self, it: Item) -> dict[str, str]: ...

    def _continued_title(self, it: Item) -> list[str]:
        number = phrase(self.q.language, "question", n=it.number) if it.number.isdigit() else it.number
        return wrap(phrase(self.q.language, "continued", title=f"{number}. {it.marked or it.label}"), "bold",
                    QUESTION_PT, WIDTH)

    def grid_block(self, it: Item, start: int = 0, stop: int | None = None) -> Block:
        """The grid, or its rows start:stop; a part after the first is titled "Câu 5. … (tiếp theo)" and its
        template entry continues the grid (each row is a question of its own, read on the page it is printed on)."""
        stop = len(it.rows) if stop is None else stop
        title = self._continued_title(it) if start else self.title_lines(it)
        rtl = self.q.right_to_left
        ncol = len(it.choices)
        colw = (WIDTH - GRID_LABEL_W) / ncol
        head_pt = heading_size(it, colw - 1)
        heads = [wrap(c.marked or c.label, "bold", head_pt, colw - 1) for c in it.choices]
        head_h = max(len(h) * pitch(HEAD_LINE, h, head_pt) for h in heads) + 2.5
        own = own_row_numbers(it)
        lead = [""] * len(it.rows) if own else [f"{row_letter(i)}) " for i in range(len(it.rows))]
        all_labels = [wrap(f"{lead[i]}{row.marked or row.label}" + self.row_condition(row.relevant), "regular",
                           LABEL_PT, GRID_LABEL_W - 3) for i, row in enumerate(it.rows)]
        all_h = [max(GRID_ROW, (len(x) - 1) * pitch(LABEL_LINE, x) + GRID_ROW) for x in all_labels]
        rows_here, row_labels, row_h = it.rows[start:stop], all_labels[start:stop], all_h[start:stop]
        numbers = row_numbers(it)[start:stop]
        height = len(title) * pitch(LINE, title) + 1.5 + head_h + sum(row_h) + 2.5
        label_x = across(rtl, LEFT, GRID_LABEL_W - 3)  # the row labels' room, on the reading side

        def split(avail: float, first: float | None = None) -> list[Block]:
            parts, a = [], start
            cont = self._continued_title(it)
            while a < stop:
                top = (len(title) * pitch(LINE, title) if a == start else len(cont) * pitch(LINE, cont)) + 1.5 + head_h + 2.5
                room = first if a == start and first is not None else avail
                b = a + 1
                while b < stop and top + sum(all_h[a:b + 1]) <= room:
                    b += 1
                parts.append(self.grid_block(it, a, b))
                a = b
            if len(parts) < 2 or any(p.height > avail for p in parts):
                raise TemplateError(self.q.source, "layout", f"grid {it.id!r}: a row does not fit on one page "
                                    "even alone; shorten it")
            return parts

        def draw(page: int, y: float) -> None:
            y = self.draw_title(page, y, title)
            centres = [across(rtl, LEFT + GRID_LABEL_W + (j + 0.5) * colw) for j in range(ncol)]
            for centre, lines in zip(centres, heads, strict=True):
                for k, part in enumerate(lines):
                    self.text(page, centre, y + 3.5 + k * pitch(HEAD_LINE, lines, head_pt), part, head_pt, "bold", "center")
            y += head_h
            rows = []
            for i, row in enumerate(rows_here):
                box_y = y + (row_h[i] - GRID_ROW) / 2
                for k, part in enumerate(row_labels[i]):
                    self.text(page, label_x, y + BOX - 0.9 + k * pitch(LABEL_LINE, row_labels[i]), part, LABEL_PT,
                              right=label_x + GRID_LABEL_W - 3)
                boxes = [{"x_mm": r(centre - BOX / 2), "y_mm": r(box_y), "w_mm": BOX, "h_mm": BOX} for centre in centres]
                said = nfc(row.online_label or row.label)  # a symbol paper names kept online, the printed words an alias
                rows.append({"id": row.id, "label": nfc(row.label), "boxes": boxes,
                             **({"number": numbers[i]} if own else {}),
                             "online_title": nfc(f"{it.label} [{said}]"),
                             **({"online_label": said, "online_aliases": [nfc(f"{it.label} [{row.label}]")]}
                                if row.online_label else {}),
                             **({"relevant": all_of(it.relevant, row.relevant)} if row.relevant else {}),
                             **({"option": row.option} if row.option else {})})
                y += row_h[i]
            self.questions.append({"id": it.id, "type": it.kind.value, "page": page, "number": it.number,
                                   "text": nfc(it.label), "online_title": nfc(it.label),
                                   "columns": [{"id": c.id, "label": nfc(c.label), **c.online} for c in it.choices],
                                   "rows": rows, **self.logic_of(it), **({"continued": True} if start else {})})

        return Block(height, draw, split=split, split_first=split if start == 0 else None)


def own_row_numbers(it: Item) -> bool:
    """Whether every row of the grid opens on its own number (EcoHealth Alliance's Ghana assets: "06. TV" …
    "11. Toilet"): printed as written, without our row letter, which made "a) 06. TV" — two marks for one row.
    A grid where only some rows carry one keeps its letters, so no row goes unmarked."""
    return bool(it.rows) and all(own_number(r.label) is not None for r in it.rows)


def row_numbers(it: Item) -> list[str]:
    """Each row's number as the page shows it: the row's own ("06" for "06. TV", own_row_numbers) or the grid's
    with the row's letter ("5a"); what a `${row}` elsewhere cites and what the review page calls the row."""
    if own_row_numbers(it):
        return [own[0] for r in it.rows if (own := own_number(r.label)) is not None]
    return [f"{it.number}{row_letter(i)}" if it.number else "" for i in range(len(it.rows))]
