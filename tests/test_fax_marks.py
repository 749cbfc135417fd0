"""Marks on 1-bit fax pages, judged box by box: what a fax's threshold leaves of a pen's stroke.

Each box is drawn by the corpus generator's own pen (scanner.corpus.draw) on
the aligned page's scale, and thresholded as a fax does; the truth is what
the generator drew.
"""

from pathlib import Path

import cv2
import numpy as np
import pytest

from scanner.box_state import read_box
from scanner.corpus.draw import PENS, Canvas, draw_mark
from scanner.fine import line_response
from scanner.ink import DEFAULT, K
from scanner.template_model import Rect
from scanner.vocab import BoxState

BOX_MM, INSET_MM = 5.0, 0.8


def _faxed_box(style: str, pen: str, seed: int) -> np.ndarray:
    """The inside of a 5 mm box the generator marked, as a 1-bit page shows it: 1.0 where the threshold kept ink."""
    rng = np.random.default_rng(seed)
    size = int(round((BOX_MM + 2) * K))
    img = np.full((size, size), 250, np.uint8)
    draw_mark(Canvas(img, K, rng), Rect(1.0, 1.0, BOX_MM, BOX_MM), style, PENS[pen])
    a, b = int(round((1.0 + INSET_MM) * K)), int(round((1.0 + BOX_MM - INSET_MM) * K))
    return (img[a:b, a:b] < 200).astype(np.float32)


