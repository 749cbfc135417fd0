"""A copy of a copy's toner specks in an empty box, judged against the specks on the paper right around it.

Augraphy's BadPhotoCopy noise strews a copy's paper, over part of a page, with toner specks that join into short
grey squiggles (heldout_augraphy copy2, seed 36, stack001_flatbed_002: empty boxes of Câu 3, 5a-5e and 6 hold
squiggles covering up to 17 % of the inside, read as marks or doubts beside a plain felt X or tick: seven
questions sent to review). A person sees the same squiggles all round those boxes and reads them as the paper's dirt.

The box reader judges each box against the page's paper as a whole (the noise floor, the plain squares); over
such a patch that paper is cleaner than the box's surroundings. Here a box whose darkest pixels are no darker
than the specks on the unprinted paper in a ring 1 to 2.4 mm round it (its speck_ring_quantile, times
speck_ring_slack), on at least speck_ring_sides of its four sides, and whose darkest straight run speck_line_mm (2.6 mm) long
is no darker than the ring's (times speck_line_slack; long_lines), reads empty, where its question holds a
plain mark of a pen whose ink is plainly darker (the box's darkest pixels under speck_mark_share of the mark's).
The straight run keeps a pen's stroke as light as the squiggles (tests/test_copy_speckled_rings.py: an X at
160 and 175 on the copy's 204 paper, a tick at 150, in squiggled boxes, stay asked about).
A box whose ink (its pixels darker than speck_piece_share of its darkest) is one piece is left alone: squiggles
are several specks, a pen's dot or short slash is one, too short for the straight run (a dot at 120 on that paper,
in a box of the speckled patch, was read empty without it).
Nor is a box whose ring holds a straight run darker than speck_ring_line_max: a pen's circle round the box,
not specks (tests/data/copies/copy2_speckled_multiple.jpg, Câu 7 box 5, was read empty without it).
Asking for specks on three sides keeps a mark's own stroke that runs out of its box over one or two sides
from vouching for it. Only boxes lighter than a pen's ink (blotches.may_be_blotch's candidates) are judged, and
only beside a plain mark darker than a blotch can be (blotch_ink_max): a light hand's page is left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache

import cv2
import numpy as np

from .blotches import RIM, darker, segments
from .ink import BoxReading, K, Place, Thresholds
from .local_blotches import RING_NEAR, paper_round, ring_window
from .template import Option, Question
from .traces import Fine
from .vocab import BoxState


@cache
def _runs(length: int, directions: int) -> tuple[np.ndarray, ...]:
    """Erosion kernels: straight segments `length` pixels long, one per direction."""
    return tuple((k > 0).astype(np.uint8) for k in segments(length, directions))


def runs(th: Thresholds) -> tuple[np.ndarray, ...]:
    """The straight runs long_lines looks for: speck_line_mm at the aligned page's K pixels per millimetre, in
    speck_line_directions directions."""
    return _runs(max(1, round(th.speck_line_mm * K)), th.speck_line_directions)


def top(values: np.ndarray, th: Thresholds) -> float:
    """The darkness (0 paper .. 1 print) the values' darkest pixels reach: their blotch_top_quantile."""
    return float(np.percentile(values, th.blotch_top_quantile)) if values.size else 0.0


def ring_sides(dark8: np.ndarray, free: np.ndarray, place: Place, th: Thresholds) -> list[float]:
    """How dark the paper round a box gets (speck_ring_quantile, 0 paper .. 1 print) in each of the four strips
    of the ring 1 to 2.4 mm round it (above, below, left, right), where `free` (local_blotches.paper_round); a
    strip with fewer than speck_ring_min pixels counts as clean paper (0.0)."""
    ya, yb, xa, xb = ring_window(dark8.shape, place)
    y0, y1, x0, x1 = place
    window = dark8[ya:yb, xa:xb]
    rows, cols = np.arange(ya, yb)[:, None], np.arange(xa, xb)[None, :]
    strips = [rows < y0 - RING_NEAR + 1, rows >= y1 + RING_NEAR - 1, cols < x0 - RING_NEAR + 1, cols >= x1 + RING_NEAR - 1]
    out = []
    for strip in strips:
        values = window[free & strip]
        out.append(float(np.percentile(values, th.speck_ring_quantile)) / 255 if values.size >= th.speck_ring_min
                   else 0.0)
    return out


def long_lines(fine: Fine, free: np.ndarray, place: Place, th: Thresholds) -> tuple[float, float]:
    """The darkest straight run speck_line_mm long (in speck_line_directions directions; the darkness against the paper right round
    each pixel, blurred over 3 pixels, that the run holds all along its length): within the box's inside (less
    its rim), and round it on the paper of `free` (local_blotches.paper_round), each measured with the other
    left out (a mark's stroke running out of the box is not the ring's, a speck of the ring not the box's);
    print and the other boxes count as paper. A pen's X, tick or slash holds such a run however light it is;
    toner squiggles, broken and bent, hold short ones only, as on the paper round them."""
    ya, yb, xa, xb = ring_window(fine.canon.shape, place)
    y0, y1, x0, x1 = place
    dark = fine.darkness(ya, yb, xa, xb)
    inside = np.zeros(dark.shape, bool)
    inside[y0 - ya + RIM:y1 - ya - RIM, x0 - xa + RIM:x1 - xa - RIM] = True

    def strongest(where: np.ndarray) -> float:
        if not where.any():
            return 0.0
        part = cv2.blur(np.where(where, dark, 0.0).astype(np.float32), (3, 3))
        kernels = runs(th)
        out = cv2.erode(part, kernels[0], borderType=cv2.BORDER_CONSTANT, borderValue=0)
        for kernel in kernels[1:]:
            np.maximum(out, cv2.erode(part, kernel, borderType=cv2.BORDER_CONSTANT, borderValue=0), out=out)
        return float(out[where].max())

    return strongest(inside), strongest(free)


