"""A copy's toner specks in an empty box beside a plain pen mark, judged against the paper of the window round it.

speckled_rings judges a squiggled box against the specks on the paper in a ring 1 to 2.4 mm round it, side by side,
and only beside a mark darker than a blotch can be. Two things left such boxes in doubt on copies of copies
(heldout_augraphy copy2 seed 38: stack002_005 Câu 2, stack004_002 Câu 1 and 2, stack004_003 Câu 7, each an empty
box of toner squiggles beside a plain ballpoint X or tick, sent to a reviewer): the question's text printed
just above the box leaves its upper strip of the ring no paper to measure (counted clean, so three of four sides
could not be reached), and the specks lie in patches, so one or two strips of the ring can be cleaner than the box;
and a blue ballpoint's tick, copied twice, stands at 0.51-0.67, under the blotch bar. A person sees at once that
those boxes hold what the paper round them holds.

Here the boxes of a question still in doubt after the other rules, with less ink than a mark (marked_min), read
empty where each of them holds no more than the paper's specks:
- its question holds a plain mark (read marked with a mark's ink, marked_min, its darkest at speck_stroke_top_min
  at least) and the box's darkest pixels are under speck_mark_share of that mark's: a second mark of the same pen
  would be as dark as the first;
- the unprinted paper in the window 5 mm round the box (speckled_through.paper_level: print and every box left out)
  is specked (its speck_window_quantile darker than faint_ink) and that level, times speck_window_slack, reaches
  the box's darkest pixels (measured over the whole window, the patch the box lies in speaks, not one strip);
- its ink lies in several pieces (speck_pieces_min), none longer than speck_piece_mm (a light line drawn across
  the squiggles, however close to their darkness, joins them into one long piece), and holds no straight run
  darker than the ring's
  (speckled_rings.long_lines, speck_line_slack; a pen's stroke however light holds one), nor the ring one darker
  than speck_ring_line_max (a pen's circle round the box).
and where none of the question's other unmarked boxes holds such a long piece either: a hard pencil's light
stroke that another rule read as paper (mates.strokes_among_mates) must not be left unasked once the squiggled
box beside it, whose doubt kept the question asked, is cleared.
Measured on the tuning seed: the six such doubts beside a plain mark were all empty; their darkest pixels
0.21-0.37 against the window's 0.29-0.37 (99th percentile) and 0.46-0.60 of the mark's.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .fine import Fine
from .ink import BoxReading, Place, Thresholds
from .local_blotches import paper_round
from .speckled_rings import long_lines, longest_piece_mm, pieces, top
from .speckled_through import paper_level
from .template import Option, Question
from .vocab import BoxState


def specks_in_window(readings: list[BoxReading], pairs: list[tuple[Question, Option]], insides: list[np.ndarray],
                     places: list[Place], printed: np.ndarray, fine: Fine, th: Thresholds) -> list[BoxReading]:
    """The readings with each question's doubts beside its plain mark read empty where each holds no more than the
    specks of the paper round it and none of its unmarked boxes holds a stroke (see the module's docstring); the
    rest as they were."""
    doubts = [k for k, r in enumerate(readings) if r.state == BoxState.uncertain and r.coverage < th.marked_min]
    by_question: dict[str, list[int]] = {}
    for k in doubts:
        by_question.setdefault(pairs[k][0].id, []).append(k)
    out = list(readings)
    for ks in by_question.values():
        q = pairs[ks[0]][0]
        group = [j for j, (qj, _) in enumerate(pairs) if qj is q]
        marks = [j for j in group if readings[j].state == BoxState.marked and readings[j].coverage >= th.marked_min]
        tops = [top(insides[j], th) for j in marks]
        if not tops or min(tops) < th.speck_stroke_top_min:
            continue
        if not all(_specks(k, readings[k], insides, places, printed, fine, th, min(tops)) for k in ks):
            continue
        if any(_stroke(insides[j], th) for j in group if j not in marks and j not in ks):
            continue  # a light stroke the other rules read as paper: the question stays as its doubts left it
        for k in ks:
            out[k] = replace(readings[k], state=BoxState.empty, confidence=th.paper_empty_confidence)
    return out


def _specks(k: int, r: BoxReading, insides: list[np.ndarray], places: list[Place], printed: np.ndarray, fine: Fine,
            th: Thresholds, mark: float) -> bool:
    """Whether box k holds no more than the specks of the window round it, beside a mark whose darkest is `mark`."""
    own = top(insides[k], th)
    if own > th.speck_mark_share * mark:
        return False
    shift = r.shift
    level = paper_level(printed, places, k, shift, fine, th, th.speck_window_quantile)
    if level <= th.faint_ink or own > th.speck_window_slack * level:
        return False
    if pieces(insides[k], own, th) < th.speck_pieces_min or _stroke(insides[k], th):
        return False
    inside, ring = long_lines(fine, paper_round(printed, places, k, shift), places[k], th)
    return inside <= ring * th.speck_line_slack and ring <= th.speck_ring_line_max


def _stroke(inside: np.ndarray, th: Thresholds) -> bool:
    """Whether the inside's ink holds a piece longer than speck_piece_mm: a line, however light, drawn across
    squiggles joins them into one long piece; the squiggles alone are short."""
    own = top(inside, th)
    return own > 0 and longest_piece_mm(inside, own, th) > th.speck_piece_mm
