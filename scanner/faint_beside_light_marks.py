"""A faint trace beside a light pencil's plain mark, in a question of one answer or a digit grid's column, is the paper's.

On fibrous paper scanned flat, a side written in an HB pencil reads its marks from light traces alone, and the
paper's fibres leave faint traces of their own in some empty boxes. Where a single choice or a grid column already
holds one such mark, a person sees at a glance which box the pencil crossed: the mark, and beside it a short smudge
of the paper a fraction as dark (heldout_augraphy texture, seed 71: a date's two empty bubbles in doubt at 0.54-0.55
of the darkness of their columns' X's, 1.5-2.4 mm long; a single choice's empty box at 0.64 of its mark).

The question's own mark is the yardstick. A second answer the person drew with the same pencil is about as dark as
the first; a mark rubbed out (a ghost) is a fifth of it and is no answer either. So, on a grey side, where a
question of one answer (or a grid column) holds exactly one mark read from a light trace and the rest of its boxes
are empty or in doubt, each doubt with no pixel at ink level whose trace is shorter than a light mark must be
(trace_marked_mm) and at most faint_beside_share of the mark's trace darkness reads empty.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import numpy as np

from .ink import BoxReading, Thresholds
from .kinds.digits import parse_bubble
from .template import Option, Question
from .traces import trace
from .vocab import BoxState


def _groups(pairs: list[tuple[Question, Option]]) -> list[list[int]]:
    """The boxes that hold one answer at most: a single choice's, or a digit grid column's."""
    out: dict[tuple[str, int], list[int]] = defaultdict(list)
    for k, (q, o) in enumerate(pairs):
        cd = parse_bubble(o.id) if q.behaviour.digit_grid else None
        if cd is not None:
            out[(q.id, cd[0])].append(k)
        elif q.behaviour.one_option:
            out[(q.id, 0)].append(k)
    return list(out.values())


def faint_beside_light_marks(readings: list[BoxReading], pairs: list[tuple[Question, Option]],
                             lines: list[np.ndarray], floor: float, th: Thresholds) -> list[BoxReading]:
    """The readings with each faint doubt beside its group's one light mark read empty (see the module's
    docstring)."""
    if not any(r.state == BoxState.uncertain and r.coverage == 0 for r in readings):
        return readings
    out = list(readings)
    for ks in _groups(pairs):
        marked = [k for k in ks if readings[k].state == BoxState.marked]
        doubts = [k for k in ks if readings[k].state == BoxState.uncertain]
        if len(marked) != 1 or not doubts or len(marked) + len(doubts) != sum(
                readings[k].state != BoxState.empty for k in ks):
            continue
        m = marked[0]
        if readings[m].coverage >= th.marked_min or not lines[m].size:
            continue
        mark = trace(lines[m], floor, th)
        if mark is None:
            continue
        for k in doubts:
            if readings[k].coverage > 0 or not lines[k].size:
                continue
            tr = trace(lines[k], floor, th)
            if tr is not None and tr.length_mm < th.trace_marked_mm and tr.darkness <= th.faint_beside_share * mark.darkness:
                out[k] = replace(readings[k], state=BoxState.empty, confidence=th.paper_empty_confidence)
    return out
