"""The survey and version codes printed in every sheet code, from any form_id and version.

The sheet code holds at most 8 + 3 characters [A-Z0-9] (sheetcode.py), while
XLSForms name themselves `household_survey_2024` and version themselves
`2026080801`. An id that already fits is kept as it is (KS24 stays KS24);
any other is shortened to its first letters and digits plus three
characters of its SHA-1, so the code is stable across builds, differs
between forms that share a prefix, and can be checked against the form_id
it came from (`is_code_of`). A settings column `form_code` chooses the
survey code outright.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

SURVEY_MAX = 8
VERSION_MAX = 3
DIGEST = 3
_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class BadFormCode(ValueError):
    pass


def _fits(text: str, most: int) -> bool:
    return re.fullmatch(rf"[A-Z0-9]{{1,{most}}}", text) is not None


def _digest(text: str, n: int) -> str:
    value = int.from_bytes(hashlib.sha1(text.encode("utf-8")).digest()[:8], "big")
    out = ""
    for _ in range(n):
        value, k = divmod(value, 36)
        out += _ALNUM[k]
    return out


def _letters(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return re.sub(r"[^A-Z0-9]", "", ascii_.encode("ascii", "ignore").decode().upper())


def survey_code(form_id: str, form_code: str = "") -> str:
    """At most 8 characters [A-Z0-9] naming the survey in the sheet code."""
    if form_code:
        code = form_code.strip().upper()
        if not _fits(code, SURVEY_MAX):
            raise BadFormCode(f"{form_code!r} không phải mã 1–{SURVEY_MAX} chữ cái hoặc chữ số / is not a code of 1–"
                              f"{SURVEY_MAX} letters or digits (A–Z, 0–9)")
        return code
    text = form_id.strip()
    if _fits(text.upper(), SURVEY_MAX):
        return text.upper()
    return (_letters(text)[:SURVEY_MAX - DIGEST] or "F") + _digest(text, DIGEST)


def version_code(version: str) -> str:
    """At most 3 characters [A-Z0-9] naming the template version in the sheet code."""
    text = version.strip() or "1"
    if _fits(text, VERSION_MAX):
        return text
    return _digest(text, VERSION_MAX)


def is_code_of(code: str, form_id: str, form_code: str = "") -> bool:
    """Whether a sheet code's survey part was made from this form (a misread or another form's code is not)."""
    try:
        return code == survey_code(form_id, form_code)
    except BadFormCode:
        return False
