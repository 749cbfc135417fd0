"""A multiple choice's inkless doubts beside its plain pen marks on a phone photo: the photo's grain, not a second mark.

On a phone photo of mottled paper under uneven light (heldout_augraphy photo), the empty boxes of a multiple choice
answered with firm ballpoint X's are often left in doubt: the grain puts 7-22 % of an inside at the faint-ink level
and lines it up into a "line" 1.5-2.4 times its mates', yet short of the stroke tier's margin (mates.py), and
straighter than the page's plain paper draws (its squares lie mostly in the lit part), so mates._beside_plain_marks
keeps them (heldout_augraphy photo seed 21: 6 of the 34 questions sent to a reviewer needlessly). What the grain does
not do is darken the box as a whole against the paper right round it: measured on fine.Fine, the mean of such a box
stood 0.6-1.3 times the median of its question's other unmarked boxes, where light pencil marks on the same photos
(HB and 2H X's and ticks, read in doubt) stood 1.9-2.8 times. So beside a plain mark, a doubt that holds no pixel at
the ink level, whose line does not stand out from its unmarked mates (mate_stroke_ratio and mate_stroke_margin, as
mates.py asks, nor grain_line_ratio times their median: the grain's lines stood 1.5-1.9 times it, a tick barely seen
on clean paper 3 times, tests/test_mates_light_second_mark.py), is at most mate_column_share of the weakest mark's, and whose mean is at most grain_mean_ratio of
its unmarked mates' median, is read empty. A second, lighter answer darkens its box or draws a line that stands out:
it stays in doubt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from .fine import Fine
from .ink import BoxReading, Thresholds
from .strokes import stands_out, straightest
from .template import Option, Question
from .vocab import BoxState

Place = tuple[int, int, int, int]


def grain_beside_marks(readings: list[BoxReading], pairs: list[tuple[Question, Option]], places: Sequence[Place],
                       fine: Fine, th: Thresholds) -> list[BoxReading]:
    """The side's readings with each multiple choice's inkless doubts read empty where its plain pen marks show
    the doubt is the photo's grain (the module's docstring); other boxes as read."""
    groups: dict[str, list[int]] = {}
    for k, (q, _) in enumerate(pairs):
        if q.behaviour.per_option and not q.behaviour.digit_grid:
            groups.setdefault(q.id, []).append(k)
    out = list(readings)
    for ks in groups.values():
        doubts = [k for k in ks if readings[k].state == BoxState.uncertain and readings[k].coverage == 0.0]
        marks = [k for k in ks if readings[k].state == BoxState.marked and readings[k].coverage >= th.marked_min]
        if not doubts or not marks:
            continue
        fines = {k: fine.darkness(*places[k]) for k in ks}
        lines = {k: straightest(fines[k]) for k in ks}
        others = [k for k in ks if k not in marks]
        if min(lines[m] for m in marks) < th.grain_mark_line_min or len(others) < 3:
            continue  # no pen's stroke to stand on, or too few unmarked mates to tell the grain by
        for k in doubts:
            mates = [j for j in others if j != k]
            mean = float(np.median([float(fines[j].mean()) for j in mates]))
            typical = float(np.median([lines[j] for j in mates]))
            if lines[k] >= th.grain_line_ratio * typical or stands_out(
                    lines[k], [lines[j] for j in mates], th.mate_stroke_ratio, th.mate_stroke_margin):
                continue  # a line its mates do not draw: a lighter second mark, perhaps
            if lines[k] > th.mate_column_share * min(lines[m] for m in marks):
                continue
            if float(fines[k].mean()) <= th.grain_mean_ratio * mean:
                out[k] = replace(out[k], state=BoxState.empty, confidence=th.mate_confidence)
    return out
