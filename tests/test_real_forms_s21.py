"""Session 21's third new-user trial of unseen XLSForms and the leftovers of the second (issue #22,
docs/forms_trial_s21.md), each on the real form that brought it (tests/data/xlsforms, sources in its README) and on
the smallest form that shows it. Truths are the forms' own words, read from the workbook with openpyxl."""

from __future__ import annotations

import openpyxl

from benchmarks.realforms import DEFAULT_FORMS, cli
from scanner.template import load_template
from tests.test_way_in import form

MINING = DEFAULT_FORMS / "petescarth_asm_cited_field_cut.xlsx"
CHA = DEFAULT_FORMS / "cht_large_cha_inputs_cut.xlsx"
OBSERVATIONS = DEFAULT_FORMS / "msf_hand_hygiene_observation.xlsx"


def _build(path, out, *more: str):
    code, said, err = cli(["build", str(path), "--out", str(out), *more])
    assert code == 0, (said, err)
    return load_template(out), said


def _rows(path) -> list[dict]:
    rows = list(openpyxl.load_workbook(path, read_only=True)["survey"].iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:] if any(r)]


def test_a_field_quoted_inside_a_label_reads_as_its_answer(tmp_path):
    """The artisanal-mining survey asks "Number of people working ${processing-crushother}", the name of the other
    crushing machine written two questions before: paper printed "Number of people working Question 4", a sentence
    with a question's name where the phone shows an answer. It now says whose answer goes there."""
    t, _ = _build(MINING, tmp_path / "t.json")
    label = next(r["label"] for r in _rows(MINING) if r["name"] == "processing-othercrushpeople")
    cited = t.question("processing-crushother").number
    said = t.question("processing-othercrushpeople").text
    assert said == label.replace("${processing-crushother}", f"(answer to Question {cited})")
    assert not [x.text for x in t.texts if f"working Question {cited}" in x.text]


def test_a_quoted_field_is_worded_in_the_frames_language_and_its_own_brackets_are_kept(tmp_path):
    choices = [{"list_name": "yn", "name": "1", "label": "Có"}, {"list_name": "yn", "name": "2", "label": "Không"}]
    survey = [{"type": "text", "name": "nghe", "label": "Nghề chính của hộ là gì?"},
              {"type": "select_one yn", "name": "lam", "label": "Hộ có bao nhiêu người làm ${nghe}?"},
              {"type": "select_one yn", "name": "lai", "label": "Thu nhập từ nghề chính (${nghe}) có tăng không?"},
              {"type": "select_one yn", "name": "cam", "label": "Ông/bà (làm ${nghe} từ nhỏ) có muốn đổi nghề?"}]
    t, _ = _build(form(tmp_path / "vi.xlsx", survey, choices, {"form_title": "Phiếu hộ", "form_id": "h"}),
                  tmp_path / "vi.json")
    n = t.question("nghe").number
    assert t.question("lam").text == f"Hộ có bao nhiêu người làm (câu trả lời ở Câu {n})?"
    assert t.question("lai").text == f"Thu nhập từ nghề chính (câu trả lời ở Câu {n}) có tăng không?"
    assert t.question("cam").text == f"Ông/bà (làm câu trả lời ở Câu {n} từ nhỏ) có muốn đổi nghề?"


def test_a_roster_of_things_is_headed_by_its_own_label_not_member(tmp_path):
    """MSF's hand-hygiene form repeats an observation (a moment of care watched), printed one block per row; each
    block was headed "Member 1", "Member 2", as if the rows were people. Now by the repeat's own label."""
    t, _ = _build(OBSERVATIONS, tmp_path / "t.json")
    label = next(r for r in _rows(OBSERVATIONS) if str(r["type"]).strip() == "begin_repeat")["label"]
    heads = [x.text for x in t.texts if x.text.startswith(f"{label} — no. ")]
    assert heads and heads[0] == f"{label} — no. 1"
    assert not [x.text for x in t.texts if x.text.startswith("Member ")]


