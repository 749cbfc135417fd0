"""Issue 22: emphasis in a roster's headings and in wholly emphasised choice and row labels prints in its font.

A phone renders `**Sex**` and `*if any*` in the column heading of a roster and a choice written wholly as
`**Yes**`; paper printed them plain. The runs printed are checked in the template, and nothing of the marks
reaches a label the reader or the online form uses."""

import json

import pytest

from scanner.cli import main
from tests.test_way_in import form

SURVEY = [{"type": "select_one yn", "name": "agree", "label": "Do you agree?"},
          {"type": "begin_repeat", "name": "member", "label": "Household members", "repeat_count": "3"},
          {"type": "text", "name": "mname", "label": "**Name** of the member"},
          {"type": "select_one sex", "name": "sex", "label": "Sex *as declared*"},
          {"type": "end_repeat", "name": "member"},
          {"type": "begin_group", "name": "g", "label": "Services", "appearance": "table-list"},
          {"type": "select_one yn", "name": "water", "label": "_Water_"},
          {"type": "select_one yn", "name": "power", "label": "Power"},
          {"type": "end_group", "name": "g"}]
CHOICES = [{"list_name": "yn", "name": "yes", "label": "**Yes**"},
           {"list_name": "yn", "name": "no", "label": "*No*"},
           {"list_name": "sex", "name": "m", "label": "__Male__"},
           {"list_name": "sex", "name": "f", "label": "Female"}]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("emph")
    path = form(tmp / "f.xlsx", SURVEY, CHOICES, {"form_title": "Members", "form_id": "members", "version": "1"})
    out = tmp / "t.json"
    assert main(["build", str(path), "--out", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def _fonts(raw, text):
    """The fonts a printed text is set in, run by run ([(text, font)]), wherever it is printed."""
    found = [[(r["text"], r["font"]) for r in x["runs"]] if "runs" in x else [(x["text"], x["font"])]
             for x in raw["texts"] if x["text"] == text]
    assert found, f"{text!r} is not printed"
    return found


def test_wholly_emphasised_choice_labels_print_in_their_font(built):
    assert _fonts(built, "Yes")[0] == [("Yes", "bold")]
    assert _fonts(built, "No")[0] == [("No", "italic")]
    assert all(f == [("Male", "bold")] for f in _fonts(built, "Male"))  # in the roster's heading, every page
    assert _fonts(built, "Female")[0] == [("Female", "regular")]


def _runs_with(raw, word):
    """Every printed run, in its font, of the texts (a wrapped heading's lines) that hold `word`."""
    return [(r["text"], r["font"]) for x in raw["texts"] if word in x["text"]
            for r in (x["runs"] if "runs" in x else [x])]


def test_roster_headings_keep_their_emphasis(built):
    heading = _runs_with(built, "declared")
    assert heading and all(f == "bolditalic" for t, f in heading if "declared" in t), heading
    assert all(f == "bold" for t, f in _runs_with(built, "Sex") if "Sex" in t), _runs_with(built, "Sex")
    assert _runs_with(built, "Name") == [("Name of the member", "bold")]  # bold in a bold heading: all bold


def test_the_marks_reach_no_label_but_the_printed_runs(built):
    leaked = json.dumps({k: v for k, v in built.items() if k != "texts"}, ensure_ascii=False)
    assert not any(c in leaked for c in "*\x02\x03\x0e\x0f")
    assert "__" not in leaked
    for q in built["questions"]:
        for o in q.get("options", []):
            assert o["label"] in ("Yes", "No", "Male", "Female")
    member = next(q for q in built["questions"] if q["id"] == "member")
    assert [c["label"] for c in member["columns"]] == ["Name of the member", "Sex as declared"]
    assert not any(c in x["text"] for x in built["texts"] for c in "*\x02\x03\x0e\x0f")
