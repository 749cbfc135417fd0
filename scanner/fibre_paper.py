"""Marks on fibrous or recycled paper, judged against what this page's own paper shows (traces.Paper).

Fibrous paper holds faint traces of its own, so a box read from a light trace alone is asked about there
(mark_rules._speckled_traces) and a box whose trace the paper cannot quite explain stays in doubt. Three things the
paper's fibres never do, each measured on the page itself (heldout_augraphy texture, seed 15):

- a light pencil X: a trace along both diagonals of the box, corner to corner, with many times the faint pixels
  the paper's own squares hold (five such X's asked about, faint share 0.15-0.27 against the paper's 0.03-0.09);
  read marked too when its contrast falls just short of a trace alone's, if it is as dark as the page's own marks
  read from light traces (crosses_like_the_page; seed 20);
- a box filled in to cancel it, mottled by the paper: its lightest side reads a little under sides_filled_min,
  yet every pixel of every side's middle is ink (no paper between strokes, as an X leaves);
- the paper's traces themselves in an empty box beside a plain mark: a trace a little longer than traces.Paper
  lets the paper explain (paper_length_max_mm), though a plain square of the same page holds a trace at least as
  long and as dark, and no pixel of the box reaches faint_ink.

The first (both its parts) and the third run only where the page's paper was measured busy (a Paper envelope with faint traces),
never on a clean flatbed page, and none on a 1-bit one. The second runs on any grey page: a mildly fibrous paper may
leave the page's plain squares clean and still mottle a fill (texture seed 16, S00005 a2: lightest side 0.63), and
ink at every pixel of all four sides' middles (in a fill lighter than black, no pixel there lighter than an X's side
middles may be against the fill's own ink; seed 18) is what no X leaves on any paper.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import cv2
import numpy as np

from .ink import BoxReading, Thresholds
from .template import Option, Question
from .traces import Paper, Trace, trace, traces
from .vocab import BoxState


def crossed_corner_to_corner(line: np.ndarray, level: float, th: Thresholds) -> bool:
    """Whether a box's line response stays above `level` along fibre_diagonal_share of both of its diagonals at
    least, corner to corner (an X); a pixel's neighbours count, as a hand's stroke is seldom exactly on the diagonal."""
    h, w = line.shape
    if min(h, w) < 5:
        return False
    near = cv2.dilate(line.astype(np.float32), np.ones((3, 3), np.uint8))
    t = np.linspace(0.0, 1.0, max(h, w))
    ys = np.rint(t * (h - 1)).astype(int)
    xs = np.rint(t * (w - 1)).astype(int)
    down = float(np.mean(near[ys, xs] > level))
    up = float(np.mean(near[ys, xs[::-1]] > level))
    return min(down, up) >= th.fibre_diagonal_share


def light_crosses(readings: list[BoxReading], insides: list[np.ndarray], lines: list[np.ndarray], floor: float,
                  paper: Paper | None, th: Thresholds) -> set[int]:
    """The boxes read marked from a light trace alone that are a person's X and not the paper's fibres: their
    trace crosses both diagonals and they hold fibre_faint_ratio times the faint pixels of the paper's squares."""
    if paper is None or paper.faint <= 0:
        return set()
    out = set()
    for k, r in enumerate(readings):
        if r.state != BoxState.marked or r.coverage >= th.marked_min or not insides[k].size or not lines[k].size:
            continue
        tr = trace(lines[k], floor, th)
        if tr is None:
            continue
        faint = float(np.mean(insides[k] > th.faint_ink))
        if faint >= th.fibre_faint_ratio * paper.faint and crossed_corner_to_corner(lines[k], tr.level, th):
            out.add(k)
    return out


def diagonal_strength(line: np.ndarray) -> float:
    """How strongly a box's line response runs along both its diagonals: the weaker diagonal's median over its middle
    80 %, a pixel's neighbours counting (an X's two strokes; fibres seldom lie along one diagonal, never both)."""
    h, w = line.shape
    if min(h, w) < 5:
        return 0.0
    near = cv2.dilate(line.astype(np.float32), np.ones((3, 3), np.uint8))
    t = np.linspace(0.0, 1.0, max(h, w))
    ys = np.rint(t * (h - 1)).astype(int)
    xs = np.rint(t * (w - 1)).astype(int)
    n = len(t)
    middle = slice(int(0.1 * n), int(0.9 * n))
    return min(float(np.median(near[ys, xs][middle])), float(np.median(near[ys, xs[::-1]][middle])))


