"""openpyxl's read-only sheets opened without reading each sheet whole only to learn it has no stated size.

A read-only worksheet looks for the `<dimension>` element a spreadsheet program writes near the top of each sheet,
so that it knows the sheet's size. openpyxl finds it by reading the sheet's XML to the end of each element: when a
workbook states no size (many tools that write XLSForms leave it out), the element that tells it to stop looking,
`<sheetData>`, ends only after every cell, so the whole sheet is read once for nothing before pyxform reads it
again (about a third of pyxform's reading of the real forms in tests/data, issue 26). Looking at where elements
start finds the same `<dimension>` (it has no children; its attributes are there at its start) and stops as soon
as `<sheetData>` starts: the same size, or none, as openpyxl's own way.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from xml.etree.ElementTree import iterparse

_lock = threading.Lock()


def _size_from_the_top(self: Any) -> None:
    """ReadOnlyWorksheet._get_size, stopping where the cells start (openpyxl 3.1: the same attributes set)."""
    from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
    from openpyxl.worksheet.dimensions import SheetDimension

    src = self._get_source()
    try:
        for _event, element in iterparse(src, events=("start",)):
            if element.tag == DIMENSION_TAG:
                dimensions = SheetDimension.from_tree(element).boundaries
                if dimensions is not None:
                    self._min_column, self._min_row, self._max_column, self._max_row = dimensions
                return
            if element.tag == DATA_TAG:
                return
    finally:
        src.close()


@contextmanager
def sizes_read_quickly() -> Iterator[None]:
    """Within: openpyxl's read-only worksheets learn their size from the top of the sheet (see the module). Where
    openpyxl is not laid out as this expects, nothing is changed."""
    try:
        from openpyxl.worksheet import _reader
        from openpyxl.worksheet._read_only import ReadOnlyWorksheet
    except ImportError:
        yield
        return
    if not (hasattr(ReadOnlyWorksheet, "_get_size") and hasattr(ReadOnlyWorksheet, "_get_source")
            and hasattr(_reader, "DATA_TAG") and hasattr(_reader, "DIMENSION_TAG")):
        yield
        return
    with _lock:  # one reading at a time swaps the method; a second waits rather than restore it under the first
        real = ReadOnlyWorksheet.__dict__["_get_size"]
        ReadOnlyWorksheet._get_size = _size_from_the_top  # type: ignore[method-assign]
        try:
            yield
        finally:
            ReadOnlyWorksheet._get_size = real  # type: ignore[method-assign]
