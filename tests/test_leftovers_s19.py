"""Issue #22's leftovers closed in session 19 (g19; /work/notes/s18/closing_draft.md, "What is left"), each as the
smallest real XLSForm that shows it (pyxform accepts each: `build` runs it through pyxform):

- a roster whose count may ask for more members than its printed rows says under the table where the others go
  (in the frame's language), and a record counting more is reviewed at the count, never held with its rows only;
- a name a list says twice (allow_choice_duplicates) with two labels prints both, and an answer online naming
  either is read as that choice;
- the Google Form checks a number's step (`range` with `step`, `. mod 5 = 0`) with a pattern where one says the
  values, and `online-form` names the numbers whose step only the import checks;
- a `choice_filter` spelt otherwise than `col=${q} and …` (`selected(${q}, col)`, `or col='all'`, `starts-with`,
  `contains`) is read with the XPath parser and printed grouped under its parent; a filter no one question decides
  prints whole, with one build note.
"""

from __future__ import annotations

import json

from test_forms_trial_s15 import xlsform

from benchmarks.realforms import cli
from scanner.logic.apply import LogicReason, check_record
from scanner.template import load_template

SETTINGS = {"form_title": "T", "form_id": "t"}


def _build(path, out):
    code, said, err = cli(["build", str(path), "--out", str(out)])
    assert code == 0, (said, err)
    return load_template(out), said + err


def _printed(out) -> str:
    return " ".join(t["text"] for t in json.loads(out.read_text(encoding="utf-8"))["texts"])


def _household(count: dict | None, members: dict | None = None, vi: bool = False) -> list[dict]:
    """A household roster counted by the question `count` (None: no count at all)."""
    words = (("Số người trong hộ", "Thành viên", "Họ và tên", "Giới tính") if vi else
             ("How many people live here?", "Members", "Name", "Sex"))
    rows = [dict({"name": "n", "label": words[0]}, **count)] if count else []
    rows += [dict({"type": "begin repeat", "name": "member", "label": words[1]},
                  **({"repeat_count": "${n}"} if count else {}), **(members or {})),
             {"type": "text", "name": "who", "label": words[2]},
             {"type": "select_one sex", "name": "sex", "label": words[3]},
             {"type": "end repeat", "name": "member"}]
    return rows


SEX = [("sex", "1", "Male"), ("sex", "2", "Female")]
NUMBERS = [("sizes", str(k), str(k)) for k in range(1, 9)]


def test_a_roster_whose_count_may_run_past_its_rows_says_where_the_others_go(tmp_path):
    """A count allowed past 30 (`. < 100`), a count asked as a `range` up to 40 and a roster with no count at all
    print 6 rows; paper said nothing of a 7th member. Now a line under the table says, in the frame's language,
    to go on on a separate sheet, and build says it once per roster (with how many rows and why)."""
    cases = {"past30": {"type": "integer", "constraint": ". >= 1 and . < 100"},
             "range40": {"type": "range", "parameters": "start=1 end=40 step=1"},
             "nocount": None}
    for name, count in cases.items():
        out = tmp_path / f"{name}.json"
        t, said = _build(xlsform(tmp_path / f"{name}.xlsx", _household(count), SEX, SETTINGS), out)
        assert t.rosters["member"].rows == 6, name
        printed = _printed(out)
        assert "If there are more than 6, continue on a separate sheet attached to this form" in printed, name
        assert printed.count("more than 6") == 1
        assert said.count("continue on a separate sheet") == 1, said
        assert "member (" in said and "6 printed" in said, said
    # a Vietnamese form: the line in Vietnamese, citing the roster by its printed number
    out = tmp_path / "vi.json"
    _build(xlsform(tmp_path / "vi.xlsx", _household(cases["past30"], vi=True), SEX, dict(SETTINGS, form_title="Hộ")),
           out)
    assert "Nếu cần nhiều hơn 6 dòng, ghi tiếp vào tờ rời kèm theo phiếu (ghi rõ Câu 2)." in _printed(out)


