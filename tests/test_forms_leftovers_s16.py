"""What session 16's new-user trial left (issue #22, docs/forms_trial_s16.md, "Left as found"): each as the
smallest form that shows it, truths written out by hand from the forms' own words."""

from __future__ import annotations

import pytest
from test_real_forms_s16 import SETTINGS, YN, xlsform

from benchmarks.realforms import DEFAULT_FORMS, cli
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


def _widths(tmp_path, rows):
    survey = [{"type": t, "name": n, "label": lab, "constraint": c} for t, n, lab, c in rows]
    q = load_questionnaire(xlsform(tmp_path / "w.xlsx", survey, YN, SETTINGS))
    said = [n for n in q.notices if "digits" in n]
    return {it.id: it.digits for it in q.items() if it.number}, said


def test_a_numbers_columns_come_from_its_constraints_range_or_length(tmp_path):
    """`. < 100000` allows 99999 at most (five columns; six were printed), `string-length(.) = 9` and a regex of
    nine digits ask nine (the number in them was read as a bound: one column), `. != 0` rules one number out and
    says no size (it printed one column, with no note), nor does `^[0-9]+$` (its "0" and "9" were bounds)."""
    rows = [("integer", "parcel", "Parcel number", ". < 100000"),
            ("integer", "upto", "Up to a million", ". > 0 and . < 1000000"),
            ("integer", "phone", "Phone", "string-length(.) = 9"),
            ("integer", "nuit", "Tax number", "regex(., '^[0-9]{9}$')"),
            ("integer", "short", "Code", "string-length(.) < 7"),
            ("integer", "mobile", "Mobile", "regex(., '^0[0-9]{9}$')"),
            ("integer", "any", "Any number", "regex(., '^[0-9]+$')"),
            ("integer", "count", "How many", ". != 0"),
            ("decimal", "area", "Area", ". < 100")]
    widths, said = _widths(tmp_path, rows)
    assert widths == {"parcel": 5, "upto": 6, "phone": 9, "nuit": 9, "short": 6, "mobile": 10, "any": 3, "count": 3,
                      "area": 3}
    assert len(said) == 1 and said[0].startswith("câu any, count: in 3 chữ số")


def test_a_question_asking_for_a_year_gets_four_columns(tmp_path):
    """A year asked with no `digits` or range printed 3 columns (no year can be written there): "In what year…",
    "Em que ano…", "…từ năm nào?", a `birth_year` name ask for a year; "how many years" and `events_per_year` (a
    rate, fmtm's building survey) ask a count and keep the default, with the note."""
    rows = [("integer", "built", "In what year was the house built?", ""),
            ("integer", "nasceu", "Em que ano nasceu?", ""),
            ("integer", "nam_ngheo", "Hộ thuộc diện nghèo từ năm nào?", ""),
            ("integer", "birth_year", "Born", ""),
            ("integer", "lived", "How many years have you lived here?", ""),
            ("integer", "anos", "Há quantos anos vive aqui?", ""),
            ("integer", "so_nam", "Số nam trong hộ", ""),
            ("integer", "events_per_year", "How often are these events held?", "")]
    widths, said = _widths(tmp_path, rows)
    assert widths == {"built": 4, "nasceu": 4, "nam_ngheo": 4, "birth_year": 4, "lived": 3, "anos": 3, "so_nam": 3,
                      "events_per_year": 3}
    assert len(said) == 1 and said[0].startswith("câu lived, anos, so_nam, events_per_year: in 3 chữ số")


def test_a_year_pattern_of_digit_classes_gets_four_columns(tmp_path):
    """`^[12][0-9]{3}$`, `^(19|20)[0-9]{2}$`, `^[1-9][0-9]{3}$` ask for four digits (review B, item 3): only `[0-9]`
    and `\\d` were read as digits, so they printed the default 3 columns with a note that the form gives no range.
    An age in years (`age_yr`) and a school year (`school_year`, "Year of study", "Ano de escolaridade") ask a
    count or a grade, not a year: they keep the default (review B, item 5)."""
    rows = [("integer", "y12", "Born", "regex(., '^[12][0-9]{3}$')"),
            ("integer", "y1920", "Married", "regex(., '^(19|20)[0-9]{2}$')"),
            ("integer", "y19", "Moved", "regex(., '^[1-9][0-9]{3}$')"),
            ("integer", "code", "Code", "regex(., '^(?:0|1)[0-9]$')"),
            ("integer", "age_yr", "Age", ""),
            ("integer", "school_year", "School year", ""),
            ("integer", "study", "Year of study", ""),
            ("integer", "escola", "Ano de escolaridade", "")]
    widths, said = _widths(tmp_path, rows)
    assert widths == {"y12": 4, "y1920": 4, "y19": 4, "code": 2, "age_yr": 3, "school_year": 3, "study": 3,
                      "escola": 3}
    assert len(said) == 1 and said[0].startswith("câu age_yr, school_year, study, escola: in 3 chữ số"), said


def test_build_says_how_to_widen_a_parcel_number(tmp_path):
    """Hluvukani's delivery form asks the parcel number as a bare integer (`upn`, no digits, no range): nothing in
    the form says its length, so it keeps 3 columns and `build` names it by the survey sheet's name (the number
    it gave before was not the printed one) and says which column to add."""
    form = DEFAULT_FORMS / "hluvukani_G_delivery.xlsx"
    q = load_questionnaire(form)
    assert q.item("upn").digits == 3
    (said,) = [n for n in q.notices if "digits" in n]
    assert said.startswith("câu upn, upn_confirm: in 3 chữ số")
    assert "add a digits column to the survey sheet and write the count on the question's row" in said


def test_a_note_opening_on_a_computed_value_prints_from_its_words(tmp_path):
    """Hluvukani's intros open on `<br/> <span>${my_form_name}</span> <br/> Este formulário…`: paper printed a
    first line holding only "……" (the blank a calculate leaves) before the words, which the Google Form's title
    already skips. It is dropped on paper too; a blank inside a line with words stays a blank to write in."""
    from scanner.template import load_template

    survey = [{"type": "calculate", "name": "form_name", "label": "", "calculation": "'Entrega'"},
              {"type": "note", "name": "intro", "label": "<br/> <span>${form_name}</span> <br/> Este formulário "
               "regista a entrega.<br/>Responda a todas as perguntas."},
              {"type": "note", "name": "who", "label": "Fale com ${form_name} hoje.<br/>Obrigado."},
              {"type": "select_one yn", "name": "ok", "label": "Recebeu?"}]
    path = xlsform(tmp_path / "n.xlsx", survey, YN, {**SETTINGS, "frame_language": "pt"})
    assert cli(["build", str(path), "--out", str(tmp_path / "n.json")])[0] == 0
    printed = [t.text for t in load_template(tmp_path / "n.json").texts]
    assert not [t for t in printed if t.strip() == "……"], printed
    start = printed.index("Este formulário regista a entrega.")
    assert printed[start + 1] == "Responda a todas as perguntas."
    assert "Fale com …… hoje." in printed and "Obrigado." in printed
    q = load_questionnaire(path)
    assert q.item("intro").label == "Este formulário regista a entrega. Responda a todas as perguntas."
