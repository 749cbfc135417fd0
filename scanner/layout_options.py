"""A question's list of options on paper (a single or multiple choice), and the write-in space of its "other".

The options go in as many columns as their widest labels fit side by side, one per line (the label wrapped) when
even two do not; a list taller than a page goes on over the next pages by rows of options, each part after the
first titled "… (tiếp theo)". On a right-to-left form the columns run from the right edge.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .fonts import text_width_mm, wrap
from .layout_geometry import (
    BOX,
    LABEL_GAP,
    LABEL_LINE,
    LABEL_PT,
    LEFT,
    LINE,
    QUESTION_PT,
    RIGHT,
    ROW,
    WIDTH,
    WRITE_LINE_MM,
    Block,
    across,
    fit_parts,
    pitch,
    r,
)
from .phrases import phrase
from .questionnaire_model import nfc

if TYPE_CHECKING:
    from .questionnaire_model import Item, Questionnaire


def _logic(it: Item) -> dict[str, str]:
    """The item's skip condition and extra constraint, as the template carries them."""
    return {k: v for k, v in (("relevant", it.relevant), ("constraint", it.constraint)) if v}


class OptionBlocks:
    """The layout builder's part that prints option lists and their write-ins."""

    if TYPE_CHECKING:
        q: Questionnaire
        questions: list[dict[str, Any]]
        write_ins: dict[str, Item]

        def text(self, page: int, x: float, y: float, s: str, size: float, font: str = "regular",
                 align: str = "left", right: float | None = None) -> None: ...

        def title_lines(self, it: Item) -> list[str]: ...

        def draw_title(self, page: int, y: float, lines: list[str]) -> float: ...

    def option_grid(self, it: Item) -> tuple[list[float], list[list[str]], list[float]]:
        """Column widths, each option's label lines, and each option row's height.

        The most columns whose widest labels fit side by side (columns stay
        aligned, each as wide as its longest label); one option per line, its
        label wrapped, when even two do not fit.
        """
        widths = [text_width_mm(c.marked or c.label, "regular", LABEL_PT) + BOX + LABEL_GAP + 4 for c in it.choices]
        ncols, cols = 1, [WIDTH]
        for n in range(min(6, len(widths)), 1, -1):
            need = [max(widths[j::n]) for j in range(n)]
            if sum(need) <= WIDTH:
                even = [max(w, WIDTH / max(n, 4)) for w in need]
                spare = (WIDTH - sum(need)) / n
                ncols, cols = n, even if sum(even) <= WIDTH else [w + spare for w in need]
                break
        labels = [wrap(c.marked or c.label, "regular", LABEL_PT, cols[i % ncols] - BOX - LABEL_GAP - 2)
                  for i, c in enumerate(it.choices)]
        heights = []
        for start in range(0, len(labels), ncols):
            heights.append(max(ROW, *((len(x) - 1) * pitch(LABEL_LINE, x) + ROW for x in labels[start:start + ncols])))
        return cols, labels, heights

    def option_x(self, before: float, width: float, left: float = LEFT, scale: float = 1.0) -> tuple[float, float]:
        """An option's box x and where its label ends, `before` mm of columns into the row: the box left of its
        label; on a right-to-left form the columns run from the right edge and the box is right of its label
        (the geometry is the template's, so reading is the same either way)."""
        if not self.q.right_to_left:
            return left + before * scale, min(left + before * scale + width - 2, RIGHT)
        bx = across(True, left + before * scale, BOX)
        return bx, bx - LABEL_GAP

    def choice_block(self, it: Item, part: tuple[int, int] | None = None,
                     entry: dict[str, Any] | None = None) -> Block:
        """The question and its options; a list taller than a page goes on over the next pages by rows of options,
        each part after the first titled "Câu 5. … (tiếp theo)", each option kept with the page it is printed on."""
        cols, labels, heights = self.option_grid(it)
        ncols = len(cols)
        first, stop = part or (0, len(heights))
        title = self.title_lines(it) if first == 0 else self.continued_lines(it)
        write_in = self.write_ins.get(it.id) if stop == len(heights) else None
        extra = write_in.lines * WRITE_LINE_MM + 3.0 if write_in else 0.0
        height = len(title) * pitch(LINE, title) + 1.5 + sum(heights[first:stop]) + extra + 2.5
        shared: dict[str, Any] = {} if entry is None else entry

        def draw(page: int, y: float) -> None:
            y = self.draw_title(page, y, title)
            opts = []
            row_y = y
            for i in range(first * ncols, min(stop * ncols, len(it.choices))):
                c = it.choices[i]
                row, col = divmod(i, ncols)
                if col == 0 and row > first:
                    row_y += heights[row - 1]
                bx, right = self.option_x(sum(cols[:col]), cols[col])
                for k, line in enumerate(labels[i]):
                    self.text(page, bx + BOX + LABEL_GAP, row_y + BOX - 0.9 + k * pitch(LABEL_LINE, labels[i]), line, LABEL_PT,
                              right=right)
                opts.append({"id": c.id, "label": nfc(c.label), **c.online,
                             "box": {"x_mm": r(bx), "y_mm": r(row_y), "w_mm": BOX, "h_mm": BOX}})
            y = row_y + heights[stop - 1]
            if shared:  # a later part of a long list: its options join the question, each with its page
                shared["options"] += [{**o, "page": page} if page != shared["page"] else o for o in opts]
            else:
                q: dict[str, Any] = {"id": it.id, "type": it.kind.value, "page": page, "number": it.number,
                                     "text": nfc(it.label), "online_title": nfc(it.label), "options": opts}
                if it.behaviour.per_option and it.max_choices:
                    q["max_choices"] = it.max_choices
                if it.exclusive:
                    q["exclusive"] = list(it.exclusive)
                q.update(_logic(it))
                other = it.other_option or (self.write_ins[it.id].other_option if it.id in self.write_ins else None)
                if other:
                    q["other_option"] = other
                shared.update(q)
                self.questions.append(shared)
            if write_in:
                self.write_in(page, y + 0.5, write_in, it.id)

        n = len(heights)

        def split(avail: float, first: float | None = None) -> list[Block]:
            cont = self.continued_lines(it)
            whole_extra = self.write_ins[it.id].lines * WRITE_LINE_MM + 3.0 if it.id in self.write_ins else 0.0

            def end(a: int, room: float) -> int:
                top = (len(title) * pitch(LINE, title) if a == 0 else len(cont) * pitch(LINE, cont)) + 1.5 + 2.5
                b = a + 1
                while b < n and top + sum(heights[a:b + 1]) + (whole_extra if b + 1 == n else 0.0) <= room:
                    b += 1
                return b

            return fit_parts(self.q.source, it.id, n, end,
                             lambda a, b, together: self.choice_block(it, (a, b), together), avail, first)

        splits = part is None and n > 1
        return Block(height, draw, split=split if splits else None, split_here=split if splits else None)

    def continued_lines(self, it: Item) -> list[str]:
        """The title of a question's part on a later page: "Câu 5. … (tiếp theo)"."""
        number = phrase(self.q.language, "question", n=it.number) if it.number.isdigit() else it.number
        return wrap(phrase(self.q.language, "continued", title=f"{number}. {it.marked or it.label}"), "bold",
                    QUESTION_PT, WIDTH)

    def write_in(self, page: int, y: float, w: Item, of: str) -> None:
        """The write-in space after its question: the label in the indent, the box after it, one row per line."""
        h = w.lines * WRITE_LINE_MM + 1.0
        label_w = min(text_width_mm(w.label, "italic", LABEL_PT) + 2.0, 80.0)
        said = wrap(w.label, "italic", LABEL_PT, label_w)[:2]
        for k, part in enumerate(said):
            self.text(page, LEFT + 7, y + 4.5 + k * pitch(LABEL_LINE, said), part, LABEL_PT, "italic", right=LEFT + 7 + label_w)
        x = LEFT + 7 + label_w + 1.0
        self.questions.append({"id": w.id, "type": "text", "page": page, "number": "", "text": nfc(w.label),
                               "online_title": nfc(w.label), "other_of": of,
                               "area": {"x_mm": r(x), "y_mm": r(y), "w_mm": r(RIGHT - x), "h_mm": r(h)}})