def _dashed(ink: np.ndarray) -> np.ndarray:
    """The stroke broken into dashes where the pen's light ink fell just under the fax's threshold: every third
    run of three columns lost, as Augraphy's fax leaves a light ballpoint."""
    out = ink.copy()
    cols = np.arange(ink.shape[1])
    out[:, (cols // 3) % 3 == 2] = 0.0
    return out


def _gap_specks(dashed: np.ndarray, whole: np.ndarray, n: int) -> np.ndarray:
    """A pixel of the stroke kept alone in n of its gaps, next to a dash: the threshold's ragged edge."""
    out = dashed.copy()
    lost = np.argwhere((whole > 0) & (dashed == 0))
    placed = 0
    for y, x in lost:
        if placed == n:
            break
        if (x // 3) % 3 == 2 and x % 3 == 1:  # the middle column of a gap: a pixel clear of the dash beside it
            near = out[max(0, y - 2):y + 3, max(0, x - 2):x + 3]
            if near.any() and not out[max(0, y - 1):y + 2, x - 1:x + 2].any():
                out[y, x] = 1.0
                placed += 1
    assert placed == n
    return out


def _read(inside: np.ndarray) -> BoxState:
    line = line_response(inside)[1:-1, 1:-1]
    return read_box("q", "1", inside, line, 0, 0, DEFAULT.trace_floor_min, DEFAULT, bilevel=True).state


@pytest.mark.parametrize("seed", range(4))
def test_a_ballpoint_x_faxed_into_dashes_with_a_ragged_edge_is_a_mark(seed):
    """A light ballpoint's X that a fax cut into dashes, a pixel or two of its stroke kept alone in the gaps, is
    a mark: those specks lie right beside the stroke they came from."""
    whole = _faxed_box("x", "ballpoint_blue", seed)
    dashed = _dashed(whole)
    assert _read(dashed) == BoxState.marked  # the dashes alone are a plain X
    assert _read(_gap_specks(dashed, whole, 3)) == BoxState.marked


@pytest.mark.parametrize("seed", range(4))
def test_grain_scattered_away_from_a_faxed_x_is_still_asked_about(seed):
    """A box filled in pencil to cancel it, half kept by the fax: its X drawn over the shading survives, the
    shading leaves specks across the box, away from the X. That box is asked about, never read as a mark."""
    whole = _faxed_box("x", "ballpoint_blue", seed)
    grain = whole.copy()
    far = cv2.dilate(whole, np.ones((5, 5), np.uint8)) == 0  # more than 2 pixels from the X
    rng = np.random.default_rng(100 + seed)
    spots = np.argwhere(far)
    picked = spots[rng.choice(len(spots), size=3, replace=False)]
    for y, x in picked:
        grain[y, x] = 1.0
    assert _read(whole) == BoxState.marked
    assert _read(grain) == BoxState.uncertain


REMAINS = Path(__file__).parent / "data" / "fax" / "ballpoint_x_remains.png"


def _remains() -> list[np.ndarray]:
    """Three boxes' insides (17 x 17, darkness) of a side that Augraphy's fax hand cut a blue ballpoint's X's into
    fragments and lone pixels (heldout_augraphy --sheets 12 --stack 2 --seed 31 --hands copy2,fax,
    stack002_flatbed_007.tif: q6 option 3, q7 options 2 and 4, all drawn X's); main asked about each for its specks."""
    strip = 1.0 - cv2.imread(str(REMAINS), cv2.IMREAD_GRAYSCALE).astype(np.float32) / 255
    return [strip[:, k * 18:k * 18 + 17] for k in range(3)]


@pytest.mark.parametrize("k", range(3))
def test_an_x_faxed_into_fragments_and_lone_pixels_in_a_row_is_a_mark(k):
    """Its fragments and lone pixels lie on two straight lines across the box: the X's own remains
    (scanner/fax_strokes.py)."""
    assert _read(_remains()[k]) == BoxState.marked


@pytest.mark.parametrize("seed", range(4))
def test_grain_off_the_remains_strokes_is_still_asked_about(seed):
    """The same remains with three specks of a shading's grain away from both strokes: asked about."""
    rng = np.random.default_rng(seed)
    for box in _remains():
        ink = box > DEFAULT.ink
        ys, xs = np.nonzero(ink)
        far = np.ones_like(ink)
        for y, x in zip(ys, xs, strict=True):  # more than 3 pixels from any of the X's ink, in every direction
            far[max(0, y - 3):y + 4, max(0, x - 3):x + 4] = False
        spots = np.argwhere(far)
        grain = box.copy()
        for y, x in spots[rng.choice(len(spots), size=3, replace=False)]:
            grain[y, x] = 1.0
        assert _read(grain) == BoxState.uncertain


def test_xs_kept_in_pieces_show_the_side_breaks_its_pen(template):
    """A 1-bit side (heldout_augraphy fax, seed 33, stack002_flatbed_001.tif, as read) whose X's came through in
    fragments and lone pixels, read as marks (scanner/fax_strokes.py): a single choice whose only ink is a
    pencil's remains as light as theirs is answered, as it is on a side where those X's were asked about."""
    from scanner.broken_marks import read_broken_singles
    from scanner.ink import BoxReading

    def box(q: str, o: str, state: BoxState, cov: float, specks: int) -> BoxReading:
        return BoxReading(q, o, state, 0.3 if state == BoxState.uncertain else 0.6, cov, 0.7, 0.0, 0.0, 0.0, specks)

    questions = [template.question(q) for q in ("a2", "a3", "q1")]
    readings = [box("a2", "1", BoxState.uncertain, 0.0208, 2), box("a2", "2", BoxState.empty, 0.0, 0),
                box("a3", "2", BoxState.marked, 0.0657, 4), box("a3", "7", BoxState.marked, 0.0277, 5),
                box("q1", "6", BoxState.marked, 0.083, 2)]
    got = {(r.question_id, r.option_id): r.state for r in read_broken_singles(readings, questions, DEFAULT)}
    assert got[("a2", "1")] == BoxState.marked
    # the same side with its X's whole (no specks): one box of remains alone shows nothing of the pen
    whole = [box(r.question_id, r.option_id, r.state, r.coverage, 0) if r.state == BoxState.marked else r
             for r in readings]
    assert {(r.question_id, r.option_id): r.state for r in read_broken_singles(whole, questions, DEFAULT)}[
        ("a2", "1")] == BoxState.uncertain
