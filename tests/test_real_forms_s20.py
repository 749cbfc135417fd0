"""What session 20's new-user trial of unseen XLSForms found (issue #22, docs/forms_trial_s20.md), each on the real
form that brought it (tests/data/xlsforms, sources in its README) and on the smallest form that shows it. Truths
are the forms' own words, read from the workbook with openpyxl, not from the toolkit."""

from __future__ import annotations

import json

import openpyxl
from test_forms_trial_s15 import xlsform

from benchmarks.realforms import DEFAULT_FORMS, cli
from scanner.template import load_template

CONSENT = DEFAULT_FORMS / "abrahamaz_mpca_consent_cut.xlsx"


def _build(path, out, *more: str):
    code, said, err = cli(["build", str(path), "--out", str(out), *more])
    assert code == 0, (said, err)
    return load_template(out)


def _row(path, name: str) -> dict:
    rows = list(openpyxl.load_workbook(path, read_only=True)["survey"].iter_rows(values_only=True))
    return next(dict(zip(rows[0], r)) for r in rows[1:] if r[1] == name)


def _said(t, words: str):
    """The printed text lines holding `words` (a paragraph's first words), as (page, y)."""
    return [(x.page, x.y) for x in t.texts if words in x.text]


def test_a_groups_hint_is_printed_under_its_title_before_its_first_question(tmp_path):
    """A DRC cash-assistance survey (English and French) puts the enumerator's instruction in the consent
    group's hint ("[Enumerator note: Please read the following statements to the respondent…]"): a phone shows it
    under the group's title; paper printed the title alone and the instruction was lost. It now prints under the
    title, on the same page as the group's first question, and the Google Form has it as a text item."""
    group = _row(CONSENT, "consent")
    first = _row(CONSENT, "consent_registration")
    for lang, col in (("English", "English"), ("French (fr)", "French (fr)")):
        t = _build(CONSENT, tmp_path / "t.json", "--lang", lang)
        hint, title = group[f"hint::{col}"], group[f"label::{col}"]
        (title_at,) = _said(t, title)
        hint_at = _said(t, hint.split()[0] + " " + hint.split()[1])
        asked = t.question("consent_registration")
        assert first[f"label::{col}"].split(".")[0] in asked.text
        assert hint_at and {p for p, _ in hint_at} == {title_at[0]} == {asked.page}, (title_at, hint_at, asked.page)
        assert title_at[1] < min(y for _, y in hint_at) < asked.options[0].box.y
        code, said, err = cli(["--template", str(tmp_path / "t.json"), "online-form", "--out", str(tmp_path / "f.gs")])
        assert code == 0, (said, err)
        assert hint.strip().strip("[]").split(":")[0] in (tmp_path / "f.gs").read_text(encoding="utf-8")


def test_a_nested_groups_hint_and_a_top_groups_hint_both_print(tmp_path):
    """The smallest case: a hint on a section and on a group inside it; a hint of only "." (a phone's
    placeholder) prints nothing."""
    survey = [{"type": "begin_group", "name": "s", "label": "Household", "hint": "Ask the head of household."},
              {"type": "begin_group", "name": "g", "label": "Water", "hint": "Show the card to the respondent."},
              {"type": "integer", "name": "n", "label": "How many litres?"},
              {"type": "end_group"},
              {"type": "begin_group", "name": "h", "label": "Food", "hint": "."},
              {"type": "integer", "name": "m", "label": "How many meals?"},
              {"type": "end_group"},
              {"type": "end_group"}]
    t = _build(xlsform(tmp_path / "g.xlsx", survey, [], {"form_title": "T", "form_id": "t"}), tmp_path / "t.json")
    ys = {w: _said(t, w) for w in ("Household", "Ask the head", "Water", "Show the card", "How many litres")}
    assert all(len(v) == 1 for v in ys.values()), ys
    order = [ys[w][0][1] for w in ("Household", "Ask the head", "Water", "Show the card", "How many litres")]
    assert order == sorted(order)
    assert not [x.text for x in t.texts if x.text.strip() == "."]


def test_a_form_id_written_as_words_is_the_title_when_the_settings_give_none(tmp_path):
    """pyxform's title defaults to the form_id, so a phone shows "MPCA BL EL Survey 2022 Template" as the
    form's name; paper printed the file's name ("Abrahamaz mpca consent cut"). A form_id written as words is now
    the title; an identifier-like form_id still leaves the title to the file's name, and form_title wins."""
    head, values = list(openpyxl.load_workbook(CONSENT, read_only=True)["settings"].iter_rows(values_only=True))[:2]
    settings = dict(zip(head, values))
    form_id = settings["id_string"]  # KoboToolbox's name for form_id
    assert " " in form_id and not settings.get("form_title") and not settings.get("title")
    assert _build(CONSENT, tmp_path / "t.json").title == form_id
    survey = [{"type": "integer", "name": "n", "label": "How many?"}]
    assert _build(xlsform(tmp_path / "household_v2.xlsx", survey, [], {"form_id": "hh_v2"}),
                  tmp_path / "a.json").title == "Household v2"
    assert _build(xlsform(tmp_path / "x.xlsx", survey, [], {"form_id": "Water point check", "form_title": "Wells"}),
                  tmp_path / "b.json").title == "Wells"
    assert _build(xlsform(tmp_path / "y.xlsx", survey, [], {"form_id": "Water point check"}),
                  tmp_path / "c.json").title == "Water point check"


