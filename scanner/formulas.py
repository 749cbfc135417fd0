"""One guard for every spreadsheet and CSV writer: text a spreadsheet would run as a formula stays text.

A unit name, an online answer or a reviewer's comment can start with `=`;
Excel and LibreOffice then evaluate it (`=HYPERLINK(...)` links out, DDE can
run programs). Every writer passes its cells through `neutralise`.
"""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: Any) -> Any:
    """Spreadsheets run text starting with = + - @ (or a control character) as a formula; a leading apostrophe keeps it text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
