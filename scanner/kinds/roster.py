"""Rosters: a table of members, a row each; the template expands it into one question per cell (of the
kinds its columns are), so the roster itself has no answer of its own."""

from __future__ import annotations

from .behaviour import Held, NotAnswered, Printed
from .kind import Kind

ROSTER = NotAnswered(kind=Kind.roster, label_vi="Bảng thành viên", held=Held.nothing, printed=Printed.roster,
                     shares=False, per_option=False, digit_grid=False, handwritten=False, dated=False, banded=False,
                     asked=True, expands=True, ranks=False)
