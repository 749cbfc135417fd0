"""Which ArUco dictionary a form's registration marks come from, by how many pages it has.

Every page carries four marks whose ids are its own, so a page tells its side
and which way up it lies even when its QR code and printed code are both lost.
DICT_4X4_50 holds 12 pages of ids; longer booklets take the larger 4x4
dictionaries, which begin with the same 50 markers (so a form of up to 12
pages prints and reads exactly as before). DICT_4X4_250 still corrects one
bit and costs no more to detect; DICT_4X4_1000 corrects none and takes about
twice as long, so it is used only past 62 pages (benchmarks/markers.py).
"""

from __future__ import annotations

MARKS_PER_PAGE = 4
DICTIONARY_SIZES = {"DICT_4X4_50": 50, "DICT_4X4_100": 100, "DICT_4X4_250": 250, "DICT_4X4_1000": 1000}
_BY_PAGES = ("DICT_4X4_50", "DICT_4X4_250", "DICT_4X4_1000")
MAX_PAGES = DICTIONARY_SIZES[_BY_PAGES[-1]] // MARKS_PER_PAGE  # 250 pages, 125 sheets
MAX_PAGE_DIGITS = 3  # the sheet code's page field


def dictionary_for(pages: int) -> str:
    """The smallest dictionary with ids for every mark of `pages` pages."""
    for name in _BY_PAGES:
        if pages * MARKS_PER_PAGE <= DICTIONARY_SIZES[name]:
            return name
    raise ValueError(f"{pages} pages need more marker ids than {_BY_PAGES[-1]} holds")


def marker_id(page: int, corner: int) -> int:
    """The id of a page's mark in corner 0..3 (top-left, top-right, bottom-left, bottom-right)."""
    return (page - 1) * MARKS_PER_PAGE + corner
