"""What session 17's new-user trial of unseen XLSForms found (issue #22, docs/forms_trial_s17.md): each as the
smallest form that shows it, and the real form that brought it (in tests/data/xlsforms). Truths are written out
by hand from the forms' own words."""

from __future__ import annotations

from test_forms_trial_s15 import xlsform

from benchmarks.realforms import DEFAULT_FORMS, cli
from scanner.kinds import Kind
from scanner.online_only import Why
from scanner.questionnaire import load_questionnaire
from scanner.template import load_template

YN = [("yn", "yes", "Yes"), ("yn", "no", "No")]
SETTINGS = {"form_title": "T", "form_id": "t"}


def _build(path, out):
    code, said, err = cli(["build", str(path), "--out", str(out)])
    assert code == 0, (said, err)
    return load_template(out), said


def _long_first_list(n: int) -> list[tuple[str, str, str]]:
    return [("kind", f"k{i}", f"Kind of building number {i} (a description long enough to wrap on narrow pages)")
            for i in range(1, n + 1)]


def test_a_first_question_that_fits_a_page_starts_on_page_one(tmp_path):
    """HOT's building form opens on a 37-option list: it fits a page but not what the title and instructions leave
    of the first, so it was moved whole to page 2 and page 1 printed the title alone ("trang 1: không có câu
    hỏi"). It now starts on page 1 and goes on over page 2, as a list longer than a page does."""
    survey = [{"type": "select_one kind", "name": "kind", "label": "Building"},
              {"type": "text", "name": "street", "label": "Street name"}]
    t, said = _build(xlsform(tmp_path / "b.xlsx", survey, _long_first_list(30), SETTINGS), tmp_path / "b.json")
    kind = t.question("kind")
    on = [o.page or kind.page for o in kind.options]
    assert kind.page == 1 and on[0] == 1 and on[-1] == 2, on
    assert on == sorted(on)  # its options in order, none left behind
    assert "trang 1: câu 1" in said
    real, said = _build(DEFAULT_FORMS / "hotosm_buildings_range.xlsx", tmp_path / "r.json")
    assert real.question("building").page == 1 and "không có câu hỏi" not in said.split("trang 8")[0], said


def test_a_later_list_that_fits_a_page_is_still_moved_whole(tmp_path):
    """Only page 1 with nothing on it yet is split into: a list after other questions still goes whole to the
    next page when it fits one."""
    survey = [{"type": "text", "name": f"t{i}", "label": f"Note number {i}", "lines": 6} for i in range(6)]
    survey.append({"type": "select_one kind", "name": "kind", "label": "Building"})
    t, _ = _build(xlsform(tmp_path / "b.xlsx", survey, _long_first_list(26), SETTINGS), tmp_path / "b.json")
    kind = t.question("kind")
    assert kind.pages == (kind.page,) and kind.page > 1


def test_a_roster_label_opening_on_its_bare_number_is_not_numbered_twice(tmp_path):
    """formhub's groups-in-repeats form numbers its labels "1." … "6." and its roster "7 Children" (no stop): the
    roster printed "Question 7. 7 Children". A bare number is the label's own when it comes next after a question
    that numbered itself; elsewhere it stays words ("5 things…" in a form that numbers nothing)."""
    survey = [{"type": "text", "name": "name", "label": "6. What is your name?"},
              {"type": "begin_repeat", "name": "children", "label": "7 Children"},
              {"type": "text", "name": "cname", "label": "7.1 Child's name"},
              {"type": "end_repeat"},
              {"type": "text", "name": "more", "label": "9 Things"},
              {"type": "text", "name": "w", "label": "5 or more people?"}]
    q = load_questionnaire(xlsform(tmp_path / "r.xlsx", survey, YN, SETTINGS))
    assert [(it.number, it.label) for it in q.items()] == [
        ("6", "What is your name?"), ("7", "Children"), ("8", "9 Things"), ("9", "5 or more people?")]
    plain = [{"type": "text", "name": "a", "label": "Name"}, {"type": "text", "name": "b", "label": "2 Things"}]
    q = load_questionnaire(xlsform(tmp_path / "p.xlsx", plain, YN, SETTINGS))
    assert [(it.number, it.label) for it in q.items()] == [("1", "Name"), ("2", "2 Things")]
    real = load_questionnaire(DEFAULT_FORMS / "formhub_groups_in_repeats.xls")
    roster = next(it for it in real.items() if it.kind is Kind.roster)
    assert (roster.number, roster.label) == ("7", "Children")