PROFILING = DEFAULT_FORMS / "onadata_subdistrict_profiling_tool.xlsx"  # English and العربية labels


def _choice(path, list_name: str, name: str, column: str) -> str:
    rows = list(openpyxl.load_workbook(path, read_only=True)["choices"].iter_rows(values_only=True))
    return next(dict(zip(rows[0], r))[column] for r in rows[1:] if r[0] == list_name and r[1] == name)


def test_an_arabic_label_language_gets_an_arabic_frame(tmp_path):
    """The Syrian sub-district profiling tool (and REACH's supply-chain survey of session 20) printed in Arabic had
    the English frame around Arabic questions: "Instructions: mark X…", "Question 5.", "Answer if Question 1.4 is
    “نعم”", "Page 1/14". The frame's fixed phrases and the conditions are now in Arabic; the page still prints
    without overlap or cut text."""
    t = _build(PROFILING, tmp_path / "t.json", "--lang", "العربية")
    assert json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["language"] == "ar" and t.right_to_left
    said = [x.text for x in t.texts]
    assert said[0].startswith("التعليمات") or any(s.startswith("التعليمات:") for s in said)
    assert any(s == f"الصفحة 1/{t.pages}" for s in said)
    numbered = [q for q in t.questions if q.number.isdigit()]
    assert numbered and any(s.startswith(f"السؤال {numbered[0].number}.") for s in said)
    # `${_1_4_camps} = 'yes'`: question 1.4 answered with the choice `yes`, whose Arabic label the form gives
    asked = next(q for q in t.questions if q.relevant.replace(" ", "") == "${_1_4_camps}='yes'")
    camps = next(q for q in t.questions if q.id == "_1_4_camps")
    yes = _choice(PROFILING, _row(PROFILING, "_1_4_camps")["type"].split()[-1], "yes", "label::العربية").strip()
    assert f"أجب إذا كانت إجابة السؤال {camps.number} «{yes}»" in said, asked.id  # quoted as Arabic quotes (s23)
    assert not [s for s in said if s.startswith(("Instructions", "Answer if", "Page ", "Question "))]
    from benchmarks.realforms import print_faults
    assert print_faults(t) == []


def test_every_frame_language_words_every_phrase():
    """A frame language with a phrase missing fails only when a form first needs it: every table has English's keys."""
    from scanner.logic.wording import PHRASES as WORDING
    from scanner.phrases import PHRASES
    for table in (PHRASES, WORDING):
        keys = set(next(iter(table.values())))
        assert all(set(p) == keys for p in table.values())


def test_a_label_numbered_three_levels_deep_keeps_its_own_number(tmp_path):
    """The same tool numbers its questions itself, to three and four levels ("4.8.1.  If NO, what measures were
    used to stop access?"): only two levels were taken for the form's own, so "4.8.1." printed as "Question 22.
    4.8.1. If NO…", and the review page, which looks for "Question 2.3." above a question the form numbered "2.3",
    found no title line for any dotted number. Now "4.8.1" is the question's number, printed once, and every
    numbered question's title line is found."""
    from scanner.review.words import title_line
    t = _build(PROFILING, tmp_path / "t.json")
    rows = list(openpyxl.load_workbook(PROFILING, read_only=True)["survey"].iter_rows(values_only=True))
    label = next(str(dict(zip(rows[0], r))["label::English"]) for r in rows[1:]
                 if str(dict(zip(rows[0], r)).get("label::English") or "").startswith("4.8.1."))
    q = next(q for q in t.questions if q.text == " ".join(label.removeprefix("4.8.1.").split()))
    assert q.number == "4.8.1"
    assert not [x.text for x in t.texts if x.text.startswith("Question ") and "4.8.1." in x.text]
    assert [q.number for q in t.questions if q.number and title_line(t, q) is None] == []
    survey = [{"type": "text", "name": "a", "label": "1.2.3. Name of the village"},
              {"type": "integer", "name": "b", "label": "2.5 kg of rice: how many bags?"}]
    t = _build(xlsform(tmp_path / "n.xlsx", survey, [], {"form_title": "T", "form_id": "t"}), tmp_path / "n.json")
    assert (t.question("a").number, t.question("a").text) == ("1.2.3", "Name of the village")
    assert t.question("b").text == "2.5 kg of rice: how many bags?"
