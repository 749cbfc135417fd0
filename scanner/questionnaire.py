"""The questionnaire as an XLSForm (the ODK/KoboToolbox spreadsheet standard), read into a typed model.

pyxform, the reference implementation, checks the workbook and builds the
form tree; this module keeps only what paper can print and read, and names
the sheet, row and column of anything it cannot. The paper layout
(layout.py) and the Google Form (online_form.py) are both made from this
model, so the two can never disagree on a title, an option or a rule.

What the spreadsheet says, and how it is read:
- `select_one LIST`, `select_multiple LIST` (`or_other` adds "Khác (ghi rõ)"
  with its write-in); a select_multiple's `constraint` that amounts to "at
  most N" and/or "X excludes the others", however it is spelt, is found by
  evaluating it (logic/choices.py) and printed; any other `constraint` is
  kept as an expression each record is checked against;
- `relevant` (on a question or a group) is kept as an expression: printed as
  the instruction a respondent follows and applied to every record;
- `text` (a box; the `lines` column says how many lines, default 3), a `text`
  whose `relevant` is `selected(${Q}, 'X')` or `${Q} = 'X'` is the write-in
  completing option X;
- `note` (printed text), `begin_group`/`end_group` (a section; with appearance
  `table-list` a grid of `select_one` rows sharing one list);
- `integer`, `decimal`, `date` (a digit grid); `time`, `datetime` (a one-line box); `acknowledge`
  and a one-option select (a single box); `range` (its values as options when
  there are at most 11, else a one-line box);
- what paper cannot hold (GPS, media, device metadata, calculations, choices
  from a file, rankings, any type paper has no form for) stays online only:
  listed in `Questionnaire.online_only`, never a refusal (online_only.py); a
  form with nothing else is an online-only questionnaire of no paper pages;
- `label::Language (code)` columns: one language is printed (xlsform_text.py),
  and the printed frame's fixed phrases follow it (phrases.py);
- `settings`: form_title (else the file's name), form_id, version (their
  sheet-code forms in survey_code.py; `form_code` chooses the survey code),
  default_language, frame_language (the printed frame's language, over the
  labels'), and this toolkit's columns subtitle, issuer, issuer_unit,
  header (`party`: the Party's header, `nation`: the national motto, else none),
  instructions, closing, unit_question, unit_after (the question the Google Form
  asks the unit after; first if empty), breakdowns (question names,
  space-separated; or a `breakdown` column = yes on the question's row) and
  example (yes: the printed form says it is an example).

Problems are collected, not stopped at: `TemplateProblems` names every one.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any, assert_never

from .cascade import cascade_filter, distinct_under_parents
from .errors import TemplateError, TemplateProblems
from .kinds import TEMPLATE_KINDS
from .kinds.behaviour import Printed
from .kinds.date import APPEARANCE_COLUMNS
from .kinds.date import COLUMNS as DATE_COLUMNS
from .kinds.number import digits_for
from .kinds.registry import behaviour
from .kinds.xlsform import PAPER_KIND, ROSTER_CELL_TYPES, XlsType
from .logic.choices import classify_constraint, write_in_of
from .logic.expression import ExpressionError, parse
from .online_only import OnlineOnly, Why, google_kind, normalise_types, online_only_reason
from .phrases import Language, frame_named, phrase
from .questionnaire_model import Choice, GridRow, Item, Kind, Questionnaire, Section, nfc
from .survey_code import BadFormCode, survey_code, version_code
from .xlsform_sheet import Sheet as _Sheet
from .xlsform_sheet import header_kind, problem_order, pyxform_notices, read_workbook
from .xlsform_sheet import label as _label
from .xlsform_sheet import yes as _yes
from .xlsform_text import (
    MARKED_HINT_KEY,
    MARKED_KEY,
    LanguageChoice,
    UnknownLanguage,
    choose_language,
    finish_words,
    localise,
    not_on_paper_right_to_left,
    right_to_left,
)

__all__ = ["Choice", "GridRow", "Item", "Kind", "Questionnaire", "Section", "load_questionnaire", "nfc"]

MAX_RANGE_OPTIONS = 11
DEFAULT_DIGITS = 3  # an integer's columns when neither `digits` nor its constraint says
MAX_DIGITS = 12
DEFAULT_TEXT_LINES = 3
DEFAULT_ROSTER_ROWS = 6
MAX_ROSTER_ROWS = 200  # rows past a page continue on the next
OTHER_LABEL = "Khác (ghi rõ)"
DEFAULT_UNIT_QUESTION = "Đơn vị công tác hoặc xã, thị trấn nơi cư trú"


def _repeat_counts(node: dict[str, Any]) -> set[str]:
    """The fields the form's repeats take their count from (`repeat_count` 3 is pyxform's `${member_count}`)."""
    out = set()
    for c in node.get("children", []):
        named = re.fullmatch(r"\$\{([^}]+)\}", nfc(c.get("control", {}).get("jr:count", "")))
        if XlsType.of(c) is XlsType.repeat and named:
            out.add(named.group(1))
        out |= _repeat_counts(c)
    return out


def _calculations(node: dict[str, Any]) -> dict[str, str]:
    """Every `calculate` of the form tree by name: a roster's row count may be one."""
    out = {}
    for c in node.get("children", []):
        if XlsType.of(c) is XlsType.calculate:
            out[nfc(c.get("name", ""))] = nfc(c.get("bind", {}).get("calculate", ""))
        out.update(_calculations(c))
    return out


