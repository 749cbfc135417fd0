"""What session 19's new-user trial of unseen XLSForms found (issue #22, docs/forms_trial_s19.md): each on the real
form that brought it (tests/data/xlsforms, sources in its README) and, where a smaller case says it better, on the
smallest form that shows it. Truths are written out by hand from the forms' own words."""

from __future__ import annotations

from test_forms_trial_s15 import xlsform

from benchmarks.realforms import DEFAULT_FORMS, cli, print_faults
from scanner.kinds.number import digits_for
from scanner.online.channels import Channel
from scanner.online.xlsform import Role, map_form_columns
from scanner.online_only import Why
from scanner.questionnaire import load_questionnaire
from scanner.template import load_template

SETTINGS = {"form_title": "T", "form_id": "t"}


def _build(path, out, *more: str):
    code, said, err = cli(["build", str(path), "--out", str(out), *more])
    assert code == 0, (said, err)
    return load_template(out), said + err


def _items(q):
    return {i.id: i for s in q.sections for i in s.items}


def test_a_bound_written_with_other_answers_leaves_the_number_its_default_columns(tmp_path):
    """KoboToolbox's matrix sample bounds the number of females by the household's size less the males
    (`. <= (${hh_mem} - ${r1_c1})`): the digit of `r1_c1`'s name was taken for the bound, so the count printed
    **one** digit column and a household with ten or more women had no room to write it."""
    items = _items(load_questionnaire(DEFAULT_FORMS / "kobodocs_calculations_constraints_matrix.xlsx"))
    for name in ("r1_c2", "r2_c1", "r2_c2", "r3_c1", "r3_c2"):  # each bounded by other answers only
        assert items[name].digits == items["hh_mem"].digits == 3, (name, items[name].digits)
    assert digits_for(". <= (${hh_mem} - ${r1_c1})") == 0
    assert digits_for(". <= ${m3} + 120") == 3  # a number written in the bound still says its size
    assert digits_for(". <= 120") == 3 and digits_for(". < 100000") == 5


def test_a_read_only_calculated_question_stays_off_paper_as_computed(tmp_path):
    """The same sample's row and column totals are integers with a `calculation` and `read_only: TRUE`: the
    phone fills them and nobody may change them. Paper printed them as digit grids to fill (8 pages); they are
    now listed as computed, nobody fills them (4 pages), as a `calculate` is."""
    form = DEFAULT_FORMS / "kobodocs_calculations_constraints_matrix.xlsx"
    q = load_questionnaire(form)
    computed = {o.name for o in q.online_only if o.why is Why.computed}
    assert computed == {"r1_c3", "r2_c3", "r3_c3", "r4_c1", "r4_c2", "r4_c3"}
    assert not computed & set(_items(q))
    t, said = _build(form, tmp_path / "t.json")
    assert t.pages == 4 and "r4_c3" in said
    # a calculation a respondent may still change (no read_only) stays a question
    survey = [{"type": "integer", "name": "n", "label": "How many?"},
              {"type": "integer", "name": "twice", "label": "Twice that?", "calculation": "${n} * 2"}]
    assert "twice" in _items(load_questionnaire(xlsform(tmp_path / "c.xlsx", survey, [], SETTINGS)))


def test_a_note_a_phone_hides_is_not_printed(tmp_path):
    """The skip-in-a-matrix sample fills each empty cell with a note `<span style="display:none">BLANK</span>`
    shown when the row's answer is no: paper printed "If Question 1 is not “Yes”: BLANK" six times. A note whose
    words are all hidden prints nothing; a question whose label is hidden keeps its words (its only title)."""
    form = DEFAULT_FORMS / "kobodocs_adding_skip_to_a_matrix_question.xls"
    t, _ = _build(form, tmp_path / "t.json")
    assert not [x.text for x in t.texts if "BLANK" in x.text]
    assert t.question("r1_c1").text == "r1-Do you have?"
    assert "r1_c2_note" not in _items(load_questionnaire(form))


