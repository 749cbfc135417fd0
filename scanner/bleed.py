"""Bleed-through: on thin paper a sheet's back side shows through its front, mirrored, faint and spread.

The template knows what the back side printed, so its expected faint trace
is subtracted from the aligned front before anything is measured: the
mirrored text and squares of the back no longer look like light pencil
inside the front's boxes. A page whose back does not show is left as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np

from . import side_store
from .ink import K, levels
from .reference import printed_mask, rendered_side
from .template import Template, template_at

SPREAD_PX = 1.2  # the paper spreads the back's print by about this much (aligned pixels, 0.24 mm)
STRENGTH_MIN = 0.022  # a back side showing fainter than this (of its print's darkness) is left alone
INK_MAX = 0.4  # darker than this against the paper is ink on the front, not the back showing through
SHIFT_PX = 9  # the duplex printer may put the back off its place by up to this (aligned pixels: 1.8 mm)
FAR_PX = 12  # an offset this much further down (between lines of text) is surely not the back's
GATE_SPREAD_PX = 4.0  # the back spread this wide is found within a few pixels of wherever it lies ...
GATE_MIN = 0.03  # ... and a fit this much stronger than FAR_PX up or down (either) says it may show through
GATE_WIDE_SPREAD_PX = 7.0  # a back the printer put near the end of SHIFT_PX is found spread this wide, ...
GATE_WIDE_MIN = 0.06  # ... a fit this much stronger than FAR_PX + SHIFT_PX up or down (plain pages: up to 0.042)
HIGHPASS = 5  # samples (STEP pixels each) over which the page's own shading is taken out
PATTERN_MIN = 0.08  # where the back's print, spread, is at least this, ...
RESIDUAL_MAX = 1.0  # ... what is left no darker than this times the strength is the back's, not the front's
MARKS_REACH_MM = 3.0  # a person's strokes run this far past the back's boxes
CLOSE_PX = 15  # the paper right around a pixel: a closing this wide (3 mm: the back's dot of a pen, whole)
STEP = 4  # the strength is measured on every STEP-th pixel: it is one figure for the whole page


def back_of(template: Template, page: int) -> int | None:
    """The side printed on the back of this one: sides come in pairs, front then back (1-2, 3-4, ...)."""
    back = page + 1 if page % 2 == 1 else page - 1
    return back if 1 <= back <= template.pages else None


@cache
def _pattern(template_path: str, page: int, px_per_mm: float, spread: float = 0.0) -> np.ndarray | None:
    """The back side's print as it would show through this side: mirrored, spread, 0 (nothing) .. 1 (solid);
    `spread` wider than the paper's, for finding it wherever the duplex printer put it."""
    ink = _back_ink(template_path, page, px_per_mm)
    if ink is None:
        return None
    # half precision: three of these per side stay cached in every worker, and a fit sums thousands of them
    out = np.ascontiguousarray(_spread(ink, spread)[:, ::-1], dtype=np.float16)
    out.setflags(write=False)
    return out


def _back_ink(template_path: str, page: int, px_per_mm: float) -> np.ndarray | None:
    """The back side's print as ink, 0 (paper) .. 1 (black), not mirrored; None for a side with no back."""
    template = template_at(template_path)
    back = back_of(template, page)
    if back is None:
        return None
    return (255.0 - rendered_side(template, back, px_per_mm).astype(np.float32)) / 255.0


def _spread(ink: np.ndarray, spread: float) -> np.ndarray:
    """The back's ink spread by the paper (SPREAD_PX) or as wide as `spread` asks, in single precision."""
    return cv2.GaussianBlur(ink, (0, 0), spread or SPREAD_PX)


def prepare(template: Template, page: int, px_per_mm: float = K) -> None:
    """The side's gate samples made now, under the keys reading asks them by (warm.py: before workers fork).
    The whole patterns are made only when a page's back shows (the gates say so): most stacks never need them,
    and three of them a side would be most of what the warm-up holds."""
    _gate_samples(template.source, page, px_per_mm)


GATES = ((GATE_SPREAD_PX, FAR_PX, STEP), (GATE_WIDE_SPREAD_PX, FAR_PX + SHIFT_PX, 2 * STEP))  # spread, far, step
MARGIN_PX = FAR_PX + SHIFT_PX + 1  # the fits' samples keep this far from the page's edges: room for every shift


@dataclass(frozen=True)
class _Gates:
    """What the gates read of a side's back patterns: per gate, the samples a fit at (0, dy) takes for dy in
    0, far and -far (the pattern's every step-th pixel from there, in single precision: widening half precision
    is exact, so a fit is the same to the bit as on the pattern itself), and the patterns' shape."""

    shape: tuple[int, ...]
    samples: dict[tuple[float, int], np.ndarray]  # (spread, dy) -> samples


