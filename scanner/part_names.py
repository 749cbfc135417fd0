"""Which part a printed citation names, on a form that numbers its questions afresh in each part (section).

"Trả lời nếu Câu 2 chọn “Có”" is ambiguous when Phần A and Phần B each have a Câu 2 (the labels carry their own
numbers, "1.", "2.", starting again in every part); there a citation of such a number names the part as well,
"Câu 2 (Phần B)", "Question 2 (Part B)". A number printed once (a form numbered through, own numbers that carry their
part, "A1", "B1") is cited as before. The part is named by its heading's own letter or number ("PHẦN B. …",
"Section 2: …", "C. …"), else by the heading itself when it is short ("Question 1 (Woreda)"), else by its place
among the form's titled parts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .phrases import phrase

_PART_WORD = ("phần|part|section|module|partie|teil|abschnitt|parte|sección|seccion|seção|secao|bloc|block|"
              "mục|muc|chapter|chương")
_HEADED = re.compile(rf"^\s*(?i:{_PART_WORD})\s+([0-9]{{1,3}}|[A-Z]{{1,4}})\b")  # "PHẦN B", "Section 2", "Part IV"
_LEAD = re.compile(r"^\s*([A-Z]|[0-9]{1,2}|[IVX]{1,4})\s*[.:)–-]\s")  # "B. Household", "2: Income", "IV – Health"


SHORT_TITLE = 32  # characters: a heading this short is cited as printed, "Question 1 (Woreda)"


def part_label(title: str, place: int, language: str) -> str:
    """How a citation names the part titled `title`, the `place`-th (1-based) titled part of the form: by its
    heading's letter or number ("Phần B"), else by the heading itself when short ("Woreda"), else by its place."""
    m = _HEADED.match(title) or _LEAD.match(title)
    if m:
        return phrase(language, "part", p=m.group(1))
    title = " ".join(title.split())
    return title if len(title) <= SHORT_TITLE else phrase(language, "part", p=str(place))


def cited_parts(sections: Sequence[tuple[str, Sequence[tuple[str, str]]]], language: str) -> dict[str, str]:
    """{question id: "Phần B"} for each question whose printed number is printed in another part too (the
    numbering starts again there); {} for a form numbered through. `sections`: each part's title and its (id,
    number)s, in order. A part is counted among the titled ones; questions before the first heading (no title to
    find them by) are cited as before."""
    parts_of: dict[str, set[int]] = {}
    for k, (_, members) in enumerate(sections):
        for _, number in members:
            if number:
                parts_of.setdefault(number, set()).add(k)
    out: dict[str, str] = {}
    place = 0
    for title, members in sections:
        place += bool(title.strip())
        for qid, number in members:
            if title.strip() and len(parts_of.get(number, ())) > 1:
                out[qid] = part_label(title, place, language)
    return out
