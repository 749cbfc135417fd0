"""Reading the checkboxes of an aligned page: per box a state and a confidence.

Darkness is measured against the page's own paper and print levels, so a
grey photocopy, a 1-bit fax and a clean flatbed scan are judged alike. Each
box is re-found locally (its printed square) before its inside is measured,
so a sheet printed off scale or photocopied still reads. Ink that a person
added outside every box is measured per question, because a circle around
an option or a mark beside a box means a person must look.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from .template import Question, Rect, Template

K = 5.0  # pixels per millimetre of the aligned page


@dataclass(frozen=True)
class Thresholds:
    """Tuned on the generated corpus (benchmarks/accuracy.py); data, not scattered literals."""

    ink: float = 0.33  # a pixel this dark (0 paper .. 1 print) is ink
    faint_ink: float = 0.15  # ... and this dark, a trace of something (very light pencil)
    faint_max: float = 0.06  # an "empty" box with more traces than this is asked about
    empty_max: float = 0.012  # coverage of the box's inside
    marked_min: float = 0.07
    filled_min: float = 0.75
    paper: float = 0.3  # a pixel this light is paper
    holes_filled_max: float = 0.045  # share of large paper holes left in a filled-in box
    holes_marked_min: float = 0.05  # ... and the least a mark (an X, a tick) leaves
    dense_min: float = 0.3  # a box this covered ...
    dense_holes_min: float = 0.12  # ... with fewer paper holes than this is neither a plain mark nor a plain fill
    sides_filled_min: float = 0.65  # a filled-in box is dark up to the middle of its edges...
    sides_thick_x_max: float = 0.4  # ... which a thick felt-pen X leaves light
    thick_x_min: float = 0.6  # a box this covered with few holes is a thick X when its sides are light
    outline_min: float = 0.3  # a printed box outline is at least this dark (mean over its 2-pixel band)...
    outlines_min: float = 0.9  # ... on this share of a page's boxes, or the page is not registered well enough to read
    outlines_confirm: float = 0.98  # on this share, the boxes confirm the registration ...
    outlines_quality: float = 0.7  # ... and the page's quality is at least this
    inset_mm: float = 0.8  # inside = the printed square less this margin
    search_mm: float = 0.8  # how far a box is looked for around where the page-wide fit puts it
    coarse_mm: float = 3.0  # how far each box is looked for when fitting the page-wide correction
    stray_ink: float = 0.28
    stray_min_mm2: float = 1.2  # added ink outside the boxes that sends a question to review
    faint_stray_min_mm2: float = 3.5  # ... the same for traces only as dark as faint_ink
    faint_stroke_mm: float = 2.0  # a faint blot this long outside the boxes is a stroke...
    faint_trace_ink: float = 0.1  # ... its pixels this dark at least (a hard pencil's circle, lightly drawn) ...
    faint_stray_mm: float = 5.0  # ... and strokes this long in all weigh as much as stray_min_mm2 of ink
    near_box_mm: float = 1.5  # ink this close to a marked box belongs to its mark
    speck_mm2: float = 0.4  # smaller blots are dust, JPEG noise or print misregistration
    # "Empty" is earned against the page's own noise: a box is empty only when nothing in it stands out
    # from the insides of the page's other empty boxes (paper grain, JPEG ringing, sensor noise).
    floor_box_quantile: float = 75.0  # the page's noise: this percentile, over its empty boxes, of their strongest line,
    floor_outlier: float = 3.0  # ... leaving out boxes whose line is this many times the median (faint marks)
    trace_ratio: float = 1.0  # a trace is this many times as dark as the page's noise floor...
    trace_margin: float = 0.005  # ... and this much more
    trace_floor_min: float = 0.012  # the floor is never taken as cleaner than this
    trace_min_mm: float = 0.9  # a trace spans at least this (diagonal of its extent): less is a speck...
    trace_spot_mm: float = 0.55  # ... unless it is a spot this wide and trace_spot_ratio times the level
    trace_spot_ratio: float = 3.0
    trace_short_ratio: float = 1.12  # a trace shorter than trace_marked_mm is this many times the level at least
    trace_min_px: int = 3
    trace_marked_mm: float = 2.6  # a trace this long and ...
    trace_marked_dark: float = 0.07  # ... this dark (its median) and ...
    trace_marked_ratio: float = 1.6  # ... this many times the trace level is a light but plain mark
    grainy_specks: int = 2  # on a 1-bit page, a mark with this many specks of pencil grain may be a half-kept fill-in
    broken_dense_min: float = 0.2  # ... and among broken marks, a mark this dense may be a fill-in's kept X
    kept_marks_min: int = 3  # a 1-bit side shows its pen survived the threshold with this many clean marks ...
    kept_coverage_min: float = 0.12  # ... this covered (their median), and no grain or doubtful box anywhere
    edge_band_px: int = 2  # a trace only this close to one side of the inside, along it, is the printed square's blur
    through_mm: float = 2.0  # a mark's ink running on this far past its box on two sides is a line across it ...
    through_far_mm: float = 5.0  # ... and so is ink running on this far past one side
    shaded_min: float = 0.8  # a "mark" with this share of its inside at least faint ink ...
    shaded_over_ink: float = 0.5  # ... and this much more of it faint than inked is a box shaded in light pencil


DEFAULT = Thresholds()


@dataclass(frozen=True)
class BoxReading:
    question_id: str
    option_id: str
    state: str  # empty | marked | filled | uncertain
    confidence: float
    coverage: float
    holes: float
    sides: float
    dx_mm: float
    dy_mm: float
    specks: int = 0  # pieces of ink of one or two pixels: a pencil's grain on a 1-bit scan (measured there only)


@dataclass(frozen=True)
class PageMarks:
    readings: list[BoxReading]
    stray: dict[str, float]  # question id -> ink outside its boxes, mm²
    outlines: float  # share of boxes whose printed outline was found where they were read (outlines_found)
    pen_kept: bool  # a 1-bit side whose marks show the pen plainly survived the threshold (pen_kept)


def levels(canon: np.ndarray) -> tuple[float, float]:
    """The page's paper grey and how much darker its print is."""
    cdf = np.cumsum(np.bincount(canon[::4, ::4].ravel(), minlength=256)).astype(np.float64)
    cdf /= cdf[-1]
    paper = float(np.searchsorted(cdf, 0.90))
    return paper, max(paper - float(np.searchsorted(cdf, 0.015)), 40.0)


