"""Pages as they arrive from the world, wider than the corpus's own profiles: blank forms photocopied (once
or twice) before they were filled in, dark recycled paper, forms printed with a failing toner and faxed,
and phone photos at chat-app resolution with a corner out of frame, a thumb or a cast shadow; and thin paper
whose back side shows through (bleed).

Each world profile is a form stage (what the copier or the printer did to the blank form, before a person
wrote on it), a paper stage (after writing: the paper's own tone under ink and print) and a scan by one of
the corpus's devices. Every draw comes from the random generator passed in, which the corpus generator
keeps apart from its own, so adding these profiles changes no other page of a seed.
"""

from __future__ import annotations

import cv2
import numpy as np

from .degrade import (
    Lens,
    Scan,
    Shot,
    _curl,
    degrade,
    finish_photo,
    in_perspective,
)

WORLD_PROFILES = ("copier", "recycled", "fadedfax", "photo")
SHEET_PROFILES = ("bleed",)  # drawn on their own stream too; in the benchmark's 'world' mix since issue 23's fourth session
DRAWN_APART = WORLD_PROFILES + SHEET_PROFILES
BASE_SCAN = {"copier": ("flatbed", "feeder"), "recycled": ("flatbed", "feeder"), "fadedfax": ("fax",),
             "bleed": ("flatbed", "feeder")}


def form_stage(paper: np.ndarray, profile: str, rng: np.random.Generator, p: dict) -> np.ndarray:
    """The blank form as it reached the person who filled it in (paper at 300 dpi, print only)."""
    if profile == "copier":
        copies = 2 if rng.random() < 0.3 else 1
        p["copies"] = copies
        for _ in range(copies):
            paper = photocopy_blank(paper, rng, p)
    elif profile == "fadedfax":
        p["fade"] = round(float(rng.uniform(0.6, 0.8)), 2)
        paper = faded_print(paper, rng, p["fade"])
    return paper


def photocopy_blank(paper: np.ndarray, rng: np.random.Generator, p: dict) -> np.ndarray:
    """A copier's copy: print 1-3 pixels (at 300 dpi) heavier and slightly spread, toner darker or lighter, grey
    paper with toner specks."""
    bold = int(rng.integers(1, 4))
    out = cv2.erode(paper, np.ones((bold + 1, bold + 1), np.uint8))
    spread = float(rng.uniform(0.5, 1.2))
    out = cv2.GaussianBlur(out, (0, 0), spread)
    toner = float(rng.uniform(0.8, 1.25))  # how dark the copier lays its toner
    grey = int(rng.integers(205, 245))  # the copy's paper, as the copier reproduced it
    ink = (255.0 - out.astype(np.float32)) * toner
    out32 = grey - ink * grey / 255.0
    h, w = out.shape
    n = int(rng.integers(150, 1500))
    ys, xs = rng.integers(0, h, n), rng.integers(0, w, n)
    r = rng.integers(1, 3, n)
    tone = rng.integers(40, 170, n)
    for y, x, rr, tt in zip(ys, xs, r, tone, strict=True):
        cv2.circle(out32, (int(x), int(y)), int(rr), float(tt), -1)
    p.setdefault("bold_px", []).append(bold)
    p.setdefault("spread", []).append(round(spread, 2))
    p.setdefault("toner", []).append(round(toner, 2))
    p.setdefault("copy_paper", []).append(grey)
    p.setdefault("specks", []).append(n)
    return np.clip(out32, 0, 255).astype(np.uint8)


