"""The layout's blocks for a form's structure: a nested group's sub-heading, a cascade's grouped list, a roster.

Kept apart from layout.py (the plain questions and pagination) so each stays
small; `_Builder` takes these methods in as a mixin, and they draw with its
primitives.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .errors import TemplateError
from .layout_geometry import BOX, LABEL_GAP, LABEL_LINE, LABEL_PT, LEFT, LINE, RIGHT, SECTION_PT, WIDTH, Block, r
from .questionnaire import Choice, Item, Kind, Questionnaire, nfc

HEADING_PT = {2: 10.5, 3: 10.0}  # a group in a section, a group in that; deeper ones as the last
HEADING_LINE = 4.8
PARENT_LINE = 5.5  # a cascade's parent label above its options


class StructureBlocks:
    if TYPE_CHECKING:
        q: Questionnaire
        questions: list[dict[str, Any]]

        def paragraph(self, page: int, x: float, y: float, s: str, width: float, size: float,
                      font: str = "regular", align: str = "left", line: float = LINE) -> None: ...
        def text(self, page: int, x: float, y: float, s: str, size: float, font: str = "regular",
                 align: str = "left") -> None: ...
        @staticmethod
        def n_lines(s: str, width: float, size: float, font: str = "regular") -> int: ...
        def title_lines(self, it: Item) -> list[str]: ...
        def draw_title(self, page: int, y: float, lines: list[str]) -> float: ...
        def option_grid(self, it: Item) -> tuple[list[float], list[list[str]], list[float]]: ...

    def heading_block(self, it: Item) -> Block:
        """A nested group's title: smaller than a section's, bold italic, kept with what follows it."""
        size = HEADING_PT.get(it.heading, min(HEADING_PT.values())) if it.heading > 1 else SECTION_PT
        indent = 4.0 * min(max(it.heading - 2, 0), 2)
        n = self.n_lines(it.label, WIDTH - indent, size, "bold")

        def draw(page: int, y: float) -> None:
            self.paragraph(page, LEFT + indent, y + 4.0, it.label, WIDTH - indent, size, "bold", line=HEADING_LINE)

        return Block(n * HEADING_LINE + 2.0, draw, keep_with_next=True)

    def cascade_groups(self, it: Item) -> list[tuple[str, tuple[Choice, ...]]]:
        """The options under each of the parent question's choices, in its order; those under none last."""
        parent = next((p for p in self.q.items() if p.id == it.choice_parent), None)
        if parent is None or parent.kind not in (Kind.single, Kind.multiple):
            return [("", it.choices)]
        groups = [(c.label, tuple(x for x in it.choices if x.parent == c.id)) for c in parent.choices]
        known = {c.id for c in parent.choices}
        rest = tuple(x for x in it.choices if x.parent not in known)
        return [g for g in groups if g[1]] + ([("", rest)] if rest else [])

    def cascade_block(self, it: Item) -> Block:
        """The whole list, grouped under the parent's choices: the respondent finds the commune under the
        district ticked above; what is ticked is read as it is (cascade.py sends a contradiction to review)."""
        title = self.title_lines(it)
        groups = [(label, self.option_grid(replace(it, choices=cs)), cs) for label, cs in self.cascade_groups(it)]
        height = len(title) * LINE + 1.5 + 2.5
        for label, (_, _, heights), _ in groups:
            height += (PARENT_LINE if label else 0.0) + sum(heights)

        def draw(page: int, y: float) -> None:
            y = self.draw_title(page, y, title)
            opts = []
            for label, (cols, labels, heights), cs in groups:
                if label:
                    self.text(page, LEFT, y + 3.4, f"{label}:", LABEL_PT, "italic")
                    y += PARENT_LINE
                ncols = len(cols)
                for i, c in enumerate(cs):
                    row, col = divmod(i, ncols)
                    row_y = y + sum(heights[:row])
                    bx = LEFT + sum(cols[:col])
                    for k, part in enumerate(labels[i]):
                        self.text(page, bx + BOX + LABEL_GAP, row_y + BOX - 0.9 + k * LABEL_LINE, part, LABEL_PT)
                    opts.append({"id": c.id, "label": nfc(c.label), "parent": c.parent,
                                 "box": {"x_mm": r(bx), "y_mm": r(row_y), "w_mm": BOX, "h_mm": BOX}})
                y += sum(heights)
            q: dict[str, Any] = {"id": it.id, "type": it.kind.value, "page": page, "number": it.number,
                                 "text": nfc(it.label), "online_title": nfc(it.label), "options": opts,
                                 "filter_by": it.choice_parent}
            if it.kind == Kind.multiple and it.max_choices:
                q["max_choices"] = it.max_choices
            if it.exclusive:
                q["exclusive"] = list(it.exclusive)
            if it.other_option:
                q["other_option"] = it.other_option
            self.questions.append(q)

        return Block(height, draw)


def subsections(items: tuple[Item, ...], ids_by_item: dict[str, list[str]]) -> list[dict[str, Any]]:
    """A section's titled nested groups for the template, each with every question inside it (a group
    inside a group lists its questions under both)."""
    return [{"id": h.id, "title": nfc(h.label), "level": h.heading,
             "questions": [x for it in items if h.id in it.groups for x in ids_by_item.get(it.id, [])]}
            for h in items if h.heading]


ROSTER_NO_W = 9.0  # the member's number
ROSTER_ROW = 9.0
ROSTER_HEAD_PT = 9.0
ROSTER_OPT_PT = 8.5
ROSTER_TEXT_MIN = 24.0
ROSTER_OPT_MIN = 9.0
ROSTER_OPT_MAX = 24.0


