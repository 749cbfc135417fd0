"""A roster (`repeat`) on paper: a table of member rows, or one block per member when no table fits the width.

The table is the way household forms print a roster: the member's number,
then a column per question (a box per option, or a write-in cell). A long
roster continues on the next page with its header repeated. When its
columns cannot stand side by side (a relationship list of twelve options),
each member gets a block of its own with the questions one under another,
as plain questions are printed. Either way every cell becomes a question of
the template (`sex[2]`, roster.py) on the page its row is printed on.
"""

from __future__ import annotations

from dataclasses import replace
from math import floor
from typing import TYPE_CHECKING, Any

from .errors import TemplateError
from .fonts import text_width_mm, wrap
from .layout_geometry import (
    BOTTOM,
    BOX,
    LABEL_GAP,
    LABEL_LINE,
    LABEL_PT,
    LEFT,
    LINE,
    NOTE_PT,
    RIGHT,
    TOP_NEXT,
    WIDTH,
    WRITE_LINE_MM,
    Block,
    across,
    pitch,
    r,
)
from .logic.implied import beyond
from .logic.wording import Lang, Named, instruction, quoted
from .phrases import phrase
from .questionnaire import Choice, Item, Kind, Questionnaire, nfc
from .roster_heads import row_heading

NO_W = 9.0  # the member's number
ROW_H = 9.0
HEAD_PT = 9.0
OPT_PT = 8.5
HEAD_LINE, OPT_LINE = 3.6, 3.3  # mm between the wrapped lines of a column's heading and of its options'
TEXT_MIN = 24.0  # a write-in column
OPT_MIN = 9.0  # an option's column
OPT_MAX = 24.0
MEMBER_PT = 10.5
MORE_LINE = 4.5  # mm between the lines of the note under a roster whose count may run past its rows
CELL_LABEL_W = 60.0  # member blocks: a write-in question's label beside its box
COLUMN_WORD = {Lang.vi: "Cột", Lang.en: "Column", Lang.fr: "Colonne", Lang.de: "Spalte", Lang.es: "Columna",
               Lang.pt: "Coluna", Lang.ar: "العمود", Lang.bn: "কলাম"}


def _shown(c: Item | Choice) -> str:
    """The label as paper prints it: with its bold and italic toggles when it has any."""
    return c.marked or c.label


def _choice(c: Item) -> bool:
    return c.behaviour.shares


def _whole_if_it_fits(parts: list[Block]) -> list[Block]:
    """A roster that fits on one page is one block, moved whole to the next page rather than split across two;
    a longer one goes part by part, starting where it comes."""
    height = sum(b.height for b in parts)
    if len(parts) < 2 or height > BOTTOM - TOP_NEXT:
        return parts

    def draw(page: int, y: float) -> None:
        for b in parts:
            b.draw(page, y)
            y += b.height

    return [Block(height, draw, split_first=lambda rest, here: parts, first_covers=1)]


