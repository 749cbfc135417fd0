"""A `repeat` read into a roster Item (split from xlsform_items.py): its columns, the rows it prints, and whether
the count it asks for may run past them.

The rows printed are `repeat_count` when it is a number, else the repeat row's `rows` column, else the most the
answer it names allows (an integer's constraint, the largest number a select of numbers offers, a `range`'s end,
the options `count-selected` counts) up to MAX_COUNTED_ROWS, else DEFAULT_ROSTER_ROWS. A roster whose count may
ask for more (allowed past the rows, unbounded, or no count at all) is marked `roster_more`: paper prints under it
where the others go (layout_roster), its count is kept for the record's check (logic.apply), and build says so once.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .kinds.behaviour import Printed
from .kinds.date import PARTIAL_DATES
from .kinds.xlsform import XlsType
from .logic.expression import Call, Ref, parse_lenient
from .online_only import Why, online_only_reason
from .questionnaire_model import Item, Kind, nfc
from .xlsform_ids import all_of, distinct_columns
from .xlsform_items import DEFAULT_ROSTER_ROWS, MAX_COUNTED_ROWS, MAX_HEADING_NOTE, MAX_ROSTER_ROWS, ItemReader
from .xlsform_sheet import label as _label
from .xlsform_text import MARKED_KEY, UNPRINTED_KEY


class RosterReader(ItemReader):
    """ItemReader's roster builder; xlsform_reader.Reader walks the tree."""

    def roster_rows_notice(self) -> tuple[str, ...]:
        """`build`'s notes on rosters: printed with as many rows as their count's answer allows; and, once, those
        whose count may ask for more than the rows printed (paper says where the others go)."""
        out = []
        if self.bounded_rosters:
            said = ", ".join(self.bounded_rosters)
            out.append(f"bảng kê {said}: in số dòng lớn nhất mà câu ghi ở cột repeat_count cho phép; ít hơn thì ghi "
                       f"cột rows / {said}: printed with the most rows the answer named by repeat_count allows; for "
                       "fewer, write a rows column")
        if self.overflowing:
            vi = ", ".join(f"{n} ({f'đến {m}' if m else 'không giới hạn'}, in {r} dòng)" for n, m, r in self.overflowing)
            en = ", ".join(f"{n} ({f'up to {m}' if m else 'no limit'}, {r} printed)" for n, m, r in self.overflowing)
            out.append(f"bảng kê {vi}: có thể khai nhiều hơn số dòng in; dưới bảng in lời dặn ghi tiếp vào tờ rời kèm "
                       f"phiếu, phiếu khai nhiều hơn số dòng được đưa ra duyệt; cần thêm dòng thì ghi cột rows / {en}: "
                       "more may be counted than the rows printed; a line under the table says to continue on a "
                       "separate sheet attached to the form, and a record counting more goes to review; for more "
                       "rows, write a rows column")
        return tuple(out)

    def _roster(self, node: dict[str, Any], name: str, row: int) -> Item:
        """A `repeat` as one numbered roster: its questions become columns, one printed row per member.

        The rows printed are `repeat_count` when it is a number, else the repeat row's `rows` column, else as
        many as the answer it names allows (up to MAX_COUNTED_ROWS), else DEFAULT_ROSTER_ROWS. What a table cell
        cannot hold (a group, a note, a repeat inside) is left off paper. A column's own `relevant` and `constraint` stay on it, written in the column's names: the
        template rewrites them for each row (`${age}` in row 2 reads `age[2]`, roster.py)."""
        count = nfc(node.get("control", {}).get("jr:count", ""))
        named, _ = count_reads(count)
        if named:  # pyxform turns a number in repeat_count into a calculate named NAME_count
            count = self.calculations.get(named, count)
        sheet_row = self.sheet_rows.get(row, {})  # pyxform does not pass unknown columns on a repeat
        most = int(count) if count.isdigit() else self._count_most(count) if count else None
        rows_raw = count if count.isdigit() else nfc(sheet_row.get("rows", "")) or self._counted_rows(
            most, name) or str(DEFAULT_ROSTER_ROWS)
        if not rows_raw.isdigit() or not 1 <= int(rows_raw) <= MAX_ROSTER_ROWS:
            raise self.survey.fail(row, "rows", f"{rows_raw!r} không phải số dòng từ 1 đến {MAX_ROSTER_ROWS} / is not "
                                   f"a number of rows from 1 to {MAX_ROSTER_ROWS}")
        # a count the rows may not hold (allowed past them, asked with no bound, or no count at all): paper says
        # under the table where the others go, and a record counting more is reviewed (logic.apply)
        more = most is None or most > int(rows_raw)
        if more:
            self.overflowing.append((name, most, int(rows_raw)))
        number = self._numbered()
        columns: list[Item] = []
        notes = [_label(node.get("hint", ""))] if _label(node.get("hint", "")) else []
        listed = len(self.online_only)
        heading, headed = "", False  # a note between a member's questions, and whether a column was put under it
        for c, outer, group in self._roster_children(node.get("children", []), "", ""):
            if XlsType.of(c) is XlsType.repeat:  # a table has no cell for a list of its own: listed, never dropped
                cname = nfc(c.get("name", ""))  # unsaid (onadata's children's survey: a child's cartoons)
                self._online_only(c, cname, self.row_of.get(cname, row), Why.nested)
                continue
            if XlsType.of(c) is XlsType.note and not outer and not c.get("bind", {}).get("relevant"):
                words = _label(c.get("label", ""))  # a member's instruction ("Please provide full names"): said
                if not any(ch.isalnum() for ch in words):  # under the table's title, as a table has no cell for it
                    continue
                if not columns or len(words) > MAX_HEADING_NOTE or "\n" in words:
                    notes.append(words)
                    continue
                # a short one after a member's first question heads the questions that follow (KoboToolbox's
                # repeated matrix: "Quarter 1" then Days, Government, NGOs, four times): said under the title, the
                # four "Days" could not be told apart, so each column under it is titled "Quarter 1: Days"; an
                # instruction ("Can you state everything that … ate yesterday…") stays under the title
                if heading and not headed:
                    notes.append(heading)
                heading, headed = words, False
                continue
            bind = {k: v for k, v in c.get("bind", {}).items() if k != "relevant"}
            saved = self.number
            read = self._each(dict(c, bind=bind), nested=True)  # device-only types are listed as online only
            read = [replace(x, kind=Kind.text, holds=x.kind, lines=1, digits=partial_columns(x), bands=())
                    if x.behaviour.digit_grid else x for x in read]
            # a roster's cell is written, not gridded; its value stays a number or a date, a month-year or year
            # date keeping its precision (its grid's 6 or 4 columns: the written 03/2024 is 2024-03-01)
            self.number = saved
            own = all_of(outer, self._expr(c, "relevant", self.row_of.get(nfc(c.get("name", "")), row)))
            if c.get(UNPRINTED_KEY):  # a column's symbol paper names ("[hamburger]"), kept in its cells' titles online
                read = [replace(x, online_label=nfc(c[UNPRINTED_KEY])) if x.id == nfc(c.get("name", "")) and
                        not x.online_label else x for x in read]
            # a read-only cell's fixed value ("Tag: X", xlsform_reader): the same for every member, said under the title
            if online_only_reason(c) is Why.read_only:
                notes += [x.label for x in read if x.behaviour.printed is Printed.note and x.label]
            kept = [x for x in read if x.behaviour.shares or (x.behaviour.handwritten and not x.other_of)]
            if heading and kept:
                kept, headed = [replace(x, label=f"{heading}: {x.label}") for x in kept], True
            columns += [replace(x, relevant=own, groups=(group,)) if own and x.id == nfc(c.get("name", ""))
                        else replace(x, groups=(group,)) for x in kept]
        if heading and not headed:  # a note after the last question: said under the title, as before
            notes.append(heading)
        # a member's position or barcode is no question the Google Form can ask of that member (it asks each row's
        # cells in turn): asked once at the form's end, OccTax's three "point automatique" read as nobody's
        self.online_only[listed:] = [replace(o, google="") for o in self.online_only[listed:]]
        if not columns:
            raise self.survey.fail(row, "type", f"bảng kê {name!r} không có câu nào in được / roster {name!r} has no "
                                   "question paper can carry; thêm câu select_one, text hoặc integer vào trong")
        # a repeat with no label (pyxform warns, REACH's MSNA 2024 has four) is titled by its name, the words the
        # form gives it: paper printed "Question 19." over the member blocks with nothing after it
        label = _label(node.get("label", ""))
        title = label or name.replace("_", " ").strip().capitalize()
        cells = distinct_columns(columns, name)
        # online, where a respondent reads it before every cell, it is titled by its first question
        # (xlsform_finish: "List of “Name”" in the form's language), never by an identifier
        return Item(Kind.roster, name, title, row, number, columns=cells, roster_rows=int(rows_raw),
                    marked=nfc(node.get(MARKED_KEY, "")), hint="\n".join(notes),
                    online_label="" if label else cells[0].label,
                    roster_count="" if count.isdigit() else count, roster_more=more)

    def _counted_rows(self, most: int | None, roster: str) -> str:
        """The rows a count bounded at `most` prints: all of them up to MAX_COUNTED_ROWS (a household of 9 has
        its rows), else "" (the default; UNHCR's household size `. < 100` would print a booklet of blank rows)."""
        if most is None or not 1 <= most <= MAX_COUNTED_ROWS:
            return ""
        self.bounded_rosters.append(f"{roster} ({most})")
        return str(most)

    def _count_most(self, count: str) -> int | None:
        """The most members a `repeat_count` naming an answer can ask for, as the form bounds that answer: the
        constraint of the integer it names (`${number}` with `. <= 30`), the largest number a select of numbers
        offers, a `range`'s end, the options of the list `count-selected(${machines})` counts; None when the
        form says none."""
        named, counted = count_reads(count)
        if counted and counted in self.seen:
            return len(self.seen[counted].choices)
        if not named:
            return None
        raw = self.sheet_rows.get(self.row_of.get(named, 0), {})
        if XlsType.of({"type": str(raw.get("type", "")).strip()}) is XlsType.range:
            return _range_end(str(raw.get("parameters", "") or ""))
        asked = self.seen.get(named)
        if asked is not None and not asked.behaviour.per_option:  # a select_one of numbers: its largest
            ids = [c.id for c in asked.choices]
            return max(int(i) for i in ids) if ids and all(i.isdigit() for i in ids) else None
        from .logic.bounds import constraint_bounds

        high = constraint_bounds(str(raw.get("constraint", "") or "")).whole().high
        return int(high) if high is not None else None

    def _roster_children(self, children: list[dict[str, Any]], outer: str,
                         group: str) -> list[tuple[dict[str, Any], str, str]]:
        """A repeat's questions with the condition of the groups around them and the innermost group's name:
        a group inside a repeat (a `field-list` page of the member's questions) adds its questions as columns,
        not a sub-heading."""
        out: list[tuple[dict[str, Any], str, str]] = []
        for c in children:
            if XlsType.of(c) is XlsType.group:
                rel = self._expr(c, "relevant", self.row_of.get(nfc(c.get("name", "")), 0))
                out += self._roster_children(c.get("children", []), all_of(outer, rel), nfc(c.get("name", "")))
            else:
                out.append((c, outer, group))
        return out



def count_reads(count: str) -> tuple[str, str]:
    """What a `repeat_count` is, read by the XPath parser as every rule is: (the answer it is, "") for `${n}` (or a
    path to n), ("", the select whose choices it counts) for `count-selected(${m})`, ("", "") for anything else
    (a number, a sum, a calculation)."""
    match parse_lenient(count) if count else None:
        case Ref(name):
            return name, ""
        case Call("count-selected", (Ref(name),)):
            return "", name
    return "", ""


def partial_columns(item: Item) -> int:
    """A month-year or year date's grid columns (6, 4), which a roster's written date column keeps; else 0."""
    return item.digits if item.behaviour.dated and item.digits in PARTIAL_DATES else 0


def _range_end(parameters: str) -> int | None:
    """A `range`'s largest value from its parameters ("start=1 end=12 step=1"; pyxform's default end is 10)."""
    said = dict(p.split("=", 1) for p in parameters.replace(";", " ").replace(",", " ").split() if "=" in p)
    try:
        end = float(said.get("end", 10))
    except ValueError:
        return None
    return int(end) if end >= 0 else None
