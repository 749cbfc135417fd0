"""The walk over pyxform's form tree that makes a Questionnaire (split from questionnaire.py): sections and
loose questions, each element dispatched by what paper prints for its kind (xlsform_items builds each), ids made
unique, write-ins joined to their options, breakdowns and settings checked, the printed words finished.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, assert_never

from .errors import TemplateError, TemplateProblems
from .kinds import TEMPLATE_KINDS
from .kinds.behaviour import Printed
from .kinds.registry import behaviour
from .kinds.xlsform import PAPER_KIND, XlsType
from .logic.formulas import plain_formulas
from .online_only import Why, never_shown, online_only_reason, shown_value
from .phrases import phrase
from .questionnaire_model import Choice, Item, Questionnaire, Section, nfc
from .survey_code import BadFormCode, survey_code, version_code
from .unlabelled import stand_in_notice, with_stand_in
from .xlsform_finish import finish_words
from .xlsform_ids import all_of, calculations, in_a_roster, repeat_counts, unique_ids, unknown_options
from .xlsform_matrix import as_matrices
from .xlsform_roster import RosterReader
from .xlsform_sheet import header_kind, problem_order
from .xlsform_sheet import label as _label
from .xlsform_sheet import yes as _yes
from .xlsform_text import (
    MARKED_HINT_KEY,
    MARKED_KEY,
    only_fields,
    unprinted_labels,
)


class Reader(RosterReader):
    """Reads the whole form tree; every problem is collected and raised together (TemplateProblems)."""

    def read(self, tree: dict[str, Any]) -> Questionnaire:
        self.calculations = calculations(tree)
        self.lists = tree.get("choices", {}) if isinstance(tree.get("choices"), dict) else {}
        self.repeat_counts = repeat_counts(tree)
        sections: list[Section] = []
        loose: list[Item] = []
        for child in as_matrices(tree.get("children", [])):
            group = XlsType.of(child) is XlsType.group
            if group and child.get("name") == "meta":
                self._meta(child)
                continue
            if group and never_shown(child):  # a part a phone never shows (CHT's `inputs`): online only
                self._never_shown(child)
                continue
            if group and not self._is_grid(child):
                if loose:
                    sections.append(Section("", "", tuple(loose)))
                    loose = []
                items: list[Item] = self.group_hint(child, nfc(child.get("name", "")),
                                                    self.row_of.get(nfc(child.get("name", "")), 0))
                try:
                    inherited = self._expr(child, "relevant", self.row_of.get(nfc(child.get("name", "")), 0))
                except TemplateError as e:
                    self.problems.append(e)
                    inherited = ""
                for c in as_matrices(child.get("children", []), child.get("label", "")):
                    items += self._each(c, nested=True, inherited=inherited)
                sections.append(Section(nfc(child["name"]), _label(child.get("label", "")), tuple(items)))
            else:
                loose += self._each(child, nested=False)
        if loose:
            sections.append(Section("", "", tuple(loose)))
        items = [it for s in sections for it in s.items]
        sections = unique_ids(sections)
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
        sections, online_only = finish_words(sections, self.online_only, lang, self.or_other,
                                             unprinted_labels(tree))
        title = s.get("form_title", "") or spoken_id(s.get("form_id", "")) or " ".join(
            self.stem.replace("_", " ").replace("-", " ").split()) or "—"
        if not "\u10d0" <= title[:1] <= "\u10ff":  # Georgian (Mkhedruli) starts a title without a capital (Mtavruli)
            title = title[:1].upper() + title[1:]
        return Questionnaire(
            survey_id=code, version=version_code(form_version),
            title=title, subtitle=s.get("subtitle", ""),
            issuer=s.get("issuer", ""), issuer_unit=s.get("issuer_unit", ""), instructions=s.get("instructions", ""),
            closing=s.get("closing", ""), unit_question=s.get("unit_question", "") or (  # asked where the settings ask
                phrase(lang, "unit_question") if s.get("unit_after", "") else ""),
            example=_yes(s.get("example", "")), sections=tuple(sections), breakdowns=tuple(breakdowns),
            source=self.file, other_fields=self._other_fields(sections), language=lang,
            label_language="" if self.language.key in (None, "default") else str(self.language.key),
            header=header_kind(s.get("header", "")), form_id=form_id, form_version=form_version,
            constraint_messages=tuple(self.constraint_messages.items()),
            formulas=tuple(plain_formulas(self.calculations, [t for _, t in self.conditions]).items()),
            online_only=tuple(online_only), notices=self.notices + self.width_notice() + self.roster_rows_notice() + self.repeated_choices_notice() + self.filters_notice() + stand_in_notice(self.unlabelled) + unknown_options(items, list(self.conditions)), unit_after=s.get("unit_after", ""),
            frame_said=self.language.frame_said())

    def _meta(self, node: dict[str, Any]) -> list[Item]:
        """pyxform's `meta` group: its own instanceID and instanceName (the settings' `instance_name`) are the
        record's bookkeeping, not asked; an `audit` (which pyxform moves there) and an ODK entity (the `entities`
        sheet) are listed as online only."""
        for c in node.get("children", []) or []:
            name = nfc(c.get("name", ""))
            if name in ("instanceID", "instanceName", "deprecatedID"):
                continue
            why = online_only_reason(c) or Why.other
            self._online_only(c, name, int(c.get("__row_number", 0) or self.row_of.get(name, 0)), why)
        return []

    def _other_fields(self, sections: list[Section]) -> tuple[str, ...]:
        """Names a condition may read that are no question of the template (notes, rosters, calculations...)."""
        kept = TEMPLATE_KINDS  # and sections: the template's own
        carried = {s.id for s in sections} | {it.id for s in sections for it in s.items if it.kind in kept or it.heading}
        carried |= {r.id for s in sections for it in s.items for r in it.rows}
        return tuple(n for n in self.row_of if n not in carried) + tuple(self.last_saved)

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

    def _never_shown(self, node: dict[str, Any]) -> list[Item]:
        """Every field of a group a phone never shows, listed as online only (hidden), none printed."""
        if XlsType.of(node) in (XlsType.group, XlsType.repeat):
            return [x for c in node.get("children", []) or [] for x in self._never_shown(c)]
        name = nfc(node.get("name", ""))
        return self._online_only(node, name, self.row_of.get(name, 0), Why.hidden)

    def _element(self, node: dict[str, Any], nested: bool, depth: int = 1, inherited: str = "") -> list[Item]:
        xls = XlsType.of(node)
        name = nfc(node.get("name", ""))
        row = self.row_of.get(name, 0)
        own = self._expr(node, "relevant", row)
        relevant = all_of(inherited, own)
        if xls is XlsType.group and name == "meta" and node.get("control", {}).get("bodyless"):
            return self._meta(node)  # a repeat's own meta group: its ODK entity
        if xls in (XlsType.group, XlsType.repeat) and never_shown(node):  # CHT's `inputs`: what the app fills
            return [x for c in node.get("children", []) or [] for x in self._never_shown(c)]
        if xls is XlsType.group:
            if self._is_grid(node):
                return [replace(self._grid(node, name, row), relevant=relevant)]
            return self._subsection(node, name, row, depth, relevant)
        if xls is XlsType.repeat:
            if not any(in_a_roster(c) for c in node.get("children", [])):  # only what a phone records
                return self._online_only(node, name, row, Why.other)
            return [replace(self._roster(node, name, row), relevant=relevant)]
        if xls is XlsType.calculate and name not in self.row_of and name in self.repeat_counts:
            return []  # pyxform's own `member_count` for `repeat_count` 3: no field of the user's, nothing to list
        if name.startswith("reserved_name_for_field_list_labels"):  # pyxform's heading row of a table-list: no
            return []  # field of the user's (a table-list of select_multiple rows prints them as questions)
        why = online_only_reason(node)
        if why is Why.header:  # nothing to choose, but its words ("Rate your experience with these tools") are
            words = _label(node.get("label", "")) + _label(node.get("hint", ""))  # the prompt of the rows below:
            if not any(c.isalnum() for c in words):  # printed as a note, so not listed as left off paper
                return self._online_only(node, name, row, why)
            return [Item(PAPER_KIND[XlsType.note], name, _label(node.get("label", "")), row, relevant=relevant,
                         marked=nfc(node.get(MARKED_KEY, "")), hint=_label(node.get("hint", "")),
                         marked_hint=nfc(node.get(MARKED_HINT_KEY, "")))]
        if why is Why.read_only and (value := shown_value(node)) and (label := _label(node.get("label", ""))):
            # nobody may change it: paper prints what a phone shows, its label and default, as a note
            said = f"{label} {value}" if label.rstrip()[-1:] in (":", "?") else f"{label}: {value}"
            return [Item(PAPER_KIND[XlsType.note], name, said, row, relevant=relevant, hint=_label(node.get("hint", "")))]
        if why is not None:
            return self._online_only(node, name, row, why)
        kind = PAPER_KIND.get(xls) if xls is not None else None
        if xls is None or kind is None:
            return self._online_only(node, name, row, Why.other)  # a type newer than this toolkit
        shape = behaviour(kind)
        if shape.printed is not Printed.note:
            node, stand_in = with_stand_in(node, name)
            if stand_in is not None:
                self.unlabelled[name] = stand_in
        label = _label(node.get("label", ""))
        hint = _label(node.get("hint", ""))
        required = _yes(node.get("bind", {}).get("required", ""))
        if _yes(node.get("breakdown", "")):
            self.breakdowns.append(name)
        constraint = self._expr(node, "constraint", row)
        if constraint and (message := self._constraint_message(node)):
            self.constraint_messages[name] = message
        match shape.printed:  # what paper prints for the kind; xls tells a range or a one-box "OK" apart
            case Printed.note if only_fields(label):  # "${hh_summary_text}": a computed value the phone shows
                return self._online_only(node, name, row, Why.computed)
            case Printed.note if not any(ch.isalnum() for ch in label + hint):  # ".": a phone's image holder
                return []
            case Printed.note:  # its hint too, which a phone shows under it (OccTax's says what the form is for)
                return [Item(kind, name, label, row, relevant=relevant, marked=nfc(node.get(MARKED_KEY, "")), hint=hint,
                             marked_hint=nfc(node.get(MARKED_HINT_KEY, "")))]
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
            case Printed.grid if shape.ranks:  # a `rank`: its options by positions
                return [self._rank(node, name, label, row, required, hint, relevant)]
            case Printed.grid | Printed.roster:  # a group or a repeat, read above
                raise AssertionError(f"{xls} is read as a group or a repeat")
            case _:
                assert_never(shape.printed)


def spoken_id(form_id: str) -> str:
    """A `form_id` written as words ("MPCA BL EL Survey 2022 Template") is the title a phone shows when the
    settings give none (pyxform's title defaults to it); an identifier ("household_v2") is not, and the file's
    name says the form better (a KoboToolbox download's id is a random string)."""
    return " ".join(form_id.split()) if len(form_id.split()) > 1 else ""

