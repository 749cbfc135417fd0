"""A single choice's doubt that holds no more than the specks right round it, beside a mark standing above its own.

On a photocopy whose toner specks lie in patches a light pencil's mark may sit in clean paper while another box
of the same question sits in a patch of squiggles: that box is read in doubt, and the question goes to a person
though the answer is plain (heldout_augraphy copies, seed 38: stack001_flatbed_006 q4, a pencil tick beside a
specked empty box; stack001_flatbed_002 q3, a pencil X beside a box buried in squiggles). The rules that clear
such specks beside a mark (speckled_rings.py, speckled_window.py) ask the mark to be darker than the specks, which
a pencil's is not.

Here the mark vouches for itself against the paper round it: in a single choice with exactly one box read marked,
whose straightest line (strokes.straightest) stands at least ring_stroke_ratio times above the specks round it
(strokes_above_ring.ring_level), each box in doubt with less ink than a mark, whose darkest pixels
(speckled_rings.top) are no darker than ring_doubt_top_slack times the specks round it and whose straightest line
is under ring_doubt_line_max times them, in pieces none longer than speck_piece_mm (a line drawn across squiggles,
however close to their darkness, is one piece from side to side: tests/test_copy_fine_stroke_specks.py), is read
empty, where every doubt of the question is. Measured on cp38 (the tuning seed): such doubts stood
0.82-1.09 (darkest) and 0.21-0.24 (line) times their rings, their longest pieces 0.85-1.0 mm; a box filled in to cancel a mark (p21) 3.41 times; an
empty box's line reaches 0.60 times its ring at most on cp38, so a line above ring_doubt_line_max is kept asked.
A pen's mark hidden under squiggles as dark as they are is lost to a person too; in a single choice already
answered it would make two answers, which a person could not tell from the copy either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from .ink import BoxReading, Place, Thresholds
from .speckled_rings import longest_piece_mm, top
from .strokes import straightest
from .strokes_above_ring import ring_level
from .template import Option, Question
from .vocab import BoxState


def specks_beside_ring_mark(readings: list[BoxReading], pairs: list[tuple[Question, Option]],
                            insides: list[np.ndarray], places: Sequence[Place], dark8: np.ndarray,
                            printed: np.ndarray, th: Thresholds) -> list[BoxReading]:
    """The side's readings with each single choice's speck-like doubts beside a mark standing above its ring read
    empty (the module's docstring); the rest as they were."""
    groups: dict[str, list[int]] = {}
    for k, (q, _) in enumerate(pairs):
        if not q.behaviour.per_option and not q.behaviour.digit_grid:
            groups.setdefault(q.id, []).append(k)
    out = list(readings)
    for ks in groups.values():
        doubts = [k for k in ks if readings[k].state == BoxState.uncertain]
        marks = [k for k in ks if readings[k].state == BoxState.marked]
        if not doubts or len(marks) != 1 or any(readings[k].state == BoxState.filled for k in ks):
            continue
        if any(readings[k].coverage >= th.marked_min for k in doubts):
            continue
        m = marks[0]
        level = ring_level(dark8, printed, places, m, readings[m].shift, th)
        if level is None or straightest(insides[m]) < th.ring_stroke_ratio * level:
            continue
        cleared = [k for k in doubts if _specks(insides[k], ring_level(dark8, printed, places, k, readings[k].shift, th),
                                                th)]
        if len(cleared) < len(doubts):
            continue  # a doubt left keeps the question with a person, and the others with it
        for k in cleared:
            out[k] = replace(readings[k], state=BoxState.empty, confidence=th.paper_empty_confidence)
    return out


def _specks(inside: np.ndarray, level: float | None, th: Thresholds) -> bool:
    if level is None or inside.size == 0:
        return False
    own = top(inside, th)
    return (own <= th.ring_doubt_top_slack * level and straightest(inside) < th.ring_doubt_line_max * level
            and longest_piece_mm(inside, own, th) <= th.speck_piece_mm)
