"""A light pencil's tick a hair under the darkness a trace alone must reach, on a flatbed side written in that pencil
(scanner/light_pen_below_floor.py).

pencil_tick_under_floor.jpg is a real side, stored as the benchmark wrote it (200 dpi JPEG, 489 KB):
benchmarks/heldout_augraphy.py --sheets 10 --stack 2 --seed 81 --hands flatbed (the held-out flatbed corpus made by
f22), stack005_flatbed_002 (sheet S00009 side 2, HB pencil, plain paper); the answers are the generator's truth
(truth.jsonl). Every mark of the side reads from a light trace alone, q7's X's at 0.081 and 0.090; q7's tick in box
1, corner to corner (4.24 mm) and 2.6 times its trace level, stands at 0.0698 against the 0.07 a trace alone must
reach, and 3b17b93 asked about q7 ("1", "3", "6"). q5e and q6 are circled outside their boxes (ambiguous in the
truth): still asked."""

from pathlib import Path

from scanner.ingest import PageSource
from scanner.pipeline import read_page
from scanner.vocab import AnswerStatus

PAGE = Path(__file__).parent / "data" / "flatbed" / "pencil_tick_under_floor.jpg"
TRUTH = {"q3": ("3",), "q4": ("1",), "q5a": ("1",), "q5b": ("2",), "q5c": ("3",), "q5d": ("1",),
         "q7": ("1", "3", "6")}


def test_a_full_tick_just_under_the_absolute_bar_is_read_against_the_sides_pen(template):
    res = read_page(PageSource(PAGE.name, 0, "0" * 64, PAGE.read_bytes(), "jpeg"), template, use_ocr=False)
    assert res.status == "form", res.message
    got = res.questions["q7"]
    assert (got.status, tuple(got.answer)) == (AnswerStatus.answered, TRUTH["q7"]), got
    assert res.questions["q5e"].status == AnswerStatus.review and res.questions["q6"].status == AnswerStatus.review
    silent = {q: res.questions[q].answer for q, want in TRUTH.items()
              if res.questions[q].status != AnswerStatus.review and tuple(res.questions[q].answer) != want}
    assert not silent
