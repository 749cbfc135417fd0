"""The sheet code printed on every page: survey, template version, unit, serial, page.

The page runs to three digits: a long questionnaire is a booklet of many sheets.

It is printed twice, as a QR code and as plain text, and carries a check
character so that a misread printed code is refused rather than believed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.-"
BLANK_UNIT = "-"
PATTERN = re.compile(r"([A-Z0-9]{1,8})\.([A-Z0-9]{1,3})\.([A-Z0-9]{1,6}|-)\.(\d{3,4})\.([1-9]\d{0,2})\.([0-9A-Z.\-])(?![0-9A-Z])")


def check_char(body: str) -> str:
    return CHARSET[sum((i + 1) * CHARSET.index(c) for i, c in enumerate(body)) % 37]


@dataclass(frozen=True)
class SheetCode:
    survey_id: str
    version: str
    unit: str | None  # None on blank forms meant for photocopying
    serial: int  # 0 on blank forms
    page: int

    @property
    def sheet_key(self) -> str:
        """Identifies the sheet whatever the page."""
        return f"{self.survey_id}.{self.version}.{self.unit or BLANK_UNIT}.{self.serial:03d}"

    def text(self) -> str:
        body = f"{self.sheet_key}.{self.page}"
        return f"{body}.{check_char(body)}"

    def with_page(self, page: int) -> SheetCode:
        return SheetCode(self.survey_id, self.version, self.unit, self.serial, page)


def parse_code(text: str) -> SheetCode | None:
    """The code found in `text` (OCR may add noise around it), or None when none passes its check character."""
    s = "".join(text.split()).upper()
    for start in range(len(s)):
        m = PATTERN.match(s, start)
        if m and check_char(m.group(0)[:-2]) == m.group(6):
            break
    else:
        return None
    unit = None if m.group(3) == BLANK_UNIT else m.group(3)
    return SheetCode(m.group(1), m.group(2), unit, int(m.group(4)), int(m.group(5)))
