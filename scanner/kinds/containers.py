"""The kinds with no answer of their own: a note (printed, never answered), a grid and a roster (tables the
template expands into single-choice rows and into cells of the other kinds)."""

from __future__ import annotations

from .behaviour import Held, NotAnswered, Printed
from .kind import Kind

NOTE = NotAnswered(kind=Kind.note, label_vi="Ghi chú", held=Held.nothing, printed=Printed.note, shares=False,
                   per_option=False, digit_grid=False, handwritten=False, dated=False, banded=False, asked=False,
                   expands=False)
GRID = NotAnswered(kind=Kind.grid, label_vi="Bảng chọn", held=Held.nothing, printed=Printed.grid, shares=False,
                   per_option=False, digit_grid=False, handwritten=False, dated=False, banded=False, asked=True,
                   expands=True)
ROSTER = NotAnswered(kind=Kind.roster, label_vi="Bảng thành viên", held=Held.nothing, printed=Printed.roster,
                     shares=False, per_option=False, digit_grid=False, handwritten=False, dated=False, banded=False,
                     asked=True, expands=True)
