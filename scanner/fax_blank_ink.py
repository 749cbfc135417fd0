"""A question read blank on a 1-bit side whose region still holds some of the person's ink beside its boxes.

A 1-bit fax may erase a light pencil's mark entirely, so every question read blank there is asked about
(blank_on_bilevel); when several on one side are, rules.page_rules takes the side's pen for lost and asks its
answers too (a fill-in's kept X may stand where the chosen mark vanished). But a fax keeps no stray pixel on the
paper by itself: on heldout_augraphy fax seed 63, of the 40 questions read blank on its sides (34 on sides of a 2H
pencil the fax erased), every one but one measures 0.0 mm² of stray ink. That one, under what sends an answered
question to review (stray_min_mm2), shows the pen survived there: a circle drawn round a box, which the fax kept
only in arcs (stack005_flatbed_001 Câu 3: 0.64 mm²). It is asked for that ink as well
(stray_ink beside blank_on_bilevel) and is no mark the fax took: a side whose one blank truly is blank beside such
a circle is not a side whose pen was lost.
"""

from __future__ import annotations

from .ink import DEFAULT, Thresholds


def ink_beside_blank(stray_mm2: float, th: Thresholds = DEFAULT) -> bool:
    """Whether a question read blank on a 1-bit side holds enough of the person's ink beside its boxes to tell its
    pen was not lost there (the module's docstring)."""
    return stray_mm2 >= th.stray_seen_1bit_mm2
