"""Fonts with full Vietnamese coverage, shared by the layout, the printed forms and the corpus generator.

The fonts travel with the toolkit (scanner/fontfiles/, SIL OFL and the Bitstream Vera licence), so
forms, report and charts embed the same glyphs on every machine. The form is set in a Times-like serif (Liberation Serif 2, metric-compatible
with Times New Roman, which Party documents use); the printed sheet code in
a monospace so that OCR reads it reliably. A right-to-left form is set in sans fonts: DejaVu Sans, its
Arabic-script letters in Noto Sans Arabic (`drawn` splits a line between them, in display order). Layout measures
text with the same fonts that print it, so wrapped lines never run past the margin.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from .errors import MissingDependencyError
from .fonts_rtl import ARABIC, has_right_to_left, ordered, visual
from .scripts import NEEDS_SHAPING, OWN_FONT, fallback, is_shaped, letters_missing, own_font_has, run_width, script
from .scripts_breaks import breakable
from .scripts_refusal import why_not

__all__ = ["has_right_to_left", "visual"]  # re-exported: where a line is drawn right to left (fonts_rtl)

PT_PER_MM = 72 / 25.4
FONT_DIR = Path(__file__).with_name("fontfiles")  # carried in the wheel: see its README.md and licences
FONT_FILES = {
    "LiberationSerif": "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold": "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic": "LiberationSerif-Italic.ttf",
    "LiberationSerif-BoldItalic": "LiberationSerif-BoldItalic.ttf",
    "DejaVuSansMono": "DejaVuSansMono.ttf",
    "DejaVuSans": "DejaVuSans.ttf",
    "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
    "NotoSansArabic": "NotoSansArabic-Regular.ttf",
    "NotoSansArabic-Bold": "NotoSansArabic-Bold.ttf",
}
STYLE_TO_FONT = {"regular": "LiberationSerif", "bold": "LiberationSerif-Bold", "italic": "LiberationSerif-Italic",
                 "bolditalic": "LiberationSerif-BoldItalic", "mono": "DejaVuSansMono",
                 # a right-to-left form (Arabic, Persian, Hebrew): the serif has none of those letters, and DejaVu
                 # Sans Oblique has no Arabic either, so its notes are set upright (Arabic script has no italic)
                 "sans-regular": "DejaVuSans", "sans-bold": "DejaVuSans-Bold", "sans-italic": "DejaVuSans",
                 "sans-bolditalic": "DejaVuSans-Bold"}
SERIF_STYLES = ("regular", "bold", "italic", "bolditalic")
# Arabic-script letters (Arabic, Persian, Urdu, Pashto…) in Noto Sans Arabic whatever the style: it has them all, Urdu's
# ہ and ے included, in every joined form, where DejaVu Sans lacks some; it has no italic (nor does Arabic script)
ARABIC_FONT = {"bold": "NotoSansArabic-Bold", "bolditalic": "NotoSansArabic-Bold"}
_SANS: ContextVar[bool] = ContextVar("sans", default=False)


@contextmanager
def sans_family(on: bool) -> Iterator[None]:
    """While on, the serif styles measure and print in DejaVu Sans: a right-to-left form is laid out in it
    because it has the Arabic and Hebrew letters (and their joined forms) the serif lacks."""
    token = _SANS.set(on)
    try:
        yield
    finally:
        _SANS.reset(token)


def resolve(style: str) -> str:
    """The style a text is set in: the sans one of the same weight and slant while `sans_family` is on."""
    return f"sans-{style}" if _SANS.get() and style in SERIF_STYLES else style


BOLD, ITALIC = "\x0e", "\x0f"  # in a label: inline emphasis toggles (xlsform_text.marked), printed as runs


def bare(text: str) -> str:
    """The text without its emphasis toggles."""
    return text.replace(BOLD, "").replace(ITALIC, "") if BOLD in text or ITALIC in text else text


def _styled(bold: bool, italic: bool) -> str:
    return {(False, False): "regular", (True, False): "bold", (False, True): "italic"}.get((bold, italic), "bolditalic")


def runs(text: str, style: str) -> list[tuple[str, str]]:
    """(text, style) pieces of a text with emphasis toggles, set in `style` where not emphasised."""
    style = style.removeprefix("sans-")
    base_b, base_i = style in ("bold", "bolditalic"), style in ("italic", "bolditalic")
    em_b = em_i = False
    out: list[tuple[str, str]] = []
    for ch in text:
        if ch == BOLD:
            em_b = not em_b
        elif ch == ITALIC:
            em_i = not em_i
        else:
            st = style if style == "mono" else resolve(_styled(base_b or em_b, base_i or em_i))
            if out and out[-1][1] == st:
                out[-1] = (out[-1][0] + ch, st)
            else:
                out.append((ch, st))
    return out


def _marks_at_end(text: str) -> str:
    """The toggles that reopen, on the next line, the emphasis still open at the end of this one."""
    return BOLD * (text.count(BOLD) % 2) + ITALIC * (text.count(ITALIC) % 2)


def font_path(name: str) -> Path:
    """The toolkit's own copy, never the system's: a form printed at the office looks as the one printed here."""
    p = FONT_DIR / FONT_FILES[name]
    if not p.exists():
        raise MissingDependencyError(f"{p}: tệp phông chữ bị thiếu / font file missing; reinstall the toolkit")
    return p


@cache
def register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name in FONT_FILES:
        pdfmetrics.registerFont(TTFont(name, str(font_path(name))))


def drawn(pieces: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """A line's logical (text, style) pieces as they are drawn, left to right: (glyphs, font name) pieces, a
    right-to-left line joined and reordered (fonts_rtl.ordered), its Arabic-script letters in Noto Sans Arabic,
    ideographs, kana and Hangul in the machine's CJK font (scripts.fallback)."""
    pieces = list(pieces)
    rtl = any(has_right_to_left(t) for t, _ in pieces)
    far = any(OWN_FONT.search(t) for t, _ in pieces)
    if not rtl and not far:
        return [(t, STYLE_TO_FONT[st]) for t, st in pieces if t]
    out: list[tuple[str, str]] = []
    for text, style in ordered(pieces) if rtl else pieces:
        latin = STYLE_TO_FONT[style]
        arabic = ARABIC_FONT.get(style.removeprefix("sans-"), "NotoSansArabic")
        fonts = [arabic if rtl and ARABIC.match(ch) else None if ch in " \u200c\u200d" else
                 (far and fallback(ch, style)) or latin for ch in text]
        for i in range(1, len(fonts)):  # a space: the font of the letter before it in its piece, else after it
            fonts[i] = fonts[i] or fonts[i - 1]
        for i in range(len(fonts) - 2, -1, -1):
            fonts[i] = fonts[i] or fonts[i + 1]
        for ch, font in zip(text, fonts, strict=True):
            font = font or latin
            if out and out[-1][1] == font:
                out[-1] = (out[-1][0] + ch, font)
            else:
                out.append((ch, font))
    return out


