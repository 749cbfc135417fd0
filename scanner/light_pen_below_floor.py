"""A light pencil's full stroke a hair under the darkness a trace alone must reach, on a side written in it.

A trace with no pixel at ink level reads as a mark when long enough and at least trace_marked_dark dark
(box_state.judge). A side written in a light pencil on paper not measured busy (no doubt there asked for the
page's paper, or its squares hold no faint trace) reads its marks from such traces standing just over that bar,
and the same hand's next stroke, as long, may fall just under it: heldout_augraphy texture seed 71,
stack005_flatbed_004, eight marks read from traces at 0.072-0.082 and Câu 5's slash corner to corner (4.24 mm) at
0.067, 1.68 times its trace level, left in doubt; the flatbed seed 81, stack005_flatbed_002, Câu 12's tick at
0.0698 (4.24 mm, 2.6 times its level) beside two X's at 0.081 and 0.090. own_pen_traces reads such a doubt against
the side's own marks on busy paper only, keeping the absolute bar; here, where the paper was not measured busy, the
side's own pen replaces it. So, on a grey side holding at least own_pen_marks_min marks read from light traces and
no more marks in ink, a doubt with less ink than a plain mark reads marked when its trace is as long as a mark must
be on any paper (trace_marked_mm and paper_marked_extra_mm), at least own_pen_share as dark as the median of the
side's own light marks and trace_marked_ratio times its trace level, and no plain square of the page holds a trace
as long and as dark. A ghost (a fifth of its pencil) stays far under; a side written in ink keeps its light
slashes and hairs in doubt (tests/test_fibre_paper.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from .fibre_paper import outdone_by_paper, paper_traces
from .ink import BoxReading, Thresholds
from .own_pen_traces import light_doubts
from .traces import Paper, trace
from .vocab import BoxState


def full_strokes_of_own_pen(readings: list[BoxReading], lines: list[np.ndarray], floor: float, paper: Paper | None,
                            square_lines: Callable[[], list[np.ndarray]], th: Thresholds) -> list[BoxReading]:
    """The readings with each full-length doubt drawn in the side's own light pen read marked (the module's
    docstring). square_lines: the line responses of the page's plain squares, measured only when a doubt needs them."""
    if paper is not None and paper.faint > 0:
        return readings  # busy paper: own_pen_traces and straight_beyond_paper judge there
    found = light_doubts(readings, lines, floor, th)
    if found is None:
        return readings
    doubts, own = found
    bar = th.own_pen_share * own
    out = list(readings)
    seen = None
    for k in doubts:
        tr = trace(lines[k], floor, th)
        if (tr is None or tr.length_mm < th.trace_marked_mm + th.paper_marked_extra_mm or tr.darkness < bar
                or tr.darkness < th.trace_marked_ratio * tr.level):
            continue
        if seen is None:
            seen = paper_traces(square_lines(), floor, th)
        if not outdone_by_paper(tr, seen):
            out[k] = replace(readings[k], state=BoxState.marked, confidence=th.fibre_confidence)
    return out
