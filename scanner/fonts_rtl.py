"""Right-to-left lines as they are drawn: Arabic letters joined into their contextual forms (arabic-reshaper), then
the characters put in display order (python-bidi's Unicode bidi algorithm), since a PDF draws glyphs left to right.

A line may be in pieces (a bold word, the Arabic letters set in their own font): each piece is joined on its own,
the whole line ordered at once, and every character keeps the piece it came from, so a bold word inside an Arabic
sentence lands where the sentence puts it. Wrapping happens on the logical text before this, one line at a time, so
that a line never ends in the middle of a reordered run.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")
# the right-to-left letters, Hebrew, Arabic, Syriac, Thaana…, and beyond the first plane Hanifi Rohingya
# (U+10D00), Adlam (U+1E900) and their right-to-left neighbours (the one home of the ranges: xlsform_text asks it too)
RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]")
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")  # letters, forms, digits
_WORD_LIGATURES = ("ARABIC LIGATURE ALLAH", "ARABIC LIGATURE SALLALLAHOU ALAYHE WASALLAM",
                   "ARABIC LIGATURE JALLAJALALOUHOU", "ARABIC LIGATURE BISMILLAH AR-RAHMAN AR-RAHEEM",
                   "ARABIC LIGATURE RIAL SIGN")


def has_right_to_left(text: str) -> bool:
    return bool(RIGHT_TO_LEFT.search(text))


def mostly_right_to_left(text: str) -> bool:
    """Most of the line's letters are right to left: it reads from the right even when it starts "Question 1."
    (its "?" then ends it on the left); a Latin line with one Arabic word keeps reading from the left."""
    letters = [c for c in text if c.isalpha()]
    return sum(bool(RIGHT_TO_LEFT.match(c)) for c in letters) * 2 > len(letters)


def ordered(pieces: Sequence[tuple[str, T]]) -> list[tuple[str, T]]:
    """A line's logical (text, tag) pieces as drawn, left to right: each piece's Arabic letters joined, then the
    whole line in display order, each character still tagged with its piece (consecutive ones merged)."""
    text = "".join(t for t, _ in pieces)
    if not has_right_to_left(text):
        return [(t, tag) for t, tag in pieces if t]
    from bidi import algorithm as uba

    shaped = [(_reshaper().reshape(t), tag) for t, tag in pieces if t]
    joined = "".join(s for s, _ in shaped)
    tags = [tag for s, tag in shaped for _ in s]
    storage = uba.get_empty_storage()
    base = "R" if mostly_right_to_left(text) else "L"
    storage["base_level"], storage["base_dir"] = uba.PARAGRAPH_LEVELS[base], base
    uba.get_embedding_levels(joined, storage)
    for i, ch in enumerate(storage["chars"]):
        ch["at"] = i  # each character's logical place, carried through the reordering
    uba.explicit_embed_and_overrides(storage, False)
    uba.resolve_weak_types(storage, False)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    uba.reorder_resolved_levels(storage, False)
    uba.apply_mirroring(storage, False)
    out: list[tuple[str, T]] = []
    for ch in storage["chars"]:
        tag = tags[ch["at"]]
        if out and out[-1][1] == tag:
            out[-1] = (out[-1][0] + ch["ch"], tag)
        else:
            out.append((ch["ch"], tag))
    return out


def visual(text: str) -> str:
    """A line as it is drawn: its Arabic letters joined, its characters in display order."""
    return "".join(t for t, _ in ordered([(text, None)])) if has_right_to_left(text) else text


@cache
def _reshaper() -> Any:
    from arabic_reshaper import ArabicReshaper

    return ArabicReshaper(configuration={"support_ligatures": True, "delete_harakat": False, "support_zwj": True,
                                         "use_unshaped_instead_of_isolated": False,
                                         # only the lam-alef ligatures; words like "Allah" stay spelled out
                                         **{k: False for k in _WORD_LIGATURES}})
