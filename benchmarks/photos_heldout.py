"""Held-out phone photos drawn by other means than our generator: a camera model, a table, a thumb, Augraphy's light.

    pip install -e '.[heldout]'
    python -m benchmarks.photos_heldout --sheets 12 --stack 2 --seed 11 --corpus /tmp/ph11 --jobs 1 [--hands persp8,thumb]

The project's own photo profiles (`phone`, `photo`) tilt the page by jittering its four corners and were tuned on
themselves; the Augraphy benchmark's photo hand has no geometry at all. Here the page is photographed through a
pinhole camera turned up to 20° out of the page's plane (and rolled a little in it) onto a textured table, fitted
into a 3:4 frame of 8 or 2 megapixels, then given one hand's trouble: the frame cutting off a corner, a thumb
over a margin, strong vignetting with a cast shadow, motion or depth blur, JPEG quality 60. Every trouble is
placed so that all the page's boxes and its QR stay wholly in the picture (checked through the same homography,
with a margin), so any page set aside here is set aside needlessly, and any review of a clear mark is needless.
Clean sheets are drawn by our generator (the `flatbed` profile, loose PNG pages), as in heldout_augraphy.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from benchmarks.accuracy import report
from benchmarks.heldout_augraphy import clean_sheets, write_truth
from scanner.batch import default_jobs
from scanner.template import DEFAULT_TEMPLATE, load_template
from scanner.template_model import Template

# hand: (largest out-of-plane tilt in degrees, frame in megapixels, trouble)
HANDS: dict[str, tuple[float, int, str]] = {
    "persp8": (20.0, 8, "jpeg60"), "persp2": (20.0, 2, "jpeg60"), "corner": (12.0, 2, "corner"),
    "thumb": (12.0, 2, "thumb"), "light": (15.0, 8, "light"), "blur": (12.0, 8, "blur"),
}
SAFE_MM = 4.0  # boxes and QR stay this far inside the frame and away from a thumb


def camera(w: int, h: int, tilt: float, roll: float, rng: np.random.Generator) -> np.ndarray:
    """Homography of a pinhole camera (35 mm-equivalent 26 mm lens) looking at the page turned `tilt` degrees
    about a random axis in its plane and `roll` degrees in it; page pixels to unscaled image coordinates."""
    axis = float(rng.uniform(0, 2 * np.pi))
    rvec = np.array([np.cos(axis), np.sin(axis), 0.0]) * np.radians(tilt) + np.array([0, 0, np.radians(roll)])
    rot, _ = cv2.Rodrigues(rvec)
    f = 1.0 * float(np.hypot(w, h))
    centre = np.array([[1, 0, -w / 2], [0, 1, -h / 2], [0, 0, 0]], np.float64)  # page point to plane (x, y, 0)
    ext = np.column_stack([rot[:, 0], rot[:, 1], [0.0, 0.0, f * 1.1]])
    k = np.array([[f, 0, 0], [0, f, 0], [0, 0, 1]], np.float64)
    hm = k @ ext @ (centre + np.array([[0, 0, 0], [0, 0, 0], [0, 0, 1.0]]))
    return hm / hm[2, 2]


def project(hm: np.ndarray, pts: np.ndarray) -> np.ndarray:
    return np.asarray(cv2.perspectiveTransform(pts.reshape(-1, 1, 2).astype(np.float64), hm)).reshape(-1, 2)


def keep_rects(template: Template, side: int | None, px_mm: float, drawn: dict[str, Any] | None = None) -> np.ndarray:
    """Corners (page pixels) of what must stay in the picture: the side's boxes and the QR, grown by SAFE_MM, where
    the clean page drew them. drawn: that page's placement (the generator's flatbed params: angle, scale, shift_mm,
    flip); the clean PNG is the form turned, scaled and moved by them (degrade._affine), and a QR in the upper
    corner moves 5-6 mm with its up to 1.5 degrees and 4 mm: more than SAFE_MM (photo seed 23, a continuation side
    whose QR the frame cut, read as a loose page)."""
    rects = [b.rect for b in template.boxes() if b.page == side] if side else []
    rects.append(template.qr)
    out = []
    for r in rects:
        x0, y0, x1, y1 = r.x - SAFE_MM, r.y - SAFE_MM, r.x + r.w + SAFE_MM, r.y + r.h + SAFE_MM
        out += [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]
    return on_clean_page(np.array(out, np.float64), template.page_size, drawn or {}) * px_mm


def on_clean_page(pts_mm: np.ndarray, page_mm: tuple[float, float], drawn: dict[str, Any]) -> np.ndarray:
    """Points of the form (millimetres) where the generator's flatbed page drew them, in millimetres of that page:
    degrade._affine's turn about the page's middle, scale and shift, then its half-turn when flipped."""
    w, h = page_mm
    m = cv2.getRotationMatrix2D((w / 2, h / 2), float(drawn.get("angle", 0.0)), float(drawn.get("scale", 1.0)))
    m[:, 2] += np.asarray(drawn.get("shift_mm", (0.0, 0.0)), np.float64)
    out = pts_mm @ m[:, :2].T + m[:, 2]
    return np.array([w, h]) - out if drawn.get("flip") else out


def table_background(fh: int, fw: int, rng: np.random.Generator) -> np.ndarray:
    """A desk under the page: a low-frequency wood-like grey with grain, unlike a flat border colour."""
    base = float(rng.uniform(45, 150))
    low = cv2.resize(rng.normal(0, 18, (6, 8)).astype(np.float32), (fw, fh), interpolation=cv2.INTER_CUBIC)
    grain = cv2.GaussianBlur(rng.normal(0, 10, (fh, fw)).astype(np.float32), (0, 0), sigmaX=12, sigmaY=1.5)
    return np.clip(base + low + grain, 0, 255).astype(np.float32)


def place(hm: np.ndarray, w: int, h: int, fw: int, fh: int, rng: np.random.Generator) -> np.ndarray:
    """Scales and moves the projected page to fill 80-92 % of the frame, at a random spot within it."""
    c = project(hm, np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float64))
    lo, hi = c.min(0), c.max(0)
    s = float(rng.uniform(0.80, 0.92)) * min(fw / (hi[0] - lo[0]), fh / (hi[1] - lo[1]))
    room = np.array([fw, fh]) - s * (hi - lo)
    off = room * rng.uniform(0.2, 0.8, 2) - s * lo
    return np.array([[s, 0, off[0]], [0, s, off[1]], [0, 0, 1]]) @ hm


def inside(pts: np.ndarray, fw: int, fh: int) -> bool:
    return bool((pts[:, 0] >= 0).all() and (pts[:, 0] < fw).all() and (pts[:, 1] >= 0).all() and (pts[:, 1] < fh).all())


def cut_corner(hm: np.ndarray, keep: np.ndarray, w: int, h: int, px_mm: float, fw: int, fh: int,
               rng: np.random.Generator, p: dict) -> np.ndarray:
    """Moves the page so that the frame cuts off one corner, its registration mark wholly or partly, as far as
    the boxes allow (the deepest cut that leaves every box and the QR in view)."""
    corner = int(rng.integers(4))
    sx, sy = (1 if corner in (1, 2) else -1), (1 if corner in (2, 3) else -1)
    for depth in np.arange(float(rng.uniform(14, 24)), 0, -1.0):
        pt = np.array([[w if sx > 0 else 0, h if sy > 0 else 0]], np.float64) - np.array([[sx, sy]]) * depth * px_mm
        q = project(hm, pt)[0]
        dx = (fw - q[0]) if sx > 0 else -q[0]
        dy = (fh - q[1]) if sy > 0 else -q[1]
        axes = str(rng.choice(["x", "y", "xy"]))
        move = np.array([[1, 0, dx if "x" in axes else 0], [0, 1, dy if "y" in axes else 0], [0, 0, 1]])
        if inside(project(move @ hm, keep), fw, fh):
            p.update(cut_corner=corner, cut_mm=float(depth), cut_axes=axes)
            return move @ hm
    return hm


def frame_px_mm(hm: np.ndarray, w: int, h: int, px_mm: float) -> float:
    """Pixels per page millimetre in the frame, near the page's centre."""
    c = project(hm, np.array([[w / 2, h / 2], [w / 2 + px_mm, h / 2]], np.float64))
    return float(np.hypot(*(c[1] - c[0])))


