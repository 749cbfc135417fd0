"""A light pen's or pencil's stroke beside a plain pen's marks in one multiple-choice question is not the copy's.

blotches.flat_grey_boxes and speckled_rings.specks_in_rings clear a box lighter than the blotches or the specks
round it where its question holds a plain mark, on the ground that a second mark of the question comes from the
same pen and would be as dark. A person may add a choice in pencil beside ballpoint ones: the HB X of
heldout_augraphy copy2 seed 38 (tests/data/copies/hb_x_cp38.png), drawn into an empty box of a multiple-choice
question beside its ballpoint marks, was read empty by either rule and the question answered without it,
unflagged (tests/test_copy_hb_x_beside_ballpoint.py).

What such a box holds tells them apart by shape: its ink (pixels darker than speck_piece_share of its darkest)
forms a piece longer than drawn_piece_mm (the X's: 3.3 to 3.7 mm; the toner squiggles those rules cleared in
multiple-choice questions of the copy corpora cp38, cp41, cp52: 2.7 mm at most), with paper between its strokes
(the inside's median under drawn_paper_share of its darkest: the X's 0.32 at most; a grey blotch filling the box
is one long piece too, but as dark all over: 0.53 and more; a phone photo's grain read as one 3.5 mm piece,
heldout_augraphy photo seed 21 stack001_flatbed_003 Câu 6 box 6: 0.43). Such a box
keeps the doubt it had, or is put in doubt if it was read marked, and no later rule that settles light doubts
against the question's plain marks reads it empty (still_held): a person settles it. Single-choice questions
and grids are left to the rules: a second mark there is no answer of its own.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .ink import BoxReading, Thresholds
from .speckled_rings import longest_piece_mm, top
from .template import Option, Question
from .vocab import BoxState


def drawn_as_stroke(inside: np.ndarray, th: Thresholds, own: float | None = None) -> bool:
    """Whether the inside's ink is a drawn stroke: one long piece with paper between (see the module). own: the
    inside's top (speckled_rings.top), when the caller has measured it already."""
    own = top(inside, th) if own is None else own
    return (own > 0 and float(np.median(inside)) < th.drawn_paper_share * own
            and longest_piece_mm(inside, own, th) > th.drawn_piece_mm)


def strokes_kept(before: list[BoxReading], after: list[BoxReading], pairs: list[tuple[Question, Option]],
                 insides: list[np.ndarray], th: Thresholds, held: dict[int, BoxReading]) -> list[BoxReading]:
    """`after` (a rule's readings) with each box of a multiple-choice question that the rule turned from ink to
    empty, and that holds a drawn stroke, kept in doubt instead; each such box's doubt is put in `held`."""
    out = list(after)
    for k, (a, b) in enumerate(zip(before, after, strict=True)):
        if (b.state == BoxState.empty and a.state in (BoxState.marked, BoxState.uncertain)
                and pairs[k][0].behaviour.per_option and drawn_as_stroke(insides[k], th)):
            out[k] = held[k] = a if a.state == BoxState.uncertain else replace(
                a, state=BoxState.uncertain, confidence=th.blotch_doubt_confidence)
    return out


def still_held(readings: list[BoxReading], held: dict[int, BoxReading]) -> list[BoxReading]:
    """The readings with each box strokes_kept held in doubt put back in doubt where a later rule read it empty:
    mates.strokes_among_mates and grain_beside_marks settle a light doubt against its question's plain marks and
    its empty mates, and a pencil X beside ballpoint marks on a copy's specked paper is as light and no straighter
    (copy2_tick_on_outline.jpg q6, copy2_speckled_rings.jpg q7)."""
    return [held[k] if k in held and r.state == BoxState.empty else r for k, r in enumerate(readings)]
