"""The printed outline's bands round every box of a page at once: box_place.outline_darkness and
box_place._weakest_side for a whole list of places in one array pass (the same values, float for float: the
same integer sums over the same float divisions), where the page's hundred-odd boxes each took a Python call."""

from __future__ import annotations

import numpy as np

from .ink import DEFAULT, K, Place, Thresholds

BAND_PX = 2  # the outline's band, as outline_darkness measures it


def _sum(flat: np.ndarray, stride: int, r0: np.ndarray, r1: np.ndarray, c0: np.ndarray, c1: np.ndarray) -> np.ndarray:
    """The integral image's sums over rows r0..r1 and columns c0..c1, per box (int64)."""
    return (flat.take(r1 * stride + c1) - flat.take(r0 * stride + c1) - flat.take(r1 * stride + c0)
            + flat.take(r0 * stride + c0))


def _frame(places: list[Place], th: Thresholds) -> tuple[np.ndarray, ...]:
    p = np.asarray(places, np.int64).reshape(-1, 4)
    inset = int(round(th.inset_mm * K))
    return p[:, 0] - inset, p[:, 1] + inset, p[:, 2] - inset, p[:, 3] + inset


def outline_darknesses(integral: np.ndarray, places: list[Place], th: Thresholds = DEFAULT) -> list[float | None]:
    """box_place.outline_darkness of each place (None: off the page)."""
    if not places:
        return []
    b, h, w = BAND_PX, integral.shape[0] - 1, integral.shape[1] - 1
    ya, yb, xa, xb = _frame(places, th)
    ya, yb, xa, xb = np.maximum(ya, 0), np.minimum(yb, h), np.maximum(xa, 0), np.minimum(xb, w)
    ok = (yb - ya > 2 * b) & (xb - xa > 2 * b)
    ya, yb, xa, xb = (np.where(ok, v, 2 * b) for v in (ya, yb, xa, xb))  # any place inside the page where not ok
    yb, xb = np.where(ok, yb, 4 * b + 1), np.where(ok, xb, 4 * b + 1)
    flat, stride = integral.ravel(), integral.shape[1]
    ring = _sum(flat, stride, ya, yb, xa, xb) - _sum(flat, stride, ya + b, yb - b, xa + b, xb - b)
    area = (yb - ya) * (xb - xa) - (yb - ya - 2 * b) * (xb - xa - 2 * b)
    out = ring.astype(np.float64) / (255.0 * area.astype(np.float64))
    return [float(v) if k else None for v, k in zip(out.tolist(), ok.tolist(), strict=True)]


def weakest_sides(integral: np.ndarray, places: list[Place], th: Thresholds = DEFAULT) -> list[float | None]:
    """box_place._weakest_side of each place: the mean darkness of the lightest of the four bands (None: off
    the page)."""
    if not places:
        return []
    b, h, w = BAND_PX, integral.shape[0] - 1, integral.shape[1] - 1
    ya, yb, xa, xb = _frame(places, th)
    ok = (ya >= 0) & (xa >= 0) & (yb <= h) & (xb <= w) & (yb - ya > 2 * b) & (xb - xa > 2 * b)
    ya, xa = np.where(ok, ya, 0), np.where(ok, xa, 0)
    yb, xb = np.where(ok, yb, 2 * b + 1), np.where(ok, xb, 2 * b + 1)
    flat, stride = integral.ravel(), integral.shape[1]

    def band(r0: np.ndarray, r1: np.ndarray, c0: np.ndarray, c1: np.ndarray) -> np.ndarray:
        return _sum(flat, stride, r0, r1, c0, c1).astype(np.float64) / (255.0 * ((r1 - r0) * (c1 - c0)).astype(np.float64))

    sides = np.minimum(np.minimum(band(ya, ya + b, xa, xb), band(yb - b, yb, xa, xb)),
                       np.minimum(band(ya, yb, xa, xa + b), band(ya, yb, xb - b, xb)))
    return [float(v) if k else None for v, k in zip(sides.tolist(), ok.tolist(), strict=True)]
