"""A copy of a copy's grey blotch over a few boxes, judged against the paper right around each box.

blotches.py judges a box against the page's plain squares, which tells a page grey all over. Augraphy's
BadPhotoCopy also lays a blotch over one corner of a page only (heldout_augraphy copy2, seed 31,
stack005_flatbed_001: three boxes of Câu 6 and one of Câu 7 grey inside, darker than the ink level, while the
page's plain squares stay clean, their 99.9th percentile 0.21): the page is no "blotched" one, the grey boxes
read as marks and the question goes to review as a multiple answer, though a person sees a flat grey patch
beside a plain X.

Here each such box (blotches.may_be_blotch, as dark as ink) is judged against its own surroundings: the paper in
a ring 1 to 2.4 mm outside its inside, less the print, the other boxes and any pen stroke there. Where the blotch
covers the box it covers that ring too, and the box's ink is no darker than the ring's (its blotch_ring_quantile,
times blotch_ring_slack). Such a box reads empty only when its stroke response (blotches.stroke_darkness) is no
more than the page's own EMPTY BOXES reach (a copier's spread square and the light halo it leaves inside a blotch
respond there as in the box, more than plain paper does) and its question holds a plain pen mark standing above
them (tests/test_copy_local_blotch.py).

In a question that rule changed, ink outside the boxes is measured above the blotch's own darkness (its edges and
the halos round the print are no one's ink), and pen strokes there are looked for as blotches.stray_strokes does,
so a ballpoint circle round a box under a blotch still sends the question to a person. A circle as light as the
blotch itself, seen only on the halos beside the print (drawn at 160 on a blotch of about 150), is lost with
them. A question whose boxes a lighter blotch only veils (read empty by the paper already) is left as main reads
it: measured above that blotch, a circle at 160, plainly darker than it, was lost too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import cv2
import numpy as np

from .blotches import Blotched, clear_flat, darker, square_strokes, strongest_stroke
from .fine import Fine
from .ink import BoxReading, K, Place, Thresholds
from .stray import shifted_print
from .template import Option, Question
from .texture import above_texture
from .vocab import BoxState

RING_NEAR = round(1.0 * K)  # pixels (1 mm) from the inside: the printed square and its copier's spread lie within
_FAR = 12  # pixels (2.4 mm): the ring reaches no further, where the next row's print begins
_PRINT_GROW = np.ones((5, 5), np.uint8)  # the print's copier spread and halo left out of the ring


def ring_levels(dark8: np.ndarray, printed: np.ndarray, fine: Fine, places: Sequence[Place],
                shifts: Sequence[tuple[int, int]], candidates: Sequence[int], least: float,
                th: Thresholds) -> dict[int, float]:
    """Per candidate box, how dark the paper in a ring around it gets (its blotch_ring_quantile, 0 paper .. 1
    print), leaving out the print (moved by the box's own shift, grown by its copier's spread), every box with its
    square (a neighbour's mark is no paper) and whatever is darker than the paper right around it (fine.Fine:
    a pen's circle round the box, a stroke running out of it); a ring with fewer pixels left than blotch_ring_min,
    or that reaches no further than `least` (0 paper .. 1 print), is none."""
    out: dict[int, float] = {}
    for k in candidates:
        ya, yb, xa, xb = ring_window(dark8.shape, places[k])
        if yb <= ya or xb <= xa:
            continue
        free = paper_round(printed, places, k, shifts[k])
        window = dark8[ya:yb, xa:xb]
        if np.count_nonzero(free) < th.blotch_ring_min or np.percentile(window[free], th.blotch_ring_quantile) <= least * 255:
            continue  # no blotch there (what follows only lowers the level)
        free &= fine.darkness(ya, yb, xa, xb) < th.faint_ink  # a pen's stroke there is narrow and dark: no blotch
        values = window[free]
        level = float(np.percentile(values, th.blotch_ring_quantile)) / 255 if values.size >= th.blotch_ring_min else 0.0
        if level > least:
            out[k] = level
    return out


def ring_window(shape: tuple[int, ...], place: Place) -> Place:
    """Box `place`'s inside and the ring 2.4 mm round it, within the page: (y0, y1, x0, x1)."""
    y0, y1, x0, x1 = place
    return max(0, y0 - _FAR), min(shape[0], y1 + _FAR), max(0, x0 - _FAR), min(shape[1], x1 + _FAR)


def paper_round(printed: np.ndarray, places: Sequence[Place], k: int, shift: tuple[int, int]) -> np.ndarray:
    """Over box k's ring_window, the pixels of unprinted paper: less the print (moved by the box's shift, grown by
    its copier's spread) and every box with its square (its own too, and a neighbour's mark is no paper)."""
    ya, yb, xa, xb = ring_window(printed.shape, places[k])
    free = cv2.dilate(shifted_print(printed, (xa, ya, xb, yb), shift).astype(np.uint8), _PRINT_GROW) == 0
    boxes = np.array(places, np.int64).reshape(-1, 4)
    near = ((boxes[:, 1] + RING_NEAR > ya) & (boxes[:, 0] - RING_NEAR < yb) & (boxes[:, 3] + RING_NEAR > xa)
            & (boxes[:, 2] - RING_NEAR < xb))
    for by0, by1, bx0, bx1 in boxes[near]:
        free[max(0, by0 - RING_NEAR - ya):max(0, by1 + RING_NEAR - ya), max(0, bx0 - RING_NEAR - xa):max(0, bx1 + RING_NEAR - xa)] = False
    return free


def strokes_page(fine: Fine, patches: Callable[[], Sequence[Place]], empty: float, th: Thresholds) -> Blotched | None:
    """The page's blotches for blotches.stray_strokes where a blotch covers a few boxes only: pen strokes outside
    the boxes must respond more than the page's plain squares do (as blotches.blotched_page measures them) and
    than its empty boxes do (`empty`, empty_strokes): a blotch's light halo round the print responds there as it
    does inside the squares. None when the page shows too few squares."""
    places = list(patches())
    if len(places) < th.paper_patches_min:
        return None
    return Blotched(0.0, max(square_strokes(fine, places, th), empty), fine)


def darker_than_ring(inside: np.ndarray, level: float, th: Thresholds) -> bool:
    """Whether the inside's darkest pixels (blotch_top_quantile) are darker than its ring's level allows."""
    return darker(inside, level * th.blotch_ring_slack, th)


def flat_in_ring(insides: Sequence[np.ndarray], levels: dict[int, float], th: Thresholds) -> dict[int, float]:
    """The candidates as dark as ink (their blotch_top_quantile) yet no darker than the blotch around them: their
    bars (level times blotch_ring_slack). A ring lighter than the ink level holds no blotch, and a box lighter than
    ink is in doubt for its strokes, not its grey: such boxes are left alone."""
    return {k: v * th.blotch_ring_slack for k, v in levels.items()
            if v > th.ink and darker(insides[k], th.ink, th) and not darker_than_ring(insides[k], v, th)}

def grey_boxes(readings: list[BoxReading], pairs: list[tuple[Question, Option]], insides: list[np.ndarray],
               places: list[Place], candidates: list[int], dark8: np.ndarray, printed: np.ndarray, fine: Fine,
               th: Thresholds) -> tuple[list[BoxReading], dict[str, float], float]:
    """The readings with each candidate (blotches.may_be_blotch) that a blotch right around it explains read empty;
    per question under a blotch, that blotch's level (for its stray ink); and what the page's empty boxes reach
    as strokes (0.0 when not measured).

    A box is explained when its ink is no darker than its ring's (flat_in_ring) and its strongest stroke response
    (blotches.stroke_darkness, less the inside's rim) is no more than the page's own empty boxes reach
    (empty_strokes, times blotch_stroke_ratio) and under blotch_mark_share of its question's plain pen mark: a
    box read marked, not itself explained, whose stroke stands above what the empty boxes reach. A question is
    under a blotch where such a box was read empty (blotches.clear_flat, as blotches.flat_grey_boxes clears a page's)."""
    dark = [k for k in candidates if darker(insides[k], th.ink, th)]  # most pages: none
    if not dark:
        return readings, {}, 0.0
    shifts = [r.shift for r in readings]
    bars = flat_in_ring(insides, ring_levels(dark8, printed, fine, places, shifts, dark, th.ink, th), th)
    reference = empty_strokes(readings, places, fine, th) if bars else None
    if reference is None:
        return readings, {}, 0.0
    pen = reference * th.blotch_stroke_ratio

    # the questions under a candidate, each with all its boxes; their pen marks stand above the empty boxes
    groups = [[k for k, (qk, _) in enumerate(pairs) if qk is q] for q in {pairs[k][0] for k in bars}]
    out, cleared = clear_flat(readings, groups, bars, lambda k: strongest_stroke(fine, places[k]), pen, th)
    ringed: dict[str, float] = {}
    for k in cleared:
        qid = pairs[k][0].id
        ringed[qid] = max(ringed.get(qid, 0.0), bars[k] / th.blotch_ring_slack)
    return out, ringed, reference


def stray_above(stray: dict[str, float], ringed: dict[str, float], gone: set[str], questions: list[Question],
                measure: Callable[[Thresholds, Question], float], th: Thresholds) -> list[Question]:
    """The questions under a blotch (grey_boxes) whose stray ink is measured again above the blotch's darkness
    (texture.above_texture at its level), where the blotch read a box empty (`gone`) or ink was found beside it;
    `stray` is updated in place with the lower of the two. A blotch's light halo round the print and its edges
    are no one's ink; a pen's strokes there are looked for by blotches.stray_strokes in the questions returned."""
    out = [q for q in questions if q.id in ringed and (q.id in gone or stray[q.id] >= th.stray_min_mm2)]
    for q in out:
        stray[q.id] = min(stray[q.id], measure(above_texture(th, ringed[q.id]), q))
    return out


def empty_strokes(readings: list[BoxReading], places: Sequence[Place], fine: Fine, th: Thresholds) -> float | None:
    """How strongly the page's own empty boxes (no ink in them) respond as strokes: their empty_stroke_quantile
    of blotches.stroke_darkness, less the inside's rim. A copier's spread outline and the light halo it leaves
    inside a blotched square respond more than plain paper does, and a pen's stroke more than both. None when
    the page has fewer than empty_boxes_min such boxes."""
    ks = [k for k, r in enumerate(readings) if r.state == BoxState.empty and r.coverage == 0.0]
    if len(ks) < th.empty_boxes_min:
        return None
    return float(np.percentile([strongest_stroke(fine, places[k]) for k in ks], th.empty_stroke_quantile))
