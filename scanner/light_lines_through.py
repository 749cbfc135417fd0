"""A light line across the page is no light mark, followed at its own darkness.

stray.runs_through tells a line through a box (a hair, a crease, a ruler line) from a person's stroke by following
the box's ink out past it; it follows pixels darker than faint_ink. A light stroke read as a mark from its trace
alone (no pixel at ink: coverage under marked_min), by the rules that weigh a doubt against its mates or the
paper's crossings, may have no pixel at faint_ink either, so nothing is followed and the last check of read_again
keeps it. A coffee ring's edge is such a line: light, smooth, and running on across the page (z23's coffee set, the
project's generator with z23's marks, flatbed seed 2301, a ring 30-45 mm across laid over each page:
stack001_flatbed_001 a3, a blank question, read "3" where the ring's edge crossed box 3's corner, by
mates.strokes_among_mates; stack002_flatbed_015 q6 read "2 3" for "3", box 2 by crossed_strokes; both unasked).

So such a box's trace is followed out at its own level instead: through_own_share of the darkness the box's
darkest pixels reach (speckled_rings.top), never below faint_ink's through_own_floor share, and it must run on
through_far_mm past the box on two sides (stray.runs_through's `across`: a line across the whole window looked
in). A person's light stroke stops at its box, or just past it: z22's 2H X's overshooting their box by 2.5-4 mm
(marks2) ran on past two sides by 2 mm at such levels, never by 5. Only where the paper round the box is clean
(speckled_through.paper_level at through_paper_quantile at most through_clean_share of the box's top): on a
photo's grain or a copy's specks a light pencil mark's trace joins the paper's own and runs on (p22's pencil
photos pp222, tex71, cp38: no mark's box passed). Where no paper is left to judge by (paper_level finds too few
pixels between a digit grid's boxes on a photo) the box is left as read: p21's stack001_flatbed_008 q10, a pencil
slash in a grid, ran on there. Nor where the box's darkest pixels reach through_own_top_max: the ring boxes'
tops were 0.09-0.22; an HB X overshooting its box on z22's harsh washed and oversharpened page (marks2_harsh
stack002_flatbed_011 q6, top 0.36) touched the next row's printed box at a quarter of its darkness and "ran on".
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .fine import Fine
from .ink import BoxReading, Place, Thresholds
from .speckled_rings import top
from .speckled_through import paper_level
from .stray import runs_through
from .vocab import BoxState


def light_lines_through(readings: list[BoxReading], dark8: np.ndarray, places: list[Place], insides: list[np.ndarray],
                        fine: Fine | None, th: Thresholds, printed: np.ndarray | None) -> list[BoxReading]:
    """The readings with each box read marked from light ink alone whose trace runs on past it at its own level
    put in doubt (see the module's docstring)."""
    out = list(readings)
    if fine is None or printed is None:
        return out
    for k, r in enumerate(readings):
        if r.state != BoxState.marked or r.coverage >= th.marked_min or not insides[k].size:
            continue
        own = top(insides[k], th)
        if own > th.through_own_top_max:
            continue  # a stroke this dark is a person's, whatever it touches at a quarter of its darkness
        level = max(th.through_own_share * own, th.through_own_floor * th.faint_ink)
        if level >= th.faint_ink:
            continue  # followed at faint_ink already (speckled_through)
        if (paper_level(printed, places, k, r.shift, fine, th, 100.0) <= 0.0  # no paper to judge by (a digit grid's
                or paper_level(printed, places, k, r.shift, fine, th, th.through_paper_quantile)  # boxes), or the
                > th.through_clean_share * own):  # paper's own grain or specks join anything at that level
            continue
        if runs_through(dark8, places[k], th, fine, level, across=True):
            out[k] = replace(r, state=BoxState.uncertain, confidence=0.3)
    return out
