"""The questionnaire model: what the XLSForm reader (questionnaire.py) makes of a form and the layout prints."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from .kinds import Kind
from .kinds.behaviour import QuestionKind
from .kinds.registry import behaviour
from .kinds.xlsform import XlsType
from .online_only import OnlineOnly

__all__ = ["Choice", "GridRow", "Item", "Kind", "Questionnaire", "Section", "nfc"]


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    parent: str = ""  # a cascade's choice: the parent question's choice it is listed under (choice_filter)
    marked: str = ""  # the label with inline bold/italic toggles (fonts.BOLD, fonts.ITALIC) for paper; "" if none
    online_label: str = ""  # its words online where paper names a symbol the fonts lack ("🍔" printed "[hamburger]")
    also: tuple[str, ...] = ()  # other words an answer online may name it by: a name the list says twice with two
    # labels (allow_choice_duplicates), printed "A / B", is read online from either label

    @property
    def online(self) -> dict[str, Any]:
        """The layout's keys for its words online, when they differ from its label."""
        return {**({"online_label": self.online_label} if self.online_label else {}),
                **({"online_aliases": list(self.also)} if self.also else {})}


@dataclass(frozen=True)
class GridRow:
    id: str
    label: str
    relevant: str = ""  # the row's own condition (the grid's is on the grid)
    marked: str = ""  # the label with inline bold/italic toggles for paper; "" if none
    online_label: str = ""  # its words online where paper names a symbol the fonts lack (Choice.online_label)
    option: str = ""  # a ranking's row: the option it ranks (its columns are the positions)


@dataclass(frozen=True)
class Item:
    """One printed element: a question, a grid, a write-in or a note."""

    kind: Kind
    id: str
    label: str
    row: int  # the survey sheet's row, for messages
    number: str = ""  # "3" for the third numbered question; "" for notes and write-ins
    choices: tuple[Choice, ...] = ()
    max_choices: int | None = None
    exclusive: tuple[str, ...] = ()
    other_option: str | None = None  # the choice whose answer is written in
    other_of: str | None = None  # for a write-in: the question it completes
    lines: int = 0  # text: lines of writing space
    rows: tuple[GridRow, ...] = ()  # grid rows
    required: bool = False
    hint: str = ""
    xls_type: XlsType | None = None  # the XLSForm type a box or grid stands for (text, integer, date, time...)
    style: str = ""  # a note wholly in bold or italic (markdown): "bold" | "italic"
    or_other: bool = False  # pyxform's or_other made the choice "other" and its write-in
    relevant: str = ""  # when to answer (its group's condition included); "" always
    constraint: str = ""  # a rule each answer is checked against, beyond what paper prints (max_choices, exclusive)
    choice_parent: str | None = None  # a cascade (choice_filter): the question whose answer filters the choices
    heading: int = 0  # a note that is a nested group's title: its depth (2 = a group inside a section)
    marked: str = ""  # the label with inline bold/italic toggles (fonts.BOLD, fonts.ITALIC) for paper; "" if none
    marked_hint: str = ""  # the hint so, likewise
    online_label: str = ""  # its words online where they differ: a `${field}` named by title (a note's a blank), a
    # note's line breaks kept (paper cites “Câu 4”); "" when the label serves
    online_hint: str = ""  # the hint so, likewise
    online_aliases: tuple[str, ...] = ()  # titles a form made earlier gave it online: its label before its own
    # number was taken off ("7 Children", now "Children" numbered 7), which a download of that form still has
    groups: tuple[str, ...] = ()  # the nested groups it lies in, outermost first (its section not included)
    columns: tuple[Item, ...] = ()  # a roster's questions, asked of every member (one column each)
    roster_rows: int = 0  # a roster's printed rows
    roster_count: str = ""  # a roster's `repeat_count` when it is no number (`${n}`): a record counting more is reviewed
    roster_more: bool = False  # a roster whose count may ask for more than its rows: paper says where the others go
    digits: int = 0  # number and date: the grid's digit columns (a date's are ddmmyyyy)
    decimals: int = 0  # number: how many of the columns follow the printed decimal comma
    bands: tuple[float, ...] = ()  # number: lower bounds of the groups the tally counts (the `bands` column)
    holds: Kind | None = None  # a roster's written column of an integer, decimal or date: that kind (exports)

    @property
    def behaviour(self) -> QuestionKind:
        """What its kind answers for the stages (kinds/behaviour.py): asked instead of comparing the kind."""
        return behaviour(self.kind)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Questionnaire:
    survey_id: str
    version: str
    title: str
    subtitle: str
    issuer: str
    issuer_unit: str
    instructions: str
    closing: str
    unit_question: str
    example: bool
    sections: tuple[Section, ...]
    breakdowns: tuple[str, ...]
    source: str = ""
    other_fields: tuple[str, ...] = ()  # names of the form that paper does not carry (calculate, metadata...)
    language: str = "vi"  # the printed frame's language (phrases.Language)
    label_language: str = ""  # the label column printed ("English (en)"; "" for a plain label column)
    header: str = ""  # "party" | "nation" | "": the Vietnamese header the settings ask for
    form_id: str = ""  # as the XLSForm says; survey_id is its sheet-code form
    form_version: str = ""
    online_only: tuple[OnlineOnly, ...] = ()  # what paper leaves off, in the form's order
    notices: tuple[str, ...] = ()  # what `build` tells the user: the language used, pyxform's warnings
    unit_after: str = ""  # the Google Form asks the unit after this question ("" first)
    frame_said: str = ""  # build's line naming the printed frame's language, why, and how to choose another
    constraint_messages: tuple[tuple[str, str], ...] = ()  # name -> the form's constraint_message, in its language
    formulas: tuple[tuple[str, str], ...] = ()  # calculate name -> its plain expression, worded where a condition
    # cites it (logic/formulas.py)
    right_to_left: bool = False  # labels in Arabic, Persian, Hebrew…: printed right to left in the sans font (fonts)

    def items(self) -> list[Item]:
        return [it for s in self.sections for it in s.items]

    @property
    def on_paper(self) -> bool:
        """Whether paper carries any question: a form of only GPS, calculations or hidden fields (pyxform's
        gps.xls, calculate.xls) is accepted as an online-only questionnaire, with no page to print or scan."""
        return any(it.behaviour.asked for it in self.items())

    def item(self, item_id: str) -> Item:
        return next(it for it in self.items() if it.id == item_id)


def nfc(s: Any) -> str:
    return unicodedata.normalize("NFC", str(s)).strip() if s is not None else ""
