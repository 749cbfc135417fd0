"""Issue 22: bold and italic in a hint, a grid's column headings and its rows print in their fonts, centred where centred."""

import json

from test_structure import printed_clear

from benchmarks.realforms import print_faults
from scanner.cli import main
from scanner.fonts import text_width_mm
from scanner.layout_geometry import GRID_LABEL_W, LEFT, WIDTH
from scanner.template import load_template
from tests.test_way_in import form

SURVEY = [{"type": "select_one yn", "name": "q1", "label": "Do you rent your home?",
           "hint": "Count **only** the home you *live in* now."},
          {"type": "text", "name": "q2", "label": "Monthly rent", "hint": "In <b>local</b> currency"},
          {"type": "begin_group", "name": "views", "label": "How often …", "appearance": "table-list"},
          {"type": "select_one often", "name": "r1", "label": "you cook *at home*"},
          {"type": "select_one often", "name": "r2", "label": "you eat out"},
          {"type": "end_group", "name": "views"}]
CHOICES = [{"list_name": "yn", "name": "yes", "label": "Yes"}, {"list_name": "yn", "name": "no", "label": "No"},
           {"list_name": "often", "name": "1", "label": "Never *at all*"},
           {"list_name": "often", "name": "2", "label": "Sometimes"},
           {"list_name": "often", "name": "3", "label": "Every **day**"}]


def test_hints_and_grid_headings_carry_their_emphasis(tmp_path):
    path = form(tmp_path / "f.xlsx", SURVEY, CHOICES, {"form_title": "Homes", "form_id": "homes", "version": "1"})
    out = tmp_path / "t.json"
    assert main(["build", str(path), "--out", str(out)]) == 0
    raw = json.loads(out.read_text())
    runs = {x["text"]: [(r["text"], r["font"]) for r in x["runs"]] for x in raw["texts"] if "runs" in x}
    assert ("only", "bolditalic") in runs["Count only the home you live in now."]  # bold inside the italic hint
    assert ("local", "bolditalic") in runs["In local currency"]
    assert runs["Never at all"] == [("Never ", "bold"), ("at all", "bolditalic")]
    assert runs["a) you cook at home"] == [("a) you cook ", "regular"), ("at home", "italic")]  # a grid row
    t = load_template(out)
    colw = (WIDTH - GRID_LABEL_W) / 3
    never = next(x for x in t.texts if x.text == "Never at all")
    assert never.align == "left"  # runs are set from the left: the heading keeps its centre over its column
    centre = never.x + sum(text_width_mm(x, f, never.size_pt) for x, f in never.runs) / 2
    assert abs(centre - (LEFT + GRID_LABEL_W + 0.5 * colw)) < 0.2
    assert t.question("r1").text == "you cook at home"
    assert [o.label for o in t.question("r1").options] == ["Never at all", "Sometimes", "Every day"]
    assert not any(c in x.text for x in t.texts for c in "*<>")
    assert print_faults(t) == []
    printed_clear(t)