def thumb(img: np.ndarray, hm: np.ndarray, keep: np.ndarray, w: int, h: int, px_mm: float,
          rng: np.random.Generator, p: dict) -> None:
    """A thumb holding the page down over a margin (a corner mark or the middle of a side): a shaded, soft-edged
    blob coming in from outside the page, moved outwards until it covers no box."""
    fh, fw = img.shape
    spots = [(0, 0), (w, 0), (w, h), (0, h), (w / 2, 0), (w, h / 2), (w / 2, h), (0, h / 2)]
    sx, sy = spots[int(rng.integers(len(spots)))]
    inward = np.array([w / 2 - sx, h / 2 - sy])
    inward /= np.linalg.norm(inward)
    ax, ay = float(rng.uniform(9, 13)) * px_mm, float(rng.uniform(16, 24)) * px_mm
    boxes = project(hm, keep).astype(np.float32).reshape(-1, 4, 2)
    for reach in np.arange(float(rng.uniform(18, 28)), -30, -2.0):
        centre = np.array([sx, sy]) + inward * reach * px_mm
        mask = np.zeros((h // 4 + 1, w // 4 + 1), np.uint8)  # drawn in page coordinates, a quarter scale
        angle = float(np.degrees(np.arctan2(inward[1], inward[0]))) + float(rng.uniform(-25, 25))
        cv2.ellipse(mask, (int(centre[0] / 4), int(centre[1] / 4)), (int(ax / 4), int(ay / 4)), angle + 90, 0, 360,
                    255, -1)
        big = cv2.warpPerspective(cv2.resize(mask, (w, h)), hm, (fw, fh)) > 127
        box_mask = np.zeros((fh, fw), np.uint8)
        cv2.fillPoly(box_mask, [b.astype(np.int32) for b in boxes], 1)
        if not (big & (box_mask > 0)).any():
            break
    else:
        return
    soft = cv2.GaussianBlur(big.astype(np.float32), (0, 0), 0.7 * frame_px_mm(hm, w, h, px_mm))
    dist = cv2.distanceTransform(big.astype(np.uint8), cv2.DIST_L2, 5)
    skin = float(rng.uniform(140, 200)) * (0.75 + 0.25 * np.clip(dist / max(float(dist.max()), 1.0), 0, 1))
    img[:] = img * (1 - soft) + skin * soft
    p.update(thumb_at=[round(float(sx) / px_mm), round(float(sy) / px_mm)], thumb_reach_mm=float(reach))


def augraphy_light(img: np.ndarray, seed: int) -> np.ndarray:
    """Augraphy's lighting gradient and cast shadow, drawn on a white sheet a quarter the size (light varies
    slowly; Augraphy on 8 megapixels takes a minute a page) and laid over the photo as its light."""
    try:
        import augraphy as ag
    except ImportError as exc:
        raise SystemExit("Augraphy is not installed: run `pip install -e '.[heldout]'` and try again.") from exc
    post = [ag.LightingGradient(max_brightness=255, min_brightness=90, p=1),
            ag.ShadowCast(shadow_opacity_range=(0.4, 0.7), shadow_blur_kernel_range=(31, 91), p=1)]
    fh, fw = img.shape
    white = np.full((fh // 4, fw // 4), 255, np.uint8)
    out = ag.AugraphyPipeline(ink_phase=[], paper_phase=[], post_phase=post, random_seed=seed)(white)
    out = cv2.cvtColor(out, cv2.COLOR_BGR2GRAY) if out.ndim == 3 else out
    light = cv2.resize(out.astype(np.float32) / 255.0, (fw, fh), interpolation=cv2.INTER_LINEAR)
    return np.clip(img * light, 0, 255).astype(np.uint8)


def photograph(page: np.ndarray, side: int | None, template: Template, hand: str, seed: int,
               drawn: dict[str, Any] | None = None) -> tuple[np.ndarray, dict]:
    rng = np.random.default_rng(seed)
    max_tilt, mp, trouble = HANDS[hand]
    h, w = page.shape
    px_mm = w / template.page_size[0]
    fw, fh = (2448, 3264) if mp == 8 else (1224, 1632)
    tilt, roll = float(rng.uniform(0.4, 1.0)) * max_tilt, float(rng.uniform(-8, 8))
    p: dict[str, Any] = {"tilt": round(tilt, 1), "roll": round(roll, 1), "frame_mp": mp}
    keep = keep_rects(template, side, px_mm, drawn)
    for _ in range(20):
        hm = place(camera(w, h, tilt, roll, rng), w, h, fw, fh, rng)
        if inside(project(hm, keep), fw, fh):
            break
    if trouble == "corner":
        hm = cut_corner(hm, keep, w, h, px_mm, fw, fh, rng, p)
    bg = table_background(fh, fw, rng)
    warped = cv2.warpPerspective(page.astype(np.float32), hm, (fw, fh), flags=cv2.INTER_AREA | cv2.INTER_LINEAR)
    cover = cv2.warpPerspective(np.ones((h, w), np.float32), hm, (fw, fh))
    img = warped * cover + bg * (1 - cover)
    if trouble == "thumb":
        thumb(img, hm, keep, w, h, px_mm, rng, p)
    # vignetting of a small lens: the corners of the frame 15-45 % darker
    gy, gx = np.mgrid[0:fh, 0:fw].astype(np.float32)
    r2 = ((gx - fw / 2) / (fw / 2)) ** 2 + ((gy - fh / 2) / (fh / 2)) ** 2
    vig = float(rng.uniform(0.15, 0.45)) if trouble == "light" else float(rng.uniform(0.05, 0.15))
    img = img * (1 - vig * r2 / 2)
    img = np.clip(img, 0, 255).astype(np.uint8)
    if trouble == "light":
        img = augraphy_light(img, seed)
        p["vignette"] = round(vig, 2)
    if trouble == "blur":  # shake: a motion streak 0.3-0.6 mm long on the page, and a slight defocus
        length = max(3, int(round(float(rng.uniform(0.3, 0.6)) * frame_px_mm(hm, w, h, px_mm))))
        kernel = np.zeros((length, length), np.float32)
        kernel[length // 2, :] = 1.0 / length
        rot = cv2.getRotationMatrix2D(((length - 1) / 2, (length - 1) / 2), float(rng.uniform(0, 180)), 1.0)
        kernel = cv2.warpAffine(kernel, rot, (length, length))
        img = cv2.filter2D(img, -1, kernel / max(float(kernel.sum()), 1e-6))
        img = cv2.GaussianBlur(img, (0, 0), float(rng.uniform(0.6, 1.2)))
        p["motion_px"] = length
    noise = rng.normal(0, float(rng.uniform(2, 5)), img.shape)
    img = np.clip(img + noise, 0, 255).astype(np.uint8)
    p["jpeg_quality"] = 60 if trouble == "jpeg60" else int(rng.integers(60, 86))
    return img, p


def build(corpus: Path, sheets: int, seed: int, hands: list[str], stack: int) -> None:
    template = load_template()
    lines, stacks = clean_sheets(corpus, sheets, seed, stack)
    by_file = {x["file"]: x for x in lines if x["type"] == "page"}
    for i, name in enumerate(stacks):
        hand = hands[i % len(hands)]
        for f in sorted(corpus.glob(f"{name}_*.png")):
            x = by_file[f.name]
            page = cv2.imread(str(f), cv2.IMREAD_GRAYSCALE)
            img, params = photograph(page, x.get("side"), template, hand, seed * 1000 + len(by_file) + i * 10
                                     + int(f.stem.rsplit("_", 1)[1]), x.get("params"))
            new = f.with_suffix(".jpg")
            cv2.imwrite(str(new), img, [cv2.IMWRITE_JPEG_QUALITY, params["jpeg_quality"]])
            f.unlink()
            x.update(file=new.name, profile=f"photo_{hand}", params=dict(x.get("params") or {}, photo=params))
    write_truth(corpus, lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--sheets", type=int, default=12)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--stack", type=int, default=2)
    ap.add_argument("--hands", default=",".join(HANDS))
    ap.add_argument("--jobs", type=int, default=default_jobs())
    ap.add_argument("--json")
    a = ap.parse_args()
    hands = [h.strip() for h in a.hands.split(",") if h.strip()]
    for h in hands:
        if h not in HANDS:
            raise SystemExit(f"unknown hand {h!r}: choose from {', '.join(HANDS)}")
    corpus = Path(a.corpus)
    if not (corpus / "truth.jsonl").exists():
        build(corpus, a.sheets, a.seed, hands, a.stack)
    report(corpus, a.jobs, load_template(DEFAULT_TEMPLATE), a.json)


if __name__ == "__main__":
    main()
