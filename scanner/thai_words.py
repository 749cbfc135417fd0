"""Where a Thai phrase may break between words: Thai writes no space between them.

A Thai line is broken between words by libthai, the word-break library with
its dictionary that Pango and LibreOffice use (Debian's `libthai0`, on the
machine wherever a desktop library or Chromium is; read here through ctypes, so
no Python package is needed). Where the machine has no libthai (Windows), a
phrase breaks at the spaces and zero-width spaces (U+200B) its writer put in,
and a word wider than a line between letter clusters (scripts_breaks.breakable).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
from functools import cache
from typing import Any

THAI = re.compile("[\u0e00-\u0e7f]")


@cache
def _breaker() -> tuple[Any, Any] | None:
    """libthai and its word breaker, or None where the machine has none (or wchar_t is not 32 bits)."""
    if ctypes.sizeof(ctypes.c_wchar) != 4:
        return None
    name = ctypes.util.find_library("thai")
    try:
        lib = ctypes.CDLL(name or "libthai.so.0")
        lib.th_brk_new.restype = ctypes.c_void_p
        lib.th_brk_new.argtypes = [ctypes.c_char_p]
        lib.th_brk_wc_find_breaks.restype = ctypes.c_int
        lib.th_brk_wc_find_breaks.argtypes = [ctypes.c_void_p, ctypes.c_wchar_p, ctypes.POINTER(ctypes.c_int),
                                              ctypes.c_size_t]
    except (OSError, AttributeError):
        return None
    brk = lib.th_brk_new(None)  # its own dictionary (libthai-data)
    return (lib, brk) if brk else None


def available() -> bool:
    """Whether Thai is broken between words here (else between letter clusters: see the module's docstring)."""
    return _breaker() is not None


def thai_words(piece: str) -> list[str]:
    """A phrase without spaces cut into its words (a piece without Thai, or with no libthai here: itself)."""
    found = _breaker() if THAI.search(piece) else None
    if found is None or len(piece) < 2:
        return [piece]
    lib, brk = found
    positions = (ctypes.c_int * len(piece))()
    n = lib.th_brk_wc_find_breaks(brk, piece, positions, len(piece))
    cuts = [0, *sorted(p for p in positions[:max(n, 0)] if 0 < p < len(piece)), len(piece)]
    return [piece[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if b > a]
