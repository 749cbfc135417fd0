"""Grey blotches a copy of a copy lays over its paper, told from a pen by the page's own paper.

A copier set dark, or a copy made from a copy, prints the toner's background as wide grey blotches across the
plain paper (Augraphy's BadPhotoCopy), and an empty box's inside, enclosed by its square, comes out as a flat
grey patch as dark as they are: darker than the ink level, so it reads as a mark (heldout_augraphy copy2, seed
31: two sides with every empty box "marked"). Such a page is "blotched" when its plain squares themselves reach
the ink level (blotched_page).

On a blotched page two things are judged against the page's own paper:
- a box whose ink is no darker than the plain squares get (times blotch_slack) and which holds no stroke reads
  empty, as the paper beside it would, in a question whose mark shows plainly darker than the blotches
  (flat_grey_boxes);
- in the questions where that read a box empty, ink outside the boxes is looked for as pen strokes
  (strokes_beside): thin lines darker than the paper right around them, with paper on both sides, that keep
  their contrast along a segment. A blotch is wider than a stroke and its edge is a step, not a line, so
  measured against a closing one millimetre wide it leaves only its speckle, which averages away along the
  segment, while a ballpoint's circle round a box keeps its contrast. The bars texture.above_texture sets on
  such a page (stray_ink raised above the blotches' darkness, about 0.86) hide such a circle, and the blotch
  rule alone turned a question it makes ambiguous into a silent answer (seed 31, a1).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np

from .fine import Fine
from .ink import BoxReading, K, Place, Thresholds
from .reference import paper_patches
from .stray import question_region
from .template import Option, Question, Template
from .texture import paper_level
from .vocab import BoxState


@dataclass(frozen=True)
class Blotched:
    """A blotched page: how dark its plain squares get by themselves (level, 0 paper .. 1 print, their
    texture_quantile) and how strongly they respond as strokes (strokes, stroke_darkness's texture_quantile),
    with the aligned grey page to measure strokes on."""

    level: float
    strokes: float
    fine: Fine


def blotched_page(squares: list[np.ndarray], fine: Fine, template: Template, page: int, size_px: int,
                  th: Thresholds) -> Blotched | None:
    """The page's blotches when its plain squares (texture.plain_squares) reach the ink level; None otherwise
    (a clean or merely speckled page)."""
    if not squares:
        return None
    values = np.concatenate([sq.ravel() for sq in squares])
    if np.count_nonzero(values > th.ink * 255) <= (1.0 - th.texture_quantile / 100) * values.size:
        return None  # most pages, cheaply: their plain squares stay below the ink level
    level = paper_level(squares, th)
    if level <= th.ink:
        return None
    patches = paper_patches(template, page, size_px, K) if size_px > 0 else ()
    if not patches:
        return None
    return Blotched(level, square_strokes(fine, patches, th), fine)


def square_strokes(fine: Fine, patches: Sequence[Place], th: Thresholds) -> float:
    """How strongly the page's plain squares (reference.paper_patches) respond as strokes: the texture_quantile
    of their stroke_darkness."""
    values = np.concatenate([stroke_darkness(fine, *p).ravel() for p in patches])
    return float(np.percentile(values, th.texture_quantile))


def may_be_blotch(r: BoxReading, inside: np.ndarray, th: Thresholds) -> bool:
    """Whether a box read as ink could be a blotch of the paper: not filled in up to its sides, and its darkest
    pixels lighter than a pen's plain ink (cheap, before the page's paper is measured)."""
    return (r.state in (BoxState.marked, BoxState.uncertain) and r.coverage < th.filled_min and inside.size > 0
            and not darker(inside, th.blotch_ink_max, th))


def flat_grey_boxes(readings: list[BoxReading], pairs: list[tuple[Question, Option]], insides: list[np.ndarray],
                    places: list[Place], page: Blotched | None, candidates: list[int],
                    th: Thresholds) -> list[BoxReading]:
    """The readings with the candidate boxes (may_be_blotch) that are the page's blotches read empty: their ink
    no darker than the plain squares get (level, times blotch_slack) and no stroke in them (strongest_stroke below
    blotch_stroke_ratio times what the squares reach, and below blotch_mark_share of the question's plain mark).

    Only in a question holding a plain mark: a box read marked, darker than the blotches, with a pen's stroke in
    it (above what the squares reach). Its pen is one the blotches do not hide, so a box it left empty is the
    paper's. Where no box of the question stands out so (a light pencil, a question left blank, a fold's shadow
    darkening a box), its boxes stay as they were read: a pencil's stroke under a blotch may be lost in it, and
    a light mark beside a shadow is no blotch (tests/test_artefacts.py, fold_diag s3: a side-wide guard read
    a light mark blank beside a box the fold darkened)."""
    if page is None or not candidates:
        return readings
    bar = page.level * th.blotch_slack
    pen = page.strokes * th.blotch_stroke_ratio
    flat = {k for k in candidates if not darker(insides[k], bar, th)}
    by_question: dict[str, list[int]] = {}
    for k, (q, _) in enumerate(pairs):
        by_question.setdefault(q.id, []).append(k)
    fine = page.fine
    return clear_flat(readings, by_question.values(), flat, lambda k: strongest_stroke(fine, places[k]), pen, th,
                      lambda k: darker(insides[k], bar, th))[0]


def clear_flat(readings: list[BoxReading], groups: Iterable[list[int]], flat: Collection[int],
               stroke: Callable[[int], float], pen: float, th: Thresholds,
               plain_ok: Callable[[int], bool] = lambda k: True) -> tuple[list[BoxReading], list[int]]:
    """The readings with each flat box (a blotch's, as its caller judged) read empty where its stroke is below
    `pen` and below blotch_mark_share of its question's (group's) weakest plain mark: a box read marked, not flat,
    plain_ok, whose stroke reaches `pen`; and the boxes so read. In a group with no box read marked but flat ones,
    a flat box whose stroke is below `pen`, covering blotch_doubt_coverage of its inside at least, is put in doubt
    (blotch_doubt_confidence; a pen's dot, as strokeless, covers less); other groups stay as read.
    Each box's stroke is measured once, when first asked for."""
    out = list(readings)
    cleared: list[int] = []
    strokes: dict[int, float] = {}

    def stroke_of(k: int) -> float:
        if k not in strokes:
            strokes[k] = stroke(k)
        return strokes[k]

    for ks in groups:
        if not any(k in flat for k in ks):
            continue
        plain = [stroke_of(k) for k in ks if readings[k].state == BoxState.marked and k not in flat and plain_ok(k)
                 and stroke_of(k) >= pen]
        if not plain:  # a question marked nowhere but in flat boxes: one with no stroke is no answer, in doubt
            if any(readings[k].state == BoxState.marked and k not in flat for k in ks):
                continue  # (a blank question's blotched box was read marked, sure: copy2 seed 36, s002_009 a5)
            for k in ks:
                if (k in flat and readings[k].state == BoxState.marked and stroke_of(k) < pen
                        and readings[k].coverage >= th.blotch_doubt_coverage):  # a pen's dot covers less
                    out[k] = replace(out[k], state=BoxState.uncertain, confidence=th.blotch_doubt_confidence)
            continue
        for k in ks:
            if k in flat and stroke_of(k) < pen and stroke_of(k) < th.blotch_mark_share * min(plain):
                out[k] = replace(out[k], state=BoxState.empty, confidence=th.paper_empty_confidence)
                cleared.append(k)
    return out, cleared


def darker(inside: np.ndarray, bar: float, th: Thresholds) -> bool:
    """Whether the inside's darkest pixels (its blotch_top_quantile) are darker than `bar` (an empty inside's
    never are)."""
    return inside.size > 0 and int(np.count_nonzero(inside > bar)) > (1.0 - th.blotch_top_quantile / 100) * inside.size


def strongest_stroke(fine: Fine, place: Place) -> float:
    """The strongest stroke response (stroke_darkness) within a box's inside, less its outermost pixels, which
    may hold the printed square's spread."""
    y0, y1, x0, x1 = place
    lines = stroke_darkness(fine, y0, y1, x0, x1)[RIM:-RIM, RIM:-RIM]
    return float(lines.max()) if lines.size else 0.0


RIM = round(0.4 * K)  # pixels (0.4 mm) of an inside's edge that may hold the printed square's spread


def stroke_darkness(fine: Fine, y0: int, y1: int, x0: int, x1: int) -> np.ndarray:
    """A rectangle's strongest mean along a straight segment 2.6 mm long, in eight directions, of its darkness
    against the paper right around each pixel, that paper found by a closing 1 mm wide: a pen's stroke, a few
    pixels wide, keeps its contrast along its length, even round a circle's bend; a blotch, wider, and a
    blotch's edge, a step, leave only their speckle, which averages away along the segment."""
    m = _CLOSE // 2 + _ALONG // 2 + 1
    canon = fine.canon
    h, w = canon.shape
    ya, yb, xa, xb = max(0, y0 - m), min(h, y1 + m), max(0, x0 - m), min(w, x1 + m)
    crop = canon[ya:yb, xa:xb]
    bg = cv2.morphologyEx(crop, cv2.MORPH_CLOSE, _CLOSING).astype(np.float32)
    dark = np.clip((bg - crop) * (fine.paper / max(fine.span, 1.0)) / np.maximum(bg, 1.0), 0.0, 1.0)
    out = cv2.filter2D(dark, -1, _SEGMENTS[0], borderType=cv2.BORDER_REPLICATE)
    for k in _SEGMENTS[1:]:
        np.maximum(out, cv2.filter2D(dark, -1, k, borderType=cv2.BORDER_REPLICATE), out=out)
    return out[y0 - ya:y1 - ya, x0 - xa:x1 - xa]


def segments(n: int, directions: int) -> list[np.ndarray]:
    """Kernels averaging along a straight segment n pixels long, one per direction."""
    out = []
    c = n // 2
    for a in range(directions):
        t = np.pi * a / directions
        k = np.zeros((n, n), np.float32)
        for s in np.linspace(-c, c, 4 * n):
            k[int(round(c + s * np.sin(t))), int(round(c + s * np.cos(t)))] = 1.0
        out.append(k / k.sum())
    return out


_CLOSE = 5  # pixels (1 mm at K = 5): a ballpoint's or a felt pen's stroke is narrower, a blotch's pieces wider
_CLOSING = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (_CLOSE, _CLOSE))
_ALONG = 13  # pixels (2.6 mm): a circle round a box (radius 4 mm and more) bends less than a pixel over it
_SEGMENTS = segments(_ALONG, 8)


