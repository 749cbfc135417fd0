"""A second pen and scanner model, written apart from scanner/corpus, so the sweep is not the generator's mirror.

The corpus generator lays a polyline of one width and one grey onto a 300 dpi
page. Here a stroke is a chain of overlapping pen-tip footprints drawn at
several times the scan's resolution, each with the pressure of its moment
(a stroke starts and ends lighter and thinner), pencil graphite sits only on
the paper's grain, a felt tip bleeds; then the sensor integrates the patch
down to the scan's pixels, blurs and adds noise, and the page is written as
colour or grey JPEG or thresholded to 1 bit, as office scanners do.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

SUPERSAMPLE = 5
STYLES = ("x", "tick", "slash", "dot", "circle", "partial_x")


@dataclass(frozen=True)
class Ink:
    """What a writing tool leaves: its reflectance per channel (RGB, 1 = paper) at full pressure, and its texture."""

    name: str
    rgb: tuple[float, float, float]
    grain: float = 0.0  # 0 = an even film of ink; towards 1, graphite only on the paper's high points
    bleed: float = 0.0  # millimetres a felt tip spreads

    @property
    def contrast(self) -> float:
        r, g, b = self.rgb
        return 1.0 - (0.299 * r + 0.587 * g + 0.114 * b)


INKS = {
    "2H_faint": Ink("2H_faint", (0.84, 0.84, 0.85), grain=0.6),  # a hard pencil held lightly
    "2H": Ink("2H", (0.74, 0.74, 0.76), grain=0.5),
    "HB": Ink("HB", (0.58, 0.58, 0.6), grain=0.35),
    "blue_ballpoint": Ink("blue_ballpoint", (0.32, 0.36, 0.78)),
    "black_ballpoint": Ink("black_ballpoint", (0.16, 0.16, 0.18)),
    "felt": Ink("felt", (0.08, 0.08, 0.1), bleed=0.08),
}


def _wobbly(rng: np.random.Generator, a: tuple[float, float], b: tuple[float, float], n: int = 40) -> np.ndarray:
    """A hand's straight line: a gentle bow and a low-frequency tremor."""
    t = np.linspace(0, 1, n)[:, None]
    p = (1 - t) * np.array(a) + t * np.array(b)
    normal = np.array([a[1] - b[1], b[0] - a[0]]) / max(np.hypot(a[0] - b[0], a[1] - b[1]), 1e-6)
    bow = rng.normal(0, 0.25) * np.sin(np.pi * t) + 0.04 * np.sin(2 * np.pi * (rng.uniform(1, 3) * t + rng.uniform()))
    return p + bow * normal


def strokes_for(style: str, w: float, h: float, pen_mm: float, rng: np.random.Generator) -> list[np.ndarray]:
    """The strokes (mm, relative to the box's top-left) a person draws in a w × h box."""
    j = lambda s=0.3: float(rng.uniform(-s, s))  # noqa: E731
    if style in ("x", "partial_x"):
        ox, oy = (0.0, 0.0)
        if style == "partial_x":  # the X drawn off the box, partly outside it
            ang = rng.uniform(0, 2 * np.pi)
            ox, oy = float(np.cos(ang) * rng.uniform(1.3, 2.0)), float(np.sin(ang) * rng.uniform(1.3, 2.0))
        m = 0.6
        return [_wobbly(rng, (m + j() + ox, m + j() + oy), (w - m + j() + ox, h - m + j() + oy)),
                _wobbly(rng, (w - m + j() + ox, m + j() + oy), (m + j() + ox, h - m + j() + oy))]
    if style == "tick":
        mid = (w * rng.uniform(0.35, 0.5), h * rng.uniform(0.7, 0.85))
        return [_wobbly(rng, (w * 0.18, h * 0.5 + j()), mid, 15), _wobbly(rng, mid, (w * rng.uniform(0.85, 1.05), h * 0.12), 30)]
    if style == "slash":
        return [_wobbly(rng, (w * 0.22 + j(), h * 0.82 + j()), (w * 0.8 + j(), h * 0.18 + j()))]
    if style == "circle":
        r = min(w, h) * rng.uniform(0.25, 0.34)
        t0 = rng.uniform(0, 2 * np.pi)
        t = np.linspace(t0, t0 + 2 * np.pi * rng.uniform(1.0, 1.1), 60)
        return [np.stack([w / 2 + j(0.2) + r * np.cos(t), h / 2 + j(0.2) + r * 1.05 * np.sin(t)], axis=1)]
    if style == "dot":
        # a pressed tip worked round: a filled spot of 0.6-1.2 mm, whatever the pen
        c = np.array([w / 2 + j(0.6), h / 2 + j(0.6)])
        r_out = max(0.3 + 0.3 * pen_mm - pen_mm / 2, 0.0)
        turns = max(1.0, r_out / max(0.7 * pen_mm, 0.05))
        t = np.linspace(0, 2 * np.pi * turns, int(40 * turns))
        r = r_out * t / t[-1]
        return [c + np.stack([r * np.cos(t), r * 0.9 * np.sin(t)], axis=1)]
    raise ValueError(style)


