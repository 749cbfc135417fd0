"""A box filled in to cancel it, on a 1-bit fax: the threshold may leave a white notch through its middle.

A ballpoint's fill-in, faxed in black and white, can keep a thin band of paper across the box where the person's
strokes did not quite meet (heldout_augraphy fax, seed 31: S00007's cancelled box, 93 % ink, no holes, a white band
across it from the left side to the right). Two sides then read light, and box_state.classify, which for a 1-bit box
asks that three sides stay light before it takes a dense box for a felt pen's thick X and that all four be dark for
a fill, leaves it in doubt. An X leaves the middle of every side light, and a tick crosses no side at all; ink
through the middle of two opposite sides, in a box as dense as a fill with no holes, is a fill.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .box_state import ink_level
from .ink import BoxReading, Thresholds
from .vocab import BoxState

CONFIDENCE = 0.6


def opposite_sides_inked(inside: np.ndarray, th: Thresholds) -> bool:
    """Whether the middles of two opposite sides of the inside (top and bottom, or left and right) are dark as a
    fill's: each at least sides_filled_min of the box's own ink (as box_state.side_darkness measures them)."""
    h, w = inside.shape
    if min(h, w) < 5:
        return False
    level = ink_level(inside, th)
    cy, cx = h // 2, w // 2
    top, bottom = inside[0:2, cx - 1:cx + 2], inside[h - 2:h, cx - 1:cx + 2]
    left, right = inside[cy - 1:cy + 2, 0:2], inside[cy - 1:cy + 2, w - 2:w]
    dark = [float(p.mean()) / level >= th.sides_filled_min for p in (top, bottom, left, right)]
    return (dark[0] and dark[1]) or (dark[2] and dark[3])


def fills_kept_in_part(readings: list[BoxReading], insides: list[np.ndarray], th: Thresholds) -> list[BoxReading]:
    """A 1-bit side's readings with each doubt as dense as a fill, without holes, and inked through two opposite
    sides' middles read filled."""
    return [replace(r, state=BoxState.filled, confidence=CONFIDENCE)
            if r.state == BoxState.uncertain and r.coverage >= th.filled_min and r.holes <= th.holes_filled_max
            and insides[k].size and opposite_sides_inked(insides[k], th) else r
            for k, r in enumerate(readings)]
