"""A template's question names are worked out once per template (build asks for them for every conditional
question and online problem): each template must still be worded with its own names, never another's."""

from __future__ import annotations

import weakref
from dataclasses import replace

from scanner.logic.wording import template_instruction, template_names
from scanner.template import load_template


def _conditional(number: str):
    """The default template with its second question asked only if the first is '1', the first numbered `number`."""
    t = load_template("templates/ballot_layout.json")
    first, second = t.questions[0], t.questions[1]
    option = first.options[0]
    questions = (replace(first, number=number), replace(second, relevant=f"${{{first.id}}} = '{option.id}'"),
                 *t.questions[2:])
    return replace(t, questions=questions), second.id, option.label


def test_each_template_is_worded_with_its_own_numbers():
    a, qid, label = _conditional("17")
    b, _, _ = _conditional("23")
    for _ in range(2):  # asked in turn, each from its own
        assert template_instruction(a, qid) == f"Trả lời nếu Câu 17 chọn “{label}”"
        assert template_instruction(b, qid) == f"Trả lời nếu Câu 23 chọn “{label}”"
    assert template_names(a) is template_names(a)  # worked out once


def test_a_new_template_in_a_freed_place_is_not_named_as_the_old_one():
    from scanner.logic import wording

    class Gone:
        pass

    t, qid, label = _conditional("41")
    gone = Gone()
    freed = weakref.ref(gone)
    del gone
    wording._NAMED[(id(t), False)] = (freed, {})  # what a freed template at this id would have left behind
    assert template_instruction(t, qid) == f"Trả lời nếu Câu 41 chọn “{label}”"
