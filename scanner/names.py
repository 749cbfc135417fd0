"""Organisation names as respondents type them: keys that make variant spellings of one name meet.

Online, a respondent writes "X. Mường So", "xã mường so", "Muong So" or "Đảng uỷ xã Mường So" for
the same Party committee. Three keys, from strict to loose, let the plan match these without the
office listing every spelling: the words with the tone mark's position ignored (ủy = uỷ), the same
without leading administrative words (xã, X., thị trấn, TT, đảng bộ, đảng ủy, chi bộ), and both
again without any diacritics. Looser keys are tried only when stricter ones find nothing, and a
key shared by two organisations matches neither.
"""

from __future__ import annotations

import re
import unicodedata

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)

# Leading words that name an organisation's kind, not which one it is (compared without diacritics).
PREFIXES: tuple[tuple[str, ...], ...] = (
    ("dang", "bo"), ("dang", "uy"), ("chi", "bo"), ("thi", "tran"), ("t", "t"), ("xa",), ("x",), ("tt",), ("db",),
)


def words(text: str) -> list[str]:
    """Lower-case words of NFC text, punctuation read as a space (so "X.Mường-So" is three words)."""
    return _PUNCT.sub(" ", unicodedata.normalize("NFC", text).casefold().replace("_", " ")).split()


def tone_word(word: str) -> str:
    """The word with its tone mark moved to the end, so "ủy" and "uỷ" (old and new placement) are equal."""
    d = unicodedata.normalize("NFD", word)
    tones = "".join(c for c in d if c in TONE_MARKS)
    base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONE_MARKS))
    return base + ("~" + tones if tones else "")


def fold_word(word: str) -> str:
    """The word without any diacritic: "Đảng" -> "dang"."""
    d = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in d if not unicodedata.combining(c))


def strip_prefixes(ws: list[str]) -> list[str]:
    """Drop leading administrative words while something is left: "đảng bộ xã mường so" -> "mường so"."""
    changed = True
    while changed:
        changed = False
        folded = [fold_word(w) for w in ws]
        for p in PREFIXES:
            if len(ws) > len(p) and tuple(folded[: len(p)]) == p:
                ws, changed = ws[len(p):], True
                break
    return ws


def name_keys(text: str) -> tuple[str, str, str, str]:
    """The four keys of a name, strictest first: exact words, without prefixes, folded, folded without prefixes."""
    ws = words(text)
    short = strip_prefixes(ws)
    return (" ".join(tone_word(w) for w in ws), " ".join(tone_word(w) for w in short),
            " ".join(fold_word(w) for w in ws), " ".join(fold_word(w) for w in short))


def one_edit_apart(a: str, b: str) -> bool:
    """Whether two keys differ by at most one letter typed wrong, left out or added ("dao sam" / "dao san")."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    return a[i + 1:] == b[i + 1:] if len(a) == len(b) else a[i:] == b[i + 1:]
