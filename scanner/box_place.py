"""Where each printed box lies on an aligned page, and whether its outline is seen there.

A page registered by its marks is still a millimetre or two off in places (a sheet printed off scale, a
photocopy, a photo's fold or curl): each box is looked for around where one page-wide fit puts it, before its
inside is measured, and a box whose outline cannot be seen is never believed empty.
"""

from __future__ import annotations

from functools import cache

import cv2
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .box_bands import outline_darknesses, weakest_sides
from .box_field import local_offsets
from .fast_stats import median
from .ink import DEFAULT, K, Thresholds, rect_px
from .reference import printed_mask_unkept
from .template import Rect, Template


def locate_boxes(integral: np.ndarray, rects: np.ndarray, search: int, priors: np.ndarray,
                 pull: float = 0.02) -> np.ndarray:
    """For each box (x, y, w, h in pixels), the shift within `search` of its prior that puts the expected
    square outline on the darkest ring, preferring shifts near the prior (by `pull` per pixel). All boxes in one
    array pass.

    A shift's column depends on dx alone and its row on dy alone, so the shifts are kept as a row and a
    column per box and the integral is read through its flat index (one `take` per corner): the same sums as
    indexing it with two full grids of coordinates, at half the cost."""
    b = 2
    d = np.arange(-search, search + 1)
    fast = _locate_windows(integral, rects, search, priors, pull)
    if fast is not None:
        return fast
    x, y, w, h = (rects[:, i, None, None] for i in range(4))
    px, py = priors[:, 0, None, None], priors[:, 1, None, None]
    dx = np.clip(d[None, None, :] + px, -x, integral.shape[1] - 1 - x - w)  # (boxes, 1, shifts)
    dy = np.clip(d[None, :, None] + py, -y, integral.shape[0] - 1 - y - h)  # (boxes, shifts, 1)
    x0, y0 = x + dx, y + dy
    stride, flat = integral.shape[1], integral.ravel()

    def box_sum(ax: np.ndarray, ay: np.ndarray, aw: int | np.ndarray, ah: int | np.ndarray) -> np.ndarray:
        top, bottom, right = ay * stride, (ay + ah) * stride, ax + aw
        out: np.ndarray = flat.take(bottom + right) - flat.take(top + right) - flat.take(bottom + ax) + flat.take(top + ax)
        return out

    ring = (box_sum(x0, y0, w, h) - box_sum(x0 + b, y0 + b, w - 2 * b, h - 2 * b)).astype(np.float64)
    score = ring / (255.0 * 2 * b * (w + h)) - pull * _distance(dx - px, dy - py)
    best = score.reshape(len(rects), -1).argmax(axis=1)
    idx = np.arange(len(rects))
    return np.stack([dx[idx, 0, best % len(d)], dy[idx, best // len(d), 0]], axis=1)


def _locate_windows(integral: np.ndarray, rects: np.ndarray, search: int, priors: np.ndarray,
                    pull: float) -> np.ndarray | None:
    """locate_boxes for boxes of one size none of whose shifts reaches past the page (most pages), the same
    shifts: each box's window of the integral image is taken once, and every shift's eight corner sums are views
    of it (the same integer sums, so the same scores), instead of eight gathers of every shift's corners."""
    b, n = 2, 2 * search + 1
    if not len(rects) or (rects[:, 2:] != rects[0, 2:]).any():
        return None
    w, h = int(rects[0, 2]), int(rects[0, 3])
    if (n + h) * (n + w) > WINDOW_COST * n * n:
        return None  # a narrow search: the window would hold more than the corners' gathers take
    x0, y0 = rects[:, 0] + priors[:, 0] - search, rects[:, 1] + priors[:, 1] - search  # the first shift's corner
    if (x0 < 0).any() or (y0 < 0).any() or (x0 + n - 1 + w > integral.shape[1] - 1).any() or (
            y0 + n - 1 + h > integral.shape[0] - 1).any():
        return None  # a shift clipped at the page's edge: locate_boxes's own way
    win = sliding_window_view(integral, (n + h, n + w))[y0, x0]  # (boxes, n + h, n + w): the same values as index
    # grids of rows and columns gather, each window's rows copied as runs

    def box_sum(o: int, ww: int, hh: int) -> np.ndarray:
        total: np.ndarray = (win[:, o + hh:o + hh + n, o + ww:o + ww + n] - win[:, o:o + n, o + ww:o + ww + n]
                             - win[:, o + hh:o + hh + n, o:o + n] + win[:, o:o + n, o:o + n])
        return total

    ring = (box_sum(0, w, h) - box_sum(b, w - 2 * b, h - 2 * b)).astype(np.float64)
    d = np.arange(-search, search + 1)
    score = ring / (255.0 * 2 * b * (w + h)) - pull * _distance(d[None, None, :], d[None, :, None])
    best = score.reshape(len(rects), -1).argmax(axis=1)
    return np.stack([priors[:, 0] + d[best % n], priors[:, 1] + d[best // n]], axis=1)


WINDOW_COST = 4  # a box's window is taken when it holds at most this many times its shifts (eight gathers of
# each shift's corner cost about as much as one gather of four times as many pixels: measured on feeder pages)


def _distance(ox: np.ndarray, oy: np.ndarray) -> np.ndarray:
    """np.hypot(ox, oy) for whole-pixel offsets, looked up in a table of the same values made once (hypot costs as
    much as the rest of a box search)."""
    reach = max(int(np.abs(ox).max(initial=0)), int(np.abs(oy).max(initial=0)))
    if reach > DISTANCE_TABLE_MAX:
        return np.hypot(ox, oy)
    return _distances(reach)[oy + reach, ox + reach]


DISTANCE_TABLE_MAX = 64


@cache
def _distances(reach: int) -> np.ndarray:
    d = np.arange(-reach, reach + 1)
    out = np.hypot(d[None, :], d[:, None])  # [dy + reach, dx + reach]
    out.setflags(write=False)
    return out


def page_offsets(integral: np.ndarray, boxes: list[Rect], th: Thresholds = DEFAULT,
                 wide_mm: float | None = None) -> list[tuple[int, int]]:
    """Where each printed box lies relative to its template place, from all boxes of the page together.

    Each square is looked for in a wide window, then one homography is fitted
    through all of them (outliers, such as filled boxes, rejected), so a page
    registered from only two marks, or printed slightly off scale, is put
    right before any box is read.
    """
    wide = int(round((wide_mm or th.coarse_mm) * K))
    rects = np.array([rect_px(r) for r in boxes], np.int64)
    shifts = locate_boxes(integral, rects, wide, np.zeros((len(boxes), 2), np.int64))
    centres = [(x + w / 2, y + h / 2) for x, y, w, h in rects]
    found = [(cx + dx, cy + dy) for (cx, cy), (dx, dy) in zip(centres, shifts, strict=True)]
    if len(boxes) >= 8:
        m, inliers = cv2.findHomography(np.array(centres, np.float32), np.array(found, np.float32), cv2.RANSAC, 2.0)
        if m is not None and inliers is not None and inliers.sum() >= max(8, len(boxes) // 2):
            pred = cv2.perspectiveTransform(np.array(centres, np.float32).reshape(-1, 1, 2), m).reshape(-1, 2)
            fitted = pred.astype(np.float64) - np.array(centres, np.float64)
            return [(int(dx), int(dy)) for dx, dy in local_offsets(integral, rects, shifts, fitted, th).tolist()]
    return [(0, 0)] * len(boxes)


Found = tuple[np.ndarray, tuple[int, int, int, int], int, int]  # inside's darkness, its place (y0, y1, x0, x1), shift


def insides(dark8: np.ndarray, integral: np.ndarray, boxes: list[Rect], priors: list[tuple[int, int]] | None,
            th: Thresholds) -> list[Found]:
    """Each box's inside where its printed square was found: its darkness, its place, and the shift in pixels.
    All boxes of the page are looked for in one pass (locate_boxes finds each box on its own)."""
    inset = int(round(th.inset_mm * K))
    rects = np.array([rect_px(b) for b in boxes], np.int64).reshape(-1, 4)
    shifts = locate_boxes(integral, rects, int(round(th.search_mm * K)),
                          np.array(priors if priors else [(0, 0)] * len(rects), np.int64).reshape(-1, 2))
    out = []
    for (x, y, w, h), (dx, dy) in zip(rects.tolist(), shifts.tolist(), strict=True):
        y0, y1, x0, x1 = y + dy + inset, y + dy + h - inset, x + dx + inset, x + dx + w - inset
        out.append((dark8[y0:y1, x0:x1].astype(np.float32) / 255, (y0, y1, x0, x1), dx, dy))
    return out


def refind_displaced(dark8: np.ndarray, integral: np.ndarray, boxes: list[Rect], found: list[Found],
                     th: Thresholds = DEFAULT) -> list[Found]:
    """Boxes whose printed square is not where the page-wide fit put them, looked for again further out.

    A fold or a curl in a phone photo moves a strip of the page by a
    millimetre or two against the rest, more than a box is looked for
    (search_mm): its inside would then hold its own square's edge, read as a
    stroke. Such a box shows a much fainter outline than the page's others
    where it was read; it is looked for up to refind_mm away (never half
    way to another box, so it cannot take a neighbour's square) and moved
    only where its square's outline is plainly seen.
    """
    places = [place for _, place, _, _ in found]
    seen = outline_darknesses(integral, places, th)
    known = [v for v in seen if v is not None]
    if len(known) < 8:
        return found
    typical = float(median(known))
    weakest = weakest_sides(integral, [p for p, v in zip(places, seen, strict=True) if v is not None], th)
    weakest = _spread_back(weakest, seen)
    # Lopsided: one side of the ring lies on paper while another rides a neighbour's edge (a filled box just
    # above or below), so the ring as a whole looks seen; its own square's edge then crosses the inside.
    lopsided = {k for k, (v, s) in enumerate(zip(seen, weakest, strict=True))
                if v is not None and s is not None and s < th.lopsided_side_share * v}
    weak = [k for k, v in enumerate(seen) if v is not None and (v < th.displaced_share * typical or k in lopsided)]
    if not weak:
        return found
    rects = np.array([rect_px(r) for r in boxes], np.int64)
    centres = rects[:, :2] + rects[:, 2:] / 2
    inset = int(round(th.inset_mm * K))
    out = list(found)
    for k in weak:
        gaps = np.hypot(*(centres - centres[k]).T)
        gaps[k] = np.inf
        # around its template place (the page-wide fit is what failed here), never half way to another box's
        reach = min(int(round(th.refind_mm * K)), int(gaps.min() / 2) - 2)
        if reach <= int(round(th.search_mm * K)):
            continue
        (dx, dy), = locate_boxes(integral, rects[k:k + 1], reach, np.zeros((1, 2), np.int64), th.refind_pull)
        x, y, w, h = (int(v) for v in rects[k])
        place = (y + int(dy) + inset, y + int(dy) + h - inset, x + int(dx) + inset, x + int(dx) + w - inset)
        now = outline_darkness(integral, place, th)
        old = seen[k] or 0.0
        if now is None or now < th.outline_min:
            continue
        side = _weakest_side(integral, place, th)
        square = (k in lopsided and side is not None and side >= th.lopsided_side_share * now
                  and side >= th.displaced_gain * (weakest[k] or 0.0))  # all four sides seen now, as a square's are
        if now >= th.displaced_gain * old or square:
            y0, y1, x0, x1 = place
            out[k] = (dark8[y0:y1, x0:x1].astype(np.float32) / 255, place, int(dx), int(dy))
    return out


def _spread_back(values: list[float | None], seen: list[float | None]) -> list[float | None]:
    """Values measured for the seen boxes only, put back in the order of all of them (None for the others)."""
    it = iter(values)
    return [next(it) if v is not None else None for v in seen]


def _weakest_side(integral: np.ndarray, place: tuple[int, int, int, int], th: Thresholds = DEFAULT) -> float | None:
    """Mean darkness of the lightest of the four 2-pixel bands where the box's outline should be (outline_darkness
    averages them; None: off the page)."""
    inset, b = int(round(th.inset_mm * K)), 2
    h, w = integral.shape[0] - 1, integral.shape[1] - 1
    y0, y1, x0, x1 = place
    ya, yb, xa, xb = y0 - inset, y1 + inset, x0 - inset, x1 + inset
    if ya < 0 or xa < 0 or yb > h or xb > w or yb - ya <= 2 * b or xb - xa <= 2 * b:
        return None

    def band(r0: int, r1: int, c0: int, c1: int) -> float:
        total = integral[r1, c1] - integral[r0, c1] - integral[r1, c0] + integral[r0, c0]
        return float(total) / (255.0 * (r1 - r0) * (c1 - c0))

    return min(band(ya, ya + b, xa, xb), band(yb - b, yb, xa, xb), band(ya, yb, xa, xa + b), band(ya, yb, xb - b, xb))


def print_strength(dark8: np.ndarray, template: Template, page: int, th: Thresholds = DEFAULT) -> float:
    """How dark this page's print came out, against a plain print (1.0): a printer low on toner, or a faint
    copy, prints lighter, and a 1-bit scan then breaks its thin lines (0.4 .. 1.0)."""
    at, shape = _printed_every_other(template.source, page)  # every other pixel tells the level as well
    if dark8.shape != shape:
        raise ValueError(f"a page of {dark8.shape} pixels against a printed mask of {shape}")
    level = float(dark8.ravel().take(at).mean()) / 255 if at.size else th.print_plain
    return float(np.clip(level / th.print_plain, th.print_weakest, 1.0))


def inside_px(template: Template, page: int, th: Thresholds = DEFAULT) -> int:
    """How many pixels tall a box's inside is on this side, as the marks stage finds it (the median over its
    boxes) on a page whose boxes all lie within the picture: the size of the paper patches it asks for."""
    inset = int(round(th.inset_mm * K))
    return int(np.median([rect_px(o.box)[3] - 2 * inset for q in template.marked_on(page) for o in q.options]))


def prepare_print_strength(template: Template, page: int) -> None:
    """The side's print positions made now (warm.py: before workers fork)."""
    _printed_every_other(template.source, page)


@cache
def _printed_every_other(template_path: str, page: int) -> tuple[np.ndarray, tuple[int, int]]:
    """Where the side's print lies on every other pixel of every other row, as flat indices into the page in
    row order (the pixels, and their order, that indexing the page's every other pixel by the mask gives),
    and the page's shape."""
    mask = printed_mask_unkept(template_path, page, K, 0.0)
    sub = np.zeros(mask.shape, bool)
    sub[::2, ::2] = mask[::2, ::2]
    out = np.flatnonzero(sub)
    out.setflags(write=False)
    return out, (int(mask.shape[0]), int(mask.shape[1]))


def broken_outline(integral: np.ndarray, place: tuple[int, int, int, int], seen: float | None,
                    th: Thresholds) -> float | None:
    """A faint outline on a page registered by all its marks counts as seen when it stands out from the page right
    beside it: a toner-faded print faxed in 1 bit keeps only pieces of its squares' lines, exactly where they were
    printed, while a thumb or a shadow darkens the box and its surroundings alike."""
    if seen is None or seen >= th.outline_min or seen < th.outline_faint_min:
        return seen
    d = int(round(th.outline_beside_mm * K))
    y0, y1, x0, x1 = place
    beside = [outline_darkness(integral, (y0 + dy, y1 + dy, x0 + dx, x1 + dx), th)
              for dx, dy in ((d, 0), (-d, 0), (0, d), (0, -d))]
    around = float(np.median([b if b is not None else 1.0 for b in beside]))
    return th.outline_min if seen >= th.outline_contrast * around else seen


def outlines_found(outlines: list[float | None], th: Thresholds = DEFAULT) -> float:
    """Share of the page's boxes whose printed outline is dark where the box was read.

    A page registered wrongly (a photo in steep perspective, curled, with a
    registration mark cut off) reads its boxes off paper and text: its
    outlines are not where it looks. Such a page is set aside, not read.
    """
    if not outlines:
        return 1.0
    return sum(1 for v in outlines if v is None or v >= th.outline_min) / len(outlines)


def outline_darkness(integral: np.ndarray, place: tuple[int, int, int, int], th: Thresholds = DEFAULT) -> float | None:
    """Mean darkness of the 2-pixel band where the box's printed outline should be (None: off the page).

    A box whose outline cannot be seen (a thumb over it, a fold, a deep
    shadow) cannot show a mark either: it is never believed empty."""
    inset, b = int(round(th.inset_mm * K)), 2
    h, w = integral.shape[0] - 1, integral.shape[1] - 1
    y0, y1, x0, x1 = place
    ya, yb, xa, xb = max(0, y0 - inset), min(h, y1 + inset), max(0, x0 - inset), min(w, x1 + inset)
    if yb - ya <= 2 * b or xb - xa <= 2 * b:
        return None
    outer = integral[yb, xb] - integral[ya, xb] - integral[yb, xa] + integral[ya, xa]
    inner = (integral[yb - b, xb - b] - integral[ya + b, xb - b] - integral[yb - b, xa + b]
             + integral[ya + b, xa + b])
    area = (yb - ya) * (xb - xa) - (yb - ya - 2 * b) * (xb - xa - 2 * b)
    return float(outer - inner) / float(255.0 * area)