def test_a_count_the_rows_hold_prints_no_such_line(tmp_path):
    """A count asked as a select of numbers 1–8 prints its 8 rows, a `range` 1–12 its 12 (both were 6), an integer
    bounded at 10 its 10, a number in repeat_count its own: nothing can run past them, so no line is printed."""
    cases = {"select8": ({"type": "select_one sizes"}, 8), "range12": (
        {"type": "range", "parameters": "start=1 end=12"}, 12),
             "int10": ({"type": "integer", "constraint": ". <= 10"}, 10)}
    for name, (count, rows) in cases.items():
        out = tmp_path / f"{name}.json"
        t, said = _build(xlsform(tmp_path / f"{name}.xlsx", _household(count), SEX + NUMBERS, SETTINGS), out)
        assert t.rosters["member"].rows == rows, name
        assert "separate sheet" not in _printed(out) and "separate sheet" not in said, name
    fixed = _household(None, {"repeat_count": "4"})
    out = tmp_path / "fixed.json"
    t, said = _build(xlsform(tmp_path / "fixed.xlsx", fixed, SEX, SETTINGS), out)
    assert t.rosters["member"].rows == 4 and "separate sheet" not in _printed(out)


def test_a_record_counting_more_members_than_rows_is_reviewed_at_its_count(tmp_path):
    """A household of 9 written on a 6-row roster held 6 members in the record and nothing said 3 were missing.
    Now the count question goes to review with its own reason (a count within the rows changes nothing)."""
    t, _ = _build(xlsform(tmp_path / "h.xlsx", _household({"type": "integer", "constraint": ". < 100"}), SEX,
                          SETTINGS), tmp_path / "h.json")
    assert t.rosters["member"].count == "${n}"
    members = {f"who[{k}]": f"P{k}" for k in range(1, 7)}
    assert check_record(t, {"n": 9, **members}).problems == {"n": LogicReason.more_members}
    assert check_record(t, {"n": 6, **members}).problems == {}
    assert "n" not in check_record(t, {"n": 9}, unknown=["n"]).problems or \
        check_record(t, {"n": 9}, unknown=["n"]).problems["n"] != LogicReason.more_members  # not read yet: unsaid
    # a paper record: the count asked as a select of 1–40 (more than 30: 6 rows and the line), 9 ticked
    from scanner.records import build_record
    from scanner.rules import StoredReading
    from scanner.vocab import AnswerStatus

    forty = [("sizes", str(k), str(k)) for k in range(1, 41)]
    p, _ = _build(xlsform(tmp_path / "p.xlsx", _household({"type": "select_one sizes"}), SEX + forty, SETTINGS),
                  tmp_path / "p.json")
    assert p.rosters["member"].rows == 6
    machine = {"n": StoredReading(("9",), AnswerStatus.answered),
               **{f"sex[{k}]": StoredReading(("1",), AnswerStatus.answered) for k in range(1, 7)}}
    rec = build_record(p, "s1", "HHL", 1, machine, [], [], {})
    assert rec.status == "needs_review" and rec.logic == {"n": "more_members"} and "n" in rec.uncertain
    machine["n"] = StoredReading(("6",), AnswerStatus.answered)
    assert build_record(p, "s1", "HHL", 1, machine, [], [], {}).logic == {}
    from scanner.logic.wording import logic_reason
    from scanner.vocab import ReviewReason

    assert "nhiều hơn số dòng" in ReviewReason(LogicReason.more_members).label
    said = logic_reason(t, "n", LogicReason.more_members)  # what the reviewer reads beside the count
    assert said.startswith(ReviewReason(LogicReason.more_members).label) and said.endswith("(bảng kê in 6 dòng)")


