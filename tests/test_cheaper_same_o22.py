"""Work done more cheaply must give what the plain way gives (issue 26, o22): the bleed-through gates' fits with
the highpass written into the fitter's own arrays, and a one-job scan that never imports multiprocessing."""

from __future__ import annotations

import os
import subprocess
import sys

import cv2
import numpy as np
import pytest

from scanner import bleed
from scanner.ink import K, levels
from scanner.reference import printed_mask, rendered_side


def _plain_fitter(canon: np.ndarray, printed: np.ndarray, paper: float, step: int):
    """bleed._fitter as 3b17b93 wrote it: np.where, a fresh highpass and a boolean gather on every fit."""
    m = bleed.MARGIN_PX
    H, W = canon.shape

    def highpass(x: np.ndarray) -> np.ndarray:
        return x - cv2.blur(x, (bleed.HIGHPASS, bleed.HIGHPASS))

    dark = 1.0 - canon[m:H - m:step, m:W - m:step].astype(np.float32) / paper
    ok = ~printed[m:H - m:step, m:W - m:step] & (dark < bleed.INK_MAX)
    d = highpass(np.where(ok, dark, np.float32(0)))[ok]

    def fit(dx: int, dy: int, pat: np.ndarray, sampled: bool = False) -> float:
        if sampled:
            r0, c0 = (m - dy) // step, (m - dx) // step
            view = pat[r0:r0 + ok.shape[0], c0:c0 + ok.shape[1]]
        else:
            view = pat[m - dy:H - m - dy:step, m - dx:W - m - dx:step]
        p = highpass(np.where(ok, view, np.float32(0)))[ok]
        var = float((p * p).sum())
        return float((p * d).sum()) / var if var > 0 else 0.0

    return fit


def _pages(template, page: int) -> list[np.ndarray]:
    """The side as printed, with its back shown through at a few strengths and offsets, grain, and a few marks."""
    front = rendered_side(template, page, K).astype(np.float32)
    back = bleed._pattern(template.source, page, K)
    assert back is not None
    rng = np.random.default_rng(22 + page)
    out = []
    for k, (dx, dy) in ((0.0, (0, 0)), (0.05, (3, -2)), (0.12, (-6, 5)), (0.3, (0, 0))):
        img = front * (1.0 - k * np.roll(back.astype(np.float32), (dy, dx), axis=(0, 1)))
        img += rng.normal(0, 4, img.shape)
        for _ in range(6):  # a person's strokes, darker than anything shown through
            x, y = int(rng.integers(40, img.shape[1] - 80)), int(rng.integers(40, img.shape[0] - 80))
            cv2.line(img, (x, y), (x + int(rng.integers(10, 60)), y + int(rng.integers(-20, 20))), 40.0, 2)
        out.append(np.clip(img, 0, 255).astype(np.uint8))
    return out


@pytest.mark.parametrize("page", [1, 2])
def test_gate_fits_are_the_plain_fits_to_the_bit(template, page):
    """Every fit the gates and the search make (the gates' samples at both steps, and the whole pattern moved
    anywhere within the search) is the plain formula's float, to the bit."""
    printed = printed_mask(template, page, K)
    gates = bleed._gate_samples(template.source, page, K)
    pattern = bleed._pattern(template.source, page, K)
    wide = bleed._pattern(template.source, page, K, bleed.GATE_SPREAD_PX)
    assert gates is not None and pattern is not None and wide is not None
    compared = 0
    for canon in _pages(template, page):
        paper, _ = levels(canon)
        for spread, far, step in bleed.GATES:
            plain, cheap = _plain_fitter(canon, printed, paper, step), bleed._fitter(canon, printed, paper, step)
            for dy in (0, far, -far):
                want, got = plain(0, dy, gates.samples[(spread, dy)], True), cheap(0, dy, gates.samples[(spread, dy)], True)
                assert np.float64(got).tobytes() == np.float64(want).tobytes(), (step, dy, got, want)
                compared += 1
        plain, cheap = _plain_fitter(canon, printed, paper, bleed.STEP), bleed._fitter(canon, printed, paper, bleed.STEP)
        for pat in (pattern, wide):
            for dx, dy in ((0, 0), (6, -6), (-9, 3), (2, 9), (-1, -1)):
                want, got = plain(dx, dy, pat), cheap(dx, dy, pat)
                assert np.float64(got).tobytes() == np.float64(want).tobytes(), (dx, dy, got, want)
                compared += 1
    assert compared == 4 * (6 + 10)


def test_patterns_are_never_negative(template):
    """What lets a fit keep the samples by a product with the mask (x * 0.0 is +0.0 only for x >= +0.0)."""
    for page in (1, 2):
        for spread in (0.0, bleed.GATE_SPREAD_PX, bleed.GATE_WIDE_SPREAD_PX):
            pat = bleed._pattern(template.source, page, K, spread)
            assert pat is not None and not np.signbit(pat).any()
        gates = bleed._gate_samples(template.source, page, K)
        assert gates is not None and not any(np.signbit(v).any() for v in gates.samples.values())


def test_a_one_job_scan_does_not_import_multiprocessing(tmp_path):
    """The scan's modules, and a one-job scan of a page, leave multiprocessing unimported (its import is start-up
    cost a one-job scan has no use for); the pool still starts workers when asked (tests/test_batch_pool.py)."""
    code = ("import sys\n"
            "import scanner.batch, scanner.cli, scanner.pipeline, scanner.store\n"
            "from scanner.pool import run_ordered\n"
            "assert list(run_ordered(abs, [-1, 2], 1, int, ())) == [(-1, 1), (2, 2)]\n"
            "print('multiprocessing' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.strip() == "False"


def test_the_side_caches_key_does_not_import_the_table_of_scripts(tmp_path):
    """A scan's side caches are named (side_store.key) without importing scanner.scripts, whose patterns are
    start-up cost a scan has no use for; the key still names the CJK font files the text may be drawn with."""
    code = ("import sys\n"
            "from scanner import side_store\n"
            "from scanner.template import DEFAULT_TEMPLATE\n"
            "assert side_store.key('rendered', str(DEFAULT_TEMPLATE), 1, 5.0)\n"
            "print('scanner.scripts' in sys.modules)\n")
    env = dict(os.environ, SURVEY_CACHE_DIR=str(tmp_path / "kept"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path, env=env)
    assert out.stdout.strip() == "False"
    from scanner import cjk_fonts, scripts
    assert scripts.east_asian_candidates() == cjk_fonts.east_asian_candidates()
