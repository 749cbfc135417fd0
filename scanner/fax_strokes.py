"""What a 1-bit fax leaves of a pen's straight strokes: specks in a row along them, told from a shading's grain.

A fax's threshold may keep only fragments of a light ballpoint's X: a few dashes and, between them, single
pixels more than a couple of pixels from any dash (heldout_augraphy fax, seed 31: three X's of one side asked
about for their specks). A box filled in pencil to cancel it, half kept, leaves its grain across the box instead.
An X or a tick is two straight strokes: when the box's ink, fragments and specks together lie on two straight
lines each crossing much of the box, its specks are the strokes' own remains. One line alone is not enough: a hair
or a crease across a 1-bit box is one straight line of specks too (tests/test_artefacts.py, hair on 1-bit).
"""

from __future__ import annotations

import numpy as np

LINE_TOL_PX = 1.5  # a pixel this close to a line lies on it (a ballpoint's stroke is about 2 pixels wide)
LINE_SPAN_SHARE = 0.5  # each line's ink reaches across this share of the box's side at least
MOST_PIXELS = 120  # more ink than this is no remains of strokes (nor cheap to fit)


def on_two_strokes(ink: np.ndarray, loose: np.ndarray) -> bool:
    """Whether the box's ink pixels (ink, boolean) lie on two straight lines that each span much of the box, with
    every loose speck pixel (loose, boolean) on one of them."""
    ys, xs = np.nonzero(ink)
    if len(xs) < 4 or len(xs) > MOST_PIXELS or not loose.any():
        return False
    pts = np.stack([xs, ys], axis=1).astype(np.float32)
    span = LINE_SPAN_SHARE * min(ink.shape)
    first = _best_line(pts)
    on = _near(pts, first)
    if not _spans(pts[on], first, span):
        return False
    if on.all():
        return False  # one straight line alone may be a hair or a fold's crease across the box: asked about
    rest = pts[~on]
    if len(rest) < 2:
        return False
    second = _best_line(rest)
    near2 = _near(pts, second)
    if not _spans(pts[near2], second, span):
        return False
    return bool((on | near2).all())


def _best_line(pts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The line through two of the points that passes near the most of them: (a point on it, its direction)."""
    i, j = np.triu_indices(len(pts), k=2)  # pairs at least two apart in scan order: not neighbours of one run
    if not len(i):
        i, j = np.triu_indices(len(pts), k=1)
    d = pts[j] - pts[i]
    norm = np.hypot(d[:, 0], d[:, 1])
    keep = norm >= 2.0
    if keep.any():
        i, j, d, norm = i[keep], j[keep], d[keep], norm[keep]
    u = d / np.maximum(norm, 1e-6)[:, None]
    rel = pts[None, :, :] - pts[i][:, None, :]  # pairs x points x 2
    dist = np.abs(rel[:, :, 0] * u[:, None, 1] - rel[:, :, 1] * u[:, None, 0])
    best = int(np.argmax((dist <= LINE_TOL_PX).sum(axis=1)))
    return pts[i[best]], u[best]


def _near(pts: np.ndarray, line: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    p, u = line
    rel = pts - p
    return np.abs(rel[:, 0] * u[1] - rel[:, 1] * u[0]) <= LINE_TOL_PX


def _spans(pts: np.ndarray, line: tuple[np.ndarray, np.ndarray], span: float) -> bool:
    if len(pts) < 3:
        return False
    along = (pts - line[0]) @ line[1]
    return float(along.max() - along.min()) >= span
