"""Where a line of any script may break: at spaces, between ideographs, between Thai words (libthai), at a zero-width
space, and, for a word wider than the line in a script written without spaces (Thai, Lao, Khmer, Myanmar,
Tibetan), between letter clusters, never inside a conjunct or away from a mark."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from .scripts import EAST_ASIAN

ZERO_WIDTH_SPACE = "\u200b"  # where a writer of Thai, Lao or Khmer marks a word's end


def breakable(text: str, fits: Callable[[str], bool] | None = None) -> list[tuple[str, bool]]:
    """A line's pieces where it may break, each with whether a space comes before it: the words of a text with
    spaces, each ideograph, kana or Hangul syllable on its own (with the punctuation after it), Thai (written with
    no space between words) at its writer's zero-width spaces (U+200B, not printed) and between its words where
    the machine has libthai (thai_words), and a word still wider than the line (`fits` says no: Thai, Lao, Khmer,
    Myanmar and Tibetan write no space between words) cut between letter clusters, before a Thai or Lao leading
    vowel where one is near. A zero-width space (Khmer, Myanmar) is a place to break, not printed."""
    from .thai_words import thai_words

    out: list[list] = []  # [piece, spaced, ends in an ideograph]
    space = joint = False
    for ch in text:
        if ch.isspace() or ch == ZERO_WIDTH_SPACE:
            space, joint = space or ch != ZERO_WIDTH_SPACE, True
            continue
        far = EAST_ASIAN.match(ch) is not None
        punct = unicodedata.category(ch)[0] == "P"
        if out and not joint and (punct or (not far and not out[-1][2])):
            out[-1][0] += ch
            out[-1][2] = out[-1][2] and punct
        else:
            out.append([ch, space, far])
        space = joint = False
    pieces = [(word, spaced and k == 0) for piece, spaced, _ in out for k, word in enumerate(thai_words(piece))]
    if fits is None:
        return pieces
    return [cut for piece, spaced in pieces for cut in ([(piece, spaced)] if fits(piece) else _cut(piece, spaced, fits))]


_SYLLABLE_END = "\u0f0b\u0f0d\u0f0e"  # Tibetan tsheg ་, shad ། and ༎
_LEADING = "\u0e40\u0e41\u0e42\u0e43\u0e44\u0ec0\u0ec1\u0ec2\u0ec3\u0ec4"  # Thai เ แ โ ใ ไ, Lao ເ ແ ໂ ໃ ໄ


def _cut(word: str, spaced: bool, fits: Callable[[str], bool]) -> list[tuple[str, bool]]:
    """A word too wide for the line in pieces that fit, each cut between letter clusters: a letter and its marks
    and the punctuation after it, with the letter after a virama or coeng (a conjunct, a subscript consonant) or a
    joiner, and a Thai or Lao leading vowel with the consonant it is written before; near the end of a line, before
    a leading vowel or after a Tibetan syllable's tsheg or shad where there is one."""
    clusters: list[str] = []
    for ch in word:
        last = clusters[-1][-1] if clusters else ""
        if clusters and (unicodedata.category(ch) in ("Mn", "Mc", "Me", "Po", "Pe", "Pf")
                         or unicodedata.combining(last) == 9 or last in "\u200c\u200d" or clusters[-1] in _LEADING):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    out: list[tuple[str, bool]] = []
    while clusters:
        n = 1
        while n < len(clusters) and fits("".join(clusters[:n + 1])):
            n += 1
        near = range(max(1, n - 6), n)
        lead = [i for i in near if clusters[i][0] in _LEADING] or [i for i in near if clusters[i - 1][-1] in _SYLLABLE_END]
        if lead and n < len(clusters):
            n = lead[-1]
        out.append(("".join(clusters[:n]), spaced if not out else False))
        clusters = clusters[n:]
    return out
