"""A digit grid on a 1-bit fax whose pen the threshold broke: each column's one bubble holding remains is its digit.

A blue ballpoint faxed in black and white keeps only a few pixels of each slash, tick or X (heldout_augraphy fax,
seed 63: a date's eight columns and a number's two, 2-10 pixels a bubble, every mark in doubt, each question
asked about). A person reads such a grid at a glance: in every column one bubble holds a few specks and the other
nine hold nothing at all.

The page's own paper is the yardstick. Where its plain squares (reference.paper_patches: 240 on a side) hold not
one pixel of ink, the fax added no specks of its own, and ink in a bubble is the person's. What else could leave
ink there is a fax's streak or low-ink line, which runs level or upright across the bubble. So, on a side whose
paper is clean and whose pen shows what it leaves (broken remains in several boxes, broken_page_min, as
broken_marks.read_broken_singles asks; or plain marks in the grid's other columns, the same pen kept better), a grid column's one doubt reads marked when it holds at least two pixels of ink, less than a
fill-in's kept X (broken_dense_min), no level or upright line across it, and every other bubble of its column
holds no pixel of ink. A grid one of whose columns holds no pixel at all is left as it was read: that column's
mark may be the one the fax took entirely, and the number read without it would be shorter, unflagged (a number
with a blank leading column stays asked about, a cost taken for that); a pencil the fax erased leaves no remains.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from .ink import BoxReading, Thresholds
from .kinds.digits import parse_bubble
from .template import Option, Question
from .vocab import BoxState

LINE_PX = 3  # ink no taller (or wider) than this across most of a bubble is a streak's line (grid_line_reach)


def pen_remains(inside: np.ndarray, th: Thresholds) -> bool:
    """Whether a bubble holds a pen's remains: two pixels of faint ink at least, and no level or upright line
    across grid_line_reach of it, unbroken over half its length at least (a streak's; a slanted stroke's few
    remains in a narrow column are not one)."""
    ys, xs = np.nonzero(inside > th.faint_ink)
    if len(xs) < 2:
        return False
    h, w = inside.shape
    tall, wide = int(ys.max() - ys.min()) + 1, int(xs.max() - xs.min()) + 1
    level = tall <= LINE_PX and wide >= th.grid_line_reach * w and len(xs) >= 0.5 * wide
    upright = wide <= LINE_PX and tall >= th.grid_line_reach * h and len(xs) >= 0.5 * tall
    return not (level or upright)


def paper_clean(squares: list[np.ndarray], th: Thresholds) -> bool:
    """Whether the page's plain squares (8-bit darkness) hold no pixel of faint ink at all."""
    return bool(squares) and all(not (sq > th.faint_ink * 255).any() for sq in squares)


def remains_in_columns(readings: list[BoxReading], pairs: list[tuple[Question, Option]], insides: list[np.ndarray],
                       plain: Callable[[], list[np.ndarray]], th: Thresholds) -> list[BoxReading]:
    """A 1-bit side's readings with each digit grid column's lone doubt of a pen's remains read marked (see the
    module's docstring). plain: the page's plain squares, measured only when a column may need them."""
    broken = [r for r in readings if r.state == BoxState.uncertain and 0 < r.coverage < th.broken_dense_min]
    columns: dict[tuple[str, int], list[int]] = defaultdict(list)
    for k, (q, o) in enumerate(pairs):
        cd = parse_bubble(o.id) if q.behaviour.digit_grid else None
        if cd is not None:
            columns[(q.id, cd[0])].append(k)
    marked = {qid for (qid, _), ks in columns.items() if any(readings[k].state == BoxState.marked for k in ks)}
    gone = {qid for (qid, _), ks in columns.items() if not any(_inked(readings[k], insides[k], th) for k in ks)}
    lone = []
    for (qid, _), ks in columns.items():
        if len(broken) < th.broken_page_min and qid not in marked:
            continue  # neither the side nor the grid's other columns show what this pen leaves
        if qid in gone:
            continue  # a column without a pixel: its mark may be gone, and the number read without it shorter
        doubts = [k for k in ks if readings[k].state != BoxState.empty]
        if len(doubts) != 1 or readings[doubts[0]].state != BoxState.uncertain:
            continue
        k = doubts[0]
        if readings[k].coverage >= th.broken_dense_min or not insides[k].size or not pen_remains(insides[k], th):
            continue
        if not any(_inked(readings[j], insides[j], th) for j in ks if j != k):
            lone.append(k)
    if not lone or not paper_clean(plain(), th):
        return readings
    return [replace(r, state=BoxState.marked, confidence=th.broken_confidence) if k in lone else r
            for k, r in enumerate(readings)]


def _inked(r: BoxReading, inside: np.ndarray, th: Thresholds) -> bool:
    """Whether a bubble holds anything: a reading other than empty, ink, or a pixel of faint ink."""
    return r.state != BoxState.empty or r.coverage > 0 or bool(inside.size and (inside > th.faint_ink).any())
