"""A light pencil's X on a grainy phone photo: two crossing strokes where the page's paper draws one at a time.

strokes_above_paper.py reads an inkless doubt marked where its straightest line stands above the straightest
square of the page's plain paper and far above its question's other boxes. On a photo whose grain is coarse
(heldout_augraphy photo, a pencil-heavy tuning set: seed 222, four HB sheets and one 2H, and seed 21) that single
line is no proof: an empty box's grain lines up by chance into a line 1.17 times the page's straightest square and
twice its mates, and HB X's stand at 1.3 to 1.4 times and about twice their mates, so they stay asked. A person
sees the X because it is two strokes crossing. The paper's grain lines up in one direction at a time: of the
plain squares and empty boxes measured, the straightest line crossing a box's own straightest one
(strokes.crossing_lines, 45 degrees or more from it) seldom stands out with it.

So both lines are judged, each against the same line of the page's plain squares (reference.paper_patches
measured as the boxes are, at paper_quantile: one outlying square of grain is not the page's paper) and of the
question's other boxes (their median): an inkless doubt whose weaker score, the lesser of the two lines' ratios
to the page's squares, is at least paper_ratio, and each line mates_ratio times its mates' and margin above, is a
cross. On seeds 222 and 21, empty boxes holding no more ink than the paper shows (684, in doubt or not) scored at
most 1.42, pencil X's first left in doubt 0.30-2.65 (only the few above 1.6 are read here), X's read plainly
1.52-5.3; the three X's it reads on seed 222 stand 2.15-2.91 times their mates. It is read marked only where that
settles the question as strokes_above_paper settles it (strokes_above_paper.settles), its middle no darker than
its mates' by more than fill_share of its line (a box filled in to cancel it crosses too), and the page's rules
still count it as a doubt (mark_rules.Ruled.settled).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from .fine import Fine
from .ink import BoxReading, Place, Thresholds
from .mates import Mottle
from .strokes import crossing_lines
from .strokes_above_paper import choice_boxes, plain_mark, settles
from .template import Option, Question
from .vocab import BoxState


class PaperCrossings:
    """The page's plain squares' straightest line and straightest crossing line, at crossed_paper_quantile each,
    measured once when first asked for, on the squares mates.Mottle closed; (0, 0) when the page shows too few
    squares to judge (paper_patches_min)."""

    def __init__(self, mottle: Mottle, th: Thresholds) -> None:
        self.mottle, self.th = mottle, th
        self._levels: tuple[float, float] | None = None

    def levels(self) -> tuple[float, float]:
        if self._levels is None:
            got = [crossing_lines(d) for d in self.mottle.darks()]
            if len(got) < self.th.paper_patches_min:
                self._levels = (0.0, 0.0)
            else:
                q = self.th.crossed_paper_quantile
                self._levels = (float(np.percentile([a for a, _ in got], q)), float(np.percentile([b for _, b in got], q)))
        return self._levels


def crossed_strokes(readings: list[BoxReading], pairs: list[tuple[Question, Option]], places: Sequence[Place],
                    fine: Fine, paper: PaperCrossings, th: Thresholds) -> list[BoxReading]:
    """The side's readings with each question's inkless doubts read marked where they cross above the page's own
    paper and their mates and settle the question (the module's docstring); other boxes as read."""
    out = list(readings)
    for ks in light_doubt_choices(readings, pairs, th):
        first, crossing = paper.levels()
        if first <= 0 or crossing <= 0:
            continue
        darks = {k: fine.darkness(*places[k]) for k in ks}
        both = {k: crossing_lines(darks[k]) for k in ks}
        middles = {k: float(np.median(darks[k])) for k in ks}
        plain = [k for k in ks if plain_mark(readings[k], th)]
        standing = [k for k in ks if light_doubt(readings[k], th)
                    and _crosses(k, ks, plain, both, middles, (first, crossing), th)]
        if settles(readings, ks, pairs[ks[0]][0], plain, standing, {k: v[0] for k, v in both.items()}, th):
            for k in standing:
                out[k] = replace(out[k], state=BoxState.marked, confidence=th.crossed_confidence)
    return out


def light_doubt_choices(readings: list[BoxReading], pairs: list[tuple[Question, Option]],
                        th: Thresholds) -> list[list[int]]:
    """The choice questions' boxes (choice_boxes) of the questions holding a light doubt and no doubt with more ink
    in it than the paper ever shows: that one is a person's, and the question stays with them."""
    return [ks for ks in choice_boxes(pairs) if any(light_doubt(readings[k], th) for k in ks)
            and not any(readings[k].state == BoxState.uncertain and not light_doubt(readings[k], th) for k in ks)]


def light_doubt(r: BoxReading, th: Thresholds) -> bool:
    """A box in doubt with no more pixels at the ink level than the page's paper ever shows (paper_coverage_max):
    an HB pencil's X on a photo keeps a few where its strokes cross (1.7-2.8 % of the inside on seed 222)."""
    return r.state == BoxState.uncertain and r.coverage <= th.paper_coverage_max


def _crosses(k: int, ks: list[int], plain: list[int], both: dict[int, tuple[float, float]],
             middles: dict[int, float], paper: tuple[float, float], th: Thresholds) -> bool:
    others = [j for j in ks if j != k and j not in plain]
    if not others:
        return False
    for i in (0, 1):
        typical = statistics.median(both[j][i] for j in others)
        line = both[k][i]
        if (line < th.crossed_paper_ratio * paper[i] or line < th.crossed_mates_ratio * typical
                or line - typical < th.crossed_mates_margin):
            return False
    middle = statistics.median(middles[j] for j in others)
    return middles[k] - middle <= th.above_fill_share * both[k][0]