def text_width_mm(text: str, style: str, size_pt: float) -> float:
    """The width of the text set on one line; of its widest line when it holds line breaks (xlsform_text.marked)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if "\n" in text:
        return max(text_width_mm(line, style, size_pt) for line in text.split("\n"))
    register_fonts()
    style = resolve(style)
    if not (BOLD in text or ITALIC in text or has_right_to_left(text) or OWN_FONT.search(text)):
        return stringWidth(text, STYLE_TO_FONT[style], size_pt) / PT_PER_MM
    pieces = runs(text, style) if BOLD in text or ITALIC in text else [(text, style)]
    return sum(run_width(t, font, size_pt) for t, font in drawn(pieces)) / PT_PER_MM


def wrap(text: str, style: str, size_pt: float, width_mm: float) -> list[str]:
    """The text broken into lines that fit width_mm in this font (emphasised runs measured in theirs; each line
    reopens the emphasis the previous one left open). A line break in the text (a label's own, kept by
    xlsform_text.marked) starts a new line; an empty line between two is a paragraph break, kept as one
    empty line, so whoever counts the lines leaves room for it."""
    from reportlab.lib.utils import simpleSplit

    if "\n" in text:
        parts: list[str] = []
        said = ""
        for part in text.split("\n"):
            if bare(part).strip():
                parts += wrap(_marks_at_end(said) + part, style, size_pt, width_mm)
            elif parts and parts[-1]:
                parts.append("")
            said += part
        return parts[:-1] if len(parts) > 1 and not parts[-1] else parts or [""]
    register_fonts()
    style = resolve(style)
    far = OWN_FONT.search(text) is not None
    if BOLD in text or ITALIC in text or has_right_to_left(text) or far:  # by logical words, each measured shaped
        lines: list[str] = []
        line, said = "", ""  # said: the words already placed, as written
        words = breakable(text, lambda w: text_width_mm(w, style, size_pt) <= width_mm) if far else (
            (w, True) for w in text.split())
        for word, spaced in words:
            trial = (f"{line} {word}" if spaced else line + word) if line else word
            if line and text_width_mm(trial, style, size_pt) > width_mm:
                lines.append(line)
                line = _marks_at_end(said) + word
            else:
                line = trial
            said += word
        lines.append(line)
        return lines
    return simpleSplit(text, STYLE_TO_FONT[style], size_pt, width_mm * PT_PER_MM) or [""]


def no_glyphs(source: str, missing: str, right_to_left: bool = True) -> str:
    """The one line that refuses paper for a form whose letters the fonts lack or cannot shape (scripts_refusal.why_not)."""
    return why_not(source, missing, right_to_left)


def missing_glyphs(texts: Iterable[tuple[str, str]]) -> str:
    """The characters of (text, style) pairs, as drawn, that their font has no glyph for or that need shaping
    (scripts.NEEDS_SHAPING) (none: ""), so that a form is refused in one line naming them rather than printed
    with holes or broken words."""
    register_fonts()
    from reportlab.pdfbase import pdfmetrics

    missing: dict[str, None] = {}
    for text, style in texts:
        for glyphs, font in drawn([(text, style)]):
            have = getattr(pdfmetrics.getFont(font).face, "charToGlyph", {})
            for c in glyphs:
                if not c.isspace() and unicodedata.category(c) != "Cf" and (
                        ord(c) not in have or (ord(c) > 0x8FF and script(c) in NEEDS_SHAPING and not is_shaped(font))):
                    missing[c] = None
    return "".join(missing)


@cache
def _covered() -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    maps = [getattr(pdfmetrics.getFont(STYLE_TO_FONT[s]).face, "charToGlyph", {}) for s in ("regular", "bold", "italic")]
    return frozenset(set(maps[0]).intersection(*maps[1:]))


BULLET = "\u2022"


def printable(text: str, named: bool = True) -> str:
    """The text as the form's fonts can print it: a symbol they lack is replaced by its compatibility form
    ("①" -> "1", "ﬁ" -> "fi") when they have that, else by its Unicode name in brackets ("🍔" -> "[hamburger]",
    `named`; left out when not named, and always for what is no symbol: a joiner, a variation selector, a skin
    tone, punctuation such as an Arabic comma in a Spanish hint); a letter of a script they lack is kept, so that `missing_glyphs` names it and the form is
    refused rather than printed with holes. Ideographs, kana, Hangul and their punctuation print in the machine's
    CJK font (scripts.fallback)."""
    covered = _covered()
    if all(ord(c) in covered or c.isspace() for c in text):
        return text
    out = []
    for c in text:
        if ord(c) in covered or c.isspace() or letters_missing(c) or own_font_has(c):
            out.append(c)
            continue
        alt = unicodedata.normalize("NFKC", c)
        if 0xF020 <= ord(c) <= 0xF0FF and ord(BULLET) in covered:
            alt = BULLET  # Office's Symbol/Wingdings bullets (U+F0B7, U+F071): dropped, the items ran together
        out.append(alt if alt != c and all(ord(a) in covered for a in alt) else _named(c) if named else "")
    return " ".join("".join(out).split())


def _named(c: str) -> str:
    """A symbol the fonts lack as words a reader understands: its Unicode name, lower case, in brackets."""
    if unicodedata.category(c) not in ("So", "Sm", "Sc") or not unicodedata.name(c, ""):
        return ""  # U+FE0F, a zero-width joiner, a skin tone, stray punctuation ("،" in a Spanish hint): nothing to say
    return f"[{unicodedata.name(c).lower()}]"


def unprintable_symbols(text: str) -> dict[str, str]:
    """The symbols of the text `printable` names in brackets: character -> its bracketed name."""
    return {c: n for c in dict.fromkeys(text) if (n := printable(c)) != c and n.startswith("[")}
