"""An HB pencil's X on a grainy phone photo read from its two crossing strokes (scanner/crossed_strokes.py), and the
page's rules judging whether every answer on a side is light without the questions its paper settled.

The photo is a generated sheet photographed by Augraphy's photo hand, stored as the benchmark wrote it (1061 x 1500
pixels; Augraphy is an optional extra, not a test dependency): augraphy_hb_x_crossing.jpg, a pencil-heavy tuning set
(benchmarks.heldout_augraphy's clean sheets and photo hand, seed 222, only the sheets written in pencil kept;
stack034_flatbed_003, sheet S00034 side 2), an HB pencil side on grainy paper. q5b's X and q5c's X stand 1.3 and 1.4
times the page's straightest plain square and about twice their mates (short of strokes_above_paper's 2.5), and
q5a's slash (a second, crossing line in its grain) likewise: all three were left in doubt. Their two strokes each
stand 1.75-2.8 times the page's plain squares' same line (95th percentile) and twice their mates'. The answers
below are the generator's truth (truth.jsonl); q5e's box 3 reads a grain line as a mark there, and the page's rules
must keep asking it."""

from pathlib import Path

import pytest
from stored_sides import read_stored_photo

from scanner.rules import QuestionResult, page_rules
from scanner.vocab import AnswerStatus, ReviewReason

PHOTO = Path(__file__).parent / "data" / "photos" / "augraphy_hb_x_crossing.jpg"
TRUTH = {"q3": ("3",), "q4": ("1",), "q5a": ("4",), "q5b": ("3",), "q5c": ("3",), "q5d": (), "q5e": (),
         "q6": ("1", "2", "3"), "q7": ("5",)}
CROSSED = ("q5a", "q5b", "q5c")


def _read(template, monkeypatch=None, **moved):
    return read_stored_photo(PHOTO, template, monkeypatch, **moved)


@pytest.fixture(scope="module")
def crossed(template):
    return _read(template)


def test_a_pencil_x_crossing_above_the_grain_is_the_answer(crossed):
    for q in CROSSED:
        got = crossed.questions[q]
        assert (got.status, tuple(got.answer)) == (AnswerStatus.answered, TRUTH[q]), got


def test_nothing_on_the_side_is_answered_against_the_truth(crossed):
    silent = {q: tuple(crossed.questions[q].answer) for q, want in TRUTH.items()
              if crossed.questions[q].status != AnswerStatus.review and tuple(crossed.questions[q].answer) != want}
    assert not silent, silent
    assert crossed.questions["q5e"].status == AnswerStatus.review  # a grain line read as "3": still asked


def test_without_the_crossing_bar_they_stay_asked(template, monkeypatch):
    # q5a's slash and q5c's X also run along a diagonal (diagonal_strokes.py reads them without the crossing bar)
    res = _read(template, monkeypatch, crossed_paper_ratio=100.0, diagonal_paper_ratio=100.0)
    assert all(res.questions[q].status == AnswerStatus.review for q in CROSSED), {q: res.questions[q] for q in CROSSED}


def test_a_settled_answer_surer_than_light_does_not_vouch_for_the_sides_light_answers():
    doubt = (ReviewReason.uncertain_box,)
    results = {"a": QuestionResult("a", (), AnswerStatus.review, doubt, 0.3),
               "b": QuestionResult("b", (), AnswerStatus.review, doubt, 0.3),
               "c": QuestionResult("c", (), AnswerStatus.review, doubt, 0.3),
               "d": QuestionResult("d", ("1",), AnswerStatus.answered, (), 0.6),
               "e": QuestionResult("e", ("2",), AnswerStatus.answered, (), 0.6),
               "x": QuestionResult("x", ("3",), AnswerStatus.answered, (), 0.7)}
    got = page_rules(results, settled={"x"})  # x: an X read from its crossing strokes, in doubt as read
    assert got["d"].reasons == (ReviewReason.answer_among_doubts,) and got["e"].status == AnswerStatus.review
    assert got["x"] == results["x"]  # its own answer kept
