"""Whether a digit grid's write-in boxes hold writing: the evidence that a column left unmarked was meant.

A digit written in the comb over a column left unmarked sends the grid to a
person (written_not_marked); without that evidence a lost leading digit
reads as a plausible smaller number, final (188 stored as 88). Counting
dark pixels alone misses what the bubbles below still see: a hard pencil,
lightly held, one pixel wide. So a comb box is measured as a bubble is:
its share of ink, or a stroke in it that stands out from the side's own
noise (traces.trace against the noise floor of its empty boxes), as long
and as dark as a light mark in a bubble must be. Each comb box is looked
for where the grid's bubbles were found (and its own printed outline
around there), so a page registered a little off does not put the
outline's edge inside the box as a stroke.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from .box_place import locate_boxes
from .fine import Fine
from .ink import DEFAULT, BoxReading, K, Thresholds, rect_px
from .template import Rect
from .traces import Trace, trace

COMB_INK_MIN = 0.03  # a write-in box with more ink than this (pixels at stray_ink) holds a written digit, not a speck
INSET_PX = 3  # the box's inside: its printed outline left out
STROKE_DARK = 0.045  # a stroke this dark (its median line response) at least ...
STROKE_RATIO = 2.5  # ... and this many times the level the side's noise allows is writing
RIM_PX = 3  # the inside's outer rings left out of the stroke measure
SEARCH_MM = 0.6  # how far from where the bubbles put it a comb box's outline is looked for


@dataclass(frozen=True)
class CombBox:
    """What one write-in box holds: its share of ink and its longest stroke above the side's noise."""

    ink: float
    stroke: Trace | None

    def written(self, th: Thresholds = DEFAULT) -> bool:
        if self.ink > COMB_INK_MIN:
            return True
        s = self.stroke
        return (s is not None and s.length_mm >= th.trace_marked_mm and s.darkness >= STROKE_DARK
                and s.darkness >= STROKE_RATIO * s.level)


def comb_boxes(dark8: np.ndarray, canon: np.ndarray, lv: tuple[float, float], comb: Sequence[Rect],
               bubbles: list[BoxReading], floor: float, th: Thresholds = DEFAULT) -> list[CombBox]:
    """Each write-in box of one grid, measured. bubbles: the grid's readings (where its bubbles were found)."""
    if not comb:
        return []
    shift = ((int(round(statistics.median(r.dx_mm for r in bubbles) * K)),
              int(round(statistics.median(r.dy_mm for r in bubbles) * K))) if bubbles else (0, 0))
    rects = np.array([rect_px(r) for r in comb], np.int64)
    x0, y0 = int(rects[:, 0].min()) - 20, int(rects[:, 1].min()) - 20
    x1, y1 = int((rects[:, 0] + rects[:, 2]).max()) + 20, int((rects[:, 1] + rects[:, 3]).max()) + 20
    h, w = dark8.shape
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, w), min(y1, h)
    if x1 - x0 < 8 or y1 - y0 < 8:
        return [CombBox(0.0, None) for _ in comb]
    # the grid's own corner of the page: its integral costs what the comb's few boxes need, not the page's
    integral = cv2.integral(np.ascontiguousarray(dark8[y0:y1, x0:x1]), sdepth=cv2.CV_32S)
    local = rects - np.array([x0, y0, 0, 0], np.int64)
    shifts = locate_boxes(integral, local, int(round(SEARCH_MM * K)), np.array([shift] * len(comb), np.int64))
    places = []
    for (x, y, bw, bh), (dx, dy) in zip(rects, shifts, strict=True):
        top, left = int(y + dy) + INSET_PX, int(x + dx) + INSET_PX
        places.append((top, max(top, int(y + dy + bh) - INSET_PX), left, max(left, int(x + dx + bw) - INSET_PX)))
    lines = Fine(canon, *lv).lines(places)
    out = []
    for (t, b, le, ri), line in zip(places, lines, strict=True):
        inside = dark8[t:b, le:ri]
        ink = float(np.mean(inside > int(th.stray_ink * 255))) if inside.size else 0.0
        out.append(CombBox(ink, trace(_without_rim(line), floor, th)))
    return out


def _without_rim(line: np.ndarray) -> np.ndarray:
    """The line response less its outer RIM_PX rings: a comb's grey printed outline, blurred, reaches in there
    along two sides at once (an L that no one-side test leaves out); a digit is written in the middle."""
    out = np.zeros_like(line)
    h, w = line.shape
    if h > 2 * RIM_PX and w > 2 * RIM_PX:
        out[RIM_PX:h - RIM_PX, RIM_PX:w - RIM_PX] = line[RIM_PX:h - RIM_PX, RIM_PX:w - RIM_PX]
    return out


def written_columns(boxes: list[CombBox], th: Thresholds = DEFAULT) -> list[int]:
    """The columns (1...) whose write-in box holds writing."""
    return [k for k, b in enumerate(boxes, 1) if b.written(th)]