@cache
def _gate_samples(template_path: str, page: int, px_per_mm: float) -> _Gates | None:
    """The gates' samples of the side's back patterns, each pattern made once for them and not kept; or as a
    run before kept them (side_store: the same template, code and libraries)."""
    if back_of(template_at(template_path), page) is None:
        return None
    name = side_store.key("gates", template_path, page, px_per_mm)
    kept = side_store.load(name)
    names = {f"{spread}:{dy}": (spread, dy) for spread, far, _ in GATES for dy in (0, far, -far)}
    if kept is not None and "shape" in kept and set(names) <= set(kept):
        for v in kept.values():
            v.setflags(write=False)
        return _Gates(tuple(int(v) for v in kept["shape"]), {names[k]: kept[k] for k in names})
    made = _make_gate_samples(template_path, page, px_per_mm)
    if made is not None:
        side_store.save(name, {k: made.samples[v] for k, v in names.items()} | {"shape": np.array(made.shape)})
    return made


def _make_gate_samples(template_path: str, page: int, px_per_mm: float) -> _Gates | None:
    """The samples _pattern's whole half-precision pattern would give, to the bit, without making it: the back's
    ink made once for both gates, and only the step-th pixels of each spread rounded to half precision and back
    (rounding is pixel by pixel, so sampling first gives the same values; issue 26: the whole pattern's rounding
    and a second ink were most of a side's gate cost)."""
    ink = _back_ink(template_path, page, px_per_mm)
    if ink is None:
        return None
    out: dict[tuple[float, int], np.ndarray] = {}
    for spread, far, step in GATES:
        mirrored = _spread(ink, spread)[:, ::-1]  # a view: what _pattern holds, before its rounding
        for dy in (0, far, -far):
            got = np.ascontiguousarray(mirrored[(MARGIN_PX - dy) % step::step, MARGIN_PX % step::step].astype(np.float16),
                                       dtype=np.float32)
            got.setflags(write=False)
            out[(spread, dy)] = got
    return _Gates(ink.shape, out)


@cache
def _back_marks(template_path: str, page: int, px_per_mm: float) -> np.ndarray | None:
    """Where a person's ink on the back can show through this side: its boxes and writing areas, mirrored, with
    room for strokes running past them."""
    template = template_at(template_path)
    back = back_of(template, page)
    if back is None:
        return None
    w, h = (int(round(v * px_per_mm)) for v in template.page_size)
    zone = np.zeros((h, w), bool)
    for b in template.boxes(back):
        r, g = b.rect, MARKS_REACH_MM
        x0, x1 = max(0, int((template.page_size[0] - r.x - r.w - g) * px_per_mm)), int((template.page_size[0] - r.x + g) * px_per_mm)
        y0, y1 = max(0, int((r.y - g) * px_per_mm)), int((r.y + r.h + g) * px_per_mm)
        zone[y0:y1, x0:x1] = True
    zone.setflags(write=False)
    return zone


def _highpass(x: np.ndarray) -> np.ndarray:
    """Less its mean over about 4 mm: the page's shading and the density of its print do not count."""
    return x - cv2.blur(x, (HIGHPASS, HIGHPASS))


def _fitter(canon: np.ndarray, printed: np.ndarray, paper: float, step: int) -> Callable[..., float]:
    """How strongly a pattern, moved by (dx, dy), explains the side's fine detail off its own print, on every
    step-th pixel (the wide gate's smooth pattern is told as well on every 8th). The pattern is given whole, or
    as a gate's samples taken from (m - dy, m - dx) on (`sampled`).

    Each fit is the pattern's samples where the side's are kept (`ok`, 0 elsewhere) less their mean round each
    (_highpass), taken where `ok` holds. Issue 26: the samples are kept by a product with the mask as 0.0/1.0
    (a pattern is never negative, so x * 0.0 is the +0.0 np.where puts there) and the highpass and the products
    are written into arrays of the fitter's own: the same floats, summed in the same order, at two thirds of a
    fit's cost."""
    m = MARGIN_PX  # room for the far fits of both gates
    H, W = canon.shape
    dark = 1.0 - canon[m:H - m:step, m:W - m:step].astype(np.float32) / paper
    ok = ~printed[m:H - m:step, m:W - m:step] & (dark < INK_MAX)
    d = _highpass(np.where(ok, dark, np.float32(0)))[ok]
    keep = ok.astype(np.float32)
    kept, mean, prod = np.empty(ok.shape, np.float32), np.empty(ok.shape, np.float32), np.empty(d.size, np.float32)

    def fit(dx: int, dy: int, pat: np.ndarray, sampled: bool = False) -> float:
        if sampled:  # the gates' samples, the same on every page
            r0, c0 = (m - dy) // step, (m - dx) // step
            view = pat[r0:r0 + ok.shape[0], c0:c0 + ok.shape[1]]
        else:
            view = pat[m - dy:H - m - dy:step, m - dx:W - m - dx:step]
        np.multiply(view, keep, out=kept)
        cv2.blur(kept, (HIGHPASS, HIGHPASS), dst=mean)
        np.subtract(kept, mean, out=mean)
        p = mean[ok]
        var = float(np.multiply(p, p, out=prod).sum())
        return float(np.multiply(p, d, out=prod).sum()) / var if var > 0 else 0.0

    return fit


