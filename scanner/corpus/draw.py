"""How people mark paper: pens and mark styles drawn onto a page image.

Coordinates are millimetres (the template's) converted with the page's
pixels per millimetre, so the same code fills pages at any resolution.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ..template import Rect


@dataclass(frozen=True)
class Pen:
    name: str
    gray: int  # ink level on white paper
    width_mm: float
    bleed: bool = False


PENS = {
    "ballpoint_black": Pen("ballpoint_black", 35, 0.45),
    "ballpoint_blue": Pen("ballpoint_blue", 95, 0.45),
    "ballpoint_fine": Pen("ballpoint_fine", 60, 0.22),
    "pencil": Pen("pencil", 150, 0.4),
    "pencil_2h": Pen("pencil_2h", 188, 0.25),  # a hard pencil, lightly held: grey, thin, grainy
    "felt": Pen("felt", 25, 1.0, bleed=True),
}
MARK_STYLES = ("x", "tick", "slash", "fill", "dot", "circle_box", "circle_text")
TRACE_STYLES = ("ghost", "smudge")  # visible in a box that was not chosen: an erased pencil mark, a graphite smudge


class Canvas:
    """A grey page image with ink laid down the way a pen would (darkening, never lightening)."""

    def __init__(self, image: np.ndarray, px_per_mm: float, rng: np.random.Generator) -> None:
        self.img = image
        self.k = px_per_mm
        self.rng = rng

    def px(self, x_mm: float, y_mm: float) -> tuple[int, int]:
        return int(round(x_mm * self.k * 8)), int(round(y_mm * self.k * 8))

    def _roi(self, pts: np.ndarray, pad: int) -> tuple[int, int, int, int]:
        h, w = self.img.shape
        x0, y0 = (pts.min(axis=0) >> 3) - pad
        x1, y1 = (pts.max(axis=0) >> 3) + pad
        return max(0, int(x0)), max(0, int(y0)), min(w, int(x1)), min(h, int(y1))

    def _draw(self, pts_mm: list[tuple[float, float]], pen: Pen, width: int | None) -> None:
        pts = np.array([self.px(x, y) for x, y in pts_mm], np.int32)
        pad = (width or 1) + int(self.k * 1.5) + 2
        x0, y0, x1, y1 = self._roi(pts, pad)
        if x1 <= x0 or y1 <= y0:
            return
        layer = np.zeros((y1 - y0, x1 - x0), np.uint8)
        local = (pts - np.array([x0 << 3, y0 << 3], np.int32)).reshape(-1, 1, 2)
        if width is None:
            cv2.fillPoly(layer, [local], 255, cv2.LINE_AA, shift=3)
        else:
            # pressure: the pen lands and lifts lighter than it travels
            n = len(local)
            for i in range(n - 1):
                p = 0.55 + 0.45 * np.sin(np.pi * min(1.0, (i + 0.5) / (n - 1) * 1.6, (n - 1.5 - i) / (n - 1) * 1.6 + 0.3))
                cv2.polylines(layer, [local[i:i + 2]], False, int(255 * p), width, cv2.LINE_AA, shift=3)
        self.lay(layer, pen, (x0, y0))

    def stroke(self, pts_mm: list[tuple[float, float]], pen: Pen, width_scale: float = 1.0) -> None:
        self._draw(pts_mm, pen, max(1, int(round(pen.width_mm * width_scale * self.k))))

    def fill_poly(self, pts_mm: list[tuple[float, float]], pen: Pen) -> None:
        self._draw(pts_mm, pen, None)

    def lay(self, layer: np.ndarray, pen: Pen, at: tuple[int, int] = (0, 0)) -> None:
        if pen.bleed:
            layer = cv2.GaussianBlur(layer, (0, 0), 0.35 * self.k)
        alpha = layer.astype(np.float32) / 255.0
        if pen.name.startswith("pencil"):
            alpha *= self.rng.uniform(0.55, 1.0, alpha.shape).astype(np.float32)
        x0, y0 = at
        region = self.img[y0:y0 + layer.shape[0], x0:x0 + layer.shape[1]]
        out = region.astype(np.float32)
        out = np.minimum(out, out * (1 - alpha) + np.float32(pen.gray) * alpha)
        region[:] = out.astype(np.uint8)


def jitter(rng: np.random.Generator, s: float) -> float:
    return float(rng.normal(0, s))


def curve(rng: np.random.Generator, a: tuple[float, float], b: tuple[float, float], bend: float = 0.3,
          n: int = 8) -> list[tuple[float, float]]:
    """A hand-drawn line from a to b: slightly bowed and wobbly."""
    c = ((a[0] + b[0]) / 2 + jitter(rng, bend), (a[1] + b[1]) / 2 + jitter(rng, bend))
    out = []
    for t in np.linspace(0, 1, n):
        x = (1 - t) ** 2 * a[0] + 2 * (1 - t) * t * c[0] + t * t * b[0]
        y = (1 - t) ** 2 * a[1] + 2 * (1 - t) * t * c[1] + t * t * b[1]
        out.append((x + jitter(rng, 0.05), y + jitter(rng, 0.05)))
    return out


def ellipse(rng: np.random.Generator, cx: float, cy: float, rx: float, ry: float) -> list[tuple[float, float]]:
    start = rng.uniform(0, 2 * np.pi)
    ts = np.linspace(start, start + 2 * np.pi * rng.uniform(1.02, 1.15), 28)
    return [(cx + rx * np.cos(t) + jitter(rng, 0.15), cy + ry * np.sin(t) + jitter(rng, 0.15)) for t in ts]


def draw_mark(cv: Canvas, box: Rect, style: str, pen: Pen, offset: tuple[float, float] = (0.0, 0.0),
              label_width_mm: float = 30.0, text_left: bool = False) -> None:
    """`text_left`: the option's label is printed left of its box (a right-to-left form), where circle_text goes."""
    rng = cv.rng
    x, y, w, h = box.x + offset[0], box.y + offset[1], box.w, box.h
    m = rng.uniform(0.3, 1.0)
    if style == "x":
        cv.stroke(curve(rng, (x + m, y + m), (x + w - m, y + h - m)), pen)
        m2 = rng.uniform(0.3, 1.0)
        cv.stroke(curve(rng, (x + w - m2, y + m2), (x + m2, y + h - m2)), pen)
    elif style == "tick":
        mid = (x + w * rng.uniform(0.35, 0.5), y + h * rng.uniform(0.7, 0.9))
        cv.stroke(curve(rng, (x + w * 0.15, y + h * 0.5), mid, 0.1, 5), pen)
        cv.stroke(curve(rng, mid, (x + w * rng.uniform(0.85, 1.15), y + h * rng.uniform(-0.1, 0.2))), pen)
    elif style == "slash":
        cv.stroke(curve(rng, (x + w * 0.2, y + h * 0.85), (x + w * 0.85, y + h * 0.15)), pen)
    elif style == "dot":
        r = rng.uniform(0.6, 1.0)
        cx, cy = x + w / 2 + jitter(rng, 0.4), y + h / 2 + jitter(rng, 0.4)
        cv.fill_poly([(cx + r * np.cos(t), cy + r * np.sin(t)) for t in np.linspace(0, 2 * np.pi, 16)], pen)
    elif style == "fill":
        # back-and-forth strokes packed tighter than the pen is wide, as people fill a box in
        step = pen.width_mm * rng.uniform(0.45, 0.8)
        pts, yy, left = [], y + 0.2, True
        while yy < y + h - 0.1:
            pts.append((x + (0.2 if left else w - 0.2) + jitter(rng, 0.15), yy))
            pts.append((x + (w - 0.2 if left else 0.2) + jitter(rng, 0.15), yy + step / 2))
            yy += step
            left = not left
        cv.stroke(pts, pen)
    elif style == "circle_box":
        cv.stroke(ellipse(rng, x + w / 2, y + h / 2, w * 0.85, h * 0.85), pen)
    elif style == "ghost":  # an X in pencil, rubbed out: a fifth of its darkness left, smeared
        faded = Pen(pen.name, 255 - int((255 - pen.gray) * rng.uniform(0.12, 0.25)), pen.width_mm * 1.3, bleed=True)
        cv.stroke(curve(rng, (x + m, y + m), (x + w - m, y + h - m)), faded)
        cv.stroke(curve(rng, (x + w - m, y + m), (x + m, y + h - m)), faded)
    elif style == "smudge":  # the side of a hand dragged through graphite: broad and faint
        cx, cy = x + w * rng.uniform(0.2, 0.8), y + h * rng.uniform(0.2, 0.8)
        blob = Pen(pen.name, 255 - int((255 - pen.gray) * rng.uniform(0.1, 0.2)), 2.5, bleed=True)
        cv.stroke([(cx - 2.5, cy + jitter(rng, 0.5)), (cx + 2.5, cy + jitter(rng, 0.5))], blob)
    elif style == "circle_text":
        cx = x - 2 - label_width_mm / 2 if text_left else x + w + 2 + label_width_mm / 2
        cv.stroke(ellipse(rng, cx, y + h / 2, label_width_mm / 2 + 2.5, h * 0.75), pen)
    else:
        raise ValueError(style)


