"""One box's state (empty, marked, filled, in doubt) from its inside's ink, holes, sides and traces.

The page-wide judgement (marks.read_page_marks) measures the page's own noise and paper first; a box is then
read here from what its inside holds against them.
"""

from __future__ import annotations

import cv2
import numpy as np

from .fax_strokes import on_two_strokes
from .ink import DEFAULT, BoxReading, K, Thresholds, share_above
from .traces import Paper, Trace, speckless, trace
from .vocab import BoxState


def holes_share(inside: np.ndarray, th: Thresholds = DEFAULT) -> float:
    """Share of the inside that is paper in patches wider than about 0.6 mm (SDAPS's "large white holes").

    An X or a tick, however thick the pen, leaves such patches between its
    strokes; a box filled in to cancel it does not.
    """
    paper = (inside < th.paper).astype(np.uint8)
    return float(cv2.erode(paper, np.ones((3, 3), np.uint8)).mean())


def ink_level(inside: np.ndarray, th: Thresholds = DEFAULT) -> float:
    """The box's own ink: the 75th percentile of its pixels darker than th.ink (1.0 when none is), at least 0.2,
    so that a light pencil's box is judged against its own pencil."""
    inked = inside[inside > th.ink]
    return max(float(np.percentile(inked, 75)) if inked.size else 1.0, 0.2)


def side_darkness(inside: np.ndarray) -> tuple[float, float, float, float]:
    """Darkness at the middle of each of the inside's four edges, relative to the box's own ink, lightest first.

    That is the place an X of any thickness leaves paper, and relative
    darkness lets a light pencil fill count as filled. An X leaves all four
    light, which the darkest tells of a box too dense to tell by its holes.
    """
    h, w = inside.shape
    level = ink_level(inside)
    cy, cx = h // 2, w // 2
    patches = [inside[0:2, cx - 1:cx + 2], inside[h - 2:h, cx - 1:cx + 2],
               inside[cy - 1:cy + 2, 0:2], inside[cy - 1:cy + 2, w - 2:w]]
    a, b, c, d = sorted(float(p.mean()) / level for p in patches)
    return a, b, c, d


