"""The layout's blocks for a form's structure: a nested group's sub-heading and a cascade's grouped list.

Kept apart from layout.py (the plain questions and pagination) so each stays
small; `_Builder` takes these methods in as a mixin, and they draw with its
primitives.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .layout_geometry import (
    BOX,
    LABEL_GAP,
    LABEL_LINE,
    LABEL_PT,
    LEFT,
    LINE,
    RIGHT,
    SECTION_PT,
    WIDTH,
    Block,
    fit_parts,
    pitch,
    r,
)
from .questionnaire import Choice, Item, Questionnaire, nfc

HEADING_PT = {2: 10.5, 3: 10.0}  # a group in a section, a group in that; deeper ones as the last
HEADING_LINE = 4.8
PARENT_LINE = 5.5  # a cascade's parent label above its options


class StructureBlocks:
    if TYPE_CHECKING:
        q: Questionnaire
        questions: list[dict[str, Any]]
        cascades: dict[int, tuple[Item, list[tuple[float, str, Any]]]]

        def paragraph(self, page: int, x: float, y: float, s: str, width: float, size: float,
                      font: str = "regular", align: str = "left", line: float = LINE) -> None: ...
        def text(self, page: int, x: float, y: float, s: str, size: float, font: str = "regular",
                 align: str = "left", right: float | None = None) -> None: ...
        def option_x(self, before: float, width: float, left: float = LEFT, scale: float = 1.0
                     ) -> tuple[float, float]: ...
        @staticmethod
        def n_lines(s: str, width: float, size: float, font: str = "regular") -> int: ...
        def title_lines(self, it: Item) -> list[str]: ...
        def draw_title(self, page: int, y: float, lines: list[str]) -> float: ...
        def option_grid(self, it: Item) -> tuple[list[float], list[list[str]], list[float]]: ...
        def continued_lines(self, it: Item) -> list[str]: ...
        def logic_of(self, it: Item) -> dict[str, str]: ...

    def heading_block(self, it: Item) -> Block:
        """A nested group's title: smaller than a section's, bold italic, kept with what follows it."""
        size = HEADING_PT.get(it.heading, min(HEADING_PT.values())) if it.heading > 1 else SECTION_PT
        indent = 4.0 * min(max(it.heading - 2, 0), 2)
        n = self.n_lines(it.label, WIDTH - indent, size, "bold")

        def draw(page: int, y: float) -> None:
            self.paragraph(page, LEFT + indent, y + 4.0, it.label, WIDTH - indent, size, "bold", line=HEADING_LINE)

        return Block(n * pitch(HEADING_LINE, [it.label]) + 2.0, draw, keep_with_next=True)

    def cascade_groups(self, it: Item) -> list[tuple[str, tuple[Choice, ...]]]:
        """The options under each of the parent question's choices, in its order; those under none last.

        An option whose parent the parent question does not offer (REACH's template cascade keeps placeholder
        communes under `PCODE11`, a district still "to be updated by country"; pyxform accepts it, the phone
        never shows it) is printed with the rest and keeps no parent: no tick above can contradict it."""
        parent = next((p for p in self.q.items() if p.id == it.choice_parent), None)
        if parent is None or not parent.behaviour.shares:
            return [("", it.choices)]
        under: dict[str, list[Choice]] = {}
        for x in it.choices:  # one pass: a long cascade (5,897 unions under 490 upazilas) was scanned per parent
            under.setdefault(x.parent, []).append(x)
        groups = [(c.label, tuple(under.get(c.id, ()))) for c in parent.choices]
        said = Counter(label for label, cs in groups if cs)
        if any(k > 1 for k in said.values()):  # King county in Texas and in Washington: "King (Texas)"
            grand = next((p for p in self.q.items() if p.id == parent.choice_parent), None)
            named = {c.id: c.label for c in grand.choices} if grand is not None else {}
            groups = [(f"{label} ({named[c.parent]})" if said[label] > 1 and named.get(c.parent, label) != label
                       else label, cs)
                      for (label, cs), c in zip(groups, parent.choices)]
        known = {c.id for c in parent.choices}
        rest = tuple(replace(x, parent="") for x in it.choices if x.parent not in known)
        return [g for g in groups if g[1]] + ([("", rest)] if rest else [])

    def cascade_lines(self, it: Item) -> list[tuple[float, str, Any]]:
        """The list's lines, (height, parent label | "", (grid, choices, row) | None), worked out once per question:
        each part of a list over many pages is drawn from them (the wrapping was redone for every part)."""
        kept = self.cascades.get(id(it))
        if kept is not None and kept[0] is it:
            return kept[1]
        lines: list[tuple[float, str, Any]] = []
        for label, cs in self.cascade_groups(it):
            grid = self.option_grid(replace(it, choices=cs))
            if label:
                lines.append((PARENT_LINE, label, None))
            lines += [(h, label, (grid, cs, row)) for row, h in enumerate(grid[2])]
        self.cascades[id(it)] = (it, lines)  # the item is kept with them, so its id is not another's
        return lines

    def cascade_block(self, it: Item, part: tuple[int, int] | None = None,
                      entry: dict[str, Any] | None = None) -> Block:
        """The whole list, grouped under the parent's choices: the respondent finds the commune under the
        district ticked above; what is ticked is read as it is (cascade.py sends a contradiction to review).

        A list taller than a page goes on over the next pages by its lines, each later part titled
        "(tiếp theo)" and a group cut in two named again above its rest."""
        lines = self.cascade_lines(it)
        first, stop = part or (0, len(lines))
        title = self.title_lines(it) if first == 0 else self.continued_lines(it)
        again = first > 0 and lines[first][2] is not None and bool(lines[first][1])
        height = len(title) * pitch(LINE, title) + 1.5 + 2.5 + (PARENT_LINE if again else 0.0) + sum(h for h, _, _ in lines[first:stop])
        shared: dict[str, Any] = {} if entry is None else entry

        def draw(page: int, y: float) -> None:
            y = self.draw_title(page, y, title)
            if again:
                self.text(page, LEFT, y + 3.4, f"{lines[first][1]}:", LABEL_PT, "italic", right=RIGHT)
                y += PARENT_LINE
            opts = []
            for h, label, cell in lines[first:stop]:
                if cell is None:
                    self.text(page, LEFT, y + 3.4, f"{label}:", LABEL_PT, "italic", right=RIGHT)
                    y += h
                    continue
                (cols, labels, _), cs, row = cell
                ncols = len(cols)
                for i in range(row * ncols, min((row + 1) * ncols, len(cs))):
                    bx, right = self.option_x(sum(cols[:i % ncols]), cols[i % ncols])
                    for k, text in enumerate(labels[i]):
                        self.text(page, bx + BOX + LABEL_GAP, y + BOX - 0.9 + k * pitch(LABEL_LINE, labels[i]), text, LABEL_PT,
                                  right=right)
                    opts.append({"id": cs[i].id, "label": nfc(cs[i].label), "parent": cs[i].parent, **cs[i].online,
                                 "box": {"x_mm": r(bx), "y_mm": r(y), "w_mm": BOX, "h_mm": BOX}})
                y += h
            if shared:
                shared["options"] += [{**o, "page": page} if page != shared["page"] else o for o in opts]
                return
            q: dict[str, Any] = {"id": it.id, "type": it.kind.value, "page": page, "number": it.number,
                                 "text": nfc(it.label), "online_title": nfc(it.label), "options": opts,
                                 "filter_by": it.choice_parent}
            if it.behaviour.per_option and it.max_choices:
                q["max_choices"] = it.max_choices
            if it.exclusive:
                q["exclusive"] = list(it.exclusive)
            if it.other_option:
                q["other_option"] = it.other_option
            q.update(self.logic_of(it))
            shared.update(q)
            self.questions.append(shared)

        def split(avail: float, first: float | None = None) -> list[Block]:
            cont = self.continued_lines(it)

            def end(a: int, room: float) -> int:
                named = a and lines[a][2] is not None and lines[a][1]
                top = (len(title) * pitch(LINE, title) if a == 0 else len(cont) * pitch(LINE, cont)) + 4.0 + (PARENT_LINE if named else 0.0)
                b = a + 1
                while b < len(lines) and top + sum(h for h, _, _ in lines[a:b + 1]) <= room:
                    b += 1
                if b < len(lines) and b - a > 1 and lines[b - 1][2] is None:
                    b -= 1  # a group's name stays with its first options
                return b

            return fit_parts(self.q.source, it.id, len(lines), end,
                             lambda a, b, together: self.cascade_block(it, (a, b), together), avail, first)

        splits = part is None and len(lines) > 1
        return Block(height, draw, split=split if splits else None, split_here=split if splits else None)


def subsections(items: tuple[Item, ...], ids_by_item: dict[str, list[str]]) -> list[dict[str, Any]]:
    """A section's titled nested groups for the template, each with every question inside it (a group
    inside a group lists its questions under both)."""
    return [{"id": h.id, "title": nfc(h.label), "level": h.heading,
             "questions": [x for it in items if h.id in it.groups for x in ids_by_item.get(it.id, [])]}
            for h in items if h.heading]
