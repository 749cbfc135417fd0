"""Where a photo's curl or fold moved a part of the page against the page-wide fit: a local correction of the boxes'
places, learnt from the printed boxes' own outlines found near their expected places.

One homography through all the boxes of a page (box_place.page_offsets) is right on a flat scan. On a phone photo
of a curled or folded sheet a strip of the page (a column of boxes beside the fold, the part of the page the curl
lifts) lies a millimetre or two from where that fit puts it: RANSAC takes the larger part as inliers and the rest
is then looked for around the wrong place (within search_mm only), so its insides hold their own squares' edges.

Each box's square was already looked for in a wide window around its template place. Where the page-wide fit
leaves such residuals on several boxes whose squares were plainly seen (a dark ring, a light inside: not a filled
box, whose ring is dark anywhere on its fill), each box's place is moved by the median residual of its nearest
plainly seen boxes (itself among them). The median keeps a single misfound box from moving its neighbours, and a
fold's step between two columns stays a step. On a flat scan no box has such a residual and nothing changes.
"""

from __future__ import annotations

import numpy as np

from .ink import DEFAULT, K, Thresholds


def local_offsets(integral: np.ndarray, rects: np.ndarray, found: np.ndarray, fitted: np.ndarray,
                  th: Thresholds = DEFAULT) -> np.ndarray:
    """Each box's offset in pixels (dx, dy, rounded) from its template place: the page-wide fit's (`fitted`, float),
    moved locally where the boxes' own squares (`found`, their wide search's shifts) show it misses a part of the
    page. rects: the boxes' (x, y, w, h) in pixels of the aligned page."""
    out = np.rint(fitted).astype(np.int64)
    if len(rects) < th.local_mates:
        return out
    residual = found.astype(np.float64) - fitted
    seen = _plainly_seen(integral, rects, found, th)
    off = np.abs(residual).max(axis=1) >= th.local_residual_px
    if int(np.sum(seen & off)) < th.local_boxes_min:
        return out  # the page-wide fit holds (a flat scan): every box stays where it put it
    centres = rects[:, :2] + rects[:, 2:] / 2
    mates = np.flatnonzero(seen)
    if len(mates) < th.local_mates:
        return out
    gaps = np.hypot(*(centres[:, None, :] - centres[None, mates, :]).transpose(2, 0, 1))  # (boxes, mates)
    nearest = np.argsort(gaps, axis=1)[:, :th.local_mates]
    near_enough = np.take_along_axis(gaps, nearest, axis=1) <= th.local_reach_mm * K
    for k in range(len(rects)):
        use = mates[nearest[k][near_enough[k]]]
        if len(use) < th.local_mates_min:
            continue
        shift = np.median(residual[use], axis=0)
        if np.abs(shift).max() >= th.local_shift_min_px:
            out[k] = np.rint(fitted[k] + shift).astype(np.int64)
    return out


def _plainly_seen(integral: np.ndarray, rects: np.ndarray, shifts: np.ndarray, th: Thresholds) -> np.ndarray:
    """Boxes whose square was found with a dark outline round a light inside (a filled or heavily marked box's
    ring is dark wherever it lies on its fill, so its place tells nothing)."""
    b = 2
    x, y = rects[:, 0] + shifts[:, 0], rects[:, 1] + shifts[:, 1]
    w, h = rects[:, 2], rects[:, 3]
    hi, wi = integral.shape[0] - 1, integral.shape[1] - 1
    ok = (x >= 0) & (y >= 0) & (x + w <= wi) & (y + h <= hi)
    x, y = np.clip(x, 0, wi - w), np.clip(y, 0, hi - h)

    def box_sum(ax: np.ndarray, ay: np.ndarray, aw: np.ndarray, ah: np.ndarray) -> np.ndarray:
        total: np.ndarray = (integral[ay + ah, ax + aw] - integral[ay, ax + aw] - integral[ay + ah, ax]
                             + integral[ay, ax]).astype(np.float64)
        return total

    outer, inner = box_sum(x, y, w, h), box_sum(x + b, y + b, w - 2 * b, h - 2 * b)
    ring = (outer - inner) / (255.0 * (w * h - (w - 2 * b) * (h - 2 * b)))
    inset = int(round(th.inset_mm * K))
    middle = box_sum(x + inset, y + inset, w - 2 * inset, h - 2 * inset) / (
        255.0 * np.maximum((w - 2 * inset) * (h - 2 * inset), 1))
    out: np.ndarray = ok & (ring >= th.outline_min) & (middle <= th.local_inside_max * ring)
    return out
