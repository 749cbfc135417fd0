"""A light stroke judged against the page's own paper and its question's other boxes, after the page's rules.

On a phone photo of mottled paper the page's paper envelope (traces.Paper) holds as much haze as a light stroke
leaves, so a box holding a tick a person sees (7 % darker than the paper round it) was read empty "as the paper's",
and no later rule asked about it: the reading was an answer short, without a flag. What the paper does not draw is
a straight line through the middle of a box that is straighter than the page's own plain squares draw (the same
measure and level mates.py uses: strokes.straightest on traces.Fine, their mate_paper_quantile) and stands out from
the question's other boxes, on the same paper in the same light. Such a box is never the paper's: it is asked about.

The same measure reads a light pencil mark that the box reader left in doubt (a 2H pencil's X on a photo: a few
faint pixels, no trace long and dark enough) when it is the question's only doubt, no box holds plain ink, the
doubt's line stands out from the others by line_mark_ratio and line_mark_margin and is straighter than the page's
paper draws, and no other box of the question draws a line as straight as the paper's at that level: then nothing
else in the question could be a mark, and the one box that holds a line is it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from .ink import BoxReading, Thresholds
from .mates import Place, paper_line_level
from .strokes import straightest
from .template import Option, Question
from .traces import Fine
from .vocab import BoxState


@dataclass(frozen=True)
class LineThresholds:
    """Tuned on heldout_augraphy photo seed 13 (benchmarks/heldout_augraphy.py); reported on seeds 16, 17, 18."""

    kept_ratio: float = 1.45  # a box the paper explained whose line is this many times its question's others' median
    kept_margin: float = 0.015  # ... and this much above it, and straighter than the page's paper, is asked about
    mark_ratio: float = 1.8  # a question's one light doubt whose line is this many times the others' median ...
    mark_margin: float = 0.025  # ... and this much above it, and straighter than the page's paper, is its mark


LINES = LineThresholds()


def lines_against_paper(readings: list[BoxReading], pairs: list[tuple[Question, Option]], places: list[Place],
                        fine: Fine, explained: Sequence[int], patches: Callable[[], Sequence[Place]],
                        th: Thresholds, lt: LineThresholds = LINES) -> list[BoxReading]:
    """The side's readings with boxes the paper explained put back in doubt where they hold a line the paper does
    not draw, and a question's one light doubt read as its mark where nothing else in it draws a line.
    explained: the boxes read empty as the page's paper (marks.read_page_marks); places: the boxes' insides;
    patches: squares of the page's plain paper (reference.paper_patches), asked for only when a box is judged."""
    groups: dict[str, list[int]] = {}
    for k, (q, _) in enumerate(pairs):
        if not q.behaviour.digit_grid:  # a digit grid's columns are judged by mates.py, each beside its mark
            groups.setdefault(q.id, []).append(k)
    kept = {k for k in explained if readings[k].state == BoxState.empty and pairs[k][0].id in groups}
    # a light doubt is read only on a side none of whose questions is left quiet: a side with doubts and quiet
    # questions has those asked about as its doubts are (rules.page_rules: no marks on the page, blanks among
    # doubts), which reading its doubts as marks would undo, and a quiet question there may hold a mark lighter
    # still; and only in a question of one answer (in one of several, a second mark lighter still may lie under
    # the paper's level)
    seen: dict[str, bool] = {}
    for k, (q, _) in enumerate(pairs):
        seen[q.id] = seen.get(q.id, False) or readings[k].state != BoxState.empty
    shown = all(seen.values())
    asked = [ks for ks in groups.values() if shown and not pairs[ks[0]][0].behaviour.per_option
             and _light_doubt(readings, ks, th) is not None]
    if not kept and not asked:
        return readings
    level = paper_line_level(fine, patches, th)
    if level <= 0:
        return readings
    lines: dict[int, float] = {}

    def line_of(k: int) -> float:
        if k not in lines:
            lines[k] = straightest(fine.darkness(*places[k]))
        return lines[k]

    out = list(readings)
    for k in sorted(kept):
        others = [j for j in groups[pairs[k][0].id] if j != k and not _plain(readings[j], th)]
        if _stands(line_of(k), [line_of(j) for j in others], level, lt.kept_ratio, lt.kept_margin):
            out[k] = replace(out[k], state=BoxState.uncertain, confidence=0.3)
    for ks in asked:
        doubt = _light_doubt(out, ks, th)
        if doubt is None:
            continue
        k, others = doubt, [j for j in ks if j != doubt]
        if (_stands(line_of(k), [line_of(j) for j in others], level, lt.mark_ratio, lt.mark_margin)
                and all(line_of(j) < level for j in others)):
            out[k] = replace(out[k], state=BoxState.marked, confidence=th.mate_confidence)
    return out


def _plain(r: BoxReading, th: Thresholds) -> bool:
    return r.state in (BoxState.marked, BoxState.filled) and r.coverage >= th.marked_min


def _light_doubt(readings: list[BoxReading], ks: list[int], th: Thresholds) -> int | None:
    """The question's one box in doubt, when it holds little ink and every other box is read empty."""
    doubts = [k for k in ks if readings[k].state != BoxState.empty]
    if len(doubts) != 1 or len(ks) < 2:
        return None
    k = doubts[0]
    return k if readings[k].state == BoxState.uncertain and readings[k].coverage < th.marked_min else None


def _stands(score: float, others: list[float], level: float, ratio: float, margin: float) -> bool:
    """Whether a box's line is straighter than the page's paper draws and stands out from its question's others."""
    if not others or score < level:
        return False
    typical = float(np.median(others))
    return score >= ratio * typical and score - typical >= margin