def darkness(canon: np.ndarray, lv: tuple[float, float] | None = None) -> np.ndarray:
    """0 for the paper around a pixel, 1 for this page's print, whatever the scanner or the light did.

    The paper level is the page with every dark thing narrower than about
    9 mm closed over (a morphological closing): a shadow across a phone photo,
    a scanner's uneven lamp or a grey photocopy then lowers paper and ink
    alike, and a box in the shadow is not taken for a filled one, while the
    sharp edge of a shadow stays where it is. The window is wider than a
    filled box, so ink never counts as paper. Returns the darkness (float) and the same scaled to 0-255.
    """
    paper, span = lv or levels(canon)
    small = cv2.resize(canon, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    k = int(round(9 * K * 0.25)) | 1
    bg = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    shade = np.clip(bg.astype(np.float32) / max(paper, 1.0), 0.3, 1.0)  # how much light reached each part
    size = (canon.shape[1], canon.shape[0])
    scale = cv2.resize((1.0 / (span * shade)).astype(np.float32), size, interpolation=cv2.INTER_LINEAR)
    diff = cv2.subtract(cv2.resize(bg, size, interpolation=cv2.INTER_LINEAR), canon)
    return cv2.multiply(diff, scale * 255.0, dtype=cv2.CV_8U)


def _rect_px(r: Rect) -> tuple[int, int, int, int]:
    return int(round(r.x * K)), int(round(r.y * K)), int(round(r.w * K)), int(round(r.h * K))


def locate_boxes(integral: np.ndarray, rects: np.ndarray, search: int, priors: np.ndarray) -> np.ndarray:
    """For each box (x, y, w, h in pixels), the shift within `search` of its prior that puts the expected
    square outline on the darkest ring, preferring shifts near the prior. All boxes in one array pass."""
    b = 2
    d = np.arange(-search, search + 1)
    gx, gy = np.meshgrid(d, d)
    x, y, w, h = (rects[:, i, None, None] for i in range(4))
    dx = np.clip(gx[None] + priors[:, 0, None, None], -x, integral.shape[1] - 1 - x - w)
    dy = np.clip(gy[None] + priors[:, 1, None, None], -y, integral.shape[0] - 1 - y - h)
    x0, y0 = x + dx, y + dy

    def box_sum(ax, ay, aw, ah):
        return integral[ay + ah, ax + aw] - integral[ay, ax + aw] - integral[ay + ah, ax] + integral[ay, ax]

    ring = (box_sum(x0, y0, w, h) - box_sum(x0 + b, y0 + b, w - 2 * b, h - 2 * b)).astype(np.float64)
    score = ring / (255.0 * 2 * b * (w + h)) - 0.02 * np.hypot(dx - priors[:, 0, None, None], dy - priors[:, 1, None, None])
    flat = score.reshape(len(rects), -1).argmax(axis=1)
    idx = np.arange(len(rects))
    return np.stack([dx.reshape(len(rects), -1)[idx, flat], dy.reshape(len(rects), -1)[idx, flat]], axis=1)


def holes_share(inside: np.ndarray, th: Thresholds = DEFAULT) -> float:
    """Share of the inside that is paper in patches wider than about 0.6 mm (SDAPS's "large white holes").

    An X or a tick, however thick the pen, leaves such patches between its
    strokes; a box filled in to cancel it does not.
    """
    paper = (inside < th.paper).astype(np.uint8)
    return float(cv2.erode(paper, np.ones((3, 3), np.uint8)).mean())


def side_darkness(inside: np.ndarray) -> tuple[float, float, float, float]:
    """Darkness at the middle of each of the inside's four edges, relative to the box's own ink, lightest first.

    That is the place an X of any thickness leaves paper, and relative
    darkness lets a light pencil fill count as filled. An X leaves all four
    light, which the darkest tells of a box too dense to tell by its holes.
    """
    h, w = inside.shape
    inked = inside[inside > DEFAULT.ink]
    level = max(float(np.percentile(inked, 75)) if inked.size else 1.0, 0.2)
    cy, cx = h // 2, w // 2
    patches = [inside[0:2, cx - 1:cx + 2], inside[h - 2:h, cx - 1:cx + 2],
               inside[cy - 1:cy + 2, 0:2], inside[cy - 1:cy + 2, w - 2:w]]
    a, b, c, d = sorted(float(p.mean()) / level for p in patches)
    return a, b, c, d


def classify(cov: float, holes: float, sides: float, th: Thresholds = DEFAULT,
             darkest_side: float | None = None) -> tuple[str, float]:
    """sides: darkness at the middle of the inside's lightest side; darkest_side: of its darkest (default: the same).
    A box filled in reaches every side; a thick X leaves all four light."""
    darkest = sides if darkest_side is None else darkest_side
    if cov <= th.empty_max:
        return "empty", 1.0 - 0.4 * cov / th.empty_max
    if cov >= th.filled_min and holes <= th.holes_filled_max:
        if sides >= th.sides_filled_min:
            return "filled", min(1.0, 0.6 + 0.4 * (sides - th.sides_filled_min) / 0.2)
        if darkest <= th.sides_thick_x_max:
            return "marked", min(1.0, 0.6 + 0.4 * (th.sides_thick_x_max - darkest) / 0.1)
        return "uncertain", 0.3
    if cov >= th.dense_min and holes < th.dense_holes_min:
        if cov >= th.thick_x_min and darkest <= th.sides_thick_x_max:
            # a felt-pen X on a 1-bit scan closes its paper holes but still leaves the middle of every side light
            return "marked", 0.6
        return "uncertain", 0.3  # dense but with little paper left: a light fill or a scribble, not a plain mark
    if cov >= th.marked_min and holes >= th.holes_marked_min:
        edge = min((cov - th.marked_min) / 0.05, (holes - th.holes_marked_min) / 0.05)
        return "marked", min(1.0, 0.6 + 0.4 * edge)
    return "uncertain", 0.3


def page_offsets(integral: np.ndarray, boxes: list[Rect], th: Thresholds = DEFAULT,
                 wide_mm: float | None = None) -> list[tuple[int, int]]:
    """Where each printed box lies relative to its template place, from all boxes of the page together.

    Each square is looked for in a wide window, then one homography is fitted
    through all of them (outliers, such as filled boxes, rejected), so a page
    registered from only two marks, or printed slightly off scale, is put
    right before any box is read.
    """
    wide = int(round((wide_mm or th.coarse_mm) * K))
    rects = np.array([_rect_px(r) for r in boxes], np.int64)
    shifts = locate_boxes(integral, rects, wide, np.zeros((len(boxes), 2), np.int64))
    centres = [(x + w / 2, y + h / 2) for x, y, w, h in rects]
    found = [(cx + dx, cy + dy) for (cx, cy), (dx, dy) in zip(centres, shifts, strict=True)]
    if len(boxes) >= 8:
        m, inliers = cv2.findHomography(np.array(centres, np.float32), np.array(found, np.float32), cv2.RANSAC, 2.0)
        if m is not None and inliers is not None and inliers.sum() >= max(8, len(boxes) // 2):
            pred = cv2.perspectiveTransform(np.array(centres, np.float32).reshape(-1, 1, 2), m).reshape(-1, 2)
            return [(int(round(px - cx)), int(round(py - cy))) for (px, py), (cx, cy) in zip(pred, centres, strict=True)]
    return [(0, 0)] * len(boxes)


@dataclass(frozen=True)
class Trace:
    """What stands out from the page's noise inside a box: how far it reaches and how dark it is."""

    length_mm: float  # the longest stroke-like trace: the diagonal of its extent
    darkness: float  # its median line response (0 paper .. 1 print)
    level: float  # the least response the page's noise allowed to count as a trace


_LINES = [np.ones((1, 5), np.float32) / 5, np.ones((5, 1), np.float32) / 5,
          np.eye(5, dtype=np.float32) / 5, np.fliplr(np.eye(5, dtype=np.float32)) / 5]
_MARGIN = 7  # pixels round each inside: the paper level's closing reaches 6


def line_response(fine: np.ndarray) -> np.ndarray:
    """A line detector: the strongest mean along a 1 mm segment, in four directions.

    Along a stroke the mean keeps the stroke's contrast, even one pixel wide;
    pixel noise and pencil grain, having no direction, average away.
    """
    if min(fine.shape) < 5:
        return fine
    out = cv2.filter2D(fine, -1, _LINES[0], borderType=cv2.BORDER_REPLICATE)
    for k in _LINES[1:]:
        np.maximum(out, cv2.filter2D(fine, -1, k, borderType=cv2.BORDER_REPLICATE), out=out)
    return out


@dataclass(frozen=True)
class Fine:
    """The aligned grey page and its levels, for measuring box insides pixel by pixel."""

    canon: np.ndarray
    paper: float
    span: float

    @classmethod
    def of(cls, canon: np.ndarray, lv: tuple[float, float] | None = None) -> Fine:
        return cls(canon, *(lv or levels(canon)))

    def darkness(self, y0: int, y1: int, x0: int, x1: int) -> np.ndarray:
        """Darkness of a rectangle against the paper right around each pixel (a closing 1.4 mm wide)."""
        m = _MARGIN
        H, W = self.canon.shape
        ya, yb, xa, xb = max(0, y0 - m), min(H, y1 + m), max(0, x0 - m), min(W, x1 + m)
        crop = self.canon[ya:yb, xa:xb]
        bg = cv2.morphologyEx(crop, cv2.MORPH_CLOSE, np.ones((m, m), np.uint8)).astype(np.float32)
        fine = np.clip((bg - crop) * (self.paper / self.span) / np.maximum(bg, 1.0), 0.0, 1.0)
        return fine[y0 - ya:y1 - ya, x0 - xa:x1 - xa]

    def lines(self, insides: list[tuple[int, int, int, int]]) -> list[np.ndarray]:
        """Per inside (y0, y1, x0, x1): the line response of its darkness against the paper right around each
        pixel (a closing 1.4 mm wide), less the outermost pixels, which may hold the printed square's blur.

        Strokes and dots up to about 1.4 mm are measured whole, while a
        shadow's edge, being no narrow dark thing, leaves nothing. All insides
        are laid side by side, with their surroundings, and measured in one pass.
        """
        m = _MARGIN
        hmax = max((y1 - y0 for y0, y1, _, _ in insides), default=0) + 2 * m
        wmax = max((x1 - x0 for _, _, x0, x1 in insides), default=0) + 2 * m
        mosaic = np.full((hmax, wmax * len(insides)), int(self.paper), np.uint8)
        H, W = self.canon.shape
        for i, (y0, y1, x0, x1) in enumerate(insides):
            ya, yb, xa, xb = max(0, y0 - m), min(H, y1 + m), max(0, x0 - m), min(W, x1 + m)
            if yb > ya and xb > xa:
                oy, ox = ya - (y0 - m), i * wmax + xa - (x0 - m)
                mosaic[oy:oy + yb - ya, ox:ox + xb - xa] = self.canon[ya:yb, xa:xb]
        if not insides:
            return []
        bg = cv2.morphologyEx(mosaic, cv2.MORPH_CLOSE, np.ones((m, m), np.uint8)).astype(np.float32)
        fine = np.clip((bg - mosaic) * (self.paper / self.span) / np.maximum(bg, 1.0), 0.0, 1.0)
        line = line_response(fine)
        out = []
        for i, (y0, y1, x0, x1) in enumerate(insides):
            h, w = max(y1 - y0, 0), max(x1 - x0, 0)
            out.append(line[m + 1:m + h - 1, i * wmax + m + 1:i * wmax + m + w - 1])
        return out


def noise_floor(lines: list[np.ndarray], th: Thresholds = DEFAULT) -> float:
    """The line response the page's empty boxes reach by themselves (paper grain, JPEG ringing, sensor noise).

    Measured on this page, so a clean flatbed page lets a faint pencil line
    stand out and a noisy phone photo does not invent one. A percentile over
    boxes ignores the few that hold a faint mark.
    """
    tops = np.array([float(i.max()) for i in lines if i.size])
    if not tops.size:
        return th.trace_floor_min
    # a sheet filled in light pencil has many boxes that look empty to the coarse measures: they are no noise
    kept = tops[tops <= th.floor_outlier * max(float(np.median(tops)), th.trace_floor_min)]
    return max(float(np.percentile(kept, th.floor_box_quantile)), th.trace_floor_min)


def trace(line: np.ndarray, floor: float, th: Thresholds = DEFAULT) -> Trace | None:
    """The longest connected trace in a box's line response that the page's noise cannot explain, or None.

    Measured on single pixels of the aligned page, not on averages over a
    coarser grid, so a pencil line one pixel wide keeps its contrast.
    """
    level = floor * th.trace_ratio + th.trace_margin
    if not line.size or float(line.max()) <= level:
        return None
    above = (line > level).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(above, connectivity=8)
    best: Trace | None = None
    for i in range(1, n):
        w, h, area = stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT], stats[i, cv2.CC_STAT_AREA]
        length = float(np.hypot(w, h)) / K
        if area < th.trace_min_px or length < th.trace_spot_mm:
            continue
        if _hugs_edge(stats[i], line.shape, th):
            continue  # the printed square's blur, reaching in along one side
        dark = float(np.median(line[labels == i]))
        if length < th.trace_min_mm and dark < th.trace_spot_ratio * level:
            continue
        if length < th.trace_marked_mm and dark < th.trace_short_ratio * level:
            continue  # short and barely above the noise: noise
        if best is None or length > best.length_mm:
            best = Trace(length, dark, level)
    return best


def _hugs_edge(stat: np.ndarray, shape: tuple[int, ...], th: Thresholds) -> bool:
    """A trace lying wholly in a thin band along one side of the inside, parallel to it.

    A blurred photo or a scan whose box fell between pixels spreads the printed
    square's line into the inside's outer pixels; that leaves a line along a
    side. A person's stroke crosses the box, or cuts a corner at a slant.
    """
    x, y, w, h = (int(v) for v in stat[:4])
    band = th.edge_band_px
    rows, cols = shape[0], shape[1]
    along_side = (x + w <= band or x >= cols - band) and w <= band
    along_top = (y + h <= band or y >= rows - band) and h <= band
    return along_side or along_top


def judge(cov: float, holes: float, sides: float, faint: float, tr: Trace | None,
          th: Thresholds = DEFAULT, darkest_side: float | None = None) -> tuple[str, float]:
    """The box's state from its coarse measures, with "empty" earned: any trace above the noise is a mark or a question."""
    state, conf = classify(cov, holes, sides, th, darkest_side)
    if state == "empty" and faint > th.faint_max:
        state, conf = "uncertain", 0.3  # a mark too light to count as ink: very light pencil
    if state in ("empty", "uncertain") and cov < th.marked_min and tr is not None:
        if (tr.length_mm >= th.trace_marked_mm and tr.darkness >= th.trace_marked_dark
                and tr.darkness >= th.trace_marked_ratio * tr.level):
            return "marked", 0.6  # a thin or light stroke across the box
        return "uncertain", 0.3
    return state, conf


Found = tuple[np.ndarray, tuple[int, int, int, int], int, int]  # inside's darkness, its place (y0, y1, x0, x1), shift


def _insides(dark8: np.ndarray, integral: np.ndarray, q: Question, priors: list[tuple[int, int]] | None,
             th: Thresholds) -> list[Found]:
    """Each option's box inside where its printed square was found: its darkness, its place, and the shift in pixels."""
    inset = int(round(th.inset_mm * K))
    rects = np.array([_rect_px(o.box) for o in q.options], np.int64)
    shifts = locate_boxes(integral, rects, int(round(th.search_mm * K)),
                          np.array(priors if priors else [(0, 0)] * len(rects), np.int64))
    out = []
    for (x, y, w, h), (dx, dy) in zip(rects, shifts, strict=True):
        x, y, w, h, dx, dy = int(x), int(y), int(w), int(h), int(dx), int(dy)
        y0, y1, x0, x1 = y + dy + inset, y + dy + h - inset, x + dx + inset, x + dx + w - inset
        out.append((dark8[y0:y1, x0:x1].astype(np.float32) / 255, (y0, y1, x0, x1), dx, dy))
    return out


def _lines(found: list[Found], fine: Fine | None) -> list[np.ndarray]:
    if fine is not None:
        return fine.lines([place for _, place, _, _ in found])
    return [line_response(inside)[1:-1, 1:-1] if min(inside.shape) > 2 else inside[:0, :0]
            for inside, _, _, _ in found]


def _specks(inside: np.ndarray, th: Thresholds) -> int:
    """How many specks (pieces of ink of one or two pixels) the box holds.

    On a 1-bit scan a pencil's grain breaks into specks where the scanner's
    threshold half lost it. Such a mark may be what is left of a box filled
    in pencil to cancel it (its X kept, its shading gone to specks), while
    the chosen box's lighter X vanished: it is asked about, never taken for
    the answer.
    """
    n, _, stats, _ = cv2.connectedComponentsWithStats((inside > th.ink).astype(np.uint8), connectivity=8)
    return int(np.count_nonzero(stats[1:, cv2.CC_STAT_AREA] <= 2))


def _dense_among_broken(readings: list[BoxReading], th: Thresholds) -> list[BoxReading]:
    """On a 1-bit page whose marks are mostly broken remains (a light pencil the threshold took most of), a full
    X standing out among them is asked about.

    That X may be a box the person filled in with the same pencil to cancel
    it: drawn twice over, its X survived the threshold while its shading and
    the chosen box's own X did not.
    """
    inked = [r.coverage for r in readings if r.state != "empty"]
    if len(inked) < 3 or float(np.median(inked)) >= th.marked_min:
        return readings
    return [replace(r, state="uncertain", confidence=0.3) if r.state == "marked" and r.coverage >= th.broken_dense_min
            else r for r in readings]


def runs_through(dark8: np.ndarray, place: tuple[int, int, int, int], th: Thresholds = DEFAULT) -> bool:
    """Whether the ink in a box runs on past it, on two sides or far past one, further than a person's mark
    overshoots.

    A hair or a scratch on the scanner's glass, a crease, a ruler line
    drawn across the page: a line through a box, across a corner of it or
    starting in it looks like a slash inside it, but it goes on beyond the
    box, where a person's stroke stops.
    """
    y0, y1, x0, x1 = place
    inset, reach, far = int(round(th.inset_mm * K)), int(round(th.through_mm * K)), int(round(th.through_far_mm * K))
    by0, by1, bx0, bx1 = y0 - inset, y1 + inset, x0 - inset, x1 + inset  # the printed square's outer edge
    h, w = dark8.shape
    wy0, wy1, wx0, wx1 = max(by0 - far - 2, 0), min(by1 + far + 2, h), max(bx0 - far - 2, 0), min(bx1 + far + 2, w)
    ink = (dark8[wy0:wy1, wx0:wx1] > int(th.faint_ink * 255)).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    for i in np.unique(labels[y0 - wy0:y1 - wy0, x0 - wx0:x1 - wx0]):
        if i == 0:
            continue
        sx, sy, sw, sh = (int(v) for v in stats[i, :4])
        left, right = bx0 - (wx0 + sx), (wx0 + sx + sw) - bx1
        top, bottom = by0 - (wy0 + sy), (wy0 + sy + sh) - by1
        beyond = sorted((left, right, top, bottom))
        if beyond[2] >= reach or beyond[3] >= far:
            return True
    return False


def _read_box(qid: str, oid: str, inside: np.ndarray, line: np.ndarray, dx: int, dy: int, floor: float,
              th: Thresholds, bilevel: bool = False) -> BoxReading:
    cov = float(np.mean(inside > th.ink)) if inside.size else 0.0
    faint = float(np.mean(inside > th.faint_ink)) if inside.size and cov <= th.empty_max else 0.0
    # the finer measures only where they can change the verdict: most boxes are plainly empty
    holes = holes_share(inside, th) if inside.size and cov > th.empty_max else 1.0
    dense = cov >= th.thick_x_min and holes < th.dense_holes_min
    edges = side_darkness(inside) if inside.size and dense else (0.0, 0.0, 0.0, 0.0)
    sides, darkest = edges[0], edges[3]
    # A thick X leaves all four sides light. In a plain fill-in's density one light side already tells them
    # apart on a grey scan; on a 1-bit scan a ballpoint's scribble, filling a box in to cancel it, closes its
    # holes yet may stop short of one side: there three must be light.
    if cov >= th.filled_min and holes <= th.holes_filled_max:
        darkest = edges[2] if bilevel else sides
    tr = trace(line, floor, th) if cov < th.marked_min else None
    state, conf = judge(cov, holes, sides, faint, tr, th, darkest)
    specks = _specks(inside, th) if bilevel and cov > 0 else 0
    if state == "marked" and specks >= th.grainy_specks:
        state, conf = "uncertain", 0.3
    if state == "marked" and not bilevel:
        # A box shaded in a hard pencil to cancel it: light all over, its darker strokes look like an X's.
        shaded = float(np.mean(inside > th.faint_ink))
        if shaded >= th.shaded_min and shaded - cov >= th.shaded_over_ink:
            state, conf = "uncertain", 0.3
    return BoxReading(qid, oid, state, round(conf, 3), round(cov, 4), round(holes, 4), round(sides, 3), dx / K, dy / K,
                      specks)


def pen_kept(readings: list[BoxReading], th: Thresholds = DEFAULT) -> bool:
    """Whether a 1-bit side shows that its pen plainly survived the scanner's threshold.

    A light pencil on a black-and-white scan leaves broken remains: specks
    of grain, boxes too faint to call. When every mark on the side is
    whole and firm and no box holds a speck or a doubt, the person wrote
    with a pen the threshold keeps, and the marks read there are whole ones.
    """
    marked = [r.coverage for r in readings if r.state == "marked"]
    return (len(marked) >= th.kept_marks_min and float(np.median(marked)) >= th.kept_coverage_min
            and all(r.state in ("empty", "marked", "filled") and r.specks == 0 for r in readings))


def claimed_by_marks(shape: tuple[int, int], template: Template, readings: list[BoxReading],
                     th: Thresholds = DEFAULT) -> np.ndarray:
    """Pixels that belong to some box's own mark (a thick X spills over its border and into the next row)."""
    claimed = np.zeros(shape, bool)
    near = int(round(th.near_box_mm * K))
    for r in readings:
        bx, by, bw, bh = _rect_px(template.question(r.question_id).option(r.option_id).box)
        bx += int(round(r.dx_mm * K))
        by += int(round(r.dy_mm * K))
        pad = near if r.state != "empty" else 1
        claimed[max(0, by - pad):by + bh + pad, max(0, bx - pad):bx + bw + pad] = True
    return claimed


def stray_ink_mm2(dark8: np.ndarray, printed: np.ndarray, claimed: np.ndarray, q: Question, right_mm: float,
                  shifts: list[tuple[int, int]] | None = None, th: Thresholds = DEFAULT,
                  fine: Fine | None = None) -> float:
    """Area of ink a person added in the question's region outside its boxes and their marks.

    `shifts` (pixels, one per option) is how far each printed box was found
    from its template place: the printed label beside it moved with it.
    """
    xs = [o.box.x for o in q.options]
    ys = [o.box.y for o in q.options]
    my = 0.8 if q.group else 1.5  # grid rows sit close: a circle in one row must not flag the next
    x0 = int((min(xs) - 2.0) * K)
    y0 = int((min(ys) - my) * K)
    x1 = int(right_mm * K)
    y1 = int((max(o.box.y + o.box.h for o in q.options) + my) * K)
    region = dark8[y0:y1, x0:x1]
    free = ~claimed[y0:y1, x0:x1] & ~_printed_near(printed, q, shifts or [(0, 0)] * len(q.options), (x0, y0, x1, y1), my)
    at = (x0, y0)
    area = _blots_mm2(region > int(th.stray_ink * 255), free, th, th.stray_min_mm2, fine, at)
    # A very light pen (hard pencil) circling an option leaves a long faint trace: counted at a lower
    # darkness, and scaled so that a longer faint trace weighs as much as a short firm one.
    faint_ink = region > int(th.faint_ink * 255)
    faint = _blots_mm2(faint_ink, free, th, th.faint_stray_min_mm2, fine, at)
    # ... and a thin one (a hard pencil circling a box) by its length rather than its area
    length = _traces_mm((region > int(th.faint_trace_ink * 255)) & free, th, fine, at)
    return max(area, faint * th.stray_min_mm2 / th.faint_stray_min_mm2, length * th.stray_min_mm2 / th.faint_stray_mm)


def _printed_near(printed: np.ndarray, q: Question, shifts: list[tuple[int, int]], region: tuple[int, int, int, int],
                  my: float) -> np.ndarray:
    """The printed mask over the question's region, each option's box and label moved by that box's own shift.

    A photo with slight curl or perspective moves the boxes of one row by
    different amounts (up to a millimetre): one shift for the whole question
    leaves the far labels' edges looking like added ink.
    """
    x0, y0, x1, y1 = region
    median = (int(np.median([s[0] for s in shifts])), int(np.median([s[1] for s in shifts])))
    out = _shifted(printed, region, median)
    for o, (sx, sy) in zip(q.options, shifts, strict=True):
        row = [p.box.x for p in q.options if abs(p.box.y - o.box.y) < 1.0 and p.box.x > o.box.x]
        ax, bx = int((o.box.x - 2.0) * K), int((min(row) - 2.0) * K) if row else x1
        ay, by = int((o.box.y - my) * K), int((o.box.y + o.box.h + my) * K)
        ax, bx, ay, by = max(ax, x0), min(bx, x1), max(ay, y0), min(by, y1)
        if bx > ax and by > ay:
            out[ay - y0:by - y0, ax - x0:bx - x0] = _shifted(printed, (ax, ay, bx, by), (sx, sy))
    return out


def _shifted(printed: np.ndarray, region: tuple[int, int, int, int], shift: tuple[int, int]) -> np.ndarray:
    """The printed mask of a region of the page, as it lies when the print moved by `shift` pixels."""
    x0, y0, x1, y1 = region
    sx, sy = shift
    H, W = printed.shape
    out = np.zeros((y1 - y0, x1 - x0), bool)
    ya, yb, xa, xb = max(y0 - sy, 0), min(y1 - sy, H), max(x0 - sx, 0), min(x1 - sx, W)
    if yb > ya and xb > xa:
        out[ya - (y0 - sy):yb - (y0 - sy), xa - (x0 - sx):xb - (x0 - sx)] = printed[ya:yb, xa:xb]
    return out


def _traces_mm(ink: np.ndarray, th: Thresholds, fine: Fine | None = None, at: tuple[int, int] = (0, 0)) -> float:
    """Summed extent (diagonals) of the blots long enough to be strokes rather than specks or noise.

    With the page (fine), only blots that are darker than the paper right
    beside them count: the edge of a shadow leaves a band against the wide
    paper level, but is no stroke.
    """
    if np.count_nonzero(ink) < th.faint_stroke_mm * K:
        return 0.0
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    total = 0.0
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i, :4])
        d = float(np.hypot(w, h)) / K
        if d < th.faint_stroke_mm:
            continue
        if fine is not None and not _stroke_like(fine, labels, i, (x, y, w, h), at, th):
            continue
        total += d
    return total


