"""One downloaded file of online answers as the store keeps it: its own module, so the store (and so every scan)
need not import the online package to name it (issue 26: that import cost each scan ~30 ms)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .vocab import FileKind


@dataclass
class RawFile:
    """One downloaded file, unchanged in content: what the store keeps and every derivation starts from."""

    source: str
    kind: FileKind
    sha: str
    header: list[str]
    rows: list[tuple[int, Any]]  # (row number in the file, cells: list[str] for tables, the response dict for API)
    sheet: str | None = None
    encoding: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)  # API: Google question id -> template id or "unit";
    # ODK zip / Kobo XLSX: REPEATS_KEY -> the repeat groups' CSVs or sheets, REPEAT_ROWS_KEY -> their tables (JSON)
