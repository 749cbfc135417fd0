"""A pen's mark under a phone photo's cast shadow, judged against the paper round its box rather than the page's.

The page's paper level (ink.levels) is the lit paper's: under a cast shadow every pixel of a box's inside stands
above the faint-ink level, so a ballpoint tick there looks like a box shaded all over in a hard pencil to cancel it
(box_state.read_box: shaded_min, shaded_over_ink) and is put in doubt (heldout_augraphy photo seed 20: three
ballpoint ticks and slashes, 82-96 % of their insides "faint"). The paper right round the box lies under the same
shadow: measured there (a ring outside the box's printed outline, its lighter part, as print and labels are darker),
the shadow's share of the inside falls away and the pen's strokes stay, so the box is read again against that paper.
Only a box the shaded test doubted is read again, and only a reading of "marked" is taken from it, and only where
the box holds a pen's stroke: a line through its middle as straight and dark against the paper right round it
(strokes.straightest on fine.Fine) as a ballpoint's, shadow_stroke_min (seed 20: the ticks 0.28-0.32; pencil marks,
a pencil's smudge and the shadow's grain in empty boxes there 0.13 at most). A hard pencil's shading over a paper a
little grey is then no mark: its X's strokes stand that far above the shading no more than a pencil's do.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .box_state import read_box
from .fine import Fine
from .ink import BoxReading, K, Thresholds, share_above
from .strokes import straightest
from .template import Option, Question
from .vocab import BoxState

Place = tuple[int, int, int, int]


def marks_in_shadow(readings: list[BoxReading], pairs: list[tuple[Question, Option]], insides: list[np.ndarray],
                    places: list[Place], shifts: list[tuple[int, int]], lines: list[np.ndarray], dark8: np.ndarray,
                    fine: Fine, floor: float, th: Thresholds) -> list[BoxReading]:
    """The readings with each box the shaded test doubted read again against the paper round it, where that reads
    it marked. insides, places, lines: as read_box measured them; dark8: the page's darkness (0 paper .. 255);
    fine: the grey page, measured against the paper right round each pixel."""
    out = list(readings)
    for k, r in enumerate(readings):
        if not _shaded_doubt(r, insides[k], th) or straightest(fine.darkness(*places[k])) < th.shadow_stroke_min:
            continue
        level = _ring_paper(dark8, places[k], th)
        if level <= 0:
            continue
        inside = np.clip((insides[k] - level) / (1.0 - level), 0.0, 1.0).astype(np.float32)
        (q, o), (dx, dy) = pairs[k], shifts[k]
        again = read_box(q.id, o.id, inside, lines[k], dx, dy, floor, th)
        if again.state == BoxState.marked:
            out[k] = replace(again, confidence=min(again.confidence, th.shadow_mark_confidence))
    return out


def _shaded_doubt(r: BoxReading, inside: np.ndarray, th: Thresholds) -> bool:
    """Whether read_box's shaded test is what left this box in doubt: ink enough for a mark, and faint all over."""
    if r.state != BoxState.uncertain or r.coverage < th.marked_min or not inside.size:
        return False
    shaded = share_above(inside, th.faint_ink)
    return shaded >= th.shaded_min and shaded - r.coverage >= th.shaded_over_ink


def _ring_paper(dark8: np.ndarray, place: Place, th: Thresholds) -> float:
    """The paper's darkness (0..1) in a ring round the box, outside its printed outline: the ring's
    shadow_ring_quantile, below print, labels and marks."""
    y0, y1, x0, x1 = place
    a, b = int(round(th.shadow_ring_in_mm * K)), int(round(th.shadow_ring_out_mm * K))
    h, w = dark8.shape
    ya, yb, xa, xb = max(0, y0 - b), min(h, y1 + b), max(0, x0 - b), min(w, x1 + b)
    ring = dark8[ya:yb, xa:xb].astype(np.float32) / 255
    mask = np.ones(ring.shape, bool)
    mask[max(0, y0 - a - ya):max(0, y1 + a - ya), max(0, x0 - a - xa):max(0, x1 + a - xa)] = False
    vals = ring[mask]
    return float(np.percentile(vals, th.shadow_ring_quantile)) if vals.size else 0.0
