"""A digit grid's bubbles judged column by column, each against its own column's plain mark.

A checkbox question has a few boxes; a date has eighty. Judged one by one
as checkboxes are, some bubble of a grid is nearly always in doubt: a speck
of a 1-bit fax's grain beside a mark, the end of a stroke that ran into the
bubble below, a bubble's outline lost in a phone photo's shadow. Where a
column holds one plain mark, a doubt beside it with a small share of that
mark's ink is the mark's spill or the paper's noise, not a second digit; a
doubt with as much ink as a mark is still asked about (two marks in a column).
A doubt alone in its column that measures as the grid's other marks do (the
same pen, closed up alike by a 1-bit scan) is a mark like them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from .ink import DEFAULT, BoxReading, Thresholds
from .kinds.digits import parse_bubble
from .vocab import BoxState

WEAK_SHARE = 0.25  # a doubt beside a column's plain mark holds at most this share of the mark's ink ...
SETTLED_CONFIDENCE = 0.6  # ... and is then read as empty with this confidence


def settle_columns(readings: list[BoxReading], th: Thresholds = DEFAULT) -> list[BoxReading]:
    """The readings with each doubt that its column's one plain mark explains read as empty."""
    columns: dict[int, list[int]] = defaultdict(list)
    for k, r in enumerate(readings):
        cd = parse_bubble(r.option_id)
        if cd is not None:
            columns[cd[0]].append(k)
    out = list(readings)
    marks = [r for r in readings if r.state == BoxState.marked and r.coverage >= th.dense_min]
    for ks in columns.values():
        plain = [readings[k] for k in ks if readings[k].state == BoxState.marked]
        doubt = _like_the_marks(readings, ks, marks, th)
        if doubt is not None:
            out[doubt] = replace(readings[doubt], state=BoxState.marked, confidence=SETTLED_CONFIDENCE)
            continue
        if len(plain) != 1 or plain[0].coverage < th.marked_min:
            continue
        doubts = [k for k in ks if readings[k].state == BoxState.uncertain]
        limit = min(th.marked_min, WEAK_SHARE * plain[0].coverage)
        if doubts and all(readings[k].coverage < limit for k in doubts):
            for k in doubts:
                out[k] = replace(readings[k], state=BoxState.empty, confidence=SETTLED_CONFIDENCE)
    return out


def _like_the_marks(readings: list[BoxReading], column: list[int], marks: list[BoxReading],
                    th: Thresholds) -> int | None:
    """The one doubt of a column holding nothing else, when it is dense ink measured as the grid's own plain marks
    are: a felt pen's X that a 1-bit scan closed up is a mark in one column as in the next."""
    if any(readings[k].state != BoxState.empty for k in column if readings[k].state != BoxState.uncertain):
        return None
    doubts = [k for k in column if readings[k].state == BoxState.uncertain]
    if len(doubts) != 1:
        return None
    d = readings[doubts[0]]
    if d.coverage < th.dense_min:
        return None
    alike = [m for m in marks if abs(m.coverage - d.coverage) <= LIKE_COVERAGE * m.coverage
             and abs(m.holes - d.holes) <= LIKE_HOLES]
    return doubts[0] if len(alike) >= 2 else None


LIKE_COVERAGE = 0.1  # a doubt as covered as the grid's plain marks within this share of theirs ...
LIKE_HOLES = 0.03  # ... and with as much paper left in it, give or take this, is one of them (two such marks at least)
