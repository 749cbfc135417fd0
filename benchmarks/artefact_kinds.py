"""Artefacts of the paper, the print and the scanner for benchmarks.artefacts, drawn on a grey 200 dpi page.

Each function takes (img, strength, rng, page) and returns a new uint8 image. `page` holds the side's questions,
the truth (which an artefact that is the person's own doing may change) and, for bleed-through, the filled other
side. Sizes are in mm as on the paper, K pixels to the mm. None of this is in the project's corpus generator:
the point is to judge the reader on inputs it was not tuned on. What people and offices do to a sheet is in
benchmarks.artefact_handling.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from scanner.corpus.draw import curve
from scanner.template import Question, Rect

DPI = 200
K = DPI / 25.4


@dataclass
class Page:
    """What an artefact may need to know of the page it lands on."""

    side: int
    questions: list[Question]
    truth: dict[str, tuple[str, ...]] = field(default_factory=dict)
    other: np.ndarray | None = None


def mm(v: float) -> int:
    return int(round(v * K))


def darken(img: np.ndarray, layer: np.ndarray) -> np.ndarray:
    """Multiplies, as ink or a stain on paper does: dark print stays dark, white paper takes the tint."""
    return np.clip(img.astype(np.float32) * (1 - layer), 0, 255).astype(np.uint8)


def fade(img: np.ndarray, factor: np.ndarray | float) -> np.ndarray:
    """Print at `factor` of its darkness, as from a worn cartridge or toner saving."""
    return (255 - (255 - img.astype(np.float32)) * factor).astype(np.uint8)


def pick_box(page: Page, rng: np.random.Generator):
    q = page.questions[rng.integers(len(page.questions))]
    return q, q.options[rng.integers(len(q.options))]


def centre(box: Rect) -> tuple[float, float]:
    return box.x + box.w / 2, box.y + box.h / 2


def polyline(img: np.ndarray, pts_mm, grey: int, width: int) -> None:
    """Anti-aliased, at sub-pixel precision (8ths of a pixel): a hair is thinner than a pixel's grid."""
    arr = np.array([(x * K * 8, y * K * 8) for x, y in pts_mm], np.int32).reshape(-1, 1, 2)
    cv2.polylines(img, [arr], False, int(grey), width, cv2.LINE_AA, shift=3)


def bleed(img, s, rng, page):
    """The other side seen through thin paper: mirrored, blurred, off-register by up to 1.5 mm; s is its darkness."""
    other = cv2.GaussianBlur(page.other[:, ::-1].astype(np.float32), (0, 0), 1.2)
    dx, dy = rng.uniform(-1.5, 1.5, 2) * K
    other = cv2.warpAffine(other, np.float32([[1, 0, dx], [0, 1, dy]]), img.shape[::-1], borderValue=255)
    return darken(img, s * (1 - other / 255.0))


FOLDS = {1: dict(core=150, w=1, shadow=0.06, band=12), 2: dict(core=100, w=2, shadow=0.12, band=25),
         3: dict(core=60, w=2, shadow=0.2, band=40)}


def crease(img, p0, angle, s, shift_px=0):
    """A fold flattened on the glass: a dark core, a shadow mostly on one side; at s=3 the far side lies off."""
    prm = FOLDS[s]
    h, w = img.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    a = np.deg2rad(angle)
    nx, ny = -np.sin(a), np.cos(a)
    d = (xx - p0[0]) * nx + (yy - p0[1]) * ny
    out = img.astype(np.float32)
    if shift_px:
        moved = cv2.warpAffine(out, np.float32([[1, 0, nx * shift_px], [0, 1, ny * shift_px]]), (w, h),
                               borderValue=255)
        out = np.where(d > 0, moved, out)
    band = prm["band"]
    shade = np.where((d > 0) & (d < band), prm["shadow"] * (1 - d / band), 0) \
        + np.where((d <= 0) & (d > -band / 3), prm["shadow"] * 0.4 * (1 + d / (band / 3)), 0)
    out = out * (1 - shade)
    out = np.where(np.abs(d) < prm["w"] / 2 + 0.5, np.minimum(out, prm["core"]), out)
    return np.clip(out, 0, 255).astype(np.uint8)


