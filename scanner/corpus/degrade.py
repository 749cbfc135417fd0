"""How pages arrive: scanners, photocopiers, fax-like 1-bit pages and phone photos.

Each profile turns a clean 300 dpi paper image into what a device would
write, and returns the parameters it drew so the truth records them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import cv2
import numpy as np

from . import PROFILES  # noqa: F401  (named in the CLI without importing OpenCV)


@dataclass
class Scan:
    image: np.ndarray  # uint8 grey, or bool for 1-bit pages
    dpi: int
    profile: str
    params: dict = field(default_factory=dict)

    @property
    def bilevel(self) -> bool:
        return self.image.dtype == bool


def _affine(img: np.ndarray, src_dpi: float, dpi: int, angle: float, scale: float, shift_mm: tuple[float, float],
            flip: bool, paper: int) -> np.ndarray:
    h, w = img.shape
    k = dpi / src_dpi * scale
    out_w, out_h = int(round(w * dpi / src_dpi)), int(round(h * dpi / src_dpi))
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, k)
    m[0, 2] += out_w / 2 - w / 2 + shift_mm[0] * dpi / 25.4
    m[1, 2] += out_h / 2 - h / 2 + shift_mm[1] * dpi / 25.4
    interp = cv2.INTER_AREA if k < 1 else cv2.INTER_LINEAR
    out = cv2.warpAffine(img, m, (out_w, out_h), flags=interp, borderValue=paper)
    return cv2.rotate(out, cv2.ROTATE_180) if flip else out


_quick = False  # OpenCV's draws instead of numpy's: see quick_draws


@contextmanager
def quick_draws() -> Iterator[None]:
    """Noise and light drawn by OpenCV, a quarter of the time numpy takes, while the corpus generator writes a
    stack. Outside it, numpy's draws as they always were: tests read pages of fixed seeds degraded by hand
    (tests/test_copies.py), and the reader's margins on those very pages are what they assert."""
    global _quick
    before, _quick = _quick, True
    try:
        yield
    finally:
        _quick = before


