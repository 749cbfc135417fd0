"""Grids: a table of single-choice rows; the template expands it into one single question per row, so
the grid itself has no answer of its own."""

from __future__ import annotations

from .behaviour import Held, NotAnswered, Printed
from .kind import Kind

GRID = NotAnswered(kind=Kind.grid, label_vi="Bảng chọn", held=Held.nothing, printed=Printed.grid, shares=False,
                   per_option=False, digit_grid=False, handwritten=False, dated=False, banded=False, asked=True,
                   expands=True, ranks=False)
