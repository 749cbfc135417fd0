"""Whether a digit grid's write-in box holds a written digit: the grid's witness that a column was meant.

A column left unmarked under a written digit is a digit the respondent
forgot to mark, so the number goes to a person; missing the writing stores a
shorter number (142 as 42) without one. A "1" in hard pencil or a fine pen
is a few thin grey pixels, far under any share of the box, so a written
digit is also a stroke: one connected trace as tall as a good part of the
box, which neither a speck of toner nor JPEG noise makes. The box's own
printed edges are left out by looking only at its middle.
"""

from __future__ import annotations

import cv2
import numpy as np

from .ink import DEFAULT, Thresholds, rect_px
from .template_model import Rect

INK_MIN = 0.03  # a write-in box with more ink than this (as dark as stray ink) holds a written digit ...
STROKE_TALL = 0.3  # ... or one trace as dark as faint_trace_ink at least, this share of the box's height tall,
STROKE_PX_MIN = 12  # and of at least this many pixels
MARGIN = 0.15  # of the box's width and height left out on each side: its printed edges under a slight misfit


def written(dark8: np.ndarray, box: Rect, th: Thresholds = DEFAULT) -> bool:
    x, y, w, h = rect_px(box)
    inside = dark8[y + 3:y + h - 3, x + 3:x + w - 3]
    if not inside.size:
        return False
    if float(np.mean(inside > int(th.stray_ink * 255))) > INK_MIN:
        return True
    mx, my = int(round(w * MARGIN)), int(round(h * MARGIN))
    middle = dark8[y + my:y + h - my, x + mx:x + w - mx]
    if not middle.size:
        return False
    faint = (middle > int(th.faint_trace_ink * 255)).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(faint, connectivity=8)
    tall = STROKE_TALL * h
    return any(stats[i, cv2.CC_STAT_HEIGHT] >= tall and stats[i, cv2.CC_STAT_AREA] >= STROKE_PX_MIN
               for i in range(1, n))