def test_a_roster_of_people_keeps_its_member_heading():
    from scanner.roster_heads import names_people, row_heading  # new in session 21

    for label, lang, head in [("Household Member", "en", "Member 2"), ("THÀNH VIÊN TRONG HỘ", "vi", "Người thứ 2"),
                              ("Household Roster", "en", "Member 2"), ("Lista mães/principal cuidadora", "pt",
                                                                        "Pessoa 2"), ("", "en", "Member 2"),
                              ("Image sensors", "en", "Image sensors — no. 2"), ("Cây trồng", "vi", "Cây trồng — số 2"),
                              ("repeat_test", "en", "No. 2"), ("Repeat_Test", "en", "No. 2"),
                              ("Please enter the details of each crop grown this season?", "en", "No. 2")]:
        assert row_heading(label, "repeat_test", lang, 2) == head, label
    assert row_heading("Emplacements", "emplacements", "fr", 2) == "Emplacements — n° 2"  # a word, not an id
    assert not names_people("Hoạt động sản xuất") and names_people("Lao động trong hộ")


def test_a_part_a_condition_cites_by_its_place_is_printed_with_that_number(tmp_path):
    """A condition citing "Question 1 (Part 2)" on a form whose numbers restart in each part, where the part's
    heading has no letter or number of its own and is too long to quote: nothing on the page said "Part 2". The
    heading now carries it; a part nothing cites is printed as written."""
    yn = [{"list_name": "yn", "name": "yes", "label": "Yes"}, {"list_name": "yn", "name": "no", "label": "No"}]
    heads = ("Household composition and demographics", "Access to water, sanitation and hygiene services",
             "Food consumption and coping strategies of the household")
    survey = []
    for k, head in enumerate(heads):
        survey += [{"type": "begin_group", "name": f"g{k}", "label": head},
                   {"type": "select_one yn", "name": f"q{k}a", "label": "1. Is this so?"},
                   {"type": "select_one yn", "name": f"q{k}b", "label": "2. And this?",
                    **({"relevant": f"${{q{k}a}} = 'yes'"} if k == 1 else {})},
                   {"type": "end_group", "name": f"g{k}"}]
    t, _ = _build(form(tmp_path / "p.xlsx", survey, yn, {"form_title": "Needs", "form_id": "n"}), tmp_path / "p.json")
    text = [x.text for x in t.texts]
    assert any("Question 1 (Part 2)" in s for s in text), text
    assert f"Part 2. {heads[1]}" in text
    assert heads[0] in text and heads[2] in text  # not cited: as written
    assert not [s for s in text if s.startswith(("Part 1.", "Part 3."))]


def test_a_chts_hidden_inputs_and_placeholder_labels_are_not_printed(tmp_path):
    """A Community Health Toolkit form (the CHA assessment) opens on its `inputs` group: contact fields with
    appearance `hidden` that the app fills, under groups labelled "NO_LABEL", the toolkit's placeholder. Paper
    printed them as questions to write in ("Question 3. NO_LABEL", "Answer if Question 1 is “user”"). They are
    now online only, said once by `build`, and no placeholder is printed."""
    t, said = _build(CHA, tmp_path / "t.json")
    rows = _rows(CHA)
    hidden = [r["name"] for r in rows if "hidden" in str(r.get("appearance") or "").split()]
    assert len(hidden) == 10
    printed = {q.id for q in t.questions}
    assert not printed & set(hidden)
    assert "pin_code" in printed and "danger_signs" in printed
    assert not [x.text for x in t.texts if "NO_LABEL" in x.text]
    assert "appearance hidden" in said and all(h in said for h in hidden)


def test_a_group_a_phone_never_shows_is_not_printed(tmp_path):
    """CHT's contact-picker test form keeps its `inputs` in a group whose `relevant` is `false()` and another with
    appearance `hidden`: a phone never shows them, and paper printed their fields as "Question 1." with no words
    and "Answer only if instructed". They are online only now; the questions a phone asks still print."""
    survey = [{"type": "begin_group", "name": "inputs", "label": "NO_LABEL", "relevant": "false()"},
              {"type": "string", "name": "contact_id", "label": "NO_LABEL"},
              {"type": "end_group", "name": "inputs"},
              {"type": "begin_group", "name": "user_contact", "label": "NO_LABEL", "appearance": "hidden"},
              {"type": "string", "name": "_id", "label": "NO_LABEL", "calculation": "../../inputs/contact_id"},
              {"type": "end_group", "name": "user_contact"},
              {"type": "string", "name": "person", "label": "Select a person from all"}]
    t, said = _build(form(tmp_path / "h.xlsx", survey, (), {"form_title": "DB Object Form", "form_id": "db"}),
                     tmp_path / "h.json")
    assert [q.id for q in t.questions] == ["person"]
    assert "contact_id" in said and "_id" in said and not [x.text for x in t.texts if x.text.startswith("Question 2")]
