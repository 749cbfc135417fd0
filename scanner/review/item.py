"""One thing that awaits a person (a question to settle, a flag on a sheet, a page set aside, an online row)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..store.rows import QueueItem
from ..vocab import ItemKind


@dataclass
class Item:
    id: str
    kind: ItemKind
    sheet_id: str
    key: str
    unit: str | None
    page_id: str
    title: str
    reasons: list[str] = field(default_factory=list)
    choices: list[dict[str, str]] = field(default_factory=list)
    machine: Any = None
    confidence: float = 1.0
    multiple: bool = False
    deferred: bool = False
    sheet_label: str = ""  # the printed code (KH35.1.TT.007), or where an un-numbered sheet lies in the stack
    extra: dict[str, Any] = field(default_factory=dict)  # what one kind alone shows (an online row's answers…)
    causes: list[str] = field(default_factory=list)  # why it waits, as codes (a reason, a rule, a flag): a filter

    def to_json(self) -> dict[str, Any]:
        picture = self.kind.picture if self.page_id else None
        return dict(vars(self)) | {"kind_vi": ItemKind.label_of(self.kind),  # shallow: asdict deep-copies an online row
                                   "img": picture.value if picture else ""}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Item:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data} | {"kind": ItemKind(data["kind"])})

    @classmethod
    def stored(cls, row: QueueItem) -> Item:
        """The item as the queue stored it, deferred or not as its row now says."""
        return cls.from_json(row.data | {"deferred": row.deferred})


def item_id(sheet_id: str, key: str) -> str:
    return f"{sheet_id}|{key}"