def strength(canon: np.ndarray, template: Template, page: int, paper: float, px_per_mm: float) -> tuple[float, int, int]:
    """How strongly the back's print shows through this aligned side (0: not at all), and the back's offset (dx, dy).

    Fitted on fine detail only (_highpass), so a page's own shading or
    print does not pass for the back; and the back shows at one offset, not
    at a far one, which a page's own structure would match as well.
    """
    gates = _gate_samples(template.source, page, px_per_mm)
    if gates is None or gates.shape != canon.shape or paper <= 0:
        return 0.0, 0, 0
    printed = printed_mask(template, page, px_per_mm)
    fit_at = _fitter(canon, printed, paper, STEP)

    def gate(spread: float, far: int, step: int) -> float:
        f = fit_at if step == STEP else _fitter(canon, printed, paper, step)
        return (f(0, 0, gates.samples[(spread, 0)], True)
                - min(f(0, far, gates.samples[(spread, far)], True), f(0, -far, gates.samples[(spread, -far)], True)))

    (spread, far, step), (wide_spread, wide_far, wide_step) = GATES
    if gate(spread, far, step) < GATE_MIN and gate(wide_spread, wide_far, wide_step) < GATE_WIDE_MIN:
        return 0.0, 0, 0  # most pages: nothing shows through, three fits and three coarser ones say so
    pattern = _pattern(template.source, page, px_per_mm)
    wide = _pattern(template.source, page, px_per_mm, GATE_SPREAD_PX)
    assert pattern is not None and wide is not None
    done: dict[tuple[int, int, int], float] = {}

    def fit(dx: int, dy: int, pat: np.ndarray = pattern) -> float:
        """A fit measured once: a round's best is the next one's centre."""
        key = (dx, dy, id(pat))
        if key not in done:
            done[key] = fit_at(dx, dy, pat)
        return done[key]

    # coarse to fine: the wide pattern on a grid, then the sharp one around its best, 2 and 1 pixels apart
    c = 2 * SHIFT_PX // 3
    _, bx, by = max((fit(dx, dy, wide), dx, dy) for dx in (-c, 0, c) for dy in (-c, 0, c))
    for step_px in (SHIFT_PX // 3 - 1, 1):
        best = max((fit(bx + dx, by + dy), bx + dx, by + dy) for dx in (-step_px, 0, step_px) for dy in (-step_px, 0, step_px))
        _, bx, by = best
    return best if best[0] - max(fit(bx, by + FAR_PX), 0.0) >= STRENGTH_MIN else (0.0, 0, 0)


def subtract_bleed(canon: np.ndarray, template: Template, page: int, px_per_mm: float = K,
                   lv: tuple[float, float] | None = None) -> np.ndarray:
    """The aligned side with its back's print, shown through, taken out (the side itself, the same array, when
    none shows); lv: the side's levels when the caller has measured them already."""
    if back_of(template, page) is None:
        return canon  # a side with no back: nothing to measure
    paper, _ = lv or levels(canon)
    k, dx, dy = strength(canon, template, page, paper, px_per_mm)
    if k <= 0:
        return canon
    pattern = _pattern(template.source, page, px_per_mm)
    assert pattern is not None
    shown = np.roll(pattern, (dy, dx), axis=(0, 1)) * np.float32(k)
    out = canon.astype(np.float32) / np.maximum(1.0 - shown, 0.5)
    # What the average leaves of the back's strokes, no darker than the back can show through, is paper
    # (measured against the paper right around it); a person's ink on the front is darker.
    bg = cv2.morphologyEx(out, cv2.MORPH_CLOSE, np.ones((CLOSE_PX, CLOSE_PX), np.uint8))
    left = (bg - out) / np.maximum(bg, 1.0)
    explained = left <= k * RESIDUAL_MAX
    marks = _back_marks(template.source, page, px_per_mm)
    explained &= (shown > k * PATTERN_MIN) | (np.roll(marks, (dy, dx), axis=(0, 1)) if marks is not None else False)
    out[explained] = bg[explained]
    return np.clip(out, 0, 255).astype(np.uint8)