def test_a_repeat_inside_a_printed_roster_is_listed_online_only(tmp_path):
    """onadata's children's survey has a child's cartoons (a repeat) inside the children's roster, and its
    testing-repeats form a second child repeat inside the first: paper printed the outer table and dropped the
    inner one without a word, while `build` listed what else stays online only. It is now listed, with why."""
    survey = [{"type": "begin_repeat", "name": "kids", "label": "Children"},
              {"type": "text", "name": "kname", "label": "Name"},
              {"type": "begin_repeat", "name": "toys", "label": "Toys"},
              {"type": "text", "name": "toy", "label": "Toy"},
              {"type": "end_repeat"},
              {"type": "end_repeat"}]
    path = xlsform(tmp_path / "n.xlsx", survey, YN, SETTINGS)
    q = load_questionnaire(path)
    assert [(o.name, o.why) for o in q.online_only] == [("toys", Why.nested)]
    roster = next(it for it in q.items() if it.kind is Kind.roster)
    assert [c.id for c in roster.columns] == ["kname"]
    _, said = _build(path, tmp_path / "n.json")
    assert "a repeat inside a repeat" in said and ": toys" in said
    for name, inner in (("onadata_childrens_survey_unicode.xlsx", "cartoons"),
                        ("onadata_testing_repeats.xlsx", "child_repeat_2")):
        listed = [(o.name, o.why) for o in load_questionnaire(DEFAULT_FORMS / name).online_only]
        assert (inner, Why.nested) in listed, (name, listed)




def test_build_says_what_neither_paper_nor_the_google_form_asks(tmp_path, plan):
    """A repeat inside a repeat was listed as "online only", under which an office expects the Google Form to
    collect it; the Google Form has no item for it (nor for a member's own position, which it cannot ask of each
    member). `build` now lists both apart, as not asked by the Google Form either, in Vietnamese and in the form's
    frame language; what it lists as online only is what the Google Form asks."""
    from scanner.online_form import form_items

    survey = [{"type": "geopoint", "name": "home", "label": "Home location"},
              {"type": "begin_repeat", "name": "kids", "label": "Children"},
              {"type": "text", "name": "kname", "label": "Name"},
              {"type": "geopoint", "name": "school", "label": "School location"},
              {"type": "begin_repeat", "name": "toys", "label": "Toys"},
              {"type": "text", "name": "toy", "label": "Toy"},
              {"type": "end_repeat"},
              {"type": "end_repeat"}]
    for frame, words in (("en", "not asked by the Google Form"), ("fr", "ni demandé par le formulaire Google")):
        path = xlsform(tmp_path / f"n_{frame}.xlsx", survey, YN, {**SETTINGS, "frame_language": frame})
        t, said = _build(path, tmp_path / f"n_{frame}.json")
        online, _, unasked = said.partition("biểu mẫu Google cũng không hỏi")
        assert online.split("online only, not on paper")[1].split("\n")[1].endswith("a GPS location: home"), said
        assert words in unasked.split("\n")[0] and "KoboToolbox" in unasked.split("\n")[0], said
        assert unasked.split("\n")[1].endswith("a GPS location: school")
        assert unasked.split("\n")[2].endswith("a list of its own: toys")
        titles = [it.title for it in form_items(t, plan)]
        assert "Home location" in titles  # listed as online only: the Google Form asks it
        assert not [x for x in titles if "School location" in x or "Toy" in x]  # listed apart: it does not
