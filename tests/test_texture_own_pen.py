"""A light pencil's tick on fibrous paper judged against the side's own pencil marks (scanner/own_pen_traces.py).

pencil_ticks_own_pen.jpg is a real side: benchmarks/heldout_augraphy.py --sheets 10 --stack 2 --seed 71 --hands
texture (f21's texture tuning seed), stack003_flatbed_001 (sheet S00005 side 1, HB pencil), kept at 200 dpi
(resized from the benchmark's 300 dpi, JPEG quality 75) because Augraphy is an optional extra, not a test
dependency; the answers are the generator's truth (truth.jsonl). The side's X's and ticks in a1, a4, a5 and q2
read marked from light traces; the ticks of a3 (box 4) and q1 (box 3), 3.3 and 3.7 mm long and 0.77-0.79 as dark
(on the benchmark's 300 dpi page), were left in doubt (contrast 1.22-1.26 times the fibres' noise level, under the
1.6 a trace alone must have) and 8b69900 asked about both questions, on the stored page as on the benchmark's. a2 holds a filled box (ambiguous in the truth) and stays asked."""

from pathlib import Path

from scanner.ingest import PageSource
from scanner.ink import DEFAULT
from scanner.own_pen_traces import mark_length_mm
from scanner.pipeline import read_page
from scanner.traces import Paper
from scanner.vocab import AnswerStatus

PAGE = Path(__file__).parent / "data" / "texture" / "pencil_ticks_own_pen.jpg"
TRUTH = {"a1": ("4",), "a3": ("4",), "a4": ("4",), "a5": ("4",), "q1": ("3",), "q2": ("5",)}


def test_pencil_ticks_drawn_as_the_sides_own_marks_are_read(template):
    res = read_page(PageSource(PAGE.name, 0, "0" * 64, PAGE.read_bytes(), "jpeg"), template, use_ocr=False)
    assert res.status == "form", res.message
    for q in ("a3", "q1"):
        got = res.questions[q]
        assert (got.status, tuple(got.answer)) == (AnswerStatus.answered, TRUTH[q]), (q, got)
    silent = {q: res.questions[q].answer for q, want in TRUTH.items()
              if res.questions[q].status != AnswerStatus.review and tuple(res.questions[q].answer) != want}
    assert not silent
    assert res.questions["a2"].status == AnswerStatus.review  # a filled box: a person judges it


def test_a_mark_must_run_longer_than_the_papers_own_traces():
    short = Paper(0.003, 0.016, 1.78, 0.13)  # the stored side's paper: fibres up to 1.8 mm
    assert mark_length_mm(short, DEFAULT) == DEFAULT.trace_marked_mm
    long = Paper(0.003, 0.09, 2.4, 0.15)  # a busier paper's: a mark 0.8 mm longer than its fibres
    assert abs(mark_length_mm(long, DEFAULT) - (2.4 + DEFAULT.paper_marked_extra_mm)) < 1e-9