def _light(img: np.ndarray, rng: np.random.Generator, strength: float, paper: int) -> np.ndarray:
    h, w = img.shape
    gy, gx = np.meshgrid(np.linspace(0, 1, 16), np.linspace(0, 1, 16), indexing="ij")
    ang = rng.uniform(0, 2 * np.pi)
    field_ = 1 - strength * (0.5 + 0.5 * np.cos(ang) * (gx - 0.5) * 2 + 0.5 * np.sin(ang) * (gy - 0.5) * 2) / 1.5
    if _quick:
        field_ = cv2.resize((field_ * (paper / 255.0)).astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
        return cv2.multiply(img, field_, dtype=cv2.CV_8U)
    field_ = cv2.resize(field_.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
    scaled = img.astype(np.float32)
    scaled *= paper / 255.0
    scaled *= field_
    return np.clip(scaled, 0, 255, out=scaled).astype(np.uint8)


def _noise(img: np.ndarray, rng: np.random.Generator, sigma: float) -> np.ndarray:
    if _quick:
        cv2.setRNGSeed(int(rng.integers(2**31)))
        q = np.empty(img.shape, np.int16)
        cv2.randn(q, np.zeros(1), np.full(1, float(sigma)))
        return cv2.add(img, q, dtype=cv2.CV_8U)
    n = rng.normal(0, sigma, img.shape).astype(np.float32)
    n += img
    return np.clip(n, 0, 255, out=n).astype(np.uint8)


# a copier's contrast, one grey level at a time: what the same float32 sums gave on every pixel of the page
COPY_CONTRAST = np.clip((np.arange(256, dtype=np.float32) - 128) * 1.15 + 118, 0, 255).astype(np.uint8)
COPY_CONTRAST.flags.writeable = False


def _blur(img: np.ndarray, sigma: float) -> np.ndarray:
    return cv2.GaussianBlur(img, (0, 0), sigma) if sigma > 0.05 else img


STREAK_PROFILES = ("feeder", "photocopy", "fax")  # pages pulled past a fixed sensor by a feeder
STREAK_RATE = 0.3  # stacks of those profiles fed past a speck of dust or a scratch on the glass


@dataclass(frozen=True)
class Streak:
    """A line the scanner draws down every page of a stack: where (share of the width), how wide and how dark."""

    at: float
    width_px: int
    grey: int


def streak_for(profile: str, rng: np.random.Generator) -> Streak | None:
    if profile not in STREAK_PROFILES or rng.random() >= STREAK_RATE:
        return None
    return Streak(float(rng.uniform(0.08, 0.92)), int(rng.integers(1, 4)), int(rng.integers(30, 190)))


def _streak(img: np.ndarray, s: Streak) -> np.ndarray:
    x = int(s.at * img.shape[1])
    img[:, x:x + s.width_px] = np.minimum(img[:, x:x + s.width_px], s.grey)
    return img


def degrade(paper: np.ndarray, src_dpi: float, profile: str, rng: np.random.Generator, flip: bool = False,
            streak: Streak | None = None) -> Scan:
    p: dict = {"flip": flip}
    if profile in ("flatbed", "feeder", "lowres", "photocopy", "fax"):
        dpi = {"flatbed": int(rng.choice([200, 300])), "feeder": 200, "lowres": 150, "photocopy": 200, "fax": 200}[profile]
        max_angle = {"flatbed": 1.5, "feeder": 5.0, "lowres": 3.0, "photocopy": 2.5, "fax": 4.0}[profile]
        p.update(dpi=dpi, angle=round(float(rng.uniform(-max_angle, max_angle)), 3),
                 scale=round(float(rng.uniform(0.97, 1.03)) if profile == "photocopy" else float(rng.uniform(0.995, 1.005)), 4),
                 shift_mm=[round(float(rng.uniform(-4, 4)), 2), round(float(rng.uniform(-4, 4)), 2)],
                 paper=int(rng.integers(215, 250)) if profile in ("photocopy", "feeder") else int(rng.integers(238, 256)))
        img = _affine(paper, src_dpi, dpi, p["angle"], p["scale"], tuple(p["shift_mm"]), flip, 255)
        p["blur"] = round(float(rng.uniform(0.3, 1.0 if profile != "lowres" else 0.7)), 2)
        img = _blur(img, p["blur"])
        p["light"] = round(float(rng.uniform(0.0, 0.25)), 2)
        img = _light(img, rng, p["light"], p["paper"])
        if profile == "photocopy":
            img = cv2.LUT(img, COPY_CONTRAST)
        if streak is not None:
            img = _streak(img, streak)
            p["streak"] = [streak.at, streak.width_px, streak.grey]
        p["noise"] = round(float(rng.uniform(1.0, 6.0)), 2)
        img = _noise(img, rng, p["noise"])
        if profile == "fax":
            p["threshold"] = int(rng.integers(120, 170))
            return Scan(img < p["threshold"], dpi, profile, p)
        p["jpeg_quality"] = int(rng.integers(45, 92))
        return Scan(img, dpi, profile, p)
    if profile == "phone":
        return _phone(paper, rng, flip, p)
    raise ValueError(profile)


def _tilt_corners(rng: np.random.Generator, sw: int, sh: int, p: dict, max_tilt: float = 25.0) -> np.ndarray:
    """Where the page's corners land in a photo taken at an angle: up to about max_tilt of tilt, turned a little."""
    tilt = float(rng.uniform(0, max_tilt))
    axis = str(rng.choice(["top", "bottom", "left", "right"]))
    far = 1 - 0.55 * np.sin(np.radians(tilt))  # the far edge looks shorter
    c = np.array([[0, 0], [sw, 0], [sw, sh], [0, sh]], np.float32)
    if axis in ("top", "bottom"):
        i, j = (0, 1) if axis == "top" else (3, 2)
        inset = sw * (1 - far) / 2
        c[i, 0] += inset
        c[j, 0] -= inset
        c[[i, j], 1] += (sh * (1 - far) * 0.5) * (1 if axis == "top" else -1)
    else:
        i, j = (0, 3) if axis == "left" else (1, 2)
        inset = sh * (1 - far) / 2
        c[i, 1] += inset
        c[j, 1] -= inset
        c[[i, j], 0] += (sw * (1 - far) * 0.5) * (1 if axis == "left" else -1)
    turn = np.radians(rng.uniform(-8, 8))
    rot = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]], np.float32)
    c = (c - c.mean(axis=0)) @ rot.T + c.mean(axis=0)
    c += rng.normal(0, sw * 0.01, c.shape).astype(np.float32)
    p.update(tilt=round(tilt, 1), tilt_axis=axis, turn=round(float(np.degrees(turn)), 1))
    return c


