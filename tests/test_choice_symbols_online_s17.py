"""A symbol the fonts lack is printed by its Unicode name ("🍔" as "[hamburger]", fonts.printable); an option's
words online keep the symbol, as a question's title does, and a download holding either wording imports."""

from __future__ import annotations

from test_forms_trial_s15 import xlsform
from test_real_forms_s17 import SETTINGS, _build

from scanner.online.choices import read_choice
from scanner.online_form import form_items

FOOD = [("food", "b", "🍔 Burger"), ("food", "p", "Pizza 🍕"), ("food", "s", "Salad")]


def test_an_options_symbol_is_named_on_paper_and_kept_online(tmp_path, plan):
    survey = [{"type": "select_one food", "name": "lunch", "label": "Lunch?"},
              {"type": "select_multiple food", "name": "liked", "label": "Liked?"},
              {"type": "begin_group", "name": "g", "label": "How much of each?", "appearance": "table-list"},
              {"type": "select_one food", "name": "r1", "label": "Monday"},
              {"type": "select_one food", "name": "r2", "label": "Tuesday"},
              {"type": "end_group", "name": "g"},
              {"type": "begin_repeat", "name": "m", "label": "Members", "repeat_count": "2"},
              {"type": "text", "name": "nm", "label": "Name"},
              {"type": "select_one food", "name": "fav", "label": "Favourite"},
              {"type": "end_repeat", "name": "m"}]
    t, _ = _build(xlsform(tmp_path / "f.xlsx", survey, FOOD, SETTINGS), tmp_path / "f.json")
    online = ["🍔 Burger", "Pizza 🍕", "Salad"]
    cells = [q for q in t.questions if q.roster == "m" and q.options]
    assert len(cells) == 2
    for q in [t.question("lunch"), t.question("liked"), t.question("r1"), t.question("r2"), *cells]:
        assert [o.label for o in q.options] == ["[hamburger] Burger", "Pizza [slice of pizza]", "Salad"], q.id
        assert [o.online for o in q.options] == online, q.id
        for text, want in (("🍔 Burger", ["b"]), ("[hamburger] Burger", ["b"]), ("Pizza 🍕", ["p"]),
                           ("Pizza [slice of pizza]", ["p"]), ("Salad", ["s"])):
            got = read_choice(text, q)
            assert got.options == want and not got.other and not got.problems, (q.id, text, got)
    assert read_choice("🍔 Burger, Pizza [slice of pizza]", t.question("liked")).options == ["b", "p"]
    items = form_items(t, plan)
    with_choices = [i for i in items if i.choices]
    assert with_choices and all(list(i.choices) == online for i in with_choices), [(i.title, i.choices) for i in items]


def test_a_grid_rows_symbol_is_kept_in_its_online_title(tmp_path, plan):
    survey = [{"type": "begin_group", "name": "g", "label": "How much of each?", "appearance": "table-list"},
              {"type": "select_one yn", "name": "r1", "label": "🍔 Burgers"},
              {"type": "select_one yn", "name": "r2", "label": "Salad"},
              {"type": "end_group", "name": "g"}]
    yn = [("yn", "y", "Yes"), ("yn", "n", "No")]
    t, _ = _build(xlsform(tmp_path / "g.xlsx", survey, yn, SETTINGS), tmp_path / "g.json")
    from scanner.online.columns import ColumnKind, map_columns

    r1 = t.question("r1")
    assert r1.text == "[hamburger] Burgers"
    assert r1.online_title == "How much of each? [🍔 Burgers]"
    assert t.question("r2").online_title == "How much of each? [Salad]"
    for title in ("How much of each? [🍔 Burgers]", "How much of each? [[hamburger] Burgers]"):
        col = map_columns(t, ["Timestamp", title], {})[1]
        assert (col.kind, col.key) == (ColumnKind.question, "r1"), title
    grid = [i for i in form_items(t, plan) if i.rows]
    assert [list(i.rows) for i in grid] == [["🍔 Burgers", "Salad"]]


def test_a_roster_columns_symbol_is_kept_in_its_cells_online_titles(tmp_path, plan):
    survey = [{"type": "begin_repeat", "name": "m", "label": "Members", "repeat_count": "2"},
              {"type": "text", "name": "nm", "label": "Name"},
              {"type": "select_one yn", "name": "fav", "label": "Likes 🍕?"},
              {"type": "end_repeat", "name": "m"}]
    yn = [("yn", "y", "Yes"), ("yn", "n", "No")]
    t, _ = _build(xlsform(tmp_path / "r.xlsx", survey, yn, SETTINGS), tmp_path / "r.json")
    from scanner.online.columns import ColumnKind, map_columns

    cells = [q for q in t.questions if q.roster == "m" and q.options]
    assert [q.text for q in cells] == ["Likes [slice of pizza]? [1]", "Likes [slice of pizza]? [2]"]
    assert [q.online_title.endswith(f"— Likes 🍕? [{n}]") for n, q in enumerate(cells, 1)] == [True, True], \
        [q.online_title for q in cells]
    names = [q for q in t.questions if q.roster == "m" and not q.options]
    assert "🍕" not in names[0].online_title and "[slice" not in names[0].online_title
    titled = {i.title for i in form_items(t, plan)}
    assert {q.online_title for q in cells} <= titled
    for q in cells:
        for title in (q.online_title, q.online_title.replace("🍕", "[slice of pizza]")):
            col = map_columns(t, ["Timestamp", title], {})[1]
            assert (col.kind, col.key) == (ColumnKind.question, q.id), title
