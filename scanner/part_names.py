"""Which part a printed citation names, on a form that numbers its questions afresh in each part (section).

"Trả lời nếu Câu 2 chọn “Có”" is ambiguous when Phần A and Phần B each have a Câu 2 (the labels carry their own
numbers, "1.", "2.", starting again in every part); there every citation names the part as well, "Câu 2 (Phần B)",
"Question 2 (Part B)". A form numbered through, or whose own numbers carry their part ("A1", "B1"), is cited as
before. The part is named by its heading's own letter or number ("PHẦN B. …", "Section 2: …", "C. …"), else by its
place among the form's parts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .phrases import phrase

_PART_WORD = ("phần|part|section|module|partie|teil|abschnitt|parte|sección|seccion|seção|secao|bloc|block|"
              "mục|muc|chapter|chương")
_HEADED = re.compile(rf"^\s*(?i:{_PART_WORD})\s+([0-9]{{1,3}}|[A-Z]{{1,4}})\b")  # "PHẦN B", "Section 2", "Part IV"
_LEAD = re.compile(r"^\s*([A-Z]|[0-9]{1,2}|[IVX]{1,4})\s*[.:)–-]\s")  # "B. Household", "2: Income", "IV – Health"


def part_label(title: str, place: int, language: str) -> str:
    """How a citation names the part titled `title`, the `place`-th (1-based) of the form: "Phần B"."""
    m = _HEADED.match(title) or _LEAD.match(title)
    return phrase(language, "part", p=m.group(1) if m else str(place))


def cited_parts(sections: Sequence[tuple[str, Sequence[tuple[str, str]]]], language: str) -> dict[str, str]:
    """{question id: "Phần B"} for every numbered question of a form whose numbering restarts in a part (a number
    printed in two parts); {} for a form numbered through. `sections`: each part's title and its (id, number)s."""
    seen: dict[str, int] = {}
    restarts = False
    for k, (_, members) in enumerate(sections):
        for _, number in members:
            if number and seen.setdefault(number, k) != k:
                restarts = True
    if not restarts:
        return {}
    return {qid: part_label(title, k, language) for k, (title, members) in enumerate(sections, 1)
            for qid, number in members if number}