def _curl(img: np.ndarray, rng: np.random.Generator, amount_px: float, bg: int) -> np.ndarray:
    """A page that does not lie flat: one edge lifts, bending lines near it."""
    h, w = img.shape
    # the lift depends on the column only and the bend on the row only: computed on one row and one column and
    # broadcast, each pixel's map is the float32 value the full-page grids gave, without their seven float32
    # copies of the page (180 MB at a photo's size; a worker's peak, issue 26)
    gy, gx = np.arange(h, dtype=np.float32)[:, None], np.arange(w, dtype=np.float32)[None, :]
    edge = float(rng.uniform(0.55, 0.9))
    lift = np.clip((gx / w - edge) / (1 - edge), 0, None) ** 2 * amount_px
    map_x = np.ascontiguousarray(np.broadcast_to(gx - lift * 0.3, (h, w)))
    map_y = lift * np.sin(np.pi * gy / h)
    map_y += gy
    return cv2.remap(img, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=bg)


def _motion_blur(img: np.ndarray, rng: np.random.Generator, length: int) -> np.ndarray:
    line = np.zeros((length, length), np.float32)
    line[length // 2, :] = 1.0 / length
    m = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), float(rng.uniform(0, 180)), 1.0)
    kernel = np.asarray(cv2.warpAffine(line, m, (length, length)), np.float32)
    kernel *= np.float32(1.0 / max(float(kernel.sum()), 1e-6))
    return cv2.filter2D(img, -1, kernel)


def _phone(paper: np.ndarray, rng: np.random.Generator, flip: bool, p: dict) -> Scan:
    """A phone photo: in perspective, shaded, sometimes curled, shaken, with a corner out of frame or under a thumb."""
    h, w = paper.shape
    target_w = int(rng.integers(1500, 2300))
    k = target_w / w
    small = cv2.resize(paper, (target_w, int(h * k)), interpolation=cv2.INTER_AREA)
    sh, sw = small.shape
    bg = int(rng.integers(60, 130))
    if rng.random() < 0.25:
        p["curl_px"] = round(float(rng.uniform(6, 18)) * k * 2, 1)
        small = _curl(small, rng, p["curl_px"], 255)
    img, dst = in_perspective(small, rng, p, bg, 0.05)
    canvas_h, canvas_w = img.shape
    r = rng.random()
    corner = int(rng.integers(4))
    cx, cy = (int(v) for v in dst[corner])
    if r < 0.08:  # the frame cuts off a corner of the page, registration mark and all
        p["cut_corner"] = corner
        cut = int(sw * rng.uniform(0.055, 0.075))  # the mark goes, the boxes (20 mm in) stay
        x0, x1 = (0, cx + cut) if corner in (0, 3) else (cx - cut, canvas_w)
        y0, y1 = (0, cy + cut) if corner in (0, 1) else (cy - cut, canvas_h)
        keep_x = slice(x1, canvas_w) if corner in (0, 3) else slice(0, x0)
        img = img[:, keep_x] if rng.random() < 0.5 else img[slice(y1, canvas_h) if corner in (0, 1) else slice(0, y0), :]
    elif r < 0.16:  # a thumb holds the page down over a registration mark
        p["thumb_corner"] = corner
        ax = int(sw * rng.uniform(0.05, 0.08))
        cv2.ellipse(img, (cx + (ax if corner in (0, 3) else -ax), cy + (ax if corner in (0, 1) else -ax)),
                    (ax, int(ax * 1.6)), float(rng.uniform(0, 180)), 0, 360, int(rng.integers(110, 170)), -1)
    return Scan(finish_photo(img, rng, p, Lens(k, dst, bg, flip), Shot((215, 245), (0.4, 1.2), (0.3, 6), (60, 90))),
                p["dpi"], "phone", p)


