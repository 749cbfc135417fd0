"""A hard pencil's marks on a clean side, read against the side's own empty boxes (its blank reference).

A hard (2H) pencil lightly held leaves X's and ticks that no pixel of reaches the ink level and whose line the
detector finds only in part: the reader leaves them in doubt one by one, and then a side more in doubt than
answered asks about its answers and its blanks too (rules.page_rules). On a copy of clean paper a person reads
such a side at once (heldout_augraphy copy2 seed 38, stack003_flatbed_002: nine questions, each a 2H X, tick or
dot, sent to a reviewer): every empty box there is as light as every other, and each marked box is plainly darker
than all of them. Measured as the mean darkness of the inside, the side's empty boxes lay within 0.66-1.18 times
their median (an erased X among them at 1.10), its marks at 1.69-3.2 times (the dot lightest, a tick 1.82).

So, on a side that is clean (its boxes read empty all alike: their clean_quantile within clean_spread times their
median) and written in a light hand (light_hand.light_hand, with light_page_min boxes in doubt or read from a trace
standing at least hand_min_ratio times the median), each box is weighed against that median: a mark stands at
least hand_share of the side's typical light mark's excess above it (and hand_min_ratio at least: an HB pencil's
erased X stood at 1.93 where its marks stood 4-7), an empty box at most clean_empty_ratio. A question of choices
whose every box falls plainly on one side or the other, holding no plain ink, is read so, where a single choice
then holds exactly one mark and no box read marked would be read empty. Elsewhere a box standing as a mark is
never left read empty: it is asked about (an X read empty beside a lighter trace read as the mark, on a side
whose doubts this rule settled, would otherwise be answered from the trace). A question with a plain mark is left
as read. Speckled or mottled paper (a copy's toner, a photo's grain) fails the clean
test: there the empty boxes differ among themselves as much as a light mark from them.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .ink import BoxReading, Thresholds
from .light_hand import light_hand
from .template import Option, Question
from .vocab import BoxState


def light_marks_on_clean(readings: list[BoxReading], pairs: list[tuple[Question, Option]], insides: list[np.ndarray],
                         th: Thresholds) -> list[BoxReading]:
    """The side's readings with its choice questions read against its blank reference where the side is clean
    and its hand light (see the module's docstring); the rest as they were."""
    if not light_hand(readings, th):
        return readings
    ks = [k for k, (q, _) in enumerate(pairs) if not q.behaviour.digit_grid and not q.behaviour.handwritten]
    means = {k: float(insides[k].mean()) if insides[k].size else 0.0 for k in ks}
    blank = [means[k] for k in ks if readings[k].state == BoxState.empty and readings[k].coverage == 0.0]
    if len(blank) < th.clean_boxes_min:
        return readings
    median = float(np.median(blank))
    if median <= 0 or float(np.percentile(blank, th.clean_quantile)) > th.clean_spread * median:
        return readings
    ratio = {k: means[k] / median for k in ks}
    light = [ratio[k] - 1 for k in ks if ratio[k] >= th.hand_min_ratio and readings[k].coverage < th.marked_min
             and (readings[k].state == BoxState.uncertain or readings[k].state == BoxState.marked)]
    if len(light) < th.light_page_min:
        return readings
    mark_at = 1 + max(th.hand_min_ratio - 1, th.hand_share * float(np.median(light)))
    by_question: dict[str, list[int]] = {}
    for k in ks:
        by_question.setdefault(pairs[k][0].id, []).append(k)
    out = list(readings)
    for group in by_question.values():
        q = pairs[group[0]][0]
        if any(readings[k].state == BoxState.filled or readings[k].coverage >= th.marked_min for k in group):
            continue  # a plain mark's ink: read as it is
        marks = [k for k in group if ratio[k] >= mark_at]
        empty = [k for k in group if ratio[k] <= th.clean_empty_ratio]
        plain = (len(marks) + len(empty) == len(group) and marks and not (q.behaviour.one_option and len(marks) > 1)
                 and not any(readings[k].state == BoxState.marked for k in empty))
        for k in marks:  # a mark the side's blank reference shows: never left read empty
            if readings[k].state != BoxState.marked:
                state, confidence = (BoxState.marked, th.broken_confidence) if plain else (BoxState.uncertain, 0.3)
                out[k] = replace(readings[k], state=state, confidence=confidence)
        for k in empty if plain else []:
            if readings[k].state == BoxState.uncertain:
                out[k] = replace(readings[k], state=BoxState.empty, confidence=th.paper_empty_confidence)
    return out