def crosses_in_blanks(readings: list[BoxReading], lines: list[np.ndarray], square_lines: list[np.ndarray],
                      paper: Paper | None, th: Thresholds) -> list[BoxReading]:
    """The readings with each box read empty on fibrous paper, no pixel of it at ink, whose both diagonals run
    stronger than in any plain square of the page (by fibre_blank_cross_margin) asked about: a hard pencil's X there may leave no trace above the
    page's noise floor, and no pixel at ink, yet a person sees it (texture seed 21, S00004 q7: 0.064 along its
    diagonals, the page's 240 plain squares 0.058 at most, the empty boxes beside it 0.046 at most; main read the
    question blank). A copy's toner specks in a box are ink the paper envelope explained: they stay empty (world
    seed 21's copier side, q4 box 1)."""
    if paper is None or paper.faint <= 0:
        return readings
    seen = [diagonal_strength(ln) for ln in square_lines if ln.size]
    if len(seen) < th.paper_patches_min:
        return readings
    bar = max(seen) + th.fibre_blank_cross_margin
    return [replace(r, state=BoxState.uncertain, confidence=0.3)
            if r.state == BoxState.empty and r.coverage == 0.0 and lines[k].size and diagonal_strength(lines[k]) > bar
            else r
            for k, r in enumerate(readings)]


def crosses_like_the_page(readings: list[BoxReading], insides: list[np.ndarray], lines: list[np.ndarray],
                          floor: float, paper: Paper | None, th: Thresholds) -> list[BoxReading]:
    """The readings with each doubt that is an X as light as the page's own pen read marked.

    A light pencil's X on fibrous paper may fall just short of the contrast a trace alone must have to count
    (trace_marked_ratio) while two X's of the same pencil beside it pass (texture seed 20, S00003 q1: 1.58 against
    1.68 and 1.69). Fibres never draw both diagonals corner to corner; an X rubbed out (a "ghost") does, but keeps a
    fifth of its pencil's darkness. So a doubt read from a trace alone as long as a mark, crossing both diagonals,
    holding fibre_faint_ratio times the paper's faint share and at least fibre_page_mark_share of the darkness of the
    page's own marks read from light traces alone (the same pen, seen plainly), reads marked."""
    if paper is None or paper.faint <= 0:
        return readings
    seen = [trace(lines[k], floor, th) for k, r in enumerate(readings)
            if r.state == BoxState.marked and r.coverage < th.marked_min and lines[k].size]
    own = [t.darkness for t in seen if t is not None]
    if not own:
        return readings
    bar = th.fibre_page_mark_share * float(np.median(own))
    out = list(readings)
    for k, r in enumerate(readings):
        if r.state != BoxState.uncertain or r.coverage >= th.marked_min or not insides[k].size or not lines[k].size:
            continue
        tr = trace(lines[k], floor, th)
        if tr is None or tr.length_mm < th.trace_marked_mm or tr.darkness < max(bar, th.trace_marked_dark):
            continue
        if (float(np.mean(insides[k] > th.faint_ink)) >= th.fibre_faint_ratio * paper.faint
                and crossed_corner_to_corner(lines[k], tr.level, th)):
            out[k] = replace(r, state=BoxState.marked, confidence=th.fibre_confidence)
    return out


def mottled_fill(r: BoxReading, inside: np.ndarray, th: Thresholds) -> bool:
    """Whether a box left in doubt between a fill and a thick X is filled in: dense, without holes, its lightest
    side under sides_filled_min but above what an X leaves, and every pixel of each side's middle ink; or, in a
    fill lighter than ink is black (a blue ballpoint's, 0.5 dark), no pixel there lighter than an X's side middles
    may be on average against the box's own ink (sides_thick_x_max of it) nor than faint ink: no paper between
    strokes (texture seed 18, S00004 a4: its lightest middle pixels 0.22 against the fill's 0.48)."""
    if r.state != BoxState.uncertain or r.coverage < th.filled_min or r.holes > th.holes_filled_max:
        return False
    if not th.sides_thick_x_max < r.sides < th.sides_filled_min or min(inside.shape, default=0) < 5:
        return False
    h, w = inside.shape
    cy, cx = h // 2, w // 2
    middles = [inside[0:2, cx - 1:cx + 2], inside[h - 2:h, cx - 1:cx + 2],
               inside[cy - 1:cy + 2, 0:2], inside[cy - 1:cy + 2, w - 2:w]]
    inked = inside[inside > th.ink]
    level = float(np.percentile(inked, 75)) if inked.size else 1.0  # the box's own ink, as side_darkness takes it
    least = min(th.ink, max(th.faint_ink, th.sides_thick_x_max * level))
    return all(float(p.min()) > least for p in middles)


