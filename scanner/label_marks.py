"""What a label's words point at, worked out once the whole form is read (xlsform_text.finish_words): which
questions' lone letters ("C. Hộ có …") are the form's own numbering, and which printed question a `${calc}`
stands for.

A lone capital and a stop may be a heading's letter or the start of a sentence ("A. Smith …"), so a question's
letter counts as its number only when the form's lettered headings, rosters and questions, read in order, run
A, B, C … (or I, II, III …) with no gap: then the letter is plainly the form's own numbering.

A calculate has no value on paper. Where it only passes on one printed question's answer (a choice's name,
`jr:choice-name(${crop}, '${crop}')`; an "other" write-in or the choice, `if(${q} = '888', ${q_other}, …)`), it
is cited as that question is ("Câu 4"), as `${crop}` itself would be; any other (a sum of several answers, a
random number, a roster member's position or name) is left as a blank to write in ("……"). A calculate's own
label is not used: the stored real forms give it developer notes ("[CALC] Name of source", "Calculates the
current index"), never words for a respondent.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from .kinds.behaviour import Printed

if TYPE_CHECKING:
    from .questionnaire_model import Section

_LETTER = re.compile(r"^\s*([A-Z]{1,4})[.):]\s+(?=[^\W\d_])")  # "C. Hộ có", "B) Members", "II. HOUSEHOLD"
_REF = re.compile(r"\$\{\s*([^}\s]+)\s*\}")
_ALPHABET = tuple(string.ascii_uppercase)
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
          "XVII", "XVIII", "XIX", "XX")


def lone_letter(label: str) -> tuple[str, str] | None:
    """("C", "Hộ có …") for a label that starts with a lone capital (or a Roman numeral) and a stop."""
    m = _LETTER.match(label)
    return (m.group(1), label[m.end():]) if m else None


def lettered_questions(sections: Sequence[Section], words: Callable[[str], str],
                       has_number: Callable[[str], bool]) -> set[str]:
    """The numbered questions whose lone letter is the form's own numbering: every lettered heading (a section's
    title, a nested group's), roster and numbered question, in the form's order, runs A, B, C … or I, II, III …
    from the first, at least two of them. `words`: a label without its emphasis marker; `has_number`: whether a
    label starts with a number of its own ("7.", "A1."), which a letter never overrides."""
    marks: list[tuple[str, str]] = []  # (letter, the question's id; "" for a heading)
    for s in sections:
        head = lone_letter(words(s.title)) if s.title else None
        if head:
            marks.append((head[0], ""))
        for it in s.items:
            roster = it.behaviour.printed is Printed.roster
            if not (it.number or it.heading) or has_number(it.label):
                continue
            own = lone_letter(words(it.label))
            if own:
                marks.append((own[0], it.id if it.number and not roster else ""))
    letters = tuple(m for m, _ in marks)
    if len(letters) < 2 or letters not in (_ALPHABET[:len(letters)], _ROMAN[:len(letters)]):
        return set()
    return {qid for _, qid in marks if qid}


def calc_sources(calculations: Mapping[str, str], names: Mapping[str, str]) -> dict[str, str]:
    """Each calculate that passes on one printed question's answer: its name -> that question's key in `names`
    (how the paper cites each question, a write-in as the question it completes), through any calculate it
    reads in turn. A calculate reading anything else (another question, a
    roster, a field paper does not print, a calculate that is none of these) has none."""
    out: dict[str, str] = {}

    def source(name: str, seen: frozenset[str]) -> str | None:
        if name in names:
            return name
        if name not in calculations or name in seen:
            return None
        found = [source(ref, seen | {name}) for ref in _REF.findall(calculations[name])]
        if not found or None in found or len({names[f] for f in found if f is not None}) != 1:
            return None  # a write-in and the choice it completes are one question: names cites them alike
        return found[0]

    for calc in calculations:
        if calc not in names and (got := source(calc, frozenset())) is not None:
            out[calc] = got
    return out