def pieces(inside: np.ndarray, own: float, th: Thresholds) -> int:
    """How many separate pieces (8-connected) the inside's pixels darker than speck_piece_share of its darkest
    (`own`, its top) form, its rim left out: a pen's dot or short slash, however light, is one; a copy's toner
    squiggles are several specks."""
    core = inside[RIM:-RIM, RIM:-RIM] if min(inside.shape) > 2 * RIM else inside
    n = cv2.connectedComponents((core > th.speck_piece_share * own).astype(np.uint8), connectivity=8)[0]
    return int(n) - 1


def longest_piece_mm(inside: np.ndarray, own: float, th: Thresholds) -> float:
    """The longest (diagonal) of the pieces pieces() counts: a light line drawn across squiggles, however close to
    their darkness, is one piece from side to side; the squiggles are short (about 1 mm on a copy of a copy)."""
    core = inside[RIM:-RIM, RIM:-RIM] if min(inside.shape) > 2 * RIM else inside
    n, _, stats, _ = cv2.connectedComponentsWithStats((core > th.speck_piece_share * own).astype(np.uint8),
                                                      connectivity=8)
    return max((float(np.hypot(stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT])) / K for i in range(1, n)),
               default=0.0)


def specks_in_rings(readings: list[BoxReading], pairs: list[tuple[Question, Option]], insides: list[np.ndarray],
                    places: list[Place], candidates: list[int], dark8: np.ndarray, printed: np.ndarray,
                    fine: Fine, th: Thresholds) -> list[BoxReading]:
    """The readings with each candidate box (blotches.may_be_blotch, still read as ink) that holds no more than
    the specks round it read empty, where its question holds a plain mark plainly darker (see the module's
    docstring); the rest as they were."""
    live = [k for k in candidates if readings[k].state in (BoxState.marked, BoxState.uncertain)]
    if not live:
        return readings
    out = list(readings)
    tops: dict[int, float] = {}

    def top_of(k: int) -> float:  # a box's top, measured once however many of its mates ask
        if k not in tops:
            tops[k] = top(insides[k], th)
        return tops[k]

    strokes = stroke_marks(readings, insides, places, live, printed, fine, th, top_of)
    for k in live:
        q = pairs[k][0]
        marks = [j for j, (qj, _) in enumerate(pairs) if qj is q and j not in live
                 and readings[j].state == BoxState.marked and darker(insides[j], th.blotch_ink_max, th)]
        marks = marks or [j for j, (qj, _) in enumerate(pairs) if qj is q and j != k and j in strokes]
        if not marks:
            continue
        own = top_of(k)
        if own > th.speck_mark_share * min(top_of(j) for j in marks):
            continue
        r = readings[k]
        shift = r.shift
        free = paper_round(printed, places, k, shift)
        if sum(v * th.speck_ring_slack >= own for v in ring_sides(dark8, free, places[k], th)) < th.speck_ring_sides:
            continue
        if pieces(insides[k], own, th) < th.speck_pieces_min:
            continue
        if marks[0] in strokes and longest_piece_mm(insides[k], own, th) > th.speck_piece_mm:
            continue  # vouched for by a light stroke only: a light line across the squiggles is one long piece
        inside, ring = long_lines(fine, free, places[k], th)
        if inside <= ring * th.speck_line_slack and ring <= th.speck_ring_line_max:
            out[k] = replace(r, state=BoxState.empty, confidence=th.paper_empty_confidence)
    return out


def stroke_marks(readings: list[BoxReading], insides: list[np.ndarray], places: list[Place], live: list[int],
                 printed: np.ndarray, fine: Fine, th: Thresholds,
                 top_of: Callable[[int], float] | None = None) -> set[int]:
    """The candidate boxes read marked that hold a pen's plain stroke: a fine ballpoint's tick, copied, may be lighter
    than blotch_ink_max and so a candidate itself, yet it is one piece of ink (speck_piece_share of its darkest, at
    least speck_stroke_top_min) holding a straight run speck_stroke_ratio times the ring's round it, where squiggles
    hold as short runs as the paper does (heldout_augraphy copy2 seed 38, stack002_flatbed_005 Câu a4: a fine
    ballpoint slash at 0.69, its run 0.38 against the ring's 0.09, left the specked box beside it in doubt)."""
    out: set[int] = set()
    for k in live:
        r = readings[k]
        own = top_of(k) if top_of is not None else top(insides[k], th)
        if r.state != BoxState.marked or own < th.speck_stroke_top_min or pieces(insides[k], own, th) != 1:
            continue
        free = paper_round(printed, places, k, r.shift)
        inside, ring = long_lines(fine, free, places[k], th)
        if inside > 0 and inside >= th.speck_stroke_ratio * ring:
            out.add(k)
    return out
