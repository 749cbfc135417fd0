"""Registration: find the ArUco marks, learn which side and which way up, map template mm onto the image.

The marks' ids tell page 1 from page 2 and each corner from the others, so
orientation needs no guessing; a covered or torn mark only lowers quality.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np

from .template import Template

DETECT_LONG_SIDE = 1400


def _qr_only():
    import zxingcpp

    return zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)


QR_ONLY = _qr_only()


@dataclass(frozen=True)
class Alignment:
    page: int
    homography: np.ndarray  # template millimetres -> image pixels
    residual_mm: float
    markers: tuple[int, ...]
    quality: float  # 0..1, rolls up into every box's confidence


@cache
def _detector(dictionary: str) -> cv2.aruco.ArucoDetector:
    params = cv2.aruco.DetectorParameters()
    params.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
    params.adaptiveThreshWinSizeMin = 5
    params.adaptiveThreshWinSizeMax = 45
    params.adaptiveThreshWinSizeStep = 10
    return cv2.aruco.ArucoDetector(cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, dictionary)), params)


def _detect(gray: np.ndarray, dictionary: str, scale: float, x0: int = 0, y0: int = 0) -> dict[int, np.ndarray]:
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    corners, ids, _ = _detector(dictionary).detectMarkers(small)
    found: dict[int, np.ndarray] = {}
    if ids is not None:
        for c, i in zip(corners, ids.ravel()):
            found.setdefault(int(i), c.reshape(4, 2) / scale + np.array([x0, y0], np.float32))
    return found


def find_markers(gray: np.ndarray, dictionary: str) -> dict[int, np.ndarray]:
    """Marker id -> its four corners (TL, TR, BR, BL of the printed marker) in image pixels.

    The marks sit in the page's corners whichever way up it was scanned, so
    the corners are searched first (a quarter of the pixels); the whole page
    only when that finds fewer than three (phone photos, odd crops).
    """
    h, w = gray.shape
    scale = min(1.0, DETECT_LONG_SIDE / max(h, w))
    cw, ch = int(w * 0.3), int(h * 0.22)
    found: dict[int, np.ndarray] = {}
    for x0, y0 in ((0, 0), (w - cw, 0), (0, h - ch), (w - cw, h - ch)):
        found.update(_detect(gray[y0:y0 + ch, x0:x0 + cw], dictionary, scale, x0, y0))
    if len(found) < 3:
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

    found = find_markers(gray, template.fiducial_dictionary)
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
    return Alignment(page, h, residual, tuple(sorted(ids)), quality)


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
