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


def test_causes_reads_every_page_of_a_pdf_corpus(request, tmp_path, template, plan):
    """review_causes handed a whole PDF to the reader as one page: on a corpus of scanner stacks it read nothing
    ("0 needless reviews of 0 questions; 65 form pages set aside"). Each page is now taken as the scanner takes it
    (ingest.pages_of); every form page of the truth is read, each question of its side counted once."""
    from conftest import generated

    from benchmarks.accuracy import load_truth
    from benchmarks.review_causes import causes

    corpus = tmp_path / "c"
    generated(request.config, "review_causes_pdf", template, plan, 2, 7, corpus, stack_size=2,
              profiles={"feeder": 1.0}, kind="pdf")
    pages, sheets = load_truth(corpus)
    forms = [tp for tp in pages.values() if tp["kind"] == "form"]
    assert forms and all(name.endswith(".pdf") for name, _ in pages)
    want = sum(1 for tp in forms for q in template.questions if tp["side"] in q.pages
               and q.id in sheets[tp["sheet"]]["answers"] and q.id not in sheets[tp["sheet"]].get("not_generated", ()))
    got = causes(corpus)
    assert got["aside"] == []
    assert got["questions"] == want > 0
    assert got["needless"] == len(got["items"]) == sum(c["count"] for c in got["causes"])
