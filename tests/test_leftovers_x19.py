"""Three leftovers of session 19's reports (t19, g19, m19), each on the smallest case that shows it; truths are
written out by hand."""

from __future__ import annotations

from test_forms_trial_s15 import xlsform

from benchmarks.realforms import DEFAULT_FORMS, cli
from scanner.kinds import Kind
from scanner.online_only import Why
from scanner.questionnaire import load_questionnaire
from scanner.template import load_template

SETTINGS = {"form_title": "T", "form_id": "t"}


def _items(q):
    return {i.id: i for s in q.sections for i in s.items}


def test_a_read_only_question_prints_its_default_as_a_note_or_stays_online_only(tmp_path):
    """A `read_only` question with no `calculation` cannot be changed by anyone: it printed a box to write in.
    With a default it now prints as a note, its label then the value a phone shows (a choice by its label); with
    none it is listed online only as read-only; a dynamic default (`today()`) is computed, as a calculation is."""
    survey = [{"type": "text", "name": "your_name", "label": "Your name"},
              {"type": "text", "name": "shown", "label": "Your district is", "read_only": "yes", "default": "Ba Đình"},
              {"type": "text", "name": "blank", "label": "Shown only", "read_only": "yes"},
              {"type": "date", "name": "when", "label": "Today", "read_only": "yes", "default": "today()"},
              {"type": "select_one yn", "name": "agree", "label": "Agreed?", "read_only": "yes", "default": "y"},
              {"type": "text", "name": "free", "label": "Anything else", "default": "none"}]
    choices = [("yn", "y", "Yes"), ("yn", "n", "No")]
    form = xlsform(tmp_path / "f.xlsx", survey, choices, SETTINGS)
    q = load_questionnaire(form)
    items = _items(q)
    assert items["shown"].kind is Kind.note and items["shown"].label == "Your district is: Ba Đình"
    assert items["agree"].kind is Kind.note and items["agree"].label == "Agreed? Yes"
    assert items["free"].kind is Kind.text  # a default a respondent may change: still a box to write in
    off = {o.name: o.why for o in q.online_only}
    assert off == {"blank": Why.read_only, "when": Why.computed}
    code, said, err = cli(["build", str(form), "--out", str(tmp_path / "t.json")])
    assert code == 0, (said, err)
    t = load_template(tmp_path / "t.json")
    assert {x.id for x in t.questions} == {"your_name", "free"}
    printed = " ".join(x.text for x in t.texts)
    assert "Ba Đình" in printed and "Agreed? Yes" in printed
    assert "read-only with no default to print: a phone shows it, nobody fills it: blank" in said + err


def test_the_review_widget_of_pyxforms_widgets_form_is_not_a_box(tmp_path):
    """pyxform's widgets form: "review widget. is your email still ${my_trigger}?" is read-only with no default."""
    q = load_questionnaire(DEFAULT_FORMS / "pyxform_widgets.xls")
    assert "my_output" not in _items(q)
    assert {o.name: o.why for o in q.online_only}["my_output"] is Why.read_only