def scribble(cv: Canvas, area: Rect, pen: Pen, words: int) -> None:
    """Handwriting-like strokes: runs of loops and humps along lines."""
    rng = cv.rng
    line_h = 5.5
    y = area.y + 4.0
    x = area.x + 2 + rng.uniform(0, 4)
    for _ in range(words):
        wlen = rng.uniform(6, 18)
        if x + wlen > area.x + area.w - 2:
            x = area.x + 2 + rng.uniform(0, 3)
            y += line_h
            if y > area.y + area.h - 2:
                return
        ts = np.linspace(0, wlen, int(wlen * 2.2))
        pts = [(x + t + 0.3 * np.sin(t * 3.1), y - 1.2 * abs(np.sin(t * rng.uniform(1.6, 2.4))) + jitter(rng, 0.1))
               for t in ts]
        cv.stroke(pts, pen, 0.8)
        x += wlen + rng.uniform(1.5, 3)


def stray(cv: Canvas, near: Rect, pen: Pen) -> None:
    """A doodle in the margin beside a question, as people leave while thinking."""
    rng = cv.rng
    cx = 20 - rng.uniform(3.5, 6)
    cy = near.y + near.h / 2 + jitter(rng, 1)
    cv.stroke(curve(rng, (cx - 1.5, cy + 1), (cx + 1, cy - 1.5), 0.8), pen)


