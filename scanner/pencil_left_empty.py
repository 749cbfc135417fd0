"""A light pencil's stroke that the first reading left empty beside a plain pen's marks in a multiple-choice question.

pencil_beside_pen.py keeps in doubt a drawn stroke that a later rule would clear; a fainter one never reaches those
rules: the HB X of tests/data/copies/hb_x_cp38.png at 0.6 to 0.8 of its own darkness, drawn into an empty box of a
multiple-choice question holding ballpoint marks on a specked copy (copy2_tick_on_outline.jpg q6), holds no pixel at
the faint ink level and a line response within the copy's noise, so box_state.read_box reads it empty at once, and
the question was answered without it, unflagged (tests/test_copy_hb_x_beside_ballpoint.py, firmer 0.6 to 0.8).

By darkness such a box is the copy's paper; by shape it is not: its ink (pixels darker than half its darkest) is one
piece corner to corner with paper between the strokes (pencil_beside_pen.drawn_as_stroke; the X: 3.1 to 3.7 mm,
the toner specks of that side's empty boxes 2.3 mm at most), and its darkest pixels (speckled_rings.top) reach
drawn_top_min (the X at 0.6: 0.083 to 0.090; at 0.5, 0.064 to 0.082). Empty boxes of such questions on the copy
corpora cp38 (95 boxes) and cp41 with a piece that long are a haze no darker than 0.044. Such a box is put in
doubt: a person settles it. Single choices and grids are left as read (a second mark there is no answer).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .ink import BoxReading, Thresholds
from .pencil_beside_pen import drawn_as_stroke
from .speckled_rings import top
from .strokes_above_paper import plain_mark
from .template import Option, Question
from .vocab import BoxState


def strokes_left_empty(readings: list[BoxReading], pairs: list[tuple[Question, Option]], insides: list[np.ndarray],
                       th: Thresholds) -> list[BoxReading]:
    """The readings with each empty box of a multiple-choice question holding a plain mark put in doubt where it
    holds a light drawn stroke (the module's docstring); the rest as read."""
    pen = {q.id for (q, _), r in zip(pairs, readings, strict=True) if plain_mark(r, th)}
    out = list(readings)
    left = replace(th, drawn_paper_share=th.drawn_left_paper_share)
    for k, ((q, _), r) in enumerate(zip(pairs, readings, strict=True)):
        if not (r.state == BoxState.empty and q.id in pen and q.behaviour.per_option and not q.behaviour.digit_grid
                and insides[k].size):
            continue
        own = top(insides[k], th)
        if own >= th.drawn_top_min and drawn_as_stroke(insides[k], left, own):
            out[k] = replace(r, state=BoxState.uncertain, confidence=th.blotch_doubt_confidence)
    return out