def test_a_note_inside_a_roster_prints_under_its_title(tmp_path):
    """onadata's repeat-with-note form asks "Please provide full names" inside the children's repeat: a table
    has no cell for a note, so it was left off paper unsaid. It now prints under the roster's title (as a
    question's hint does); a note with a condition, which a table cannot show, stays off."""
    survey = [{"type": "begin_repeat", "name": "kids", "label": "Child Details", "hint": "One line per child"},
              {"type": "note", "name": "n1", "label": "Please provide full names"},
              {"type": "note", "name": "n2", "label": "Only for twins", "relevant": "${kname} != ''"},
              {"type": "text", "name": "kname", "label": "Child's name"},
              {"type": "end_repeat"}]
    t, _ = _build(xlsform(tmp_path / "n.xlsx", survey, YN, SETTINGS), tmp_path / "n.json")
    printed = [x.text for x in t.texts]
    title = next(i for i, s in enumerate(printed) if s.endswith("Child Details"))
    assert printed[title + 1:title + 3] == ["One line per child", "Please provide full names"]
    assert "Only for twins" not in printed
    real, _ = _build(DEFAULT_FORMS / "onadata_repeat_w_note.xlsx", tmp_path / "r.json")
    assert "Please provide full names" in [x.text for x in real.texts]


def test_a_question_repeating_its_groups_condition_says_it_once(tmp_path):
    """pyxform's flat_xlsform_test writes its group's `relevant` again on every row inside: paper and the review
    said "Answer if Question 1 is not “Yes” and Question 1 is not “Yes”". The same condition (spaced otherwise)
    is said once; two conditions that differ only inside a quoted value are both kept."""
    skip = "not(selected(${skip}, 'yes'))"
    survey = [{"type": "select_one yn", "name": "skip", "label": "Skip to end"},
              {"type": "begin_group", "name": "everything", "relevant": skip},
              {"type": "text", "name": "a", "label": "Name", "relevant": "not(selected( ${skip},'yes' ))"},
              {"type": "text", "name": "b", "label": "Place", "relevant": "${skip} = 'no '"},
              {"type": "end_group"}]
    q = load_questionnaire(xlsform(tmp_path / "s.xlsx", survey, YN, SETTINGS))
    rel = {it.id: it.relevant for it in q.items()}
    assert rel["a"] == skip and rel["b"] == f"({skip}) and (${{skip}} = 'no ')"
    t, _ = _build(DEFAULT_FORMS / "pyxform_flat_xlsform_test.xlsx", tmp_path / "f.json")
    said = [x.text for x in t.texts if "Question 1" in x.text and x.text.startswith("Answer if")]
    assert said and all(s.count("Question 1") == 1 for s in said), said


def test_a_hint_with_no_letter_or_digit_prints_no_blank_line(tmp_path):
    """HOT's amenities form gives its follow-up questions the hint "." (a placeholder a phone shows as nothing):
    paper left an empty line between the condition and the boxes. It prints nothing and takes no room, as a note
    with no letter or digit already did."""
    survey = [{"type": "select_one yn", "name": "a", "label": "Alpha", "hint": "."},
              {"type": "select_one yn", "name": "b", "label": "Beta"},
              {"type": "note", "name": "n", "label": "Read this", "hint": "-"},
              {"type": "select_one yn", "name": "c", "label": "Gamma"}]
    t, _ = _build(xlsform(tmp_path / "h.xlsx", survey, YN, SETTINGS), tmp_path / "h.json")
    a, b = t.question("a"), t.question("b")
    gap_a = a.options[0].box.y - next(x.y for x in t.texts if x.text.endswith("Alpha"))
    gap_b = b.options[0].box.y - next(x.y for x in t.texts if x.text.endswith("Beta"))
    assert abs(gap_a - gap_b) < 0.01, (gap_a, gap_b)
    note = next(x.y for x in t.texts if x.text == "Read this")
    gamma = next(x.y for x in t.texts if x.text.endswith("Gamma"))
    assert not [x for x in t.texts if x.text.strip() in (".", "-")]
    assert gamma - note < 12, gamma - note  # the note's line and the gap after it, no line for its "-"


