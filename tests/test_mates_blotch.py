"""A copier's grey blotch over two boxes of a single choice left blank: one box is dark enough to read "marked", the
other is in doubt. A question's doubts are settled against its plain marks (mates.py), but a blotch is no plain
mark: it is broad and flat and draws no line, so the doubt beside it stays a doubt and the question goes to
review, rather than reading as a clean single answer.

tests/data/copies/copy2_blotch_a5.png is the aligned grey page (fine.Fine.canon, K = 5 px/mm) around a5 of a
generated sheet copied twice by Augraphy's copy2 hand (benchmarks/heldout_augraphy.py, i23o's corpus of seed 32:
stack003_flatbed_005.jpg, sheet S00006 side 1), cropped 40 px beyond the question's boxes. The truth is the
generator's: a5 blank. Main (1235554) read it "4" without a flag: box 4 under the blotch read marked (coverage
0.682) and mates read box 3, in doubt under the same blotch, empty. The readings below are main's, as read_box
and the stages before mates gave them on that page; the paper's levels are the page's (traces.levels)."""

from pathlib import Path

import cv2
import numpy as np
import pytest

from scanner.fine import Fine
from scanner.ink import DEFAULT, BoxReading, darkness
from scanner.mates import strokes_among_mates
from scanner.strokes import straightest
from scanner.template import load_template
from scanner.vocab import BoxState

CROP = Path(__file__).parent / "data" / "copies" / "copy2_blotch_a5.png"
LEVELS = (203.0, 155.0)  # the whole page's paper grey and print span
# option, state, coverage, holes, place of the inside in the crop (y0, y1, x0, x1)
READ = [("1", BoxState.empty, 0.0, 1.0, (40, 57, 40, 57)), ("2", BoxState.empty, 0.0, 1.0, (40, 57, 252, 269)),
        ("3", BoxState.uncertain, 0.035, 0.2353, (40, 57, 465, 482)),
        ("4", BoxState.marked, 0.682, 0.1246, (40, 57, 677, 694)), ("5", BoxState.empty, 0.0, 1.0, (75, 92, 40, 57))]


@pytest.fixture(scope="module")
def side():
    canon = cv2.imread(str(CROP), cv2.IMREAD_GRAYSCALE)
    q = load_template().question("a5")
    pairs = [(q, q.option(o)) for o, *_ in READ]
    readings = [BoxReading("a5", o, s, 0.5, cov, holes, 0.0, 0.0, 0.0) for o, s, cov, holes, _ in READ]
    places = [p for *_, p in READ]
    dark = darkness(canon, LEVELS).astype(np.float32) / 255
    insides = [dark[y0:y1, x0:x1] for y0, y1, x0, x1 in places]
    return canon, pairs, readings, places, insides


def test_the_blotch_read_marked_draws_no_line(side):
    canon, _, _, places, _ = side
    fine = Fine(canon, *LEVELS)
    lines = [straightest(fine.darkness(*p)) for p in places]
    assert lines[3] < 0.05 and max(lines) == lines[3]  # the flattest of "marks": a pen's draws 0.15 and more


def test_a_doubt_beside_a_blotch_read_marked_stays_a_doubt(side):
    canon, pairs, readings, places, insides = side
    out = strokes_among_mates(readings, pairs, places, insides, Fine(canon, *LEVELS), DEFAULT)
    assert out[2].state == BoxState.uncertain  # box 3: under the same blotch, not settled as the paper
    assert [r.state for r in out] == [r.state for r in readings]


def test_a_doubt_beside_a_pen_mark_is_still_settled(side):
    """The guard: the same side with a ballpoint X drawn in box 2 (clean paper), and the blotch over box 4 left
    in doubt: beside a mark that draws a line, mates still judges the doubts."""
    canon, pairs, readings, places, insides = side
    canon = canon.copy()
    y0, y1, x0, x1 = places[1]
    cv2.line(canon, (x0 + 1, y0 + 1), (x1 - 2, y1 - 2), 60, 2, cv2.LINE_AA)
    cv2.line(canon, (x1 - 2, y0 + 1), (x0 + 1, y1 - 2), 60, 2, cv2.LINE_AA)
    dark = darkness(canon, LEVELS).astype(np.float32) / 255
    insides = [dark[a:b, c:d] for a, b, c, d in places]
    marked = list(readings)
    marked[1] = BoxReading("a5", "2", BoxState.marked, 0.9, 0.45, 0.3, 0.0, 0.0, 0.0)
    marked[3] = BoxReading("a5", "4", BoxState.uncertain, 0.3, 0.05, 0.2, 0.0, 0.0, 0.0)
    out = strokes_among_mates(marked, pairs, places, insides, Fine(canon, *LEVELS), DEFAULT)
    assert out[1].state == BoxState.marked
    assert out[2].state == BoxState.empty and out[3].state == BoxState.empty
