"""Which part a printed citation names, on a form that numbers its questions afresh in each part (section).

"Trả lời nếu Câu 2 chọn “Có”" is ambiguous when Phần A and Phần B each have a Câu 2 (the labels carry their own
numbers, "1.", "2.", starting again in every part); there a citation of such a number names the part as well,
"Câu 2 (Phần B)", "Question 2 (Part B)". A number printed once (a form numbered through, own numbers that carry their
part, "A1", "B1") is cited as before. The part is named by its heading's own letter or number ("PHẦN B. …",
"Section 2: …", "C. …"), else by the heading itself when it is short ("Question 1 (Woreda)"), else by its place
among the form's titled parts; such a part's heading is then printed with that number ("Part 3. Household
composition and …"), so that the "(Part 3)" an instruction cites can be found on the page.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from .phrases import phrase

_PART_WORD = ("phần|part|section|module|partie|teil|abschnitt|parte|sección|seccion|seção|secao|bloc|block|"
              "mục|muc|chapter|chương")
_HEADED = re.compile(rf"^\s*(?i:{_PART_WORD})\s+([0-9]{{1,3}}|[A-Z]{{1,4}})\b")  # "PHẦN B", "Section 2", "Part IV"
_LEAD = re.compile(r"^\s*([A-Z]|[0-9]{1,2}|[IVX]{1,4})\s*[.:)–-]\s")  # "B. Household", "2: Income", "IV – Health"


SHORT_TITLE = 32  # characters: a heading this short is cited as printed, "Question 1 (Woreda)"


def _by_place(title: str) -> bool:
    """Whether a part titled so is cited by its place: no letter or number of its own, too long to quote."""
    return not (_HEADED.match(title) or _LEAD.match(title)) and len(" ".join(title.split())) > SHORT_TITLE


def part_label(title: str, place: int, language: str) -> str:
    """How a citation names the part titled `title`, the `place`-th (1-based) titled part of the form: by its
    heading's letter or number ("Phần B"), else by the heading itself when short ("Woreda"), else by its place."""
    m = _HEADED.match(title) or _LEAD.match(title)
    if m:
        return phrase(language, "part", p=m.group(1))
    return phrase(language, "part", p=str(place)) if _by_place(title) else " ".join(title.split())


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


def placed_headings(sections: Sequence[tuple[str, Sequence[tuple[str, str]]]], language: str,
                    referenced: Collection[str]) -> dict[int, str]:
    """{section index: its heading with its place, "Part 3. Household composition and demographics"} for each part
    cited by its place (part_label) whose questions the form's words cite (`referenced`: ids named by a
    `${field}` in a condition, label or hint); other headings stay as the form writes them."""
    cited = cited_parts(sections, language)
    out: dict[int, str] = {}
    place = 0
    for k, (title, members) in enumerate(sections):
        place += bool(title.strip())
        if title.strip() and _by_place(title) and any(q in cited and q in referenced for q, _ in members):
            out[k] = f"{phrase(language, 'part', p=str(place))}. {title.strip()}"
    return out
