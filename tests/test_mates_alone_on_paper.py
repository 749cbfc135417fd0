"""A blank single choice on fibrous paper is not answered by a fibre's line (mates._paper_draws_alike).

tests/data/texture/fibre_line_in_blank.jpg: Augraphy's texture hand, seed 22 (benchmarks/heldout_augraphy.py
--sheets 20 --stack 2 --seed 22 --hands texture), stack007_flatbed_003.jpg, S00013 side 2, written in pencil; decoded
at half size as the reader decodes a scanner's JPEG page and stored at JPEG quality 75 (148 kB; main's silent error
survives it). q5b was left blank; its empty box 3 holds no ink, yet a fibre's line there stood out from its mates'
(0.091) and mates.strokes_among_mates read it as the answer, unflagged. The page's own plain squares draw lines up to
0.098: the box stays in doubt. The side's pencil marks read from their lines alone (0.10-0.14) are still read.
"""

from pathlib import Path

import cv2
import numpy as np

from scanner.ingest import PageSource
from scanner.pipeline import read_page
from scanner.vocab import AnswerStatus

DATA = Path(__file__).parent / "data" / "texture"
# the generator's truth (truth.jsonl of that corpus); q6 is ambiguous (marked outside the box)
SIDE = {"q3": ("2",), "q4": ("4",), "q5a": ("1",), "q5b": (), "q5c": ("2",), "q5d": ("1",), "q5e": ("2",),
        "q7": ("1", "2", "5")}


def test_a_fibre_s_line_in_a_blank_single_choice_is_no_answer(template):
    image = cv2.imdecode(np.frombuffer((DATA / "fibre_line_in_blank.jpg").read_bytes(), np.uint8),
                         cv2.IMREAD_GRAYSCALE)
    res = read_page(PageSource("p.png", 0, "0" * 64, cv2.imencode(".png", image)[1].tobytes(), "png"), template,
                    use_ocr=False)
    assert res.status == "form", res.message
    silent = {q: res.questions[q].answer for q, drawn in SIDE.items()
              if res.questions[q].status != AnswerStatus.review and tuple(res.questions[q].answer) != drawn}
    assert not silent, silent
    assert res.questions["q5b"].status == AnswerStatus.review, res.questions["q5b"]
    for q in ("q4", "q5a", "q5c", "q5d"):  # pencil marks read from their lines alone, as on main
        assert res.questions[q].answer == SIDE[q], res.questions[q]
