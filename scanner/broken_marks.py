"""A light pencil on a 1-bit scan, judged against the rest of its own page.

The scanner's threshold breaks a light pencil's X into a few pixels where
its strokes crossed or pressed hardest, or keeps it with specks of grain. One such box alone is a doubt; a
page on which every answer came out that way shows what its pen leaves,
and a single-choice question holding one box of such remains, no more than
the page's other remains, is answered.
A box filled in to cancel another answer keeps far more (its X drawn over
its shading): it stands out of the page's remains and stays a doubt, as
does every question that may hold several answers, one of which may have
vanished. On a side where a box read empty still holds a pixel or two of
ink, a mark all but vanished: others may have entirely (a second mark on a
single choice too), and nothing is read so there. Where several
questions came out blank with no such trace, the answers read so are kept
(rules.page_rules asks about the rest of such a side).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .ink import BoxReading, Thresholds
from .template import Question
from .traces import Trace
from .vocab import BoxState


def broken_remains(readings: list[BoxReading], th: Thresholds) -> list[BoxReading]:
    """The page's doubtful boxes holding a few pixels of ink, too little for a mark, or an X kept with grain
    specks of the pencil round it (marks.grainy_specks), short of what a fill-in's X keeps."""
    return [r for r in readings if r.state == BoxState.uncertain and 0 < r.coverage < th.broken_dense_min]


def read_broken_singles(readings: list[BoxReading], questions: list[Question], th: Thresholds) -> list[BoxReading]:
    """On a 1-bit side whose pen the threshold broke in many boxes, each single-choice question whose only inked
    box holds such remains, within the page's own range of them, reads that box as marked."""
    broken = broken_remains(readings, th)
    # X's the fax cut into fragments and lone pixels in a row, read as marks (fax_strokes.py), tell of the same pen
    kept_in_pieces = [r for r in readings if r.state == BoxState.marked and r.specks >= th.grainy_specks
                      and r.coverage < th.broken_dense_min]
    if len(broken) + len(kept_in_pieces) < th.broken_page_min or not broken:
        return readings
    by_question: dict[str, list[BoxReading]] = {}
    for r in readings:
        by_question.setdefault(r.question_id, []).append(r)
    if any(r.state == BoxState.empty and r.coverage > 0 for r in readings):
        return readings  # a box read empty yet holding ink: a mark all but vanished here, so others may have entirely
    typical = float(np.median([r.coverage for r in broken + kept_in_pieces]))
    accept = set()
    for q in questions:
        if not q.behaviour.one_option:
            continue
        inked = [r for r in by_question.get(q.id, []) if r.state != BoxState.empty]
        if len(inked) != 1:
            continue
        r = inked[0]
        if r in broken and r.coverage <= th.broken_typical_ratio * typical:
            accept.add((r.question_id, r.option_id))
    return [replace(r, state=BoxState.marked, confidence=th.broken_confidence) if (r.question_id, r.option_id) in accept
            else r for r in readings]


def read_light_singles(readings: list[BoxReading], questions: list[Question], found: dict[int, Trace],
                       th: Thresholds) -> list[BoxReading]:
    """On a grey side written with a pen too light for a mark's darkness (a hard pencil, lightly held), each
    single-choice question whose only inked box holds a light stroke across it, about as dark as the page's
    other such strokes, reads that box as marked.

    found: by index in readings, the doubtful boxes' strokes long and plain enough above the page's noise.
    Asked about alone, such a stroke is kept for a person; several on one side show the hand that drew them.
    An erased mark keeps a fifth of its pen's darkness, far below the strokes it is measured against.
    """
    if len(found) < th.light_page_min:
        return readings
    typical = float(np.median([t.darkness for t in found.values()]))
    index = {(r.question_id, r.option_id): k for k, r in enumerate(readings)}
    out = list(readings)
    for q in questions:
        if not q.behaviour.one_option:
            continue
        ks = [index[(q.id, o.id)] for o in q.options if (q.id, o.id) in index]
        inked = [k for k in ks if readings[k].state != BoxState.empty]
        if len(inked) == 1 and inked[0] in found and found[inked[0]].darkness >= th.light_typical_share * typical:
            out[inked[0]] = replace(readings[inked[0]], state=BoxState.marked, confidence=th.broken_confidence)
    return out