def test_a_long_range_of_whole_numbers_is_a_digit_grid_checked_against_its_bounds(tmp_path):
    """HOT's 2021 building form asks "Number of floors" as a `range` 0-17: too many values to print as options, it
    was a one-line box for a person to transcribe. Whole numbers from 0 up are now a digit grid the scanner reads
    (2 columns for 17), and an answer outside the range breaks its constraint; a range of decimals or below 0
    keeps the box."""
    survey = [{"type": "range", "name": "levels", "label": "Number of floors", "parameters": "start=0 end=17 step=1"},
              {"type": "range", "name": "temp", "label": "Temperature", "parameters": "start=-10 end=40 step=1"},
              {"type": "range", "name": "ph", "label": "pH", "parameters": "start=0 end=14 step=0.5"},
              {"type": "range", "name": "few", "label": "Stars", "parameters": "start=1 end=5 step=1"}]
    q = load_questionnaire(xlsform(tmp_path / "r.xlsx", survey, YN, SETTINGS))
    got = {it.id: (it.kind, it.digits, it.constraint) for it in q.items()}
    assert got["levels"] == (Kind.number, 2, ". >= 0 and . <= 17")
    assert got["temp"][0] is Kind.text and got["ph"][0] is Kind.text and got["few"][0] is Kind.single
    t, _ = _build(DEFAULT_FORMS / "hotosm_buildings_range.xlsx", tmp_path / "b.json")
    levels = t.question("levels")
    assert levels.type.value == "number" and len(levels.comb) == 2


def test_a_range_to_a_million_builds_with_whole_bounds_its_digits_and_its_step(tmp_path):
    """A range ending at 1,000,000 or more no longer built: its bound was written `1e+06`, which is no XLSForm
    number, and its grid counted 5 digits. The bounds are now whole numbers, the grid as many digits as the end
    has, a range wider than a digit grid holds (scanner.xlsform_items.MAX_DIGITS) keeps its box, and a step other
    than 1 is part of the constraint, so a scanned value a phone's slider cannot give breaks it."""
    from scanner.logic.evaluate import evaluate
    from scanner.logic.expression import parse

    ranges = {"million": (0, 1_000_000, 1), "two": (0, 2_000_000, 1), "wide": (0, 10 ** 13, 1),
              "fives": (0, 100, 5), "from10": (10, 100, 5)}
    survey = [{"type": "range", "name": n, "label": f"How many {n}?", "parameters": f"start={a} end={b} step={c}"}
              for n, (a, b, c) in ranges.items()]
    xlsx = xlsform(tmp_path / "r.xlsx", survey, YN, SETTINGS)
    t, _ = _build(xlsx, tmp_path / "r.json")  # the template check takes every constraint
    got = {it.id: it for it in load_questionnaire(xlsx).items()}
    for n in ("million", "two"):
        assert (got[n].kind, got[n].digits) == (Kind.number, 7), n
        assert got[n].constraint == f". >= 0 and . <= {ranges[n][1]}", got[n].constraint
        assert len(t.question(n).comb) == 7
    assert got["wide"].kind is Kind.text  # 14 digits: more than a grid holds
    for n in ("fives", "from10"):
        a, b, c = ranges[n]
        assert got[n].kind is Kind.number and got[n].digits == 3
        rule = parse(t.question(n).constraint)
        for v in range(0, 111):
            assert evaluate(rule, {}, v) == (a <= v <= b and (v - a) % c == 0), (n, v)


