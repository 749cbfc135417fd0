"""Registration: find the ArUco marks, learn which side and which way up, map template mm onto the image.

The marks' ids tell page 1 from page 2 and each corner from the others, so
orientation needs no guessing; a covered or torn mark only lowers quality.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import cv2
import numpy as np

from .decode import page_shaped
from .template import Rect, Template
from .vocab import BoxKind

DETECT_LONG_SIDE = 1400


def _qr_only() -> Any:
    """The QR format alone, as the enum member: zxingcpp turns it into a BarcodeFormats for each call. A
    BarcodeFormats kept here lived as long as this module, which at interpreter exit can outlive the binding's own
    teardown: nanobind then reported it as a "leaked instance zxingcpp.BarcodeFormats" (the end of the CI log)."""
    import zxingcpp

    return zxingcpp.BarcodeFormat.QRCode


QR_ONLY = _qr_only()


@dataclass(frozen=True)
class Alignment:
    page: int
    homography: np.ndarray  # template millimetres -> image pixels
    residual_mm: float
    markers: tuple[int, ...]
    quality: float  # 0..1, rolls up into every box's confidence


QUICK_WINDOW_PX = 15  # one adaptive threshold this wide finds a scanned page's marks (a corner it misses is searched again)
QUICK_SLACK_MM = 12.0  # a scan's marks lie within this of their printed place (skew and shift of a feeder)
QUICK_MIN_MARK = 0.5  # the quick search takes no candidate shorter round than this share of a mark's perimeter on a page
# filling the picture: a scan's specks and letters are never contour-traced as candidates (most of the search's cost)


@cache
def _detector(dictionary: str, quick: bool = False, min_rate: float = 0.0) -> cv2.aruco.ArucoDetector:
    """quick: a single adaptive threshold instead of five (each costs a whole contour search); the corners are
    refined on the grey picture either way. min_rate: the shortest candidate's perimeter as a share of the
    searched picture's longer side (0: OpenCV's own, 0.03)."""
    params = cv2.aruco.DetectorParameters()
    params.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
    params.adaptiveThreshWinSizeMin = QUICK_WINDOW_PX if quick else 5
    params.adaptiveThreshWinSizeMax = QUICK_WINDOW_PX if quick else 45
    params.adaptiveThreshWinSizeStep = 10
    if min_rate > params.minMarkerPerimeterRate:
        params.minMarkerPerimeterRate = min_rate
    return cv2.aruco.ArucoDetector(cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, dictionary)), params)


def _detect(gray: np.ndarray, dictionary: str, scale: float, x0: int = 0, y0: int = 0,
            quick: bool = False, min_perimeter_px: float = 0.0) -> dict[int, np.ndarray]:
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    # the rate floored to a hundredth: a few detectors serve every picture size, and none asks more than given
    min_rate = int(100 * min_perimeter_px * scale / max(small.shape)) / 100 if min_perimeter_px > 0 else 0.0
    corners, ids, _ = _detector(dictionary, quick, min_rate).detectMarkers(small)
    found: dict[int, np.ndarray] = {}
    if ids is not None:
        for c, i in zip(corners, ids.ravel()):
            found.setdefault(int(i), c.reshape(4, 2) / scale + np.array([x0, y0], np.float32))
    return found


def find_markers(gray: np.ndarray, dictionary: str, mark_mm: float = 0.0, page_mm: tuple[float, float] | None = None,
                 reach_mm: float = 0.0) -> dict[int, np.ndarray]:
    """Marker id -> its four corners (TL, TR, BR, BL of the printed marker) in image pixels.

    The marks sit in the page's corners whichever way up it was scanned, so
    the corners are searched first (a quarter of the pixels); the whole page
    only when that finds fewer than three (phone photos, odd crops). Each
    corner is searched with one threshold first, with all five only when
    that finds no mark there (a scan's marks are found at once; a photo's
    shadowed or blurred ones may need the others).

    Given the page's size, its marks' size and how far from its corners they
    reach (mm), the quick search first looks only that far in, with
    QUICK_SLACK_MM to spare, on a page that fills the picture (a scan), and
    leaves out candidates far smaller than a mark (QUICK_MIN_MARK); the
    corner's whole window is searched as before when that finds nothing (a
    photo's marks lie further in and are smaller). A picture with the page's
    proportions is a scanner's page: its marks are in its corners or nowhere
    (a corner cut off by the feeder), so the whole picture is not searched.
    """
    h, w = gray.shape
    scale = min(1.0, DETECT_LONG_SIDE / max(h, w))
    cw, ch = int(w * 0.3), int(h * 0.22)
    px_mm = max(h, w) / max(page_mm) if page_mm else 0.0
    least = QUICK_MIN_MARK * 4 * mark_mm * px_mm
    nw, nh = (min(int((reach_mm + QUICK_SLACK_MM) * px_mm), cw, ch) if reach_mm > 0 else 0,) * 2
    found: dict[int, np.ndarray] = {}
    for x0, y0 in ((0, 0), (w - cw, 0), (0, h - ch), (w - cw, h - ch)):
        corner = gray[y0:y0 + ch, x0:x0 + cw]
        got: dict[int, np.ndarray] = {}
        if nw and nh:  # the window nearest the page's corner, inside the corner's
            nx, ny = (0 if x0 == 0 else cw - nw), (0 if y0 == 0 else ch - nh)
            got = _detect(corner[ny:ny + nh, nx:nx + nw], dictionary, scale, x0 + nx, y0 + ny, quick=True,
                          min_perimeter_px=least)
        found.update(got or _detect(corner, dictionary, scale, x0, y0, quick=True, min_perimeter_px=least)
                     or _detect(corner, dictionary, scale, x0, y0))
    if len(found) < 3 and not (page_mm and page_shaped((w, h), page_mm)):
        found.update({k: v for k, v in _detect(gray, dictionary, scale).items() if k not in found})
    return found


def find_qr_corners(gray: np.ndarray) -> tuple[str, np.ndarray] | None:
    """The page's QR text and its symbol's corners (TL, TR, BR, BL in the symbol's own frame)."""
    import zxingcpp

    scale = min(1.0, DETECT_LONG_SIDE / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    for r in zxingcpp.read_barcodes(small, formats=QR_ONLY):
        p = r.position
        pts = np.array([[q.x, q.y] for q in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)], np.float32) / scale
        return r.text, pts
    return None


def align(gray: np.ndarray, template: Template) -> Alignment | None:
    """None when no side of the form can be registered.

    Two registration marks suffice; with fewer (a corner cut off by the
    feeder, a mark torn away), the QR code's corners stand in for them.
    """
    from .sheetcode import parse_code

    side, reach = _mark_extent(template)
    found = find_markers(gray, template.fiducial_dictionary, side, template.page_size, reach)
    by_id = {f.marker_id: f for f in template.fiducials}
    pages: dict[int, list[int]] = {}
    for mid in found:
        if mid in by_id:
            pages.setdefault(by_id[mid].page, []).append(mid)
    page, ids = max(pages.items(), key=lambda kv: len(kv[1])) if pages else (0, [])
    src, dst = [], []
    for mid in sorted(ids):
        r = by_id[mid].rect
        src += [(r.x, r.y), (r.x + r.w, r.y), (r.x + r.w, r.y + r.h), (r.x, r.y + r.h)]
        dst += found[mid].tolist()
    if len(ids) <= 2:
        qr = find_qr_corners(gray)
        code = parse_code(qr[0]) if qr else None
        if qr is not None and code is not None and 1 <= code.page <= template.pages and (not ids or code.page == page):
            page = code.page
            r = template.qr
            src += [(r.x, r.y), (r.x + r.w, r.y), (r.x + r.w, r.y + r.h), (r.x, r.y + r.h)]
            dst += qr[1].tolist()
        elif len(ids) < 2:
            return None
    src_a, dst_a = np.array(src, np.float32), np.array(dst, np.float32)
    if len(src) >= 12 and _spread(src_a, template.page_size) >= SPREAD_FOR_PERSPECTIVE:
        # three or more places across the page (two marks down one side and the QR code across from them
        # included) fix a photo's perspective, which two marks alone cannot
        h, _ = cv2.findHomography(src_a, dst_a, cv2.RANSAC, 6.0)
    elif len(src) >= 12 and len(ids) < len(template.fiducials_on(page)):
        # Two marks down one side and the QR code beside them: too close to fix perspective, far enough apart
        # for shear and scale across the page, which a photo's perspective mostly is; the boxes do the rest.
        # Least squares through every corner: a photo's perspective bends them off any one affine map, and a
        # robust fit would drop a whole mark and swing the far side of the page.
        design = np.hstack([src_a.astype(np.float64), np.ones((len(src_a), 1))])
        h = np.vstack([np.linalg.lstsq(design, dst_a.astype(np.float64), rcond=None)[0].T, [0.0, 0.0, 1.0]])
    else:
        # Two marks (or one and the QR) all lie near one edge: a perspective fit would swing wildly
        # across the page, so only rotation, scale and shift are learnt from them.
        m, _ = cv2.estimateAffinePartial2D(src_a, dst_a)
        h = None if m is None else np.vstack([m, [0.0, 0.0, 1.0]])
    if h is None:
        return None
    proj = cv2.perspectiveTransform(src_a.reshape(-1, 1, 2), h).reshape(-1, 2)
    px_per_mm = float(np.sqrt(abs(np.linalg.det(h[:2, :2] / h[2, 2]))))
    residual = float(np.sqrt(np.mean(np.sum((proj - dst_a) ** 2, axis=1)))) / max(px_per_mm, 1e-6)
    expected = len(template.fiducials_on(page))
    quality = (1.0 if len(ids) == expected else 0.85 if len(ids) == expected - 1 else 0.7 if len(ids) == 2 else 0.6)
    quality *= float(np.clip(1.2 - residual / 0.5, 0.0, 1.0))
    a = Alignment(page, h, residual, tuple(sorted(ids)), quality)
    # three marks fit a full homography already, unless they disagree (a mark thickened by a copier, half under a
    # thumb); two (with the QR code) along one side leave the far side loose
    loose = len(ids) <= 2 or (len(ids) < expected and residual > REFIT_RESIDUAL_MM)
    return register_by_boxes(gray, a, template, src_a, dst_a) if loose else a


def _mark_extent(template: Template) -> tuple[float, float]:
    """The smallest registration mark's side and how far the marks reach in from the page's nearest corner (mm),
    whichever way up the page lies (0, 0: no marks)."""
    if not template.fiducials:
        return 0.0, 0.0
    pw, ph = template.page_size
    side = min(min(f.rect.w, f.rect.h) for f in template.fiducials)
    reach = max(max(min(r.x + r.w, pw - r.x), min(r.y + r.h, ph - r.y))
                for r in (f.rect for f in template.fiducials))
    return side, reach


REFIT_RESIDUAL_MM = 0.3  # marks fitting worse than this are put right by the page's boxes


SPREAD_FOR_PERSPECTIVE = 0.1  # the anchors' triangle covers this share of the page, or only a similarity is fitted


def _spread(src: np.ndarray, page_mm: tuple[float, float]) -> float:
    """Share of the page the largest triangle through the anchors' centres (groups of four corners) covers."""
    centres = src.reshape(-1, 4, 2).mean(axis=1)
    best = 0.0
    for i in range(len(centres)):
        for j in range(i + 1, len(centres)):
            for k in range(j + 1, len(centres)):
                (ax, ay), (bx, by), (cx, cy) = centres[i], centres[j], centres[k]
                best = max(best, abs((bx - ax) * (cy - ay) - (cx - ax) * (by - ay)) / 2)
    return best / (page_mm[0] * page_mm[1])


def warp(gray: np.ndarray, a: Alignment, size_mm: tuple[float, float], px_per_mm: float,
         origin_mm: tuple[float, float] = (0.0, 0.0)) -> np.ndarray:
    """The region of the template starting at origin_mm, resampled onto a px_per_mm grid."""
    s = np.array([[1 / px_per_mm, 0, origin_mm[0]], [0, 1 / px_per_mm, origin_mm[1]], [0, 0, 1]])
    m = a.homography @ s
    w, h = int(round(size_mm[0] * px_per_mm)), int(round(size_mm[1] * px_per_mm))
    return cv2.warpPerspective(gray, m, (w, h), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                               borderMode=cv2.BORDER_REPLICATE)


BOX_GRID_PX_PER_MM = 3.0  # the page is looked at this finely when its printed boxes register it
BOX_GRID_ROUNDS = ((0.3, 9.0), (0.6, 5.0), (1.0, 3.0))  # the nearest boxes to the anchors, this share of them,
# are located in turn, each within this many millimetres of where the registration so far puts it ...
BOX_GRID_WIDE = ((1.0, 12.0), (1.0, 4.0), (1.0, 2.0))  # ... or, when the nearest are not where it puts them, all of them
BOX_GRID_RING_MIN = 0.3  # a box counts as found where its printed outline is this dark (0 paper .. 1 print)
BOX_GRID_MIN = 8  # fewer boxes found than this: the registration is left as the marks made it
BOX_GRID_FIRST = 4  # ... or than this among the nearest ones, beside the anchors
BOX_GRID_FIT_SHARE = 0.9  # boxes already where the marks put them, on this share of them: nothing to refit


def register_by_boxes(gray: np.ndarray, a: Alignment, template: Template, anchors: np.ndarray,
                      seen: np.ndarray) -> Alignment:
    """The registration re-fitted through the page's own printed boxes, found outwards from the anchors.

    With a registration mark cut off by a photo's frame or under a thumb,
    the marks left (and the QR code) may all lie along one edge: a fit
    through them is right near them and drifts further away. The boxes
    close to them are where that fit puts them, give or take a few
    millimetres; found there, they fit a better registration, which finds
    the next boxes out, until the whole grid of boxes holds the page.
    anchors: the marks' (and QR code's) corners in template mm; seen: where they were found in the image.
    """
    boxes = [b.rect for b in template.boxes(a.page) if b.kind == BoxKind.checkbox]
    if len(boxes) < BOX_GRID_MIN:
        return a
    k = BOX_GRID_PX_PER_MM
    centres = np.array([(r.x + r.w / 2, r.y + r.h / 2) for r in boxes], np.float32)
    reach = np.min(np.linalg.norm(centres[:, None, :] - anchors.reshape(-1, 4, 2).mean(axis=1)[None], axis=2), axis=1)
    rects = np.array([(round(r.x * k), round(r.y * k), round(r.w * k), round(r.h * k)) for r in boxes], np.int64)
    dark = _dark_small(gray)
    ring_pts, middle_pts = _box_samples(boxes)
    if _fitting(dark, a.homography, ring_pts, middle_pts, len(boxes)) >= BOX_GRID_FIT_SHARE:
        return a  # the boxes already sit where the marks put them (a flat scan with a mark torn off)
    starts = _perspective_guesses(dark, a.homography, anchors, boxes) if len(a.markers) <= 2 else [a.homography]
    if not any(np.array_equal(a.homography, s) for s in starts):
        # last, the marks' own registration untilted: a tilted guess may grow the grid a column off, dropping the
        # marks it grew from (a photo with its upper marks cut off, tilted 9°: world seed 21 stack005_photo_007)
        starts.append(a.homography)
    best: tuple[float, np.ndarray, float] | None = None
    for h0 in starts:
        grown = _grow(gray, a, h0, template, rects, centres, reach, anchors, seen)
        if grown is None:
            continue
        fit = _fitting(dark, grown[0], ring_pts, middle_pts, len(boxes))
        if _drift_mm(grown[0], anchors, seen) > ANCHOR_DRIFT_MM:
            # grown one pitch off the marks it grew from (a periodic grid far from them: a photo with only its two
            # lower marks, tilted 14°, locks so from every start): grown again from itself shifted back onto them,
            # kept when it keeps the marks and puts as many boxes on their outlines (world seed 31 stack005_photo_007)
            again = _grow(gray, a, _shifted_onto(grown[0], anchors, seen), template, rects, centres, reach, anchors,
                          seen)
            if again is not None and _drift_mm(again[0], anchors, seen) <= ANCHOR_DRIFT_MM:
                fit_again = _fitting(dark, again[0], ring_pts, middle_pts, len(boxes))
                if fit_again >= fit:
                    grown, fit = again, fit_again
        if best is None or fit > best[0]:
            best = (fit, *grown)
        if fit >= BOX_GRID_FIT_SHARE:
            break  # the first start (the best-scoring tilt) mostly does: the others only when it led astray
    if best is None:
        return a
    _, h, residual = best
    expected = len(template.fiducials_on(a.page))
    quality = (0.85 if len(a.markers) == expected - 1 else 0.7) * float(np.clip(1.2 - residual / 0.5, 0.0, 1.0))
    return Alignment(a.page, h, residual, a.markers, quality)


ANCHOR_DRIFT_MM = 3.0  # a grown grid that puts the marks it grew from further than this from where they were seen
# (a right one: within 1 mm) is an alias, the boxes' rows or columns one pitch (6-9 mm) off


def _drift_mm(h: np.ndarray, anchors: np.ndarray, seen: np.ndarray) -> float:
    """How far (mm) h puts the anchors' corners from where they were seen, at the worst corner."""
    return float(np.linalg.norm(_project(h, anchors.astype(np.float64)) - seen, axis=1).max()) / max(_px_per_mm(h), 1e-6)


def _shifted_onto(h: np.ndarray, anchors: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """h shifted in the template by the mean offset that puts the anchors back where they were seen: an alias grid
    one pitch off, shifted back by that pitch, starts on the anchors' own boxes."""
    dx, dy = (_project(np.linalg.inv(h), seen.astype(np.float64)) - anchors).mean(axis=0)
    out: np.ndarray = h @ np.array([[1.0, 0.0, dx], [0.0, 1.0, dy], [0.0, 0.0, 1.0]])
    return out


def _grow(gray: np.ndarray, a: Alignment, h: np.ndarray, template: Template, rects: np.ndarray, centres: np.ndarray,
          reach: np.ndarray, anchors: np.ndarray, seen: np.ndarray) -> tuple[np.ndarray, float] | None:
    """The registration from a starting guess h, re-fitted through the boxes found outwards from the anchors
    round by round; with its residual in mm, or None when too few boxes were found."""
    from .box_place import locate_boxes
    from .ink import darkness, levels

    k = BOX_GRID_PX_PER_MM
    found = np.zeros(len(rects), bool)
    inliers = None
    rounds, widened = list(BOX_GRID_ROUNDS), False
    while rounds:
        share, search_mm = rounds.pop(0)
        far = float(np.quantile(reach, share))
        search = int(round(search_mm * k))
        canon = warp(gray, Alignment(a.page, h, a.residual_mm, a.markers, a.quality), template.page_size, k)
        dark8 = darkness(canon, levels(canon))
        integral = cv2.integral(dark8)
        near = reach <= far
        shifts = locate_boxes(integral, rects[near], search, np.zeros((int(near.sum()), 2), np.int64))
        ring = _ring_darkness(integral, rects[near], shifts)
        ok = ring >= BOX_GRID_RING_MIN
        if ok.sum() < (BOX_GRID_FIRST if share < 1.0 else BOX_GRID_MIN):
            if inliers is None and not widened:
                rounds, widened = list(BOX_GRID_WIDE), True  # too few where the registration puts them: look further
            continue
        seen_mm = (centres[near] + shifts / k)[ok]
        src = np.vstack([anchors, centres[near][ok]]).astype(np.float32)
        dst = np.vstack([seen,
                         cv2.perspectiveTransform(seen_mm.reshape(-1, 1, 2).astype(np.float64), h).reshape(-1, 2)])
        fitted, inliers = cv2.findHomography(src, dst.astype(np.float32), cv2.RANSAC, 1.0 * _px_per_mm(h))
        if fitted is None or inliers is None:
            return None
        h = fitted
        found = np.zeros(len(rects), bool)
        found[np.flatnonzero(near)[ok]] = True
    if inliers is None or found.sum() < BOX_GRID_MIN:
        return None
    keep = inliers.ravel() > 0
    proj = cv2.perspectiveTransform(src[keep].reshape(-1, 1, 2), h).reshape(-1, 2)
    residual = float(np.sqrt(np.mean(np.sum((proj - dst[keep]) ** 2, axis=1)))) / max(_px_per_mm(h), 1e-6)
    return h, residual


TILTS = np.linspace(-0.3, 0.3, 9)  # perspective tried across the page (share of foreshortening from edge to edge)


def _dark_small(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """The picture at most 800 pixels long, as darkness against the paper around each pixel, and its scale."""
    small_k = min(1.0, 800 / max(gray.shape))
    small = cv2.resize(gray, None, fx=small_k, fy=small_k, interpolation=cv2.INTER_AREA).astype(np.float32)
    paper = cv2.dilate(small, np.ones((9, 9), np.uint8))
    return np.clip((paper - small) / np.maximum(paper, 1.0), 0, 1), small_k


def _fitting(dark: tuple[np.ndarray, float], h: np.ndarray, ring: np.ndarray, middle: np.ndarray, n: int) -> float:
    """Share of the boxes whose outline shows dark around a light middle where h puts them."""
    img, k = dark
    near = cv2.dilate(img, np.ones((5, 5), np.uint8))  # within a pixel or two: the page-wide fit of boxes does the rest
    outline = _sample(near, k * _project(h, ring)).reshape(n, -1).mean(axis=1)
    return float(np.mean(outline - _sample(img, k * _project(h, middle)) >= BOX_GRID_RING_MIN / 2))


def _perspective_guesses(dark: tuple[np.ndarray, float], h: np.ndarray, anchors: np.ndarray,
                         boxes: list[Rect]) -> list[np.ndarray]:
    """The registration tilted in perspective about the anchors, whichever ways put most printed boxes on dark
    outlines with paper inside: the best tilt scored on the outlines themselves, then the best scored within a
    pixel of them.

    Marks down one side of a photo (and the QR code beside them) fix no
    perspective: the far side of the page may lie 15 mm from where they put
    it. A few tilts tried and scored on the picture itself (no warping)
    start the boxes' search close enough. Outlines are a pixel wide at this
    scale: scored on them exactly, the right tilt may fall between two tried
    and lose to an alias that puts the rows of boxes one row off (a camera
    tilted 7° with the lower marks cut off); scored within a pixel, the
    right one wins there, though elsewhere the exact score leads better.
    The boxes' search starts from the first and tries the second only when
    the first does not end with the boxes on their outlines.
    """
    img, small_k = dark
    near = cv2.dilate(img, np.ones((3, 3), np.uint8))
    cx, cy = anchors.mean(axis=0)
    ring, middle = _box_samples(boxes)
    to_anchor = np.array([[1, 0, -cx], [0, 1, -cy], [0, 0, 1.0]])
    back = np.array([[1, 0, cx], [0, 1, cy], [0, 0, 1.0]])
    out: list[np.ndarray] = []
    for look in (img, near):
        best, best_score = h, -1.0
        for tx in TILTS:
            for ty in TILTS:
                tilt = np.array([[1, 0, 0], [0, 1, 0], [tx / 210.0, ty / 297.0, 1.0]])  # about the anchors' middle
                cand = h @ back @ tilt @ to_anchor
                outline = _sample(look, small_k * _project(cand, ring)).reshape(len(boxes), -1).mean(axis=1)
                score = float(np.sum(outline - _sample(img, small_k * _project(cand, middle))))
                if score > best_score:
                    best, best_score = cand, score
        if not any(np.array_equal(best, o) for o in out):
            out.append(best)
    return out


def _box_samples(boxes: list[Rect]) -> tuple[np.ndarray, np.ndarray]:
    """Points on each box's outline (8 per box) and at its middle, in template mm."""
    ring, middle = [], []
    for r in boxes:
        for fx, fy in ((0, 0.5), (1, 0.5), (0.5, 0), (0.5, 1), (0, 0.25), (1, 0.75), (0.25, 0), (0.75, 1)):
            ring.append((r.x + fx * r.w, r.y + fy * r.h))
        middle.append((r.x + r.w / 2, r.y + r.h / 2))
    return np.array(ring, np.float64), np.array(middle, np.float64)


def _project(h: np.ndarray, pts: np.ndarray) -> np.ndarray:
    out: np.ndarray = cv2.perspectiveTransform(pts.reshape(-1, 1, 2), h).reshape(-1, 2)
    return out


def _sample(img: np.ndarray, p: np.ndarray) -> np.ndarray:
    x = np.clip(np.round(p[:, 0]).astype(int), 0, img.shape[1] - 1)
    y = np.clip(np.round(p[:, 1]).astype(int), 0, img.shape[0] - 1)
    out: np.ndarray = img[y, x]
    return out


def _px_per_mm(h: np.ndarray) -> float:
    return float(np.sqrt(abs(np.linalg.det(h[:2, :2] / h[2, 2]))))


def _ring_darkness(integral: np.ndarray, rects: np.ndarray, shifts: np.ndarray) -> np.ndarray:
    """Mean darkness of each box's 2-pixel outline band where it was found (0 paper .. 1 print)."""
    b = 2
    x, y, w, h = (rects[:, i] for i in range(4))
    x0, y0 = x + shifts[:, 0], y + shifts[:, 1]

    def box_sum(ax: np.ndarray, ay: np.ndarray, aw: np.ndarray, ah: np.ndarray) -> np.ndarray:
        total: np.ndarray = integral[ay + ah, ax + aw] - integral[ay, ax + aw] - integral[ay + ah, ax] + integral[ay, ax]
        return total

    ring = (box_sum(x0, y0, w, h) - box_sum(x0 + b, y0 + b, w - 2 * b, h - 2 * b)).astype(np.float64)
    dark: np.ndarray = ring / (255.0 * (w * h - (w - 2 * b) * (h - 2 * b)))
    return dark


def boxes_outside(shape: tuple[int, ...], a: Alignment, template: Template) -> list[Rect]:
    """The side's checkboxes (template rects) that the registration puts outside the picture: cut off by the frame."""
    boxes = [b.rect for b in template.boxes(a.page) if b.kind == BoxKind.checkbox]
    if not boxes:
        return []
    corners = np.array([(x, y) for r in boxes for x, y in ((r.x, r.y), (r.x + r.w, r.y + r.h))], np.float64)
    at = cv2.perspectiveTransform(corners.reshape(-1, 1, 2), a.homography).reshape(-1, 2, 2)
    h, w = shape[:2]
    out = (at[..., 0] < 0) | (at[..., 0] >= w) | (at[..., 1] < 0) | (at[..., 1] >= h)
    return [r for r, o in zip(boxes, np.asarray(out.any(axis=1)).tolist(), strict=True) if o]


def part_of_page(rects: list[Rect], page_size: tuple[float, float]) -> tuple[str, str]:
    """Where on the page these boxes lie, in Vietnamese and English (e.g. "góc dưới bên trái" / "bottom left")."""
    xs = [r.x + r.w / 2 for r in rects]
    ys = [r.y + r.h / 2 for r in rects]
    w, h = page_size
    across = [(min(xs) < w / 3, max(xs) > 2 * w / 3), (min(ys) < h / 3, max(ys) > 2 * h / 3)]
    (left, right), (top, bottom) = across
    vert = ("trên", "top") if top and not bottom else ("dưới", "bottom") if bottom and not top else None
    side = ("trái", "left") if left and not right else ("phải", "right") if right and not left else None
    if vert and side:
        return f"góc {vert[0]} bên {side[0]}", f"{vert[1]} {side[1]} corner"
    if vert:
        return f"phần {vert[0]}", f"{vert[1]} part"
    if side:
        return f"phần bên {side[0]}", f"{side[1]} part"
    return "nhiều phần", "several parts"
