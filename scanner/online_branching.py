"""A `relevant` on one single-choice question as Google Forms' "go to section based on answer".

Google Forms cannot hide a question, but a multiple-choice question can send
the respondent to a section by its answer. A run of questions sharing the
condition "question q is one of these options" (logic.choices.choice_condition)
becomes its own section; q's options in the condition go to it, the others
to the section after it. Only what that can express is turned into
branching: q asked as a radio question, earlier in the same section as the
run (a section break between them would end q's section first), and its
Google "Other" among the options that lead in. Everything else keeps the
printed instruction as help text.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .logic.choices import choice_condition
from .template import Template
from .vocab import FormItemKind

if TYPE_CHECKING:
    from .online_form import FormItem

SUBMIT = "__submit__"


def add_branching(items: list[FormItem], template: Template) -> list[FormItem]:
    from .online_form import FormItem

    out = list(items)
    keys = 0
    i = 0
    while i < len(out):
        relevant = _relevant(out[i], template)
        cond = choice_condition(relevant) if relevant else None
        if cond is None:
            i += 1
            continue
        j = i
        while j < len(out) and _relevant(out[j], template) == relevant:
            j += 1
        qid, options = cond
        qi = next((n for n in range(i) if out[n].question_ids == (qid,) and out[n].kind == FormItemKind.single), None)
        question = template.question(qid) if qi is not None else None
        breaks = [n for n in range(qi + 1, i) if out[n].kind == FormItemKind.section] if qi is not None else []
        if (question is None or qi is None or out[qi].branches or breaks[:-1] or (breaks and breaks[0] != i - 1)
                or (question.other_option and question.other_option not in options)):
            i = j
            continue
        if breaks:  # the run is a whole section of the form: branch to that section
            start = i - 1
        else:
            out.insert(i, FormItem(FormItemKind.section, ""))
            start, j = i, j + 1
        if not out[start].key:  # a section an earlier branch already goes to keeps its key
            keys += 1
            out[start] = replace(out[start], key=f"s{keys}")
        if j == len(out):
            after = SUBMIT
        else:
            if out[j].kind != FormItemKind.section:
                out.insert(j, FormItem(FormItemKind.section, ""))
            if not out[j].key:
                keys += 1
                out[j] = replace(out[j], key=f"s{keys}")
            after = out[j].key
        label_to_id = {o.online: o.id for o in question.options}
        branches = tuple((label, out[start].key if label_to_id.get(label) in options else after)
                         for label in out[qi].choices)
        out[qi] = replace(out[qi], branches=branches)
        i = j
    return out


def _relevant(item: FormItem, template: Template) -> str:
    """The condition all of an item's questions share ("" for none, or when they differ)."""
    if item.kind in (FormItemKind.section, FormItemKind.note, FormItemKind.unit) or not item.question_ids:
        return ""
    ids = {q.id for q in template.questions}
    found = {template.question(q).relevant for q in item.question_ids if q in ids}
    return found.pop() if len(found) == 1 else ""
