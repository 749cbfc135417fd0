"""Which writing system a label's letters are in and which font prints them: the table of scripts (SCRIPT_FONTS) and
the drawing of a run in its font, shaped where it needs it. Where a line may break is scripts_breaks'; how the
report sets a script (Word's font, the PDF's paragraphs) scripts_report's; the one line refusing paper
scripts_refusal's.

The bundled fonts (fontfiles/) print Latin with Vietnamese, Cyrillic and Greek (Liberation Serif), Hebrew (DejaVu
Sans) and Arabic script (Noto Sans Arabic). Chinese, Japanese and Korean print in a CJK font of the machine's own,
looked up by its known paths (Debian's fonts-wqy-zenhei, which `./run setup` installs; on Windows Microsoft YaHei,
SimSun, MS Gothic or Malgun Gothic): too large to bundle (16 MB), and ideographs need no shaping. It must have
TrueType outlines: ReportLab embeds no CFF font, so Noto Sans CJK (fonts-noto-cjk) cannot be used.

Scripts whose letters change shape and order with their neighbours (Devanagari, Bangla, Gurmukhi, Gujarati, Odia,
Tamil, Telugu, Kannada, Malayalam, Sinhala, Thai, Lao, Khmer, Myanmar, Tibetan, Javanese, Sundanese, Balinese, Tai
Tham, Ol Chiki, Tifinagh; right to left Syriac, Thaana, N'Ko, Adlam, Hanifi Rohingya, Samaritan and Mandaic) print
shaped: HarfBuzz (uharfbuzz, through ReportLab's shapeStr) turns each run into the glyphs a reader expects
(conjuncts, joined letters, vowel signs before or around their consonant, stacked marks) in the script's bundled
Noto subset (SCRIPT_FONTS). Ethiopic, Vai and Yi syllables and Armenian, Georgian, Cherokee and Canadian syllabic
letters are whole glyphs and are drawn letter by letter in theirs. Printed letter by letter a shaped script would
look right to no reader, so without uharfbuzz, and for a script with no bundled font (Limbu, Chakma…) or written
in vertical columns (Mongolian), the form is refused for paper in one line, never printed with holes or broken
words; its Google Form is made as usual.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .cjk_fonts import east_asian_candidates

EAST_ASIAN_FONT = "EastAsian"  # the name a found CJK font is registered under
EAST_ASIAN = re.compile("[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3130-\u318f"
                        "\u31a0-\u31ff\u3200-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f"
                        "\uff00-\uffef\U00020000-\U0003ffff]")
_EAST_ASIAN_FIRST = {"CJK": "CJK", "HIRAGANA": "CJK", "KATAKANA": "CJK", "IDEOGRAPHIC": "CJK", "BOPOMOFO": "CJK",
                     "FULLWIDTH": "CJK", "HALFWIDTH": "CJK", "HANGUL": "Hangul", "KANGXI": "CJK"}
# scripts a reader cannot read letter by letter: conjuncts, vowel signs drawn before or around their consonant
NEEDS_SHAPING = {"DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI", "ORIYA", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM",
                 "SINHALA", "THAI", "LAO", "TIBETAN", "MYANMAR", "KHMER", "JAVANESE", "BALINESE", "SUNDANESE",
                 "TAI THAM", "NEW", "LIMBU", "CHAKMA", "MEETEI", "OL", "SYLOTI", "SAURASHTRA", "KAITHI", "BUGINESE",
                 # joined right to left (Syriac, N'Ko), vowel signs set over and under their letter (Thaana)
                 "SYRIAC", "NKO", "THAANA", "MONGOLIAN", "ADLAM", "HANIFI", "MANDAIC"}
SCRIPT_NAMES = {"DEVANAGARI": "Devanagari (Hindi, Nepali, Marathi)", "BENGALI": "Bangla", "CJK": "CJK (Chinese, "
                "Japanese)", "Hangul": "Hangul (Korean)", "ETHIOPIC": "Ethiopic (Amharic, Tigrinya)",
                "ORIYA": "Odia", "MYANMAR": "Myanmar (Burmese)", "KHMER": "Khmer", "THAI": "Thai", "LAO": "Lao",
                "GURMUKHI": "Gurmukhi (Punjabi)", "SYRIAC": "Syriac", "NKO": "N'Ko", "THAANA": "Thaana (Dhivehi)",
                "CANADIAN": "Canadian syllabics", "MONGOLIAN": "Mongolian", "ADLAM": "Adlam (Fula)",
                "HANIFI": "Hanifi Rohingya", "OL": "Ol Chiki (Santali)", "TIFINAGH": "Tifinagh (Tamazight)",
                "YI": "Yi (Nuosu)"}


@dataclass(frozen=True)
class ScriptFont:
    """The bundled font a script prints in (fontfiles/, README.md there): its files for regular and bold text, whose
    stems are the names ReportLab knows them by, the characters it prints (a regex class's body), and whether its
    runs are shaped by HarfBuzz (conjuncts, reordered and stacked marks) or drawn letter by letter (Ethiopic
    syllables, Armenian and Georgian letters are whole glyphs, one a character), and whether it is written right
    to left (Syriac, Thaana, N'Ko, Adlam, Hanifi Rohingya, Samaritan, Mandaic: a run comes to `shaped` in display
    order, as fonts_rtl puts a line, and is shaped in its own order, HarfBuzz giving its glyphs back in display
    order)."""

    regular: str
    bold: str
    chars: str
    shaped: bool = True
    right_to_left: bool = False
    line: float = 1.0  # of the layout's line pitch: the wrapped lines of a form in a script with tall stacks


def _noto(family: str, chars: str, shaped: bool = True, right_to_left: bool = False, line: float = 1.0) -> ScriptFont:
    return ScriptFont(f"{family}-Regular.ttf", f"{family}-Bold.ttf", chars, shaped, right_to_left, line)


def _one_weight(file: str, chars: str, right_to_left: bool = False, line: float = 1.0, shaped: bool = True) -> ScriptFont:
    """A script whose Noto font Debian carries in one weight: its bold text is printed in it."""
    return ScriptFont(file, file, chars, shaped, right_to_left, line)


TALL = {"TIBETAN": 1.5, "MYANMAR": 1.3, "KHMER": 1.25, "JAVANESE": 1.5,
        "BALINESE": 1.6, "TAI THAM": 1.3}  # line pitch factors: HarfBuzz ink clear of the next line (their deepest stacks: tests)
SCRIPT_FONTS = {
    "DEVANAGARI": _noto("NotoSansDevanagari", "\u0900-\u097f\ua8e0-\ua8ff"),
    "BENGALI": _noto("NotoSansBengali", "\u0980-\u09ff"),
    "GURMUKHI": _noto("NotoSansGurmukhi", "\u0a00-\u0a7f"),
    "GUJARATI": _noto("NotoSansGujarati", "\u0a80-\u0aff"),
    "ORIYA": _noto("NotoSansOriya", "\u0b00-\u0b7f"),
    "TAMIL": _noto("NotoSansTamil", "\u0b80-\u0bff"),
    "TELUGU": _noto("NotoSansTelugu", "\u0c00-\u0c7f"),
    "KANNADA": _noto("NotoSansKannada", "\u0c80-\u0cff"),
    "MALAYALAM": _noto("NotoSansMalayalam", "\u0d00-\u0d7f"),
    "SINHALA": _noto("NotoSansSinhala", "\u0d80-\u0dff"),
    "THAI": _noto("NotoSansThai", "\u0e00-\u0e7f"),
    "LAO": _noto("NotoSansLao", "\u0e80-\u0eff"),
    # Tibetan's stacks make its font large (565 KB subset): one weight, bold text printed in it
    # full size, on taller lines: their stacks reach far above and below the line (layout_geometry.pitch)
    "TIBETAN": _one_weight("NotoSerifTibetan-Regular.ttf", "\u0f00-\u0fff", line=TALL["TIBETAN"]),
    "MYANMAR": _noto("NotoSansMyanmar", "\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f", line=TALL["MYANMAR"]),
    "KHMER": _noto("NotoSansKhmer", "\u1780-\u17ff\u19e0-\u19ff", line=TALL["KHMER"]),
    "ETHIOPIC": _noto("NotoSansEthiopic", "\u1200-\u139f\u2d80-\u2ddf\uab00-\uab2f", shaped=False),
    "ARMENIAN": ScriptFont("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "\u0531-\u058f", shaped=False),
    # Noto Sans Georgian has the Mtavruli capitals (U+1C90-1CBF) a title set in capitals turns into; DejaVu Sans has not
    "GEORGIAN": _noto("NotoSansGeorgian", "\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f", shaped=False),
    # right to left and shaped: Syriac and N'Ko letters join, Thaana's vowel signs sit over or under their letter
    "SYRIAC": _one_weight("NotoSansSyriac-Regular.ttf", "\u0700-\u074f\u0860-\u086f", right_to_left=True),
    "THAANA": _noto("NotoSansThaana", "\u0780-\u07bf", right_to_left=True),
    "NKO": _one_weight("NotoSansNKo-Regular.ttf", "\u07c0-\u07ff", right_to_left=True),
    "CHEROKEE": _noto("NotoSansCherokee", "\u13a0-\u13ff\uab70-\uabbf", shaped=False),
    "CANADIAN": _noto("NotoSansCanadianAboriginal", "\u1400-\u167f\u18b0-\u18ff", shaped=False),
    # session 19: right to left and joined (Adlam: Fula in West Africa)
    "ADLAM": _noto("NotoSansAdlam", "\U0001e900-\U0001e95f", right_to_left=True),
    "HANIFI": _noto("NotoSansHanifiRohingya", "\U00010d00-\U00010d3f", right_to_left=True),
    # syllabaries, a glyph a syllable: drawn letter by letter (Vai in Liberia, Yi in Sichuan and Yunnan)
    "VAI": _one_weight("NotoSansVai-Regular.ttf", "\ua500-\ua63f", shaped=False),
    "YI": _one_weight("NotoSansYi-Regular.ttf", "\ua000-\ua4cf", shaped=False),
    # Tifinagh (Tamazight) shaped for its consonant joiner's ligatures; Ol Chiki (Santali) for its marks
    "TIFINAGH": _one_weight("NotoSansTifinagh-Regular.ttf", "\u2d30-\u2d7f"),
    "OL": _noto("NotoSansOlChiki", "\u1c50-\u1c7f"),
    # Indonesia's scripts, shaped as the Indic ones (pangkon conjuncts, vowel signs before their consonant)
    "JAVANESE": _noto("NotoSansJavanese", "\ua980-\ua9df", line=TALL["JAVANESE"]),
    "SUNDANESE": _noto("NotoSansSundanese", "\u1b80-\u1bbf\u1cc0-\u1ccf"),
    "BALINESE": _noto("NotoSansBalinese", "\u1b00-\u1b7f", line=TALL["BALINESE"]),
    # Tai Tham (Northern Thai, Tai Khün, Tai Lü): stacked subscript consonants, vowel signs before their consonant
    "TAI THAM": _noto("NotoSansTaiTham", "\u1a20-\u1aaf", line=TALL["TAI THAM"]),
    # right to left: Samaritan's vowel signs set over and under their letter, Mandaic's letters joined
    "SAMARITAN": _one_weight("NotoSansSamaritan-Regular.ttf", "\u0800-\u083f", right_to_left=True),
    "MANDAIC": _one_weight("NotoSansMandaic-Regular.ttf", "\u0840-\u085f", right_to_left=True),
}
# scripts printed through HarfBuzz (uharfbuzz, ReportLab's shapeStr) in their bundled font
SHAPED_FONTS = {key: f.regular.removesuffix("-Regular.ttf") for key, f in SCRIPT_FONTS.items() if f.shaped}
_SHAPED_NAMES = frozenset(Path(n).stem for f in SCRIPT_FONTS.values() if f.shaped for n in (f.regular, f.bold))
_RIGHT_TO_LEFT_NAMES = frozenset(Path(n).stem for f in SCRIPT_FONTS.values() if f.right_to_left
                                 for n in (f.regular, f.bold))
_TALL = re.compile(f"[{''.join(f.chars for f in SCRIPT_FONTS.values() if f.line != 1.0)}]")
OWN_FONT = re.compile(f"{EAST_ASIAN.pattern}|[{''.join(f.chars for f in SCRIPT_FONTS.values())}]")
_TWO_WORDS = {"TAI"}  # Tai Tham, Tai Le, Tai Viet: scripts of their own, told apart by their names' second word


def script(ch: str) -> str:
    """The writing system of a character, as its Unicode name starts ("DEVANAGARI", "CYRILLIC", "THAI", "TAI THAM"),
    with the ideographs, kana and their punctuation as "CJK" and Korean as "Hangul"."""
    words = unicodedata.name(ch, "UNKNOWN").split()
    first = " ".join(words[:2]) if words[0] in _TWO_WORDS else words[0]
    return _EAST_ASIAN_FIRST.get(first, first)


def line_factor(texts: Iterable[str]) -> float:
    """How many times the layout's line pitch the wrapped lines of these texts need: the largest `line` of the
    scripts in them (1.0 for every script but Tibetan, Khmer, Myanmar, Javanese, Balinese and Tai Tham)."""
    found = {script(m[0]) for text in texts for m in _TALL.finditer(text)}
    return max((SCRIPT_FONTS[k].line for k in found if k in SCRIPT_FONTS), default=1.0)


def script_name(key: str) -> str:
    return SCRIPT_NAMES.get(key, key.title())


@cache
def east_asian_font() -> str | None:
    """The name of the CJK font registered with ReportLab, the first found that loads; None on a machine without one."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    for path in east_asian_candidates():
        if path.is_file():
            try:
                pdfmetrics.registerFont(TTFont(EAST_ASIAN_FONT, str(path), subfontIndex=0))
            except (TTFError, OSError):  # CFF outlines, a damaged file: try the next
                continue
            return EAST_ASIAN_FONT
    return None


def east_asian_path() -> Path | None:
    """The file of the CJK font in use (for the charts), None without one."""
    if not east_asian_font():
        return None
    from reportlab.pdfbase import pdfmetrics

    return Path(pdfmetrics.getFont(EAST_ASIAN_FONT).face.filename)


@cache
def can_shape() -> bool:
    """uharfbuzz is installed and ReportLab draws the glyph runs it shapes."""
    try:
        import uharfbuzz  # noqa: F401
        from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr  # noqa: F401
    except ImportError:
        return False
    return True


@cache
def to_unicode_beyond_the_first_plane() -> None:
    """ReportLab writes a letter past U+FFFF (Adlam, Hanifi Rohingya) into a PDF font's ToUnicode map as five hex
    digits, which a PDF reader takes for another letter ("Ẕ" for U+1E946): written as its UTF-16 pair instead, as
    the PDF reference asks, the page's text is found, copied and read aloud as written. The glyphs drawn are the
    same either way."""
    from reportlab.pdfbase import ttfonts

    plain = ttfonts.makeToUnicodeCMap

    def pair(m: re.Match[str]) -> str:
        code = int(m[2], 16) - 0x10000
        return f"<{m[1]}> <{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}>"

    def fixed(fontname: str, subset: list[int]) -> str:
        return re.sub(r"^<([0-9A-F]{2})> <([0-9A-F]{5,6})>$", pair, plain(fontname, subset), flags=re.M)

    ttfonts.makeToUnicodeCMap = fixed


@cache
def script_font(key: str, bold: bool) -> str | None:
    """The bundled font a script prints in (SCRIPT_FONTS), registered with ReportLab; None for a script without one,
    or one that needs shaping where uharfbuzz is missing."""
    entry = SCRIPT_FONTS.get(key)
    if entry is None or (entry.shaped and not can_shape()):
        return None
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from .fonts import FONT_DIR, FONT_FILES, register_fonts

    register_fonts()
    if re.search("[\U00010000-\U0010ffff]", entry.chars):
        to_unicode_beyond_the_first_plane()
    names = [Path(entry.regular).stem, Path(entry.bold).stem]
    for name in dict.fromkeys(names):
        if name not in FONT_FILES:  # DejaVu Sans (Armenian, Georgian) is registered already
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf"), shapable=entry.shaped))
    if entry.shaped:
        pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1], italic=names[0],
                                      boldItalic=names[1])  # <b>, <i> in a paragraph
    return names[bold]