def load_questionnaire(path: str | Path, lang: str | None = None, frame: str | None = None) -> Questionnaire:
    """Reads and checks an XLSForm; every refusal names the file, sheet, row and column, all of them at once.

    `lang` chooses the label language when the form has several (a name such as "English" or a code "en");
    `frame` (else the settings' `frame_language`) the printed frame's, when the labels' own is not wanted."""
    book = read_workbook(path)
    try:
        choice = choose_language(book.tree, lang, book.settings.get("default_language", ""))
    except UnknownLanguage as e:
        raise TemplateError(book.file, "build --lang", str(e)) from None
    choice = _frame_chosen(book.file, choice, frame, book.settings.get("frame_language", ""))
    rtl = right_to_left(book.tree, choice.key)
    localise(book.tree, choice.key, for_paper=not rtl)
    normalise_types(book.tree)
    notices = [choice.notice()] if choice.notice() else []
    notices += [not_on_paper_right_to_left(choice)] if rtl else []
    notices += pyxform_notices(book.warnings)
    q = _Reader(book.file, book.survey, book.settings, choice, Path(path).stem, tuple(notices)).read(book.tree)
    return replace(q, right_to_left=rtl)


def _frame_chosen(file: str, choice: LanguageChoice, frame: str | None, setting: str) -> LanguageChoice:
    """The frame `build --frame` or the settings' `frame_language` names, over the one the labels give."""
    wanted, where = (frame, "build --frame") if frame else (setting.strip(), "trang settings, cột frame_language")
    if not wanted:
        return choice
    named = frame_named(wanted)
    if named is None:
        raise TemplateError(file, where, f"{wanted!r} không phải ngôn ngữ khung in có sẵn / is not a frame language "
                            f"this toolkit has; ghi một trong / write one of: {', '.join(x.value for x in Language)}")
    return replace(choice, frame=named, frame_how="--frame" if frame else "frame_language")