def test_a_condition_naming_an_option_its_list_lacks_is_noted_by_build(tmp_path):
    """HOT's 2021 building form asks its religious-building question when `${building}=’religios’`: no option is
    named so (the list says `religious`), so it is never asked on a phone, and paper said only "Answer depending
    on your answers to Question 1". `build` now names the cell and the list's options; conditions on real options
    (either quoting, `selected()`, `!=`, an empty value) say nothing."""
    kinds = [("kind", "house", "House"), ("kind", "religious", "Religious"), ("kind", "shop", "Shop")]
    survey = [{"type": "select_one kind", "name": "building", "label": "Building"},
              {"type": "text", "name": "faith", "label": "Denomination", "relevant": "${building}=’religios’"},
              {"type": "text", "name": "goods", "label": "Goods", "relevant": "selected(${building}, 'shop') or "
               "${building} != 'house' or ${building} = ''"},
              {"type": "text", "name": "size", "label": "Size", "relevant": "not(${building} = \"religious\")"}]
    q = load_questionnaire(xlsform(tmp_path / "k.xlsx", survey, kinds, SETTINGS))
    said = [n for n in q.notices if "spelling" in n]
    assert said == ["trang survey, dòng 3, cột relevant: 'religios' không phải phương án của câu building (house, "
                    "religious, shop); kiểm tra chính tả / 'religios' is no option of building (house, religious, "
                    "shop): check the spelling, as written the condition never names a choice"]
    real = load_questionnaire(DEFAULT_FORMS / "hotosm_buildings_range.xlsx")
    spelt = [n for n in real.notices if "spelling" in n]
    assert len(spelt) == 1 and spelt[0].startswith("trang survey, dòng 14, cột relevant: 'religios' "), spelt


def test_a_groups_misspelt_condition_is_noted_once_at_the_groups_own_row(tmp_path):
    """A misspelt option in a begin_group's `relevant` was noted once per question of the group, at the questions'
    rows (whose relevant cells are empty: the group's is merged into theirs), never at the group's row. Now once,
    at the begin_group's row; a question's own misspelling inside it at its own row, not repeated for the group's."""
    survey = [{"type": "select_one yn", "name": "q", "label": "Do you farm?"},
              {"type": "begin_group", "name": "g", "label": "Farming", "relevant": "${q} = 'yess'"},
              {"type": "text", "name": "a", "label": "Crop"},
              {"type": "text", "name": "b", "label": "Area", "relevant": "${q} = 'noo'"},
              {"type": "integer", "name": "c", "label": "Workers"},
              {"type": "end_group", "name": "g"}]
    q = load_questionnaire(xlsform(tmp_path / "g.xlsx", survey, YN, SETTINGS))
    said = [n.split(":")[0] + ": " + n.split(":")[1].split()[0] for n in q.notices if "spelling" in n]
    assert said == ["trang survey, dòng 3, cột relevant: 'yess'", "trang survey, dòng 5, cột relevant: 'noo'"]
    assert {it.id: it.relevant for it in q.items()}["c"] == "${q} = 'yess'"  # still asked only when its group is


def test_an_emoji_the_fonts_lack_is_named_on_paper_and_kept_online(tmp_path, plan):
    """pyxform's utf_csv form asks "…what toppings do you prefer on your 🍔s?": the fonts have no 🍔, and paper
    printed "on your s?", the Google Form too (its title was the printed label). Paper now names it, build says so
    once, the Google Form keeps the emoji, and a download titled either way (before: the emoji left out) imports."""
    from scanner.online.columns import ColumnKind, map_columns
    from scanner.online_form import form_items

    code, out, err = cli(["build", str(DEFAULT_FORMS / "pyxform_utf_csv.csv"), "--out", str(tmp_path / "u.json")])
    assert code == 0, (out, err)
    t = load_template(tmp_path / "u.json")
    q = t.question("burger_toppings")
    assert q.text == "…what toppings do you prefer on your [hamburger]s?"
    assert q.online_title == "…what toppings do you prefer on your 🍔s?"
    assert [i.title for i in form_items(t, plan) if "toppings" in i.title] == [q.online_title]
    assert (out + err).count("🍔 -> [hamburger]") == 2 and err.count("lack these symbols") == 1, err  # one note
    for title in ("…what toppings do you prefer on your 🍔s?", "…what toppings do you prefer on your s?",
                  "…what toppings do you prefer on your [hamburger]s?"):
        col = map_columns(t, ["Timestamp", title], {})[1]
        assert (col.kind, col.key) == (ColumnKind.question, "burger_toppings"), title


