"""Session 22's fourth new-user trial of unseen XLSForms and the third trial's leftovers (issue #22,
docs/forms_trial_s22.md), each on the real form that brought it (tests/data/xlsforms, sources in its README) and,
for the leftovers no stored form shows, on the smallest form that does. Truths are the forms' own words and
columns, read from the workbook with openpyxl."""

from __future__ import annotations

import json

import openpyxl

from benchmarks.realforms import DEFAULT_FORMS, cli
from scanner.template import load_template
from tests.test_way_in import form

SYMPTOMS = DEFAULT_FORMS / "eha_ghana_symptoms_matrix_cut.xlsx"
COMMENTS = DEFAULT_FORMS / "odkwebforms_ifrc_comments_cut.xlsx"
SE_LIST = DEFAULT_FORMS / "odkwebforms_socio_economic_se_list_cut.xlsx"
CONTACTS = DEFAULT_FORMS / "cht_db_object_form.xlsx"
CELLS = DEFAULT_FORMS / "surveycto_table_list_cells_cut.xlsx"


def _build(path, out, *more: str):
    code, said, err = cli(["build", str(path), "--out", str(out), *more])
    assert code == 0, (said, err)
    return load_template(out), said + err


def _rows(path) -> list[dict]:
    rows = list(openpyxl.load_workbook(path, read_only=True)["survey"].iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:] if any(r)]


def _label(row: dict) -> str:
    return str(next(v for k, v in row.items() if str(k).startswith("label")) or "")


def test_a_label_and_list_nolabel_matrix_prints_as_one_grid(tmp_path):
    """EcoHealth Alliance's Ghana survey asks its symptoms as ODK's older matrix: a yes/no with appearance `label`
    ("26. I am going to read you some symptoms…") then eleven yes/no rows with `list-nolabel`. Paper printed each
    symptom as a question of its own ("Question 26. Fever", "Question 32. Headache" — numbers the form's later
    questions claim) with its condition eleven times. Now one question, its rows lettered, its condition once."""
    t, _ = _build(SYMPTOMS, tmp_path / "t.json")
    rows = _rows(SYMPTOMS)
    head = next(r for r in rows if r["appearance"] == "label")
    listed = [r for r in rows if r["appearance"] == "list-nolabel"]
    number = _label(head).split(".")[0]  # "26": the form's own
    asked = [q for q in t.questions if q.id in {r["name"] for r in listed}]
    assert [q.text for q in asked] == [_label(r) for r in listed]
    assert [q.number for q in asked] == [f"{number}{chr(97 + i)}" for i in range(len(listed))]
    assert all(q.relevant == head["relevant"] for q in asked)  # the skip still applies to every row when read
    said = [x.text for x in t.texts if x.text.startswith("Answer if")]
    after = next(r for r in rows if r["name"] == "c27_treatment")
    assert len(said) == 2, said  # the grid's once, and the next question's
    assert t.question(after["name"]).number == _label(after).split(".")[0]


def test_a_comment_box_after_the_forms_own_number_is_numbered_under_it(tmp_path):
    """IFRC's distribution-site assessment numbers its questions ("1. Do you have appropriate permission…") and
    follows each with an unnumbered "Comments, suggestions to improve:" box. Numbered on past every number the form
    claims, the box printed "Question 6" between Questions 1 and 2; it is now "1a", "2a", "3a"."""
    t, _ = _build(COMMENTS, tmp_path / "t.json")
    rows = _rows(COMMENTS)
    number = {q.id.split("/")[-1]: q.number for q in t.questions}  # a question named as its group: "used/used"
    claimed = {_label(r).split(".")[0] for r in rows if _label(r)[:1].isdigit()}
    boxes = 0
    for i, r in enumerate(rows):
        if str(r["name"]).endswith("_comment"):
            owner = rows[i - 1]
            own = _label(owner).split(".")[0]
            assert number[owner["name"]] == own
            if str(int(own) + 1) in claimed:  # the cut ends at Question 5: its box is numbered on
                assert number[r["name"]] == own + "a"
                boxes += 1
    assert boxes == 4


