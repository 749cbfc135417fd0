"""A light pencil's doubt on fibrous paper that outruns the paper's every trace and outlines its every line.

On fibrous paper written in an HB pencil, own_pen_traces reads a doubt as the side's own mark when its trace runs
paper_marked_extra_mm beyond the longest trace of the page's plain squares; shorter doubts stay asked, as a box's
fibres may run a little beyond the squares' longest too (heldout_augraphy texture, seed 71: an empty box's trace
at 2.06 mm where the paper's longest is 2.37, as dark as the side's pencil). Such doubts are most of the needless
review left on textured paper (seed 71: 6 of 12 questions; the marks' traces from 0.02 mm short of the paper's
longest to 0.77 mm beyond it), and length and darkness alone do not tell them from fibres. Shape does: a stroke keeps its darkness
along a straight line across the box (strokes.straightest), which soft, short fibres average away. Two measures
of the page's own paper then bound the fibres from both sides: no plain square's trace is longer, and no plain
square draws a straighter line (seed 71: the five marks this reads 1.04-1.49 times the squares' straightest, the
three it leaves 0.72-0.91; the empty box in doubt 0.83 times, its trace 0.31 mm short of the paper's).

So, on a grey side whose paper was measured busy and which holds at least own_pen_marks_min marks read from light
traces and no more marks in ink (the side's pen is that light pencil), a doubt with less ink than a plain mark
reads marked when its trace is longer than the paper's longest (traces.Paper.length_mm), at least own_pen_share as
dark as the side's own light marks, and its straightest line at least straight_paper_ratio times the straightest
of the page's plain squares. A ghost (a fifth of its pencil) stays far under; a side written in ink keeps its
light slashes and hairs in doubt (tests/test_fibre_paper.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from .ink import BoxReading, Thresholds
from .own_pen_traces import light_doubts
from .strokes import straightest
from .traces import Paper, trace
from .vocab import BoxState


def straight_beyond_paper(readings: list[BoxReading], insides: list[np.ndarray], lines: list[np.ndarray],
                          floor: float, paper: Paper | None, squares: Callable[[], list[np.ndarray]],
                          th: Thresholds) -> list[BoxReading]:
    """The readings with each light doubt that outruns and outlines the page's paper read marked (the module's
    docstring). squares: the page's plain squares (darkness), measured only when a doubt may need them."""
    if paper is None or paper.faint <= 0:
        return readings
    found = light_doubts(readings, lines, floor, th)
    if found is None:
        return readings
    doubts, own = found
    bar = th.own_pen_share * own
    out = list(readings)
    paper_line: float | None = None
    for k in doubts:
        tr = trace(lines[k], floor, th)
        if tr is None or tr.length_mm <= paper.length_mm or tr.darkness < bar:
            continue
        if paper_line is None:
            paper_line = max((straightest(s) for s in squares()), default=float("inf"))
        if straightest(insides[k]) >= th.straight_paper_ratio * paper_line:
            out[k] = replace(readings[k], state=BoxState.marked, confidence=th.fibre_confidence)
    return out
