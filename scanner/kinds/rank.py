"""Rankings (XLSForm `rank`): printed as a grid whose rows are the options and whose columns are the positions
1..N, each row read as a single choice of its position; the template expands it into those rows, so the ranking
itself has no box of its own. The order is put together from the rows (scanner/ranking.py), where a position given
twice or a ranking left part-way is a question for a person, never an order guessed."""

from __future__ import annotations

from .behaviour import Held, NotAnswered, Printed
from .kind import Kind

RANK = NotAnswered(kind=Kind.rank, label_vi="Xếp hạng", held=Held.nothing, printed=Printed.grid, shares=False,
                   per_option=False, digit_grid=False, handwritten=False, dated=False, banded=False, asked=True,
                   expands=True, ranks=True)
