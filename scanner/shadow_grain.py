"""Empty boxes under a phone photo's cast shadow, doubted for the shadow's grain, read again against a paper level
that discounts the grain's peaks.

A phone photo's grain is added light, as many grey levels in a shadow as in full light. The page's darkness
divides by the shade, so in a shadow the grain grows with the print, and its paper level (the closing of the page:
the brightest paper round each pixel) lies as much further above the paper's middle: empty boxes there read 10-20 %
"ink" and go to a reviewer (heldout_augraphy photo seeds 19 and 21). A box read in doubt at first is read again,
the same way (box_state.read_box, its line response and the page's noise floor as they were), on the page's
darkness whose paper level in the shadow is drawn towards the paper's median by as much as the light is lost there
(ink.shadow_darkness). Read empty there, it is empty; read otherwise, it keeps its first reading. A mark is never
read again, nor made one: the rule only settles doubts, and a light stroke's line response, measured against the
paper right round it (fine.Fine) and left as it was, still keeps its box in doubt.

The shadow's grain outside the boxes is ink a person added to the question's region (stray.stray_ink_mm2) for the
same reason: a question flagged for it on a shadowed page is measured again on that darkness and keeps the lesser.

Read on the whole page, the shadowed level also lightened pen ticks in a deep shadow below the ink level (heldout
photo seed 20: two ticks then asked about), so it is used for the doubts only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from .box_place import Found
from .box_state import read_box
from .fine import Fine
from .ink import BoxReading, Thresholds, shadow_darkness
from .template import Option, Question
from .vocab import BoxState


def doubts_in_shadow(readings: list[BoxReading], pairs: list[tuple[Question, Option]], found: list[Found],
                     lines: list[np.ndarray], fine: Fine, floor: float, th: Thresholds) -> list[BoxReading]:
    """The side's readings with each doubt that the shadow-discounted darkness reads empty read empty."""
    doubts = [k for k, r in enumerate(readings) if r.state == BoxState.uncertain]
    if not doubts:
        return readings
    dark = shadow_darkness(fine.canon, (fine.paper, fine.span), th)
    if dark is None:  # no shadow on the page
        return readings
    out = list(readings)
    for k in doubts:
        (q, o), (_, (y0, y1, x0, x1), dx, dy) = pairs[k], found[k]
        inside = dark[y0:y1, x0:x1].astype(np.float32) / 255
        again = read_box(q.id, o.id, inside, lines[k], dx, dy, floor, th)
        if again.state == BoxState.empty:
            out[k] = replace(again, confidence=min(again.confidence, th.shadow_empty_confidence))
    return out


def stray_in_shadow(stray: dict[str, float], questions: list[Question], fine: Fine,
                    measure: Callable[[np.ndarray, Question], float], th: Thresholds) -> dict[str, float]:
    """The side's stray ink (mm2 per question) with each question flagged for it (stray_min_mm2) measured again by
    `measure` on the shadow-discounted darkness, keeping the lesser; as it was on a page without a shadow."""
    flagged = [q for q in questions if stray[q.id] >= th.stray_min_mm2]
    if not flagged:
        return stray
    dark = shadow_darkness(fine.canon, (fine.paper, fine.span), th)
    if dark is None:
        return stray
    out = dict(stray)
    for q in flagged:
        out[q.id] = min(out[q.id], round(measure(dark, q), 2))
    return out
