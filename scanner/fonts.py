"""Fonts with full Vietnamese coverage, shared by the layout, the printed forms and the corpus generator.

The fonts travel with the toolkit (scanner/fontfiles/, SIL OFL and the Bitstream Vera licence), so
forms, report and charts embed the same glyphs on every machine. The form is set in a Times-like serif (Liberation Serif 2, metric-compatible
with Times New Roman, which Party documents use); the printed sheet code in
a monospace so that OCR reads it reliably. Layout measures text with the
same fonts that print it, so wrapped lines never run past the margin.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .errors import MissingDependencyError

PT_PER_MM = 72 / 25.4
FONT_DIR = Path(__file__).with_name("fontfiles")  # carried in the wheel: see its README.md and licences
FONT_FILES = {
    "LiberationSerif": "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold": "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic": "LiberationSerif-Italic.ttf",
    "LiberationSerif-BoldItalic": "LiberationSerif-BoldItalic.ttf",
    "DejaVuSansMono": "DejaVuSansMono.ttf",
}
STYLE_TO_FONT = {"regular": "LiberationSerif", "bold": "LiberationSerif-Bold", "italic": "LiberationSerif-Italic",
                 "bolditalic": "LiberationSerif-BoldItalic", "mono": "DejaVuSansMono"}
BOLD, ITALIC = "\x0e", "\x0f"  # in a label: inline emphasis toggles (xlsform_text.marked), printed as runs


def bare(text: str) -> str:
    """The text without its emphasis toggles."""
    return text.replace(BOLD, "").replace(ITALIC, "") if BOLD in text or ITALIC in text else text


def _styled(bold: bool, italic: bool) -> str:
    return {(False, False): "regular", (True, False): "bold", (False, True): "italic"}.get((bold, italic), "bolditalic")


def runs(text: str, style: str) -> list[tuple[str, str]]:
    """(text, style) pieces of a text with emphasis toggles, set in `style` where not emphasised."""
    base_b, base_i = style in ("bold", "bolditalic"), style in ("italic", "bolditalic")
    em_b = em_i = False
    out: list[tuple[str, str]] = []
    for ch in text:
        if ch == BOLD:
            em_b = not em_b
        elif ch == ITALIC:
            em_i = not em_i
        else:
            st = style if style == "mono" else _styled(base_b or em_b, base_i or em_i)
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


def text_width_mm(text: str, style: str, size_pt: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    if BOLD in text or ITALIC in text:
        return sum(stringWidth(t, STYLE_TO_FONT[st], size_pt) for t, st in runs(text, style)) / PT_PER_MM
    return stringWidth(text, STYLE_TO_FONT[style], size_pt) / PT_PER_MM


def wrap(text: str, style: str, size_pt: float, width_mm: float) -> list[str]:
    """The text broken into lines that fit width_mm in this font (emphasised runs measured in theirs; each line
    reopens the emphasis the previous one left open)."""
    from reportlab.lib.utils import simpleSplit

    register_fonts()
    if BOLD in text or ITALIC in text:
        lines: list[str] = []
        line, said = "", ""  # said: the words already placed, as written
        for word in text.split():
            trial = f"{line} {word}" if line else word
            if line and text_width_mm(trial, style, size_pt) > width_mm:
                lines.append(line)
                line = _marks_at_end(said) + word
            else:
                line = trial
            said += word
        lines.append(line)
        return lines
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