def fold_h(img, s, rng, page):
    """A horizontal crease along a row of boxes: through their middle, their top edge, or just inside it."""
    _, o = pick_box(page, rng)
    y = o.box.y + [o.box.h / 2, 0.0, 1.2][rng.integers(3)]
    return crease(img, (0, y * K), rng.uniform(-0.4, 0.4), s, shift_px=3 if s == 3 else 0)


def fold_diag(img, s, rng, page):
    """A diagonal crease through a box, 8-35 degrees off the horizontal."""
    _, o = pick_box(page, rng)
    cx, cy = centre(o.box)
    angle = rng.choice([-1, 1]) * rng.uniform(8, 35)
    return crease(img, (cx * K, cy * K), angle, s, shift_px=2 if s == 3 else 0)


def fold_letter(img, s, rng, page):
    """Folded in three for an envelope: creases near a third and two thirds down, slightly skewed."""
    for y in (99 + rng.uniform(-6, 6), 198 + rng.uniform(-6, 6)):
        img = crease(img, (0, y * K), rng.uniform(-1.5, 1.5), s, shift_px=2 if s == 3 else 0)
    return img


def scratch(img, s, rng, page):
    """A short scratch or thread on the glass down a column of boxes (a grid's, where the side has one), 25-60 mm
    long: unlike a feeder's streak it starts and ends on the page. s: 2 px grey 160, 1 px grey 120, 2 px grey 60."""
    grid = [q for q in page.questions if q.group] or page.questions
    q = grid[rng.integers(len(grid))]
    o = q.options[rng.integers(len(q.options))]
    grey, width = {1: (160, 2), 2: (120, 1), 3: (60, 2)}[s]
    x = mm(o.box.x + rng.uniform(1.0, 4.0))
    y0 = o.box.y - rng.uniform(2, 15)
    y1 = y0 + rng.uniform(25, 60)
    out = img.copy()
    out[mm(y0):mm(y1), x:x + width] = np.minimum(out[mm(y0):mm(y1), x:x + width], grey)
    return out


def hair(img, s, rng, page):
    """A hair or thread on the glass across boxes. s=1: 12 mm, 1 px grey 120 over one box; s=2: 60 mm grey 70
    along a row; s=3: a 45 mm thread, 2 px grey 50, ending in a loop."""
    _, o = pick_box(page, rng)
    cx, cy = centre(o.box)
    cx, cy = cx + rng.uniform(-1, 1), cy + rng.uniform(-1, 1)
    length = {1: 12, 2: 60, 3: 45}[s]
    a = rng.uniform(-0.5, 0.5) + (0 if s == 2 else rng.uniform(0, np.pi))
    p0 = (cx - length / 2 * np.cos(a), cy - length / 2 * np.sin(a))
    p1 = (cx + length / 2 * np.cos(a), cy + length / 2 * np.sin(a))
    pts = curve(rng, p0, p1, bend=length / 8, n=20)
    if s == 3:
        loop = np.linspace(np.pi / 2, 2.4 * np.pi, 15)
        pts = pts + [(p1[0] + 4 * np.cos(t), p1[1] - 4 + 4 * np.sin(t)) for t in loop]
    width, grey = {1: (1, 120), 2: (1, 70), 3: (2, 50)}[s]
    out = img.copy()
    polyline(out, pts, grey, width)
    return out


