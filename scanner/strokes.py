"""A pen's straight stroke across a box, told from mottled paper by averaging darkness along whole lines.

A phone photo of textured paper in uneven light leaves every box's inside hazy, and a light pencil X there is
no darker, pixel by pixel, than the haze: both pass as "the paper's own" (traces.Paper). What tells them apart
is shape. The haze is blotches a millimetre or two across, which average out along a line crossing the box;
a stroke keeps its darkness along its whole length. So each inside is sampled along straight lines through
its middle at many angles, and its straightest stroke is the darkest such line above the inside's median.
"""

from __future__ import annotations

from functools import cache

import cv2
import numpy as np

from .fast_stats import median

_ANGLES = 24  # every 7.5 degrees: a stroke within about 4 degrees of one of them keeps most of its darkness
_CENTRE_SHARE = 0.35  # lines passing this share of the half-width from the middle at most (an X, a tick, a slash
# cross the middle; a box's own edge, moved in by a fold or curl, and a neighbour's label do not)
_LENGTH_SHARE = 0.6  # a line shorter than this share of the inside's side (a corner cut) is not a stroke across it


@cache
def _sampling(h: int, w: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where each line's samples fall in an h x w inside (map_x, map_y: lines x samples), and which are inside."""
    cy, cx = (h - 1) / 2, (w - 1) / 2
    half = float(np.hypot(h, w)) / 2
    along = np.arange(-np.floor(half), np.floor(half) + 1, dtype=np.float32)
    reach = max(1, int(round(_CENTRE_SHARE * min(h, w) / 2)))
    offsets = np.arange(-reach, reach + 1, dtype=np.float32)
    angles = np.pi * np.arange(_ANGLES, dtype=np.float32) / _ANGLES
    dirs = np.stack([np.cos(angles), np.sin(angles)], axis=1)  # (angles, 2)
    normals = np.stack([-np.sin(angles), np.cos(angles)], axis=1)
    # (angles, offsets, samples)
    xs = cx + dirs[:, 0, None, None] * along[None, None, :] + normals[:, 0, None, None] * offsets[None, :, None]
    ys = cy + dirs[:, 1, None, None] * along[None, None, :] + normals[:, 1, None, None] * offsets[None, :, None]
    valid = (xs >= 0) & (xs <= w - 1) & (ys >= 0) & (ys <= h - 1)
    n = len(offsets)
    return (xs.reshape(_ANGLES * n, -1).astype(np.float32), ys.reshape(_ANGLES * n, -1).astype(np.float32),
            valid.reshape(_ANGLES * n, -1))


@cache
def _sampling_zeroed(h: int, w: int) -> tuple[np.ndarray, np.ndarray]:
    """_sampling's maps with every sample outside the inside moved far off it, where remap's constant border
    gives exactly 0.0: the same samples as masking them to 0.0 after remapping (each sample is interpolated on its
    own from its own four neighbours), without the masking pass per box."""
    mx, my, valid = _sampling(h, w)
    far = np.float32(-FAR_OFF)
    return np.where(valid, mx, far).astype(np.float32), np.where(valid, my, far).astype(np.float32)


FAR_OFF = 16.0  # pixels off the inside's top-left corner: all four neighbours of such a sample lie outside it


@cache
def _pairs(h: int, w: int) -> tuple[np.ndarray, np.ndarray]:
    """For an h x w inside: which pairs of neighbouring lines of one angle are long enough to count, and how many
    samples each such pair holds (the same for every inside of that size, so made once)."""
    _, _, valid = _sampling(h, w)
    counts = valid.sum(axis=1).astype(np.float32).reshape(_ANGLES, -1)
    counts = counts[:, :-1] + counts[:, 1:]
    ok = counts >= 2 * _LENGTH_SHARE * min(h, w)
    return ok, counts[ok]


def _line_means(inside: np.ndarray) -> np.ndarray | None:
    """The mean darkness of every pair of neighbouring lines through the middle, per angle (-inf where a pair is
    too short to count), or None when the inside holds no such line. A pencil line is one or two pixels wide."""
    h, w = inside.shape
    if min(h, w) < 5:
        return None
    ok, counts = _pairs(h, w)
    if not ok.any():
        return None
    mx, my = _sampling_zeroed(h, w)
    samples = cv2.remap(inside.astype(np.float32, copy=False), mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    sums = samples.sum(axis=1).reshape(_ANGLES, -1)
    sums = sums[:, :-1] + sums[:, 1:]
    means = np.full(ok.shape, -np.inf, np.float32)
    means[ok] = sums[ok] / counts
    return means


def straightest(inside: np.ndarray) -> float:
    """How much darker than the inside's median its darkest straight line through the middle is, two pixels wide
    (0 = no line stands out). inside: darkness, 0 paper .. 1 print."""
    means = _line_means(inside)
    if means is None:
        return 0.0
    return max(0.0, float(means.max()) - float(median(inside)))


def crossing_lines(inside: np.ndarray) -> tuple[float, float]:
    """The straightest line through the middle (straightest's value) and the straightest one crossing it at 45
    degrees or more: the two strokes of an X, a tick's two legs. A photo's grain lines up by chance in one
    direction at a time; a person's cross stands out in two."""
    means = _line_means(inside)
    if means is None:
        return 0.0, 0.0
    per_angle = means.max(axis=1)
    first = int(np.argmax(per_angle))
    apart = np.abs(np.arange(_ANGLES) - first)
    crossing = np.minimum(apart, _ANGLES - apart) >= _CROSS_STEPS
    mid = float(median(inside))
    return max(0.0, float(per_angle[first]) - mid), max(0.0, float(per_angle[crossing].max()) - mid)


_CROSS_STEPS = _ANGLES // 4  # 45 degrees


def diagonal_line(inside: np.ndarray) -> float:
    """The straightest line through the middle (as straightest measures it) among those within _DIAGONAL_STEPS of
    either diagonal: a person's slash, X or tick's long leg runs corner to corner, while a photo's grain lines up
    at any angle. Fewer lines to choose from, the grain's best one is weaker; a stroke along a diagonal keeps its
    whole darkness (pencil photos p21 and pp222: diagonal_strokes.py)."""
    means = _line_means(inside)
    if means is None:
        return 0.0
    best = float(means[_diagonal_rows()].max())
    return max(0.0, best - float(median(inside))) if np.isfinite(best) else 0.0


_DIAGONAL_STEPS = 2  # 15 degrees either side of 45 and 135 degrees


@cache
def _diagonal_rows() -> np.ndarray:
    steps = np.arange(_ANGLES)
    near = np.zeros(_ANGLES, bool)
    for centre in (_ANGLES // 4, 3 * _ANGLES // 4):
        apart = np.abs(steps - centre)
        near |= np.minimum(apart, _ANGLES - apart) <= _DIAGONAL_STEPS
    return near


def stands_out(score: float, others: list[float], ratio: float, margin: float) -> bool:
    """Whether a box's straightest line stands out from its question's other boxes: `ratio` times their median
    and `margin` above it. The other boxes lie on the same paper in the same light, so they show what its
    mottling alone draws."""
    if not others:
        return False
    typical = float(median(others))
    return score >= ratio * typical and score - typical >= margin