def faded_print(paper: np.ndarray, rng: np.random.Generator, fade: float) -> np.ndarray:
    """A printer low on toner: the print lighter all over, and lighter still in patches and bands."""
    h, w = paper.shape
    field = cv2.resize(rng.uniform(0.75, 1.0, (8, 6)).astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    ink = (255.0 - paper.astype(np.float32)) * fade * np.clip(field, 0.6, 1.0)
    return np.clip(255.0 - ink, 0, 255).astype(np.uint8)


def sheet_stage(sides: list[np.ndarray], profile: str, rng: np.random.Generator, drawn: list[dict]) -> None:
    """Both sides of one sheet once filled in (in place): on thin paper each side's print and ink show through
    the other, mirrored, fainter and spread by the paper; the duplex printer may have put the back a little off."""
    if profile != "bleed":
        return
    for a in range(0, len(sides) - 1, 2):
        strength, spread = float(rng.uniform(0.06, 0.2)), float(rng.uniform(0.8, 2.0))
        off = (round(float(rng.uniform(-6, 6)), 1), round(float(rng.uniform(-6, 6)), 1))  # px at 300 dpi: 0.5 mm
        bleed_through(sides[a], sides[a + 1], strength, spread, off)
        for p in drawn[a:a + 2]:
            p.update(bleed=round(strength, 3), bleed_spread=round(spread, 2), bleed_offset_px=list(off))


def bleed_through(front: np.ndarray, back: np.ndarray, strength: float, spread: float,
                  off: tuple[float, float] = (0.0, 0.0)) -> None:
    """Each side darkened (in place) by the other's ink, mirrored, spread by `spread` pixels, at `strength`."""
    shows = []
    for side in (back, front):
        ink = cv2.GaussianBlur(255.0 - side.astype(np.float32), (0, 0), spread)[:, ::-1]
        m = np.array([[1, 0, off[0]], [0, 1, off[1]]], np.float32)
        shows.append(cv2.warpAffine(np.ascontiguousarray(ink), m, (side.shape[1], side.shape[0])) * strength)
    for side, show in zip((front, back), shows, strict=True):
        side[...] = np.clip(side.astype(np.float32) * (1 - show / 255.0), 0, 255).astype(np.uint8)


def paper_stage(paper: np.ndarray, profile: str, rng: np.random.Generator, p: dict) -> np.ndarray:
    """The paper's own tone under everything on it: dark recycled paper with fibres and flecks."""
    if profile != "recycled":
        return paper
    h, w = paper.shape
    grey = int(rng.integers(150, 205))
    tone = np.full((h, w), float(grey), np.float32)
    blotch = cv2.resize(rng.normal(0, 6, (12, 9)).astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    tone += blotch
    n = int(rng.integers(800, 3000))
    for _ in range(n):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        length = float(rng.uniform(2, 18))  # 0.2-1.5 mm at 300 dpi
        a = float(rng.uniform(0, np.pi))
        dark = float(rng.uniform(15, 70))
        cv2.line(tone, (x, y), (int(x + length * np.cos(a)), int(y + length * np.sin(a))), grey - dark, 1,
                 cv2.LINE_AA)
    p.update(paper_grey=grey, fibres=n)
    return np.clip(paper.astype(np.float32) * tone / 255.0, 0, 255).astype(np.uint8)


def world_degrade(paper: np.ndarray, src_dpi: float, profile: str, rng: np.random.Generator, flip: bool,
                  p: dict) -> Scan:
    """The filled page through the world profile's device; p holds what its form and paper stages drew."""
    if profile == "photo":
        scan = photo(paper, rng, flip, dict(p, flip=flip))
    else:
        base = str(rng.choice(BASE_SCAN[profile]))
        scan = degrade(paper, src_dpi, base, rng, flip=flip)
        scan.params.update(p, scanner=base)
    return Scan(scan.image, scan.dpi, profile, scan.params)


def photo(paper: np.ndarray, rng: np.random.Generator, flip: bool, p: dict) -> Scan:
    """A phone photo sent through a chat app: about 1,100 x 1,500 pixels for the page, in perspective up to 15°,
    often with a corner out of frame or under a thumb, a shadow cast across it, the page curled a little."""
    h, w = paper.shape
    target_w = int(rng.integers(1000, 1300))
    k = target_w / w
    small = cv2.resize(paper, (target_w, int(h * k)), interpolation=cv2.INTER_AREA)
    sh, sw = small.shape
    bg = int(rng.integers(50, 140))
    if rng.random() < 0.4:
        p["curl_px"] = round(float(rng.uniform(4, 12)) * k * 2, 1)
        small = _curl(small, rng, p["curl_px"], 255)
    img, dst = in_perspective(small, rng, p, bg, 0.04, max_tilt=15.0)
    canvas_h, canvas_w = img.shape
    corner = int(rng.integers(4))
    cx, cy = (int(v) for v in dst[corner])
    r = rng.random()
    if r < 0.35:  # the frame cuts a strip off by a corner: its mark wholly or partly, and on a page turned in the
        # frame sometimes the boxes along that edge too (then the page is rightly set aside, saying which part)
        p["cut_corner"] = corner
        cut = int(sw * rng.uniform(0.045, 0.08))
        x0, x1 = (0, cx + cut) if corner in (0, 3) else (cx - cut, canvas_w)
        y0, y1 = (0, cy + cut) if corner in (0, 1) else (cy - cut, canvas_h)
        if rng.random() < 0.5:
            img = img[:, slice(x1, canvas_w) if corner in (0, 3) else slice(0, x0)]
        else:
            img = img[slice(y1, canvas_h) if corner in (0, 1) else slice(0, y0), :]
    elif r < 0.65:  # a thumb holds the page down over a registration mark
        p["thumb_corner"] = corner
        ax = int(sw * rng.uniform(0.04, 0.065))
        cv2.ellipse(img, (cx + (ax if corner in (0, 3) else -ax), cy + (ax if corner in (0, 1) else -ax)),
                    (ax, int(ax * 1.6)), float(rng.uniform(0, 180)), 0, 360, int(rng.integers(90, 170)), -1)
    if rng.random() < 0.4:
        p["cast_shadow"] = cast_shadow_at = round(float(rng.uniform(0.55, 0.8)), 2)
        img = _cast_shadow(img, rng, cast_shadow_at)
    return Scan(finish_photo(img, rng, p, Lens(k, dst, bg, flip), Shot((205, 245), (0.3, 0.9), (0.2, 4), (55, 85))),
                p["dpi"], "photo", p)


def _cast_shadow(img: np.ndarray, rng: np.random.Generator, light: float) -> np.ndarray:
    """The shadow of the phone or a hand: a soft-edged region across part of the picture, darker by `light`."""
    h, w = img.shape
    a = float(rng.uniform(0, 2 * np.pi))
    d = float(rng.uniform(0.25, 0.6))
    gy, gx = np.mgrid[0:h, 0:w].astype(np.float32)
    side = (gx / w - 0.5) * np.cos(a) + (gy / h - 0.5) * np.sin(a) - (d - 0.5)
    soft = float(rng.uniform(0.01, 0.04))
    mask = np.clip(0.5 + side / soft, 0.0, 1.0)
    return np.clip(img.astype(np.float32) * (1 - (1 - light) * mask), 0, 255).astype(np.uint8)
