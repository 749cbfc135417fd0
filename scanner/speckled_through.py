"""A line run through a box, judged on a copy whose toner specks are darker than faint_ink.

stray.runs_through follows the ink in a box out past it, at faint_ink, to tell a hair, a scratch or a ruler line
through the box (it goes on beyond it) from a person's stroke (it stops). On a copy of a copy the paper round the
boxes is strewn with toner specks darker than faint_ink, and at that level they join each other, the printed
square and everything near into a web over the window looked in: a plain pen tick or slash that merely touches
its box's outline then "runs through" it, and its question goes to a person (heldout_augraphy copy2 seed 38,
stack005_flatbed_006 Câu 7 and stack004_flatbed_002 Câu 1: blue ballpoint ticks and a slash ending on the outline,
coverage 0.17, on paper a tenth of which is darker than 0.24-0.28 round them, where the ticks stop at 0.18-0.23).

A person reads such a tick at once: it is darker than the specks, and the specks are the paper's. So where the
box holds a pen's stroke (a piece of ink longer than through_stroke_mm whose straight run stands above the ring's
by speck_line_slack, as speckled_rings measures them: the ticks' pieces 3.2-3.7 mm, their runs 1.55-3 times the
ring's) and the unprinted paper in the window looked in has specks darker than faint_ink (its
through_paper_quantile: more than a tenth of it is above faint_ink), the ink is followed out of the box above that
level instead: a line through the box must run on past it above the paper's own specks. On clean paper nothing
changes (the level stays faint_ink); a line no darker than the copy's specks could not be told from them anyway. A
squiggled box read marked is asked about as before: there the web running on past the box is what keeps its
specks from being taken for an answer (seed 38: five such empty boxes, pieces up to 2.2 mm, runs up to 1.2 times
the ring's).
"""

from __future__ import annotations

import cv2
import numpy as np

from .fine import Fine
from .ink import K, Place, Thresholds
from .local_blotches import RING_NEAR, paper_round
from .speckled_rings import long_lines, longest_piece_mm, top
from .stray import runs_through, shifted_print

_PRINT_GROW = np.ones((5, 5), np.uint8)  # the print's copier spread and halo (as local_blotches's ring leaves out)


def runs_through_paper(dark8: np.ndarray, printed: np.ndarray, places: list[Place], k: int, shift: tuple[int, int],
                       inside: np.ndarray, fine: Fine | None, th: Thresholds) -> bool:
    """stray.runs_through for box k (places[k], moved by `shift` on the page; `inside` its inside as read), above
    the paper's own specks round it where they are darker than faint_ink and the box holds a pen's stroke (see the
    module's docstring)."""
    if not runs_through(dark8, places[k], th, fine):
        return False
    if fine is None:
        return True
    level = paper_level(printed, places, k, shift, fine, th, th.through_paper_quantile)
    if level <= th.faint_ink or not _stroke(printed, places, k, shift, inside, fine, th):
        return True
    return runs_through(dark8, places[k], th, fine, level)


def _stroke(printed: np.ndarray, places: list[Place], k: int, shift: tuple[int, int], inside: np.ndarray, fine: Fine,
            th: Thresholds) -> bool:
    """Whether box k holds a pen's stroke, not squiggles: a piece of ink longer than through_stroke_mm whose
    straight run is darker than the ring's round it by speck_line_slack (speckled_rings.long_lines)."""
    own = top(inside, th)
    if own <= 0 or longest_piece_mm(inside, own, th) < th.through_stroke_mm:
        return False
    run, ring = long_lines(fine, paper_round(printed, places, k, shift), places[k], th)
    return run > ring * th.speck_line_slack


def paper_level(printed: np.ndarray, places: list[Place], k: int, shift: tuple[int, int], fine: Fine,
                th: Thresholds, quantile: float) -> float:
    """How dark the unprinted paper gets in the window runs_through looks in round box k (through_far_mm): the
    `quantile` (percent) of its darkness against the paper (0 paper .. 1 print), print (moved by the box's
    shift, grown by a copier's spread) and every box with its square left out; 0.0 where fewer than
    speck_ring_min such pixels are left. runs_through_paper asks for a quantile low enough that a line
    crossing the window, a few percent of its pixels, does not set it."""
    y0, y1, x0, x1 = places[k]
    far = int(round(th.through_far_mm * K)) + 2
    h, w = fine.canon.shape[:2]
    ya, yb, xa, xb = max(0, y0 - far), min(h, y1 + far), max(0, x0 - far), min(w, x1 + far)
    free = cv2.dilate(shifted_print(printed, (xa, ya, xb, yb), shift).astype(np.uint8), _PRINT_GROW) == 0
    for by0, by1, bx0, bx1 in places:
        free[max(0, by0 - RING_NEAR - ya):max(0, by1 + RING_NEAR - ya),
             max(0, bx0 - RING_NEAR - xa):max(0, bx1 + RING_NEAR - xa)] = False
    values = fine.darkness(ya, yb, xa, xb)[free]
    return float(np.percentile(values, quantile)) if values.size >= th.speck_ring_min else 0.0
