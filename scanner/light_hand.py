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


def light_and_inked(readings: list[BoxReading], th: Thresholds, doubts: bool) -> tuple[int, int]:
    """A side's boxes read from light traces (marked with less ink than a plain mark, marked_min; with doubts, those
    in doubt too) and its boxes holding a mark's ink (marked or filled, marked_min at least): the two counts
    light_hand and mark_rules._speckled_traces weigh against each other."""
    light = sum(1 for r in readings if (r.state == BoxState.marked or (doubts and r.state == BoxState.uncertain))
                and r.coverage < th.marked_min)
    inked = sum(1 for r in readings if r.state in (BoxState.marked, BoxState.filled) and r.coverage >= th.marked_min)
    return light, inked


def light_hand(readings: list[BoxReading], th: Thresholds) -> bool:
    """Whether a grey side's hand is a light pencil: its boxes read marked or in doubt from light traces (less ink
    than a plain mark, marked_min) are at least light_hand_min and more than its boxes holding a mark's ink, or the
    side holds some and no box with a mark's ink at all (seed 22, S00015 side 1: one 2H slash read, one doubt, and
    four questions whose marks left nothing). It only adds doubts (a side's blanks asked about), so it has a bar of
    its own: light_page_min lets two rules take doubts away (mark_rules._speckled_traces, broken_marks.read_light_singles)
    and is tuned for them. The counts are shared, the comparisons are each rule's own, as each was tuned: more light
    boxes than inked ones here, as a side more in doubt than answered asks its own (rules.page_rules, doubts >
    answered); at least as many in _speckled_traces, which keeps a side's traces when they make half its marks or
    more (a tie included)."""
    light, inked = light_and_inked(readings, th, doubts=True)
    return light > 0 and (inked == 0 or (light >= th.light_hand_min and light > inked))
