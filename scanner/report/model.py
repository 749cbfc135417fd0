"""The report's content, computed once from the tally and drawn by every renderer (DOCX, HTML/PDF).

Renderers never compute a figure: they lay out these blocks, so the DOCX and
the PDF say the same thing, and a test can read either back against the tally.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    body = "body"
    finding = "finding"  # a sentence the program states from the figures
    placeholder = "placeholder"  # a marked place for the board's own words
    note = "note"  # bases, footnotes under a table
    item = "item"  # a dash list item


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1: I., II.; 2: 1., 2.; 3: Câu n


@dataclass(frozen=True)
class Para:
    text: str
    kind: BlockKind = BlockKind.body


@dataclass(frozen=True)
class Table:
    """Cells are already formatted text, so every renderer shows the same figures."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    bold_last: bool = False  # a total row
    bold_rows: frozenset[int] = frozenset()  # subtotal rows, by index in rows
    first_col_wide: bool = True


@dataclass(frozen=True)
class Chart:
    png: bytes
    caption: str
    width_cm: float = 15.5


Block = Heading | Para | Table | Chart


@dataclass(frozen=True)
class Header:
    issuer_parent: str
    issuer: str
    number: str
    party: str
    date_line: str


@dataclass
class Report:
    header: Header
    title: str
    summary: str
    provisional: list[str]  # what is missing; empty when the figures are final
    blocks: list[Block] = field(default_factory=list)
    recipients: tuple[str, ...] = ()
    signer_title: str = ""
    signer_name: str = ""

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)


PROVISIONAL = "SỐ LIỆU TẠM THỜI"
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
