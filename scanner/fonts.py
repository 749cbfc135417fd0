"""Fonts with full Vietnamese coverage, shared by the layout, the printed forms and the corpus generator.

The form is set in a Times-like serif (Liberation Serif 2, metric-compatible
with Times New Roman, which Party documents use); the printed sheet code in
a monospace so that OCR reads it reliably. Layout measures text with the
same fonts that print it, so wrapped lines never run past the margin.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .errors import MissingDependencyError

PT_PER_MM = 72 / 25.4
FONT_FILES = {
    "LiberationSerif": ("liberation2", "LiberationSerif-Regular.ttf", "fonts-liberation2"),
    "LiberationSerif-Bold": ("liberation2", "LiberationSerif-Bold.ttf", "fonts-liberation2"),
    "LiberationSerif-Italic": ("liberation2", "LiberationSerif-Italic.ttf", "fonts-liberation2"),
    "DejaVuSansMono": ("dejavu", "DejaVuSansMono.ttf", "fonts-dejavu-core"),
}
STYLE_TO_FONT = {"regular": "LiberationSerif", "bold": "LiberationSerif-Bold", "italic": "LiberationSerif-Italic",
                 "mono": "DejaVuSansMono"}
FONT_ROOTS = [Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts")]


def font_path(name: str) -> Path:
    folder, file, package = FONT_FILES[name]
    for root in FONT_ROOTS:
        p = root / folder / file
        if p.exists():
            return p
    raise MissingDependencyError(f"font {file} not found: install the Debian package {package} (run ./run setup)")


@cache
def register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name in FONT_FILES:
        pdfmetrics.registerFont(TTFont(name, str(font_path(name))))


def text_width_mm(text: str, style: str, size_pt: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    return stringWidth(text, STYLE_TO_FONT[style], size_pt) / PT_PER_MM


def wrap(text: str, style: str, size_pt: float, width_mm: float) -> list[str]:
    """The text broken into lines that fit width_mm in this font."""
    from reportlab.lib.utils import simpleSplit

    register_fonts()
    return simpleSplit(text, STYLE_TO_FONT[style], size_pt, width_mm * PT_PER_MM) or [""]


@cache
def _covered() -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    maps = [getattr(pdfmetrics.getFont(STYLE_TO_FONT[s]).face, "charToGlyph", {}) for s in ("regular", "bold", "italic")]
    return frozenset(set(maps[0]).intersection(*maps[1:]))


def printable(text: str) -> str:
    """The text as the form's fonts can print it: a character they lack is replaced by its compatibility form
    ("①" -> "1", "ﬁ" -> "fi") when they have that, else left out (an emoji, "☎")."""
    import unicodedata

    covered = _covered()
    if all(ord(c) in covered or c.isspace() for c in text):
        return text
    out = []
    for c in text:
        if ord(c) in covered or c.isspace():
            out.append(c)
            continue
        alt = unicodedata.normalize("NFKC", c)
        out.append(alt if alt != c and all(ord(a) in covered for a in alt) else "")
    return " ".join("".join(out).split())
