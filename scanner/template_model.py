"""The layout template's model: questions, their rules and their geometry in millimetres.

Printing and reading both derive from this one model, so a form can never
be read against a different layout from the one it was printed with. A
grid question is expanded into one single-choice question per row (q5a...),
because that is how it is answered, validated and tallied.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .kinds import Kind
from .kinds.behaviour import QuestionKind
from .kinds.registry import behaviour
from .vocab import BoxKind

if TYPE_CHECKING:
    from .roster import Roster


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    def overlaps(self, o: Rect) -> bool:
        return self.x < o.x + o.w and o.x < self.x + self.w and self.y < o.y + o.h and o.y < self.y + self.h

    def inside(self, width: float, height: float) -> bool:
        return self.x >= 0 and self.y >= 0 and self.x + self.w <= width and self.y + self.h <= height


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    box: Rect
    parent: str = ""  # a cascade's option: the option of the question it is filtered by, printed above it
    page: int = 0  # the page its box is on, when a long list continues past its question's page (0: the question's)
    online_label: str = ""  # its Google Form choice where its label is another option's too (a cascade's
    # "Desaguadero" under two countries: "Desaguadero (Bolivia)"); "" for its label (online_titles.distinct_choices)
    aliases: tuple[str, ...] = ()  # other words an answer online names it by (a name listed twice with two labels)

    @property
    def online(self) -> str:
        """Its choice on the Google Form: one of its own in its question."""
        return self.online_label or self.label


@dataclass(frozen=True)
class Question:
    id: str
    type: Kind  # single | multiple | text | number | date (grid rows are single; roster cells their column's)
    page: int
    text: str
    online_title: str
    online_aliases: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    max_choices: int | None = None
    exclusive: tuple[str, ...] = ()
    area: Rect | None = None
    group: str | None = None  # the grid a row belongs to
    other_of: str | None = None  # the multiple-choice question a text area completes
    other_option: str | None = None  # the option whose answer is free text ("Khác"), online and on paper
    number: str = ""  # as printed, without "Câu": "3"; a grid row "5a"; "" for a write-in
    relevant: str = ""  # XLSForm expression: when the question is to be answered ("" always)
    constraint: str = ""  # XLSForm expression each answer must satisfy, beyond max_choices and exclusive
    filter_by: str | None = None  # a cascade: the question whose answer its options' parents must agree with
    roster: str | None = None  # a roster's cell: the roster, its row (1...) and its column
    roster_row: int = 0
    column: str = ""
    digits: int = 0  # number and date: digit columns of the grid (a date has 8: ddmmyyyy)
    decimals: int = 0  # number: how many of them follow the printed point
    bands: tuple[float, ...] = ()  # number: the lower bounds of the groups the tally counts (ages 18, 30, 45...)
    comb: tuple[Rect, ...] = ()  # number and date: the write-in box above each column, the reviewer's evidence
    holds: Kind | None = None  # a roster's written cell of an integer, decimal or date column: that kind

    @property
    def as_data(self) -> QuestionKind:
        """What its answer is as data (exports): its kind's behaviour, or for a roster's written cell of an age or
        a birth date the number's or date's, so a member's age is a number as a question's age is."""
        return behaviour(self.holds) if self.holds is not None else self.behaviour

    def option(self, option_id: str) -> Option:
        return next(o for o in self.options if o.id == option_id)

    @property
    def behaviour(self) -> QuestionKind:
        """What its kind answers for the stages (kinds/behaviour.py): asked instead of comparing the kind."""
        return behaviour(self.type)

    @property
    def pages(self) -> tuple[int, ...]:
        """Every page the question is printed on: a list longer than a page goes on over the next ones."""
        return tuple(sorted({self.page} | {o.page for o in self.options if o.page}))

    def part_on(self, page: int) -> Question | None:
        """The question as one page shows it (its boxes there), None when it has none on that page.

        Each page is read alone; the parts of a long list meet again in rules.join_parts."""
        if len(self.pages) == 1:
            return self if self.page == page else None
        here = tuple(o for o in self.options if (o.page or self.page) == page)
        return replace(self, options=here) if here else None


@dataclass(frozen=True)
class BoxSpec:
    page: int
    question_id: str
    option_id: str
    kind: BoxKind  # a comb is a digit's write-in box, printed and cropped, never read
    rect: Rect


@dataclass(frozen=True)
class Fiducial:
    page: int
    marker_id: int
    rect: Rect


@dataclass(frozen=True)
class TextItem:
    page: int
    x: float
    y: float
    size_pt: float
    font: str
    align: str
    text: str
    runs: tuple[tuple[str, str], ...] = ()  # inline bold/italic: (text, font style) pieces that together say `text`


@dataclass(frozen=True)
class Line:
    """A printed rule (the underline of the header, a write-in line)."""

    page: int
    x1: float
    y1: float
    x2: float
    y2: float
    width_mm: float = 0.25


@dataclass(frozen=True)
class Section:
    """A part of the form ("PHẦN I. ..."), with the ids of its questions (grid rows included) in order."""

    id: str
    title: str
    questions: tuple[str, ...]
    level: int = 1  # 2: a group inside a section, 3: a group inside that...
    subsections: tuple[Section, ...] = ()  # its nested groups, each with the questions printed under it


@dataclass(frozen=True)
class Template:
    survey_id: str
    version: str
    title: str
    subtitle: str
    page_size: tuple[float, float]
    pages: int
    fiducial_dictionary: str
    fiducials: tuple[Fiducial, ...]
    qr: Rect
    code_text: Rect
    code_text_pt: float
    texts: tuple[TextItem, ...]
    questions: tuple[Question, ...]
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    group_texts: dict[str, str] = field(default_factory=dict)
    group_online: dict[str, str] = field(default_factory=dict)  # grid id -> its Google Form title, where not its text
    online: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    breakdowns: tuple[str, ...] = ()  # questions whose answers group respondents in tally and report
    group_numbers: dict[str, str] = field(default_factory=dict)  # grid id -> its printed number ("5")
    rosters: dict[str, Roster] = field(default_factory=dict)  # roster id -> its columns and rows
    ranks: dict[str, dict[str, str]] = field(default_factory=dict)  # ranking id -> its rows' ids -> the option each
    # ranks (a ranking is a grid: a row per option, a column per position; scanner/ranking.py reads the order)
    sections: tuple[Section, ...] = ()
    lines: tuple[Line, ...] = ()
    label_pt: float = 9.5  # option labels' type size, for anyone measuring them (the corpus generator)
    label_font: str = "regular"
    other_fields: tuple[str, ...] = ()  # names of the form that paper does not carry: a rule reading them is unknown
    right_to_left: bool = False  # labels in a right-to-left script: set in the sans font, against the right edge
    paper_refused: str = ""  # why a form is not printed (a booklet longer than the marks can number): online only
    label_breaks: dict[str, str] = field(default_factory=dict)  # question id -> its label with its own line breaks
    # as paper prints them (its text is the same words on one line), for the review page

    @property
    def on_paper(self) -> bool:
        """False for an online-only questionnaire (nothing paper can carry): no page to print or scan."""
        return self.pages > 0

    def group_kind(self, gid: str) -> Kind:
        """A grid's kind: a ranking (its rows the options, its columns the places) or a plain grid."""
        return Kind.rank if gid in self.ranks else Kind.grid

    def number_of(self, qid: str) -> str:
        """The printed number of a question or a grid ("" when it has none)."""
        if qid in self.group_numbers:
            return self.group_numbers[qid]
        return self.question(qid).number

    @cached_property
    def _by_id(self) -> dict[str, Question]:
        # tally and rules ask for a question per record and breakdown: a scan of the list each time adds up
        return {q.id: q for q in reversed(self.questions)}

    def question(self, qid: str) -> Question:
        return self._by_id[qid]

    @cached_property
    def numbered(self) -> int:
        """How many questions the form asks as printed ("Câu 1" …): a grid or a roster once, a write-in
        ("Khác, ghi rõ") with its question. `len(questions)` counts each grid row, roster cell and write-in apart,
        as they are read; build and template check say both, so the two never seem to disagree."""
        return len({q.group or q.roster or q.id for q in self.questions if not q.other_of})

    def counts_said(self) -> str:
        """The form's size as build and template check both say it: questions as numbered, then items as read."""
        return (f"{self.numbered} câu hỏi (questions), đọc thành {len(self.questions)} mục (read as "
                f"{len(self.questions)} items: mỗi dòng của bảng, ô ghi rõ tính riêng / grid rows, write-ins apart)")

    def holds(self, qid: str) -> bool:
        """Whether the form has a question of that id (a rule may name what paper does not carry)."""
        return qid in self._by_id

    def choice_questions(self) -> list[Question]:
        """Questions answered by choosing options: tallied as shares of respondents."""
        return [q for q in self.questions if q.behaviour.shares]

    def marked_questions(self) -> list[Question]:
        """Questions read from printed boxes: choices and digit grids."""
        return [q for q in self.questions if q.behaviour.marked]

    def marked_on(self, page: int) -> list[Question]:
        """The questions read from boxes on a page, each with only the boxes printed there (a long list's part)."""
        return [part for q in self.marked_questions() if (part := q.part_on(page)) is not None]

    def boxes(self, page: int | None = None) -> list[BoxSpec]:
        """Every box of the form, or of one side, in the questions' order."""
        return list(self._all_boxes if page is None else self._boxes_by_page.get(page, ()))

    @cached_property
    def _all_boxes(self) -> tuple[BoxSpec, ...]:
        out: list[BoxSpec] = []
        for q in self.questions:
            if q.area is not None:
                out.append(BoxSpec(q.page, q.id, "", BoxKind.text, q.area))
            out.extend(BoxSpec(q.page, q.id, str(k), BoxKind.comb, r) for k, r in enumerate(q.comb, 1))
            out.extend(BoxSpec(o.page or q.page, q.id, o.id, BoxKind.checkbox, o.box) for o in q.options)
        return tuple(out)

    @cached_property
    def _boxes_by_page(self) -> dict[int, tuple[BoxSpec, ...]]:
        # a side's boxes were found by going through every question of the form, each time a side was printed,
        # read or checked: a 182-page booklet's print check alone spent seconds on it (issue 26)
        by_page: dict[int, list[BoxSpec]] = {}
        for b in self._all_boxes:
            by_page.setdefault(b.page, []).append(b)
        return {page: tuple(boxes) for page, boxes in by_page.items()}

    def fiducials_on(self, page: int) -> list[Fiducial]:
        return [f for f in self.fiducials if f.page == page]


def nfc(value: Any) -> Any:
    """Normalise every string of a JSON tree to NFC, so matching never depends on how it was typed."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    return value
