"""Two printing leftovers of session 22's trial (issue #22, docs/forms_trial_s22.md "Found and left"), each on the
real form that showed it (tests/data/xlsforms, sources in its README): questions before a form's own "1." and
grid rows carrying their own numbers. Truths are the forms' own labels, read from the workbook with openpyxl."""

from __future__ import annotations

import openpyxl

from benchmarks.realforms import DEFAULT_FORMS, cli
from scanner.template import load_template

COMMENTS = DEFAULT_FORMS / "odkwebforms_ifrc_comments_cut.xlsx"
ASSETS = DEFAULT_FORMS / "eha_ghana_assets_grid_cut.xlsx"


def _build(path, out):
    code, said, err = cli(["build", str(path), "--out", str(out)])
    assert code == 0, (said, err)
    return load_template(out)


def _rows(path) -> list[dict]:
    rows = list(openpyxl.load_workbook(path, read_only=True)["survey"].iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:] if any(r)]


def _label(row: dict) -> str:
    return str(next(v for k, v in row.items() if str(k).startswith("label")) or "")


def _own(label: str) -> str | None:
    head = label.split(".")[0]
    return head if head.isdigit() and label[len(head):].startswith(". ") else None


def _before_first_own(path) -> list[dict]:
    """The questions (rows with a label, neither group nor note) before the first label opening on "N. "."""
    out = []
    for r in _rows(path):
        if _own(_label(r)):
            return out
        if _label(r) and not str(r["type"]).startswith(("begin", "end", "note")):
            out.append(r)
    return out


def test_questions_before_the_forms_own_first_number_come_before_it(tmp_path):
    """IFRC's assessment date and reporter come before its own "1."; numbered on past every number the form
    claims they printed "Question 6" and "7" here ("33" in the whole form), after Question 5 in reading order.
    Now "0a", "0b": in order, before Question 1, and no number of the form's own is taken."""
    t = _build(COMMENTS, tmp_path / "t.json")
    before = _before_first_own(COMMENTS)
    assert len(before) == 2
    number = {q.id.split("/")[-1]: q.number for q in t.questions}
    assert [number[r["name"]] for r in before] == ["0a", "0b"]
    texts = [x.text for x in t.texts]
    assert [f"0{chr(97 + i)}. {_label(r)}" for i, r in enumerate(before)] == [
        x for x in texts if x.startswith("0") and ". " in x]


def test_a_form_numbering_itself_01_puts_its_unnumbered_start_before_it(tmp_path):
    """EcoHealth Alliance's Ghana survey opens on unnumbered consent and administrative details, then its own
    "01. What is your gender": those printed 1–6 and then "Question 01". Now 0a … 0f, then 01."""
    t = _build(ASSETS, tmp_path / "t.json")
    before = _before_first_own(ASSETS)
    number = {q.id: q.number for q in t.questions}
    assert [number[r["name"]] for r in before] == [f"0{chr(97 + i)}" for i in range(len(before))]
    first = next(r for r in _rows(ASSETS) if _own(_label(r)))
    assert number[first["name"]] == _own(_label(first))


def test_grid_rows_with_their_own_numbers_print_them_alone(tmp_path):
    """The Ghana survey's assets matrix ("06. TV" … "11. Toilet", `list-nolabel` rows) printed each row as
    "a) 06. TV": our letter and the form's number. Now the row as the form writes it, once."""
    t = _build(ASSETS, tmp_path / "t.json")
    listed = [_label(r) for r in _rows(ASSETS) if r["appearance"] == "list-nolabel"]
    assert len(listed) == 6 and all(_own(x) for x in listed)
    texts = [x.text for x in t.texts]
    assert all(x in texts for x in listed)
    assert not [x for x in texts if any(x.endswith(") " + y) or x.endswith(y) and x != y for y in listed)]


def test_a_start_longer_than_the_alphabet_is_numbered_as_before(tmp_path):
    """OpenGIS.ch's flooding assessment asks 35 questions before a checklist its labels number 1–18: that start is
    the form's body, not a cover block, and "0ai" would help no one; it keeps plain numbers, none of them one a
    label claims. (A guard: it passes on edf17bf too.)"""
    path = DEFAULT_FORMS / "opengisch_survey_flooding_rapid_assessment.xlsx"
    t = _build(path, tmp_path / "t.json")
    claimed = {_own(_label(r)) for r in _rows(path)} - {None}
    assert "1" in claimed
    first = [q.number for q in t.questions if q.number][:30]
    assert all(n.isdigit() and n not in claimed for n in first), first
