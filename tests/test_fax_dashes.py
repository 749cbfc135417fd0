"""A pen's strokes that a 1-bit fax cut into dashes (scanner/fax_dashes.py).

tests/data/fax/dashes_grid.png is a real faxed side: benchmarks/heldout_augraphy.py --sheets 12 --stack 2 --seed 31
--hands copy2,fax (the fax tuning seed), stack002_flatbed_006.tif, S00004 side 3 in blue ballpoint, kept as a 1-bit
PNG. The fax kept each bubble's slash, tick or X of its number (q9) and date (q10) grids as two or three dashes with
paper between them: main read six bubbles in doubt and asked about both questions."""

from pathlib import Path

import cv2
import numpy as np
import pytest

from scanner.corpus.draw import PENS, Canvas, draw_mark
from scanner.fax_dashes import dashed_strokes
from scanner.ingest import PageSource
from scanner.ink import K
from scanner.pipeline import read_page
from scanner.template_model import Rect
from scanner.vocab import AnswerStatus

PAGE = Path(__file__).parent / "data" / "fax" / "dashes_grid.png"
DRAWN = {"q9": 0, "q10": "2023-11-11"}  # the generator's truth for the side (truth.jsonl); neither is ambiguous
BOX_MM, INSET_MM = 5.0, 0.8


def _read(image: np.ndarray, template):
    data = cv2.imencode(".png", image)[1].tobytes()
    return read_page(PageSource("p.png", 0, "0" * 64, data, "png"), template, use_ocr=False)


def test_grids_whose_bubbles_the_fax_cut_into_dashes_are_read(template):
    res = _read(cv2.imread(str(PAGE), cv2.IMREAD_GRAYSCALE), template)
    assert res.status == "form", res.message
    for q, drawn in DRAWN.items():
        got = res.questions[q]
        assert got.status == AnswerStatus.answered and got.answer == (str(drawn),), (q, got)


def _slash(seed: int, style: str = "slash") -> np.ndarray:
    """The inside of a 5 mm box the generator's blue ballpoint marked, as ink (boolean), whole."""
    rng = np.random.default_rng(seed)
    size = int(round((BOX_MM + 2) * K))
    img = np.full((size, size), 250, np.uint8)
    draw_mark(Canvas(img, K, rng), Rect(1.0, 1.0, BOX_MM, BOX_MM), style, PENS["ballpoint_blue"])
    a, b = int(round((1.0 + INSET_MM) * K)), int(round((1.0 + BOX_MM - INSET_MM) * K))
    return img[a:b, a:b] < 200


def _in_dashes(ink: np.ndarray) -> np.ndarray:
    """What the fax keeps of a light ballpoint's stroke: its middle, where the pen pressed hardest, cut by paper
    every four columns (dashes of four columns with four of paper between)."""
    core = cv2.erode(ink.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_CROSS, (3, 3))) > 0
    xs = np.indices(ink.shape)[1]
    return core & ((xs // 4) % 2 == 0)


@pytest.mark.parametrize("seed", range(3))
def test_a_slash_in_dashes_is_a_stroke(seed):
    assert dashed_strokes(_in_dashes(_slash(seed)))


@pytest.mark.parametrize("seed", range(3))
def test_an_x_in_dashes_is_two_strokes(seed):
    assert dashed_strokes(_in_dashes(_slash(seed, "x")))


def test_dashes_running_level_are_no_stroke():
    """A fax's streak or a low-ink line runs level through the box: the same dashes, level, are asked about."""
    ink = np.zeros((17, 17), bool)
    ink[8:10, :] = True
    ink[:, (np.arange(17) // 4) % 2 == 1] = False
    assert not dashed_strokes(ink)


@pytest.mark.parametrize("seed", range(3))
def test_grain_off_the_stroke_is_no_stroke(seed):
    """A pencil's shading half kept leaves grain away from the stroke: the box stays in doubt."""
    ink = _in_dashes(_slash(seed))
    ys, xs = np.nonzero(ink)
    far = [(y, x) for y in range(ink.shape[0]) for x in range(ink.shape[1])
           if np.min(np.hypot(ys - y, xs - x)) > 4]
    for y, x in far[:: max(1, len(far) // 4)][:4]:
        ink[y, x] = True
    assert not dashed_strokes(ink)


@pytest.mark.parametrize("seed", range(3))
def test_a_stroke_kept_whole_is_not_this_rule_s(seed):
    """One piece of ink (a hair, a crease, a stroke the fax kept whole) is judged by the box's own reading."""
    ink = _slash(seed)
    n, _ = cv2.connectedComponents(ink.astype(np.uint8), connectivity=8)
    assert n == 2
    assert not dashed_strokes(ink)


NOTCHED = Path(__file__).parent / "data" / "fax" / "fill_notched.png"  # a real faxed side in ballpoint (test_fax_fills)


def _erased(page: np.ndarray, res, template, qid: str, oid: str, keep: list[tuple[float, float]]) -> np.ndarray:
    """The page with the box's mark taken by the threshold, but for the pixels at `keep` (shares of the inside)."""
    b = template.question(qid).option(oid).box
    h = np.array(res.homography)

    def px(x: float, y: float) -> tuple[int, int]:
        v = h @ np.array([x, y, 1.0])
        return int(round(v[0] / v[2])), int(round(v[1] / v[2]))

    (x0, y0), (x1, y1) = px(b.x + 0.7, b.y + 0.7), px(b.x + b.w - 0.7, b.y + b.h - 0.7)
    out = page.copy()
    out[y0:y1, x0:x1] = 255
    for fx, fy in keep:
        x, y = x0 + int(fx * (x1 - x0)), y0 + int(fy * (y1 - y0))
        out[y:y + 2, x:x + 2] = 0
    return out


@pytest.mark.parametrize("keep", [[], [(0.3, 0.3)], [(0.3, 0.3), (0.7, 0.7)], [(0.25, 0.7), (0.6, 0.35)]])
def test_a_cross_the_fax_erased_is_never_read_blank(template, keep):
    """A light pencil's X that the 1-bit threshold took whole, or all but a speck or two, in a single choice: the
    question is asked about (blank on a 1-bit page, or a doubt), never recorded blank; and the specks are too few to
    be read as the pen's dashes."""
    page = cv2.imread(str(NOTCHED), cv2.IMREAD_GRAYSCALE)
    res = _read(page, template)
    assert res.questions["a2"].answer == ("2",)
    got = _read(_erased(page, res, template, "a2", "2", keep), template).questions["a2"]
    assert got.status == AnswerStatus.review and got.answer == (), got


@pytest.mark.parametrize("seed", range(3))
def test_a_slash_in_dashes_and_a_fleck_the_other_way_is_no_x(seed):
    """An X's two lines each reach across the box (review A, item 3): a slash in dashes beside a fleck of four pixels
    in a row sloping the other way, clear of the slash, is no X, and the box stays in doubt (main read it marked)."""
    ink = _in_dashes(_slash(seed))
    ys, xs = np.nonzero(ink)
    step = 1 if np.polyfit(xs, ys, 1)[0] < 0 else -1  # the other way from the slash
    n = ink.shape[0]
    flecks = [[(y0 + i, x0 + step * i) for i in range(4)] for y0 in range(n) for x0 in range(n)]
    clear = [f for f in flecks if all(0 <= y < n and 0 <= x < n and not ink[max(0, y - 2):y + 3, max(0, x - 2):x + 3].any()
                                      for y, x in f)]
    assert clear
    for y, x in clear[len(clear) // 2]:
        ink[y, x] = True
    assert not dashed_strokes(ink)
