"""Cells of the XLSX files people open: formula-like text kept as text without a visible apostrophe, dates as dates.

The CSV writers keep `formulas.neutralise`'s leading apostrophe (a CSV cell has no style), but in a workbook
that apostrophe is part of the text: a unit named "=HYPERLINK(…)" would be shown and sorted as "'=HYPERLINK(…)".
XLSX has the guard's own form, the cell style's quotePrefix, which Excel and LibreOffice show as the plain text
and keep as text when the cell is edited. Dates are written as date cells shown dd/mm/yyyy, as the report
writes them, so a spreadsheet sorts and filters them as dates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .formulas import FORMULA_START

DATE_FORMAT = "DD/MM/YYYY"


def guard_sheet(ws: Any) -> None:
    """Every formula-like text cell of a worksheet becomes a text cell with quotePrefix: never run, shown as typed.
    Called once the sheet is filled, so no writer can forget a cell."""
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value.startswith(FORMULA_START):
                c.data_type = "s"  # openpyxl stores "=…" as a formula otherwise
                c.quotePrefix = True


def as_date(value: Any) -> Any:
    """An ISO date ("2023-11-13") as a date for a date cell; anything else unchanged."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def date_cell(c: Any) -> None:
    """A cell holding a date shows it dd/mm/yyyy."""
    if isinstance(c.value, dt.date):
        c.number_format = DATE_FORMAT
