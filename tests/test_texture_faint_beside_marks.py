"""A fibre's faint trace beside a light pencil's one mark in a single choice is the paper's
(scanner/faint_beside_light_marks.py).

faint_beside_pencil_x.jpg is a real side: benchmarks/heldout_augraphy.py --sheets 10 --stack 2 --seed 71 --hands
texture (f21's texture tuning seed), stack005_flatbed_004 (sheet S00009 side 1, HB pencil), kept at 200 dpi
(resized from the benchmark's 300 dpi, JPEG quality 70) because Augraphy is an optional extra, not a test
dependency; the answers are the generator's truth (truth.jsonl), none ambiguous. q2 is a single choice answered
with an X in box 2, read from its light trace; the fibres left box 3 a short, fainter trace (on the benchmark's
300 dpi page 1.2 mm, darkness 0.047 against a median 0.074 for the side's light marks), read in doubt, and 8b69900 asked about q2 on the stored page as on the benchmark's. q1 (boxes 3, 4, 5, a
multiple choice) keeps its own doubt: the rule reads only questions of one answer and grid columns."""

from pathlib import Path

from scanner.ingest import PageSource
from scanner.pipeline import read_page
from scanner.vocab import AnswerStatus

PAGE = Path(__file__).parent / "data" / "texture" / "faint_beside_pencil_x.jpg"
TRUTH = {"a1": ("3",), "a2": ("2",), "a3": ("3",), "a4": ("3",), "a5": ("3",), "q1": ("3", "4", "5"), "q2": ("2",)}


def test_a_fibres_faint_trace_beside_a_pencil_x_is_no_doubt(template):
    res = read_page(PageSource(PAGE.name, 0, "0" * 64, PAGE.read_bytes(), "jpeg"), template, use_ocr=False)
    assert res.status == "form", res.message
    q2 = res.questions["q2"]
    assert (q2.status, tuple(q2.answer)) == (AnswerStatus.answered, ("2",)), q2
    assert res.questions["q1"].status == AnswerStatus.review  # a multiple choice's doubt is a person's to judge
    silent = {q: res.questions[q].answer for q, want in TRUTH.items()
              if res.questions[q].status != AnswerStatus.review and tuple(res.questions[q].answer) != want}
    assert not silent