SEGMENTS = {  # a hand's digits as seven-segment strokes: a top, b top-right, c bottom-right, d bottom, e, f, g middle
    0: "abcdef", 1: "bc", 2: "abged", 3: "abgcd", 4: "fgbc", 5: "afgcd", 6: "afedcg", 7: "abc", 8: "abcdefg",
    9: "gfabcd",
}


def write_digit(cv: Canvas, box: Rect, digit: int, pen: Pen) -> None:
    """A digit written in a comb's box, as people write one: strokes of the seven-segment shape, a little askew."""
    rng = cv.rng
    x0, x1 = box.x + box.w * 0.28, box.x + box.w * 0.72
    y0, y1 = box.y + box.h * 0.2, box.y + box.h * 0.8
    ym = (y0 + y1) / 2
    ends = {"a": ((x0, y0), (x1, y0)), "b": ((x1, y0), (x1, ym)), "c": ((x1, ym), (x1, y1)),
            "d": ((x0, y1), (x1, y1)), "e": ((x0, ym), (x0, y1)), "f": ((x0, y0), (x0, ym)), "g": ((x0, ym), (x1, ym))}
    for seg in SEGMENTS[digit]:
        a, b = ends[seg]
        cv.stroke(curve(rng, (a[0] + jitter(rng, 0.15), a[1] + jitter(rng, 0.15)),
                        (b[0] + jitter(rng, 0.15), b[1] + jitter(rng, 0.15)), 0.1), pen)
