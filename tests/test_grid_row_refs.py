"""A `${row}` naming a grid row that prints its own number (issue #22, session 22's leftover): the Ghana survey's
assets matrix prints "06. TV", and a condition or label citing that row said "Question 6a", a number the page
never shows. The truths are the rows' own numbers, read from the labels the form is written with here."""

from __future__ import annotations

import openpyxl

from benchmarks.realforms import cli
from scanner.template import load_template

ROWS = (("c02_tv", "02. TV"), ("c03_radio", "03. Radio"))


def _form(path, own: bool = True):
    wb = openpyxl.Workbook()
    s = wb.active
    s.title = "survey"
    rows = [(name, label if own else label.split(". ", 1)[1]) for name, label in ROWS]
    for row in (("type", "name", "label", "relevant", "appearance"),
                ("select_one yn", "c01", "01. Do you own your home?" if own else "Do you own your home?", "", ""),
                ("begin_group", "assets", "Which of these do you have?", "", "table-list"),
                *(("select_one yn", name, label, "", "") for name, label in rows),
                ("end_group", "assets", "", "", ""),
                ("select_one yn", "c04", "04. Do you watch it every day?" if own else "Do you watch it every day?",
                 "${c02_tv} = 'yes'", ""),
                ("text", "c05", "05. Why did you say ${c03_radio}?" if own else "Why did you say ${c03_radio}?", "",
                 "")):
        s.append(row)
    c = wb.create_sheet("choices")
    c.append(("list_name", "name", "label"))
    for name, label in (("yes", "Yes"), ("no", "No")):
        c.append(("yn", name, label))
    st = wb.create_sheet("settings")
    st.append(("form_title", "form_id", "default_language"))
    st.append(("Assets", "assets_t", "English"))
    wb.save(path)
    return path


def _built(tmp_path, own: bool = True):
    code, said, err = cli(["build", str(_form(tmp_path / "f.xlsx", own)), "--out", str(tmp_path / "t.json")])
    assert code == 0, (said, err)
    return load_template(tmp_path / "t.json")


def test_a_reference_to_a_row_printing_its_own_number_cites_that_number(tmp_path):
    t = _built(tmp_path)
    texts = [x.text for x in t.texts]
    tv, radio = (label.split(".")[0] for _, label in ROWS)
    assert all(label in texts for _, label in ROWS)  # the rows print their own numbers, no letter
    assert f"Answer if Question {tv} is “Yes”" in texts
    assert any(f"Question {radio}" in x and x.startswith("Question 05.") for x in texts)
    grid = t.group_numbers["assets"]
    assert not [x for x in texts if f"Question {grid}a" in x or f"Question {grid}b" in x]
    assert [t.question(name).number for name, _ in ROWS] == [tv, radio]  # the review page names the row so too


def test_rows_without_their_own_numbers_keep_the_grids_number_and_letter(tmp_path):
    t = _built(tmp_path, own=False)
    grid = t.group_numbers["assets"]
    texts = [x.text for x in t.texts]
    assert f"Answer if Question {grid}a is “Yes”" in texts
    assert any(f"Question {grid}b" in x for x in texts)
    assert [t.question(name).number for name, _ in ROWS] == [f"{grid}a", f"{grid}b"]