class RosterBlocks:
    if TYPE_CHECKING:
        q: Questionnaire
        questions: list[dict[str, Any]]
        lines: list[dict[str, Any]]
        lang: Lang
        named: dict[str, Named]

        def text(self, page: int, x: float, y: float, s: str, size: float, font: str = "regular",
                 align: str = "left", right: float | None = None) -> None: ...
        def title_lines(self, it: Item) -> list[str]: ...
        def draw_title(self, page: int, y: float, lines: list[str]) -> float: ...
        def option_grid(self, it: Item) -> tuple[list[float], list[list[str]], list[float]]: ...
        def option_x(self, before: float, width: float, left: float = LEFT, scale: float = 1.0
                     ) -> tuple[float, float]: ...

    def roster_widths(self, it: Item) -> list[list[float]] | None:
        """Each column's sub-widths (one per option, or one for a write-in), or None when no table fits.

        An option would be as wide as its label (within bounds) and can be no narrower than its longest
        word, nor a column than its heading's longest word; write-in columns take what is left, at least
        TEXT_MIN each. Between the two, options shrink evenly towards their narrowest."""
        def word(s: str, font: str, pt: float) -> float:
            return max((text_width_mm(w, font, pt) for w in s.split()), default=0.0) + 1.5

        def at_least(ws: list[float], total: float) -> list[float]:
            return [x + max(0.0, total - sum(ws)) / len(ws) for x in ws] if ws else ws

        heads = [word(_shown(c), "bold", HEAD_PT) for c in it.columns]
        want = [at_least([min(OPT_MAX, max(OPT_MIN, text_width_mm(_shown(o), "regular", OPT_PT) + 2.0))
                          for o in c.choices], h) for c, h in zip(it.columns, heads, strict=True)]
        least = [at_least([max(OPT_MIN, word(_shown(o), "regular", OPT_PT)) for o in c.choices], h)
                 for c, h in zip(it.columns, heads, strict=True)]
        text_min = [max(TEXT_MIN, h) for c, h in zip(it.columns, heads, strict=True) if not _choice(c)]
        room = WIDTH - NO_W - sum(text_min)
        low, high = sum(map(sum, least)), sum(map(sum, want))
        if low > room:
            return None
        t = 1.0 if high <= room else (room - low) / (high - low)
        widths = [[lo + (hi - lo) * t for lo, hi in zip(ls, ws, strict=True)] for ls, ws in zip(least, want, strict=True)]
        spare = room - sum(map(sum, widths))
        if not text_min:
            per = spare / max(1, sum(len(w) for w in widths))
            return [[x + per for x in w] for w in widths]
        mins = iter(text_min)
        return [w if _choice(c) else [next(mins) + spare / len(text_min)] for c, w in zip(it.columns, widths, strict=True)]

    def roster_blocks(self, it: Item) -> list[Block]:
        widths = self.roster_widths(it)
        entry: dict[str, Any] = {
            "id": it.id, "type": "roster", "page": 0, "number": it.number, "text": nfc(it.label),
            "online_title": nfc(it.label), "rows": [], **({"relevant": it.relevant} if it.relevant else {}),
            **({"count": it.roster_count} if self.counted(it) else {}),
            "columns": [{"id": c.id, "label": nfc(c.label), **({"online_label": nfc(c.online_label)} if c.online_label else {}),
                         "type": c.kind if _choice(c) else Kind.text,
                         "options": [{"id": o.id, "label": nfc(o.label), **o.online, **({"parent": o.parent} if o.parent else {})}
                                     for o in c.choices],
                         **({"filter_by": c.choice_parent} if c.choice_parent else {}),  # its parent's online labels
                         **{k: v for k, v in (("relevant", c.relevant), ("constraint", c.constraint)) if v},
                         **({"holds": c.holds.value, "decimals": c.decimals} if c.holds and not _choice(c) else {}),
                         **({"digits": c.digits} if c.digits and not _choice(c) else {})}
                        for c in it.columns]}
        if widths is None:
            return self._member_blocks(it, entry)
        return self._table_blocks(it, widths, entry)

    def counted(self, it: Item) -> bool:
        """Whether the roster's count is kept in the template for the record's check (logic.apply): when it may ask
        for more than the rows and names only questions paper or the form's other fields hold."""
        from .logic.expression import ExpressionError, parse, references

        if not (it.roster_more and it.roster_count):
            return False
        try:
            names = references(parse(it.roster_count))
        except ExpressionError:
            return False
        known = {i.id for i in self.q.items()} | set(self.q.other_fields)
        return bool(names) and all(n in known for n in names)

    def roster_title(self, it: Item) -> list[str]:
        """The roster's title lines, then one italic line per column that has its own condition, said once for
        every row: "Cột “Tình trạng hôn nhân”: trả lời nếu “Tuổi” từ 15 trở lên" (a row's `${age}` is its own); only
        what it adds to the table's own condition, said once in the title (logic.implied)."""
        lines = self.title_lines(it)
        names = {**self.named, **{c.id: Named(quoted(nfc(c.label), self.lang), c.kind if _choice(c) else Kind.text,
                                              {o.id: o.label for o in c.choices}) for c in it.columns}}
        for c in it.columns:
            own = beyond(c.relevant, it.relevant)  # the table's condition, said above, is not said again
            if not own:
                continue
            said = instruction(own, self.lang, names)
            said = said if self.lang == Lang.de else said[:1].lower() + said[1:]
            text = f"{COLUMN_WORD[self.lang]} {quoted(nfc(c.label), self.lang)}: {said}"
            lines += [f"\0{h}" for h in wrap(text, "italic", NOTE_PT, WIDTH)]
        return lines

    def _enter(self, entry: dict[str, Any], page: int) -> None:
        """The roster's template entry, added once, where its first part is drawn; later parts add rows to it."""
        if not entry["page"]:
            entry["page"] = page
            self.questions.append(entry)

    # -- a table ------------------------------------------------------------------------------------
    def _table_blocks(self, it: Item, widths: list[list[float]], entry: dict[str, Any]) -> list[Block]:
        title = self.roster_title(it)
        heads = [wrap(_shown(c), "bold", HEAD_PT, sum(w) - 1.5) for c, w in zip(it.columns, widths, strict=True)]
        opt_heads = [[wrap(_shown(o), "regular", OPT_PT, x - 1.0) for o, x in zip(c.choices, w, strict=True)]
                     if _choice(c) else [] for c, w in zip(it.columns, widths, strict=True)]
        head_span = max(len(h) * pitch(HEAD_LINE, h, HEAD_PT) for h in heads)  # the columns' headings, then the options'
        head_h = head_span + max([len(x) * pitch(OPT_LINE, x, OPT_PT) for oh in opt_heads for x in oh] or [0]) + 2.5
        title_h = len(title) * pitch(LINE, title) + 1.5
        more = self.more_lines(it)
        more_h = len(more) * pitch(MORE_LINE, more) + 1.0 if more else 0.0  # under the last row, on its page
        page_rows = floor((BOTTOM - TOP_NEXT - head_h - 3.0 - more_h) / ROW_H)

        def spans(first: int) -> list[tuple[int, int]]:
            parts = [(1, min(first, it.roster_rows))]
            while parts[-1][1] < it.roster_rows:
                start = parts[-1][1] + 1
                parts.append((start, min(start + page_rows - 1, it.roster_rows)))
            return parts

        parts = spans(it.roster_rows if title_h + head_h + it.roster_rows * ROW_H + 3.0 + more_h <= BOTTOM - TOP_NEXT
                      else max(1, floor((BOTTOM - TOP_NEXT - title_h - head_h - 3.0 - more_h) / ROW_H)))

        def part(k: int, lo: int, hi: int) -> Block:
            def draw(page: int, y: float) -> None:
                self._enter(entry, page)
                if k == 0:
                    y = self.draw_title(page, y, title)
                y = self._table_head(page, y, it, widths, heads, opt_heads, head_span, head_h)
                for n in range(lo, hi + 1):
                    entry["rows"].append(self._table_row(page, y, n, it, widths))
                    y += ROW_H
                if hi == it.roster_rows:
                    self.draw_more(page, y, more)

            height = (title_h if k == 0 else 0.0) + head_h + (hi - lo + 1) * ROW_H + 3.0
            return Block(height + (more_h if hi == it.roster_rows else 0.0), draw)

        def first_here(rest: float, here: float) -> list[Block]:
            """Page 1 with nothing on it yet: the members that fit what the header leaves start there."""
            first = floor((here - title_h - head_h - 3.0 - more_h) / ROW_H)
            return [part(k, lo, hi) for k, (lo, hi) in enumerate(spans(first))] if first >= 1 else []

        blocks = [part(k, lo, hi) for k, (lo, hi) in enumerate(parts)]
        blocks[0] = replace(blocks[0], split_first=first_here, first_covers=len(blocks))
        return blocks

    def _table_head(self, page: int, y: float, it: Item, widths: list[list[float]], heads: list[list[str]],
                    opt_heads: list[list[list[str]]], head_span: float, head_h: float) -> float:
        rtl = self.q.right_to_left  # the table mirrored: the member's number on the right, the first column by it
        self.text(page, across(rtl, LEFT + NO_W / 2), y + 3.2, phrase(self.q.language, "row_no"), HEAD_PT, "bold",
                  "center")
        x = LEFT + NO_W
        for w, head, oh in zip(widths, heads, opt_heads, strict=True):
            for k, line in enumerate(head):
                self.text(page, across(rtl, x + sum(w) / 2), y + 3.2 + k * pitch(HEAD_LINE, head, HEAD_PT), line, HEAD_PT, "bold", "center")
            sx = x
            for lines, sw in zip(oh, w):
                for k, line in enumerate(lines):
                    self.text(page, across(rtl, sx + sw / 2), y + head_span + 3.0 + k * pitch(OPT_LINE, lines, OPT_PT), line, OPT_PT,
                              "regular", "center")
                sx += sw
            x += sum(w)
        y += head_h
        self.lines.append({"page": page, "x1_mm": LEFT, "y1_mm": r(y - 0.8), "x2_mm": RIGHT, "y2_mm": r(y - 0.8),
                           "width_mm": 0.2})
        return y

    def _table_row(self, page: int, y: float, n: int, it: Item, widths: list[list[float]]) -> dict[str, Any]:
        rtl = self.q.right_to_left
        self.text(page, across(rtl, LEFT + NO_W / 2), y + ROW_H / 2 + 1.3, str(n), LABEL_PT, "regular", "center")
        x = LEFT + NO_W
        row: dict[str, Any] = {"row": n, "page": page, "cells": {}}
        for c, w in zip(it.columns, widths, strict=True):
            if _choice(c):
                row["cells"][c.id] = {"boxes": [{"x_mm": r(across(rtl, x + sum(w[:j]) + (sw - BOX) / 2, BOX)),
                                                 "y_mm": r(y + (ROW_H - BOX) / 2), "w_mm": BOX, "h_mm": BOX}
                                                for j, sw in enumerate(w)]}
            else:
                row["cells"][c.id] = {"area": {"x_mm": r(across(rtl, x + 0.8, sum(w) - 1.6)), "y_mm": r(y + 0.8),
                                               "w_mm": r(sum(w) - 1.6),
                                               "h_mm": r(ROW_H - 1.6)}}
            x += sum(w)
        return row

    # -- one block per member --------------------------------------------------------------------------
    def _member_blocks(self, it: Item, entry: dict[str, Any]) -> list[Block]:
        """Each member's questions one under another, as plain questions print (choice options in columns).

        A member whose questions are longer than a page (a village study's crop roster of forty questions)
        continues on the next page under "Member 2 (continued)", and a list longer than a page (a country of
        origin among 230) goes on over the next pages; each cell, and each box, carries the page it is on."""
        title = self.roster_title(it)
        grids = {c.id: self.option_grid(c) for c in it.columns if _choice(c)}
        labels = [wrap(_shown(c), "italic", LABEL_PT, WIDTH - 4.0) for c in it.columns]
        avail = BOTTOM - TOP_NEXT
        spans = self._member_spans(it, grids, labels, avail)

        def part(n: int, k: int, slices: list[tuple[int, int, int]], row: dict[str, Any]) -> Block:
            def draw(page: int, y: float) -> None:
                self._enter(entry, page)
                head = row_heading(nfc(it.label), it.id, self.q.language, n)
                if k:
                    head = phrase(self.q.language, "continued", title=head)
                self.text(page, LEFT, y + 4.2, head, MEMBER_PT, "bold", right=RIGHT)
                y += 6.0
                if k == 0:
                    row.update({"row": n, "page": page, "cells": {}})
                    entry["rows"].append(row)
                for j, lo, hi in slices:
                    c, lines = it.columns[j], labels[j]
                    for i, line in enumerate(lines):
                        self.text(page, LEFT + 4.0, y + 2.9 + i * pitch(LABEL_LINE, lines), line, LABEL_PT, "italic",
                                  right=RIGHT - 4.0 * self.q.right_to_left)  # indented on the reading side
                    below = y + len(lines) * pitch(LABEL_LINE, lines) + 0.5
                    cell = row["cells"].get(c.id)
                    if cell is None:
                        cell = row["cells"][c.id] = {} if page == row["page"] else {"page": page}
                    if _choice(c):
                        boxes = self._member_options(page, below, c, lo, hi)
                        if page != cell.get("page", row["page"]):
                            boxes = [{**b, "page": page} for b in boxes]  # a long list goes on over pages
                        cell.setdefault("boxes", []).extend(boxes)
                    else:
                        cell["area"] = {"x_mm": r(across(self.q.right_to_left, LEFT + 4.0, WIDTH - 4.0)),
                                        "y_mm": r(below), "w_mm": r(WIDTH - 4.0), "h_mm": WRITE_LINE_MM}
                    y += self._slice_height(c, grids, lines, lo, hi)

            return Block(6.0 + sum(self._slice_height(it.columns[j], grids, labels[j], lo, hi)
                                   for j, lo, hi in slices) + 2.0, draw)

        def heading(lines: list[str], last: bool) -> Block:
            def draw(page: int, y: float) -> None:
                self._enter(entry, page)
                self.draw_title(page, y, lines)

            height = len(lines) * pitch(LINE, lines) + 1.5
            return Block(height, draw, keep_with_next=last and height < avail / 3)

        # the title and its columns' conditions, a page at a time when they are many
        per = max(1, floor((avail - 1.5) / pitch(LINE, title)))
        chunks = [title[i:i + per] for i in range(0, len(title), per)]
        members = [heading(c, i == len(chunks) - 1) for i, c in enumerate(chunks)]
        for n in range(1, it.roster_rows + 1):
            row: dict[str, Any] = {}
            members += [part(n, k, slices, row) for k, slices in enumerate(spans)]
        more = self.more_lines(it)
        if more:
            members.append(Block(len(more) * pitch(MORE_LINE, more) + 1.0,
                                 lambda page, y: self.draw_more(page, y - 2.0, more)))
        return _whole_if_it_fits(members)

    def more_lines(self, it: Item) -> list[str]:
        """Under a roster whose count may ask for more members than it has rows, where the others go: "Nếu cần
        nhiều hơn 6 dòng, ghi tiếp vào tờ rời kèm theo phiếu (ghi rõ Câu 5)", in the frame's language."""
        if not it.roster_more:
            return []
        cited = phrase(self.q.language, "question", n=it.number) if it.number else nfc(it.label)  # "Question 4.1"
        return wrap(phrase(self.q.language, "roster_more", n=it.roster_rows, q=cited), "italic", NOTE_PT, WIDTH)

    def draw_more(self, page: int, y: float, lines: list[str]) -> None:
        for i, line in enumerate(lines):
            self.text(page, LEFT, y + 3.3 + i * pitch(MORE_LINE, lines), line, NOTE_PT, "italic", right=RIGHT)

    @staticmethod
    def _slice_height(c: Item, grids: dict[str, tuple[list[float], list[list[str]], list[float]]],
                      lines: list[str], lo: int, hi: int) -> float:
        """A question's label and its option rows lo..hi (a write-in: its line)."""
        body = sum(grids[c.id][2][lo:hi]) if _choice(c) else WRITE_LINE_MM + 1.0
        return len(lines) * pitch(LABEL_LINE, lines) + body + 1.5

    def _member_spans(self, it: Item, grids: dict[str, tuple[list[float], list[list[str]], list[float]]],
                      labels: list[list[str]], avail: float) -> list[list[tuple[int, int, int]]]:
        """A member's questions in page-sized parts: (column, first option row, end row) each. A question
        starts a new part when it does not fit the rest of one; one longer than a page is cut by option rows."""
        parts: list[list[tuple[int, int, int]]] = [[]]
        used = 8.0
        for j, c in enumerate(it.columns):
            rows = len(grids[c.id][2]) if _choice(c) else 1
            whole = self._slice_height(c, grids, labels[j], 0, rows)
            if used + whole <= avail:
                parts[-1].append((j, 0, rows))
                used += whole
                continue
            if whole <= avail - 8.0 or not _choice(c):
                if whole > avail - 8.0:
                    raise TemplateError(self.q.source, "layout", f"roster {it.id!r}: question {c.id!r} does not "
                                        "fit on one page even alone; shorten it")
                parts.append([(j, 0, rows)])
                used = 8.0 + whole
                continue
            lo = 0
            while lo < rows:
                hi = lo
                while hi < rows and used + self._slice_height(c, grids, labels[j], lo, hi + 1) <= avail:
                    hi += 1
                if hi == lo:
                    if not parts[-1]:
                        raise TemplateError(self.q.source, "layout", f"roster {it.id!r}: an option of {c.id!r} "
                                            "does not fit on one page even alone; shorten it")
                    parts.append([])
                    used = 8.0
                    continue
                parts[-1].append((j, lo, hi))
                used += self._slice_height(c, grids, labels[j], lo, hi)
                lo = hi
        return [p for p in parts if p]

    def _member_options(self, page: int, y: float, c: Item, lo: int = 0, hi: int | None = None
                        ) -> list[dict[str, float]]:
        """The boxes of the options on option rows lo..hi, drawn from y."""
        cols, labels, heights = self.option_grid(c)
        boxes = []
        for i, _ in enumerate(c.choices):
            row, col = divmod(i, len(cols))
            if row < lo or (hi is not None and row >= hi):
                continue
            row_y = y + sum(heights[lo:row])
            bx, right = self.option_x(sum(cols[:col]), cols[col], LEFT + 4.0, (WIDTH - 4.0) / WIDTH)
            for k, part in enumerate(labels[i]):
                self.text(page, bx + BOX + LABEL_GAP, row_y + BOX - 0.9 + k * pitch(LABEL_LINE, labels[i]), part, LABEL_PT,
                          right=right)
            boxes.append({"x_mm": r(bx), "y_mm": r(row_y), "w_mm": BOX, "h_mm": BOX})
        return boxes
