"""What session 13 mended of the new user's trial (issue #22, docs/forms_trial_s12.md "left alone"): each as the
smallest form that shows it, or the real form that brought it. Truths are written out by hand."""

from test_questionnaire import xlsform

from benchmarks.realforms import DEFAULT_FORMS, cli
from scanner.questionnaire import load_questionnaire
from scanner.template import load_template

YN = [("yn", "yes", "Yes"), ("yn", "no", "No")]


def test_a_number_two_labels_claim_is_kept_on_both_and_ours_never_put_before_it(tmp_path):
    """onadata's Swahili children's survey labels two questions "5.1 …"; the second printed "Question 4. 5.1
    Nambari ya simu ya mkono": our number before its own. A label's own number is kept as printed, even twice;
    the next unnumbered question numbers on after it."""
    q = load_questionnaire(DEFAULT_FORMS / "onadata_childrens_survey_sw.xlsx")
    got = [(it.number, it.label) for it in q.items() if it.number]
    assert got[-2:] == [("5.1", "Nambari ya simu ya ofisi"), ("5.1", "Nambari ya simu ya mkono")]
    survey = [{"type": "text", "name": "a", "label": "3. First"},
              {"type": "text", "name": "b", "label": "3. Second, numbered alike by mistake"},
              {"type": "select_one yn", "name": "c", "label": "Third, unnumbered"}]
    path = xlsform(tmp_path / "n.xlsx", survey, YN, {"form_title": "T", "form_id": "t"})
    q = load_questionnaire(path)
    assert [(it.number, it.label) for it in q.items()] == [
        ("3", "First"), ("3", "Second, numbered alike by mistake"), ("4", "Third, unnumbered")]
    assert cli(["build", str(path), "--out", str(tmp_path / "n.json")])[0] == 0
    printed = [t.text for t in load_template(tmp_path / "n.json").texts]
    assert [t for t in printed if t.startswith("Question")] == [
        "Question 3. First", "Question 3. Second, numbered alike by mistake", "Question 4. Third, unnumbered"]