def _stroke_like(fine: Fine, labels: np.ndarray, i: int, rect: tuple[int, int, int, int], at: tuple[int, int],
                 th: Thresholds) -> bool:
    """Whether blot i (of `labels`, a region placed at `at` on the page) is darker than the paper right beside it."""
    x, y, w, h = rect
    local = fine.darkness(at[1] + y, at[1] + y + h, at[0] + x, at[0] + x + w)
    return float(np.mean(local[labels[y:y + h, x:x + w] == i] >= th.faint_ink / 2)) >= 0.5


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
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    area = 0
    for i in range(1, n):
        if stats[i, cv2.CC_STAT_AREA] < th.speck_mm2 * K * K:
            continue
        x, y, w, h = (int(v) for v in stats[i, :4])
        if fine is not None and not _stroke_like(fine, labels, i, (x, y, w, h), at, th):
            continue
        area += int(stats[i, cv2.CC_STAT_AREA])
    return area / (K * K)


def question_right_edges(template: Template) -> dict[str, float]:
    """Where each question's region ends on the right: the text margin, for a grid too.

    Nothing is printed right of a grid's last column, and a person circling
    that column's option (a label they read in the header) draws there.
    """
    return {q.id: TEXT_RIGHT_MM for q in template.choice_questions()}


TEXT_RIGHT_MM = 190.0