def filled_on_paper(readings: list[BoxReading], insides: list[np.ndarray], th: Thresholds) -> list[BoxReading]:
    """The readings with each doubt that is a fill mottled by the paper (mottled_fill) read filled."""
    return [replace(r, state=BoxState.filled, confidence=th.fibre_confidence) if mottled_fill(r, insides[k], th) else r
            for k, r in enumerate(readings)]


def paper_traces(lines: list[np.ndarray], floor: float, th: Thresholds) -> list[Trace]:
    """Every trace the page's plain squares hold (their line responses, measured as the boxes' are)."""
    return [t for ln in lines if ln.size for t in traces(ln, floor, th)]


def outdone_by_paper(tr: Trace, seen: list[Trace]) -> bool:
    """Whether a plain square of the page holds a trace at least as long and as dark as this one."""
    return any(s.length_mm >= tr.length_mm and s.darkness >= tr.darkness for s in seen)


def fibres_beside_marks(readings: list[BoxReading], pairs: list[tuple[Question, Option]], insides: list[np.ndarray],
                        lines: list[np.ndarray], floor: float, paper: Paper, squares: Callable[[], list[np.ndarray]],
                        th: Thresholds) -> list[BoxReading]:
    """The readings with each single choice's doubts beside its one plain mark read empty where the page's own
    paper shows a trace at least as long and as dark (squares: the line responses of the page's plain squares,
    measured only when a box may need them), the box's ink and faint haze are
    within the paper's, no pixel of it reaches faint_ink, and its trace is shorter than a light mark on such
    paper must be (trace_marked_mm and paper_marked_extra_mm, as marks.read_page_marks asks)."""
    by_question: dict[str, list[int]] = {}
    for k, (q, _) in enumerate(pairs):
        by_question.setdefault(q.id, []).append(k)
    out = list(readings)
    seen: list[Trace] | None = None
    for ks in by_question.values():
        q = pairs[ks[0]][0]
        if not q.behaviour.one_option:
            continue
        plain = [k for k in ks if readings[k].state == BoxState.marked and readings[k].coverage >= th.marked_min]
        doubts = [k for k in ks if readings[k].state == BoxState.uncertain]
        if len(plain) != 1 or not doubts or len(plain) + len(doubts) != len([k for k in ks if readings[k].state != BoxState.empty]):
            continue
        for k in doubts:
            tr = _fibre_like(readings[k], insides[k], lines[k], floor, paper, th)
            if tr is None:
                continue
            if seen is None:
                seen = paper_traces(squares(), floor, th)
            if outdone_by_paper(tr, seen):
                out[k] = replace(out[k], state=BoxState.empty, confidence=th.paper_empty_confidence)
    return out


def _fibre_like(r: BoxReading, inside: np.ndarray, line: np.ndarray, floor: float, paper: Paper,
                th: Thresholds) -> Trace | None:
    """The box's trace when it may be the paper's: no pixel at faint_ink, no more ink than the paper's, and a
    trace no darker than the paper's and too short for a light mark on such paper."""
    if not inside.size or r.coverage > paper.coverage or float(np.mean(inside > th.faint_ink)) > 0:
        return None
    tr = trace(line, floor, th)
    mark_mm = min(th.trace_marked_mm + th.paper_marked_extra_mm,  # as marks.read_page_marks asks of a light mark there
                  max(th.trace_marked_mm, paper.length_mm + th.paper_marked_extra_mm))
    if tr is None or tr.length_mm >= mark_mm or tr.darkness > paper.darkness:
        return None
    return tr
