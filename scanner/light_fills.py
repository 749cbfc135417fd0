"""A box filled in with a light pencil is not read as a light mark.

The form's correction is a box filled in ("not chosen"; the generator draws it as an X filled over). Drawn with
a hard (2H) pencil, no pixel of the fill reaches the ink level (coverage under marked_min), so on a clean side in
a light hand clean_light_hand weighs the box by the mean darkness of its inside alone, and a fill is darker than
any of the side's light marks: it read the box marked, and the question was answered with the cancelled option
(z23's shapes set, flatbed seed 2301, S00003 side 2: q7 read 1, 4, 6 for 4 and q6 read 1, 2, 4, 6 for 1, 2, 6,
neither asked; a box scribbled over in the same pencil the same way).

What tells the two apart is where the ink lies, not how much: a fill covers the whole inside, where an X, a
tick, a slash or a dot leaves paper somewhere. Cut in fill_cells x fill_cells cells, the lightest cell's mean
darkness over the darkest's was 0.52-0.73 in the 2H fills and scribbles (37 boxes) and at most 0.14 in the light
marks (X, long X, tick, slash, dot; 211 boxes) that clean_light_hand weighed on z23's shapes set and z22's
pencil-heavy sets marks2 and marks2_uneven; a red felt X under a scanner's red dropout (z23's red_reddrop), faint,
wide and spread over its box, stood at 0.32, so the bar sits between it and the fills. A box the light-hand rules read marked whose inside is that even is
asked about instead: the reviewer sees a filled box, which by the form's rule is not chosen; a mark's ink is never
read away here. The rules meant are clean_light_hand and those after it that read light ink as marks
(own_pen_traces, straight_beyond_paper, light_pen_below_floor, faint_beside_light_marks): the fill first read
marked by clean_light_hand was read marked again by light_pen_below_floor once put in doubt.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .ink import BoxReading, Thresholds
from .vocab import BoxState


def evenness(inside: np.ndarray, n: int) -> float:
    """The mean darkness of the inside's lightest cell over its darkest, cut in n x n cells (1: ink all over)."""
    if inside.shape[0] < n or inside.shape[1] < n:
        return 0.0
    cells = [c.mean() for row in np.array_split(inside, n, axis=0) for c in np.array_split(row, n, axis=1)]
    top = float(max(cells))
    return float(min(cells)) / top if top > 0 else 0.0


def fills_read_as_light_marks(before: list[BoxReading], after: list[BoxReading], insides: list[np.ndarray],
                              th: Thresholds) -> list[BoxReading]:
    """`after` (the light-hand rule's readings of `before`) with each box it read marked from light ink whose inside
    is covered evenly, as a fill's is, put in doubt (see the module's docstring)."""
    out = list(after)
    for k, (a, b) in enumerate(zip(after, before, strict=True)):
        if (a.state == BoxState.marked and b.state != BoxState.marked and a.coverage < th.marked_min
                and evenness(insides[k], th.fill_cells) >= th.light_fill_even_min):
            out[k] = replace(a, state=BoxState.uncertain, confidence=0.3)
    return out
