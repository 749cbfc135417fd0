"""A light pencil's mark on fibrous paper judged against the side's own pencil: a doubt drawn as its plain marks are.

A flatbed scan of fibrous or recycled paper written in an HB pencil reads most of the side's marks from light
traces alone (no pixel at ink level): each long enough and, against the page's noise, dark enough for a mark
(box_state.judge: trace_marked_ratio times the trace level). The same hand's next tick or X may fall a little
short of that ratio where the paper's fibres raise the noise floor, and is left in doubt, though a person sees
at a glance the same pencil stroke as its neighbours (heldout_augraphy texture, seed 71: 10 of 18 needless
reviews were HB marks in doubt; this rule reads those of them 3.3-4.2 mm long, X's and ticks at 0.77-0.96 of the
darkness of the side's own marks read from traces, and leaves the shorter ones, dots among them, in doubt).

The fibres' own traces are what such a doubt must be told from. They are soft and short: the page's plain
squares (traces.Paper) bound how long they run, and a stroke must be paper_marked_extra_mm longer than that, as
mark_rules.read_again already asks of a light mark on such paper; and a plain square holding a trace at least as
long and as dark (fibre_paper.outdone_by_paper) says the paper draws it too. An erased mark (a ghost) keeps about
a fifth of its pencil's darkness, far under own_pen_share of the side's marks. So on a grey side whose paper was
measured busy, holding at least own_pen_marks_min marks read from light traces and no more marks in ink (a side
written in ink with a few light marks keeps a light slash or a hair in doubt: tests/test_fibre_paper.py), a doubt with less ink than a
plain mark reads marked when its longest trace is as long as a mark on this paper, at least own_pen_share as
dark as the median of the side's own light marks and no plain square of the page outdoes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from .fibre_paper import outdone_by_paper, paper_traces
from .ink import BoxReading, Thresholds
from .light_hand import light_and_inked
from .traces import Paper, trace
from .vocab import BoxState


def mark_length_mm(paper: Paper, th: Thresholds) -> float:
    """How long a light trace must run to be a mark on this paper (as mark_rules.read_again reads doubts there)."""
    return min(th.trace_marked_mm + th.paper_marked_extra_mm,
               max(th.trace_marked_mm, paper.length_mm + th.paper_marked_extra_mm))


def own_pen_darkness(readings: list[BoxReading], lines: list[np.ndarray], floor: float, th: Thresholds) -> list[float]:
    """The darkness of the traces of the side's marks read from light traces alone (its own pen, seen plainly)."""
    out = []
    for k, r in enumerate(readings):
        if r.state == BoxState.marked and r.coverage < th.marked_min and lines[k].size:
            tr = trace(lines[k], floor, th)
            if tr is not None:
                out.append(tr.darkness)
    return out


def light_doubts(readings: list[BoxReading], lines: list[np.ndarray], floor: float,
                 th: Thresholds) -> tuple[list[int], float] | None:
    """The side's inkless doubts and the median darkness of its own light marks, or None where there is no doubt or
    its pen is not light (too few light marks, or a side written mostly in ink): the ground every rule that judges a
    doubt against the side's own pen stands on."""
    doubts = [k for k, r in enumerate(readings)
              if r.state == BoxState.uncertain and r.coverage < th.marked_min and lines[k].size]
    if not doubts:
        return None
    own = own_pen_darkness(readings, lines, floor, th)
    if len(own) < th.own_pen_marks_min or len(own) < light_and_inked(readings, th, doubts=False)[1]:
        return None
    return doubts, float(np.median(own))


def traces_like_own_pen(readings: list[BoxReading], lines: list[np.ndarray], floor: float, paper: Paper | None,
                        square_lines: Callable[[], list[np.ndarray]], th: Thresholds) -> list[BoxReading]:
    """The readings with each doubt drawn as the side's own light marks are read marked (see the module's
    docstring). square_lines: the line responses of the page's plain squares, measured only when a doubt may need
    them."""
    if paper is None or paper.faint <= 0:
        return readings
    found = light_doubts(readings, lines, floor, th)
    if found is None:
        return readings
    doubts, own = found
    bar = max(th.own_pen_share * own, th.trace_marked_dark)
    length = mark_length_mm(paper, th)
    out = list(readings)
    seen = None
    for k in doubts:
        tr = trace(lines[k], floor, th)
        if tr is None or tr.length_mm < length or tr.darkness < bar:
            continue
        if seen is None:
            seen = paper_traces(square_lines(), floor, th)
        if not outdone_by_paper(tr, seen):
            out[k] = replace(readings[k], state=BoxState.marked, confidence=th.fibre_confidence)
    return out
