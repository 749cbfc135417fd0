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


def _page(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (300, 260), dtype=np.uint8)


@pytest.mark.parametrize("seed", range(4))
def test_mosaic_from_sliding_windows_is_the_one_laid_box_by_box(seed):
    """fine._mosaic's one gather (insides of one size, surroundings on the page) lays exactly what laying each
    inside in turn lays (_mosaic_plain)."""
    from scanner.fine import _MARGIN, _mosaic, _mosaic_plain

    canon = _page(seed)
    rng = np.random.default_rng(seed + 100)
    h, w = int(rng.integers(8, 30)), int(rng.integers(8, 30))
    m = _MARGIN
    insides = []
    for _ in range(int(rng.integers(1, 40))):
        y0, x0 = int(rng.integers(m, 300 - m - h + 1)), int(rng.integers(m, 260 - m - w + 1))
        insides.append((y0, y0 + h, x0, x0 + w))
    insides.append((m, m + h, 260 - m - w, 260 - m))  # one touching the page's edge with its surroundings
    got = _mosaic(canon, insides, h + 2 * m, w + 2 * m, 200)
    want = _mosaic_plain(canon, insides, h + 2 * m, w + 2 * m, 200)
    assert got.dtype == want.dtype and got.shape == want.shape and got.tobytes() == want.tobytes()


def _locate_windows_by_grids(integral: np.ndarray, rects: np.ndarray, search: int, priors: np.ndarray,
                             pull: float) -> np.ndarray:
    """box_place._locate_windows as 8b69900 gathered its windows: through index grids of rows and columns."""
    from scanner.box_place import _distance

    b, n = 2, 2 * search + 1
    w, h = int(rects[0, 2]), int(rects[0, 3])
    x0, y0 = rects[:, 0] + priors[:, 0] - search, rects[:, 1] + priors[:, 1] - search
    rows = y0[:, None] + np.arange(n + h)[None, :]
    cols = x0[:, None] + np.arange(n + w)[None, :]
    win = integral[rows[:, :, None], cols[:, None, :]]

    def box_sum(o: int, ww: int, hh: int) -> np.ndarray:
        return (win[:, o + hh:o + hh + n, o + ww:o + ww + n] - win[:, o:o + n, o + ww:o + ww + n]
                - win[:, o + hh:o + hh + n, o:o + n] + win[:, o:o + n, o:o + n])

    ring = (box_sum(0, w, h) - box_sum(b, w - 2 * b, h - 2 * b)).astype(np.float64)
    d = np.arange(-search, search + 1)
    score = ring / (255.0 * 2 * b * (w + h)) - pull * _distance(d[None, None, :], d[None, :, None])
    best = score.reshape(len(rects), -1).argmax(axis=1)
    return np.stack([priors[:, 0] + d[best % n], priors[:, 1] + d[best // n]], axis=1)


@pytest.mark.parametrize("seed", range(4))
def test_box_windows_from_sliding_windows_are_the_gathered_ones(seed):
    """box_place._locate_windows finds every box at the same shift as gathering its window through index grids."""
    from scanner.box_place import _locate_windows

    page = _page(seed)
    for y in range(20, 280, 37):  # printed squares' outlines to be found, off their places by a pixel or two
        for x in range(20, 240, 41):
            cv2.rectangle(page, (x, y), (x + 15, y + 15), 0, 2)
    integral = cv2.integral(page, sdepth=cv2.CV_32S)
    rng = np.random.default_rng(seed)
    rects = np.array([(x + int(rng.integers(-2, 3)), y + int(rng.integers(-2, 3)), 16, 16)
                      for y in range(20, 250, 37) for x in range(20, 220, 41)], np.int64)
    priors = rng.integers(-1, 2, (len(rects), 2)).astype(np.int64)
    got = _locate_windows(integral, rects, 8, priors, 0.02)
    assert got is not None
    assert np.array_equal(got, _locate_windows_by_grids(integral, rects, 8, priors, 0.02))
