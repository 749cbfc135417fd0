"""A light second mark beside a plain one, judged against the page's own paper and its question's other boxes.

On a phone photo of mottled paper the page's paper envelope (traces.Paper) holds as much haze as a light stroke
leaves, so a box holding a tick a person sees (7 % darker than the paper round it), beside the question's plain
mark, was read empty "as the paper's", and no later rule asked about it: a multiple choice's second answer was
lost, a single choice's two marks read as one answer, without a flag (tests/test_paper_lines.py, on the real
Augraphy photo of tests/test_photos_multiple_mottle.py). What the paper does not draw is a straight line through
the middle of a box that is straighter than the page's own plain squares draw (the measure and level mates.py uses:
strokes.straightest on fine.Fine, at mate_paper_quantile) and stands out from the question's other unmarked
boxes, on the same paper in the same light. Such a box is never the paper's: it is asked about.

Only beside a plain mark, in a question of several answers, where that box is an answer of its own: its loss
leaves the record an answer short. The measure is weak at that lightness: on the same photo an empty box's mottle
draws as straight a line (q3 box 1: 0.052 against the tick's 0.048), so each such box costs a question sent to a
person. In a single choice a second mark beside the plain one is rarer and the cost too high for it (held-out
photo seeds: several questions more per seed); in a question without a plain mark a box the paper explained is
one of many such on a mottled photo, and a side whose hand is that light has its blank questions asked about
already (rules.page_rules: blanks among doubts, no marks on the page).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from .fine import Fine
from .ink import BoxReading, K, Place, Thresholds, share_above
from .mates import Mottle
from .strokes import straightest
from .template import Option, Question
from .vocab import BoxState


def lines_against_paper(readings: list[BoxReading], pairs: list[tuple[Question, Option]], places: list[Place],
                        insides: list[np.ndarray], fine: Fine, explained: Sequence[int],
                        mottle: Mottle, th: Thresholds) -> list[BoxReading]:
    """The side's readings with boxes the paper explained beside a multiple choice's plain mark put back in doubt
    where they hold a line the paper does not draw. explained: the boxes read empty as the page's paper
    (marks.read_page_marks); places: the boxes' insides; insides: their darkness as read (their haze); mottle: the
    lines the page's plain paper draws (mates.Mottle, shared with strokes_among_mates), asked for only when a box is
    judged."""
    groups: dict[str, list[int]] = {}
    for k, (q, _) in enumerate(pairs):
        if q.behaviour.per_option and not q.behaviour.digit_grid:  # see the module's docstring
            groups.setdefault(q.id, []).append(k)
    kept = [k for k in explained if readings[k].state == BoxState.empty and pairs[k][0].id in groups
            and any(_plain(readings[j], th) for j in groups[pairs[k][0].id])]
    if not kept:
        return readings
    level = mottle.level()
    if level <= 0:
        return readings
    lines: dict[int, float] = {}

    def line_of(k: int) -> float:
        if k not in lines:
            lines[k] = straightest(fine.darkness(*places[k]))
        return lines[k]

    out = list(readings)
    for k in kept:
        others = [j for j in groups[pairs[k][0].id] if j != k and not _plain(readings[j], th)]
        # a box without haze must stand out further, by the margin mark_rules._strokes_in_haze already asks there: a
        # copy's specks in a row draw a line in a clean box too (seen on a copier's page of world seed 21, a
        # reporting corpus: the margin is the existing one, not tuned on it)
        hazy = share_above(insides[k], th.faint_ink) > th.faint_max
        margin = th.line_kept_margin if hazy else th.stroke_clear_margin
        if _stands(line_of(k), [line_of(j) for j in others], level, th.line_kept_ratio, margin) \
                and not _speck(fine.darkness(*places[k]), th):
            out[k] = replace(out[k], state=BoxState.uncertain, confidence=th.line_kept_confidence)
    return out


def _speck(dark: np.ndarray, th: Thresholds) -> bool:
    """Whether the box's darker half (pixels at least half its darkest) lies within line_kept_min_mm each way: a
    copier's toner speck in an empty box draws a short "line" through the middle as straight as a tick's, but a
    stroke a person draws, however light, runs on (tests/test_copies.py's copied blank form)."""
    top = dark >= 0.5 * float(dark.max()) if dark.size and dark.max() > 0 else None
    if top is None:
        return False
    ys, xs = np.nonzero(top)
    return max(int(np.ptp(ys)), int(np.ptp(xs))) + 1 <= th.line_kept_min_mm * K


def _plain(r: BoxReading, th: Thresholds) -> bool:
    return r.state in (BoxState.marked, BoxState.filled) and r.coverage >= th.marked_min


def _stands(score: float, others: list[float], level: float, ratio: float, margin: float) -> bool:
    """Whether a box's line is straighter than the page's paper draws and stands out from its question's others."""
    if not others or score < level:
        return False
    typical = float(np.median(others))
    return score >= ratio * typical and score - typical >= margin
