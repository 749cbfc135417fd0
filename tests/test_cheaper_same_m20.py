"""Work done more cheaply must give what the plain way gives (issue 26, m20): the streak search's whole-page passes
in 8 bits, the page's levels from cv2's histogram, and the shaded-region gate of ink.shadow_paper decided by a count
before any region is labelled."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from scanner import ink, streaks
from scanner.ink import DEFAULT, levels, shadow_paper


def _darker_plain(g: np.ndarray) -> tuple[np.ndarray, bool]:
    """The streak search's first passes as main computed them, in 16 bits."""
    g16 = g.astype(np.int16)
    w, r = g16.shape[1], streaks.REACH
    core, sides = g16[:, r:w - r], (g16[:, :w - 2 * r], g16[:, 2 * r:])
    return core < np.minimum(*sides) - streaks.CONTRAST, not np.any((g16 > 0) & (g16 < 255))


def _pages() -> list[np.ndarray]:
    """Grey pages with every level present (the saturating sum's edges: 0, CONTRAST, 237, 255), a 1-bit one, and
    one with a streak drawn down it."""
    rng = np.random.default_rng(26)
    out = [rng.integers(0, 256, (300, 220), dtype=np.uint8),
           rng.choice(np.array([0, 1, 17, 18, 19, 236, 237, 238, 254, 255], np.uint8), (300, 220)),
           np.where(rng.random((300, 220)) < 0.1, 0, 255).astype(np.uint8)]
    page = np.full((1200, 850), 235, np.uint8) - rng.integers(0, 6, (1200, 850), dtype=np.uint8)
    page[100:1100, 400:402] = 120
    out += [page, np.where(page > 180, 255, 0).astype(np.uint8)]
    return out


@pytest.mark.parametrize("k", range(5))
def test_streak_passes_in_8_bits_are_the_16_bit_ones(k):
    g = _pages()[k]
    for rows in (g, g[::4]):  # the search takes every ROW_STEP-th row: a strided view
        got, bilevel = streaks._darker(rows)
        want, want_bilevel = _darker_plain(rows)
        assert got.dtype == bool and np.array_equal(got, want) and bilevel == want_bilevel


def test_a_drawn_streak_is_found_where_it_was_drawn():
    """The page's streak (columns 400-401, rows 100-1099) found on the grey page and on its 1-bit copy."""
    for g in _pages()[3:]:
        found = streaks.find_streaks(g)
        assert len(found) == 1
        s = found[0]
        assert (s.first, s.last) == (400, 401) and abs(s.start - 100) <= streaks.ROW_STEP and abs(s.stop - 1099) <= streaks.ROW_STEP


def test_levels_are_the_bincounts_own():
    """cv2's histogram of the every-4th-pixel sample gives np.bincount's counts, so the same levels; an image that is
    not 8-bit is counted as before."""
    rng = np.random.default_rng(7)
    for g in (*_pages(), rng.integers(0, 256, (1485, 1050), dtype=np.uint8)[3:, 5:]):
        cdf = np.cumsum(np.bincount(g[::4, ::4].ravel(), minlength=256)).astype(np.float64)
        cdf /= cdf[-1]
        paper = float(np.searchsorted(cdf, 0.90))
        assert levels(g) == (paper, max(paper - float(np.searchsorted(cdf, 0.015)), 40.0))
    wide = rng.integers(0, 256, (200, 150)).astype(np.int32)
    assert levels(wide) == levels(wide.astype(np.uint8))


def test_shadow_gate_labels_no_region_when_the_shaded_pixels_cannot_make_one(monkeypatch):
    """Shaded pixels scattered, fewer in all than shadow_area_min of the page: no region can be that wide, so the
    closing comes back unchanged without labelling; one wide shaded region is still labelled and corrected."""
    rng = np.random.default_rng(3)
    paper = 220.0
    small = np.full((371, 262), 220, np.uint8)
    bg = small.copy()
    few = int(DEFAULT.shadow_area_min * bg.size) - 1
    bg.ravel()[rng.choice(bg.size, few, replace=False)] = 150
    labelled = []
    real = cv2.connectedComponentsWithStats

    def counting(*a, **kw):
        labelled.append(1)
        return real(*a, **kw)

    monkeypatch.setattr(ink.cv2, "connectedComponentsWithStats", counting)
    assert shadow_paper(small, bg, paper) is bg and not labelled
    shaded = bg.copy()
    shaded[:, :60] = 150  # a cast shadow over a quarter of the page, its paper's grain below the closing
    grainy = small.copy()
    grainy[:, :60] = 130
    got = shadow_paper(grainy, shaded, paper)
    assert labelled and got is not shaded and not np.array_equal(got, shaded)


def _darkness_whole(canon: np.ndarray, lv: tuple[float, float]) -> np.ndarray:
    """ink.darkness as main computed it: the scale looked up for the whole page at once, then the product."""
    paper, span = lv
    small = cv2.resize(canon, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    k = int(round(9 * ink.K * 0.25)) | 1
    bg = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    diff = cv2.resize(shadow_paper(small, bg, paper), (canon.shape[1], canon.shape[0]), interpolation=cv2.INTER_LINEAR)
    shade = np.clip(np.arange(256, dtype=np.float32) / max(paper, 1.0), DEFAULT.shade_min, 1.0)
    scale = cv2.LUT(diff, (255.0 / (span * shade)).astype(np.float32).reshape(1, 256))
    return cv2.multiply(cv2.subtract(diff, canon), scale, dtype=cv2.CV_8U)


@pytest.mark.parametrize("rows", [1, 7, 64, 5000])
def test_darkness_by_bands_is_the_whole_pages(monkeypatch, rows):
    """Any band height gives the whole page's darkness to the bit, on a page whose height is no multiple of it, with
    a cast shadow (shadow_paper's correction), ink of every darkness and paper brighter than its level."""
    rng = np.random.default_rng(rows)
    h, w = 1483, 1050
    canon = (225 - rng.integers(0, 12, (h, w))).astype(np.uint8)
    canon[:, :300] = (canon[:, :300] * 0.6).astype(np.uint8)  # the shadow
    for _ in range(40):
        y, x = rng.integers(0, h - 30), rng.integers(0, w - 30)
        canon[y:y + 25, x:x + 3] = rng.integers(0, 200)
    canon[::97, ::89] = 255
    lv = levels(canon)
    want = _darkness_whole(canon, lv)
    monkeypatch.setattr(ink, "DARKNESS_BAND_ROWS", rows)
    got = ink.darkness(canon, lv)
    assert got.dtype == np.uint8 and got.shape == canon.shape and np.array_equal(got, want)
    assert np.count_nonzero(want) > 0.01 * want.size and int(want.max()) == 255
