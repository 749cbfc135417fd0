"""The paper's words for what the reviewer sees: "Câu 11. Hạn chế, bất cập …", not the XLSForm's internal name.

A reviewer holds the printed sheet; the title and the crop must name and show
the question the way the sheet prints it, number and first line included.
"""

from __future__ import annotations

from ..phrases import Language, phrase
from ..template import Question, Template, TextItem

PT_MM = 25.4 / 72
MARGIN_X = 18.0  # mm: left of every printed label, so a crop never cuts a line's start


def numbered(template: Template, qid: str) -> str:
    """"Câu 10d" for a grid row, "Câu 11" for a question; "" when the paper prints no number."""
    number = template.number_of(qid)
    if not number:
        return ""
    return f"Câu {number}" if number[0].isdigit() else number  # "A1" is printed as it is, without "Câu"


def question_title(template: Template, qid: str) -> str:
    """The printed number and wording: a grid row names its grid, a write-in names the question it completes."""
    q = template.question(qid)
    if q.other_of:
        parent = template.question(q.other_of)
        head = numbered(template, parent.id)
        return f"{head + '. ' if head else ''}{parent.text} — {q.text}"
    text = template.label_breaks.get(qid, q.text)  # its own line breaks, as the sheet prints them
    if q.group:
        text = f"{template.group_texts.get(q.group, '')} — {q.text}".strip(" —")
    head = numbered(template, qid)
    return f"{head}. {text}" if head else text


def _openings(number: str) -> tuple[str, ...]:
    """How a printed title can begin: "Câu 11.", "Question 11.", "Frage 11." (the frame's language), "A1."."""
    if not number.isdigit():  # a form's own number ("A1", "4.8.1") is printed as it is, with no "Question"
        return (f"{number}.",)
    return tuple(f"{phrase(lang.value, 'question', n=number)}." for lang in Language)


def title_line(template: Template, q: Question) -> TextItem | None:
    """The printed line that opens the question (its grid's, for a grid row), nearest above its boxes; found by its
    number in any frame language, or, on a form that prints no number, by the start of its wording."""
    if q.other_of:
        return None  # a write-in's line is its parent's, cropped with the parent
    number = template.number_of(q.group) if q.group else q.number
    tops = [o.box.y for o in q.options] + ([q.area.y] if q.area is not None else [])
    top = min(tops) if tops else template.page_size[1]
    page = (q.options[0].page or q.page) if q.options else q.page  # a long list's later part: its own page
    above = [t for t in template.texts if t.page == page and t.y < top]
    if number:
        starts = _openings(number)
        lines = [t for t in above if t.text.startswith(starts)]
    else:
        wording = (template.group_texts.get(q.group, "") if q.group else q.text).strip()[:24]
        lines = [t for t in above if wording and wording in t.text[:len(wording) + 12]]
    return max(lines, key=lambda t: t.y) if lines else None


def crop_bounds(template: Template, q: Question) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) in mm: the question's boxes or writing area, every label whole, its first printed line
    included when that line is close above (a page break between them leaves it out)."""
    if q.area is not None:
        x0, y0 = min(q.area.x - 2, MARGIN_X), q.area.y - 2
        x1, y1 = max(q.area.x + q.area.w + 2, template.page_size[0] - 5), q.area.y + q.area.h + 2
    else:
        x0 = MARGIN_X if q.group else min(min(o.box.x for o in q.options) - 3, MARGIN_X)
        y0 = min([o.box.y for o in q.options] + [r.y for r in q.comb]) - 3  # a grid's written digits too
        x1 = template.page_size[0] - 5
        y1 = max(o.box.y + o.box.h for o in q.options) + 3
    line = title_line(template, q)
    if line is not None:
        top = line.y - line.size_pt * PT_MM - 1.5  # y is the baseline; the capitals and accents rise above it
        if 0 <= y0 - top <= 60:
            y0 = min(y0, top)
    return x0, max(0.0, y0), x1, min(template.page_size[1], y1)
