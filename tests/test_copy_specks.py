"""A copy's toner specks lined up in a box, judged against the specks the same page's plain paper holds.

The line detector joins specks a few pixels apart into one long, light
"trace". A mark read from such a trace alone is believed only when it is
darker than the specks the page's own paper shows; otherwise it is asked
about. Strokes are drawn by the corpus generator's own pens
(scanner.corpus.draw); specks are drawn with a seeded generator.
"""

import numpy as np
import pytest

from scanner.corpus.draw import PENS, Canvas, Pen, draw_mark
from scanner.ink import DEFAULT, K
from scanner.marks import _read_box
from scanner.template_model import Rect
from scanner.traces import line_response, paper_envelope
from scanner.vocab import BoxState

SIDE = 17  # a 5 mm box's inside on the aligned page, in pixels
FLOOR = 0.037  # the copy's noise floor (the empty boxes' strongest line response), as copies of copies show it


def _specked(rng: np.random.Generator, n: int) -> np.ndarray:
    """A plain square of a copied page: n toner specks of one or two pixels, as dark as a copier's grey toner."""
    sq = np.zeros((SIDE, SIDE), np.float32)
    for _ in range(n):
        y, x = rng.integers(0, SIDE - 1, 2)
        sq[y, x] = rng.uniform(0.35, 0.5)
        if rng.random() < 0.5:
            sq[y, x + 1] = rng.uniform(0.2, 0.4)
    return sq


def _paper(seed: int):
    rng = np.random.default_rng(seed)
    squares = [_specked(rng, int(rng.integers(0, 4))) for _ in range(30)]
    lines = [line_response(sq)[1:-1, 1:-1] for sq in squares]
    paper = paper_envelope(squares, lines, FLOOR, DEFAULT)
    assert paper is not None and paper.coverage > 0  # the page's paper holds the copier's specks
    return paper


def _lined_up(seed: int) -> np.ndarray:
    """The same specks, one every three pixels along the box's diagonal: no stroke, though the line detector
    joins them into one."""
    rng = np.random.default_rng(seed)
    sq = np.zeros((SIDE, SIDE), np.float32)
    for i in range(1, SIDE - 1, 3):
        sq[i, i] = rng.uniform(0.35, 0.5)
        sq[i, i + 1] = rng.uniform(0.2, 0.4)
    return sq


def _drawn(style: str, pen: Pen, seed: int) -> np.ndarray:
    """The inside of a 5 mm box the generator marked, as darkness (0 paper .. 1 black print)."""
    size = int(round(7 * K))
    img = np.full((size, size), 250, np.uint8)
    draw_mark(Canvas(img, K, np.random.default_rng(seed)), Rect(1.0, 1.0, 5.0, 5.0), style, pen)
    a = int(round(1.8 * K))
    return np.clip((250.0 - img[a:a + SIDE, a:a + SIDE]) / 215.0, 0, 1).astype(np.float32)


def _read(inside: np.ndarray, paper=None) -> BoxState:
    line = line_response(inside)[1:-1, 1:-1]
    return _read_box("q", "1", inside, line, 0, 0, FLOOR, DEFAULT, False, paper).state


@pytest.mark.parametrize("seed", range(4))
def test_specks_lined_up_no_darker_than_the_pages_own_are_no_mark(seed):
    """Alone, the lined-up specks pass for a light stroke across the box; against the page's paper, whose
    squares hold specks as dark, the box is asked about rather than read as a mark (on a single choice left
    blank, that mark would be a silent answer)."""
    inside = _lined_up(seed)
    assert _read(inside) == BoxState.marked
    assert _read(inside, _paper(seed)) == BoxState.uncertain


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("style", ["slash", "tick", "x"])
def test_a_pens_stroke_on_the_same_speckled_copy_is_still_a_mark(seed, style):
    """A pencil's or a ballpoint's stroke is darker than the page's specks: still a mark. So is a stroke too light
    to leave a single pixel of ink (a dry pen), read from its trace alone, as long as it is darker than them."""
    paper = _paper(seed)
    for pen in (PENS["pencil"], PENS["ballpoint_blue"], Pen("dry", 185, 0.3)):
        inside = _drawn(style, pen, seed)
        assert _read(inside, paper) == BoxState.marked, pen
    assert float(np.mean(_drawn(style, Pen("dry", 185, 0.3), seed) > DEFAULT.ink)) == 0.0  # a trace alone


@pytest.mark.parametrize("seed", range(4))
def test_a_stroke_about_as_light_as_the_pages_specks_is_never_read_blank(seed):
    """Lighter still, about as light as the specks: asked about, or a mark, never an empty box."""
    assert _read(_drawn("slash", Pen("faint", 195, 0.3), seed), _paper(seed)) != BoxState.empty
