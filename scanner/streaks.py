"""Streaks a scanner draws down every page (dust or a scratch on a feeder's glass, a dead sensor element).

Such a line runs straight through a column of boxes: read as it is, it
marks an option in every question it crosses, on every page of the stack.
It is found as a thin line darker than the paper on both sides of it that
runs down the scan's own pixel columns much further than anything printed
on a form does, and it is painted over with the paper beside it before the
page is read. A person's mark crossing it keeps everything but the
streak's own few pixels. Only lines along the feed (down the page) are
looked for: across the page, a line of print is just such a line.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

ROW_STEP = 4  # rows looked at (a streak is straight: every fourth row finds it)
CONTRAST = 18  # grey levels darker than the paper on both sides
REACH = 6  # the paper looked at this many pixels either side: streaks up to REACH - 1 pixels wide
CANDIDATE_SHARE = 0.2  # a column darker than both sides in this share of rows is looked at closely ...
MIN_RUN_MM = 90.0  # ... and is a streak where that holds over this length, gaps bridged
GAP_MM = 8.0  # a streak crossing a dark patch (a printed mark, a filled box) is not a line there ...
MAX_PAPER_MM = 1.5  # ... and never as light as the paper beside it for longer than this (a 1-bit scan may
# break a grey streak into dots; a column of boxes has paper between them) ...
MAX_PAPER = 0.15  # ... nor, on a grey scan, along more than this share of its run


@dataclass(frozen=True)
class Streak:
    first: int  # the first and last pixel column it covers
    last: int
    start: int  # the rows it runs through
    stop: int


def _runs(on: np.ndarray, gap: int, min_run: int) -> list[tuple[int, int]]:
    """Runs of True, gaps up to `gap` bridged, at least `min_run` long."""
    idx = np.flatnonzero(on)
    if idx.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(idx) > gap)
    starts = np.concatenate(([idx[0]], idx[breaks + 1]))
    stops = np.concatenate((idx[breaks], [idx[-1]]))
    return [(int(a), int(b)) for a, b in zip(starts, stops, strict=True) if b - a + 1 >= min_run]


def _longest(on: np.ndarray) -> int:
    """The longest run of True."""
    runs = _runs(on, 0, 1)
    return max((b - a + 1 for a, b in runs), default=0)


def _find(gray: np.ndarray, px_per_mm: float) -> list[tuple[int, int, int, int]]:
    """(first column, last column, first row, last row) of each streak."""
    h, w = gray[::ROW_STEP].shape
    if w <= 2 * REACH + 1:
        return []
    darker, bilevel = _darker(gray[::ROW_STEP])
    share = np.count_nonzero(darker, axis=0) / h  # darker.mean(axis=0), the same float64 quotients
    if not np.any(share >= CANDIDATE_SHARE):
        return []  # most pages: no column to look at closely
    g = gray[::ROW_STEP].astype(np.int16)
    core = g[:, REACH:w - REACH]
    sides = g[:, :w - 2 * REACH], g[:, 2 * REACH:]
    found: list[tuple[int, int, int, int]] = []
    min_run = int(MIN_RUN_MM * px_per_mm / ROW_STEP)
    gap = int(GAP_MM * px_per_mm / ROW_STEP)
    for c in np.flatnonzero(share >= CANDIDATE_SHARE):
        for a, b in _runs(darker[:, c], gap, min_run):
            column = core[a:b + 1, c]
            paper = column >= np.maximum(sides[0][a:b + 1, c], sides[1][a:b + 1, c]) - CONTRAST // 3
            if _longest(paper) * ROW_STEP > MAX_PAPER_MM * px_per_mm or (not bilevel and paper.mean() > MAX_PAPER):
                continue  # plain paper between dark stretches: box edges stacked down a column of questions
            found.append((int(c) + REACH, int(c) + REACH, a * ROW_STEP, min(b * ROW_STEP + ROW_STEP - 1, gray.shape[0] - 1)))
    merged: list[tuple[int, int, int, int]] = []
    for c0, c1, r0, r1 in sorted(found):
        if merged and c0 <= merged[-1][1] + 1 and r0 <= merged[-1][3] and r1 >= merged[-1][2]:
            m = merged[-1]
            merged[-1] = (m[0], c1, min(m[2], r0), max(m[3], r1))
        else:
            merged.append((c0, c1, r0, r1))
    return merged


def _darker(g: np.ndarray) -> tuple[np.ndarray, bool]:
    """Where a pixel is darker than the paper on both sides by CONTRAST (core < min(sides) - CONTRAST in 16 bits),
    and whether the rows hold only black and white. An 8-bit page in 8 bits (issue 26: a third of the cost):
    core + CONTRAST < min(sides) with the sum saturated at 255, which is never below a grey level, as a
    difference below 0 never is above one; the same booleans."""
    w = g.shape[1]
    if g.dtype == np.uint8:
        g8 = np.ascontiguousarray(g)
        darker = cv2.compare(cv2.add(g8[:, REACH:w - REACH], CONTRAST),
                             cv2.min(g8[:, :w - 2 * REACH], g8[:, 2 * REACH:]), cv2.CMP_LT) > 0
        return darker, cv2.countNonZero(cv2.inRange(g8, 1, 254)) == 0
    g16 = g.astype(np.int16)
    core, sides = g16[:, REACH:w - REACH], (g16[:, :w - 2 * REACH], g16[:, 2 * REACH:])
    return core < np.minimum(*sides) - CONTRAST, not np.any((g16 > 0) & (g16 < 255))


def find_streaks(gray: np.ndarray) -> list[Streak]:
    """Streaks running down the scan as it came from the scanner."""
    return [Streak(*s) for s in _find(gray, max(gray.shape) / 297.0)]


def erase_streaks(gray: np.ndarray, streaks: list[Streak]) -> np.ndarray:
    """The page with each streak painted over by the paper beside it: the left half of a streak from the pixel
    left of it, the right half from the pixel right of it (a 1-bit page stays black and white)."""
    if not streaks:
        return gray
    out = gray.copy()
    n = out.shape[1]
    for s in streaks:
        a, b = max(s.first - 1, 0), min(s.last + 1, n - 1)  # one pixel more each side: the streak's blur
        left, right = max(a - 1, 0), min(b + 1, n - 1)
        mid = (a + b + 1) // 2
        rows = slice(s.start, s.stop + 1)
        out[rows, a:mid] = out[rows, left:left + 1]
        out[rows, mid:b + 1] = out[rows, right:right + 1]
    return out
