"""A phone photo's cast shadow's grain taken for ink a person added round a question, measured again against a paper
level that discounts the grain's peaks.

A phone photo's grain is added light, as many grey levels in a shadow as in full light. The page's darkness
divides by the shade, so in a shadow the grain grows with the print, and its paper level (the closing of the page:
the brightest paper round each pixel) lies as much further above the paper's middle: empty boxes there read 10-20 %
"ink" and so does the paper round them.

The grain outside the boxes counts as ink a person added to the question's region (stray.stray_ink_mm2): a
question flagged for it on a shadowed page is measured again on the darkness whose paper level in the shadow is
drawn towards the paper's median by as much as the light is lost there (ink.shadow_darkness), and keeps the lesser.

Not used for the boxes themselves. Read on the whole page, that level lightened pen ticks in a deep shadow below
the ink level (heldout photo seed 20: two ticks then asked about); read again for the doubts only, it read light
pencil X's in a shadow empty, which the question's mates had read as its answer (seed 13: a side's answer lost to
a rule's question, 3 questions more asked on seed 13, 2 on seed 19).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .fine import Fine
from .ink import Thresholds, shadow_darkness
from .template import Question


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
