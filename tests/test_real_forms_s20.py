"""What session 20's new-user trial of unseen XLSForms found (issue #22, docs/forms_trial_s20.md), each on the real
form that brought it (tests/data/xlsforms, sources in its README) and on the smallest form that shows it. Truths
are the forms' own words, read from the workbook with openpyxl, not from the toolkit."""

from __future__ import annotations

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
