"""Work done more cheaply must give what the plain way gives (issue 26, o21): np.median's value without its per-call
machinery (fast_stats.median), and a box's straightest line sampled with the samples off the inside moved where
remap gives 0.0 instead of masked to 0.0 afterwards."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from scanner import strokes
from scanner.fast_stats import median


def _same(a: object, b: object) -> bool:
    """The same numpy type and the same bits (a NaN equal to a NaN, -0.0 told from 0.0)."""
    x, y = np.asarray(a), np.asarray(b)
    return type(a) is type(b) and x.dtype == y.dtype and x.tobytes() == y.tobytes()


def _samples() -> list[object]:
    """Odd and even counts, one value and two, ties, 8-bit and integer values, float32 and float64, 2-D arrays
    (a box's inside), strided views, Python lists of floats and of ints, a NaN, signed zeros."""
    rng = np.random.default_rng(21)
    out: list[object] = [np.array([0.5], np.float32), np.array([3, 1], np.uint8), np.array([-0.0, -0.0]),
                         np.array([0.0, -0.0, -0.0], np.float32), [0.25, 0.75], [3, 1, 2], [1.0, np.nan, 2.0],
                         np.array([np.nan, 1.0], np.float32)]
    for n in list(range(1, 40)) + [199, 200, 1024]:
        out.append(rng.random(n).astype(np.float32))
        out.append(rng.random(n))
        out.append(rng.integers(0, 256, n).astype(np.uint8))
        out.append(rng.integers(-5, 5, n))
        out.append(np.round(rng.random(n) * 4).astype(np.float32) / 4)  # ties at the middle
        out.append(rng.random(n).tolist())
    out.append(rng.random((24, 31)).astype(np.float32))
    out.append(rng.random((40, 30)).astype(np.float32)[::3, 1::2])
    return out


@pytest.mark.parametrize("k", range(len(_samples())))
def test_median_is_numpys_to_the_bit(k):
    values = _samples()[k]
    with np.errstate(invalid="ignore"):
        assert _same(median(values), np.median(values))


def _insides() -> list[np.ndarray]:
    """Box insides as darkness 0..1: empty paper's faint noise, a pencil X, a tick, a box half filled, blank zeros,
    odd shapes and sizes (a square found a pixel short), and the smallest measured."""
    rng = np.random.default_rng(26)
    out = []
    for h, w in ((24, 24), (23, 25), (30, 18), (5, 5), (6, 9), (40, 40)):
        noise = (rng.random((h, w)) * 0.06).astype(np.float32)
        x = noise.copy()
        for i in range(min(h, w)):
            x[i, i * w // min(h, w)] = 0.35
            x[i, (w - 1) - i * w // min(h, w)] = 0.3
        tick = noise.copy()
        cv2.line(tick, (1, h // 2), (w // 3, h - 2), 0.5, 1)
        cv2.line(tick, (w // 3, h - 2), (w - 2, 1), 0.5, 1)
        half = noise.copy()
        half[:, : w // 2] = 0.8
        out += [noise, x, tick, half, np.zeros((h, w), np.float32)]
    return out


def _straightest_plain(inside: np.ndarray) -> float:
    """strokes.straightest as 8b69900 computed it: every sample remapped, those off the inside masked to 0.0
    afterwards, the inside's median by np.median."""
    h, w = inside.shape
    if min(h, w) < 5:
        return 0.0
    ok, counts = strokes._pairs(h, w)
    if not ok.any():
        return 0.0
    mx, my, valid = strokes._sampling(h, w)
    samples = cv2.remap(inside.astype(np.float32, copy=False), mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    sums = np.where(valid, samples, 0.0).sum(axis=1).reshape(strokes._ANGLES, -1)
    sums = sums[:, :-1] + sums[:, 1:]
    return max(0.0, float((sums[ok] / counts).max()) - float(np.median(inside)))


@pytest.mark.parametrize("k", range(len(_insides())))
def test_samples_off_the_inside_are_zero_as_masked(k):
    inside = _insides()[k]
    h, w = inside.shape
    mx, my, valid = strokes._sampling(h, w)
    masked = np.where(valid, cv2.remap(inside, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT), 0.0)
    zx, zy = strokes._sampling_zeroed(h, w)
    moved = cv2.remap(inside, zx, zy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    assert masked.dtype == moved.dtype and masked.tobytes() == moved.tobytes()


@pytest.mark.parametrize("k", range(len(_insides())))
def test_straightest_is_the_plain_ones(k):
    inside = _insides()[k]
    got, want = strokes.straightest(inside), _straightest_plain(inside)
    assert repr(got) == repr(want)
    assert got >= 0.0
