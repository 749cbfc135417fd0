"""The key two spellings of one wording meet at: a column's title and its question's, a typed choice and its label.

Case, spacing, punctuation and diacritics are left out ("Đã có việc làm?" and
"da co viec lam" meet), so a fixed typo or a re-typed title still matches. It
lives apart from the online import, which uses it most, so the layout can give
the Google Form titles of their own without loading the import's modules.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NOT_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Case, spacing, punctuation and diacritics removed: how two spellings of one wording are compared."""
    s = unicodedata.normalize("NFD", str(text).casefold().replace("đ", "d"))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", s).split())