def test_a_choice_named_twice_with_two_labels_prints_both_and_reads_either_online(tmp_path):
    """HOT-style list under `allow_choice_duplicates`: `kitchen` is "Communal Kitchen" on one row and "Shared
    kitchen" on another. Paper printed "Communal Kitchen" only, so a respondent looking for the second wording
    found nothing, and an online answer in that wording (a Kobo export of the second row, a Google Form made from
    it) was no option. Now the box reads "Communal Kitchen / Shared kitchen" and either wording imports as `kitchen`;
    a name repeated with the same label prints as before."""
    from scanner.online.choices import read_choice

    survey = [{"type": "select_multiple amenity", "name": "amenity", "label": "What amenities are there?"},
              {"type": "select_one amenity", "name": "main", "label": "Which is the main one?"}]
    choices = [("amenity", "toilets", "Toilets"), ("amenity", "kitchen", "Communal Kitchen"),
               ("amenity", "shower", "Shower"), ("amenity", "kitchen", "Shared kitchen"),
               ("amenity", "shower", "Shower")]
    out = tmp_path / "c.json"
    t, said = _build(xlsform(tmp_path / "c.xlsx", survey, choices, dict(SETTINGS, allow_choice_duplicates="yes")),
                     out)
    for qid in ("amenity", "main"):
        assert [(o.id, o.label) for o in t.question(qid).options] == [
            ("toilets", "Toilets"), ("kitchen", "Communal Kitchen / Shared kitchen"), ("shower", "Shower")]
    assert _printed(out).count("Communal Kitchen / Shared kitchen") == 2
    assert "every row's label" in said and "printed once" in said, said
    main, many = t.question("main"), t.question("amenity")
    for wording in ("Shared kitchen", "Communal Kitchen", "Communal Kitchen / Shared kitchen", "shared  KITCHEN"):
        got = read_choice(wording, main)
        assert got.options == ["kitchen"] and got.other is None and not got.problems, (wording, got)
    got = read_choice("Toilets, Shared kitchen, Shower", many)
    assert got.options == ["toilets", "kitchen", "shower"] and got.other is None and not got.problems, got
    # the same list as a grid's columns and a roster's column: either label read there too
    survey = [{"type": "begin group", "name": "g", "label": "Rate", "appearance": "table-list"},
              {"type": "select_one ok", "name": "a", "label": "A"}, {"type": "select_one ok", "name": "b", "label": "B"},
              {"type": "end group", "name": "g"},
              {"type": "begin repeat", "name": "r", "label": "People"},
              {"type": "select_one ok", "name": "c", "label": "C"}, {"type": "end repeat", "name": "r"}]
    t, _ = _build(xlsform(tmp_path / "g.xlsx", survey, [("ok", "y", "Yes"), ("ok", "n", "No"), ("ok", "y", "Yeah")],
                          dict(SETTINGS, allow_choice_duplicates="yes")), tmp_path / "g.json")
    for qid in ("a", "b", "c[1]"):
        assert read_choice("Yeah", t.question(qid)).options == ["y"] == read_choice("Yes", t.question(qid)).options


def test_the_google_form_checks_a_numbers_step_where_a_pattern_can_say_it(tmp_path, capsys):
    """The Google Form asked a `range` 0–100 by 5 as any whole number (not even the range: a constraint with a
    `mod` term said no range), and `. mod 5 = 0` as any number. Now each gets a regular expression matching
    exactly the values the form allows (checked here against every number from -300 to 3000); a step no pattern
    can say (0 to 10,000 by 7) keeps the range rule and `online-form` says its step is checked on import."""
    import re

    from scanner.cli import main
    from scanner.online_form import apps_script, form_items, number_rule
    from scanner.plan import load_plan

    survey = [{"type": "range", "name": "score", "label": "Score", "parameters": "start=0 end=100 step=5"},
              {"type": "integer", "name": "fives", "label": "Bundles", "constraint": ". mod 5 = 0"},
              {"type": "integer", "name": "age", "label": "Age", "constraint": ". >= 0 and . <= 120"},
              {"type": "integer", "name": "sevens", "label": "Sevens",
               "constraint": ". >= 0 and . <= 10000 and . mod 7 = 0"}]
    out = tmp_path / "s.json"
    t, _ = _build(xlsform(tmp_path / "s.xlsx", survey, [], SETTINGS), out)
    plan = load_plan()
    items = {it.question_ids[0]: it for it in form_items(t, plan) if it.question_ids}
    allowed = {"score": lambda n: 0 <= n <= 100 and n % 5 == 0, "fives": lambda n: n % 5 == 0}
    script = apps_script(t, plan)
    for qid, ok in allowed.items():
        rule, said = number_rule(items[qid], "en")
        pattern = re.fullmatch(r'requireTextMatchesPattern\((".*")\)', rule)
        assert pattern, rule
        rx = re.compile(json.loads(pattern.group(1)))
        assert [n for n in range(-300, 3000) if bool(rx.match(str(n))) != ok(n)] == [], qid
        assert not rx.match("1.5") and not rx.match("") and "multiple of 5" in said, said
        assert rule in script
    assert number_rule(items["age"], "en")[0] == "requireNumberBetween(0, 120)"  # no step: as before
    rule, said = number_rule(items["sevens"], "en")
    assert rule == "requireNumberBetween(0, 10000)" and "multiple of 7" in said
    assert main(["--template", str(out), "online-form", "--out", str(tmp_path / "form.gs")]) == 0
    err = capsys.readouterr().err
    assert "Sevens" in err and "checked on import" in err and "Score" not in err and "Bundles" not in err, err


