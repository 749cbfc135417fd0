"""benchmarks.review_causes: a needless review's cause is the worst disagreement of its boxes with the truth."""

from benchmarks.review_causes import cause
from scanner.vocab import BoxState


def _box(truth: str, state: BoxState, pen: str | None = None) -> dict:
    return {"truth": truth, "state": state, "pen": pen}


def test_a_mark_in_doubt_comes_before_a_mark_read_empty():
    boxes = [_box("marked", BoxState.empty, "pencil"), _box("marked", BoxState.uncertain, "pencil_2h"),
             _box("empty", BoxState.uncertain)]
    assert cause(boxes) == "mark in doubt (pencil_2h)"


def test_a_mark_read_empty_comes_before_an_empty_box_in_doubt():
    boxes = [_box("empty", BoxState.uncertain), _box("marked", BoxState.empty, "pencil_2h")]
    assert cause(boxes) == "mark read empty (pencil_2h)"


def test_empty_boxes_and_page_rules():
    assert cause([_box("marked", BoxState.marked, "ballpoint"), _box("empty", BoxState.uncertain)]) == \
        "empty box in doubt"
    assert cause([_box("empty", BoxState.marked), _box("empty", BoxState.empty)]) == "empty box read marked"
    assert cause([_box("filled", BoxState.filled, "felt"), _box("empty", BoxState.empty)]) == "page rule, boxes right"
