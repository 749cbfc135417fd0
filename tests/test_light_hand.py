"""A side written in a hard pencil asks about its blanks (scanner/light_hand.py, rules.page_rules).

tests/data/texture/hard_pencil_side.jpg: Augraphy's texture hand, seed 22 (benchmarks/heldout_augraphy.py --sheets 20
--stack 2 --seed 22 --hands texture), stack003_flatbed_009.jpg, the second scan of S00006 side 2, written throughout
in a hard (2H) pencil; decoded at half size as the reader decodes a scanner's JPEG page and stored at JPEG quality 75
(127 kB; main's silent errors survive it). Main read q4 (a tick), q5e (an X), q6 (two X's) and q7 (a tick) blank,
unflagged: the marks run at the paper's own noise (their diagonals 0.02-0.04, the page's plain squares' up to 0.07),
and the side's other marks were read from light traces alone, so nothing on the side asked about its blanks.

tests/data/texture/hard_pencil_first_side.jpg: the same corpus, stack008_flatbed_001.jpg, S00015 side 1, all in a 2H
pencil, stored the same way (143 kB). Main read one slash (a4) from a light trace, left a2 in doubt and read a1, a3, a5
and q1 blank, unflagged: the side holds no box with a mark's ink at all.
"""

from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np

from scanner.ingest import PageSource
from scanner.ink import DEFAULT, BoxReading
from scanner.light_hand import light_and_inked, light_hand
from scanner.pipeline import read_page
from scanner.rules import apply_rules, page_rules
from scanner.vocab import AnswerStatus, BoxState

DATA = Path(__file__).parent / "data" / "texture"
# the generator's truth for the side (truth.jsonl of that corpus); no question of it ambiguous
SIDE = {"q3": ("1",), "q4": ("5",), "q5a": ("1",), "q5b": ("1",), "q5c": ("3",), "q5d": ("2",), "q5e": ("1",),
        "q6": ("1", "5"), "q7": ("2",)}


def _reading(qid: str, oid: str, state: BoxState, coverage: float) -> BoxReading:
    return BoxReading(qid, oid, state, 1.0, coverage, 1.0 if coverage == 0 else 0.5, 0.0, 0.0, 0.0)


FIRST_SIDE = {"a1": ("2",), "a2": ("1",), "a3": ("3",), "a4": ("2",), "a5": ("1",), "q1": ("1", "3", "4"), "q2": ()}


def _read(name: str, template):
    image = cv2.imdecode(np.frombuffer((DATA / name).read_bytes(), np.uint8), cv2.IMREAD_GRAYSCALE)
    res = read_page(PageSource("p.png", 0, "0" * 64, cv2.imencode(".png", image)[1].tobytes(), "png"), template,
                    use_ocr=False)
    assert res.status == "form", res.message
    return res


def _no_silent_error(res, truth: dict[str, tuple[str, ...]]) -> None:
    silent = {q: res.questions[q].answer for q, drawn in truth.items()
              if res.questions[q].status != AnswerStatus.review and tuple(res.questions[q].answer) != drawn}
    assert not silent, silent


def test_no_hard_pencil_mark_of_the_side_is_read_blank_unflagged(template):
    res = _read("hard_pencil_side.jpg", template)
    _no_silent_error(res, SIDE)
    for q in ("q4", "q5e", "q6", "q7"):  # main's four silent blanks
        assert res.questions[q].status == AnswerStatus.review, res.questions[q]


def test_a_side_showing_only_light_traces_asks_its_blanks(template):
    res = _read("hard_pencil_first_side.jpg", template)
    _no_silent_error(res, FIRST_SIDE)
    for q in ("a1", "a3", "a5", "q1"):  # main's four silent blanks
        assert res.questions[q].status == AnswerStatus.review, res.questions[q]
    assert res.questions["a4"].answer == ("2",)  # what the side showed is kept


def test_a_side_of_light_traces_is_a_light_hand_and_one_of_ink_is_not():
    light = [_reading(f"q{k}", "1", BoxState.marked, 0.0) for k in range(3)]
    assert light_hand(light, DEFAULT)
    inked = [_reading(f"i{k}", "1", BoxState.marked, 0.2) for k in range(3)]
    assert not light_hand(light[:2] + inked[:1], DEFAULT)  # beside a mark in ink, too few to show the side's hand
    assert not light_hand(light + inked, DEFAULT)  # as many marks in ink: the pen is seen, its blanks are blank
    assert light_hand(light + inked[:2], DEFAULT)
    assert light_hand(light[:1], DEFAULT)  # all the side shows is one light trace: no box holds a pen's ink
    assert not light_hand(light[:1] + inked[:1], DEFAULT) and not light_hand(inked, DEFAULT)
    assert not light_hand([_reading("e", "1", BoxState.empty, 0.0)], DEFAULT)  # nothing seen: no_marks_on_page's


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


def test_light_hand_has_a_bar_of_its_own_apart_from_the_rules_that_take_doubts_away():
    # 3 boxes in doubt from light traces and 2 with a mark's ink: a light hand at the default bar (3)
    side = [_reading(f"l{k}", "1", BoxState.uncertain, 0.02) for k in range(3)] + \
        [_reading(f"i{k}", "1", BoxState.marked, 0.2) for k in range(2)]
    assert light_hand(side, DEFAULT)
    assert not light_hand(side, replace(DEFAULT, light_hand_min=4))  # its own bar moves it ...
    assert light_hand(side, replace(DEFAULT, light_page_min=4))  # ... the doubt-removing rules' bar does not


def test_the_light_and_inked_counts_of_a_side():
    side = [_reading("a", "1", BoxState.marked, 0.0), _reading("b", "1", BoxState.marked, 0.05),
            _reading("c", "1", BoxState.uncertain, 0.03), _reading("d", "1", BoxState.filled, 0.5),
            _reading("e", "1", BoxState.marked, 0.07), _reading("f", "1", BoxState.uncertain, 0.2),
            _reading("g", "1", BoxState.empty, 0.0)]
    # marked_min 0.07: a, b read from light traces; c in doubt from one; d, e hold a mark's ink; f, g neither
    assert light_and_inked(side, DEFAULT, doubts=False) == (2, 2)
    assert light_and_inked(side, DEFAULT, doubts=True) == (3, 2)
