"""A side written in a hard pencil asks about its blanks (scanner/light_hand.py, rules.page_rules).

tests/data/texture/hard_pencil_side.jpg: Augraphy's texture hand, seed 22 (benchmarks/heldout_augraphy.py --sheets 20
--stack 2 --seed 22 --hands texture), stack003_flatbed_009.jpg, the second scan of S00006 side 2, written throughout
in a hard (2H) pencil; decoded at half size as the reader decodes a scanner's JPEG page and stored at JPEG quality 75
(127 kB; main's silent errors survive it). Main read q4 (a tick), q5e (an X), q6 (two X's) and q7 (a tick) blank,
unflagged: the marks run at the paper's own noise (their diagonals 0.02-0.04, the page's plain squares' up to 0.07),
and the side's other marks were read from light traces alone, so nothing on the side asked about its blanks.
"""

from pathlib import Path

import cv2
import numpy as np

from scanner.ingest import PageSource
from scanner.ink import DEFAULT, BoxReading
from scanner.light_hand import light_hand
from scanner.pipeline import read_page
from scanner.rules import apply_rules, page_rules
from scanner.vocab import AnswerStatus, BoxState

DATA = Path(__file__).parent / "data" / "texture"
# the generator's truth for the side (truth.jsonl of that corpus); no question of it ambiguous
SIDE = {"q3": ("1",), "q4": ("5",), "q5a": ("1",), "q5b": ("1",), "q5c": ("3",), "q5d": ("2",), "q5e": ("1",),
        "q6": ("1", "5"), "q7": ("2",)}


def _reading(qid: str, oid: str, state: BoxState, coverage: float) -> BoxReading:
    return BoxReading(qid, oid, state, 1.0, coverage, 1.0 if coverage == 0 else 0.5, 0.0, 0.0, 0.0)


def test_no_hard_pencil_mark_of_the_side_is_read_blank_unflagged(template):
    image = cv2.imdecode(np.frombuffer((DATA / "hard_pencil_side.jpg").read_bytes(), np.uint8), cv2.IMREAD_GRAYSCALE)
    res = read_page(PageSource("p.png", 0, "0" * 64, cv2.imencode(".png", image)[1].tobytes(), "png"), template,
                    use_ocr=False)
    assert res.status == "form", res.message
    silent = {q: res.questions[q].answer for q, drawn in SIDE.items()
              if res.questions[q].status != AnswerStatus.review and tuple(res.questions[q].answer) != drawn}
    assert not silent, silent
    for q in ("q4", "q5e", "q6", "q7"):  # main's four silent blanks
        assert res.questions[q].status == AnswerStatus.review, res.questions[q]


def test_a_side_of_light_traces_is_a_light_hand_and_one_of_ink_is_not():
    light = [_reading(f"q{k}", "1", BoxState.marked, 0.0) for k in range(3)]
    assert light_hand(light, DEFAULT)
    assert not light_hand(light[:2], DEFAULT)  # too few to show the side's hand
    inked = [_reading(f"i{k}", "1", BoxState.marked, 0.2) for k in range(3)]
    assert not light_hand(light + inked, DEFAULT)  # as many marks in ink: the pen is seen, its blanks are blank
    assert light_hand(light + inked[:2], DEFAULT)


def test_a_light_hand_s_blanks_are_asked_and_its_answers_kept(template):
    qs = [q for q in template.choice_questions() if q.page == 1]
    side = {q.id: apply_rules(q, [_reading(q.id, q.options[0].id, BoxState.marked, 0.0)]
                              + [_reading(q.id, o.id, BoxState.empty, 0.0) for o in q.options[1:]]) for q in qs[:4]}
    side |= {q.id: apply_rules(q, [_reading(q.id, o.id, BoxState.empty, 0.0) for o in q.options]) for q in qs[4:]}
    assert all(page_rules(side)[q.id].status == AnswerStatus.blank for q in qs[4:])  # 4 answered, no doubt
    asked = page_rules(side, light_hand=True, conditional={qs[-1].id})
    assert all(asked[q.id].reasons == ("blank_among_doubts",) for q in qs[4:-1])
    assert asked[qs[-1].id].status == AnswerStatus.blank  # asked of some only: the skip logic judges it
    assert all(asked[q.id] == side[q.id] for q in qs[:4])
