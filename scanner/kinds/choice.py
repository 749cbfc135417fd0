"""Single and multiple choice: options marked in printed boxes, held as the list of chosen option ids."""

from __future__ import annotations

from typing import Any


def as_value(raw: Any) -> list[str] | None:
    if raw is None:
        return None
    if isinstance(raw, list | tuple):
        return [str(x) for x in raw]
    return str(raw).split()
