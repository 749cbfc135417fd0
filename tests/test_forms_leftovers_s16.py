"""What session 16's new-user trial left (issue #22, docs/forms_trial_s16.md, "Left as found"): each as the
smallest form that shows it, truths written out by hand from the forms' own words."""

from __future__ import annotations

import pytest
from test_real_forms_s16 import SETTINGS, YN, xlsform

from benchmarks.realforms import DEFAULT_FORMS
from scanner.questionnaire import load_questionnaire


def _numbered(path):
    return [(it.number, it.id) for it in load_questionnaire(path).items() if it.number]


def test_numbers_a_section_restarts_for_its_lists_leave_no_gap(tmp_path):
    """REACH's MSNA 2024 wraps its whole consented form in one group, whose income and spending questions list
    their sources "1. Salaried work" … "11. Other" (one number question each), twice and more: those numbers were
    avoided in the whole part as if they were its own numbering, so the form went from "Question 10" to 12."""
    money = [{"type": "integer", "name": f"{w}_{i}", "label": f"{i}. Source {i}"} for w in ("n", "p")
             for i in range(1, 5)]
    survey = [{"type": "begin_group", "name": "intro", "label": "Introduction"},
              {"type": "select_one yn", "name": "modality", "label": "Survey modality"},
              {"type": "select_one yn", "name": "consent", "label": "Do you agree?"},
              {"type": "end_group", "name": "intro"},
              {"type": "begin_group", "name": "main", "label": "Consented form"},
              {"type": "select_one yn", "name": "gender", "label": "What is your gender?"},
              *money[:4],
              {"type": "select_one yn", "name": "total", "label": "Can you estimate the total?"},
              *money[4:],
              {"type": "end_group", "name": "main"}]
    got = _numbered(xlsform(tmp_path / "m.xlsx", survey, YN, SETTINGS))
    assert got == [("1", "modality"), ("2", "consent"), ("3", "gender"), ("1", "n_1"), ("2", "n_2"), ("3", "n_3"),
                   ("4", "n_4"), ("5", "total"), ("1", "p_1"), ("2", "p_2"), ("3", "p_3"), ("4", "p_4")]


def test_a_sections_own_numbers_once_each_are_still_avoided(tmp_path):
    """Where a part's labels number some questions once each ("3. Age"), an unnumbered one before is not given
    that number (the rule the restarting lists above leave alone)."""
    survey = [{"type": "begin_group", "name": "a", "label": "Part A"},
              {"type": "text", "name": "name", "label": "Name"},
              {"type": "text", "name": "village", "label": "Village"},
              {"type": "integer", "name": "age", "label": "2. Age"},
              {"type": "end_group", "name": "a"}]
    got = _numbered(xlsform(tmp_path / "a.xlsx", survey, YN, SETTINGS))
    assert got == [("1", "name"), ("3", "village"), ("2", "age")]


@pytest.mark.slow  # reads REACH's 548-row workbook through pyxform (about 10 s wall under load)
def test_reach_msna_2024_numbers_its_questions_without_a_gap():
    """The whole form's plain numbers run 1, 2, 3 … with none left out; its consented part opens on 11."""
    got = _numbered(DEFAULT_FORMS / "reach_msna2024_kobo_tool.xlsx")
    plain = sorted({int(n) for n, _ in got if n.isdigit()})
    assert plain == list(range(1, len(plain) + 1))
    assert dict((qid, n) for n, qid in got)["resp_gender"] == "11"
