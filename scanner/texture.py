"""The page's own paper texture: how dark its plain paper gets by itself (fibres, recycled flecks, a phone's grain),
so that ink is judged against this page's paper rather than a clean sheet's.

A textured paper's fibres are soft blotches a few millimetres long, lighter than any pen but darker than the
faint levels at which a hard pencil's stroke is looked for outside the boxes. Measured on the page's plain squares
(reference.paper_patches), the texture raises those faint levels just above what the paper itself reaches, so a
clear page is not sent to review, while a clean flatbed sheet keeps its low bars.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .fast_stats import median
from .ink import DEFAULT, K, Thresholds
from .reference import paper_patches
from .template import Template


def paper_texture(squares: list[np.ndarray], th: Thresholds = DEFAULT) -> float:
    """How dark this page's plain paper gets by itself (0 paper .. 1 print), or 0.0 when it is plain.

    Texture is everywhere: most plain squares hold a blotch (the median of the squares' darkest pixels is
    high). A copier's toner specks or a shadow fall on a few squares only; they are judged elsewhere and
    must not raise the bars, or a pencil circle on a speckled copy would vanish under them. On textured paper
    the level is a high percentile of all the squares' darkness. `squares`: the page's plain_squares, measured
    once per page by the caller, which also judges a clean page by them.
    """
    if not squares:
        return 0.0
    if float(median([float(sq.max()) for sq in squares if sq.size] or [0.0])) / 255 < th.texture_min:
        return 0.0
    return paper_level(squares, th)


def plain_squares(dark8: np.ndarray, template: Template, page: int, size_px: int,
                  th: Thresholds = DEFAULT) -> list[np.ndarray]:
    """The page's plain paper in squares the size of the boxes' insides; none when too few to judge by."""
    patches = paper_patches(template, page, size_px, K) if size_px > 0 else ()
    if len(patches) < th.paper_patches_min:
        return []
    return [dark8[y0:y1, x0:x1] for y0, y1, x0, x1 in patches]


def paper_level(squares: list[np.ndarray], th: Thresholds = DEFAULT) -> float:
    """How dark the plain squares get (their texture_quantile), 0 paper .. 1 print."""
    return percentile_u8(np.concatenate([sq.ravel() for sq in squares]), th.texture_quantile) / 255


def percentile_u8(values: np.ndarray, q: float) -> float:
    """float(np.percentile(values, q)) of 8-bit values (numpy's linear method, the same float), from their
    histogram instead of a partial sort of all of them: the two order statistics it interpolates between are
    read off the cumulative counts, and interpolated as numpy's _lerp does (the same float64 operations)."""
    if values.dtype != np.uint8 or not values.size:
        return float(np.percentile(values, q))
    n = values.size
    virtual = float((n - 1) * np.true_divide(q, 100))  # numpy's virtual index for the linear method
    below = float(np.floor(virtual))
    i = min(max(int(below), 0), n - 1)
    ranks = np.cumsum(np.bincount(values, minlength=256))
    lo, hi = (float(np.searchsorted(ranks, r, side="right")) for r in (i, min(i + 1, n - 1)))
    gamma = virtual - below
    return hi - (hi - lo) * (1 - gamma) if gamma >= 0.5 else lo + (hi - lo) * gamma


def above_texture(th: Thresholds, texture: float) -> Thresholds:
    """The thresholds for ink outside the boxes, each raised to stand clear of the paper's own texture.

    On plain paper (texture 0.0) nothing changes.
    """
    if texture <= 0.0:
        return th
    bar = texture * th.texture_clear
    return replace(th, faint_trace_ink=max(th.faint_trace_ink, bar), faint_ink=max(th.faint_ink, bar),
                   stray_ink=max(th.stray_ink, bar * th.texture_stray))  # and no stray.CleanPage
