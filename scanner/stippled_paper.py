"""A copier's stipple outside the boxes: the grain a worn drum or a copy of a copy leaves over part of a side.

Where a copier stippled the paper (a third of a side, its lower half), the faint levels at which a hard pencil's
circle is looked for outside the boxes (stray.stray_ink_mm2) join its grains into long traces and blots, and
every question there went to review for stray ink (copies seeds 33 and 38: 8 and 7 questions, on one side each),
though the page-wide texture (texture.py) stays low because the rest of the side is clean.

Each such piece is judged against the paper right round it, at its own level: a person's circle or stroke is
alone on its paper (the ring round it holds at most 1.6 % of pixels as dark, measured on the copies' circles),
a stipple grain lies among others (4-33 %). A piece holding a dark core as long as a pen's stroke is kept
whatever surrounds it: a ballpoint circle drawn over the stipple still counts. A hard pencil's circle drawn
over the stipple itself is no lighter than the grain, and no darker: there, as on textured paper, it is lost.
"""

from __future__ import annotations

import cv2
import numpy as np

from .ink import K, Thresholds


def stipple_mask(region: np.ndarray, free: np.ndarray, unprinted: np.ndarray, th: Thresholds) -> np.ndarray:
    """The pixels of a question region's free paper (`free`, outside print and marks) that belong to pieces of
    stipple: traces at faint_trace_ink whose ring (stipple_ring_mm round them, free paper only) holds at least
    stipple_ring_share as dark, and that touch no piece of ink at stray_ink off the print (`unprinted`) as long as
    stipple_core_mm: a pen's circle is whole there, even where the boxes' own margins (their marks' claim) cut
    it into short arcs. `region`: the region's darkness (0-255)."""
    trace = (region > int(th.faint_trace_ink * 255)) & free
    out = np.zeros_like(free)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(trace.view(np.uint8), connectivity=8)
    if n <= 1:
        return out
    diagonals = np.hypot(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]) / K
    counted = (diagonals >= th.faint_stroke_mm) | (stats[1:, cv2.CC_STAT_AREA] >= th.speck_mm2 * K * K)
    r = max(int(round(th.stipple_ring_mm * K)), 1)
    kernel = np.ones((2 * r + 1, 2 * r + 1), np.uint8)
    _, cores, core_stats, _ = cv2.connectedComponentsWithStats(((region > int(th.stray_ink * 255)) & unprinted).view(np.uint8),
                                                               connectivity=8)
    long_core = np.hypot(core_stats[:, cv2.CC_STAT_WIDTH], core_stats[:, cv2.CC_STAT_HEIGHT]) / K >= th.stipple_core_mm
    long_core[0] = False  # the background
    height, width = region.shape
    for i in (np.flatnonzero(counted) + 1).tolist():  # only the pieces the stray measures could count
        x, y, w, h = (int(v) for v in stats[i, :4])
        ya, yb, xa, xb = max(y - r, 0), min(y + h + r, height), max(x - r, 0), min(x + w + r, width)
        piece = labels[ya:yb, xa:xb] == i
        ring = cv2.dilate(piece.view(np.uint8), kernel).view(bool) & ~piece & free[ya:yb, xa:xb]
        around = np.count_nonzero(ring)
        if not around or np.count_nonzero(trace[ya:yb, xa:xb] & ring) < th.stipple_ring_share * around:
            continue  # alone on its paper: a person's
        if long_core[cores[ya:yb, xa:xb][piece]].any():
            continue  # a pen's stroke runs through it
        out[ya:yb, xa:xb] |= piece
    return out

