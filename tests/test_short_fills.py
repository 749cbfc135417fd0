"""A box filled in solid to cancel it (the form's rule: "tô kín ô đã đánh dấu sai rồi đánh dấu X vào ô khác"), the
fill stopping 2-3 px short of three or all four sides of the box's inside, is never read as an answer.

Its paper margin is a ring along the inside's edge that counts as large paper holes (0.17-0.42 of the inside), as an
X's open triangles do, so box_state's plain-mark branch took it for a mark (marked, sure). The form asks for an X;
a filled box is a cancelled one, so such a fill goes to review (uncertain), and real marks, whose paper lies between
their strokes, stay marked.

Insides are at the aligned page's scale (scanner.ink.K, 5 px per mm): a 17 x 17 inside is what marks.py cuts from
the project's boxes (tests/data/copies/*.png are real ones); 19 x 19 allows for a box read a little larger.
"""

from pathlib import Path

import cv2
import numpy as np
import pytest

from scanner.box_state import read_box
from scanner.corpus.generate import SRC_DPI
from scanner.dense_crosses import dense_crosses
from scanner.ink import DEFAULT
from scanner.vocab import BoxState
from tests.photo_support import blank_side, read_jpeg

COPIES = Path(__file__).parent / "data" / "copies"
SIDES = ("top", "bottom", "left", "right")


def _read(inside: np.ndarray, bilevel: bool = False):
    """The box as marks.read_page_marks reads it, then as dense_crosses may take it back (a grey scan)."""
    first = read_box("q1", "1", inside, inside[:0, :0], 0, 0, 0.05, DEFAULT, bilevel=bilevel)
    return first if bilevel else dense_crosses([first], [inside], DEFAULT)[0]


def _short_fill(ink: float, short: int, open_sides: tuple[str, ...], size: int) -> np.ndarray:
    """A solid fill of this darkness on paper (0.02), stopping `short` px short of the named sides."""
    inside = np.full((size, size), 0.02, np.float32)
    top = short if "top" in open_sides else 0
    left = short if "left" in open_sides else 0
    bottom = size - short if "bottom" in open_sides else size
    right = size - short if "right" in open_sides else size
    inside[top:bottom, left:right] = ink
    return inside


@pytest.mark.parametrize("size", [17, 19])
@pytest.mark.parametrize("ink", [0.8, 0.9])
@pytest.mark.parametrize("short", [2, 3])
@pytest.mark.parametrize("open_sides", [SIDES, ("top", "left", "right"), ("bottom", "left", "right"),
                                        ("top", "bottom", "left"), ("top", "bottom", "right")])
def test_a_fill_short_of_three_or_four_sides_is_no_answer(size, ink, short, open_sides):
    inside = _short_fill(ink, short, open_sides, size)
    r = _read(inside)
    assert r.holes >= DEFAULT.holes_marked_min  # its margin counts as holes, as an X's triangles do
    assert r.state == BoxState.uncertain


@pytest.mark.parametrize("short", [2, 3])
def test_a_fill_short_of_all_sides_on_a_1bit_scan_is_no_answer(short):
    inside = _short_fill(1.0, short, SIDES, 17)
    assert _read(inside, bilevel=True).state == BoxState.uncertain


@pytest.mark.parametrize("short", [2, 3])
def test_a_blurred_fill_short_of_all_sides_is_no_answer(short):
    """The same fill as a grey scan blurs it (its edge shaded over a pixel)."""
    inside = cv2.GaussianBlur(_short_fill(0.85, short, SIDES, 17), (0, 0), 0.8)
    assert _read(inside).state == BoxState.uncertain


@pytest.mark.parametrize("short", [2, 3])
def test_a_real_ballpoint_fill_short_of_all_sides_is_no_answer(short):
    """The real ballpoint correction of heldout_augraphy copy2 seed 31 (stack001_flatbed_009 q1 box 6: its own
    pixels, lighter in a band across the middle), with the copy's paper (0.02-0.05) in a margin along every side, as
    if the pen had stopped short of them."""
    inside = cv2.imread(str(COPIES / "fill_q1_6.png"), cv2.IMREAD_GRAYSCALE).astype(np.float32) / 255
    paper = np.random.default_rng(short).uniform(0.02, 0.05, inside.shape).astype(np.float32)
    ring = np.ones(inside.shape, bool)
    ring[short:-short, short:-short] = False
    inside[ring] = paper[ring]
    r = _read(inside)
    assert r.holes >= DEFAULT.holes_marked_min
    assert r.state == BoxState.uncertain


