"""How a `${field}` inside a printed label reads: as the answer it stands for, not as the question's name.

On a phone "Number of people working in ${business}" shows the answer given to that question; paper has no
answer to show, so it names where the answer is. Printed bare, the name made a sentence of two ("Number of people
working in Question 75"); worded as the answer ("… working in (answer to Question 75)", "(câu trả lời ở Câu 4)")
it reads as the phone's sentence with its blank explained, in the frame's language. A reference already inside
brackets ("(${q4})", "(${age} tuổi)") gets no second pair. A field paper does not print (a calculate) stays a
blank to write in.

After a verb of telling ("You said ${q}", "You told us ${q}. Is that right?", "Anh/chị đã chọn ${q}") the phone
reads an answer back; "You said (answer to Question 4)" named it twice over. There the field reads as a
cross-reference, "You said (see Question 4)", "(xem Câu 4)", as a printed questionnaire points back to a question.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .phrases import phrase

# verbs of telling, by the frames' languages, after which a `${field}` is an answer read back: "(see Question 4)"
_TOLD_WORDS = (
    "said", "say", "answered", "entered", "reported", "chose", "chosen", "selected", "mentioned", "indicated",
    "stated", "told us", "told me", "gave", "recorded", "responded", "replied",
    "dit", "répondu", "indiqué", "choisi", "sélectionné", "déclaré", "mentionné", "saisi",
    "đã chọn", "đã trả lời", "trả lời là", "cho biết", "đã nói", "đã ghi", "đã khai", "đã nêu",
    "gesagt", "angegeben", "geantwortet", "gewählt", "ausgewählt", "genannt",
    "dijo", "respondió", "indicó", "seleccionó", "eligió", "mencionó", "declaró",
    "disse", "respondeu", "indicou", "selecionou", "escolheu", "mencionou", "declarou", "informou",
)
_TOLD = re.compile(r"(?:^|\W)(?:" + "|".join(re.escape(w) for w in _TOLD_WORDS)
                   + r")(?:\s*:|\s+(?:that|que|là|dass))?\s*$")
_CITED = re.compile(r"(?P<open>[(\[]\s*)?\$\{\s*(?P<id>[^}\s]+)\s*\}(?P<close>\s*[)\]])?")


def answer_ref(language: str, said: str, part: str = "") -> str:
    """The words a `${field}` of a printed question is replaced by: "(answer to Question 2, Part B)"."""
    return phrase(language, "answer_ref", q=f"{said}, {part}" if part else said)


def see_ref(language: str, said: str, part: str = "") -> str:
    """The words a `${field}` read back after a verb of telling is replaced by: "(see Question 2, Part B)"."""
    return phrase(language, "see_ref", q=f"{said}, {part}" if part else said)


def answer_lead(language: str) -> str:
    """The words the answer phrase opens on ("answer to"): a label already saying them before its `${field}`
    ("given your answer to ${farm}") needs only the question's name after them."""
    return phrase(language, "answer_ref", q="\0").split("\0")[0].strip(" ([").casefold()


def cite_answers(text: str, cited: Callable[[str], str | None], blank: str, named: Callable[[str], str | None],
                 lead: str, seen: Callable[[str], str | None] = lambda _: None) -> str:
    """`text` with each `${field}` replaced by `cited(field)` ("(answer to Question 4)"), or `blank` when it names
    nothing printed; inside brackets of its own the phrase's own brackets are left off; after the phrase's own
    `lead` ("… your answer to ${farm}") by the question's name alone, `named(field)`; after a verb of telling
    ("You said ${q}") by `seen(field)`, "(see Question 4)"."""
    if "${" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        words = cited(m.group("id"))
        if words is None:
            return f"{m.group('open') or ''}{blank}{m.group('close') or ''}"
        before = text[:m.start()].rstrip().casefold()
        first, _, rest = lead.partition(" ")
        if lead and not m.group("open") and before.endswith((lead, f"{first}s {rest}".rstrip())):
            return named(m.group("id")) or words
        head = text[:m.start()]
        if not m.group("open") and _TOLD.search(before) and (told := seen(m.group("id"))):
            words = told
        inside = m.group("open") or head.count("(") + head.count("[") > head.count(")") + head.count("]")
        if inside and words[:1] in "([":  # "(${age} tuổi)": one pair, the form's
            words = words[1:-1]
        return f"{m.group('open') or ''}{words}{m.group('close') or ''}"

    return _CITED.sub(one, text)
