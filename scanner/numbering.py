"""The questions as the printed form numbers them: its sections, "Câu 1..N" within each, a grid as one Câu.

The template does not carry question numbers yet, so they are derived from
the layout: a section starts at each printed heading that begins with
"PHẦN", and questions are numbered in template order within their section.
Everything that shows a question number (report, workbook) asks `number_questions`,
so switching to a number stored in the template changes this one function.
"""

from __future__ import annotations

from dataclasses import dataclass

from .kinds import Kind
from .kinds.behaviour import QuestionKind
from .kinds.registry import behaviour
from .template import Question, Template

SECTION_MARK = "PHẦN"


@dataclass(frozen=True)
class Numbered:
    """A question as the reader meets it: a plain question, or a grid (its rows in `rows`)."""

    id: str  # the question id, or the grid id
    section: int  # 0-based index of the form's section
    number: str  # as printed: "4", or a label's own "5.1", "A.3" (never made a number: the two may repeat)
    text: str
    type: Kind  # its question's kind, or grid
    rows: tuple[str, ...] = ()  # grid rows, in order

    @property
    def label(self) -> str:
        return f"Câu {self.number}"

    @property
    def behaviour(self) -> QuestionKind:
        """What its kind answers for the stages (kinds/behaviour.py): asked instead of comparing the kind."""
        return behaviour(self.type)


@dataclass(frozen=True)
class Section:
    index: int
    title: str
    items: tuple[Numbered, ...]


def _position(q: Question) -> tuple[int, float]:
    ys = [o.box.y for o in q.options if o.page in (0, q.page)] + ([q.area.y] if q.area else [])
    return q.page, min(ys) if ys else 0.0


def number_questions(template: Template) -> list[Section]:
    """The form's sections with their numbered questions; text areas completing a question are left out.

    A template built from a questionnaire carries its sections and the printed numbers; those are used
    as they are, so the report cites each question by the number printed on the form.
    """
    if template.sections and all(template.number_of(g) for g in template.groups):
        return _from_template(template)
    heads = sorted((t.page, t.y, t.text) for t in template.texts if t.text.upper().startswith(SECTION_MARK))
    titles = [_section_title(text) for _, _, text in heads] or [""]
    items: list[list[Numbered]] = [[] for _ in titles]
    seen_grids: set[str] = set()
    for q in template.questions:
        if q.other_of or (q.group and q.group in seen_grids):
            continue
        pos = _position(q)
        sec = max([i for i, (page, y, _) in enumerate(heads) if (page, y) <= pos] or [0])
        n = str(len(items[sec]) + 1)
        if q.group:
            seen_grids.add(q.group)
            items[sec].append(Numbered(q.group, sec, n, template.group_texts[q.group],
                                       template.group_kind(q.group),
                                       template.groups[q.group]))
        else:
            items[sec].append(Numbered(q.id, sec, n, q.text, q.type))
    return [Section(i, titles[i], tuple(items[i])) for i in range(len(titles)) if items[i]]


def _from_template(template: Template) -> list[Section]:
    out = []
    for index, sec in enumerate(template.sections):
        items: list[Numbered] = []
        seen_grids: set[str] = set()
        for qid in sec.questions:
            q = template.question(qid)
            if q.other_of or (q.group and q.group in seen_grids):
                continue
            if q.group:
                seen_grids.add(q.group)
                items.append(Numbered(q.group, index, template.number_of(q.group), template.group_texts[q.group],
                                      template.group_kind(q.group), template.groups[q.group]))
            elif q.number:
                items.append(Numbered(q.id, index, q.number, q.text, q.type))
        if items:
            out.append(Section(index, _section_title(sec.title), tuple(items)))
    return out


def row_letter(i: int) -> str:
    """The printed form marks grid rows a), b), c)..."""
    return f"{chr(ord('a') + i)})"


def _section_title(text: str) -> str:
    head, _, rest = text.partition(".")
    return rest.strip() if rest.strip() else head.strip()


def split_profile(sections: list[Section]) -> tuple[list[Numbered], list[Numbered]]:
    """(about the respondent, the survey's content): the form's first section is about the respondent when
    the form has more than one section; otherwise everything is content."""
    if len(sections) < 2:
        return [], [n for s in sections for n in s.items]
    return list(sections[0].items), [n for s in sections[1:] for n in s.items]
