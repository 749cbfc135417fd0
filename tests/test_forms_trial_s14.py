"""What session 14's new user found in XLSForms the project had never seen (issue #22, docs/forms_trial_s14.md):
each as the real form that brought it, with truths written out by hand."""

from test_questionnaire import xlsform

from benchmarks.realforms import DEFAULT_FORMS, cli
from scanner.logic.apply import LogicReason, check_record
from scanner.logic.expression import absent_steps_as_empty
from scanner.questionnaire import load_questionnaire
from scanner.template import load_template


def test_a_bare_step_naming_nothing_in_the_form_is_the_empty_value():
    """SurveyCTO's and Innovations for Poverty Action's templates write "is empty" as `${x} = null`: `null` is
    a path to a child node the form does not have, which ODK reads as "". Steps naming a question, functions
    and the operator words are left as they are."""
    assert absent_steps_as_empty("(${likert0}=null and . !=null) or (. = null and ${likert0}!=null)",
                                 {"likert0", "dkref"}) == "(${likert0}='' and . !='') or (. = '' and ${likert0}!='')"
    kept = "selected(crops, '777') and count-selected(.) > 1 or not(true()) and 4 div 2 mod 1 = 0"
    assert absent_steps_as_empty(kept, {"crops"}) == kept


def test_build_accepts_a_constraint_comparing_with_null_and_the_rule_is_applied(tmp_path):
    """IPA's Likert template (and its "date allows don't know") failed `build` on its own template: "names
    'null', which is neither a question of the template nor listed in $.other_fields". The rule it means, "answer
    the scale or don't know/refuse, not both and not neither", is now printed and applied to every record."""
    for name in ("ipa_likert_template.xlsx", "ipa_date_allows_dk.xlsx"):
        code, out, err = cli(["build", str(DEFAULT_FORMS / name), "--out", str(tmp_path / f"{name}.json")])
        assert code == 0, (name, out, err)
    template = load_template(tmp_path / "ipa_likert_template.xlsx.json")
    dkref = template.question("dkref")
    assert dkref.constraint == "(${likert0}='' and . !='') or (. = '' and ${likert0}!='')"
    both = check_record(template, {"likert0": ["3"], "dkref": ["1"]})
    assert both.problems == {"dkref": LogicReason.constraint_broken}
    assert check_record(template, {"likert0": [], "dkref": ["1"]}).problems == {}
    assert check_record(template, {"likert0": ["3"], "dkref": []}).problems == {}


def test_a_note_that_only_shows_a_computed_value_stays_online(tmp_path):
    """A household roster template ends with a note whose whole label is `${hh_summary_text}` (a calculate the
    phone shows: "You have entered 4 household members."): paper printed a lone "……" above "Thank you!". It is
    listed as online only, with the calculate it shows."""
    q = load_questionnaire(DEFAULT_FORMS / "scto360_household_roster.xlsx")
    assert "hh_summary_note" not in [it.id for it in q.items()]
    assert {(o.name, o.why.value) for o in q.online_only} >= {("hh_summary_note", "computed"),
                                                              ("hh_summary_text", "computed")}
    assert cli(["build", str(DEFAULT_FORMS / "scto360_household_roster.xlsx"), "--out", str(tmp_path / "t.json")])[0] == 0
    assert "……" not in [t.text.strip() for t in load_template(tmp_path / "t.json").texts]


def test_options_labelled_only_by_fields_the_phone_fills_print_their_values():
    """IPA's "repeat allows selection" asks, in a second roster, which member answers: its 15 options are
    labelled `${fam_name1}` … `${fam_name15}` (names the phone pulls from the first roster with indexed-repeat()).
    Paper printed 15 boxes all headed "……"; they are headed by their values 1 … 15, the member's row."""
    q = load_questionnaire(DEFAULT_FORMS / "ipa_repeat_allows_selection.xlsx")
    roster = next(it for it in q.items() if it.id == "worker_group")
    member = next(c for c in roster.columns if c.id == "worker_hhmember")
    assert [c.label for c in member.choices] == [str(n) for n in range(1, 16)]
    gender = next(it for it in q.items() if it.id == "fam_group").columns[1]
    assert [c.label for c in gender.choices] == ["Male", "Female", "Other"]  # words are kept as they are


def _group(name, rows):
    return [{"type": "begin_group", "name": name, "label": name.title()}, *rows, {"type": "end_group", "name": name}]


def test_numbers_labels_claim_afresh_in_each_group_do_not_push_the_first_question_far_down(tmp_path):
    """WFP Ethiopia's food security outcome survey numbers its coping strategies "1." … "14." afresh in each
    group; every unnumbered question avoided every claimed number, so the survey opened on "Question 15"
    (REACH's MSNA on 10, UNHCR's household survey on 12). Numbers that restart are their section's own, avoided
    there only; numbers claimed once each still reserve themselves in the whole form (a question before the
    form's own 1 is "0a": xlsform_finish.opens_on_one)."""
    yn = [("yn", "yes", "Yes"), ("yn", "no", "No")]
    rows = lambda prefix, labels: [{"type": "select_one yn", "name": f"{prefix}{k}", "label": lab}  # noqa: E731
                                   for k, lab in enumerate(labels)]
    restart = (_group("office", rows("o", ["Sub-office", "Name of interviewer"]))
               + _group("food", rows("f", ["1. Relied on less preferred food", "2. Borrowed food"]))
               + _group("assets", rows("a", ["1. Sold household goods", "2. Borrowed money", "Other strategy"])))
    q = load_questionnaire(xlsform(tmp_path / "r.xlsx", restart, yn, {"form_title": "T", "form_id": "t"}))
    assert [it.number for it in q.items()] == ["1", "2", "1", "2", "1", "2", "3"]
    once = (_group("office", rows("o", ["Sub-office"])) + _group("food", rows("f", ["1. Relied", "2. Borrowed"])))
    q = load_questionnaire(xlsform(tmp_path / "o.xlsx", once, yn, {"form_title": "T", "form_id": "t"}))
    assert [it.number for it in q.items()] == ["0a", "1", "2"]  # before the form's own 1 (session 22, t22b; was "3")
    wfp = load_questionnaire(DEFAULT_FORMS / "onadata_wfp_ethiopia_fsom.xlsx")
    assert [it.number for it in wfp.items() if it.number][:11] == [
        "1", "2", "3", "4", "5", "6", "7", "8", "9", "1.2", "10"]
