"""Digit grids read from degraded scans of a new user's form: no silent errors, and no more needless review than
the same run's checkboxes get (issue #24)."""

from __future__ import annotations

import pytest
from conftest import generated

from benchmarks.accuracy import evaluate, load_truth, rates
from benchmarks.basic_form import write_form, write_template
from scanner.ink import BoxReading
from scanner.kinds import DIGIT_KINDS
from scanner.plan import load_plan
from scanner.rules import apply_rules
from scanner.template import load_template
from scanner.vocab import AnswerStatus, BoxState, ReviewReason

DEGRADED = {"fax": 1.0, "phone": 1.0, "photocopy": 1.0, "feeder": 1.0, "lowres": 1.0}


@pytest.fixture(scope="module")
def figures(tmp_path_factory, pytestconfig):
    tmp = tmp_path_factory.mktemp("digits")
    template = load_template(write_template(write_form(tmp / "basic.xlsx"), tmp / "basic.json"))
    generated(pytestconfig, "digit accuracy", template, load_plan(), 30, 24, tmp / "corpus", stack_size=3,
              profiles=DEGRADED, cycle=True)
    groups = evaluate(tmp / "corpus", tmp / "bench.db", 1, template)["groups"]
    _, sheets = load_truth(tmp / "corpus")
    marks = {"choice": [0, 0], "digits": [0, 0]}  # marks made in the plain questions, and those questions
    for sheet in sheets.values():
        for qid, boxes in sheet["boxes"].items():
            if qid not in sheet["ambiguous"]:
                m = marks["digits" if template.question(qid).type in DIGIT_KINDS else "choice"]
                m[0] += sum(1 for b in boxes.values() if b["state"] != "empty")
                m[1] += 1
    return groups, {k: a / b for k, (a, b) in marks.items()}


def test_no_silent_errors(figures):
    figures, _ = figures
    assert figures["overall"].get("silent_error", 0) == 0
    assert figures["overall"].get("mispaired_sheets", 0) == 0


def test_digit_grids_go_to_review_no_more_than_the_checkboxes(figures):
    """Per mark made: a date is eight marks where a checkbox question is one or two, and each mark a scan may blur
    (a 2H pencil, a 1-bit fax) is a reason to look as much in a grid as in a checkbox."""
    figures, per_question = figures
    choice = figures["kind:choice"]
    digits = {k: figures["kind:number"].get(k, 0) + figures["kind:date"].get(k, 0)
              for k in set(figures["kind:number"]) | set(figures["kind:date"])}
    assert digits["questions"] >= 50 and choice["questions"] >= 50
    plain = digits["questions"] - digits.get("review_ambiguous", 0)
    # the checkboxes' own rate per mark on the same sheets and scans, and one question's slack for so small a run
    bound = rates(choice)["review_needless"] / per_question["choice"] * per_question["digits"] + 1 / plain
    assert rates(digits)["review_needless"] <= bound, (digits, choice)


@pytest.fixture(scope="module")
def age(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("age")
    return load_template(write_template(write_form(tmp / "basic.xlsx"), tmp / "basic.json")).question("age")


def grid(q, boxes):
    """boxes: option id -> (state, coverage, holes); every other bubble empty."""
    return [BoxReading(q.id, o.id, BoxState(boxes[o.id][0]), 1.0 if boxes[o.id][0] == "marked" else 0.3,
                       boxes[o.id][1], boxes[o.id][2], 0.0, 0.0, 0.0) if o.id in boxes
            else BoxReading(q.id, o.id, BoxState.empty, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0) for o in q.options]


def test_a_speck_beside_a_columns_mark_is_no_second_digit(age):
    r = apply_rules(age, grid(age, {"c2d4": ("marked", 0.48, 0.2), "c2d3": ("uncertain", 0.007, 1.0),
                                    "c3d2": ("marked", 0.3, 0.5)}))
    assert (r.status, r.answer) == (AnswerStatus.answered, ("42",))


def test_a_doubt_with_a_marks_ink_beside_a_mark_is_asked(age):
    r = apply_rules(age, grid(age, {"c2d4": ("marked", 0.48, 0.2), "c2d3": ("uncertain", 0.2, 0.5),
                                    "c3d2": ("marked", 0.3, 0.5)}))
    assert r.status == AnswerStatus.review and ReviewReason.uncertain_box in r.reasons


def test_a_dense_doubt_alone_in_its_column_reads_as_the_grids_marks_do(age):
    felt = {"c1d1": ("marked", 0.80, 0.05), "c2d0": ("uncertain", 0.79, 0.06), "c3d3": ("marked", 0.79, 0.05)}
    r = apply_rules(age, grid(age, felt))
    assert (r.status, r.answer) == (AnswerStatus.answered, ("103",))
    unlike = felt | {"c2d0": ("uncertain", 0.95, 0.0)}  # as covered as a box filled in: not like the X's
    assert apply_rules(age, grid(age, unlike)).status == AnswerStatus.review