def shaped_font(key: str, bold: bool) -> str | None:
    """The bundled font of a script that needs shaping, registered as shapable (None without uharfbuzz)."""
    return script_font(key, bold) if key in SHAPED_FONTS else None


def fallback(ch: str, style: str = "regular") -> str | None:
    """The font a character prints in when the line's own font lacks its script: the CJK font for ideographs,
    kana, Hangul and their punctuation (when the machine has one), the script's bundled font for the others of
    SCRIPT_FONTS (a shaped one only when uharfbuzz is there), else None."""
    if not OWN_FONT.match(ch):
        return None
    if EAST_ASIAN.match(ch):
        return east_asian_font()
    return script_font(script(ch), "bold" in style)


def is_shaped(font: str) -> bool:
    """One of the bundled fonts drawn through HarfBuzz (only those: with uharfbuzz installed ReportLab calls every
    TrueType font shapable, and Arabic already joined and ordered by fonts_rtl must not be shaped again)."""
    from reportlab.pdfbase import pdfmetrics

    return font in _SHAPED_NAMES and bool(getattr(pdfmetrics.getFont(font), "shapable", False))


def shaped(glyphs: str, font: str, size: float) -> str:
    """The string ReportLab draws: for a shapable font, the run shaped by HarfBuzz (conjuncts, reordered vowel
    signs, stacked marks), which canvas.drawString places glyph by glyph. A right-to-left run (Syriac) comes in
    display order: it is shaped in its own order (the reverse), which HarfBuzz, seeing a right-to-left script,
    joins and gives back in display order."""
    if not is_shaped(font):
        return glyphs
    from reportlab.pdfbase.ttfonts import shapeStr

    return shapeStr(glyphs[::-1] if font in _RIGHT_TO_LEFT_NAMES else glyphs, font, size)


def run_width(glyphs: str, font: str, size: float) -> float:
    """The width in points of a run as drawn (shaped when its font is)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    drawn = shaped(glyphs, font, size)
    data = getattr(drawn, "__shapeData__", None)
    return sum(g.x_advance for g in data) * size / 1000 if data else stringWidth(glyphs, font, size)


def letters_missing(text: str) -> bool:
    """A letter, mark or digit of some script, which `fonts.printable` keeps (for the refusal to name) rather than
    leaving out as it does a symbol."""
    category = unicodedata.category(text)
    return category[0] in "LM" or category == "Nd"


def own_font_has(c: str) -> bool:
    """A character of a script with its own font (CJK, Devanagari, Bangla, Thai) that this font has."""
    if not OWN_FONT.match(c):
        return False
    from reportlab.pdfbase import pdfmetrics

    font = fallback(c)
    return bool(font) and ord(c) in getattr(pdfmetrics.getFont(font).face, "charToGlyph", {})
