"""Measures of every box of a page at once, where the page's hundred-odd boxes each took a few small numpy calls:
their ink counts and strongest line responses in one array pass over the insides stacked (they are of one size
on most pages; box by box otherwise, the same values either way), and the plainly empty boxes' readings from them.

A plainly empty box holds no pixel even as dark as faint_ink and no line response above the page's noise floor
(box_state.plainly_empty, the one test read_box takes first too): read_box reads every such box empty, sure
(confidence 1.0), with nothing measured further, so its reading (box_state.plainly_empty_reading) is made here
without the call. Every other box is read by read_box as before.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import box_state
from .box_state import read_box
from .ink import BoxReading, Thresholds
from .template import Option, Question
from .traces import stacked


@dataclass(frozen=True)
class InsideCounts:
    """Per box inside: how many pixels lie above th.ink and above faint_ink (share_above's counts), and whether any
    lies above faint_trace_ink (the same float32 comparisons as share_above and speckless make)."""

    size: list[int]
    ink: list[int]
    faint: list[int]
    trace: list[bool]

    @classmethod
    def of(cls, insides: list[np.ndarray], th: Thresholds) -> InsideCounts:
        stack = stacked(insides)
        if stack is not None:
            return cls([stack[0].size] * len(insides), np.count_nonzero(stack > th.ink, axis=(1, 2)).tolist(),
                       np.count_nonzero(stack > th.faint_ink, axis=(1, 2)).tolist(),
                       (stack.max(axis=(1, 2)) > th.faint_trace_ink).tolist())
        return cls([i.size for i in insides], [int(np.count_nonzero(i > th.ink)) for i in insides],
                   [int(np.count_nonzero(i > th.faint_ink)) for i in insides],
                   [bool(i.size) and bool((i > th.faint_trace_ink).any()) for i in insides])

    def ink_share(self, k: int) -> float:
        """share_above(insides[k], th.ink), the same float."""
        return self.ink[k] / self.size[k] if self.size[k] else 0.0

    def faint_share(self, k: int) -> float:
        """share_above(insides[k], th.faint_ink), the same float."""
        return self.faint[k] / self.size[k] if self.size[k] else 0.0


def line_maxima(lines: list[np.ndarray]) -> list[float | None]:
    """float(line.max()) per line response (None for an empty one)."""
    stack = stacked(lines)
    if stack is not None:
        return stack.max(axis=(1, 2)).astype(np.float64).tolist()  # type: ignore[no-any-return]
    return [float(ln.max()) if ln.size else None for ln in lines]


_NONE = np.float64(0.0)  # a coverage of 0 as read_box gives it (a numpy float: share_above's)


def read_boxes(pairs: list[tuple[Question, Option]], found: list[tuple[np.ndarray, tuple[int, int, int, int], int, int]],
               lines: list[np.ndarray], counts: InsideCounts, floor: float, th: Thresholds,
               bilevel: bool = False) -> list[BoxReading]:
    """read_box of every box of the page (no paper given): the plainly empty ones made here, the same readings."""
    out = []
    for k, ((q, o), (inside, _, dx, dy), line, top) in enumerate(zip(pairs, found, lines, line_maxima(lines),
                                                                        strict=True)):
        if box_state.plainly_empty(counts.ink[k], counts.faint[k], top, floor, th):
            out.append(box_state.plainly_empty_reading(q.id, o.id, _NONE, dx, dy))
        else:
            out.append(read_box(q.id, o.id, inside, line, dx, dy, floor, th, bilevel))
    return out