def strokes_beside(fine: Fine, free: np.ndarray, region: tuple[int, int, int, int], paper: float,
                   th: Thresholds) -> float:
    """The length (mm, its diagonal) of the longest pen stroke in a question's region (x0, y0, x1, y1) where `free`
    (the region's pixels outside print and marked boxes): pieces responding blotch_stroke_ratio times what the
    page's plain squares do (paper: Blotched.strokes) and at least blotch_stroke_mm long."""
    x0, y0, x1, y1 = region
    lines = stroke_darkness(fine, y0, y1, x0, x1)
    strong = (lines > paper * th.blotch_stroke_ratio) & free
    if np.count_nonzero(strong) < th.blotch_stroke_mm * K:
        return 0.0
    n, _, stats, _ = cv2.connectedComponentsWithStats(strong.astype(np.uint8), connectivity=8)
    longest = max((float(np.hypot(stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT])) / K for i in range(1, n)),
                  default=0.0)
    return longest if longest >= th.blotch_stroke_mm else 0.0


def stray_strokes(stray: dict[str, float], page: Blotched, printed: np.ndarray, claimed: np.ndarray,
                  questions: list[Question], rights: dict[str, float], readings: list[BoxReading],
                  th: Thresholds) -> dict[str, float]:
    """The stray ink of a blotched page's questions, each at least what its pen strokes outside its boxes weigh
    (blotch_stroke_mm of them as much as stray_min_mm2), in the region stray.stray_ink_mm2 looks at.
    printed: the page's print, moved by the question's boxes' shift and grown by a pixel (grown by the copier's
    spread it would eat a circle drawn close round a box); claimed: the boxes and their marks
    (stray.claimed_by_marks)."""
    out = dict(stray)
    grow = np.ones((3, 3), np.uint8)
    h, w = printed.shape
    for q in questions:
        region = question_region(q, rights[q.id])
        x0, y0, x1, y1 = region
        mine = [r for r in readings if r.question_id == q.id]
        sx = int(round(float(np.median([r.dx_mm for r in mine])) * K)) if mine else 0
        sy = int(round(float(np.median([r.dy_mm for r in mine])) * K)) if mine else 0
        print_here = np.zeros((y1 - y0, x1 - x0), np.uint8)
        ya, yb, xa, xb = max(y0 - sy, 0), min(y1 - sy, h), max(x0 - sx, 0), min(x1 - sx, w)
        if yb > ya and xb > xa:
            print_here[ya - (y0 - sy):yb - (y0 - sy), xa - (x0 - sx):xb - (x0 - sx)] = printed[ya:yb, xa:xb]
        free = ~claimed[y0:y1, x0:x1] & (cv2.dilate(print_here, grow) == 0)
        length = strokes_beside(page.fine, free, region, page.strokes, th)
        out[q.id] = max(out[q.id], round(length * th.stray_min_mm2 / th.blotch_stroke_mm, 2))
    return out
