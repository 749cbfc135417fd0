"""Shapes pyxform 4.5 itself accepts, taken from its own test suite (XLSForm/pyxform, tests/*.py, the markdown
tables named beside each case), written as workbooks with pyxform's md_table_to_workbook: each builds, prints what
paper holds and lists what it leaves online only, with its reason (issue 22: whatever pyxform accepts, build accepts).
"""

from __future__ import annotations

import pytest
from pyxform.xls2json_backends import md_table_to_workbook
from pyxform.xls2xform import convert

from scanner.layout import build_layout
from scanner.online_only import Why
from scanner.questionnaire import load_questionnaire
from scanner.template import parse_template


def built(tmp_path, md: str):
    path = tmp_path / "form.xlsx"
    md_table_to_workbook(md).save(path)
    convert(xlsform=str(path), validate=False)  # pyxform accepts it: else the case is no evidence
    q = load_questionnaire(str(path), None, None)
    template = parse_template(build_layout(q), str(tmp_path / "layout.json"))
    return q, template


def printed(template) -> dict[str, tuple[str, ...]]:
    return {t.id: tuple(o.id for o in t.options) for t in template.questions}


def online(q) -> dict[str, Why]:
    return {o.name: o.why for o in q.online_only}


def test_last_saved_in_a_rule_is_unknown_not_refused(tmp_path):
    """tests/test_last_saved.py: `${last-saved#foo}` in relevant and constraint (the phone's previous record)."""
    q, t = built(tmp_path, """
    | survey |            |          |       |                        |                         |
    |        | type       | name     | label | relevant               | constraint              |
    |        | integer    | foo      | Foo   | ${last-saved#foo} < 12 |                         |
    |        | integer    | bar      | Bar   |                        | . > ${last-saved#bar}   |
    """)
    assert set(printed(t)) == {"foo", "bar"}
    assert {"last-saved#foo", "last-saved#bar"} <= set(t.other_fields)


@pytest.mark.parametrize("list_name", ["choices", "c1"])
def test_randomized_list_prints_its_choices(tmp_path, list_name):
    """tests/test_randomize_itemsets.py: `parameters` randomize=true (pyxform leaves the list off the question)."""
    q, t = built(tmp_path, f"""
    | survey |                         |         |       |                           |
    |        | type                    | name    | label | parameters                |
    |        | select_one {list_name}  | select  | Select| randomize=true, seed=42   |
    | choices|                         |         |       |                           |
    |        | list_name               | name    | label |                           |
    |        | {list_name}             | a       | opt_a |                           |
    |        | {list_name}             | b       | opt_b |                           |
    """)
    assert printed(t) == {"select": ("a", "b")}


def test_filter_by_a_text_question_prints_the_whole_list(tmp_path):
    """tests/test_randomize_itemsets.py: `choice_filter` `${q0} = cf`, q0 a text: no parent choice to group by."""
    q, t = built(tmp_path, """
    | survey  |
    |         | type          | name | label::English (en) | parameters     | choice_filter |
    |         | text          | q0   | Question 0          |                |               |
    |         | select_one c1 | q1   | Question 1          | randomize=True | ${q0} = cf    |
    | choices |           |      |       |
    |         | list_name | name | label::English (en) | cf |
    |         | c1        | a    | A                   | 1  |
    |         | c1        | b    | B                   | 2  |
    """)
    assert printed(t)["q1"] == ("a", "b")
    assert next(x for x in t.questions if x.id == "q1").filter_by is None


def test_select_from_a_repeats_answers_is_online_only(tmp_path):
    """tests/test_repeat.py: `select one ${name}`, the choices are the names given in the roster."""
    q, t = built(tmp_path, """
    | survey  |                    |            |                |
    |         | type               | name       | label          |
    |         | begin repeat       | rep        | Repeat         |
    |         | text               | name       | Enter name     |
    |         | end repeat         |            |                |
    |         | select one ${name} | choice     | Choose name    |
    """)
    assert online(q) == {"choice": Why.from_answers}
    assert "choice" not in printed(t)