def test_a_question_whose_relevant_is_a_false_cell_is_online_only(tmp_path):
    """ODK's socio-economic sample keeps `se_list` with `relevant` FALSE (a spreadsheet's boolean, to XPath a path
    naming no node: never shown), only so its list feeds a `jr:itext()` calculation. Paper printed it as
    "Question 7. se_list" with "Answer only if instructed". Now it is left off paper as hidden, and said so."""
    t, said = _build(SE_LIST, tmp_path / "t.json")
    hidden = next(r for r in _rows(SE_LIST) if str(r.get("relevant")).strip().upper() == "FALSE")
    assert hidden["name"] not in {q.id for q in t.questions}
    assert not [x.text for x in t.texts if hidden["name"] in x.text]
    listed = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["online_only"]
    assert [o["why"] for o in listed if o["name"] == hidden["name"]] == ["hidden"]


def test_chts_contact_pickers_are_online_only_not_write_in_boxes(tmp_path):
    """The Community Health Toolkit's `select-contact` picks a person from the app's own database and keeps its
    id. Paper printed "Select a person from all" over a box to write in (and, labelled NO_LABEL, "Question 1."
    over nothing): what a person writes there is no id. Now each is online only, said by `build`."""
    t, said = _build(CONTACTS, tmp_path / "t.json")
    pickers = [r["name"] for r in _rows(CONTACTS) if "select-contact" in str(r.get("appearance") or "")
               and _label(r) != "NO_LABEL"]  # the others sit in groups the phone never shows (hidden, as before)
    assert pickers and not t.questions
    listed = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["online_only"]
    assert {o["name"] for o in listed if o["why"] == "contact"} >= set(pickers)
    assert "select-contact" in said


def test_a_question_without_a_label_prints_its_hint_or_its_name(tmp_path):
    """pyxform accepts a question with a hint and no label (a phone shows the hint); a label CHT writes NO_LABEL is
    none. Paper printed "Question 2." over an empty box. Now the hint stands in for the label; with no hint the
    name made readable; `build` names each so the office can write the label it meant."""
    survey = [{"type": "integer", "name": "household_size", "label": "", "hint": "Number of people who sleep here"},
              {"type": "text", "name": "village_name", "label": "NO_LABEL"},
              {"type": "select_one yn", "name": "isHead", "label": "NO_LABEL"},
              {"type": "text", "name": "kept", "label": "Anything else?", "hint": "Optional"}]
    choices = [{"list_name": "yn", "name": "y", "label": "Yes"}, {"list_name": "yn", "name": "n", "label": "No"}]
    t, said = _build(form(tmp_path / "f.xlsx", survey, choices, {"form_title": "Mini", "form_id": "mini"}),
                     tmp_path / "t.json")
    assert t.question("household_size").text == "Number of people who sleep here"
    assert t.question("village_name").text == "Village name"
    assert t.question("isHead").text == "Is Head"
    assert t.question("kept").text == "Anything else?"
    notes = [ln for ln in said.splitlines() if "no label" in ln]
    assert len(notes) == 2 and "household_size" in notes[0] and "village_name, isHead" in notes[1]


def test_a_field_read_back_after_a_verb_of_telling_points_to_its_question(tmp_path):
    """"You said ${likes}" printed "You said (answer to Question 1)": the answer named twice over. After a verb of
    telling the field is a cross-reference, as printed questionnaires write it, in the frame's language."""
    choices = [{"list_name": "yn", "name": "y", "label": "Yes"}, {"list_name": "yn", "name": "n", "label": "No"}]
    survey = [{"type": "select_one yn", "name": "likes", "label": "Do you like tea?"},
              {"type": "note", "name": "said", "label": "You said ${likes}"},
              {"type": "select_one yn", "name": "sure", "label": "You told us ${likes}. Is that right?"},
              {"type": "text", "name": "why", "label": "Why do you drink tea with ${likes}?"}]
    t, _ = _build(form(tmp_path / "en.xlsx", survey, choices, {"form_title": "Tea", "form_id": "tea"}),
                  tmp_path / "en.json")
    n = t.question("likes").number
    assert [x.text for x in t.texts if x.text.startswith("You said")] == [f"You said (see Question {n})"]
    assert t.question("sure").text == f"You told us (see Question {n}). Is that right?"
    assert t.question("why").text == f"Why do you drink tea with (answer to Question {n})?"
    vi = [{"type": "select_one yn", "name": "nghe", "label": "Ông/bà làm nghề gì?"},
          {"type": "select_one yn", "name": "lai", "label": "Ông/bà đã chọn ${nghe}, đúng không?"}]
    vchoices = [{"list_name": "yn", "name": "1", "label": "Nông nghiệp"}, {"list_name": "yn", "name": "2", "label": "Khác"}]
    t, _ = _build(form(tmp_path / "vi.xlsx", vi, vchoices, {"form_title": "Phiếu", "form_id": "p"}), tmp_path / "vi.json")
    assert t.question("lai").text == f"Ông/bà đã chọn (xem Câu {t.question('nghe').number}), đúng không?"


