"""A box the page's paper read empty, judged again against the paper right round it.

The page's paper (traces.paper_envelope) is measured on squares taken all over the side: on a copy of a copy whose
toner squiggles lie in patches, it is the squiggles' paper, and a light pencil's X in a clean corner of that page
holds no more faint ink and no longer trace than the squiggles do, so it was read empty (heldout_augraphy copy2
seed 38, stack001_flatbed_002 Câu 8: an HB X, its faint ink 11 % of the box, its darkest 0.20, the paper 5 mm
round it at 0.04 (99th percentile); only its squiggled neighbour's doubt kept the question asked, and with that
neighbour clean the side read the question blank, unflagged). A person sees the X at once: the paper beside it
is clean.

So a box the page's paper read empty and that is still empty after the other rules is asked about where more than
faint_max of it is darker than both faint_ink and the paper in the window 5 mm round it
(speckled_through.paper_level at speck_window_quantile, times speck_window_slack, as speckled_window measures
it): that ink is not the paper's there. Squiggled boxes inside a patch of squiggles hold next to none such
(0-2.4 % on the tuning side, against the X's 57 %).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .fine import Fine
from .ink import BoxReading, K, Place, Thresholds, share_above
from .speckled_through import paper_level
from .vocab import BoxState


def strokes_on_clean_round(readings: list[BoxReading], explained: list[int], insides: list[np.ndarray],
                           places: list[Place], printed: np.ndarray, fine: Fine, th: Thresholds) -> list[BoxReading]:
    """The readings with each box of `explained` (read empty as the page's paper) that is still empty but holds
    faint ink the paper round it does not hold asked about; the rest as they were."""
    out = list(readings)
    for k in explained:
        r = readings[k]
        if r.state != BoxState.empty or share_above(insides[k], th.faint_ink) <= th.faint_max:
            continue
        shift = (int(round(r.dx_mm * K)), int(round(r.dy_mm * K)))
        level = paper_level(printed, places, k, shift, fine, th, th.speck_window_quantile)
        if share_above(insides[k], max(th.faint_ink, th.speck_window_slack * level)) > th.faint_max:
            out[k] = replace(r, state=BoxState.uncertain, confidence=0.3)
    return out