def ink_share(dark8: np.ndarray, r: Rect, th: Thresholds = DEFAULT) -> float:
    x, y, w, h = _rect_px(r)
    inside = dark8[y + 3:y + h - 3, x + 3:x + w - 3]
    return float(np.mean(inside > int(th.stray_ink * 255))) if inside.size else 0.0


def read_page_marks(dark8: np.ndarray, printed: np.ndarray, template: Template, page: int,
                    th: Thresholds = DEFAULT, well_registered: bool = False,
                    canon: np.ndarray | None = None,
                    lv: tuple[float, float] | None = None,
                    bilevel: bool = False) -> PageMarks:
    """well_registered: all registration marks were found, so boxes are looked for closer to home.
    bilevel: the page came as black and white only (a light pen's strokes may be partly lost).
    canon: the aligned grey page dark8 was measured on; with it, traces are measured against the paper right
    around them (a shadow's edge is then no trace); lv: its levels, when known."""
    questions = [q for q in template.choice_questions() if q.page == page]
    if not questions:  # the last side of a long form may hold only text areas, or nothing
        return PageMarks([], {}, 1.0, False)
    fine = Fine.of(canon, lv) if canon is not None else None
    integral = cv2.integral(dark8)
    rights = question_right_edges(template)
    boxes = [o.box for q in questions for o in q.options]
    priors = page_offsets(integral, boxes, th, th.coarse_mm / 2 if well_registered else None)
    found: list[Found] = []
    for q in questions:
        found += _insides(dark8, integral, q, priors[len(found):len(found) + len(q.options)], th)
    lines = _lines(found, fine)
    floor = noise_floor([ln for (i, _, _, _), ln in zip(found, lines, strict=True)
                         if i.size and float(np.mean(i > th.ink)) <= th.empty_max], th)
    readings = [_read_box(q.id, o.id, inside, line, dx, dy, floor, th, bilevel)
                for (q, o), (inside, _, dx, dy), line in zip([(q, o) for q in questions for o in q.options], found, lines,
                                                              strict=True)]
    if bilevel:
        readings = _dense_among_broken(readings, th)
    for k, (r, (_, place, _, _)) in enumerate(zip(readings, found, strict=True)):
        if r.state == "marked" and runs_through(dark8, place, th):
            readings[k] = replace(r, state="uncertain", confidence=0.3)
    outlines = [outline_darkness(integral, place, th) for _, place, _, _ in found]
    for k, (r, seen) in enumerate(zip(readings, outlines, strict=True)):
        if r.state == "empty" and seen is not None and seen < th.outline_min:
            readings[k] = replace(r, state="uncertain", confidence=0.3)  # hidden, not empty
    claimed = claimed_by_marks(dark8.shape, template, readings, th)
    stray = {}
    for q in questions:
        by_option = {r.option_id: r for r in readings if r.question_id == q.id}
        shifts = [(int(round(by_option[o.id].dx_mm * K)), int(round(by_option[o.id].dy_mm * K))) for o in q.options]
        stray[q.id] = round(stray_ink_mm2(dark8, printed, claimed, q, rights[q.id], shifts, th, fine), 2)
    return PageMarks(readings, stray, outlines_found(outlines, th), bilevel and pen_kept(readings, th))


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
    return float(outer - inner) / (255.0 * area)