def test_audit_is_listed_as_recorded_by_the_device(tmp_path):
    """tests/test_audit.py: pyxform moves `audit` into its meta group; it was left out unlisted."""
    q, t = built(tmp_path, """
    | survey |        |          |       |            |
    |        | type   |   name   | label | parameters |
    |        | audit  |   audit  |       | location-priority=balanced location-min-interval=60 location-max-age=61 |
    |        | text   |   t      | T     |            |
    """)
    assert online(q) == {"audit": Why.device}
    assert printed(t) == {"t": ()}


def test_search_appearance_is_choices_from_a_file(tmp_path):
    """tests/test_search_function.py: `search('my_file')`: the sheet's line is a placeholder for a CSV's rows."""
    q, t = built(tmp_path, """
    | survey  |               |      |       |                   |             |
    |         | type          | name | label | appearance        | calculation |
    |         | select_one s1 | q1   | Q1    | search('my_file') |             |
    |         | select_one s1 | q2   | Q2    | quick search('my_file', 'matches', 'k', ${q1}) |  |
    |         | calculate     | p1   |       |                   | pulldata('my_file', 'this', 'that', ${q1}) |
    |         | select_one s2 | q3   | Q3    | minimal           |             |
    | choices |           |      |       |
    |         | list_name | name | label |
    |         | s1        | na   | la    |
    |         | s2        | na   | la    |
    """)
    assert online(q) == {"q1": Why.from_file, "q2": Why.from_file, "p1": Why.computed}
    assert printed(t) == {"q3": ("na",)}


def test_entities_are_listed_by_their_own_reason(tmp_path):
    """tests/entities/test_entities.py: an `entities` sheet and `save_to`; the form prints, the entity is
    listed as ODK's (not "computed")."""
    q, t = built(tmp_path, """
    | survey |
    | | type         | name | label | save_to |
    | | text         | q1   | Q1    |         |
    | | begin_repeat | r1   | R1    |         |
    | | text         | q2   | Q2    | e1p1    |
    | | end_repeat   | r1   |       |         |
    | entities |
    | | list_name | label | create_if | update_if | entity_id |
    | | e1        | ${q1} | true()    |           |           |
    """)
    assert online(q) == {"entity (e1)": Why.entity}
    assert "q1" in printed(t)