class _Reader:
    def __init__(self, file: str, survey: _Sheet, settings: dict[str, str], language: LanguageChoice | None = None,
                 stem: str = "", notices: tuple[str, ...] = ()) -> None:
        self.file, self.survey, self.settings = file, survey, settings
        self.language = language or LanguageChoice(None, (), "only", Language.vi)
        self.stem, self.notices = stem, notices
        self.problems: list[TemplateError] = []
        self.online_only: list[OnlineOnly] = []
        self.or_other: set[str] = {nfc(r.get("name")) for _, r in survey.rows if "or_other" in str(r.get("type", ""))}
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

    def read(self, tree: dict[str, Any]) -> Questionnaire:
        self.calculations = _calculations(tree)
        self.repeat_counts = _repeat_counts(tree)
        sections: list[Section] = []
        loose: list[Item] = []
        for child in tree.get("children", []):
            group = XlsType.of(child) is XlsType.group
            if group and child.get("name") == "meta":
                continue  # pyxform's own instanceID
            if group and not self._is_grid(child):
                if loose:
                    sections.append(Section("", "", tuple(loose)))
                    loose = []
                items: list[Item] = []
                try:
                    inherited = self._expr(child, "relevant", self.row_of.get(nfc(child.get("name", "")), 0))
                except TemplateError as e:
                    self.problems.append(e)
                    inherited = ""
                for c in child.get("children", []):
                    items += self._each(c, nested=True, inherited=inherited)
                sections.append(Section(nfc(child["name"]), _label(child.get("label", "")), tuple(items)))
            else:
                loose += self._each(child, nested=False)
        if loose:
            sections.append(Section("", "", tuple(loose)))
        items = [it for s in sections for it in s.items]
        sections = _unique_ids(sections)
        completed = {it.other_of: it.other_option for it in items if it.other_of}
        sections = [Section(s.id, s.title, tuple(replace(it, other_option=completed[it.id]) if it.id in completed
                                                 else it for it in s.items)) for s in sections if s.items]
        items = [it for s in sections for it in s.items]
        breakdowns = self.breakdowns + [b for b in self.settings.get("breakdowns", "").replace(",", " ").split()
                                        if b not in self.breakdowns]
        by_id = {it.id: it for it in items}
        for b in breakdowns:
            if b not in by_id or not (by_id[b].behaviour.one_option or by_id[b].behaviour.banded and by_id[b].bands):
                self.problems.append(TemplateError(self.file, "trang settings, cột breakdowns",
                                                   f"{b!r} không phải câu select_one (hay câu số có cột bands) của trang "
                                                   "survey / is not a select_one question (or a number with bands) of "
                                                   "the survey sheet; hãy ghi tên một câu như vậy"))
        s = self.settings
        if s.get("unit_after", "") and s["unit_after"] not in by_id:
            self.problems.append(TemplateError(self.file, "trang settings, cột unit_after",
                                               f"{s['unit_after']!r} không phải câu hỏi của trang survey / is not a "
                                               "question of the survey sheet; ghi tên (cột name) của một câu"))
        form_id, form_version = s.get("form_id", "") or self.stem or "SURVEY", s.get("version", "") or "1"
        try:
            code = survey_code(form_id, s.get("form_code", ""))
        except BadFormCode as e:
            self.problems.append(TemplateError(self.file, "trang settings, cột form_code", str(e)))
            code = "SURVEY"
        if self.problems:
            raise TemplateProblems(sorted(self.problems, key=problem_order))
        lang = self.language.frame.value
        sections, online_only = finish_words(sections, self.online_only, lang, self.or_other)
        title = s.get("form_title", "") or " ".join(self.stem.replace("_", " ").replace("-", " ").split()) or "—"
        title = title[:1].upper() + title[1:]
        return Questionnaire(
            survey_id=code, version=version_code(form_version),
            title=title, subtitle=s.get("subtitle", ""),
            issuer=s.get("issuer", ""), issuer_unit=s.get("issuer_unit", ""), instructions=s.get("instructions", ""),
            closing=s.get("closing", ""), unit_question=s.get("unit_question", "") or DEFAULT_UNIT_QUESTION,
            example=_yes(s.get("example", "")), sections=tuple(sections), breakdowns=tuple(breakdowns),
            source=self.file, other_fields=self._other_fields(sections), language=lang,
            label_language="" if self.language.key in (None, "default") else str(self.language.key),
            header=header_kind(s.get("header", "")), form_id=form_id, form_version=form_version,
            online_only=tuple(online_only), notices=self.notices, unit_after=s.get("unit_after", ""),
            frame_said=self.language.frame_said())

    def _each(self, node: dict[str, Any], nested: bool, inherited: str = "", depth: int = 1) -> list[Item]:
        """One element of the form; its problem is noted and the reading goes on, so all are reported at once."""
        try:
            return self._element(node, nested, depth, inherited)
        except TemplateError as e:
            self.problems.append(e)
            return []

    def _online_only(self, node: dict[str, Any], name: str, row: int, why: Why) -> list[Item]:
        choices = tuple(nfc(c.get("label") or c.get("name")) for c in node.get("choices", []) or [])
        self.online_only.append(OnlineOnly(name, str(node.get("type", "")), why, _label(node.get("label", "")), row,
                                           google=google_kind(node), choices=choices))
        return []

    def _range(self, node: dict[str, Any], name: str, label: str, row: int, required: bool, hint: str,
               relevant: str) -> list[Item]:
        """A range's values as options when few enough to print, else a box for the number."""
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
        digits_raw = column("digits") or str((digits_for(constraint) or DEFAULT_DIGITS) + decimals)
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
        return Item(Kind.number, name, label, row, self._numbered(), required=required, hint=hint, relevant=relevant,
                    constraint=constraint, xls_type=kind, digits=int(digits_raw), decimals=decimals, bands=bands,
                    marked=nfc(node.get(MARKED_KEY, "")))

    def _other_fields(self, sections: list[Section]) -> tuple[str, ...]:
        """Names a condition may read that are no question of the template (notes, rosters, calculations...)."""
        kept = TEMPLATE_KINDS  # and sections: the template's own
        carried = {s.id for s in sections} | {it.id for s in sections for it in s.items if it.kind in kept or it.heading}
        carried |= {r.id for s in sections for it in s.items for r in it.rows}
        return tuple(n for n in self.row_of if n not in carried)

    def _expr(self, node: dict[str, Any], column: str, row: int) -> str:
        """A relevant or constraint as written, refused (with its cell) only when it is no expression at all."""
        text = nfc(node.get("bind", {}).get(column, "") or "")
        if text:
            try:
                parse(text)
            except ExpressionError as e:
                raise self.survey.fail(row, column, f"{text!r} không đọc được như biểu thức XLSForm / is not an "
                                       f"XLSForm expression ({e}); hãy sửa cú pháp") from None
        return text

    @staticmethod
    def _is_grid(node: dict[str, Any]) -> bool:
        """A table-list group of select_one rows prints as a grid; one of select_multiple rows (pyxform's
        table-list.xls) prints as the plain questions it holds, each with its boxes."""
        children = node.get("children", [])
        table = "table-list" in str(node.get("control", {}).get("appearance", "")) or any(
            str(c.get("name", "")).startswith("generated_table_list_label") for c in children)
        rows = [c for c in children if not str(c.get("name", "")).startswith(
            ("generated_table_list_label", "reserved_name_for_field_list_labels"))]
        return table and all(XlsType.of(c) is XlsType.select_one for c in rows)

    def _numbered(self) -> str:
        self.number += 1
        return str(self.number)

    def _element(self, node: dict[str, Any], nested: bool, depth: int = 1, inherited: str = "") -> list[Item]:
        xls = XlsType.of(node)
        name = nfc(node.get("name", ""))
        row = self.row_of.get(name, 0)
        own = self._expr(node, "relevant", row)
        relevant = all_of(inherited, own)
        if xls is XlsType.group:
            if self._is_grid(node):
                return [replace(self._grid(node, name, row), relevant=relevant)]
            return self._subsection(node, name, row, depth, relevant)
        if xls is XlsType.repeat:
            if not any(_in_a_roster(c) for c in node.get("children", [])):  # only what a phone records
                return self._online_only(node, name, row, Why.other)
            return [replace(self._roster(node, name, row), relevant=relevant)]
        if xls is XlsType.calculate and name not in self.row_of and name in self.repeat_counts:
            return []  # pyxform's own `member_count` for `repeat_count` 3: no field of the user's, nothing to list
        why = online_only_reason(node)
        if why is not None:
            return self._online_only(node, name, row, why)
        kind = PAPER_KIND.get(xls) if xls is not None else None
        if xls is None or kind is None:
            return self._online_only(node, name, row, Why.other)  # a type newer than this toolkit
        label = _label(node.get("label", ""))
        hint = _label(node.get("hint", ""))
        required = _yes(node.get("bind", {}).get("required", ""))
        if _yes(node.get("breakdown", "")):
            self.breakdowns.append(name)
        constraint = self._expr(node, "constraint", row)
        shape = behaviour(kind)
        match shape.printed:  # what paper prints for the kind; xls tells a range or a one-box "OK" apart
            case Printed.note:
                return [Item(kind, name, label, row, relevant=relevant, marked=nfc(node.get(MARKED_KEY, "")))]
            case Printed.options if xls is XlsType.range:
                return self._range(node, name, label, row, required, hint, relevant)
            case Printed.options if xls in (XlsType.acknowledge, XlsType.trigger):  # one box, as a phone's one "OK"
                choice = Choice("OK", phrase(self.language.frame.value, "acknowledge"))
                return [Item(kind, name, label, row, self._numbered(), (choice,), 1, required=required,
                             hint=hint, relevant=relevant)]
            case Printed.options:
                item = replace(self._select(node, name, label, row, shape.per_option, required, hint)[0],
                               relevant=relevant, marked=nfc(node.get(MARKED_KEY, "")),
                               marked_hint=nfc(node.get(MARKED_HINT_KEY, "")))
                self.seen[name] = item
                return [item]
            case Printed.digits:
                return [self._digits(node, name, label, row, xls, required, hint, relevant, constraint)]
            case Printed.writing:
                return [self._text(node, name, label, row, xls, required, hint, own, inherited, relevant, constraint)]
            case Printed.grid | Printed.roster:  # a group or a repeat, read above
                raise AssertionError(f"{xls} is read as a group or a repeat")
            case _:
                assert_never(shape.printed)

    def _text(self, node: dict[str, Any], name: str, label: str, row: int, xls: XlsType, required: bool, hint: str,
              own: str, inherited: str, relevant: str, constraint: str) -> Item:
        """A box to write in: a text (its `lines`), a time or a datetime (one line), or the write-in completing
        the option of a choice question read before it (then unnumbered, under that question)."""
        other_of, other_option = None, None
        target = write_in_of(own) if own and xls is XlsType.text else None
        completed = self.seen.get(target[0]) if target else None
        if target and completed and _completes(completed, target[1], label):
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
        inner = [it for c in node.get("children", []) for it in self._each(c, True, relevant, depth + 1)]
        return head + [replace(it, groups=(name, *it.groups)) for it in inner]

    def _roster(self, node: dict[str, Any], name: str, row: int) -> Item:
        """A `repeat` as one numbered roster: its questions become columns, one printed row per member.

        The rows printed are `repeat_count` when it is a number, else the repeat row's `rows` column, else
        DEFAULT_ROSTER_ROWS. What a table cell cannot hold (a group, a note, a repeat inside) is left off
        paper. A column's own `relevant` and `constraint` stay on it, written in the column's names: the
        template rewrites them for each row (`${age}` in row 2 reads `age[2]`, roster.py)."""
        count = nfc(node.get("control", {}).get("jr:count", ""))
        named = re.fullmatch(r"\$\{([^}]+)\}", count)
        if named:  # pyxform turns a number in repeat_count into a calculate named NAME_count
            count = self.calculations.get(named.group(1), count)
        sheet_row = self.sheet_rows.get(row, {})  # pyxform does not pass unknown columns on a repeat
        rows_raw = count if count.isdigit() else nfc(sheet_row.get("rows", "")) or str(DEFAULT_ROSTER_ROWS)
        if not rows_raw.isdigit() or not 1 <= int(rows_raw) <= MAX_ROSTER_ROWS:
            raise self.survey.fail(row, "rows", f"{rows_raw!r} không phải số dòng từ 1 đến {MAX_ROSTER_ROWS} / is not "
                                   f"a number of rows from 1 to {MAX_ROSTER_ROWS}")
        number, columns = self._numbered(), []
        for c, outer, group in self._roster_children(node.get("children", []), "", ""):
            bind = {k: v for k, v in c.get("bind", {}).items() if k != "relevant"}
            saved = self.number
            read = self._each(dict(c, bind=bind), nested=True)  # device-only types are listed as online only
            read = [replace(x, kind=Kind.text, lines=1, digits=0, decimals=0, bands=()) if x.behaviour.digit_grid else x
                    for x in read]  # a roster's cell is written, not gridded
            self.number = saved
            own = all_of(outer, self._expr(c, "relevant", self.row_of.get(nfc(c.get("name", "")), row)))
            columns += [replace(x, relevant=own, groups=(group,)) if own and x.id == nfc(c.get("name", ""))
                        else replace(x, groups=(group,)) for x in read
                        if x.behaviour.shares or (x.behaviour.handwritten and not x.other_of)]
        if not columns:
            raise self.survey.fail(row, "type", f"bảng kê {name!r} không có câu nào in được / roster {name!r} has no "
                                   "question paper can carry; thêm câu select_one, text hoặc integer vào trong")
        return Item(Kind.roster, name, _label(node.get("label", "")), row, number,
                    columns=_distinct_columns(columns, name), roster_rows=int(rows_raw))

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

    def _choices(self, node: dict[str, Any], row: int) -> tuple[Choice, ...]:
        """The list, each choice with its parent when a `choice_filter` names one (paper prints them all)."""
        column = cascade_filter(str(node.get("choice_filter", "") or ""))
        choices = tuple(Choice(nfc(c["name"]), _label(c.get("label", c["name"])),
                               nfc(c.get(column[0], "")) if column else "", nfc(c.get(MARKED_KEY, "")))
                        for c in node.get("choices", []))
        if column:
            choices = distinct_under_parents(choices)
        names = [c.id for c in choices]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise self.survey.fail(row, "type", f"danh sách có phương án trùng tên {', '.join(map(repr, twice))} / the "
                                   "list names a choice twice; mỗi phương án một tên (cột name của trang choices)")
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
        cascade = cascade_filter(str(node.get("choice_filter", "") or ""))
        return [Item(Kind.multiple if multiple else Kind.single, name, label, row, self._numbered(), choices,
                     max_choices if multiple else 1, exclusive, required=required, hint=hint, constraint=constraint,
                     choice_parent=cascade[1] if cascade else None)]

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
                                nfc(c.get(MARKED_KEY, ""))))
        if not rows:
            raise self.survey.fail(row, "type", f"bảng {name!r} không có dòng nào / grid {name!r} has no rows; thêm câu select_one vào trong")
        label = _label(node.get("label", "")) or next(  # pyxform moves a table-list's label into a note
            (_label(c.get("label", "")) for c in node.get("children", [])
             if str(c.get("name", "")).startswith("generated_table_list_label")), "")
        return Item(Kind.grid, name, label, row, self._numbered(), choices, rows=tuple(rows))


