"""A pen's stroke that a 1-bit fax cut into dashes: pieces of ink in a row along a slanted line across the box.

Faxed in black and white, a light ballpoint's slash, tick or X keeps only its darkest stretches: two or three
dashes a few pixels long with paper between them (heldout_augraphy fax, seed 31: a date grid's and a number grid's
bubbles, 3.5 to 5 % ink, each read "in doubt" while the same pen's X's beside them read marked). A person sees the
stroke at once: the dashes lie on one straight slanted line (an X's on two) reaching across most of the box.

What else leaves ink in a 1-bit box does not do that: a pencil's shading half kept leaves grain across the box,
off any line; a fax's streak or a low-ink line runs level or upright, through the outline; a lone speck or two is
no row. So a doubt is read marked only when its ink is in at least two dashes, every pixel of it lies on one or
two slanted lines, and each line reaches across most of the box's side (a tick whose short arm does not is left in
doubt). A box filled in pencil to cancel it whose shading the fax took entirely looks like this too; on a side
where the pen was lost, rules.page_rules asks about every answer not read from the page's own remains, these
included.
"""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from .ink import BoxReading, Thresholds
from .vocab import BoxState

LINE_TOL_PX = 1.5  # a pixel this close to a line lies on it (a ballpoint's stroke is about 2 pixels wide)
SLANT_MIN_DEG, SLANT_MAX_DEG = 25.0, 65.0  # a hand's slash, tick or X stroke; a streak runs level or upright
REACH_SHARE = 0.75  # a stroke's ink reaches across this share of the box's side at least ...
DASH_MIN_PX = 3  # ... in at least two dashes this large
MOST_PIXELS = 80  # more ink than this is no broken stroke (nor cheap to fit)

Line = tuple[np.ndarray, np.ndarray]  # a point on it, its unit direction


def _slanted(u: np.ndarray) -> bool:
    angle = float(np.degrees(np.arctan2(abs(u[1]), abs(u[0]))))
    return SLANT_MIN_DEG <= angle <= SLANT_MAX_DEG


def _best_slanted_line(pts: np.ndarray) -> tuple[Line, np.ndarray] | None:
    """The slanted line through two of the points passing near the most of them, and which points lie near it."""
    i, j = np.triu_indices(len(pts), k=1)
    d = pts[j] - pts[i]
    norm = np.hypot(d[:, 0], d[:, 1])
    keep = norm >= 3.0
    if not keep.any():
        return None
    i, d, norm = i[keep], d[keep], norm[keep]
    u = d / norm[:, None]
    angle = np.degrees(np.arctan2(np.abs(u[:, 1]), np.abs(u[:, 0])))
    ok = (angle >= SLANT_MIN_DEG) & (angle <= SLANT_MAX_DEG)
    if not ok.any():
        return None
    i, u = i[ok], u[ok]
    rel = pts[None, :, :] - pts[i][:, None, :]
    near = np.abs(rel[:, :, 0] * u[:, None, 1] - rel[:, :, 1] * u[:, None, 0]) <= LINE_TOL_PX
    best = int(np.argmax(near.sum(axis=1)))
    return (pts[i[best]], u[best]), near[best]


def _reaches(pts: np.ndarray, line: Line, side: int) -> bool:
    """Whether the points on a line reach across REACH_SHARE of the box's side."""
    along = (pts - line[0]) @ line[1]
    return along.size >= DASH_MIN_PX and float(along.max() - along.min()) >= REACH_SHARE * side


def dashed_strokes(ink: np.ndarray) -> bool:
    """Whether a box's ink (boolean) is in dashes (two pieces of DASH_MIN_PX at least) that lie on one slanted
    stroke reaching across the box, or on two slanted the opposite ways each reaching across it (an X), every
    pixel on them."""
    ys, xs = np.nonzero(ink)
    if len(xs) < 2 * DASH_MIN_PX or len(xs) > MOST_PIXELS:
        return False
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    if int(np.count_nonzero(stats[1:, cv2.CC_STAT_AREA] >= DASH_MIN_PX)) < 2:
        return False  # one piece is no stroke the fax broke (a hair, a crease), a few specks no stroke at all
    pts = np.stack([xs, ys], axis=1).astype(np.float32)
    first = _best_slanted_line(pts)
    if first is None or not _reaches(pts[first[1]], first[0], min(ink.shape)):
        return False
    (_, u1), on = first
    if on.all():
        return True
    rest = pts[~on]
    second = _best_slanted_line(rest) if len(rest) >= DASH_MIN_PX else None
    if second is None or not second[1].all():
        return False  # ink off the strokes: grain, or something else in the box
    if not _reaches(rest, second[0], min(ink.shape)):
        return False  # a second stroke as short as a fleck: no X's other line
    u2 = second[0][1]
    return bool(np.sign(u1[0] * u1[1]) != np.sign(u2[0] * u2[1]))  # an X's or a tick's two strokes cross


def strokes_in_dashes(readings: list[BoxReading], insides: list[np.ndarray], th: Thresholds) -> list[BoxReading]:
    """A 1-bit side's readings with each doubt all of whose ink is a pen's strokes in dashes read marked; a doubt as
    dense as a fill-in's kept X (broken_dense_min) stays one."""
    return [replace(r, state=BoxState.marked, confidence=th.dash_confidence)
            if r.state == BoxState.uncertain and 0 < r.coverage < th.broken_dense_min and insides[k].size
            and dashed_strokes(insides[k] > th.ink) else r
            for k, r in enumerate(readings)]