def test_a_plug_ins_delimited_choice_prints_its_cells(tmp_path):
    """SurveyCTO's table-list plug-in sample shows each watch as a table row cut at '|' (appearance
    `custom-table-list(delimiter='|', headers='ID,Description,Colour')`); paper printed "1|Dignissim|Blue". Now
    the cells side by side, "1 · Dignissim · Blue"."""
    t, _ = _build(CELLS, tmp_path / "t.json")
    wb = openpyxl.load_workbook(CELLS, read_only=True)
    rows = list(wb["choices"].iter_rows(values_only=True))
    head = list(rows[0])
    written = [r[head.index("label")] for r in rows[1:] if r[head.index("list_name")] == "product"]
    watch = next(r for r in _rows(CELLS) if str(r["type"]).endswith("product"))
    assert [o.label for o in t.question(watch["name"]).options] == [
        " · ".join(p.strip() for p in w.split("|")) for w in written]
    assert not [x.text for x in t.texts if "|" in x.text]


def test_a_matrix_of_four_long_levels_prints_its_headings_apart():
    """CorrelAid's skills survey rates each tool on four levels ("Anfänger:in", "Benutzer:in",
    "Fortgeschrittene:r", "Expert:in") as a `label` heading row over `list-nolabel` rows. As a grid, its
    headings at 10 pt ran into each other (a word does not wrap); they print smaller until each fits its column."""
    import tempfile
    from pathlib import Path

    from scanner.fonts import text_width_mm

    form_path = DEFAULT_FORMS / "correlaid_testB.xlsx"
    with tempfile.TemporaryDirectory() as d:
        t, _ = _build(form_path, Path(d) / "t.json")
    rows = _rows(form_path)
    head = next(r for r in rows if r.get("appearance") == "label")
    levels = [q for q in t.questions if q.id == next(r["name"] for r in rows if r.get("appearance") == "list-nolabel")]
    assert levels and levels[0].number.endswith("a")  # a grid's first row
    labels = [o.label for o in levels[0].options]
    heads = sorted((x for x in t.texts if x.text in labels and x.page == levels[0].page), key=lambda x: x.x)
    assert [x.text for x in heads[:len(labels)]] == labels, head
    for a, b in zip(heads, heads[1:len(labels)]):
        assert a.x + text_width_mm(a.text, "bold", a.size_pt) / 2 < b.x - text_width_mm(b.text, "bold", b.size_pt) / 2


def test_a_matrix_whose_heading_row_has_no_words_is_titled_by_its_group(tmp_path):
    """OccTax's preferences (stored since session 12) are a `label` heading row with no label over eight
    `list-nolabel` yes/no rows, in a group "Préférences": as a grid it would print "Question 2." over nothing; it
    takes its group's words, and its rows are its lettered rows."""
    occtax = DEFAULT_FORMS / "odksinp_occtax.xlsx"
    t, _ = _build(occtax, tmp_path / "t.json")
    rows = _rows(occtax)
    at = next(i for i, r in enumerate(rows) if r.get("appearance") == "label")
    group = next(r for r in reversed(rows[:at]) if str(r["type"]).replace("_", " ") == "begin group")
    listed = [r["name"] for r in rows[at + 1:] if r.get("appearance") == "list-nolabel"]
    numbers = [t.question(n).number for n in listed]
    assert numbers == [numbers[0][:-1] + chr(97 + i) for i in range(len(listed))]
    assert f"Question {numbers[0][:-1]}. {group['label']}" in [x.text for x in t.texts]
