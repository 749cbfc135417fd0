"""Issue 22: a cascade (choice_filter) keeps its own relevant and constraint on paper as any question does."""

from test_structure_forms import COMMUNES, DISTRICTS, workbook

from scanner.cli import main
from scanner.records import build_record
from scanner.rules import StoredReading
from scanner.template import load_template
from scanner.vocab import AnswerStatus


def test_a_cascade_keeps_its_condition_and_rule(tmp_path):
    yn = [("yn", "yes", "Có", None), ("yn", "no", "Không", None)]
    choices = yn + [("district", k, v, None) for k, v in DISTRICTS] + [("commune", k, v, d) for k, v, d in COMMUNES]
    survey = [{"type": "select_one yn", "name": "local", "label": "Ông/bà sống ở tỉnh này?"},
              {"type": "select_one district", "name": "district", "label": "Huyện", "relevant": "${local} = 'yes'"},
              {"type": "select_multiple commune", "name": "commune", "label": "Xã đã đến",
               "choice_filter": "district=${district}", "relevant": "${local} = 'yes'",
               "constraint": "count-selected(.) <= 2 or selected(., 'c1')"}]
    path = workbook(tmp_path / "c.xlsx", ["type", "name", "label", "choice_filter", "relevant", "constraint"], survey,
                    ["list_name", "name", "label", "district"], choices, {"form_title": "Xã", "form_id": "XA"})
    layout = tmp_path / "c.json"
    assert main(["build", str(path), "--out", str(layout)]) == 0
    t = load_template(layout)
    q = t.question("commune")
    assert q.filter_by == "district" and q.relevant == "${local} = 'yes'"
    assert q.constraint == "count-selected(.) <= 2 or selected(., 'c1')"
    machine = {"local": StoredReading(("no",), AnswerStatus.answered), "district": StoredReading((), AnswerStatus.blank),
               "commune": StoredReading(("c2",), AnswerStatus.answered)}
    rec = build_record(t, "s1", "MS", 1, machine, [], [], {})
    assert rec.logic.get("commune") == "skipped_answered" and "commune" in rec.uncertain
    machine["commune"] = StoredReading((), AnswerStatus.blank)
    rec = build_record(t, "s1", "MS", 1, machine, [], [], {})
    assert "commune" in rec.skipped and rec.status == "final"
    machine |= {"local": StoredReading(("yes",), AnswerStatus.answered), "district": StoredReading(("d1",), AnswerStatus.answered),
                "commune": StoredReading(("c2", "c3", "c4"), AnswerStatus.answered)}
    rec = build_record(t, "s1", "MS", 1, machine, [], [], {})
    assert rec.logic.get("commune") == "constraint_broken"
