"""A copy's toner specks beside a plain mark, judged against the page's own paper and the side's own pen.

A copy of a copy scatters light toner specks over its paper, and in an empty box the line detector joins a few
of them into one faint "trace" crossing most of the box: longer than any speck the page's plain squares happen
to hold (traces.Paper caps what the paper may explain at paper_length_max_mm), so the box is asked about
(heldout_augraphy copy2, seed 31: the only doubt in questions whose answer was a plain ballpoint X or tick).
Such a trace is no darker than the paper's own traces, and a small fraction of the mark the same hand made
beside it. In a single-choice question holding one plain mark, a box whose ink, faint haze and trace are all
within the page's paper, and whose trace is that much lighter than the mark's, reads empty. A second mark in
the side's own pen, a stroke (one piece of ink along the trace, however light), or anything darker than the
paper's specks keeps its doubt; so does every box of a
question that may hold several answers, and every box on a side whose hand is light (marks read from light
traces alone), where a faint stroke may be all a person left.
"""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from .ink import BoxReading, K, Thresholds
from .template import Option, Question
from .traces import Paper, trace
from .vocab import BoxState


def specks_beside_marks(readings: list[BoxReading], pairs: list[tuple[Question, Option]], insides: list[np.ndarray],
                        lines: list[np.ndarray], floor: float, paper: Paper, th: Thresholds) -> list[BoxReading]:
    """The readings with each single choice's doubts beside its one plain mark read empty where they hold only
    the paper's specks (_paper_beside); the rest as they were. paper: the page's own (traces.paper_envelope)."""
    if any(r.state == BoxState.marked and r.coverage < th.marked_min for r in readings):
        return readings  # a light hand on this side: its faint strokes may be marks
    by_question: dict[str, list[int]] = {}
    for k, (q, _) in enumerate(pairs):
        by_question.setdefault(q.id, []).append(k)
    out = list(readings)
    for ks in by_question.values():
        q = pairs[ks[0]][0]
        doubts = [k for k in ks if readings[k].state == BoxState.uncertain]
        if not doubts or not q.behaviour.one_option:
            continue
        plain = [k for k in ks if readings[k].state == BoxState.marked and readings[k].coverage >= th.marked_min]
        if len(plain) != 1 or len(doubts) + 1 != len([k for k in ks if readings[k].state != BoxState.empty]):
            continue
        mark = trace(lines[plain[0]], floor, th)
        if mark is None:
            continue
        for k in doubts:
            if _paper_beside(readings[k], insides[k], lines[k], floor, paper, th.speck_beside_ratio * mark.darkness, th):
                out[k] = replace(out[k], state=BoxState.empty, confidence=th.paper_empty_confidence)
    return out


def _paper_beside(r: BoxReading, inside: np.ndarray, line: np.ndarray, floor: float, paper: Paper, most: float,
                  th: Thresholds) -> bool:
    """Whether a doubtful box holds no more than the page's paper does, its trace (of any length) no darker than
    the paper's traces nor than `most`."""
    faint = float(np.mean(inside > th.faint_ink)) if inside.size else 0.0
    if r.coverage > paper.coverage or faint > paper.faint:
        return False
    tr = trace(line, floor, th)
    if tr is None:
        return True
    return tr.darkness <= paper.darkness and tr.darkness <= most and _longest_piece_mm(inside, line, tr.level) <= float(np.hypot(th.speck_mm, th.speck_mm))


def _longest_piece_mm(inside: np.ndarray, line: np.ndarray, level: float) -> float:
    """The longest piece (diagonal) of the inside's own pixels darker than the trace level, under the box's
    traces (a pixel round them): a stroke, however light, is one piece along its length; specks the line
    detector joined stay apart, each within a speck's square (speck_mm a side)."""
    dy, dx = (inside.shape[0] - line.shape[0]) // 2, (inside.shape[1] - line.shape[1]) // 2
    under = cv2.dilate((line > level).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    dark = (inside[dy:dy + line.shape[0], dx:dx + line.shape[1]] > level) & under
    n, _, stats, _ = cv2.connectedComponentsWithStats(dark.astype(np.uint8), connectivity=8)
    return max((float(np.hypot(stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT])) / K for i in range(1, n)),
               default=0.0)