def _states(tmp_path, name, filter_, parent_type="select_one state", rows=None):
    """States, then cities filtered by `filter_`; the choices sheet's columns as each row names them."""
    from test_real_forms_s18 import _book

    survey = [{"type": parent_type, "name": "state", "label": "State"},
              {"type": "select_one kind", "name": "kind", "label": "Kind of place"},
              {"type": "select_one city", "name": "city", "label": "City", "choice_filter": filter_}]
    choices = [{"list_name": "state", "name": "01", "label": "Texas"},
               {"list_name": "state", "name": "02", "label": "Washington"},
               {"list_name": "kind", "name": "big", "label": "Big"}, {"list_name": "kind", "name": "small", "label": "Small"},
               *(rows or [{"list_name": "city", "name": "dallas", "label": "Dallas", "st": "01", "sz": "big"},
                          {"list_name": "city", "name": "austin", "label": "Austin", "st": "01", "sz": "big"},
                          {"list_name": "city", "name": "seattle", "label": "Seattle", "st": "02", "sz": "big"},
                          {"list_name": "city", "name": "other", "label": "Somewhere else", "st": "all",
                           "sz": "small"}])]
    out = tmp_path / f"{name}.json"
    t, said = _build(_book(tmp_path / f"{name}.xlsx", survey, choices, SETTINGS), out)
    return t, said, _printed(out)


def test_choice_filters_spelt_otherwise_are_grouped_under_their_parent(tmp_path):
    """`selected(${state}, st)` (the parent a select_multiple), `st=${state} or st='all'`, `starts-with(code,
    ${state})` (codes "0101" under "01") and OccTax's `contains(st, ${state}) or st=''` printed the cities flat,
    with no parent, so a city ticked under the wrong state was counted as it was. Each now prints under its
    state's label, a choice shown for any state after the groups, and a city under another state than the one
    ticked is asked about."""
    from scanner.cascade import cascade_conflicts

    want = {"dallas": "01", "austin": "01", "seattle": "02", "other": ""}
    cases = {"selected": ("selected(${state}, st)", "select_multiple state", None),
             "or_all": ("st=${state} or st='all'", "select_one state", None),
             "reversed_or": ("st = 'all' or ${state} = st", "select_one state", None),
             "starts": ("starts-with(code, ${state})", "select_one state",
                        [{"list_name": "city", "name": n, "label": n.title(), "code": c}
                         for n, c in (("dallas", "0101"), ("austin", "0102"), ("seattle", "0201"), ("other", "99"))]),
             "contains": ("contains(st, ${state}) or st=''", "select_one state",
                          [{"list_name": "city", "name": n, "label": n.title(), "st": c}
                           for n, c in (("dallas", "01"), ("austin", "01 03"), ("seattle", "02"), ("other", ""))])}
    for name, (filter_, parent_type, rows) in cases.items():
        t, said, printed = _states(tmp_path, name, filter_, parent_type, rows)
        city = t.question("city")
        assert city.filter_by == "state" and {o.id: o.parent for o in city.options} == want, name
        assert printed.index("Texas:") < printed.index("Washington:"), (name, printed)
        assert "ungrouped" not in said, said
        assert cascade_conflicts(t, {"state": ["02"], "city": ["dallas"]}) == ["city"], name
        assert cascade_conflicts(t, {"state": ["01"], "city": ["dallas"]}) == [], name
        assert cascade_conflicts(t, {"state": ["02"], "city": ["other"]}) == [], name