FREQ = [("f", str(k), w) for k, w in enumerate(["Never", "Sometimes", "Often"])]


def test_a_first_grid_or_roster_taller_than_page_ones_rest_starts_on_page_one(tmp_path):
    """The first-page rule held for lists only: a 26-row table-list grid or a 24-member roster opening the form fits
    a page but not what the header leaves of page 1, and page 1 printed the title alone (the grid then took 4 pages,
    the roster ran over pages 2-3 anyway). Each now starts on page 1, by rows, every row once and in order."""
    grid = [{"type": "begin_group", "name": "g", "label": "How often do you use each service?",
             "appearance": "table-list"}]
    grid += [{"type": "select_one f", "name": f"r{i}", "label": f"Service number {i} of the district"}
             for i in range(26)]
    grid += [{"type": "end_group", "name": "g"}, {"type": "text", "name": "z", "label": "Anything else?"}]
    t, said = _build(xlsform(tmp_path / "g.xlsx", grid, FREQ, SETTINGS), tmp_path / "g.json")
    assert "trang 1: câu 1\n" in said and "không có câu hỏi" not in said and t.pages == 2, said
    parts = [q for q in t.questions if q.id.startswith("r")]
    assert [q.id for q in parts] == [f"r{i}" for i in range(26)]
    assert parts[0].page == 1 and parts[-1].page == 2 and [q.page for q in parts] == sorted(q.page for q in parts)
    roster = [{"type": "begin_repeat", "name": "m", "label": "Household members", "repeat_count": "24"},
              {"type": "text", "name": "nm", "label": "Name"}, {"type": "select_one f", "name": "s", "label": "Sex"},
              {"type": "end_repeat", "name": "m"}, {"type": "text", "name": "z", "label": "Anything else?"}]
    t, said = _build(xlsform(tmp_path / "r.xlsx", roster, FREQ, SETTINGS), tmp_path / "r.json")
    assert "trang 1: câu 1\n" in said and "không có câu hỏi" not in said and t.pages == 2, said
    rows: dict[int, set[int]] = {}
    for q in t.questions:
        if q.roster == "m":
            rows.setdefault(q.roster_row, set()).add(q.page)
    assert sorted(rows) == list(range(1, 25)) and t.rosters["m"].page == 1
    assert rows[1] == {1} and rows[24] == {2} and all(len(p) == 1 for p in rows.values())


def test_a_first_roster_printed_member_by_member_starts_on_page_one(tmp_path):
    """A roster too wide for a table prints member by member; one that fits a page (so it was kept whole) but not
    what the header leaves of page 1 was moved whole to page 2, page 1 printing the title alone. Its first member
    now prints on page 1."""
    survey = [{"type": "begin_repeat", "name": "m", "label": "Household members", "repeat_count": "2"},
              {"type": "text", "name": "nm", "label": "Name"},
              {"type": "select_one w", "name": "s", "label": "Main work of this member in the last twelve months"},
              {"type": "select_one w", "name": "s2", "label": "Second work of this member"},
              {"type": "end_repeat", "name": "m"}, {"type": "text", "name": "z", "label": "Anything else?"}]
    work = [("w", str(k), f"Occupation number {k} described at length") for k in range(9)]
    t, said = _build(xlsform(tmp_path / "m.xlsx", survey, work, SETTINGS), tmp_path / "m.json")
    assert "không có câu hỏi" not in said.split("trang 2")[0] and t.pages == 2, said
    pages = {(q.roster_row, q.id): q.page for q in t.questions if q.roster == "m"}
    assert {p for (n, _), p in pages.items() if n == 1} == {1} and {p for (n, _), p in pages.items() if n == 2} == {2}
    assert t.question("z").page == 2