class RosterBlocks:
    if TYPE_CHECKING:
        q: Questionnaire
        questions: list[dict[str, Any]]
        lines: list[dict[str, Any]]

        def text(self, page: int, x: float, y: float, s: str, size: float, font: str = "regular",
                 align: str = "left") -> None: ...
        def title_lines(self, it: Item) -> list[str]: ...
        def draw_title(self, page: int, y: float, lines: list[str]) -> float: ...

    def roster_widths(self, it: Item) -> list[list[float]]:
        """Each column's sub-widths: one per option of a choice column, one for a write-in column.

        An option is as wide as its label (within bounds); write-in columns share what is left."""
        from .fonts import text_width_mm

        widths: list[list[float]] = []
        for c in it.columns:
            if c.kind in (Kind.single, Kind.multiple):
                widths.append([min(ROSTER_OPT_MAX, max(ROSTER_OPT_MIN, text_width_mm(o.label, "regular", ROSTER_OPT_PT)
                                                       + 2.0)) for o in c.choices])
            else:
                widths.append([])
        spare = WIDTH - ROSTER_NO_W - sum(sum(w) for w in widths)
        n_text = sum(1 for w in widths if not w)
        if n_text and spare / n_text < ROSTER_TEXT_MIN:
            scale = (WIDTH - ROSTER_NO_W - n_text * ROSTER_TEXT_MIN) / (WIDTH - ROSTER_NO_W - spare)
            widths = [[x * scale for x in w] for w in widths]
            spare = n_text * ROSTER_TEXT_MIN
        elif not n_text and spare > 0:
            widths = [[x + spare / sum(len(v) for v in widths) for x in w] for w in widths]
        return [w or [spare / n_text] for w in widths]

    def roster_block(self, it: Item) -> Block:
        """A table: the member's number, then one column per question (a box per option, or a write-in cell);
        every cell is a question of its own in the template (`sex[2]`), read and checked like any other."""
        from .fonts import wrap

        title = self.title_lines(it)
        widths = self.roster_widths(it)
        if any(x < ROSTER_OPT_MIN - 0.01 or x < BOX + 2 for w in widths for x in w):
            raise TemplateError(self.q.source, "layout", f"bảng kê {it.id!r} quá rộng / roster {it.id!r} is too wide "
                                "for the page; bớt cột hoặc rút ngắn nhãn phương án")
        heads = [wrap(c.label, "bold", ROSTER_HEAD_PT, sum(w) - 1.5) for c, w in zip(it.columns, widths)]
        opt_heads = [[wrap(o.label, "regular", ROSTER_OPT_PT, x - 1.0) for o, x in zip(c.choices, w)]
                     if c.kind in (Kind.single, Kind.multiple) else [] for c, w in zip(it.columns, widths)]
        head_lines = max(len(h) for h in heads)
        opt_lines = max([len(x) for oh in opt_heads for x in oh] or [0])
        head_h = head_lines * 3.6 + opt_lines * 3.3 + 2.5
        height = len(title) * LINE + 1.5 + head_h + it.roster_rows * ROSTER_ROW + 3.0

        def draw(page: int, y: float) -> None:
            y = self.draw_title(page, y, title)
            x = LEFT + ROSTER_NO_W
            self.text(page, LEFT + ROSTER_NO_W / 2, y + 3.2, "TT", ROSTER_HEAD_PT, "bold", "center")
            for w, head, oh in zip(widths, heads, opt_heads, strict=True):
                for k, part in enumerate(head):
                    self.text(page, x + sum(w) / 2, y + 3.2 + k * 3.6, part, ROSTER_HEAD_PT, "bold", "center")
                sx = x
                for lines, sw in zip(oh, w):
                    for k, part in enumerate(lines):
                        self.text(page, sx + sw / 2, y + head_lines * 3.6 + 3.0 + k * 3.3, part, ROSTER_OPT_PT,
                                  "regular", "center")
                    sx += sw
                x += sum(w)
            y += head_h
            self.lines.append({"page": page, "x1_mm": LEFT, "y1_mm": r(y - 0.8), "x2_mm": RIGHT,
                               "y2_mm": r(y - 0.8), "width_mm": 0.2})
            cells = []
            for n in range(1, it.roster_rows + 1):
                self.text(page, LEFT + ROSTER_NO_W / 2, y + ROSTER_ROW / 2 + 1.3, str(n), LABEL_PT, "regular", "center")
                x = LEFT + ROSTER_NO_W
                row: dict[str, Any] = {"row": n, "cells": {}}
                for c, w in zip(it.columns, widths):
                    if c.kind in (Kind.single, Kind.multiple):
                        row["cells"][c.id] = {"boxes": [
                            {"x_mm": r(x + sum(w[:j]) + (sw - BOX) / 2), "y_mm": r(y + (ROSTER_ROW - BOX) / 2),
                             "w_mm": BOX, "h_mm": BOX} for j, sw in enumerate(w)]}
                    else:
                        row["cells"][c.id] = {"area": {"x_mm": r(x + 0.8), "y_mm": r(y + 0.8), "w_mm": r(sum(w) - 1.6),
                                                       "h_mm": r(ROSTER_ROW - 1.6)}}
                    x += sum(w)
                cells.append(row)
                y += ROSTER_ROW
            self.questions.append({
                "id": it.id, "type": "roster", "page": page, "number": it.number, "text": nfc(it.label),
                "online_title": nfc(it.label), "rows": cells,
                "columns": [{"id": c.id, "label": nfc(c.label),
                             "type": c.kind.value if c.kind in (Kind.single, Kind.multiple) else "text",
                             "options": [{"id": o.id, "label": nfc(o.label)} for o in c.choices]}
                            for c in it.columns]})

        return Block(height, draw)