@dataclass(frozen=True)
class Lens:
    """Where a photographed page ended up: its scale, its corners on the canvas, the background, turned or not."""

    k: float
    dst: np.ndarray
    bg: int
    flip: bool


@dataclass(frozen=True)
class Shot:
    """How a kind of photo is taken: the paper's light, the blur's sigma, the chance and most length of a shake
    (the last excluded), the JPEG quality (the last excluded)."""

    paper: tuple[int, int]
    blur: tuple[float, float]
    shake: tuple[float, int]
    jpeg: tuple[int, int]


def in_perspective(small: np.ndarray, rng: np.random.Generator, p: dict, bg: int, margin_share: float,
                   max_tilt: float = 25.0) -> tuple[np.ndarray, np.ndarray]:
    """The page photographed at a tilt (its corners drawn by `_tilt_corners`) on a canvas of `bg` with a margin
    of `margin_share` of its width: (the canvas, the page's corners on it)."""
    sh, sw = small.shape
    dst = _tilt_corners(rng, sw, sh, p, max_tilt=max_tilt)
    margin = np.float32(sw * margin_share)
    dst += margin - dst.min(axis=0)
    canvas_w, canvas_h = (int(v) for v in np.ceil(dst.max(axis=0) + margin))
    src = np.array([[0, 0], [sw, 0], [sw, sh], [0, sh]], np.float32)
    hm = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(small, hm, (canvas_w, canvas_h), flags=cv2.INTER_LINEAR, borderValue=bg), dst


def finish_photo(img: np.ndarray, rng: np.random.Generator, p: dict, lens: Lens, shot: Shot) -> np.ndarray:
    """A photo's last steps, in this order (the corpus draws from `rng` in it): turned, lit, blurred, perhaps
    shaken, noisy; what was drawn is noted in `p` (dpi, perspective, background, shadow, blur, motion, JPEG)."""
    if lens.flip:
        img = cv2.rotate(img, cv2.ROTATE_180)
    p.update(dpi=int(round(300 * lens.k)), perspective=lens.dst.round(1).tolist(), background=lens.bg)
    p["shadow"] = round(float(rng.uniform(0.15, 0.45)), 2)
    img = _light(img, rng, p["shadow"], int(rng.integers(*shot.paper)))
    p["blur"] = round(float(rng.uniform(*shot.blur)), 2)
    img = _blur(img, p["blur"])
    if rng.random() < shot.shake[0]:
        p["motion_px"] = int(rng.integers(2, shot.shake[1]))
        img = _motion_blur(img, rng, p["motion_px"])
    img = _noise(img, rng, float(rng.uniform(2, 6)))
    p["jpeg_quality"] = int(rng.integers(*shot.jpeg))
    return img


def damage_qr(paper: np.ndarray, qr_px: tuple[int, int, int, int], rng: np.random.Generator, kind: str) -> None:
    """A mark across the QR or a torn corner, so only the printed code can identify the sheet."""
    x, y, w, h = qr_px
    if kind == "tear":
        pts = np.array([[x - 5, y + h * rng.uniform(0.3, 0.6)], [x + w * rng.uniform(0.5, 0.8), y + h + 5],
                        [x - 5, y + h + 5]], np.int32)
        cv2.fillPoly(paper, [pts], 255)
        cv2.polylines(paper, [pts], True, 200, 2)
    else:
        cv2.fillPoly(paper, [np.array([[x + w * 0.1, y + h * 0.3], [x + w * 0.9, y + h * 0.45],
                                       [x + w * 0.9, y + h * 0.75], [x + w * 0.1, y + h * 0.6]], np.int32)], 30)