def _pressure(n: int, rng: np.random.Generator) -> np.ndarray:
    """Along a stroke: lighter where the pen lands and lifts, a little uneven in between."""
    t = np.linspace(0, 1, n)
    env = np.clip(np.sin(np.pi * np.clip(t, 0, 1)) * 1.6, 0.35, 1.0)
    return env * (1 - 0.15 * rng.random()) * (1 - 0.08 * np.abs(np.sin(t * rng.uniform(4, 9))))


def render_patch(strokes: list[np.ndarray], ink: Ink, pen_mm: float, px_per_mm: float,
                 origin_mm: tuple[float, float], size_px: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """Ink opacity (0..1) over a patch of the page at `px_per_mm`, drawn SUPERSAMPLE times finer and integrated."""
    k = px_per_mm * SUPERSAMPLE
    W, H = size_px[0] * SUPERSAMPLE, size_px[1] * SUPERSAMPLE
    total = np.zeros((H, W), np.float32)
    for s in strokes:
        seg = np.hypot(*np.diff(s, axis=0).T)
        n = max(2, int(seg.sum() / 0.02) + 1)
        along = np.concatenate([[0], np.cumsum(seg)])
        t = np.linspace(0, along[-1], n)
        pts = np.stack([np.interp(t, along, s[:, 0]), np.interp(t, along, s[:, 1])], axis=1)
        press = _pressure(n, rng)
        layer = np.zeros((H, W), np.uint8)
        for (x, y), p in zip(pts, press, strict=True):
            r = max(0.5 * pen_mm * (0.7 + 0.3 * p) * k, 0.5)
            cx, cy = (x - origin_mm[0]) * k, (y - origin_mm[1]) * k
            cv2.circle(layer, (int(round(cx * 16)), int(round(cy * 16))), int(round(r * 16)),
                       int(round(255 * p)), -1, cv2.LINE_AA, shift=4)
        a = layer.astype(np.float32) / 255
        total = 1 - (1 - total) * (1 - a)
    if ink.bleed:
        total = np.clip(cv2.GaussianBlur(total, (0, 0), ink.bleed * k) * 1.15, 0, 1)
    if ink.grain:
        fibre = cv2.GaussianBlur(rng.random((H, W)).astype(np.float32), (0, 0), 0.015 * k)
        fibre = (fibre - fibre.mean()) / (fibre.std() + 1e-6)
        total *= np.clip(1 - ink.grain + ink.grain * (0.6 + 0.7 * fibre), 0, 1)
    return cv2.resize(total, size_px, interpolation=cv2.INTER_AREA)


def lay_ink(page: np.ndarray, alpha: np.ndarray, ink: Ink, at: tuple[int, int]) -> None:
    """Subtractive: paper under the ink reflects the ink's share of the light, per channel (page is RGB float)."""
    x, y = at
    h, w = alpha.shape
    region = page[y:y + h, x:x + w]
    a = alpha[: region.shape[0], : region.shape[1], None]
    region *= 1 - a * (1 - np.array(ink.rgb, np.float32))


def scan_page(page_rgb: np.ndarray, mode: str, rng: np.random.Generator) -> tuple[bytes, str]:
    """A flatbed's capture of a reflectance page: optics blur, lamp and sensor noise, then the file as written."""
    img = cv2.GaussianBlur(page_rgb, (0, 0), rng.uniform(0.45, 0.75))
    img = img * rng.uniform(0.9, 0.98) + rng.normal(0, rng.uniform(0.006, 0.015), img.shape).astype(np.float32)
    img = np.clip(np.clip(img, 0, 1) ** (1 / 1.1) * 255, 0, 255).astype(np.uint8)
    bgr = img[:, :, ::-1]
    if mode == "colour":
        return cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(60, 90))])[1].tobytes(), "jpeg"
    grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    if mode == "grey":
        return cv2.imencode(".jpg", grey, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(60, 90))])[1].tobytes(), "jpeg"
    if mode == "bilevel":
        bits = np.where(grey < int(rng.integers(110, 160)), 0, 255).astype(np.uint8)
        return cv2.imencode(".png", bits)[1].tobytes(), "png"
    raise ValueError(mode)