def test_a_note_between_a_members_questions_heads_the_questions_after_it(tmp_path):
    """KoboToolbox's repeated matrix asks, for each household, "Quarter 1" then Days, Government, NGOs, and so
    on for four quarters. The four notes were printed once under the roster's title, so each member's card
    showed "Days, Government, NGOs" four times with nothing to tell the quarters apart. Each column under such a
    note is now titled by it ("Quarter 2: Days"); a note before the first question is still said under the title."""
    t, _ = _build(DEFAULT_FORMS / "kobodocs_repeating_matrix_question.xlsx", tmp_path / "t.json")
    member = [q.text for q in t.questions if q.text.endswith("[1]")]
    assert member == ["Name of the HH Head [1]"] + [f"Quarter {k}: {w} [1]" for k in range(1, 5)
                                                    for w in ("Days", "Government", "NGOs")]
    survey = [{"type": "begin_repeat", "name": "m", "label": "Members"},
              {"type": "note", "name": "say", "label": "Please write full names"},
              {"type": "text", "name": "who", "label": "Name"},
              {"type": "note", "name": "ask", "label": "Can you state everything this person ate yesterday, during "
                                                          "the day and at night?"},
              {"type": "integer", "name": "meals", "label": "Meals"},
              {"type": "end_repeat"}]
    t2, _ = _build(xlsform(tmp_path / "r.xlsx", survey, [], SETTINGS), tmp_path / "r.json")
    # an instruction between the questions (Katilingban's nutrition endline, 69 columns) is no heading: it stays
    # under the title, as before
    assert [q.text for q in t2.questions if q.text.endswith("[1]")] == ["Name [1]", "Meals [1]"]
    assert any("Please write full names" in x.text for x in t2.texts)
    assert any("Can you state everything" in x.text for x in t2.texts)


def test_a_loop_over_a_list_asks_its_questions_for_each_choice(tmp_path):
    """pyxform's `begin loop over toilet_type` asks "How many %(label)s are on the premises?" once per toilet
    type; paper left the whole loop off ("paper has no form for this type"). It now prints each type's question
    with the type's label, as pyxform builds the XForm."""
    form = DEFAULT_FORMS / "pyxform_loop.csv"
    q = load_questionnaire(form)
    assert not [o for o in q.online_only if o.name == "loop_toilet_types"]
    asked = [i.label for i in _items(q).values() if i.label.startswith("How many")]
    assert asked == [f"How many {w} are on the premises?" for w in
                     ("Pit latrine with slab", "Pit latrine without slab/open pit", "Bucket system", "Other")]
    t, _ = _build(form, tmp_path / "t.json")
    assert print_faults(t) == []


def test_or_specify_other_is_worded_in_the_forms_language(tmp_path):
    """pyxform's specify_other.csv writes or_other as "select one from sexes or specify other" (pyxform's older
    spelling): its write-in line printed "Khác (ghi rõ)" under an English question."""
    t, _ = _build(DEFAULT_FORMS / "pyxform_specify_other.csv", tmp_path / "t.json")
    words = [x.text for x in t.texts]
    assert not [w for w in words if "Khác" in w], words
    assert sum("Other (please specify)" in w for w in words) == 2, words  # the option and its write-in line


def test_a_bikram_sambat_date_spelt_as_kobotoolbox_spells_it_stays_off_paper(tmp_path):
    """KoboToolbox's date sample asks "Date picker with Bikram Sambat calendar" with the appearance
    `bikhram_sambat`: the other calendars were left off paper, this one printed as a Gregorian Day/Month/Year
    grid, where a Nepali respondent writes 2081 and the reading takes it for a Gregorian year."""
    q = load_questionnaire(DEFAULT_FORMS / "kobodocs_date_time.xlsx")
    calendars = {o.name for o in q.online_only if o.why is Why.calendar}
    assert calendars == {"coptic_date", "ethiopian_date", "islamic_date", "bikhram_sambat_date", "myanmar_date",
                         "persian_date"}
    assert "no-calendar_date" in _items(q) and "year_migrate" in _items(q)


def test_a_loops_export_fills_each_choices_question(tmp_path):
    """A KoboToolbox or ODK export of the loop names each count by its path (`loop_toilet_types/bucket_system/
    number`): each column goes to its own choice's question, none to another's."""
    t, _ = _build(DEFAULT_FORMS / "pyxform_loop.csv", tmp_path / "t.json")
    kinds = ("pit_latrine_with_slab", "open_pit_latrine", "bucket_system", "other")
    for sep in ("/", "-", "."):
        head = ["available_toilet_types"] + [sep.join(("loop_toilet_types", k, "number")) for k in kinds]
        cols = map_form_columns(t, head, Channel.kobo, {})
        said = {c.title: t.question(c.key).text for c in cols
                if c.role is Role.answer and c.key and c.key != "available_toilet_types"}
        assert said == {h: f"How many {w} are on the premises?" for h, w in zip(head[1:], (
            "Pit latrine with slab", "Pit latrine without slab/open pit", "Bucket system", "Other"))}, said