OTHER_WORDS = ("other", "khác", "autre", "andere", "otro", "outro", "altro", "lainnya", "specify", "ghi rõ", "cụ thể",
               "précise", "precise", "angeben", "especifi")


def _in_a_roster(node: dict[str, Any]) -> bool:
    """Whether a roster's table prints this child as a column (a group's questions are columns too)."""
    if XlsType.of(node) is XlsType.group:
        return any(_in_a_roster(c) for c in node.get("children", []))
    return XlsType.of(node) in ROSTER_CELL_TYPES and online_only_reason(node) is None


def _completes(question: Item, option: str, label: str) -> bool:
    """A text question asked when `option` is chosen writes that option in when one of them says so.

    "Vì sao không?" after `${q} = 'no'` is a question of its own; "Ghi rõ" after
    `${q} = 'other'`, or any text after an option labelled "Khác (ghi rõ)", completes it."""
    choice = next((c for c in question.choices if c.id == option), None)
    if choice is None:
        return False
    said = " ".join((option, choice.label, label)).casefold()
    return any(w in said for w in OTHER_WORDS)


def _unique_ids(sections: list[Section]) -> list[Section]:
    """pyxform accepts one name in two groups (HEDERA's energy survey has a `..._other` text in two stove
    groups; its data is `group/name`): the later question is given the id `group/name`, its path as KoboToolbox
    and ODK name the column, so every template id is one question's (a `${name}` to such a name is refused by
    pyxform, so no condition can mean the renamed one)."""
    seen: set[str] = set()
    out = []
    for s in sections:
        items = []
        for it in s.items:
            if it.behaviour.asked and it.id in seen:
                group = (it.groups or (s.id,))[-1]
                it = replace(it, id=f"{group}/{it.id}" if group else f"{it.id}_{len(seen)}")
            if it.behaviour.printed is Printed.roster:  # two repeats asking `name` (KoboToolbox's household sample: man, woman)
                it = replace(it, columns=tuple(replace(c, id=f"{it.id}/{c.id}") if c.id in seen else c
                                               for c in it.columns))
                seen.update(c.id for c in it.columns)
            seen.add(it.id)
            seen.update(r.id for r in it.rows)
            items.append(it)
        out.append(Section(s.id, s.title, tuple(items)))
    return out


def _distinct_columns(columns: list[Item], roster: str) -> tuple[Item, ...]:
    """One name in two groups of a repeat (the Liberia slum survey asks `b4_age` in the adult's group and
    in the child's) is two columns: as for questions outside a roster (_unique_ids), the later one is named
    by its group path, `group/name`, as KoboToolbox and ODK name its column, so each cell id is one
    question's (pyxform refuses a `${}` to such a name, so no condition can mean the renamed one)."""
    seen: set[str] = set()
    out = []
    for c in columns:
        if c.id in seen:
            c = replace(c, id=f"{c.groups[0] or roster}/{c.id}" if c.groups else f"{roster}/{c.id}")
        seen.add(c.id)
        out.append(replace(c, number="", groups=()))
    return tuple(out)


def all_of(first: str, second: str) -> str:
    """Two conditions that must both hold (a group's and its question's)."""
    if first and second:
        return f"({first}) and ({second})"
    return first or second
