"""A box the page's paper read empty, judged again against the paper right round it.

The page's paper (traces.paper_envelope) is measured on squares taken all over the side: on a copy of a copy whose
toner squiggles lie in patches, it is the squiggles' paper, and a light pencil's X in a clean corner of that page
holds no more faint ink and no longer trace than the squiggles do, so it was read empty (heldout_augraphy copy2
seed 38, stack001_flatbed_002 Câu 8: an HB X, its faint ink 11 % of the box, its darkest 0.20, the paper 5 mm
round it at 0.04 (99th percentile)). Its question was asked all the same, but only by chance: the haze rule
(mark_rules._strokes_in_haze) missed the X by a hair (its straightest line 1.42 times its mates' median, 1.45
needed) and asked about the squiggled box beside it instead (1.48), and the side, holding no answer, had its
blanks asked. A person sees the X at once: the paper beside it is clean.

So a box the page's paper read empty and that is still empty after the other rules is asked about where more than
faint_max of it is darker than faint_ink while the unprinted paper in the window 5 mm round it
(speckled_through.paper_level at speck_window_quantile, as speckled_window measures it) is no darker than
clean_round_max, half of faint_ink: that ink is not the paper's there. Squiggled boxes inside a patch of squiggles
have paper round them at 0.24-0.45 (the tuning side); a phone photo's hazed boxes, whose insides are darker than
the paper round them, have it at 0.10-0.65 (photos seed 21), and stay as they were read.
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
        if 0 < level <= th.clean_round_max:  # (0: no paper left in the window to measure)
            out[k] = replace(r, state=BoxState.uncertain, confidence=0.3)
    return out
