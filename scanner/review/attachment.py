"""A set-aside page's attachment as decided and stored: "attach|SHEET|SIDE", spelt and read in this one place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PREFIX = "attach"


@dataclass(frozen=True)
class Attachment:
    """The page becomes side `side` of sheet `sheet_id`."""

    sheet_id: str
    side: int

    def __str__(self) -> str:
        return f"{PREFIX}|{self.sheet_id}|{self.side}"

    @classmethod
    def parse(cls, value: Any) -> Attachment | None:
        """The attachment a decision's value names, or None for any other value (a rescan, a deferral…)."""
        if not isinstance(value, str):
            return None
        parts = value.split("|")
        if len(parts) != 3 or parts[0] != PREFIX or not parts[2].isdigit():
            return None
        return cls(parts[1], int(parts[2]))


def names_an_attachment(value: Any) -> bool:
    """Whether a value is spelt as an attachment at all, even a malformed one (which is then refused)."""
    return isinstance(value, str) and value.startswith(PREFIX + "|")


FREE = "free"  # "free|DECISION": take another page's attachment back, so the sheet it fills misses that side again


@dataclass(frozen=True)
class Freeing:
    """Taking back the attachment decision `decision` of another set-aside page (the page returns to the queue)."""

    decision: int

    def __str__(self) -> str:
        return f"{FREE}|{self.decision}"

    @classmethod
    def parse(cls, value: Any) -> Freeing | None:
        if not isinstance(value, str):
            return None
        parts = value.split("|")
        if len(parts) != 2 or parts[0] != FREE or not parts[1].isdigit():
            return None
        return cls(int(parts[1]))
