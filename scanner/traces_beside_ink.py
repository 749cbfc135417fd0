"""A box read marked from a light trace alone, in a question holding a plain ink mark, on paper that holds specks,
is asked about, even on a side whose marks are mostly such traces.

mark_rules._speckled_traces asks about such boxes on specked paper (a copier's specks in a row make the same trace
as a light pen), unless most of the side's marks are traces: a light pencil then drew them all. A halftoned or
screened page (a copy of a printed form, an ordered-dither fax or printer) breaks that: its screen's dots, lined up
along the screen, draw a trace in box after box, so the side looks written in light pencil, and empty boxes were
read marked beside a question's ballpoint X's (own degradation: an ordered-dither screen of 3-5 px over a clean
flatbed corpus; q1 read "1 2 3 4" for "3 4", unflagged; tests/test_screened_traces.py). A light hand does not put a
ballpoint mark beside its pencil trace in one question; where a question does hold both on such paper, a person
settles it. Such paper is told by the traces its own plain squares draw (traces.Paper.darkness): a screen's dots
lined up draw them 0.108 to 0.193 dark (the screened corpora's sides where this rule fired), a clean page washed out,
darkened and oversharpened beneath a light pencil 0.047 to 0.069, where a pencil trace beside a ballpoint mark in
one question (pens mixed) is read as it was: screen_paper_dark_min between them.
"""

from __future__ import annotations

from dataclasses import replace

from .ink import BoxReading, Thresholds
from .strokes_above_paper import plain_mark
from .traces import Paper
from .vocab import BoxState


def traces_beside_ink(readings: list[BoxReading], paper: Paper | None, th: Thresholds) -> list[BoxReading]:
    """The readings with each box read marked from a trace alone put in doubt where its question holds a plain ink
    mark and the side's paper holds specks (paper.coverage above 0) and draws traces as a screen does; the rest as
    read."""
    if paper is None or paper.coverage <= 0 or paper.darkness < th.screen_paper_dark_min:
        return readings
    inked = {r.question_id for r in readings if plain_mark(r, th)}
    return [replace(r, state=BoxState.uncertain, confidence=0.3)
            if r.state == BoxState.marked and r.coverage < th.marked_min and r.question_id in inked else r
            for r in readings]
