"""A light pencil's stroke along a box's diagonal on a grainy phone photo: the answer, not a doubt.

strokes_above_paper.py and crossed_strokes.py judge a doubt's straightest line at any of 24 angles against the page's
plain squares' same line. On a coarse photo of grainy paper (heldout_augraphy photo: p21, and the pencil-heavy set
pp222) the grain's best line among so many is nearly as strong as an HB pencil's slash, X or tick: the slashes a
person sees at once stay asked (pp222 stack034_flatbed_003: q7's slash 1.24 times the page's straightest plain
square, just short of strokes_above_paper's 1.25; q6's three 1.0-1.23). But a person's stroke across a box runs corner to
corner, within some 15 degrees of a diagonal, and the grain lines up at any angle: judged along the diagonals only
(strokes.diagonal_line: 5 of the 24 angles either way), the grain's best line falls and the stroke keeps its
darkness. On p21 and pp222, of 853 empty boxes holding no more ink than the paper shows (in doubt or not), none
stood paper_ratio 1.6 times the page's plain squares' diagonal line (at paper_quantile 95) and mates_ratio 2.0
times its question's other boxes' median at once (the nearest: 1.53 and 2.3, a doubt beside a slash in doubt); of
the 29 pencil marks left in doubt there, 11 did.

Such a doubt is read marked only where that settles its question as strokes_above_paper settles it
(strokes_above_paper.settles: no other doubt, a single choice by one such box, its empty boxes quiet, judged here on
their straightest lines at any angle: a 2H tick the picture half lost runs off the diagonals, p21 stack004_flatbed_001
q1), where no plain mark stands beside it (a multiple choice's empty box beside three ballpoint marks drew a grain
line twice its empty mates' along a diagonal: reporting photos p41s4 stack002_flatbed_007 q7, seen there, so that
set no longer reports on this condition; beside a pen's marks grain_beside_marks.py and mates.py judge), and its
middle no darker than its mates' by more than fill_share of its line (a box filled in to cancel it draws lines too).
The page's rules still count it as a doubt (mark_rules.Ruled.settled).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

import numpy as np

from .crossed_strokes import light_doubt, light_doubt_choices
from .fine import Fine
from .ink import BoxReading, Place, Thresholds
from .mates import Mottle
from .strokes import diagonal_line, straightest
from .strokes_above_paper import plain_mark, settles, stands
from .template import Option, Question
from .vocab import BoxState


class PaperDiagonals:
    """The page's plain squares' diagonal line (strokes.diagonal_line) at diagonal_paper_quantile, measured once
    when first asked for, on the squares mates.Mottle closed; 0 when the page shows too few squares to judge
    (paper_patches_min)."""

    def __init__(self, mottle: Mottle, th: Thresholds) -> None:
        self.mottle, self.th = mottle, th
        self._level: float | None = None

    def level(self) -> float:
        if self._level is None:
            got = [diagonal_line(d) for d in self.mottle.darks()]
            self._level = (float(np.percentile(got, self.th.diagonal_paper_quantile))
                           if len(got) >= self.th.paper_patches_min else 0.0)
        return self._level


def diagonal_strokes(readings: list[BoxReading], pairs: list[tuple[Question, Option]], places: Sequence[Place],
                     fine: Fine, paper: PaperDiagonals, th: Thresholds,
                     hazed: Collection[int] = ()) -> list[BoxReading]:
    """The side's readings with each question's light doubts read marked where their diagonal line stands above
    the page's own paper and their mates and settles the question (the module's docstring); other boxes as read.
    hazed: boxes the page's own paper explained until a haze line put them in doubt (mark_rules._strokes_in_haze,
    on paper whose plain squares show little haze): such a box holding no ink whose straightest line is no
    straighter than some plain square of the page draws (mate_alone_quantile, as mates._paper_draws_alike judges it)
    stays in doubt, for a fibre's straight line runs along a diagonal as readily as across (texture seed 22,
    tests/test_mates_alone_on_paper.py: 1.67 times the squares' diagonal line and 3.9 times its mates', 0.92 of
    the page's straightest square; a blank single choice read "3" otherwise)."""
    out = list(readings)
    for ks in light_doubt_choices(readings, pairs, th):
        level = paper.level()
        if level <= 0:
            continue
        if any(plain_mark(readings[k], th) for k in ks):
            continue  # beside a pen's plain mark the grain's line is judged by grain_beside_marks and mates.py
        darks = {k: fine.darkness(*places[k]) for k in ks}
        lines = {k: diagonal_line(darks[k]) for k in ks}
        middles = {k: float(np.median(darks[k])) for k in ks}
        plain: list[int] = []
        standing = [k for k in ks if light_doubt(readings[k], th)
                    and _stands(k, ks, plain, lines, middles, level, th)
                    and not (k in hazed and _paper_draws_alike(readings[k], darks[k], paper.mottle, th))]
        # the empty boxes' quiet is judged on their straightest lines at any angle: a mark the picture lost in
        # part keeps its line wherever it runs (p21 stack004_flatbed_001 q1: a 2H tick, box 3, read empty beside
        # two doubts read here; along the diagonals it drew no more than its empty mates)
        if standing and settles(readings, ks, pairs[ks[0]][0], plain, standing,
                                {k: straightest(d) for k, d in darks.items()}, th):
            for k in standing:
                out[k] = replace(out[k], state=BoxState.marked, confidence=th.diagonal_confidence)
    return out


def _paper_draws_alike(r: BoxReading, dark: np.ndarray, mottle: Mottle, th: Thresholds) -> bool:
    return r.coverage == 0.0 and straightest(dark) <= mottle.level(th.mate_alone_quantile)



def _stands(k: int, ks: list[int], plain: list[int], lines: dict[int, float], middles: dict[int, float],
            level: float, th: Thresholds) -> bool:
    return stands(k, ks, plain, lines, middles, level,
                  (th.diagonal_paper_ratio, th.diagonal_mates_ratio, th.diagonal_mates_margin, th.above_fill_share))
