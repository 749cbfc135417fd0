"""A dense mark on a 1-bit side of broken remains, drawn as its own question's plain mark beside it, is a mark.

On a 1-bit side whose marks are mostly broken remains, a full X standing out among them may be a fill-in's kept X
(its shading drawn over twice, while the chosen box's lighter X vanished): mark_rules._dense_among_broken asks
about every box at broken_dense_min or above. A side may hold two pens, though: a black ballpoint's two slashes in
one question, whole, on a side whose blue ballpoint the fax broke (heldout_augraphy fax seed 63,
stack001_flatbed_003 Câu 12: slashes of 0.208 and 0.197 coverage, holes 0.59 and 0.60, no specks; the first asked,
the second just under the bar read plain). A fill-in's kept X keeps more than the person's plain mark: its shading
leaves grain specks, closes the X's paper holes, or adds ink. So a box that rule asked about is read marked again
when its question holds a plain mark read whole (coverage under broken_dense_min, no specks, confidence 1) that it
outdoes by dense_mate_ratio at most, with its holes within dense_mate_holes of that mark's and no speck of its own.
"""

from __future__ import annotations

from .ink import BoxReading, Thresholds
from .vocab import BoxState


def dense_like_mate(before: list[BoxReading], after: list[BoxReading], th: Thresholds) -> list[BoxReading]:
    """after: the readings once _dense_among_broken asked about dense marks; before: as they were. Each box it asked
    about that is drawn as its question's own plain mark reads as before (the module's docstring)."""
    asked = [k for k, (a, b) in enumerate(zip(before, after, strict=True)) if a.state != b.state]
    if not asked:
        return after
    out = list(after)
    for k in asked:
        r = before[k]
        if r.specks:
            continue
        plain = [m for m in after if m.question_id == r.question_id and m is not after[k]
                 and m.state == BoxState.marked and m.confidence >= 1.0 and m.specks == 0
                 and m.coverage < th.broken_dense_min]
        if any(r.coverage <= th.dense_mate_ratio * m.coverage and abs(r.holes - m.holes) <= th.dense_mate_holes
               for m in plain):
            out[k] = r
    return out
