"""Ink a person (or the scanner) added outside the boxes: a circle round an option, a mark beside a box, a line
running through one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np

from .fine import Fine
from .ink import DEFAULT, BoxReading, K, Thresholds, rect_px
from .stippled_paper import stipple_mask
from .template import Option, Question, Rect, Template
from .vocab import BoxState


def runs_through(dark8: np.ndarray, place: tuple[int, int, int, int], th: Thresholds = DEFAULT,
                 fine: Fine | None = None, level: float | None = None, across: bool = False) -> bool:
    """Whether the ink in a box runs on past it, on two sides or far past one, further than a person's mark
    overshoots.

    A hair or a scratch on the scanner's glass, a crease, a ruler line
    drawn across the page: a line through a box, across a corner of it or
    starting in it looks like a slash inside it, but it goes on beyond the
    box, where a person's stroke stops. With the page (fine), ink is
    measured against the paper right around it: a shadow's edge is no line.
    level: the darkness counted as ink (faint_ink unless given; speckled_through.py raises it to a copy's specks).
    across: only ink running on through_far_mm past the box on two sides counts (a line across the whole window
    looked in, as light_lines_through.py asks where it follows a light trace far below faint_ink).
    """
    y0, y1, x0, x1 = place
    inset, reach, far = int(round(th.inset_mm * K)), int(round(th.through_mm * K)), int(round(th.through_far_mm * K))
    by0, by1, bx0, bx1 = y0 - inset, y1 + inset, x0 - inset, x1 + inset  # the printed square's outer edge
    h, w = dark8.shape
    wy0, wy1, wx0, wx1 = max(by0 - far - 2, 0), min(by1 + far + 2, h), max(bx0 - far - 2, 0), min(bx1 + far + 2, w)
    at = th.faint_ink if level is None else level
    if fine is not None:
        ink = (fine.darkness(wy0, wy1, wx0, wx1) > at).astype(np.uint8)
    else:
        ink = (dark8[wy0:wy1, wx0:wx1] > int(at * 255)).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    for i in np.unique(labels[y0 - wy0:y1 - wy0, x0 - wx0:x1 - wx0]):
        if i == 0:
            continue
        sx, sy, sw, sh = (int(v) for v in stats[i, :4])
        left, right = bx0 - (wx0 + sx), (wx0 + sx + sw) - bx1
        top, bottom = by0 - (wy0 + sy), (wy0 + sy + sh) - by1
        beyond = sorted((left, right, top, bottom))
        if beyond[2] >= far if across else (beyond[2] >= reach or beyond[3] >= far):
            return True
    return False


def claimed_by_marks(shape: tuple[int, int], template: Template, readings: list[BoxReading],
                     th: Thresholds = DEFAULT, boxes: list[Rect] | None = None) -> np.ndarray:
    """Pixels that belong to some box's own mark (a thick X spills over its border and into the next row).
    boxes: each reading's box, when the caller has them in the readings' order (else looked up in the template)."""
    claimed = np.zeros(shape, bool)
    near = int(round(th.near_box_mm * K))
    if boxes is None:
        boxes = [template.question(r.question_id).option(r.option_id).box for r in readings]
    for r, box in zip(readings, boxes, strict=True):
        bx, by, bw, bh = rect_px(box)
        bx += int(round(r.dx_mm * K))
        by += int(round(r.dy_mm * K))
        pad = near if r.state != BoxState.empty else 1
        claimed[max(0, by - pad):by + bh + pad, max(0, bx - pad):bx + bw + pad] = True
    return claimed


@dataclass(frozen=True)
class CleanPage:
    """A page whose plain paper stays clear of faint_trace_ink by itself (marks.read_page_marks judges it): a
    hard pencil's circle, copied lighter still, is looked for from the page's own lower level `stroke_ink`, in
    pieces at least stroke_min_mm long. Passed explicitly, not hidden in the thresholds, so a reader sees which
    pages are judged this way and textured paper (texture.above_texture) simply passes none."""

    stroke_ink: float


def _row_margin_mm(q: Question) -> float:
    return 0.8 if q.group else 1.5  # grid rows sit close: a circle in one row must not flag the next


def question_region(q: Question, right_mm: float) -> tuple[int, int, int, int]:
    """The page region (x0, y0, x1, y1, pixels) where ink outside a question's boxes counts as its stray ink."""
    my = _row_margin_mm(q)
    return (int((min(o.box.x for o in q.options) - 2.0) * K), int((min(o.box.y for o in q.options) - my) * K),
            int(right_mm * K), int((max(o.box.y + o.box.h for o in q.options) + my) * K))


def stray_ink_mm2(dark8: np.ndarray, printed: np.ndarray, claimed: np.ndarray, q: Question, right_mm: float,
                  shifts: list[tuple[int, int]] | None = None, th: Thresholds = DEFAULT,
                  fine: Fine | None = None, sway: int = 0, clean: CleanPage | None = None,
                  stipple: bool = False) -> float:
    """Area of ink a person added in the question's region outside its boxes and their marks.

    `shifts` (pixels, one per option) is how far each printed box was found
    from its template place: the printed label beside it moved with it.
    sway: how far (pixels, up or down) each strip of a label may lie from its box (_printed_near).
    clean: the page's own lower stroke level when its paper is clean (CleanPage), else None.
    stipple: the page's paper is plain (no texture everywhere): a copier's stipple over part of it is left out
    where it lies (stippled_paper.py). On textured paper its fibres would hide a pencil's circle that way, and the
    texture's own raised levels judge it instead (texture.above_texture).
    """
    my = _row_margin_mm(q)
    x0, y0, x1, y1 = question_region(q, right_mm)
    region = dark8[y0:y1, x0:x1]
    inked = region > int(th.stray_ink * 255)  # taken once for the print's placing and the blots
    unprinted = ~_printed_near(printed, q, shifts or [(0, 0)] * len(q.options), (x0, y0, x1, y1), my, inked, sway)
    free = ~claimed[y0:y1, x0:x1] & unprinted
    if q.behaviour.digit_grid:
        free &= ~_streak_rest(region, free, th)
    at = (x0, y0)
    value = _measured(region, inked, free, th, fine, at, clean)
    if stipple and value >= th.stray_min_mm2 and fine is not None:  # a copier's stipple left out where it lies
        value = _measured(region, inked, free & ~stipple_mask(region, free, unprinted, th), th, fine, at, clean)
    return value


def _measured(region: np.ndarray, inked: np.ndarray, free: np.ndarray, th: Thresholds, fine: Fine | None,
              at: tuple[int, int], clean: CleanPage | None) -> float:
    """stray_ink_mm2's measure over the region's free pixels: ink's area, faint ink's, and thin traces' length."""
    area = _blots_mm2(inked, free, th, th.stray_min_mm2, fine, at)
    # A very light pen (hard pencil) circling an option leaves a long faint trace: counted at a lower
    # darkness, and scaled so that a longer faint trace weighs as much as a short firm one.
    faint_ink = region > int(th.faint_ink * 255)
    faint = _blots_mm2(faint_ink, free, th, th.faint_stray_min_mm2, fine, at)
    # ... and a thin one (a hard pencil circling a box) by its length rather than its area
    length = _traces_mm((region > int(th.faint_trace_ink * 255)) & free, th, fine, at)
    if clean is not None and 0 < clean.stroke_ink < th.faint_trace_ink:  # from its own lower level, longer pieces
        length = max(length, _traces_mm((region > int(clean.stroke_ink * 255)) & free, th, fine, at, clean.stroke_ink))
    return max(area, faint * th.stray_min_mm2 / th.faint_stray_min_mm2, length * th.stray_min_mm2 / th.faint_stray_mm)


def _streak_rest(region: np.ndarray, free: np.ndarray, th: Thresholds) -> np.ndarray:
    """The pixel columns of a grid's region that a line runs down: what a scanner's streak left after it was
    painted over (streaks.py), faint but as long as the grid is tall. No hand draws such a line; a short
    region (a checkbox row) gathers too little of it to matter. The line is looked for over the printed boxes
    too (a column of bubbles' edges is one such line, and printed anyway)."""
    inked = region > int(th.faint_trace_ink * 255)
    lined = inked.sum(axis=0) >= STREAK_SHARE * region.shape[0]
    if not lined.any():
        return np.zeros_like(free)
    lined = np.convolve(lined.astype(np.uint8), np.ones(3, np.uint8), mode="same") > 0  # and a pixel either side
    return np.broadcast_to(lined[None, :], free.shape)


STREAK_SHARE = 0.6  # a pixel column of a grid inked along this share of its height is a streak's rest (or bubbles' edges)


def _printed_near(printed: np.ndarray, q: Question, shifts: list[tuple[int, int]], region: tuple[int, int, int, int],
                  my: float, ink: np.ndarray | None = None, sway: int = 0) -> np.ndarray:
    """The printed mask over the question's region, each option's box and label moved by that box's own shift.

    A photo with slight curl or perspective moves the boxes of one row by
    different amounts (up to a millimetre): one shift for the whole question
    leaves the far labels' edges looking like added ink. When the boxes of
    one question moved by different amounts (a page registered from three
    marks, stretched by a feeder), each strip of a label lies where its box
    or a plane fitted through the boxes puts it, whichever leaves less of
    the region's ink (`ink`) unexplained: its far end may move more than its box.
    sway: a phone photo's fold or curl bends a line of text, so that its
    words lie up to this many pixels above or below where its box puts them;
    each strip is then also tried that far up and down.
    """
    x0, y0, x1, y1 = region
    along = _shift_along(q, shifts)
    around = _Around(printed, region, max(abs(v) for s in shifts for v in s) + sway + STRIP_PX)
    out = around.at(region, (_median_int([s[0] for s in shifts]), _median_int([s[1] for s in shifts]))).copy()
    for o, (sx, sy), nxt in zip(q.options, shifts, _next_in_row(q.options), strict=True):
        ax, bx = int((o.box.x - 2.0) * K), int((nxt - 2.0) * K) if nxt is not None else x1
        ay, by = int((o.box.y - my) * K), int((o.box.y + o.box.h + my) * K)
        ax, bx, ay, by = max(ax, x0), min(bx, x1), max(ay, y0), min(by, y1)
        if bx <= ax or by <= ay:
            continue
        if (along is None and not sway) or ink is None:  # one shift for the whole label (ink None: the first tried)
            out[ay - y0:by - y0, ax - x0:bx - x0] = around.at((ax, ay, bx, by), (sx, sy))
            continue
        out[ay - y0:by - y0, ax - x0:bx - x0] = _strips(around, ink[ay - y0:by - y0, ax - x0:bx - x0], (ax, ay, bx, by),
                                                        (sx, sy), along, sway)
    return out


def _strips(around: _Around, ink: np.ndarray, band: tuple[int, int, int, int], shift: tuple[int, int],
            along: Callable[[float, float], tuple[int, int]] | None, sway: int) -> np.ndarray:
    """A label's band of the printed mask, each strip STRIP_PX wide moved by whichever of the shifts tried for it
    leaves the least of the band's `ink` unexplained (ink & ~print), the first of them on a tie: its box's own
    shift, the plane's at the strip's middle (along), then its box's moved up to `sway` up and down.

    A shift tried for every strip has its unexplained ink counted once over the whole band and summed per strip
    (the same counts as strip by strip, in a few array passes instead of one per strip and shift); the plane's,
    which differs from strip to strip, is counted on its own strip only."""
    ax, ay, bx, by = band
    sx, sy = shift
    starts = list(range(0, bx - ax, STRIP_PX))
    masks: dict[tuple[int, int], np.ndarray] = {}
    counts: dict[tuple[int, int], np.ndarray] = {}

    def left(s: tuple[int, int]) -> np.ndarray:
        if s not in counts:
            masks[s] = around.at(band, s)
            counts[s] = np.add.reduceat(np.count_nonzero(ink & ~masks[s], axis=0), np.array(starts))
        return counts[s]

    def strip_mask(s: tuple[int, int], k: int) -> np.ndarray:
        c = starts[k]
        if s in masks:
            return masks[s][:, c:c + STRIP_PX]
        return around.at((ax + c, ay, min(ax + c + STRIP_PX, bx), by), s)

    def left_at(s: tuple[int, int], k: int) -> int:
        if s in counts:
            return int(counts[s][k])
        c = starts[k]
        return int(np.count_nonzero(ink[:, c:c + STRIP_PX] & ~strip_mask(s, k)))

    swayed = around.sway_stack(band, shift, sway) if sway else None
    if swayed is not None:  # the box's own shift and the sway's, as one stack of views of the print around
        per_column = np.count_nonzero(ink[None] & ~swayed, axis=1)
        stacked = np.add.reduceat(per_column, np.array(starts), axis=1)  # counted in one pass
        plane = None if along is None else [along((ax + c + min(ax + c + STRIP_PX, bx)) / 2, (ay + by) / 2)
                                            for c in starts]
        if plane is None or len(set(plane)) == 1:
            return _swayed_strips(swayed, stacked, starts, shift, sway, plane[0] if plane else None, left,
                                  lambda s: masks[s])
        for i, got in enumerate(stacked):
            masks[(sx, sy + sway - i)], counts[(sx, sy + sway - i)] = swayed[i], got
    rows: list[list[tuple[int, int]]] = [[(sx, sy)] * len(starts)]
    if along is not None:
        rows.append([along((ax + c + min(ax + c + STRIP_PX, bx)) / 2, (ay + by) / 2) for c in starts])
    rows += [[(sx, sy + d)] * len(starts) for d in range(-sway, sway + 1) if d]
    for row in rows:  # the shifts every strip tries, counted over the whole band first
        if len(set(row)) == 1:
            left(row[0])
    table = np.array([counts[row[0]] if len(set(row)) == 1 else [left_at(s, k) for k, s in enumerate(row)]
                      for row in rows])
    best = table.argmin(axis=0)  # the first of the least, as list.index(min(...)) takes it
    out = np.empty(ink.shape, bool)
    for k, c in enumerate(starts):
        out[:, c:c + STRIP_PX] = strip_mask(rows[best[k]][k], k)
    return out


def _swayed_strips(swayed: np.ndarray, stacked: np.ndarray, starts: list[int], shift: tuple[int, int], sway: int,
                   plane: tuple[int, int] | None, left: Callable[[tuple[int, int]], np.ndarray],
                   band_mask: Callable[[tuple[int, int]], np.ndarray]) -> np.ndarray:
    """_strips where every shift tried is one for the whole band (the plane's too, when it gives one shift): the
    same table of unexplained ink in the same order of rows (the box's own shift, the plane's, then the sway's from
    -sway up), the first least per strip, and each strip's print taken from the stack in one gather. left: a shift's
    counts over the whole band (made by _strips), band_mask: its print over the band, once left has made it."""
    sx, sy = shift
    order = [(sx, sy)] + ([plane] if plane is not None else []) + [(sx, sy + d) for d in range(-sway, sway + 1) if d]
    table = np.array([stacked[sway - (s[1] - sy)] if s[0] == sx and abs(s[1] - sy) <= sway else left(s)
                      for s in order])
    best = table.argmin(axis=0)
    picked = [order[b] for b in best.tolist()]
    h, w = swayed.shape[1], swayed.shape[2]
    if any(s[0] != sx or abs(s[1] - sy) > sway for s in picked):  # the plane's shift won a strip, off the stack
        layer = None
    else:
        layer = np.repeat(np.array([sway - (s[1] - sy) for s in picked]), np.diff([*starts, w]))
    if layer is None:
        out = np.empty((h, w), bool)
        for c, s in zip(starts, picked, strict=True):
            out[:, c:c + STRIP_PX] = swayed[sway - (s[1] - sy), :, c:c + STRIP_PX] if s[0] == sx and abs(
                s[1] - sy) <= sway else band_mask(s)[:, c:c + STRIP_PX]
        return out
    out_: np.ndarray = swayed[layer[None, :], np.arange(h)[:, None], np.arange(w)[None, :]]
    return out_


def _median_int(values: list[int]) -> int:
    """int(np.median(values)) for whole numbers, without numpy's cost on a handful of them."""
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else int((v[n // 2 - 1] + v[n // 2]) / 2)


@cache
def _next_in_row(options: tuple[Option, ...]) -> tuple[float | None, ...]:
    """Per option, where the next box to its right in the same row starts (mm), None for the row's last: its
    label ends there. Made once per question."""
    out = []
    for o in options:
        row = [p.box.x for p in options if abs(p.box.y - o.box.y) < 1.0 and p.box.x > o.box.x]
        out.append(min(row) if row else None)
    return tuple(out)


STRIP_PX = 10  # a label is moved in strips this wide when its question's boxes moved by different amounts ...
SPREAD_PX = 3  # ... by this much or more (a page registered from three marks, a feeder that stretched it)


def _shift_along(q: Question, shifts: list[tuple[int, int]]) -> Callable[[float, float], tuple[int, int]] | None:
    """Where the print lies at any point of the question's region, as a plane fitted through its boxes' shifts,
    when those differ across it (None: each box's own shift is enough)."""
    if len(shifts) < 3:
        return None
    s = np.array(shifts, np.float64)
    if float(np.ptp(s, axis=0).max()) < SPREAD_PX:
        return None
    a = np.array([[1.0, (o.box.x + o.box.w / 2) * K, (o.box.y + o.box.h / 2) * K] for o in q.options])
    fit = np.linalg.lstsq(a, s, rcond=None)[0]

    def at(x: float, y: float) -> tuple[int, int]:
        sx, sy = np.array([1.0, x, y]) @ fit
        return int(round(sx)), int(round(sy))
    return at


class _Around:
    """The printed mask around a question's region, `reach` pixels wider each way: a strip of the region as the
    print lies moved by up to `reach` is then a view of it, not a fresh array (a label's strips are tried at
    several shifts each, hundreds a page); further moves are cut from the page as shifted_print does."""

    def __init__(self, printed: np.ndarray, region: tuple[int, int, int, int], reach: int) -> None:
        x0, y0, x1, y1 = region
        self.printed, self.reach, self.x0, self.y0 = printed, reach, x0 - reach, y0 - reach
        self.mask = shifted_print(printed, (x0 - reach, y0 - reach, x1 + reach, y1 + reach), (0, 0))

    def sway_stack(self, region: tuple[int, int, int, int], shift: tuple[int, int], sway: int) -> np.ndarray | None:
        """at(region, (sx, sy + d)) for d = sway, sway - 1, ... -sway, stacked (views of one array, nothing copied);
        None when any of them reaches past what this was made around."""
        x0, y0, x1, y1 = region
        sx, sy = shift
        if max(abs(sx), abs(sy) + sway) > self.reach:
            return None
        top = y0 - sy - sway - self.y0
        cols = self.mask[top:top + (y1 - y0) + 2 * sway, x0 - sx - self.x0:x1 - sx - self.x0]
        return np.lib.stride_tricks.sliding_window_view(cols, y1 - y0, axis=0).transpose(0, 2, 1)

    def at(self, region: tuple[int, int, int, int], shift: tuple[int, int]) -> np.ndarray:
        """What shifted_print(printed, region, shift) gives, for a region inside the one this was made around."""
        x0, y0, x1, y1 = region
        sx, sy = shift
        if max(abs(sx), abs(sy)) > self.reach:
            return shifted_print(self.printed, region, shift)
        return self.mask[y0 - sy - self.y0:y1 - sy - self.y0, x0 - sx - self.x0:x1 - sx - self.x0]


def shifted_print(printed: np.ndarray, region: tuple[int, int, int, int], shift: tuple[int, int]) -> np.ndarray:
    """The printed mask of a region of the page, as it lies when the print moved by `shift` pixels."""
    x0, y0, x1, y1 = region
    sx, sy = shift
    H, W = printed.shape
    out = np.zeros((y1 - y0, x1 - x0), bool)
    ya, yb, xa, xb = max(y0 - sy, 0), min(y1 - sy, H), max(x0 - sx, 0), min(x1 - sx, W)
    if yb > ya and xb > xa:
        out[ya - (y0 - sy):yb - (y0 - sy), xa - (x0 - sx):xb - (x0 - sx)] = printed[ya:yb, xa:xb]
    return out


def _traces_mm(ink: np.ndarray, th: Thresholds, fine: Fine | None = None, at: tuple[int, int] = (0, 0),
               level: float | None = None) -> float:
    """Summed extent (diagonals) of the blots long enough to be strokes rather than specks or noise.

    With the page (fine), only blots that are darker than the paper right
    beside them count: the edge of a shadow leaves a band against the wide
    paper level, but is no stroke. level: the darkness `ink` was taken at (default faint_trace_ink); a blot
    found below it is judged against the paper beside it at the same share of it.
    """
    local_min = th.faint_ink / 2 if level is None else min(th.faint_ink / 2, level * th.faint_ink / 2 / th.faint_trace_ink)
    shortest = th.stroke_min_mm if level is not None and level < th.faint_trace_ink else th.faint_stroke_mm
    if np.count_nonzero(ink) < th.faint_stroke_mm * K:
        return 0.0
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.view(np.uint8), connectivity=8)
    # every blot's diagonal at once (the same float64 hypot as per blot); only the long ones are looked at further
    diagonals = np.hypot(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]) / K
    total = 0.0
    for i in (np.flatnonzero(diagonals >= shortest) + 1).tolist():
        x, y, w, h = (int(v) for v in stats[i, :4])
        d = float(diagonals[i - 1])
        if fine is not None and not _stroke_like(fine, labels, i, (x, y, w, h), at, th, local_min):
            continue
        total += d
    return total


def _stroke_like(fine: Fine, labels: np.ndarray, i: int, rect: tuple[int, int, int, int], at: tuple[int, int],
                 th: Thresholds, local_min: float | None = None) -> bool:
    """Whether blot i (of `labels`, a region placed at `at` on the page) is darker than the paper right beside it
    (by local_min at least on half its pixels; default half of faint_ink)."""
    x, y, w, h = rect
    local = fine.darkness(at[1] + y, at[1] + y + h, at[0] + x, at[0] + x + w)
    least = th.faint_ink / 2 if local_min is None else local_min
    return float(np.mean(local[labels[y:y + h, x:x + w] == i] >= least)) >= 0.5


def _blots_mm2(ink: np.ndarray, free: np.ndarray, th: Thresholds, matters_from: float, fine: Fine | None = None,
               at: tuple[int, int] = (0, 0)) -> float:
    """Area of the blots larger than a speck; below `matters_from` mm² in all, a cheap upper bound.

    With the page (fine), a blot that is no darker than the paper right
    beside it (the edge of a thumb or of a shadow across a photo) is left out.
    """
    ink = ink & free
    total = float(np.count_nonzero(ink)) / (K * K)
    if total < matters_from:
        return total
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.view(np.uint8), connectivity=8)
    area = 0
    for i in (np.flatnonzero(stats[1:, cv2.CC_STAT_AREA] >= th.speck_mm2 * K * K) + 1).tolist():  # larger than specks
        x, y, w, h = (int(v) for v in stats[i, :4])
        if fine is not None and not _stroke_like(fine, labels, i, (x, y, w, h), at, th):
            continue
        area += int(stats[i, cv2.CC_STAT_AREA])
    return area / (K * K)


def question_right_edges(template: Template) -> dict[str, float]:
    """Where each question's region ends on the right: the text margin, for a grid too.

    Nothing is printed right of a grid's last column, and a person circling
    that column's option (a label they read in the header) draws there. A
    roster cell's region ends with its column, a digit grid's with its last column.
    """
    return {q.id: _roster_right(q) if q.roster or q.behaviour.digit_grid else TEXT_RIGHT_MM
            for q in template.marked_questions()}


def _roster_right(q: Question) -> float:
    """A roster cell ends where its column does: the next column's handwriting is no stray ink of it."""
    return max(o.box.x + o.box.w for o in q.options) + ROSTER_CELL_MARGIN_MM


TEXT_RIGHT_MM = 190.0
ROSTER_CELL_MARGIN_MM = 2.0