SHAPES = {  # each pyxform case: what prints, what is listed online only (name -> why)
    "rank": ("""
    | survey |              |          |       |
    |        | type         | name     | label |
    |        | rank mylist  | order    | Rank  |
    |        | text         | t        | T     |
    | choices|              |          |       |
    |        | list_name    | name     | label |
    |        | mylist       | a        | A     |
    |        | mylist       | b        | B     |
    """, {"t", "order/a"}, {}),  # printed as a grid of its options by places (tests/test_rank.py)
    "likert_trigger_background": ("""
    | survey |                     |       |       |            |          |             |
    |        | type                | name  | label | appearance | trigger  | calculation |
    |        | background-audio    | rec   |       |            |          |             |
    |        | start-geopoint      | sg    |       |            |          |             |
    |        | select_one agree    | lk    | Agree?| likert     |          |             |
    |        | calculate           | c     |       |            | ${lk}    | now()       |
    | choices|                     |       |       |            |          |
    |        | list_name           | name  | label |            |          |
    |        | agree               | 1     | No    |            |          |
    |        | agree               | 2     | Yes   |            |          |
    """, {"lk"}, {"rec": Why.device, "sg": Why.device, "c": Why.computed}),
    "instance_name_body_bind_clean_text": ("""
    | survey |          |      |       |                  |                    |
    |        | type     | name | label | body::accuracyThreshold | bind::odk:length |
    |        | geopoint | gp   | Where | 5                |                    |
    |        | text     | nm   | Name  |                  | 5                  |
    | settings |        |      |       |                  |                    |
    |          | instance_name | clean_text_values |  |    |                    |
    |          | concat(${nm}, '-', once(today())) | yes |  |  |                    |
    """, {"nm"}, {"gp": Why.location}),
    "position_choice_name_indexed_repeat": ("""
    | survey |                  |      |         |                           |             |
    |        | type             | name | label   | choice_filter             | calculation |
    |        | select_one c     | a    | A       |                           |             |
    |        | select_one c     | b    | B       | position() != 1           |             |
    |        | calculate        | cn   |         |                           | jr:choice-name(${a}, '${a}') |
    |        | begin_repeat     | r    | R       |                           |             |
    |        | text             | x    | X       |                           |             |
    |        | end_repeat       |      |         |                           |             |
    |        | calculate        | ir   |         |                           | indexed-repeat(${x}, ${r}, 1) |
    | choices|                  |      |         |                           |             |
    |        | list_name        | name | label   |                           |             |
    |        | c                | 1    | One     |                           |             |
    |        | c                | 2    | Two     |                           |             |
    """, {"a", "b", "x[1]"}, {"cn": Why.computed, "ir": Why.computed}),
    "from_file": ("""
    | survey |                                    |      |       |                         |
    |        | type                               | name | label | parameters              |
    |        | select_multiple_from_file a.csv    | m1   | M1    |                         |
    |        | select_multiple_from_file b.geojson| m2   | M2    |                         |
    |        | select_one_from_file c.xml         | m3   | M3    | value=code, label=title |
    |        | text                               | t    | T     |                         |
    """, {"t"}, {"m1": Why.from_file, "m2": Why.from_file, "m3": Why.from_file}),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_pyxform_shapes_build_and_list(tmp_path, shape):
    md, on_paper, listed = SHAPES[shape]
    q, t = built(tmp_path, md)
    assert on_paper <= set(printed(t)) or any(p.startswith(tuple(on_paper)) for p in printed(t))
    assert online(q) == listed


def test_real_form_search_placeholders_not_printed():
    """opengisch's repeat_over_selected (tests/data/xlsforms): three selects read their choices with
    `quick search('countries')`/`search(...)` from CSV files; the choices sheet's one line each
    ('country_name_en') is a placeholder that paper used to print as the only option."""
    from pathlib import Path

    q = load_questionnaire(str(Path(__file__).parent / "data" / "xlsforms" / "opengisch_repeat_over_selected.xlsx"),
                           None, None)
    listed = online(q)
    assert {listed[n] for n in ("country", "district", "AE_practices")} == {Why.from_file}
    assert not {"country", "district", "AE_practices"} & {it.id for it in q.items()}


def test_loop_sibling_path_checks_its_own_choice(tmp_path):
    """tests/test_loop.py: `begin loop over types` with `. <= ../total`: the motorcycle's working count is
    checked against the motorcycle's total (`motor_cycle/total`), not the car's, the first `total` of the form;
    before, 3 working of 2 motorcycles passed against 5 cars, an answer breaking the form counted silently."""
    from scanner.logic.apply import check_record

    q, t = built(tmp_path, """
    | survey |
    | | type                  | name               | label::English        | label::French    | constraint    |
    | | begin loop over types | loop_vehicle_types |                       |                  |               |
    | | integer               | total              | How many do you have? | Combien avoir?   |               |
    | | integer               | working            | How many are working? | Combien marcher? | . <= ../total |
    | | end loop              |                    |                       |                  |               |
    | choices |
    | | list_name | name        | label::English | label::French |
    | | types     | car         | Car            | Voiture       |
    | | types     | motor_cycle | Motorcycle     | Moto          |
    """)
    answers = {"total": 5, "working": 4, "motor_cycle/total": 2, "motor_cycle/working": 3}
    assert set(check_record(t, answers).problems) == {"motor_cycle/working"}
    assert not check_record(t, dict(answers, **{"motor_cycle/working": 2})).problems
    assert set(check_record(t, dict(answers, working=6, **{"motor_cycle/working": 2})).problems) == {"working"}
