"""Phone photos judged against the page's own plain paper (mates.Mottle: its squares the size of a box, their
straightest lines): a light pencil stroke straighter than any of them is the answer (scanner/strokes_above_paper.py),
and the question it settles still counts as in doubt for the page's rules.

The photo is a generated sheet photographed by Augraphy's photo hand, stored as the benchmark wrote them
(benchmarks/heldout_augraphy.py --sheets 10 --stack 2 --hands photo, 1061 x 1500 pixels), because Augraphy is an
optional extra, not a test dependency; the answers below are the generator's truth (truth.jsonl).
- augraphy_pencil_slash_above_paper.jpg (seed 21, the tuning seed: stack001_flatbed_007, sheet S00002 side 2), an HB
  pencil side: q7's slash in box 2 (no pixel at the ink level, its line 2.1 times the page's straightest plain square
  and 4.3 times its mates') was left in doubt, and the question went to a reviewer.
- augraphy_2h_side_lost_tick.jpg (seed 21: stack004_flatbed_001, sheet S00007 side 1), a 2H pencil side: q1's X and
  tick in boxes 1 and 2 stand above the page's paper, but the picture lost box 3's tick (read empty, its line 1.54
  times its empty mates'): settled by boxes 1 and 2 alone, q1 would read ("1", "2") without a flag. The question's
  empty boxes must be quiet (above_quiet_ratio) for the strokes to settle it."""

from dataclasses import replace
from functools import partial
from pathlib import Path

import scanner.pipeline as pipeline
from scanner.ingest import PageSource
from scanner.ink import DEFAULT
from scanner.marks import read_page_marks
from scanner.pipeline import read_page
from scanner.vocab import AnswerStatus

HERE = Path(__file__).parent / "data" / "photos"
SLASH = {"q3": ("2",), "q4": ("4",), "q5a": ("4",), "q5b": ("2",), "q5c": (), "q5d": ("1",), "q5e": ("2",),
         "q6": ("3",), "q7": ("2",)}
LOST = {"a1": ("4",), "a2": ("1",), "a3": ("6",), "a4": ("4",), "a5": ("5",), "q1": ("1", "2", "3"), "q2": ("3",)}


def _read(name, template, monkeypatch=None, **moved):
    photo = HERE / name
    if moved:  # read with one threshold moved (read_page_marks given other Thresholds)
        monkeypatch.setattr(pipeline, "read_page_marks", partial(read_page_marks, th=replace(DEFAULT, **moved)))
    res = read_page(PageSource(photo.name, 0, "0" * 64, photo.read_bytes(), "jpeg"), template, use_ocr=False)
    assert res.status == "form", res.message
    return res


def _silent(res, truth):
    return {q: tuple(res.questions[q].answer) for q, want in truth.items()
            if res.questions[q].status != AnswerStatus.review and tuple(res.questions[q].answer) != want}


def test_a_light_pencil_stroke_straighter_than_the_pages_paper_is_the_answer(template):
    res = _read("augraphy_pencil_slash_above_paper.jpg", template)
    q7 = res.questions["q7"]
    assert (q7.status, tuple(q7.answer)) == (AnswerStatus.answered, SLASH["q7"]), q7
    assert not _silent(res, SLASH)


def test_a_question_whose_empty_boxes_are_not_quiet_stays_asked(template, monkeypatch):
    res = _read("augraphy_2h_side_lost_tick.jpg", template)
    assert res.questions["q1"].status == AnswerStatus.review, res.questions["q1"]
    assert not _silent(res, LOST)
    loud = _read("augraphy_2h_side_lost_tick.jpg", template, monkeypatch, above_quiet_ratio=100.0).questions["q1"]
    assert (loud.status, tuple(loud.answer)) == (AnswerStatus.answered, ("1", "2")), loud  # what the bar prevents


def test_settled_doubts_still_tell_the_page_rules_of_a_light_hand():
    from scanner.rules import QuestionResult, page_rules
    from scanner.vocab import ReviewReason

    doubt = (ReviewReason.uncertain_box,)
    results = {"a": QuestionResult("a", (), AnswerStatus.review, doubt, 0.3),
               "b": QuestionResult("b", (), AnswerStatus.review, doubt, 0.3),
               "c": QuestionResult("c", ("1",), AnswerStatus.answered, (), 0.6),
               "d": QuestionResult("d", ("2",), AnswerStatus.answered, (), 0.6),
               "e": QuestionResult("e", (), AnswerStatus.blank, (), 1.0)}
    assert page_rules(results) == results  # two in doubt beside two answers: the side's blanks stand
    asked = page_rules(results, settled={"c"})  # c was in doubt as read: three in doubt, one answer
    assert asked["e"].status == AnswerStatus.review and asked["e"].reasons == (ReviewReason.blank_among_doubts,)
    assert asked["d"].status == AnswerStatus.review and asked["c"].status == AnswerStatus.review
