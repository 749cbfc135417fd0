"""What a label's words point at, worked out once the whole form is read (xlsform_finish.finish_words): which
questions' lone letters ("C. Hộ có …") are the form's own numbering, and what a `${calc}` prints as.

A lone capital and a stop may be a heading's letter or the start of a sentence ("A. Smith …"), so a question's
letter counts as its number only when the form's lettered headings, rosters and questions, read in order, run
A, B, C … (or I, II, III …) with no gap: then the letter is plainly the form's own numbering.

A `${calc}` inside a label is a blank to write in ("……"), on paper and on the Google Form alike: a calculate is
no question of the sheet, and its value is what the phone works out as it goes (a member's name, the crop chosen,
a total), which paper and a Google Form cannot show; the interviewer or respondent knows it. `${field}` of a
question prints as that question ("Câu 4"), because the question is on the sheet. Two other choices were weighed
on the stored real forms (the six that cite a calculate inside a longer label) and not taken:
- the calculate's own label: those forms give it developer notes ("[CALC] Name of source", "Calculates the current
  index", a Hindi label on an English form), never words for a respondent;
- the question a calculate passes on (`jr:choice-name(${country}, '${country}')` cited as "Question 3 (Interview
  visits)"): UNHCR's household survey cites such a calculate in most of a roster's 30 column labels, and every
  printed condition quotes those labels, so the booklet grew from 228 to 366 pages, past the 250 that are printed
  and read: paper would have been refused for it. And a calculate reading one question is not always its answer:
  the UCL biomass form's plot radius, worked out from the plot's type, printed "Radius … ni Question 6 m."
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .kinds.behaviour import Printed

if TYPE_CHECKING:
    from .questionnaire_model import Section

_LETTER = re.compile(r"^\s*([A-Z]{1,4})[.):]\s+(?=[^\W\d_])")  # "C. Hộ có", "B) Members", "II. HOUSEHOLD"
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


def calc_blank_lines(lines: Sequence[str]) -> int:
    """How many of a note's first lines, never its last, hold only the blank a `${calc}` leaves ("……", in every
    frame language) and whitespace (Hluvukani's intros open on `${my_form_name}` alone): paper prints the note from
    the line after them and the Google Form titles it so (xlsform_text, online_extras). A line of anything else, a
    separator ("———", "* * *") or an emoji the form's author put there, stays. Emphasis toggles and other invisible
    characters (control, format) count as nothing."""
    drop = 0
    while drop < len(lines) - 1 and all(ch == "…" or ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")
                                        for ch in lines[drop]):
        drop += 1
    return drop
