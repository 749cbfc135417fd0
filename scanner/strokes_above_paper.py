"""A light pencil's stroke straighter than any square of the page's own paper: the answer, not a doubt.

On a phone photo sent by a chat app (some 5 pixels a millimetre) an HB pencil's X, tick or slash leaves no pixel at
the ink level, and the rules that judge a box against its mates (mates.py) settle a question only beside a plain
mark, or, in a single choice, where the box leads its mates by mate_stroke_margin; a person sees the stroke at once
where the page's paper is smooth. The page's own plain paper is the yardstick: its squares the size of a box
(reference.paper_patches, measured as the boxes are: strokes.straightest on fine.Fine) show the straightest line
its grain draws anywhere on the page. On heldout_augraphy photo seed 21 (the tuning seed) and seeds 40 and 41, an
inkless doubt that a pencil drew stood up to 2.5 times the page's straightest square and 2.7 to 4.9 times its
question's other boxes' median; no empty box in doubt stood above 1.18 times the page's squares, and of all the
empty boxes (read empty too) one reached 1.32 times them, and 2.95 times its mates.

So a doubt holding no pixel at the ink level is read marked where its line stands paper_ratio times above the
page's straightest square, mates_ratio times and mates_margin above its question's other boxes' median, and its
middle is not darker than theirs by more than fill_share of its line (a box filled in to cancel it darkens its
whole inside: corrections stood 0.58-0.66, strokes 0-0.42). The question must then be settled by it: its other
boxes read empty or plainly marked (a doubt left keeps it with a person anyway), a single choice by one such box
and nothing else, and the question's empty boxes quiet, none drawing a line quiet_ratio times their median: on a
side written in a hard pencil the picture loses some marks altogether (seed 21, stack004_flatbed_001 q1: box 3's
2H tick read empty at 1.54 times its empty mates), and the doubts are then what keeps the question with a person.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from .fine import Fine
from .ink import BoxReading, Place, Thresholds
from .mates import Mottle
from .strokes import straightest
from .template import Option, Question
from .vocab import BoxState


def choice_boxes(pairs: list[tuple[Question, Option]]) -> list[list[int]]:
    """Each choice question's boxes (a digit grid's are read column by column elsewhere): a stroke is judged against
    its question's other boxes, which lie on the same paper in the same light."""
    groups: dict[str, list[int]] = {}
    for k, (q, _) in enumerate(pairs):
        if not q.behaviour.digit_grid:
            groups.setdefault(q.id, []).append(k)
    return list(groups.values())

def strokes_above_paper(readings: list[BoxReading], pairs: list[tuple[Question, Option]], places: Sequence[Place],
                        fine: Fine, mottle: Mottle, th: Thresholds) -> list[BoxReading]:
    """The side's readings with each question's inkless doubts read marked where they stand above the page's own
    paper and settle the question (the module's docstring); other boxes as read. mottle: the lines the page's
    plain paper draws (mates.Mottle), measured only when a question has such a doubt."""
    out = list(readings)
    for ks in choice_boxes(pairs):
        if not any(_inkless_doubt(readings[k]) for k in ks):
            continue
        if any(readings[k].state == BoxState.uncertain and not _inkless_doubt(readings[k]) for k in ks):
            continue  # a doubt with ink in it: a person's
        level = mottle.level(100.0)
        if level <= 0:
            continue
        darks = {k: fine.darkness(*places[k]) for k in ks}
        lines = {k: straightest(darks[k]) for k in ks}
        middles = {k: float(np.median(darks[k])) for k in ks}
        plain = [k for k in ks if _plain(readings[k], th)]
        standing = [k for k in ks if _inkless_doubt(readings[k]) and _stands(k, ks, plain, lines, middles, level, th)]
        if not settles(readings, ks, pairs[ks[0]][0], plain, standing, lines, th):
            continue
        for k in standing:
            out[k] = replace(out[k], state=BoxState.marked, confidence=th.mate_confidence)
    return out


def settles(readings: list[BoxReading], ks: list[int], q: Question, plain: list[int], standing: list[int],
            lines: dict[int, float], th: Thresholds) -> bool:
    """Whether reading a question's standing doubts marked settles it (the module's docstring): no other doubt, a
    single choice by one such box beside no plain mark, and its empty boxes quiet (_loud). lines: each box's
    straightest line. Shared with crossed_strokes.py."""
    rest = [k for k in ks if k not in plain and k not in standing]
    if not standing or any(readings[k].state != BoxState.empty for k in rest):
        return False  # a doubt left: the question stays with a person
    if not q.behaviour.per_option and (len(standing) != 1 or plain):
        return False  # a single choice with two answers is a person's to judge
    return not _loud(rest, lines, th)


def plain_mark(r: BoxReading, th: Thresholds) -> bool:
    """A box plainly marked or filled (its ink at least marked_min): the marks beside which doubts are judged."""
    return _plain(r, th)


def _stands(k: int, ks: list[int], plain: list[int], lines: dict[int, float], middles: dict[int, float],
            level: float, th: Thresholds) -> bool:
    return stands(k, ks, plain, lines, middles, level,
                  (th.above_paper_ratio, th.above_mates_ratio, th.above_mates_margin, th.above_fill_share))


def stands(k: int, ks: list[int], plain: list[int], lines: dict[int, float], middles: dict[int, float],
           level: float, bars: tuple[float, float, float, float]) -> bool:
    """Whether box k's line stands above the paper's (level) and its question's other unmarked boxes', by the
    bars (times the paper, times the mates, above the mates, and how much of it a fill may explain): the paper
    and the mates show what a stroke there must beat, whichever way it is measured."""
    paper_ratio, mates_ratio, mates_margin, fill_share = bars
    others = [j for j in ks if j != k and j not in plain]
    if not others:
        return False
    typical = statistics.median(lines[j] for j in others)
    middle = statistics.median(middles[j] for j in others)
    return (lines[k] >= paper_ratio * level and lines[k] >= mates_ratio * typical
            and lines[k] - typical >= mates_margin and middles[k] - middle <= fill_share * lines[k])


def _loud(rest: list[int], lines: dict[int, float], th: Thresholds) -> bool:
    """Whether one of the question's empty boxes draws a line its empty mates do not: a mark the picture lost."""
    if len(rest) < 2:
        return False
    typical = statistics.median(lines[k] for k in rest)
    return max(lines[k] for k in rest) > th.above_quiet_ratio * typical


def _inkless_doubt(r: BoxReading) -> bool:
    return r.state == BoxState.uncertain and r.coverage == 0.0


def _plain(r: BoxReading, th: Thresholds) -> bool:
    return r.state in (BoxState.marked, BoxState.filled) and r.coverage >= th.marked_min

