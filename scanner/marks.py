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

from .broken_marks import read_broken_singles, read_light_singles
from .ink import DEFAULT, BoxReading, K, Thresholds, rect_px, scratch
from .reference import paper_patches, printed_mask
from .stray import CleanPage, claimed_by_marks, question_right_edges, runs_through, stray_ink_mm2
from .strokes import stands_out, straightest
from .template import Option, Question, Rect, Template
from .texture import above_texture, paper_level, paper_texture, plain_squares
from .traces import (
    Fine,
    Paper,
    Trace,
    line_response,
    noise_floor,
    outline_reach,
    paper_envelope,
    speckless,
    trace,
    without_specks,
)
from .vocab import BoxState


@dataclass(frozen=True)
class PageMarks:
    """What one side's boxes and the ink around them say, before the questionnaire's rules judge them."""

    readings: list[BoxReading]
    stray: dict[str, float]  # question id -> ink outside its boxes, mm²
    outlines: float  # share of boxes whose printed outline was found where they were read (outlines_found)
    pen_kept: bool  # a 1-bit side whose marks show the pen plainly survived the threshold (pen_kept)
    from_remains: frozenset[str] = frozenset()  # questions read from a light pen's remains, judged on the side's own


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
    score = ring / (255.0 * 2 * b * (w + h)) - pull * np.hypot(dx - px, dy - py)
    best = score.reshape(len(rects), -1).argmax(axis=1)
    idx = np.arange(len(rects))
    return np.stack([dx[idx, 0, best % len(d)], dy[idx, best // len(d), 0]], axis=1)


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
             darkest_side: float | None = None) -> tuple[BoxState, float]:
    """sides: darkness at the middle of the inside's lightest side; darkest_side: of its darkest (default: the same).
    A box filled in reaches every side; a thick X leaves all four light."""
    darkest = sides if darkest_side is None else darkest_side
    if cov <= th.empty_max:
        return BoxState.empty, 1.0 - 0.4 * cov / th.empty_max
    if cov >= th.filled_min and holes <= th.holes_filled_max:
        if sides >= th.sides_filled_min:
            return BoxState.filled, min(1.0, 0.6 + 0.4 * (sides - th.sides_filled_min) / 0.2)
        if darkest <= th.sides_thick_x_max:
            return BoxState.marked, min(1.0, 0.6 + 0.4 * (th.sides_thick_x_max - darkest) / 0.1)
        return BoxState.uncertain, 0.3
    if cov >= th.dense_min and holes < th.dense_holes_min:
        if cov >= th.thick_x_min and darkest <= th.sides_thick_x_max:
            # a felt-pen X on a 1-bit scan closes its paper holes but still leaves the middle of every side light
            return BoxState.marked, 0.6
        return BoxState.uncertain, 0.3  # dense but with little paper left: a light fill or a scribble, not a plain mark
    if cov >= th.marked_min and holes >= th.holes_marked_min:
        edge = min((cov - th.marked_min) / 0.05, (holes - th.holes_marked_min) / 0.05)
        return BoxState.marked, min(1.0, 0.6 + 0.4 * edge)
    return BoxState.uncertain, 0.3


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
            return [(int(round(px - cx)), int(round(py - cy))) for (px, py), (cx, cy) in zip(pred, centres, strict=True)]
    return [(0, 0)] * len(boxes)


def judge(cov: float, holes: float, sides: float, faint: float, tr: Trace | None,
          th: Thresholds = DEFAULT, darkest_side: float | None = None, span_mm: float | None = None) -> tuple[BoxState, float]:
    """The box's state from its coarse measures, with "empty" earned: any trace above the noise is a mark or a question.

    span_mm: the longest trace the box can show, when a copier's heavier print hides its rim. A stroke from
    corner to corner of what is left is as long as a mark there can be, though shorter than trace_marked_mm.
    """
    state, conf = classify(cov, holes, sides, th, darkest_side)
    if state == BoxState.empty and faint > th.faint_max:
        state, conf = BoxState.uncertain, 0.3  # a mark too light to count as ink: very light pencil
    if state in (BoxState.empty, BoxState.uncertain) and cov < th.marked_min and tr is not None:
        needed = th.trace_marked_mm if span_mm is None else min(th.trace_marked_mm, th.trace_span_share * span_mm)
        if (tr.length_mm >= needed and tr.darkness >= th.trace_marked_dark
                and tr.darkness >= th.trace_marked_ratio * tr.level):
            return BoxState.marked, 0.6  # a thin or light stroke across the box
        return BoxState.uncertain, 0.3
    return state, conf


Found = tuple[np.ndarray, tuple[int, int, int, int], int, int]  # inside's darkness, its place (y0, y1, x0, x1), shift


def _insides(dark8: np.ndarray, integral: np.ndarray, q: Question, priors: list[tuple[int, int]] | None,
             th: Thresholds) -> list[Found]:
    """Each option's box inside where its printed square was found: its darkness, its place, and the shift in pixels."""
    inset = int(round(th.inset_mm * K))
    rects = np.array([rect_px(o.box) for o in q.options], np.int64)
    shifts = locate_boxes(integral, rects, int(round(th.search_mm * K)),
                          np.array(priors if priors else [(0, 0)] * len(rects), np.int64))
    out = []
    for (x, y, w, h), (dx, dy) in zip(rects, shifts, strict=True):
        x, y, w, h, dx, dy = int(x), int(y), int(w), int(h), int(dx), int(dy)
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
    seen = [outline_darkness(integral, place, th) for _, place, _, _ in found]
    known = [v for v in seen if v is not None]
    if len(known) < 8:
        return found
    typical = float(np.median(known))
    weak = [k for k, v in enumerate(seen) if v is not None and v < th.displaced_share * typical]
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
        if now is not None and now >= th.outline_min and now >= th.displaced_gain * old:
            y0, y1, x0, x1 = place
            out[k] = (dark8[y0:y1, x0:x1].astype(np.float32) / 255, place, int(dx), int(dy))
    return out


def _lines(places: list[tuple[int, int, int, int]], insides: list[np.ndarray], fine: Fine | None,
           th: Thresholds = DEFAULT) -> list[np.ndarray]:
    if fine is not None:
        return fine.lines(places, [i.size > 0 and float(np.mean(i > th.faint_ink)) > th.faint_max for i in insides])
    return [line_response(inside)[1:-1, 1:-1] if min(inside.shape) > 2 else inside[:0, :0] for inside in insides]


def _clear_rim(line: np.ndarray, rings: int) -> np.ndarray:
    """The line response with its outer rings (the page's own heavier print reaching in) set to nothing."""
    out = np.zeros_like(line)
    h, w = line.shape
    if h > 2 * rings and w > 2 * rings:
        out[rings:h - rings, rings:w - rings] = line[rings:h - rings, rings:w - rings]
    return out


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


def _loose_specks(inside: np.ndarray, th: Thresholds) -> int:
    """How many of the box's specks lie away from its strokes: further than edge_speck_px from every larger
    piece of ink.

    A fax's threshold cuts a light ballpoint's stroke into dashes with a
    ragged edge, a pixel or two kept alone beside or between the pieces it
    came from. A fill-in's shading, half lost, leaves its grain across the
    box, away from the X drawn over it: only that grain tells of a pencil's
    shading (grainy_specks).
    """
    ink = (inside > th.ink).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    small = np.flatnonzero(stats[1:, cv2.CC_STAT_AREA] <= 2) + 1
    if not small.size:
        return 0
    pieces = np.flatnonzero(stats[1:, cv2.CC_STAT_AREA] > 2) + 1
    if not pieces.size:
        return int(small.size)
    d = 2 * th.edge_speck_px + 1
    near = cv2.dilate(np.isin(labels, pieces).astype(np.uint8), np.ones((d, d), np.uint8))
    hit = np.zeros(n, bool)
    hit[labels[near > 0]] = True
    return int(np.count_nonzero(~hit[small]))


def _dense_among_broken(readings: list[BoxReading], th: Thresholds) -> list[BoxReading]:
    """On a 1-bit page whose marks are mostly broken remains (a light pencil the threshold took most of), a full
    X standing out among them is asked about.

    That X may be a box the person filled in with the same pencil to cancel
    it: drawn twice over, its X survived the threshold while its shading and
    the chosen box's own X did not.
    """
    inked = [r.coverage for r in readings if r.state != BoxState.empty]
    if len(inked) < 3 or float(np.median(inked)) >= th.marked_min:
        return readings
    return [replace(r, state=BoxState.uncertain, confidence=0.3) if r.state == BoxState.marked and r.coverage >= th.broken_dense_min
            else r for r in readings]


def _read_box(qid: str, oid: str, inside: np.ndarray, line: np.ndarray, dx: int, dy: int, floor: float,
              th: Thresholds, bilevel: bool = False, paper: Paper | None = None) -> BoxReading:
    cov = float(np.mean(inside > th.ink)) if inside.size else 0.0
    if not bilevel and cov < th.marked_min and (cov > 0 or (line.size and float(line.max()) > floor)):
        # a copier's toner specks alone in a box are no stroke; on a 1-bit page a pencil's grain may be all its mark
        inside, line = speckless(inside, line, th, th.box_speck_mm, th.box_specks_max)
        cov = float(np.mean(inside > th.ink)) if inside.size else 0.0
    if paper is not None and cov <= paper.coverage:
        tr0 = trace(line, floor, th)
        if paper.explains(cov, float(np.mean(inside > th.faint_ink)) if inside.size else 0.0, tr0):
            # no more than the page's own paper holds beside the boxes: a copier's specks, recycled paper's fibres
            return BoxReading(qid, oid, BoxState.empty, th.paper_empty_confidence, round(cov, 4), 1.0, 0.0, dx / K, dy / K)
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
    elif bilevel and cov >= th.filled_min:
        darkest = edges[2]  # as dense as a fill-in, judged as one: a felt X's fourth side may meet the outline
    tr = trace(line, floor, th) if cov < th.marked_min else None
    span = float(np.hypot(line.shape[0] - 2 * th.rim_px, line.shape[1] - 2 * th.rim_px)) / K if th.rim_px and line.size else None
    state, conf = judge(cov, holes, sides, faint, tr, th, darkest, span)
    specks = _specks(inside, th) if bilevel and cov > 0 else 0
    if state == BoxState.marked and specks >= th.grainy_specks and _loose_specks(inside, th) >= th.grainy_specks:
        state, conf = BoxState.uncertain, 0.3
    if state == BoxState.marked and not bilevel and cov < th.strokeless_max and not _stroke_in(line, floor, th):
        # ink with no stroke in it that stands out from the page's own noise: a phone photo's grain, amplified
        # where a shadow darkened the paper, reaches the ink level in blotches; a pen's stroke stands out
        state, conf = BoxState.uncertain, 0.3
    if state == BoxState.marked and not bilevel:
        # A box shaded in a hard pencil to cancel it: light all over, its darker strokes look like an X's.
        shaded = float(np.mean(inside > th.faint_ink))
        if shaded >= th.shaded_min and shaded - cov >= th.shaded_over_ink:
            state, conf = BoxState.uncertain, 0.3
    return BoxReading(qid, oid, state, round(conf, 3), round(cov, 4), round(holes, 4), round(sides, 3), dx / K, dy / K,
                      specks)


def _stroke_in(line: np.ndarray, floor: float, th: Thresholds) -> bool:
    """Whether a box's line response holds a stroke of a pen: a trace above the page's noise as long as a light
    mark must be, or a spot as dark as a pen's dot."""
    tr = trace(line, floor, th)
    return tr is not None and (tr.length_mm >= th.trace_marked_mm or tr.darkness >= th.trace_spot_ratio * tr.level)


def pen_kept(readings: list[BoxReading], th: Thresholds = DEFAULT) -> bool:
    """Whether a 1-bit side shows that its pen plainly survived the scanner's threshold.

    A light pencil on a black-and-white scan leaves broken remains: specks
    of grain, boxes too faint to call. When every mark on the side is
    whole and firm and no box holds a speck or a doubt, the person wrote
    with a pen the threshold keeps, and the marks read there are whole ones.
    """
    marked = [r.coverage for r in readings if r.state == BoxState.marked]
    return (len(marked) >= th.kept_marks_min and float(np.median(marked)) >= th.kept_coverage_min
            and all(r.state in (BoxState.empty, BoxState.marked, BoxState.filled) and r.specks == 0 for r in readings))


def ink_share(dark8: np.ndarray, r: Rect, th: Thresholds = DEFAULT) -> float:
    x, y, w, h = rect_px(r)
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
    questions = template.marked_on(page)
    if not questions:  # the last side of a long form may hold only text areas, or nothing
        return PageMarks([], {}, 1.0, False)
    fine = Fine.of(canon, lv) if canon is not None else None
    h, w = dark8.shape
    integral = cv2.integral(dark8, sum=scratch("integral", (h + 1, w + 1), np.int32), sdepth=cv2.CV_32S)  # page only
    rights = question_right_edges(template)
    boxes = [o.box for q in questions for o in q.options]
    priors = page_offsets(integral, boxes, th, th.coarse_mm / 2 if well_registered else None)
    found: list[Found] = []
    for q in questions:
        found += _insides(dark8, integral, q, priors[len(found):len(found) + len(q.options)], th)
    found = refind_displaced(dark8, integral, [o.box for q in questions for o in q.options], found, th)
    lines = _lines([place for _, place, _, _ in found], [i for i, _, _, _ in found], fine, th)
    empty_lines = [without_specks(i, ln, th) for (i, _, _, _), ln in zip(found, lines, strict=True)
                   if i.size and float(np.mean(i > th.ink)) <= th.empty_max]
    reach = outline_reach(empty_lines, th)
    if reach > 0:  # a copier's heavier print: the squares' own edges in the insides are no traces
        lines = [_clear_rim(ln, reach) for ln in lines]
        th = replace(th, edge_band_px=th.edge_band_px + reach, rim_px=reach)
    floor = noise_floor(empty_lines, th, reach)
    pairs = [(q, o) for q in questions for o in q.options]
    readings = [_read_box(q.id, o.id, inside, line, dx, dy, floor, th, bilevel)
                for (q, o), (inside, _, dx, dy), line in zip(pairs, found, lines, strict=True)]
    # The page's own paper is measured only when a box is in doubt or read from a light trace alone (most pages
    # have none): a box that plainly holds ink, or plainly none, reads the same against any paper.
    doubtful = [k for k, r in enumerate(readings) if _paper_may_explain(r, lines[k], floor, th)]
    paper = _paper(dark8, template, page, found, fine, floor, th) if doubtful else None
    if paper is not None:  # on speckled or fibrous paper two specks side by side can pass for a short light stroke ...
        # ... as long as the page's own paper shows them, and a stroke must be clearly longer
        th_paper = replace(th, trace_marked_mm=min(th.trace_marked_mm + th.paper_marked_extra_mm,
                                                   max(th.trace_marked_mm, paper.length_mm + th.paper_marked_extra_mm)))
        for k in doubtful:
            (q, o), (inside, _, dx, dy) = pairs[k], found[k]
            readings[k] = _read_box(q.id, o.id, inside, lines[k], dx, dy, floor, th_paper, bilevel, paper)
        readings = _strokes_in_haze(readings, [k for k in doubtful if readings[k].state == BoxState.empty], pairs,
                                    [i for i, _, _, _ in found], th)
    from_remains: frozenset[str] = frozenset()
    if bilevel:
        kept = _dense_among_broken(readings, th)
        readings = read_broken_singles(kept, questions, th)
        from_remains = frozenset(r.question_id for r, k in zip(readings, kept, strict=True) if r.state != k.state)
    else:
        readings = read_light_singles(readings, questions, _light_strokes(readings, lines, floor, th), th)
        if any(_from_trace_alone(r, th) for r in readings):
            paper = paper or (None if doubtful else _paper(dark8, template, page, found, fine, floor, th))
            readings = _speckled_traces(readings, paper, th)
    for k, (r, (_, place, _, _)) in enumerate(zip(readings, found, strict=True)):
        if r.state == BoxState.marked and r.coverage <= th.through_coverage_max and runs_through(dark8, place, th, fine):
            readings[k] = replace(r, state=BoxState.uncertain, confidence=0.3)
    if well_registered:  # every mark found: a faded print's thin outlines are not taken for a page out of place
        th = replace(th, outline_min=th.outline_min * print_strength(dark8, template, page, th))
    outlines = [outline_darkness(integral, place, th) for _, place, _, _ in found]
    if well_registered or bilevel:  # a 1-bit page: its faded print may have cost it a mark too
        outlines = [_broken_outline(integral, place, v, th) for (_, place, _, _), v in zip(found, outlines, strict=True)]
    for k, (r, seen) in enumerate(zip(readings, outlines, strict=True)):
        if r.state == BoxState.empty and seen is not None and seen < th.outline_min:
            if bilevel and _faded_among_seen(integral, k, pairs, found, outlines, readings, th):
                continue
            readings[k] = replace(r, state=BoxState.uncertain, confidence=0.3)  # hidden, not empty
    claimed = claimed_by_marks(dark8.shape, template, readings, th)

    clean: CleanPage | None = None

    def stray_of(th_: Thresholds, which: list[Question] = questions, sway: int = 0) -> dict[str, float]:
        out = {}
        for q in which:
            by_option = {r.option_id: r for r in readings if r.question_id == q.id}
            shifts = [(int(round(by_option[o.id].dx_mm * K)), int(round(by_option[o.id].dy_mm * K))) for o in q.options]
            out[q.id] = round(stray_ink_mm2(dark8, printed, claimed, q, rights[q.id], shifts, th_, fine, sway, clean), 2)
        return out

    squares: list[list[np.ndarray]] = []  # the page's plain squares, measured once when first asked for

    def plain() -> list[np.ndarray]:
        if not squares:
            squares.append(plain_squares(dark8, template, page, _inside_size(found), th))
        return squares[0]

    stroke = max(th.stroke_floor_ratio * floor, th.stroke_ink_min)
    if not bilevel and stroke < th.faint_trace_ink and _paper_clear_of(plain(), stroke, th):
        clean = CleanPage(stroke)  # a clean page: a hard pencil's circle, copied lighter, still shows
    stray = stray_of(th)
    if any(v >= th.stray_min_mm2 for v in stray.values()):
        th_tex = above_texture(th, paper_texture(plain(), th))
        if th_tex is not th:  # fibrous or recycled paper: its texture is no one's ink, and the page is not clean
            clean = None
            th, stray = th_tex, _kept_where_blank(stray, stray_of(th_tex), readings)
    if any(v >= th.stray_min_mm2 for v in stray.values()):
        paper = paper or (None if doubtful else _paper(dark8, template, page, found, fine, floor, th))
        if paper is not None and paper.speck_mm2 > th.speck_mm2:
            stray = stray_of(replace(th, speck_mm2=paper.speck_mm2))  # the page's own toner specks or fibres
            th = replace(th, speck_mm2=paper.speck_mm2)
    flagged = [q for q in questions if stray[q.id] >= th.stray_min_mm2]
    if flagged and not bilevel:
        # a phone photo's fold or curl bends its lines of text away from their boxes: the words themselves,
        # found a little above or below, are no one's ink (asked only where ink was found, as it is costly)
        swayed = stray_of(th, flagged, int(round(th.sway_mm * K)))
        stray = {q: min(v, swayed.get(q, v)) for q, v in stray.items()}
    return PageMarks(readings, stray, outlines_found(outlines, th), bilevel and pen_kept(readings, th), from_remains)


def _light_strokes(readings: list[BoxReading], lines: list[np.ndarray], floor: float, th: Thresholds) -> dict[int, Trace]:
    """The doubtful boxes' strokes longer than two specks side by side can be and above the noise, though lighter
    than a mark must be alone."""
    out = {}
    for k, r in enumerate(readings):
        if r.state != BoxState.uncertain or r.coverage >= th.marked_min:
            continue
        tr = trace(lines[k], floor, th)
        span = (float(np.hypot(lines[k].shape[0] - 2 * th.rim_px, lines[k].shape[1] - 2 * th.rim_px)) / K
                if th.rim_px and lines[k].size else None)
        needed = th.trace_marked_mm + th.paper_marked_extra_mm
        if span is not None:
            needed = min(needed, th.trace_span_share * span)
        if tr is not None and tr.length_mm >= needed and tr.darkness >= th.trace_short_ratio * tr.level:
            out[k] = tr
    return out


def _faded_among_seen(integral: np.ndarray, k: int, pairs: list[tuple[Question, Option]], found: list[Found],
                      outlines: list[float | None], readings: list[BoxReading], th: Thresholds) -> bool:
    """An empty box on a 1-bit page whose outline the faded print left only in fragments, though every other box
    of its question shows its own: nothing covers it (a note or tape would leave no fragment at all, and
    seldom one box alone), and its place is confirmed by its neighbours'."""
    q = pairs[k][0]
    if readings[k].coverage > 0:
        return False
    neighbours = [j for j, (qj, _) in enumerate(pairs) if qj is q and j != k]
    if not neighbours or any(outlines[j] is None or (outlines[j] or 0.0) < th.outline_min for j in neighbours):
        return False
    place = found[k][1]
    seen = _broken_outline(integral, place, outline_darkness(integral, place, th),
                           replace(th, outline_faint_min=th.outline_faint_1bit_min))
    return seen is not None and seen >= th.outline_min


def _from_trace_alone(r: BoxReading, th: Thresholds) -> bool:
    return r.state == BoxState.marked and r.coverage < th.marked_min


def _speckled_traces(readings: list[BoxReading], paper: Paper | None, th: Thresholds) -> list[BoxReading]:
    """On a page whose plain paper holds specks of ink (a copier's toner, recycled paper's fibres), a box read
    marked from a light trace alone is asked about: specks in a row, joined by the line detector, and a copier's
    faint line make the same trace as a light pen (heldout_augraphy copies, seed 11: 13 of the 15 such boxes were
    empty), and on a single choice left blank it would be the answer, unflagged. Unless the side's own hand is
    light: when most of its marks are such traces (light_page_min at least), a light pencil drew them all."""
    if paper is None or paper.coverage <= 0:
        return readings
    light = sum(1 for r in readings if _from_trace_alone(r, th))
    inked = sum(1 for r in readings if r.state in (BoxState.marked, BoxState.filled) and r.coverage >= th.marked_min)
    if light >= th.light_page_min and light >= inked:
        return readings
    return [replace(r, state=BoxState.uncertain, confidence=0.3) if _from_trace_alone(r, th) else r for r in readings]


def _strokes_in_haze(readings: list[BoxReading], explained: list[int], pairs: list[tuple[Question, Option]],
                     insides: list[np.ndarray], th: Thresholds) -> list[BoxReading]:
    """Boxes the page's paper explained that hold a straight line standing out from their question's other boxes
    are asked about: a light pencil in a phone photo's mottled haze is no darker, pixel by pixel, than the haze
    (heldout_augraphy photo seed 13 read a whole pencilled side blank), but it is straight and the haze is not."""
    if not explained:
        return readings
    out = list(readings)
    scores: dict[int, float] = {}
    for k in explained:
        q = pairs[k][0]
        mates = [j for j, (qj, _) in enumerate(pairs) if qj is q]
        for j in mates:
            if j not in scores:
                scores[j] = straightest(insides[j])
        if stands_out(scores[k], [scores[j] for j in mates if j != k], th.stroke_out_ratio, th.stroke_out_margin):
            out[k] = replace(out[k], state=BoxState.uncertain, confidence=0.3)
    return out


def _paper_may_explain(r: BoxReading, line: np.ndarray, floor: float, th: Thresholds) -> bool:
    """Whether the page's own paper could change this box's reading: a doubt or a light trace read as a mark,
    with no more ink than paper ever explains, and a trace short enough for two specks."""
    if not (r.state == BoxState.uncertain or (r.state == BoxState.marked and r.coverage < th.marked_min)):
        return False
    if r.coverage > th.paper_coverage_max:
        return False
    tr = trace(line, floor, th)
    return tr is None or tr.length_mm < th.trace_marked_mm + th.paper_marked_extra_mm


def _paper(dark8: np.ndarray, template: Template, page: int, found: list[Found], fine: Fine | None, floor: float,
           th: Thresholds) -> Paper | None:
    """The page's own paper (traces.paper_envelope), from squares of it the size of the boxes' insides."""
    size = _inside_size(found)
    patches = list(paper_patches(template, page, size, K)) if size > 0 else []
    if not patches:
        return None
    plain = list(np.stack([dark8[y0:y1, x0:x1] for y0, y1, x0, x1 in patches]).astype(np.float32) / 255)
    return paper_envelope(plain, _lines(patches, plain, fine), floor, th)


def _kept_where_blank(before: dict[str, float], after: dict[str, float], readings: list[BoxReading]) -> dict[str, float]:
    """Stray ink measured above the paper's texture, except for questions none of whose boxes holds ink: a light
    pencil lost in the texture may have left only the traces outside its boxes, and such a question is asked
    about rather than read blank."""
    inked = {r.question_id for r in readings if r.state != BoxState.empty}
    return {q: after[q] if q in inked else before[q] for q in before}


def _paper_clear_of(squares: list[np.ndarray], level: float, th: Thresholds) -> bool:
    """Whether the page's plain paper (its plain_squares) stays below `level` by itself: boxes with a low noise
    floor on a copy whose toner speckled a patch of the page do not make its paper clean."""
    return bool(squares) and paper_level(squares, th) < level


def _inside_size(found: list[Found]) -> int:
    return int(np.median([i.shape[0] for i, _, _, _ in found])) if found else 0


def print_strength(dark8: np.ndarray, template: Template, page: int, th: Thresholds = DEFAULT) -> float:
    """How dark this page's print came out, against a plain print (1.0): a printer low on toner, or a faint
    copy, prints lighter, and a 1-bit scan then breaks its thin lines (0.4 .. 1.0)."""
    mask = printed_mask(template, page, K, 0.0)[::2, ::2]  # every other pixel tells the level as well
    level = float(dark8[::2, ::2][mask].mean()) / 255 if mask.any() else th.print_plain
    return float(np.clip(level / th.print_plain, th.print_weakest, 1.0))


def _broken_outline(integral: np.ndarray, place: tuple[int, int, int, int], seen: float | None,
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
