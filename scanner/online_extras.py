"""What the Google Form asks beyond the printed questions, as the template's `online` part carries it.

The paper form and the Google Form are made from one questionnaire; the
Google Form also shows the notes (as text items), asks numbers and dates as
number- and date-checked answers, and keeps the online-only fields Google
Forms can ask (a barcode or position as a short answer, a ranking as a
grid). Their columns in the responses download are named here so the
import sets them aside as known, never as unknown columns to settle.
"""

from __future__ import annotations

from typing import Any

from .kinds.behaviour import Held
from .kinds.xlsform import ONLINE_FORMATS
from .label_marks import calc_blank_lines
from .phrases import phrase
from .questionnaire import Questionnaire, nfc
from .vocab import ExtraKind


def online_extras(q: Questionnaire) -> dict[str, Any]:
    """The `online` keys: the unit question (unit_question), language, formats (question id -> XLSForm type), extras (items in order), ignored_titles."""
    items = q.items()
    asked = [it for it in items if it.behaviour.asked and not it.other_of]
    order = {it.id: k for k, it in enumerate(items)}

    def next_question(position: int) -> str:
        return next((it.id for it in asked if order[it.id] > position), "")

    extras: list[dict[str, Any]] = []
    for k, it in enumerate(items):
        if not it.behaviour.asked and (it.label or it.hint) and not getattr(it, "heading", 0):
            # a note's first line is its title; the lines after it, breaks kept, and its hint the item's help text.
            # First lines holding only the blank a `${calc}` leaves (Hluvukani's `${my_form_name}` over its intro)
            # are no title, the Google Form showed "……"; paper skips the same (label_marks.calc_blank_lines)
            said, hint = nfc(it.online_label or it.label), nfc(it.online_hint or it.hint)
            lines = (said or hint).split("\n")  # a note with no label is its hint
            lines = lines[calc_blank_lines(lines):]
            title, parts = lines[0], ["\n".join(lines[1:]).strip()]
            if said:  # (else the hint is the title and its lines already)
                parts.append(hint.strip())
            more = "\n\n".join(x for x in parts if x)
            extras.append({"kind": ExtraKind.note, "title": title, **({"help": more} if more else {}),
                           "before": next_question(k), "row": it.row})
    for o in q.online_only:
        if o.google:
            extras.append({"kind": o.google, "title": nfc(o.label), "choices": list(o.choices), "before": o.before,
                           "id": o.name, "row": o.row})
    extras.sort(key=lambda e: e["row"] or 0)  # notes and the online-only fields in the form's own order
    for e in extras:
        del e["row"]
    ignored = []
    for e in extras:
        if e["kind"] == ExtraKind.text:
            ignored.append(e["title"])
        elif e["kind"] == ExtraKind.rank:
            ignored += [f"{e['title']} [{c}]" for c in e["choices"]]
    formats = {it.id: it.xls_type for it in items if it.behaviour.held in (Held.text, Held.number)
               and it.xls_type in ONLINE_FORMATS}
    unit_after = q.unit_after
    if unit_after and q.item(unit_after).behaviour.handwritten and q.item(unit_after).other_of:
        unit_after = q.item(unit_after).other_of or ""
    # the form's own words the Google Form shows as help (the hint) and the reviewer reads for a broken rule
    # (not the paper's own instruction for a digit grid, which the example questionnaire writes as its hint)
    paper_only = {phrase(q.language, "digit_grid")}
    hints = {it.id: nfc(it.online_hint or it.hint) for it in items
             if it.hint and it.behaviour.asked and not it.other_of and nfc(it.hint) not in paper_only}
    own = {"hints": hints, "constraint_messages": dict(q.constraint_messages), "formulas": dict(q.formulas)}
    return {**unit_question(q), "language": q.language, "formats": formats, "extras": extras, "ignored_titles": ignored,
            "unit_after": unit_after, **{k: v for k, v in own.items() if v}}


# the unit question every Google Form made before session 17 asked, whatever its language or settings: its column
# in a download of such a form is still read as the unit
EARLIER_UNIT_TITLE = phrase("vi", "unit_question")


def unit_question(q: Questionnaire) -> dict[str, Any]:
    """The `online` keys of the plan's unit question: its title ("" when the form does not ask it: the settings
    have neither `unit_question` nor `unit_after`, as a form written elsewhere has not) and the titles an earlier
    form asked it by."""
    title = nfc(q.unit_question)
    return {"unit_title": title, "unit_aliases": [EARLIER_UNIT_TITLE] if title != EARLIER_UNIT_TITLE else []}