def paper_tone(img, s, rng, page):
    """Paper that is not white. s=1: yellowed (230); s=2: grey recycled (205) with fibre flecks;
    s=3: dark recycled (185), more flecks, a blotchy tone."""
    level, flecks, blotch = {1: (230, 0, 0.0), 2: (205, 400, 0.03), 3: (185, 1500, 0.06)}[s]
    h, w = img.shape
    tone = np.full((h, w), level / 255.0, np.float32)
    if blotch:
        n = cv2.resize(rng.normal(0, 1, (30, 21)).astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
        tone *= 1 - blotch * np.clip(n, -2, 2) / 2
    out = img.astype(np.float32) * tone
    for _ in range(flecks):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        length, a, grey = rng.uniform(1, 0.4 * K), rng.uniform(0, np.pi), rng.uniform(60, 160)
        cv2.line(out, (x, y), (int(x + length * np.cos(a)), int(y + length * np.sin(a))), float(grey), 1,
                 cv2.LINE_AA)
    return np.clip(out, 0, 255).astype(np.uint8)


def low_contrast_print(img, s, rng, page):
    """The form printed light (toner saving, a worn cartridge), before it is filled in: 60, 50, 40 % darkness."""
    return fade(img, {1: 0.6, 2: 0.5, 3: 0.4}[s])


def recycled_paper(img, s, rng, page):
    """Grey recycled paper (paper_tone s=2) under whatever else is drawn."""
    return paper_tone(img, 2, rng, page)


def toner_fade(img, s, rng, page):
    """The form's print fading toward the right or bottom edge to 50, 30, 15 % darkness, before it is filled in."""
    h, w = img.shape
    c = {1: 0.5, 2: 0.3, 3: 0.15}[s]
    if rng.random() < 0.5:
        return fade(img, np.linspace(1.0, c, w, dtype=np.float32)[None, :])
    return fade(img, np.linspace(1.0, c, h, dtype=np.float32)[:, None])


def downsample(img, s, rng, page):
    """Scanned at 120, 110, 100 dpi (area average), then brought back to 200 dpi (bilinear)."""
    d = {1: 120, 2: 110, 3: 100}[s]
    h, w = img.shape
    small = cv2.resize(img, (round(w * d / DPI), round(h * d / DPI)), interpolation=cv2.INTER_AREA)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def screen(shape, period: float, angle: float) -> np.ndarray:
    """A copier's clustered-dot halftone threshold map."""
    h, w = shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    a = np.deg2rad(angle)
    u = (xx * np.cos(a) + yy * np.sin(a)) * 2 * np.pi / period
    v = (-xx * np.sin(a) + yy * np.cos(a)) * 2 * np.pi / period
    return 127.5 + 127.5 * (np.cos(u) * np.cos(v))


def copy_once(img, rng, thicken: int, period: float, haze: float, dust: float) -> np.ndarray:
    """One pass through a copier: print grows, contrast rises, mid-greys are halftoned, toner dust lands."""
    g = cv2.erode(img, np.ones((thicken + 1, thicken + 1), np.uint8)).astype(np.float32)
    g = np.clip((g - 40) * 255 / 190, 0, 255)
    halftone = np.where(g < screen(img.shape, period, rng.uniform(30, 60)), 0, 255).astype(np.float32)
    out = np.where(g < 25, 0, np.where(g > 235, 255, halftone))
    out = cv2.GaussianBlur(out, (0, 0), 0.7) * (1 - haze)
    specks = rng.random(img.shape) < dust
    out[specks] = np.minimum(out[specks], rng.uniform(40, 140, specks.sum()))
    return np.clip(out, 0, 255).astype(np.uint8)


def photocopy(img, s, rng, page, scaled=True):
    """s=1: a light copy (print 1 px thicker, 5 px screen); s=2: a dark copy (2 px, 6 px screen, grey haze);
    s=3: a copy of that copy at 98 % and 0.6 degrees (only when the filled page is copied: a blank form copied
    off scale and then filled in has its boxes where this harness cannot place the marks)."""
    if s == 1:
        return copy_once(img, rng, 1, 5, 0.0, 2e-5)
    out = copy_once(img, rng, 2, 6, 0.08, 6e-5)
    if s == 3 and scaled:
        h, w = out.shape
        out = cv2.warpAffine(out, cv2.getRotationMatrix2D((w / 2, h / 2), 0.6, 0.98), (w, h),
                             borderValue=int(255 * 0.92))
        out = copy_once(out, rng, 1, 6, 0.08, 6e-5)
    return out


def photocopy_blank(img, s, rng, page):
    """A photocopied blank form, filled in afterwards."""
    return photocopy(img, s, rng, page, scaled=False)


def double_scan(img, s, rng, page):
    """A jammed page fed again over its own image: the darker of the page and a shifted copy. s=1: 1 mm;
    s=2: 3 mm across, 2 mm down; s=3 (contrived): a half-strength copy exactly one grid row (7.5 mm) down, so
    each box's ghost falls on the box below."""
    dx, dy, alpha = {1: (1.0, 0.3, 1.0), 2: (3.0, 2.0, 1.0), 3: (0.0, 7.5, 0.5)}[s]
    moved = cv2.warpAffine(img, np.float32([[1, 0, dx * K], [0, 1, dy * K]]), img.shape[::-1], borderValue=255)
    return np.minimum(img.astype(np.float32), fade(moved, alpha)).astype(np.uint8)
