"""A side written in a hard pencil, judged from what the side's own marks show.

A hard (2H) pencil on grey or fibrous paper leaves marks at the paper's own noise: the reader finds some only as
light traces (read from a trace alone, or settled against their question's other boxes, no pixel at ink) and some
not at all, so a question read blank there may hold a mark no measure of its boxes can tell from the paper
(heldout_augraphy texture seed 22, S00006 side 2 scanned twice: one side read q3 blank, the other q4, q5e, q6 and
q7, each with a hard pencil's X, slash or tick a person sees; the X's run along their diagonals at 0.02-0.04, the
page's plain squares at 0.07). Such a side's blank questions are asked about (rules.page_rules), as a side more in
doubt than answered asks its own. A side whose marks hold ink says its hand is seen: its blanks stay blank."""

from __future__ import annotations

from .ink import BoxReading, Thresholds
from .vocab import BoxState


def light_hand(readings: list[BoxReading], th: Thresholds) -> bool:
    """Whether a grey side's hand is a light pencil: its boxes read marked or in doubt from light traces (less ink
    than a plain mark, marked_min) are at least light_page_min and more than its boxes holding a mark's ink, or the
    side holds some and no box with a mark's ink at all (seed 22, S00015 side 1: one 2H slash read, one doubt, and
    four questions whose marks left nothing)."""
    light = sum(1 for r in readings if r.state in (BoxState.marked, BoxState.uncertain) and r.coverage < th.marked_min)
    inked = sum(1 for r in readings if r.state in (BoxState.marked, BoxState.filled) and r.coverage >= th.marked_min)
    return light > 0 and (inked == 0 or (light >= th.light_page_min and light > inked))
