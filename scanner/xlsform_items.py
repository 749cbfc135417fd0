"""How each kind of XLSForm row is read into a questionnaire Item (split from questionnaire.py): a range, a number
or date grid, a box to write in, a choice question, a table-list grid, a nested group (a repeat as a roster: xlsform_roster).

`ItemReader` holds the reading's state (the sheet, its rows, the numbering, the choice questions seen so far);
xlsform_reader.Reader adds the walk over the form tree that calls these builders. Each builder raises the
sheet's own TemplateError for a cell it cannot use; the walk collects them so all are reported at once.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Any

from .cascade import FilterTerm, cascade_filter, distinct_under_parents, filter_terms, grouping_term, nearest_parents
from .errors import TemplateError
from .fonts import bare
from .kinds.date import APPEARANCE_COLUMNS
from .kinds.date import COLUMNS as DATE_COLUMNS
from .kinds.number import digits_for, digits_named
from .kinds.xlsform import XlsType
from .logic.choices import classify_constraint, write_in_of
from .logic.expression import ExpressionError, absent_steps_as_empty, parse
from .online_only import OnlineOnly, Why, google_kind
from .phrases import Language
from .plugin_cells import as_cells
from .questionnaire_model import Choice, GridRow, Item, Kind, nfc
from .unlabelled import StandIn
from .xlsform_ids import completes
from .xlsform_matrix import as_matrices
from .xlsform_sheet import Sheet as _Sheet
from .xlsform_sheet import label as _label
from .xlsform_sheet import yes as _yes
from .xlsform_text import (
    MARKED_HINT_KEY,
    MARKED_KEY,
    UNPRINTED_KEY,
    LanguageChoice,
    plain,
)

MAX_RANGE_OPTIONS = 11
DEFAULT_DIGITS = 3  # an integer's columns when neither `digits` nor its constraint says
MAX_DIGITS = 12
DEFAULT_TEXT_LINES = 3
DEFAULT_ROSTER_ROWS = 6
MAX_ROSTER_ROWS = 200  # rows past a page continue on the next
MAX_COUNTED_ROWS = 30  # a roster printed with as many rows as the answer counting it allows, up to this many
OTHER_LABEL = "Khác (ghi rõ)"
# pyxform's three spellings of or_other (its RE_SELECT): pyxform's specify_other.csv writes "select one from sexes or
# specify other", whose write-in paper printed "Khác (ghi rõ)" under an English question
MAX_HEADING_NOTE = 40  # characters: a roster's note this short between its questions is a heading of the next ones
_OR_OTHER = re.compile(r"\s(?:or_other|or specify other|or other)\s*$", re.IGNORECASE)


class ItemReader:
    """The reading's state and the builders of each kind of row; the walk is xlsform_reader.Reader's."""

    def __init__(self, file: str, survey: _Sheet, settings: dict[str, str], language: LanguageChoice | None = None,
                 stem: str = "", notices: tuple[str, ...] = ()) -> None:
        self.file, self.survey, self.settings = file, survey, settings
        self.language = language or LanguageChoice(None, (), "only", Language.vi)
        self.stem, self.notices = stem, notices
        self.problems: list[TemplateError] = []
        self.online_only: list[OnlineOnly] = []
        self.or_other: set[str] = {nfc(r.get("name")) for _, r in survey.rows if _OR_OTHER.search(str(r.get("type", "")))}
        self.sheet_rows = dict(survey.rows)  # row number -> its raw columns, which pyxform may not pass on
        self.row_of: dict[str, int] = {}
        for n, r in survey.rows:
            if r.get("name"):
                self.row_of.setdefault(nfc(r["name"]), n)
        self.number = 0
        self.breakdowns: list[str] = []
        self.calculations: dict[str, str] = {}
        self.repeat_counts: set[str] = set()  # fields a repeat's count names (`${member_count}`)
        self.seen: dict[str, Item] = {}  # choice questions read so far, for the write-ins that follow them
        # each `relevant` as written at its own row (a group's at its begin_group row): build's notes on an option
        # a condition misspells name the cell that says it (xlsform_ids.unknown_options), once
        self.conditions: dict[tuple[int, str], None] = {}
        self.last_saved: dict[str, None] = {}  # `last-saved#q` names the rules read
        self.lists: dict[str, Any] = {}  # the choices sheet's lists, for a select pyxform left them off (randomize)
        self.constraint_messages: dict[str, str] = {}  # the form's own words for a broken constraint, by name
        self.default_width: list[str] = []  # numbers printed at DEFAULT_DIGITS: the form says no width
        self.bounded_rosters: list[str] = []  # rosters printed with as many rows as their count's answer allows
        # rosters whose count may ask for more than the rows printed: (name, the most it allows or None, rows)
        self.overflowing: list[tuple[str, int | None, int]] = []
        self.repeated_choices: dict[str, list[str]] = {}  # list -> names it says twice (allow_choice_duplicates)
        self.relabelled_choices: set[str] = set()  # those of them printed with two labels or more
        self.flat_filters: dict[str, str] = {}  # question -> a choice_filter not understood (its list printed whole)
        self.side_filters: dict[str, list[str]] = {}  # question -> the parents its filter names side by side
        self.unlabelled: dict[str, StandIn] = {}  # questions printed without a label of their own (unlabelled)

    def _constraint_message(self, node: dict[str, Any]) -> str:
        """`constraint_message` (pyxform's jr:constraintMsg) in the printed label language, else any it has."""
        value = node.get("bind", {}).get("jr:constraintMsg", "")
        if isinstance(value, dict):
            key = self.language.key
            value = value.get(key) if key and str(value.get(key) or "").strip() else (
                value.get("default") or next((v for v in value.values() if str(v or "").strip()), ""))
        return bare(plain(str(value or ""), for_paper=False))

    def _each(self, node: dict[str, Any], nested: bool, inherited: str = "", depth: int = 1) -> list[Item]:
        """One element of the form; its problem is noted and the reading goes on, so all are reported at once."""
        try:
            return self._element(node, nested, depth, inherited)
        except TemplateError as e:
            self.problems.append(e)
            return []

    def _online_only(self, node: dict[str, Any], name: str, row: int, why: Why) -> list[Item]:
        choices = tuple(nfc(c.get("label") or c.get("name")) for c in node.get("choices", []) or [])
        if XlsType.of(node) is XlsType.entity:  # pyxform's `entity` element, named by its dataset: "entity (trees)"
            dataset = next((str(a.get("value", "")) for a in node.get("children", []) or []
                            if a.get("name") == "dataset"), "")
            name = f"{name} ({dataset})" if dataset else name
        self.online_only.append(OnlineOnly(name, str(node.get("type", "")), why, _label(node.get("label", "")), row,
                                           google=google_kind(node), choices=choices))
        return []

    def _range(self, node: dict[str, Any], name: str, label: str, row: int, required: bool, hint: str,
               relevant: str) -> list[Item]:
        """A range's values as options when few enough to print, else a digit grid for whole numbers from 0 up,
        else a box for the number."""
        p = node.get("parameters", {}) or {}
        try:
            start, end, step = (float(p.get(k, d)) for k, d in (("start", 1), ("end", 10), ("step", 1)))
            count = int(round((end - start) / step)) + 1 if step else 0
        except ValueError:
            count = 0
        if 1 <= count <= MAX_RANGE_OPTIONS:
            values = [start + i * step for i in range(count)]
            choices = tuple(Choice(f"{v:g}", f"{v:g}") for v in values)
            return [Item(Kind.single, name, label, row, self._numbered(), choices, 1, required=required, hint=hint,
                         relevant=relevant)]
        whole = count > MAX_RANGE_OPTIONS and 0 <= start < end and all(v == int(v) for v in (start, end, step))
        if whole and step > 0 and len(str(int(end))) <= MAX_DIGITS:
            # whole numbers from 0 up (HOT's "Number of floors", 0 to 17): a digit grid the scanner reads, its
            # bounds (and step) the constraint every answer is checked against, as a phone's slider allows no other;
            # written as integers (1e+06 is no XLSForm number); more digits than a grid holds: the box below
            low, high, by = int(start), int(end), int(step)
            bounds = f". >= {low} and . <= {high}"
            if by != 1:
                bounds += f" and (. - {low}) mod {by} = 0" if low else f" and . mod {by} = 0"
            return [Item(Kind.number, name, label, row, self._numbered(), required=required, hint=hint,
                         relevant=relevant, constraint=bounds, xls_type=XlsType.integer, digits=len(str(high)),
                         marked=nfc(node.get(MARKED_KEY, "")))]
        return [Item(Kind.text, name, label, row, self._numbered(), lines=1, required=required, hint=hint,
                     relevant=relevant, xls_type=XlsType.decimal)]

    def _digits(self, node: dict[str, Any], name: str, label: str, row: int, kind: XlsType, required: bool, hint: str,
                relevant: str, constraint: str) -> Item:
        """An integer, decimal or date as a digit grid: its columns from `digits` and `decimals`, or from the
        constraint's range; a decimal's `bands` as rising lower bounds (“0 18 60”)."""
        sheet_row = self.sheet_rows.get(row, {})

        def column(key: str) -> str:
            return nfc(node.get(key, "")) or nfc(sheet_row.get(key, ""))

        if kind is XlsType.date:
            words = str((node.get("control") or {}).get("appearance", "")).lower().split()
            columns = min([APPEARANCE_COLUMNS[w] for w in words if w in APPEARANCE_COLUMNS], default=DATE_COLUMNS)
            return Item(Kind.date, name, label, row, self._numbered(), required=required, hint=hint, relevant=relevant,
                        constraint=constraint, xls_type=kind, digits=columns, marked=nfc(node.get(MARKED_KEY, "")))
        decimals_raw = column("decimals") or ("1" if kind is XlsType.decimal else "0")
        if not decimals_raw.isdigit() or int(decimals_raw) > 4 or (kind is XlsType.integer and int(decimals_raw)):
            raise self.survey.fail(row, "decimals", f"{decimals_raw!r} không phải số chữ số thập phân từ 0 đến 4 / is not "
                                   "a number of decimal places from 0 to 4 (0 for an integer)")
        decimals = int(decimals_raw)
        said = digits_for(constraint) or (digits_named(name, bare(label)) if kind is XlsType.integer else 0)
        digits_raw = column("digits") or str((said or DEFAULT_DIGITS) + decimals)
        if not digits_raw.isdigit() or not decimals < int(digits_raw) <= MAX_DIGITS:
            raise self.survey.fail(row, "digits", f"{digits_raw!r} không phải số chữ số từ {decimals + 1} đến {MAX_DIGITS} "
                                   f"/ is not a number of digits from {decimals + 1} to {MAX_DIGITS}")
        try:
            bands = tuple(float(b) for b in column("bands").replace(",", " ").split())
        except ValueError:
            bands = (-1.0,)
        if list(bands) != sorted(set(bands)) or any(b < 0 for b in bands):
            raise self.survey.fail(row, "bands", f"{column('bands')!r}: ghi các mốc tăng dần, cách nhau bởi dấu cách "
                                   "(vd. “0 18 60”) / write rising lower bounds separated by spaces")
        item = Item(Kind.number, name, label, row, self._numbered(), required=required, hint=hint, relevant=relevant,
                    constraint=constraint, xls_type=kind, digits=int(digits_raw), decimals=decimals, bands=bands,
                    marked=nfc(node.get(MARKED_KEY, "")))
        if not column("digits") and not said:
            self.default_width.append(name)
        return item

    def width_notice(self) -> tuple[str, ...]:
        """`build`'s note naming the numbers printed at the default width because the form says none (no `digits`
        column, range, length or year asked: a parcel number asked as a bare integer gets 3 columns and cannot be
        written), by the names the survey sheet gives them (the printed numbers come later), and how to widen them."""
        if not self.default_width:
            return ()
        said = ", ".join(self.default_width)
        top = 10 ** DEFAULT_DIGITS - 1
        return (f"câu {said}: in {DEFAULT_DIGITS} chữ số (đến {top}) vì bảng hỏi không ghi cột digits hay khoảng giá "
                f"trị (constraint); cần nhiều hơn (một năm, số điện thoại, mã số) thì thêm cột digits vào trang survey "
                f"và ghi số chữ số ở dòng của câu đó, vd. 4 cho một năm / {said}: printed with {DEFAULT_DIGITS} digits "
                f"(up to {top}): the form gives no digits column or range; for more (a year, a phone or ID number) add "
                "a digits column to the survey sheet and write the count on the question's row, e.g. 4 for a year",)

    def repeated_choices_notice(self) -> tuple[str, ...]:
        """`build`'s note on a list that names a choice twice where the settings allow it: printed once."""
        def how(twice: list[str]) -> tuple[str, str]:
            if any(n in self.relabelled_choices for n in twice):
                return ("in một lần, với nhãn của mọi dòng (“A / B”), trả lời trực tuyến theo nhãn nào cũng được",
                        "printed once, with every row's label (“A / B”); an online answer naming either is read")
            return "in một lần, với nhãn của dòng đầu", "printed once, with the first row's label"

        return tuple(f"trang choices, danh sách {name!r}: phương án {', '.join(map(repr, twice))} ghi hơn một lần "
                     f"(allow_choice_duplicates); {how(twice)[0]} / the list names "
                     f"{', '.join(map(repr, twice))} more than once; {how(twice)[1]}"
                     for name, twice in self.repeated_choices.items())

    def filters_notice(self) -> tuple[str, ...]:
        """`build`'s one note on the choice filters whose list prints whole and ungrouped: those not understood, and
        those naming parents side by side (no one parent decides where a choice goes)."""
        def short(f: str) -> str:  # a filter on one line, cut where it is long (REACH's ten `or`s)
            f = " ".join(f.split())
            return f if len(f) <= 90 else f[:89] + "…"

        said = [f"{q} ({short(f)})" for q, f in self.flat_filters.items()]
        said += [f"{q} ({' + '.join(ps)})" for q, ps in self.side_filters.items()]
        if not said:
            return ()
        return (f"choice_filter của câu {'; '.join(said)}: không có một câu nào quyết định phương án thuộc nhóm nào, "
                "in cả danh sách, không chia nhóm / no one question decides where a choice goes (a filter not "
                "understood, or parents side by side): the whole list printed, ungrouped",)

    def _expr(self, node: dict[str, Any], column: str, row: int) -> str:
        """A relevant or constraint as written (a bare step naming nothing in the form read as ""), refused (with its
        cell) only when it is no expression at all."""
        text = nfc(node.get("bind", {}).get(column, "") or "")
        if text:
            try:
                parse(text)
            except ExpressionError as e:
                raise self.survey.fail(row, column, f"{text!r} không đọc được như biểu thức XLSForm / is not an "
                                       f"XLSForm expression ({e}); hãy sửa cú pháp") from None
            text = absent_steps_as_empty(text, self.row_of)
            # `${last-saved#q}`: the phone's previous record of the form; paper has none, so a rule reading it is
            # unknown (listed in the template's other_fields), never a reason to refuse the form
            self.last_saved.update(dict.fromkeys(re.findall(r"\$\{\s*(last-saved#[^}\s]+)\s*\}", text)))
            if column == "relevant" and text:
                self.conditions[(row, text)] = None
        return text

    def _numbered(self) -> str:
        self.number += 1
        return str(self.number)

    def _text(self, node: dict[str, Any], name: str, label: str, row: int, xls: XlsType, required: bool, hint: str,
              own: str, inherited: str, relevant: str, constraint: str) -> Item:
        """A box to write in: a text (its `lines`), a time or a datetime (one line), or the write-in completing
        the option of a choice question read before it (then unnumbered, under that question)."""
        other_of, other_option = None, None
        target = write_in_of(own) if own and xls is XlsType.text else None
        completed = self.seen.get(target[0]) if target else None
        if target and completed and completes(completed, target[1], label):
            other_of, other_option = target
            relevant = inherited  # the write-in line says its own condition
            if other_option == "other" and label == "Specify other.":
                label = OTHER_LABEL  # pyxform's own write-in for or_other
        default_lines = 1 if xls is not XlsType.text or other_of else DEFAULT_TEXT_LINES
        lines_raw = nfc(node.get("lines", "")) or str(default_lines)
        if not lines_raw.isdigit() or not 1 <= int(lines_raw) <= 20:
            raise self.survey.fail(row, "lines", f"{lines_raw!r} không phải số dòng từ 1 đến 20 / is not a number of lines from 1 to 20")
        number = "" if other_of else self._numbered()
        return Item(Kind.text, name, label, row, number, other_of=other_of, other_option=other_option,
                    lines=int(lines_raw), required=required, hint=hint, relevant=relevant, constraint=constraint,
                    xls_type=xls, marked=nfc(node.get(MARKED_KEY, "")), marked_hint=nfc(node.get(MARKED_HINT_KEY, "")))

    def _subsection(self, node: dict[str, Any], name: str, row: int, depth: int, relevant: str = "") -> list[Item]:
        """A group inside a section: its label a sub-heading (none when it has no label, as a `field-list`
        wrapper often has), its questions numbered on through the section; its condition holds for each."""
        label = _label(node.get("label", ""))
        head = [Item(Kind.note, name, label, row, heading=depth + 1)] if label else []
        inner = [it for c in as_matrices(node.get("children", []), node.get("label", "")) for it in self._each(c, True, relevant, depth + 1)]
        return head + [replace(it, groups=(name, *it.groups)) for it in self.group_hint(node, name, row) + inner]

    @staticmethod
    def group_hint(node: dict[str, Any], name: str, row: int) -> list[Item]:
        """A group's hint as a note under its title: a phone shows it there, and forms put the enumerator's
        instructions in it ("[Enumerator note: Please read the following statements to the respondent.]")."""
        hint = _label(node.get("hint", ""))
        if not any(ch.isalnum() for ch in hint):
            return []
        return [Item(Kind.note, name, "", row, hint=hint, marked_hint=nfc(node.get(MARKED_HINT_KEY, "")))]

    def _cascade(self, node: dict[str, Any]) -> FilterTerm | None:
        """The part of a `choice_filter` the list is grouped by (cascade.cascade_filter)."""
        return cascade_filter(str(node.get("choice_filter", "") or ""), self._filtered_by())

    def _filtered_by(self) -> dict[str, str | None]:
        """Each question read so far -> the question its own list is grouped under (cascade.cascade_filter)."""
        return {k: it.choice_parent for k, it in self.seen.items()}

    def _listed(self, node: dict[str, Any]) -> list[dict[str, Any]]:
        """The select's rows of the choices sheet: pyxform gives them on the question, but not for a list it
        leaves to the phone's itemset (`parameters` randomize=true): then the choices sheet's list by name."""
        return list(node.get("choices") or self.lists.get(str(node.get("itemset", "")), []) or [])

    def _choices(self, node: dict[str, Any], row: int) -> tuple[Choice, ...]:
        """The list, each choice with its parent when a `choice_filter` names one (paper prints them all)."""
        written = str(node.get("choice_filter", "") or "")
        terms = filter_terms(written)
        term = grouping_term(terms, self._filtered_by())
        listed = self._listed(node)
        parent = self.seen.get(term.question) if term else None
        ids = tuple(c.id for c in parent.choices) if parent is not None else ()
        choices = tuple(Choice(nfc(c["name"]), _label(c.get("label", c["name"])),
                               term.parent_of(nfc(c.get(term.column, "")), ids) if term else "",
                               nfc(c.get(MARKED_KEY, "")), nfc(c.get(UNPRINTED_KEY, "")))
                        for c in listed)
        name = nfc(node.get("name", ""))
        if terms is None:  # a filter naming a question in a way not understood: the whole list, ungrouped
            self.flat_filters.setdefault(name, written)
        elif len(terms) > 1 and term is None:  # no term's question filtered by another's: parents side by side
            self.side_filters.setdefault(name, [t.question for t in terms])
        if parent is not None and terms and len(terms) > 1:
            choices = nearest_parents(choices, [{k: nfc(v) for k, v in c.items() if isinstance(v, str)}
                                                for c in listed], [(t.column, t.question) for t in terms],
                                      parent.choices, parent.choice_parent)
        if term:
            choices = distinct_under_parents(choices)
        twice = sorted(n for n, k in Counter(c.id for c in choices).items() if k > 1)
        if twice and _yes(self.settings.get("allow_choice_duplicates", "")):
            # pyxform lets the list say a name twice; a phone records the same value from either line, so paper
            # prints the name once, with each of its labels when they differ ("Kitchen / Cooking area"), an answer
            # online is read from any of them, and build says so
            choices = merge_repeated(choices)
            self.repeated_choices.setdefault(str(node.get("list_name", "") or node.get("itemset", "")), twice)
            self.relabelled_choices |= {c.id for c in choices if c.also}
        elif twice:
            raise self.survey.fail(row, "type", f"danh sách có phương án trùng tên {', '.join(map(repr, twice))} / the "
                                   "list names a choice twice; mỗi phương án một tên (cột name của trang choices)")
        choices = as_cells(choices, str((node.get("control") or {}).get("appearance", "")))
        if not choices:
            raise self.survey.fail(row, "type", "danh sách không có phương án nào / the list has no choices; thêm các dòng vào trang choices")
        return choices

    def _select(self, node: dict[str, Any], name: str, label: str, row: int, multiple: bool, required: bool,
                hint: str) -> list[Item]:
        """A choice question; the option a write-in completes is set once the whole form is read."""
        choices = self._choices(node, row)
        constraint = self._expr(node, "constraint", row)
        rule = classify_constraint(constraint, [c.id for c in choices]) if constraint and multiple else None
        max_choices, exclusive = (rule.max_choices, rule.exclusive) if rule else (None, ())
        if rule:
            constraint = ""  # printed and checked as the choice rule itself
        # or_other: pyxform adds the choice "other" (and its write-in, read as any other write-in); a list of one
        # choice (a consent "Yes, I agree") prints as a single box
        cascade = self._cascade(node)
        if cascade and cascade.question not in self.seen:  # `${q0} = cf`, q0 a text: no parent choice to group by
            cascade = None
        return [Item(Kind.multiple if multiple else Kind.single, name, label, row, self._numbered(), choices,
                     max_choices if multiple else 1, exclusive, required=required, hint=hint, constraint=constraint,
                     choice_parent=cascade.question if cascade else None)]

    def _grid(self, node: dict[str, Any], name: str, row: int) -> Item:
        rows: list[GridRow] = []
        choices: tuple[Choice, ...] = ()
        list_name = None
        for c in node.get("children", []):
            cname = str(c.get("name", ""))
            if cname.startswith(("generated_table_list_label", "reserved_name_for_field_list_labels")):
                continue
            crow = self.row_of.get(nfc(cname), row)
            if XlsType.of(c) is not XlsType.select_one:
                raise self.survey.fail(crow, "type", "bảng (nhóm table-list) chỉ chứa câu select_one / a grid (table-list group) holds only "
                                         "select_one rows")
            if list_name is not None and c.get("list_name") != list_name:
                raise self.survey.fail(crow, "type", f"mọi dòng của bảng {name!r} phải dùng danh sách {list_name!r} / every row of grid "
                                         f"{name!r} must use list {list_name!r}")
            list_name = c.get("list_name")
            choices = self._choices(c, crow)
            rows.append(GridRow(nfc(cname), _label(c.get("label", "")), self._expr(c, "relevant", crow),
                                nfc(c.get(MARKED_KEY, "")), nfc(c.get(UNPRINTED_KEY, ""))))
        if not rows:
            raise self.survey.fail(row, "type", f"bảng {name!r} không có dòng nào / grid {name!r} has no rows; thêm câu select_one vào trong")
        titled = node if _label(node.get("label", "")) else next(  # pyxform moves a table-list's label into a note
            (c for c in node.get("children", []) if str(c.get("name", "")).startswith("generated_table_list_label")),
            {})
        return Item(Kind.grid, name, _label(titled.get("label", "")), row, self._numbered(), choices, rows=tuple(rows),
                    marked=nfc(titled.get(MARKED_KEY, "")), hint=_label(titled.get("hint", "")),
                    marked_hint=nfc(titled.get(MARKED_HINT_KEY, "")))

    def _rank(self, node: dict[str, Any], name: str, label: str, row: int, required: bool, hint: str,
              relevant: str) -> Item:
        """A `rank` printed as a grid: a row per option, a column per position 1..N (pyxform's `rank` ranks every
        option; its only parameters, randomize and seed, are a phone's display order). Each row is read as the
        single position marked for its option, and the rows together as the order (scanner/ranking.py)."""
        choices = self._choices(node, row)
        rows = tuple(GridRow(f"{name}/{c.id}", c.label, marked=c.marked, online_label=c.online_label, option=c.id)
                     for c in choices)
        positions = tuple(Choice(str(k), str(k)) for k in range(1, len(choices) + 1))
        return Item(Kind.rank, name, label, row, self._numbered(), positions, rows=rows, required=required,
                    hint=hint, relevant=relevant, marked=nfc(node.get(MARKED_KEY, "")),
                    marked_hint=nfc(node.get(MARKED_HINT_KEY, "")))

    def _element(self, node: dict[str, Any], nested: bool, depth: int = 1, inherited: str = "") -> list[Item]:
        raise NotImplementedError  # xlsform_reader.Reader: the walk over the form tree


def merge_repeated(choices: tuple[Choice, ...]) -> tuple[Choice, ...]:
    """A list naming a choice twice (allow_choice_duplicates) as one choice each, in the first row's place: its
    label the labels of its rows joined by " / " when they differ (a phone shows either line and records the one
    value), the labels `also` an online answer may name it by."""
    rows: dict[str, list[Choice]] = {}
    for c in choices:
        rows.setdefault(c.id, []).append(c)
    out = []
    for same in rows.values():
        by_label: dict[str, Choice] = {}
        for c in same:
            by_label.setdefault(c.label, c)
        if len({" ".join(bare(x).split()).casefold() for x in by_label}) < 2:
            out.append(same[0])
            continue
        marked = " / ".join(c.marked or c.label for c in by_label.values()) if any(
            c.marked for c in by_label.values()) else ""
        out.append(replace(same[0], label=" / ".join(by_label), marked=marked, also=tuple(by_label)))
    return tuple(out)
