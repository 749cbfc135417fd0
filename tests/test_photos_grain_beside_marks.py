"""Phone photos read by a chat app's picture of the page: the photo's grain beside firm pen marks is no second answer
(scanner/grain_beside_marks.py), and a question read blank where a hard pencil's tick cannot show is asked about,
never recorded blank unflagged (scanner/coarse_blanks.py).

Both photos are generated sheets photographed by Augraphy's photo hand, stored as the benchmark wrote them
(benchmarks/heldout_augraphy.py --sheets 10 --stack 2 --seed 21 --hands photo, 1061 x 1500 pixels), because Augraphy
is an optional extra, not a test dependency; the answers below are the generator's truth (truth.jsonl).
- augraphy_grain_beside_ballpoint.jpg (stack003_flatbed_002, sheet S00005 side 2), black ballpoint X's on mottled
  paper: q6 ("1", "3", "4") and q7 ("1", "3") went to a reviewer for empty boxes the grain left in doubt (q6 box 6,
  q7 boxes 2 and 6: no pixel at the ink level, their mean darkness 1.2-1.3 times their empty mates').
- augraphy_coarse_2h_tick_blank.jpg (stack005_flatbed_005, sheet S00010 side 1), a blue ballpoint side on which a1
  was answered with a 2H pencil's tick in box 4 that the picture does not show: a1 was read blank, unflagged."""

from pathlib import Path

import numpy as np

from scanner.ingest import PageSource
from scanner.pipeline import read_page
from scanner.vocab import AnswerStatus, ReviewReason

HERE = Path(__file__).parent / "data" / "photos"
GRAIN = {"q3": ("3",), "q4": ("3",), "q5a": ("4",), "q5b": ("4",), "q5c": ("3",), "q5d": ("2",), "q5e": ("3",),
         "q6": ("1", "3", "4"), "q7": ("1", "3")}
COARSE = {"a1": ("4",), "a2": ("2",), "a3": ("3",), "a4": (), "a5": ("1",), "q1": ("2", "4", "5"), "q2": ("1",)}


def _read(name, template):
    photo = HERE / name
    res = read_page(PageSource(photo.name, 0, "0" * 64, photo.read_bytes(), "jpeg"), template, use_ocr=False)
    assert res.status == "form", res.message
    return res


def _silent(res, truth):
    return {q: tuple(res.questions[q].answer) for q, want in truth.items()
            if res.questions[q].status != AnswerStatus.review and tuple(res.questions[q].answer) != want}


def test_grain_beside_ballpoint_marks_is_no_second_answer(template):
    res = _read("augraphy_grain_beside_ballpoint.jpg", template)
    for q in ("q6", "q7"):
        got = res.questions[q]
        assert (got.status, tuple(got.answer)) == (AnswerStatus.answered, GRAIN[q]), (q, got)
    assert not _silent(res, GRAIN)


def test_a_blank_on_a_coarse_grainy_photo_is_asked(template):
    res = _read("augraphy_coarse_2h_tick_blank.jpg", template)
    a1 = res.questions["a1"]
    assert a1.status == AnswerStatus.review and ReviewReason.blank_on_coarse_photo in a1.reasons, a1
    assert not _silent(res, COARSE)
    for q in ("a2", "a3", "a5", "q1", "q2"):  # the side's plain ballpoint answers keep their answers
        assert res.questions[q].status == AnswerStatus.answered, (q, res.questions[q])


def test_blanks_are_asked_only_where_the_picture_is_coarse_and_grainy():
    from scanner.coarse_blanks import blanks_unseen, light_evenness, source_px_per_mm
    from scanner.rules import QuestionResult

    per_mm = [[5.06, 0.0, 0.0], [0.0, 5.06, 0.0], [0.0, 0.0, 1.0]]
    assert abs(source_px_per_mm(per_mm, (210.0, 297.0)) - 5.06) < 1e-9
    results = {"a": QuestionResult("a", (), AnswerStatus.blank, (), 1.0),
               "b": QuestionResult("b", ("1",), AnswerStatus.answered, (), 1.0),
               "c": QuestionResult("c", (), AnswerStatus.blank, (), 1.0)}
    asked = blanks_unseen(results, 5.06, 0.64, 0.095, False, conditional={"c"})
    assert asked["a"].status == AnswerStatus.review and asked["b"] == results["b"] and asked["c"] == results["c"]
    assert blanks_unseen(results, 7.9, 0.64, 0.095, False) == results  # a 200 dpi scan shows a hard pencil's tick
    assert blanks_unseen(results, 5.06, 0.99, 0.095, False) == results  # evenly lit: a scanner's glass, not a phone
    assert blanks_unseen(results, 5.06, 0.64, 0.03, False) == results  # clean paper: nothing hides it
    assert blanks_unseen(results, 5.06, 0.64, 0.095, True) == results  # a 1-bit side has its own rule
    lit = np.full((1485, 1050), 200, np.uint8)
    lit[:, :300] = 120  # a phone's light falling off across the page
    assert abs(light_evenness(lit) - 0.6) < 1e-6 and light_evenness(np.full((1485, 1050), 200, np.uint8)) == 1.0


def test_a_coarse_blank_part_is_moot_once_the_answer_is_found_on_another_page(template):
    from scanner.rules import StoredReading, join_parts

    q = template.question("q2")  # a single choice: its one answer, found on another page, settles the blank part
    parts = [StoredReading((), AnswerStatus.review, (ReviewReason.blank_on_coarse_photo.value,), 0.9, "p1"),
             StoredReading(("1",), AnswerStatus.answered, (), 1.0, "p2")]
    joined = join_parts(q, parts)
    assert (joined.status, joined.answer, joined.reasons) == (AnswerStatus.answered, ("1",), ())
