"""The page's box bands measured in one array pass, and a box's ink share counted without np.mean: each gives
exactly what the per-box computation gives, float for float."""

from __future__ import annotations

import cv2
import numpy as np

from scanner.box_bands import outline_darknesses, weakest_sides
from scanner.box_place import _weakest_side, outline_darkness
from scanner.ink import DEFAULT, K, share_above


def _places(rng: np.random.Generator, h: int, w: int, n: int) -> list[tuple[int, int, int, int]]:
    """Places of box insides all over the page and past its edges (partly or wholly off it), some too thin."""
    out = []
    for _ in range(n):
        y0, x0 = (int(v) for v in rng.integers(-30, max(h, w) + 10, 2))
        bh, bw = (int(v) for v in rng.integers(-2, 40, 2))
        out.append((y0, y0 + bh, x0, x0 + bw))
    return out


def test_outline_bands_of_all_boxes_equal_each_box_measured_alone():
    rng = np.random.default_rng(26)
    offs = 0
    for _ in range(30):
        h, w = (int(v) for v in rng.integers(40, 200, 2))
        dark8 = rng.integers(0, 256, (h, w)).astype(np.uint8)
        integral = cv2.integral(dark8, sdepth=cv2.CV_32S)
        places = _places(rng, h, w, 60)
        want_seen = [outline_darkness(integral, p, DEFAULT) for p in places]
        want_weak = [_weakest_side(integral, p, DEFAULT) for p in places]
        assert outline_darknesses(integral, places, DEFAULT) == want_seen
        assert weakest_sides(integral, places, DEFAULT) == want_weak
        offs += sum(v is None for v in want_seen) + sum(v is None for v in want_weak)
    assert offs > 100  # boxes off the page were among them
    assert outline_darknesses(integral, [], DEFAULT) == [] == weakest_sides(integral, [], DEFAULT)


def test_share_above_is_np_mean_of_the_comparison():
    rng = np.random.default_rng(7)
    for _ in range(200):
        shape = tuple(int(v) for v in rng.integers(0, 3 * int(K) * 6, 2))
        a = rng.random(shape, dtype=np.float32) ** 3
        level = float(rng.random())
        want = float(np.mean(a > level)) if a.size else 0.0
        assert share_above(a, level) == want


def test_paper_around_every_inside_equals_each_inside_measured_alone():
    from scanner.fine import _MARGIN, _paper_around, papers_around

    rng = np.random.default_rng(11)
    m = _MARGIN
    for _ in range(30):
        n = int(rng.integers(1, 30))
        insides = []
        for _ in range(n):
            y0, x0 = (int(v) for v in rng.integers(0, 500, 2))
            insides.append((y0, y0 + int(rng.integers(-2, 35)), x0, x0 + int(rng.integers(-2, 35))))
        hmax = max(y1 - y0 for y0, y1, _, _ in insides) + 2 * m
        wmax = max(x1 - x0 for _, _, x0, x1 in insides) + 2 * m
        bg8 = rng.integers(0, 256, (hmax, wmax * n)).astype(np.uint8)
        bg = bg8.astype(np.float32)
        want = [_paper_around(bg, i * wmax, y1 - y0, x1 - x0) for i, (y0, y1, x0, x1) in enumerate(insides)]
        assert papers_around(bg8, bg, wmax, insides) == want
