"""Notes: text printed on the form (or a group's heading), never answered."""

from __future__ import annotations

from .behaviour import Held, NotAnswered, Printed
from .kind import Kind

NOTE = NotAnswered(kind=Kind.note, label_vi="Ghi chú", held=Held.nothing, printed=Printed.note, shares=False,
                   per_option=False, digit_grid=False, handwritten=False, dated=False, banded=False, asked=False,
                   expands=False, ranks=False)