def _drawn(draw, size: int = 17, ink: float = 0.9) -> np.ndarray:
    """A mark drawn in a pen of this darkness, antialiased and softened as a grey scan shows it."""
    layer = np.zeros((size * 8, size * 8), np.uint8)
    draw(layer)
    small = cv2.resize(layer, (size, size), interpolation=cv2.INTER_AREA).astype(np.float32) / 255
    return np.maximum(cv2.GaussianBlur(small, (0, 0), 0.6) * ink, 0.02).astype(np.float32)


def _felt_x(layer: np.ndarray) -> None:
    n = layer.shape[0]
    cv2.line(layer, (8, 8), (n - 8, n - 8), 255, 26)
    cv2.line(layer, (n - 8, 8), (8, n - 8), 255, 26)


def _thick_tick(layer: np.ndarray) -> None:
    n = layer.shape[0]
    pts = np.array([[n * 0.15, n * 0.5], [n * 0.42, n * 0.82], [n * 0.95, n * 0.08]], np.int32)
    cv2.polylines(layer, [pts], False, 255, 30)


def _felt_x_short_of_corners(layer: np.ndarray) -> None:
    """A felt X 4 px wide whose arms stop 2 px short of the inside's corners (the generator's X starts 0.3-1 mm
    inside the box)."""
    n = layer.shape[0]
    cv2.line(layer, (24, 24), (n - 24, n - 24), 255, 32)
    cv2.line(layer, (n - 24, 24), (24, n - 24), 255, 32)


def _dot(layer: np.ndarray) -> None:
    n = layer.shape[0]
    cv2.circle(layer, (n // 2, n // 2), 5 * 8, 255, -1)


def _big_dot(layer: np.ndarray) -> None:
    """The generator's largest dot (1 mm radius) spread by a felt pen's bleed."""
    n = layer.shape[0]
    cv2.circle(layer, (n // 2, n // 2), 6 * 8, 255, -1)


@pytest.mark.parametrize("draw", [_felt_x, _felt_x_short_of_corners, _thick_tick, _dot, _big_dot])
def test_real_marks_stay_marked(draw):
    """Felt X's, a thick tick, dots (the generator's people mark with all of them): paper lies
    between their strokes, or all round a dot too small to be a fill."""
    inside = _drawn(draw)
    r = _read(inside)
    assert r.state == BoxState.marked, r


@pytest.mark.parametrize("inset_mm", [1.2, 1.4])
def test_a_fill_short_of_all_sides_on_a_printed_sheet_is_no_answer(template, tmp_path, inset_mm):
    """The whole page: side 1 of a printed sheet (the generator's source resolution), one single-choice box filled in
    solid with a ballpoint's grey, inset_mm inside the box's outer edge on every side: a paper margin of about 1-2 and
    3 px on the aligned page (coverage 0.67 and 0.46, holes 0.12 and 0.37), both read marked and sure (1.0) and the
    question answered before; an X in another box of the same question. Read as a JPEG: the fill is never the
    answer."""
    img = np.array(blank_side(template, tmp_path, 7))
    k = SRC_DPI / 25.4
    q = next(q for q in template.choice_questions() if q.page == 1 and not q.behaviour.per_option and len(q.options) > 2)
    filled, crossed_box = q.options[0], q.options[1]
    b = filled.box
    cv2.rectangle(img, (round((b.x + inset_mm) * k), round((b.y + inset_mm) * k)),
                  (round((b.x + b.w - inset_mm) * k), round((b.y + b.h - inset_mm) * k)), 40, -1)
    c = crossed_box.box
    for (x0, y0), (x1, y1) in (((c.x + 1, c.y + 1), (c.x + c.w - 1, c.y + c.h - 1)),
                               ((c.x + c.w - 1, c.y + 1), (c.x + 1, c.y + c.h - 1))):
        cv2.line(img, (round(x0 * k), round(y0 * k)), (round(x1 * k), round(y1 * k)), 40, max(1, round(0.4 * k)))
    res = read_jpeg(img, template, 95)
    assert res.status == "form", res.message
    states = {r.option_id: r.state for r in res.readings if r.question_id == q.id}
    assert states[crossed_box.id] == BoxState.marked
    assert states[filled.id] != BoxState.marked
    assert filled.id not in res.questions[q.id].answer