def test_a_newly_grouped_lists_shared_labels_still_import_by_the_names_they_had_online(tmp_path):
    """Options of one label ("Springfield" in both states) were told apart online by their place, "Springfield
    (2)", while the filter was not understood; grouped now, the Google Form names them by their parent
    ("Springfield (Washington)") and a download of the form made before still imports each to its own option."""
    from scanner.online.choices import read_choice

    rows = [{"list_name": "city", "name": n, "label": label, "st": st}
            for n, label, st in (("sp1", "Springfield", "01"), ("dal", "Dallas", "01"), ("sp2", "Springfield", "02"))]
    t, _, _ = _states(tmp_path, "shared", "selected(${state}, st)", "select_multiple state", rows)
    city = t.question("city")
    assert [o.online for o in city.options] == ["Springfield (Texas)", "Dallas", "Springfield (Washington)"]
    for wording, want in (("Springfield (Washington)", "sp2"), ("Springfield (2)", "sp2"), ("Springfield (1)", "sp1"),
                          ("Springfield (Texas)", "sp1")):
        assert read_choice(wording, city).options == [want], wording


def test_a_filter_no_one_question_decides_prints_whole_with_one_note(tmp_path):
    """A filter comparing a number with the column (`${n} >= st`-like) or naming two parents side by side keeps
    the whole list ungrouped, and build says so once, naming each question and its filter."""
    t, said, _ = _states(tmp_path, "odd", "string-length(${state}) >= string-length(st)")
    assert t.question("city").filter_by is None and {o.parent for o in t.question("city").options} == {""}
    assert said.count("ungrouped") == 1 and "city (string-length(${state}) >= string-length(st))" in said, said
    t, said, _ = _states(tmp_path, "side", "st=${state} and sz=${kind}")
    assert t.question("city").filter_by is None
    assert said.count("ungrouped") == 1 and "city (state + kind)" in said, said


def test_the_line_under_a_roster_is_drawn_under_its_last_row_clear_of_every_box(tmp_path):
    """The line goes on the page of the last row, below it, inside the page and clear of every box: a table of 40
    rows (`rows` 40, no count) over two pages, and a roster printed as one block per member (twelve options too
    wide for a table)."""
    from test_structure import printed_clear

    from scanner.layout_geometry import BOTTOM

    wide = [("rel", str(k), f"Relationship number {k}") for k in range(1, 13)]
    cases = {"long": (_household(None, {"rows": 40}), SEX, 40),
             "blocks": (_household(None) + [], SEX + wide, 6)}
    cases["blocks"][0][2] = {"type": "select_one rel", "name": "sex", "label": "Relationship to the head"}
    for name, (survey, choices, rows) in cases.items():
        out = tmp_path / f"{name}.json"
        t, _ = _build(xlsform(tmp_path / f"{name}.xlsx", survey, choices, SETTINGS), out)
        printed_clear(t)
        assert any(x.text == "Member 1" for x in t.texts) == (name == "blocks")
        line = [x for x in t.texts if x.text.startswith("If there are more than")]
        assert len(line) == 1 and f"more than {rows}," in line[0].text, name
        last = [q for q in t.questions if q.roster_row == rows]
        bottom = max(max([q.area.y + q.area.h] if q.area else [o.box.y + o.box.h for o in q.options])
                     for q in last)
        assert line[0].page == max(q.page for q in last) and bottom < line[0].y < BOTTOM, (name, bottom, line[0])