def solid_block(inside: np.ndarray, th: Thresholds = DEFAULT) -> bool:
    """Whether the box's ink is one solid block stopping short of its sides by fill_margin_mm at most: a fill.

    A box filled in to cancel it, the fill stopping 2-3 px short of three or
    all four sides, leaves a paper margin that counts as holes (0.17-0.42),
    as an X's open triangles do. But an X's paper lies between its strokes,
    inside the block of rows and columns at least half ink, and a fill's only
    outside it; an X's arms also reach the sides, or its block leaves them by
    more than the margin.
    """
    ink = inside > th.ink
    rows, cols = np.flatnonzero(ink.mean(axis=1) >= 0.5), np.flatnonzero(ink.mean(axis=0) >= 0.5)
    if not rows.size or not cols.size:
        return False
    h, w = inside.shape
    margins = (rows[0], h - 1 - rows[-1], cols[0], w - 1 - cols[-1])
    if sum(m > 0 for m in margins) < 3 or max(margins) > round(th.fill_margin_mm * K):
        return False  # a thick X's arms reach the sides, so its block spans the inside
    block = inside[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    return share_above(block, th.ink) >= th.filled_min and float((block < th.paper).mean()) <= th.holes_filled_max


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


Pieces = tuple[int, np.ndarray, np.ndarray]  # connected pieces of a box's ink: count (with paper), labels, stats


def _pieces(inside: np.ndarray, th: Thresholds) -> Pieces:
    """The box's ink in connected pieces, found once for both speck counts."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats((inside > th.ink).astype(np.uint8), connectivity=8)
    return n, labels, stats


def _specks(pieces: Pieces) -> int:
    """How many specks (pieces of ink of one or two pixels) the box holds.

    On a 1-bit scan a pencil's grain breaks into specks where the scanner's
    threshold half lost it. Such a mark may be what is left of a box filled
    in pencil to cancel it (its X kept, its shading gone to specks), while
    the chosen box's lighter X vanished: it is asked about, never taken for
    the answer.
    """
    return int(np.count_nonzero(pieces[2][1:, cv2.CC_STAT_AREA] <= 2))


def _loose_labels(pieces: Pieces, th: Thresholds) -> np.ndarray:
    """The labels of the box's specks that lie away from its strokes: further than edge_speck_px from every
    larger piece of ink.

    A fax's threshold cuts a light ballpoint's stroke into dashes with a
    ragged edge, a pixel or two kept alone beside or between the pieces it
    came from. A fill-in's shading, half lost, leaves its grain across the
    box, away from the X drawn over it: only that grain tells of a pencil's
    shading (grainy_specks).
    """
    n, labels, stats = pieces
    small = np.flatnonzero(stats[1:, cv2.CC_STAT_AREA] <= 2) + 1
    if not small.size:
        return small
    larger = np.flatnonzero(stats[1:, cv2.CC_STAT_AREA] > 2) + 1
    if not larger.size:
        return small
    d = 2 * th.edge_speck_px + 1
    near = cv2.dilate(np.isin(labels, larger).astype(np.uint8), np.ones((d, d), np.uint8))
    hit = np.zeros(n, bool)
    hit[labels[near > 0]] = True
    return small[~hit[small]]


def plainly_empty(ink: float, faint: float, top: float | None, floor: float, th: Thresholds) -> bool:
    """Whether a box is plainly empty: no pixel above th.ink (ink: their count or share) nor above th.faint_ink
    (faint: likewise), and its line response's maximum (top; None when it has none) no higher than the page's noise
    floor nor the trace level. read_box reads such a box empty, sure, with nothing measured further, and
    box_batch.read_boxes makes that same reading for most of a page's boxes at once, without calling read_box: a
    rule that may doubt a box with no ink and a quiet line must go into this test, or before it in read_box."""
    return not ink and not faint and (top is None or (top <= floor and top <= floor * th.trace_ratio + th.trace_margin))


def plainly_empty_reading(qid: str, oid: str, cov: float, dx: int, dy: int) -> BoxReading:
    """read_box's reading of a plainly empty box. cov is its coverage, 0: a numpy float on a box with pixels
    (share_above's), as read_box's full path gives it, and the confidence, 1.0, takes the same type (classify)."""
    return BoxReading(qid, oid, BoxState.empty, cov + 1.0, cov, 1.0, 0.0, dx / K, dy / K, 0)


def read_box(qid: str, oid: str, inside: np.ndarray, line: np.ndarray, dx: int, dy: int, floor: float,
              th: Thresholds, bilevel: bool = False, paper: Paper | None = None) -> BoxReading:
    """One box's reading. A plainly empty box (plainly_empty) is read at once when no paper is given: the same
    reading the measures below give it, and the one box_batch.read_boxes makes for it without this call. With paper
    given, the paper's own test below reads it first."""
    cov = share_above(inside, th.ink)
    if paper is None and cov == 0:  # (cov first: the cheap part of the test, and most boxes with ink end it)
        top = float(line.max()) if line.size else None
        if plainly_empty(cov, share_above(inside, th.faint_ink), top, floor, th):
            return plainly_empty_reading(qid, oid, round(cov, 4), dx, dy)
    if not bilevel and cov < th.marked_min and (cov > 0 or (line.size and float(line.max()) > floor)):
        # a copier's toner specks alone in a box are no stroke; on a 1-bit page a pencil's grain may be all its mark
        inside, line = speckless(inside, line, th, th.box_speck_mm, th.box_specks_max)
        cov = share_above(inside, th.ink)
    if paper is not None and cov <= paper.coverage:
        tr0 = trace(line, floor, th)
        if paper.explains(cov, share_above(inside, th.faint_ink), tr0):
            # no more than the page's own paper holds beside the boxes: a copier's specks, recycled paper's fibres
            return BoxReading(qid, oid, BoxState.empty, th.paper_empty_confidence, round(cov, 4), 1.0, 0.0, dx / K, dy / K)
    faint = share_above(inside, th.faint_ink) if cov <= th.empty_max else 0.0
    # the finer measures only where they can change the verdict: most boxes are plainly empty
    holes = holes_share(inside, th) if inside.size and cov > th.empty_max else 1.0
    dense = cov >= th.thick_x_min and holes < th.dense_holes_min
    edges = side_darkness(inside) if inside.size and dense else (0.0, 0.0, 0.0, 0.0)
    sides, darkest = edges[0], edges[3]
    # A thick X leaves all four sides light. A box filled in to cancel it closes its holes yet may stop short of
    # one side (a ballpoint's scribble on a 1-bit scan) or two (a fill drawn over an X, whose arm ends still show
    # there, on a grey one): three must be light.
    if cov >= th.filled_min and holes <= th.holes_filled_max:
        darkest = edges[2]
    elif bilevel and cov >= th.filled_min:
        darkest = edges[2]  # as dense as a fill-in, judged as one: a felt X's fourth side may meet the outline
    tr = trace(line, floor, th) if cov < th.marked_min else None
    span = float(np.hypot(line.shape[0] - 2 * th.rim_px, line.shape[1] - 2 * th.rim_px)) / K if th.rim_px and line.size else None
    state, conf = judge(cov, holes, sides, faint, tr, th, darkest, span)
    if state == BoxState.marked and cov >= th.dense_min and solid_block(inside, th):
        state, conf = BoxState.uncertain, 0.3  # a fill stopping short of the sides: a cancelled box, never an answer
    pieces = _pieces(inside, th) if bilevel and cov > 0 else None
    specks = _specks(pieces) if pieces is not None else 0
    if state == BoxState.marked and pieces is not None and specks >= th.grainy_specks:
        loose = _loose_labels(pieces, th)  # found once: their count and where they lie
        if loose.size >= th.grainy_specks and not on_two_strokes(pieces[1] > 0, np.isin(pieces[1], loose)):
            state, conf = BoxState.uncertain, 0.3  # grain across the box, not a stroke's remains in a row along it
    if state == BoxState.marked and not bilevel and cov < th.strokeless_max and not _stroke_in(
            tr if cov < th.marked_min else trace(line, floor, th), th):  # the trace found above, where it was looked for
        # ink with no stroke in it that stands out from the page's own noise: a phone photo's grain, amplified
        # where a shadow darkened the paper, reaches the ink level in blotches; a pen's stroke stands out
        state, conf = BoxState.uncertain, 0.3
    if state == BoxState.marked and not bilevel:
        # A box shaded in a hard pencil to cancel it: light all over, its darker strokes look like an X's.
        shaded = share_above(inside, th.faint_ink)
        if shaded >= th.shaded_min and shaded - cov >= th.shaded_over_ink:
            state, conf = BoxState.uncertain, 0.3
    return BoxReading(qid, oid, state, round(conf, 3), round(cov, 4), round(holes, 4), round(sides, 3), dx / K, dy / K,
                      specks)


def _stroke_in(tr: Trace | None, th: Thresholds) -> bool:
    """Whether a box's line response holds a stroke of a pen, from its longest trace (traces.trace): a trace above
    the page's noise as long as a light mark must be, or a spot as dark as a pen's dot."""
    return tr is not None and (tr.length_mm >= th.trace_marked_mm or tr.darkness >= th.trace_spot_ratio * tr.level)
