"""What session 18's new-user trial of unseen XLSForms found (issue #22, docs/forms_trial_s18.md): each as the
smallest form that shows it, and the real form that brought it where it is small enough to keep (tests/data/xlsforms).
Truths are written out by hand from the forms' own words."""

from __future__ import annotations

from openpyxl import Workbook
from test_forms_trial_s15 import xlsform

from benchmarks.realforms import DEFAULT_FORMS, cli
from scanner.cascade import cascade_conflicts
from scanner.questionnaire import load_questionnaire
from scanner.template import load_template

SETTINGS = {"form_title": "T", "form_id": "t"}


def _build(path, out):
    code, said, err = cli(["build", str(path), "--out", str(out)])
    assert code == 0, (said, err)
    return load_template(out), said + err


def _book(path, survey: list[dict], choices: list[dict], settings: dict):
    """A workbook whose choices sheet has the columns its rows use (a cascade's parent columns)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    for sheet, rows in ((ws, survey), (wb.create_sheet("choices"), choices)):
        columns = list(dict.fromkeys(k for row in rows for k in row))
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(c) for c in columns])
    st = wb.create_sheet("settings")
    st.append(list(settings))
    st.append(list(settings.values()))
    wb.save(path)
    return path


def test_a_list_naming_a_choice_twice_builds_where_the_settings_allow_it(tmp_path):
    """HOT's camping form lists "Communal Kitchen" (`kitchen`) twice in one list and says
    `allow_choice_duplicates: yes`, which pyxform accepts: build refused the whole form ("the list names a choice
    twice"). The name is printed once, with its first label, and build says so; without the setting the
    refusal stays (pyxform refuses it too)."""
    survey = [{"type": "select_one amenity", "name": "amenity", "label": "What amenity is this?"}]
    choices = [("amenity", "toilets", "Toilets"), ("amenity", "kitchen", "Communal Kitchen"),
               ("amenity", "shower", "Shower"), ("amenity", "kitchen", "Communal Kitchen")]
    t, said = _build(xlsform(tmp_path / "c.xlsx", survey, choices, dict(SETTINGS, allow_choice_duplicates="yes")),
                     tmp_path / "c.json")
    assert [(o.id, o.label) for o in t.question("amenity").options] == [
        ("toilets", "Toilets"), ("kitchen", "Communal Kitchen"), ("shower", "Shower")]
    assert "'amenity'" in said and "'kitchen'" in said and "printed once" in said, said
    code, _, err = cli(["build", str(xlsform(tmp_path / "d.xlsx", survey, choices, SETTINGS)),
                        "--out", str(tmp_path / "d.json")])
    assert code != 0 and "allow_choice_duplicates" in err


def test_a_roster_counted_by_a_bounded_number_prints_as_many_rows_as_it_allows(tmp_path):
    """IPA's ordinal-calculation template asks "How many times…?" (`. >= 1 and . <= 30`) and repeats by it
    (`repeat_count: ${number}`): paper printed 6 rows, so a 9th member had nowhere to go. The roster now prints
    the 30 rows the answer allows, over the pages it needs; a count with no upper bound, or one above 30, keeps
    the default."""
    survey = [{"type": "integer", "name": "number", "label": "How many members?", "constraint": ".>=1 and . <= 30"},
              {"type": "begin repeat", "name": "member", "label": "Members", "repeat_count": "${number}"},
              {"type": "text", "name": "name", "label": "Name"},
              {"type": "end repeat", "name": "member"}]
    q = load_questionnaire(xlsform(tmp_path / "r.xlsx", survey, [], SETTINGS))
    assert next(i for i in q.items() if i.id == "member").roster_rows == 30
    open_ended = [dict(survey[0], constraint=". >= 1")] + survey[1:]
    q = load_questionnaire(xlsform(tmp_path / "o.xlsx", open_ended, [], SETTINGS))
    assert next(i for i in q.items() if i.id == "member").roster_rows == 6
    t, said = _build(tmp_path / "r.xlsx", tmp_path / "r.json")
    assert "member (30)" in said and "printed with the most rows" in said, said
    # UNHCR's household size `. < 100` would print 99 blank rows a roster: the default, and build says why
    huge = [dict(survey[0], constraint=". < 100")] + survey[1:]
    q = load_questionnaire(xlsform(tmp_path / "h.xlsx", huge, [], SETTINGS))
    assert next(i for i in q.items() if i.id == "member").roster_rows == 6
    t, said = _build(tmp_path / "h.xlsx", tmp_path / "h.json")
    assert "member (up to 99, 6 printed)" in said and "more may be counted than the rows printed" in said, said


def test_a_roster_over_the_options_chosen_prints_a_row_for_each_option(tmp_path):
    """A Nepali machinery survey (Saralkarki) repeats once per machine chosen (`count-selected(${machines})`) from
    16: paper printed 6 rows. It now prints 16."""
    q = load_questionnaire(DEFAULT_FORMS / "saralkarki_repeat_groups.xlsx")
    machines = next(i for i in q.items() if i.id == "machines")
    assert len(machines.choices) == 16
    assert next(i for i in q.items() if i.id == "repeat_grp").roster_rows == 16


CASCADE = [{"list_name": "states", "name": "texas", "label": "Texas"},
           {"list_name": "states", "name": "washington", "label": "Washington"},
           {"list_name": "counties", "name": "king", "label": "King", "state": "washington"},
           {"list_name": "counties", "name": "pierce", "label": "Pierce", "state": "washington"},
           {"list_name": "counties", "name": "king", "label": "King", "state": "texas"},
           {"list_name": "counties", "name": "cameron", "label": "Cameron", "state": "texas"},
           {"list_name": "cities", "name": "dumont", "label": "Dumont", "state": "texas", "county": "king"},
           {"list_name": "cities", "name": "brownsville", "label": "Brownsville", "state": "texas", "county": "cameron"},
           {"list_name": "cities", "name": "seattle", "label": "Seattle", "state": "washington", "county": "king"},
           {"list_name": "cities", "name": "tacoma", "label": "Tacoma", "state": "washington", "county": "pierce"}]


def test_a_filter_naming_two_parents_prints_each_option_under_its_own_parent(tmp_path):
    """onadata's choice_filter form filters cities by `state=${state} and county=${county}`, and King county is
    in Texas and in Washington: the city list printed flat, with nothing saying which county a city is in. It
    now prints under the county, Dumont under Texas's King and Seattle under Washington's, the two headings told
    apart by their state; a city ticked under the other King is a conflict, the right one is not."""
    survey = [{"type": "select_one states", "name": "state", "label": "State"},
              {"type": "select_one counties", "name": "county", "label": "County", "choice_filter": "state=${state}"},
              {"type": "select_one cities", "name": "city", "label": "City",
               "choice_filter": "state=${state} and county=${county}"}]
    settings = dict(SETTINGS, allow_choice_duplicates="yes")
    t, _ = _build(_book(tmp_path / "c.xlsx", survey, CASCADE, settings), tmp_path / "c.json")
    city = t.question("city")
    assert city.filter_by == "county"
    assert {o.id: o.parent for o in city.options} == {
        "dumont": "king~texas", "brownsville": "cameron", "seattle": "king", "tacoma": "pierce"}
    assert cascade_conflicts(t, {"county": ["king~texas"], "city": ["dumont"]}) == []
    assert cascade_conflicts(t, {"county": ["pierce"], "city": ["dumont"]}) == ["city"]
    code, _, err = cli(["--template", str(tmp_path / "c.json"), "forms", "--blank", "1", "--out", str(tmp_path / "c.pdf")])
    assert code == 0, err
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "c.pdf"), "-"], capture_output=True, text=True).stdout
    city_part = text.split("City")[1]
    assert "King (Washington):" in city_part and "King (Texas):" in city_part
    assert city_part.index("King (Texas):") < city_part.index("Dumont") < city_part.index("Cameron:")
    real, _ = _build(DEFAULT_FORMS / "onadata_choice_filter.xlsx", tmp_path / "r.json")
    assert {o.id: o.parent for o in real.question("city").options}["finney"] == "king~texas"


def test_a_filter_naming_two_parents_side_by_side_prints_the_list_as_before(tmp_path):
    """UNHCR's weekly report filters places by `country=${country} and keyLocType=${keyLocType}`: neither parent
    is filtered by the other, so neither is the one a place sits under; the list prints whole and ungrouped, as
    before, and keeps no parent (its Google Form names "Desaguadero (1)", as downloads of it say)."""
    survey = [{"type": "select_one country", "name": "country", "label": "Country"},
              {"type": "select_one kind", "name": "kind", "label": "Kind of place"},
              {"type": "select_one place", "name": "place", "label": "Place",
               "choice_filter": "country=${country} and kind=${kind}"}]
    choices = [{"list_name": "country", "name": "bol", "label": "Bolivia"},
               {"list_name": "country", "name": "per", "label": "Peru"},
               {"list_name": "kind", "name": "border", "label": "Border point"},
               {"list_name": "kind", "name": "city", "label": "City"},
               {"list_name": "place", "name": "desbol", "label": "Desaguadero", "country": "bol", "kind": "border"},
               {"list_name": "place", "name": "desper", "label": "Desaguadero", "country": "per", "kind": "border"},
               {"list_name": "place", "name": "lapaz", "label": "La Paz", "country": "bol", "kind": "city"}]
    t, _ = _build(_book(tmp_path / "p.xlsx", survey, choices, SETTINGS), tmp_path / "p.json")
    place = t.question("place")
    assert place.filter_by is None and {o.parent for o in place.options} == {""}
