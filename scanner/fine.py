"""The aligned grey page measured pixel by pixel against the paper right around each pixel (Fine), and the line
detector that finds strokes in it (line_response): a box's inside keeps a pencil line one pixel wide at its
contrast, while a shadow's edge leaves nothing. Boxes in a photo's shadow are brought to the page's noise (in_shade)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .fast_stats import median
from .ink import levels

_LINES = [np.ones((1, 5), np.float32) / 5, np.ones((5, 1), np.float32) / 5,
          np.eye(5, dtype=np.float32) / 5, np.fliplr(np.eye(5, dtype=np.float32)) / 5]


_MARGIN = 7  # pixels round each inside: the paper level's closing reaches 6


def line_response(fine: np.ndarray) -> np.ndarray:
    """A line detector: the strongest mean along a 1 mm segment, in four directions.

    Along a stroke the mean keeps the stroke's contrast, even one pixel wide;
    pixel noise and pencil grain, having no direction, average away.
    """
    if min(fine.shape) < 5:
        return fine
    out = cv2.filter2D(fine, -1, _LINES[0], borderType=cv2.BORDER_REPLICATE)
    for k in _LINES[1:]:
        np.maximum(out, cv2.filter2D(fine, -1, k, borderType=cv2.BORDER_REPLICATE), out=out)
    return out


@dataclass(frozen=True)
class Fine:
    """The aligned grey page and its levels, for measuring box insides pixel by pixel."""

    canon: np.ndarray
    paper: float
    span: float

    @classmethod
    def of(cls, canon: np.ndarray, lv: tuple[float, float] | None = None) -> Fine:
        return cls(canon, *(lv or levels(canon)))

    def darkness(self, y0: int, y1: int, x0: int, x1: int) -> np.ndarray:
        """Darkness of a rectangle against the paper right around each pixel (a closing 1.4 mm wide)."""
        m = _MARGIN
        H, W = self.canon.shape
        ya, yb, xa, xb = max(0, y0 - m), min(H, y1 + m), max(0, x0 - m), min(W, x1 + m)
        crop = self.canon[ya:yb, xa:xb]
        bg = cv2.morphologyEx(crop, cv2.MORPH_CLOSE, np.ones((m, m), np.uint8)).astype(np.float32)
        fine = np.clip((bg - crop) * (self.paper / self.span) / np.maximum(bg, 1.0), 0.0, 1.0)
        return fine[y0 - ya:y1 - ya, x0 - xa:x1 - xa]

    def darkness_many(self, rects: Sequence[tuple[int, int, int, int]]) -> list[np.ndarray]:
        """darkness(*r) for each rectangle (y0, y1, x0, x1), the same values: the rectangles of one size whose
        surroundings lie wholly on the page are stacked, surroundings and all, and closed in one pass (a pixel
        of the closing sees no further than 6 pixels, less than the _MARGIN kept round each); others one by one."""
        m = _MARGIN
        H, W = self.canon.shape
        out: list[np.ndarray | None] = [None] * len(rects)
        by_size: dict[tuple[int, int], list[int]] = {}
        for k, (y0, y1, x0, x1) in enumerate(rects):
            if y0 - m >= 0 and x0 - m >= 0 and y1 + m <= H and x1 + m <= W and y1 > y0 and x1 > x0:
                by_size.setdefault((y1 - y0, x1 - x0), []).append(k)
        for (h, w), ks in by_size.items():
            if len(ks) < 2:
                continue
            crops = np.stack([self.canon[rects[k][0] - m:rects[k][1] + m, rects[k][2] - m:rects[k][3] + m] for k in ks])
            tall = crops.reshape(-1, w + 2 * m)
            bg = cv2.morphologyEx(tall, cv2.MORPH_CLOSE, np.ones((m, m), np.uint8)).astype(np.float32)
            fine = np.clip((bg - tall) * (self.paper / self.span) / np.maximum(bg, 1.0), 0.0, 1.0)
            fine = fine.reshape(len(ks), h + 2 * m, w + 2 * m)
            for i, k in enumerate(ks):
                out[k] = fine[i, m:m + h, m:m + w]
        return [d if d is not None else self.darkness(*r) for d, r in zip(out, rects, strict=True)]

    def lines(self, insides: list[tuple[int, int, int, int]], hazy: list[bool] | None = None) -> list[np.ndarray]:
        """Per inside (y0, y1, x0, x1): the line response of its darkness against the paper right around each
        pixel (a closing 1.4 mm wide), less the outermost pixels, which may hold the printed square's blur.

        Strokes and dots up to about 1.4 mm are measured whole, while a
        shadow's edge, being no narrow dark thing, leaves nothing. All insides
        are laid side by side, with their surroundings, and measured in one pass.
        """
        m = _MARGIN
        hmax = max((y1 - y0 for y0, y1, _, _ in insides), default=0) + 2 * m
        wmax = max((x1 - x0 for _, _, x0, x1 in insides), default=0) + 2 * m
        if not insides:
            return []
        mosaic = _mosaic(self.canon, insides, hmax, wmax, int(self.paper))
        bg8 = cv2.morphologyEx(mosaic, cv2.MORPH_CLOSE, np.ones((m, m), np.uint8))
        bg = bg8.astype(np.float32)
        fine = np.clip((bg - mosaic) * (self.paper / self.span) / np.maximum(bg, 1.0), 0.0, 1.0)
        line = line_response(fine)
        out = []
        for i, (y0, y1, x0, x1) in enumerate(insides):
            h, w = max(y1 - y0, 0), max(x1 - x0, 0)
            out.append(line[m + 1:m + h - 1, i * wmax + m + 1:i * wmax + m + w - 1])
        return in_shade(out, papers_around(bg8, bg, wmax, insides), hazy)


def _mosaic(canon: np.ndarray, insides: list[tuple[int, int, int, int]], hmax: int, wmax: int,
            paper: int) -> np.ndarray:
    """The insides with their surroundings (_MARGIN) laid side by side, inside i at column i * wmax, the paper's
    grey where the page ends. Insides of one size whose surroundings all lie on the page (most pages) are taken in
    one gather, which lays exactly what _mosaic_plain lays."""
    m = _MARGIN
    H, W = canon.shape
    at = np.array(insides, np.int64).reshape(-1, 4)
    if (np.all(at[:, 1] - at[:, 0] == hmax - 2 * m) and np.all(at[:, 3] - at[:, 2] == wmax - 2 * m)
            and at[:, 0].min() >= m and at[:, 2].min() >= m and at[:, 1].max() + m <= H and at[:, 3].max() + m <= W):
        # each inside's window taken whole from a sliding-window view (rows copied as runs, not pixel by pixel
        # through index grids: the same bytes at half the cost), then laid side by side
        boxes = sliding_window_view(canon, (hmax, wmax))[at[:, 0] - m, at[:, 2] - m]  # (insides, hmax, wmax)
        out: np.ndarray = np.ascontiguousarray(boxes.transpose(1, 0, 2)).reshape(hmax, wmax * len(insides))
        return out
    return _mosaic_plain(canon, insides, hmax, wmax, paper)


def _mosaic_plain(canon: np.ndarray, insides: list[tuple[int, int, int, int]], hmax: int, wmax: int,
                  paper: int) -> np.ndarray:
    m = _MARGIN
    H, W = canon.shape
    mosaic = np.full((hmax, wmax * len(insides)), paper, np.uint8)
    for i, (y0, y1, x0, x1) in enumerate(insides):
        ya, yb, xa, xb = max(0, y0 - m), min(H, y1 + m), max(0, x0 - m), min(W, x1 + m)
        if yb > ya and xb > xa:
            oy, ox = ya - (y0 - m), i * wmax + xa - (x0 - m)
            mosaic[oy:oy + yb - ya, ox:ox + xb - xa] = canon[ya:yb, xa:xb]
    return mosaic


def papers_around(bg8: np.ndarray, bg: np.ndarray, wmax: int, insides: list[tuple[int, int, int, int]]) -> list[float]:
    """_paper_around of every inside laid in the mosaic (at column i * wmax), read off one integral image of the
    closed mosaic: the same integer sums, so the same values, without a Python call and two sums per box."""
    m = _MARGIN
    sizes = np.array([(y1 - y0, x1 - x0) for y0, y1, x0, x1 in insides], np.int64).reshape(-1, 2)
    h, w = sizes[:, 0], sizes[:, 1]
    x = np.arange(len(insides), dtype=np.int64) * wmax
    ii = cv2.integral(bg8, sdepth=cv2.CV_32S).astype(np.int64)

    def total(r0: np.ndarray, r1: np.ndarray, c0: np.ndarray, c1: np.ndarray) -> np.ndarray:
        return ii[r1, c1] - ii[r0, c1] - ii[r1, c0] + ii[r0, c0]

    plain = (h > 0) & (w > 0)  # a box with no inside keeps the plain per-box computation
    hs, ws = np.where(plain, h, 1), np.where(plain, w, 1)
    zero = np.zeros_like(x)
    ring = total(zero, hs + 2 * m, x, x + ws + 2 * m) - total(zero + m, m + hs, x + m, x + m + ws)
    band = (hs + 2 * m) * (ws + 2 * m) - hs * ws
    return [float(r) / b if ok else _paper_around(bg, i * wmax, int(hh), int(ww))
            for i, (r, b, ok, hh, ww) in enumerate(zip(ring.tolist(), band.tolist(), plain.tolist(), h.tolist(),
                                                          w.tolist(), strict=True))]


def _paper_around(bg: np.ndarray, x: int, h: int, w: int) -> float:
    """The paper's level in the band of _MARGIN pixels round an inside laid at column x of the mosaic: what
    lights the box, whatever the person put inside it (a wide fill would darken the inside's own level)."""
    m = _MARGIN
    whole = bg[:h + 2 * m, x:x + w + 2 * m]
    inner = bg[m:m + max(h, 0), x + m:x + m + max(w, 0)]
    band = whole.size - inner.size
    return float(whole.sum() - inner.sum()) / band if band > 0 else float(whole.mean())


SHADE_FROM = 0.8  # a box whose paper is lit less than this share of the typical box's lies in a shadow


def in_shade(lines: list[np.ndarray], lit: list[float], hazy: list[bool] | None = None) -> list[np.ndarray]:
    """Line responses of boxes in a shadow, brought to the noise of the page's typical box.

    Darkness is measured against the paper around each pixel, so a pen's
    stroke keeps its contrast in a shadow; a camera's noise does not: it
    stays about as many grey levels, and divided by a darker paper it grows.
    A photo's cast shadow or vignetted corner then fills empty boxes with
    traces above the page's one noise floor (measured mostly on lit boxes).
    Scaling such a box's response by its light (against the typical box's)
    puts its noise back on that floor. Boxes lit about as the page's are
    left untouched (scanned pages, even light), so their readings stay as they were.
    hazy: boxes whose inside shows faint haze against the page's paper keep their full response: a light pencil
    stroke in a shadow is as faint as the noise there, and it is the haze that says something may be in the box
    (a 2H slash in Augraphy's cast shadow was read blank when scaled).
    """
    if not lines:
        return lines
    typical = float(median(lit))
    if typical <= 0:
        return lines
    keep = hazy or [False] * len(lines)
    return [ln * np.float32(light / typical) if light < SHADE_FROM * typical and not kept else ln
            for ln, light, kept in zip(lines, lit, keep, strict=True)]
