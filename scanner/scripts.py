"""Which writing system a label's letters are in, which font prints them, and why a form cannot be printed.

The bundled fonts (fontfiles/) print Latin with Vietnamese, Cyrillic and Greek (Liberation Serif), Hebrew (DejaVu
Sans) and Arabic script (Noto Sans Arabic). Chinese, Japanese and Korean print in a CJK font of the machine's own,
looked up by its known paths (Debian's fonts-wqy-zenhei, which `./run setup` installs; on Windows Microsoft YaHei,
SimSun, MS Gothic or Malgun Gothic): too large to bundle (16 MB), and ideographs need no shaping. It must have
TrueType outlines: ReportLab embeds no CFF font, so Noto Sans CJK (fonts-noto-cjk) cannot be used.

Scripts whose letters change shape and order with their neighbours (Devanagari, Bangla, Gurmukhi, Gujarati, Odia,
Tamil, Telugu, Kannada, Malayalam, Sinhala, Thai, Lao, Khmer, Myanmar, Tibetan) print shaped: HarfBuzz (uharfbuzz,
through ReportLab's shapeStr) turns each run into the glyphs a reader expects (conjuncts, vowel signs before or
around their consonant, stacked marks) in the script's bundled Noto subset (SCRIPT_FONTS). Ethiopic syllables and
Armenian and Georgian letters are whole glyphs and are drawn letter by letter in theirs. Printed letter by letter a
shaped script would look right to no reader, so without uharfbuzz, and for a script with no bundled font (Syriac,
which joins right to left in ways arabic-reshaper does not know; Javanese, Cherokee…), the form is refused for
paper in one line, never printed with holes or broken words; its Google Form is made as usual.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

EAST_ASIAN_FONT = "EastAsian"  # the name a found CJK font is registered under
EAST_ASIAN = re.compile("[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3130-\u318f"
                        "\u31a0-\u31ff\u3200-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f"
                        "\uff00-\uffef\U00020000-\U0003ffff]")
_EAST_ASIAN_FIRST = {"CJK": "CJK", "HIRAGANA": "CJK", "KATAKANA": "CJK", "IDEOGRAPHIC": "CJK", "BOPOMOFO": "CJK",
                     "FULLWIDTH": "CJK", "HALFWIDTH": "CJK", "HANGUL": "Hangul", "KANGXI": "CJK"}
# scripts a reader cannot read letter by letter: conjuncts, vowel signs drawn before or around their consonant
NEEDS_SHAPING = {"DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI", "ORIYA", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM",
                 "SINHALA", "THAI", "LAO", "TIBETAN", "MYANMAR", "KHMER", "JAVANESE", "BALINESE", "SUNDANESE",
                 "TAI", "NEW", "LIMBU", "CHAKMA", "MEETEI", "OL", "SYLOTI", "SAURASHTRA", "KAITHI", "BUGINESE"}
SCRIPT_NAMES = {"DEVANAGARI": "Devanagari (Hindi, Nepali, Marathi)", "BENGALI": "Bangla", "CJK": "CJK (Chinese, "
                "Japanese)", "Hangul": "Hangul (Korean)", "ETHIOPIC": "Ethiopic (Amharic, Tigrinya)",
                "ORIYA": "Odia", "MYANMAR": "Myanmar (Burmese)", "KHMER": "Khmer", "THAI": "Thai", "LAO": "Lao",
                "GURMUKHI": "Gurmukhi (Punjabi)", "SYRIAC": "Syriac"}


@dataclass(frozen=True)
class ScriptFont:
    """The bundled font a script prints in (fontfiles/, README.md there): its files for regular and bold text, whose
    stems are the names ReportLab knows them by, the characters it prints (a regex class's body), and whether its
    runs are shaped by HarfBuzz (conjuncts, reordered and stacked marks) or drawn letter by letter (Ethiopic
    syllables, Armenian and Georgian letters are whole glyphs, one a character)."""

    regular: str
    bold: str
    chars: str
    shaped: bool = True
    scale: float = 1.0  # of the line's type size: a script whose stacks reach far above and below the line


def _noto(family: str, chars: str, shaped: bool = True, scale: float = 1.0) -> ScriptFont:
    return ScriptFont(f"{family}-Regular.ttf", f"{family}-Bold.ttf", chars, shaped, scale)


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
    "TIBETAN": ScriptFont("NotoSerifTibetan-Regular.ttf", "NotoSerifTibetan-Regular.ttf", "\u0f00-\u0fff", scale=0.8),
    "MYANMAR": _noto("NotoSansMyanmar", "\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f", scale=0.85),
    "KHMER": _noto("NotoSansKhmer", "\u1780-\u17ff\u19e0-\u19ff", scale=0.85),
    "ETHIOPIC": _noto("NotoSansEthiopic", "\u1200-\u139f\u2d80-\u2ddf\uab00-\uab2f", shaped=False),
    "ARMENIAN": ScriptFont("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "\u0531-\u058f", shaped=False),
    # Noto Sans Georgian has the Mtavruli capitals (U+1C90-1CBF) a title set in capitals turns into; DejaVu Sans has not
    "GEORGIAN": _noto("NotoSansGeorgian", "\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f", shaped=False),
}
# scripts printed through HarfBuzz (uharfbuzz, ReportLab's shapeStr) in their bundled font
SHAPED_FONTS = {key: f.regular.removesuffix("-Regular.ttf") for key, f in SCRIPT_FONTS.items() if f.shaped}
_SHAPED_NAMES = frozenset(Path(n).stem for f in SCRIPT_FONTS.values() if f.shaped for n in (f.regular, f.bold))
_SCALES = {Path(n).stem: f.scale for f in SCRIPT_FONTS.values() if f.scale != 1.0 for n in (f.regular, f.bold)}
OWN_FONT = re.compile(f"{EAST_ASIAN.pattern}|[{''.join(f.chars for f in SCRIPT_FONTS.values())}]")
_LINUX = ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
          "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", "/usr/share/fonts/truetype/arphic/uming.ttc")
_WINDOWS = ("msyh.ttc", "simsun.ttc", "msgothic.ttc", "malgun.ttf")  # in %WINDIR%\Fonts
_MAC = ("/Library/Fonts/Arial Unicode.ttf", "/System/Library/Fonts/Supplemental/Arial Unicode.ttf")


def script(ch: str) -> str:
    """The writing system of a character, as its Unicode name starts ("DEVANAGARI", "CYRILLIC", "THAI"), with the
    ideographs, kana and their punctuation as "CJK" and Korean as "Hangul"."""
    first = unicodedata.name(ch, "UNKNOWN").split()[0]
    return _EAST_ASIAN_FIRST.get(first, first)


def script_name(key: str) -> str:
    return SCRIPT_NAMES.get(key, key.title())


def east_asian_candidates() -> list[Path]:
    """Where a CJK font with TrueType outlines is looked for, the likeliest first."""
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot")
    found = [Path(p) for p in _LINUX]
    if windir:
        found += [Path(windir) / "Fonts" / n for n in _WINDOWS]
    return found + [Path(p) for p in _MAC]


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


def drawn_size(font: str, size: float) -> float:
    """The type size a run in this font is drawn at (the size asked, but for SCRIPT_FONTS' scaled fonts)."""
    return size * _SCALES.get(font, 1.0)


def shaped(glyphs: str, font: str, size: float) -> str:
    """The string ReportLab draws: for a shapable font, the run shaped by HarfBuzz (conjuncts, reordered vowel
    signs, stacked marks), which canvas.drawString places glyph by glyph."""
    if not is_shaped(font):
        return glyphs
    from reportlab.pdfbase.ttfonts import shapeStr

    return shapeStr(glyphs, font, size)


def run_width(glyphs: str, font: str, size: float) -> float:
    """The width in points of a run as drawn (shaped when its font is)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    size = drawn_size(font, size)
    drawn = shaped(glyphs, font, size)
    data = getattr(drawn, "__shapeData__", None)
    return sum(g.x_advance for g in data) * size / 1000 if data else stringWidth(glyphs, font, size)


def letters_missing(text: str) -> bool:
    """A letter, mark or digit of some script, which `fonts.printable` keeps (for the refusal to name) rather than
    leaving out as it does a symbol."""
    category = unicodedata.category(text)
    return category[0] in "LM" or category == "Nd"


WORD_EAST_ASIAN = "SimSun"  # Word's own serif for Chinese (宋体), with kana; Word substitutes it where it is absent


_COMPLEX = re.compile("[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff\ufb1d-\ufdff\ufe70-\ufeff]")
# Word's font for a script Times New Roman lacks: the one Windows itself carries (Word substitutes a font of the
# machine's where it is absent); a complex script's in the complex-script slot (w:cs), the others' in w:hAnsi too
_NIRMALA = ("DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI", "ORIYA", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM",
            "SINHALA")
WORD_FONTS = dict.fromkeys(_NIRMALA, "Nirmala UI") | {
    "THAI": "Leelawadee UI", "LAO": "Leelawadee UI", "KHMER": "Khmer UI", "MYANMAR": "Myanmar Text",
    "TIBETAN": "Microsoft Himalaya", "ETHIOPIC": "Ebrima", "ARMENIAN": "Sylfaen", "GEORGIAN": "Sylfaen"}


def word_fonts(text: str, latin: str) -> tuple[dict[str, str], bool, bool]:
    """How a Word document sets a text: its run font attributes (East Asian letters in a CJK serif: Times New
    Roman has none, and Word does not fall back from a named East Asian font), whether the run is right to left,
    and whether it holds complex-script letters (Arabic, Hebrew, Devanagari, Tamil, Thai, Khmer…), whose size, bold and
    italic Word takes from the complex-script properties (szCs, bCs, iCs). Word shapes these scripts itself."""
    from .fonts_rtl import has_right_to_left

    fonts = {"w:eastAsia": latin}
    if EAST_ASIAN.search(text):
        fonts |= {"w:eastAsia": WORD_EAST_ASIAN, "w:hint": "eastAsia"}
    complex_script = _COMPLEX.search(text) is not None
    key = next((script(c) for c in text if OWN_FONT.match(c) and not EAST_ASIAN.match(c)), "")
    if key in WORD_FONTS:
        fonts |= {"w:cs": WORD_FONTS[key]} if complex_script else {"w:hAnsi": WORD_FONTS[key]}
    return fonts, has_right_to_left(text), complex_script


def marked_fonts(markup: str) -> str:
    """Paragraph markup (ReportLab) with its ideographs, kana and Hangul in the CJK font and its right-to-left
    runs joined, in display order, in Noto Sans Arabic (the report's PDF drawn without a browser)."""
    from .fonts_rtl import ARABIC, has_right_to_left, visual

    if EAST_ASIAN.search(markup) and east_asian_font():
        markup = re.sub(f"(?:{EAST_ASIAN.pattern})+", lambda m: f'<font name="{EAST_ASIAN_FONT}">{m[0]}</font>', markup)
    if has_right_to_left(markup) and "<" not in markup:
        markup = re.sub(f"(?:{ARABIC.pattern}| )+", lambda m: f'<font name="NotoSansArabic">{m[0]}</font>'
                        if m[0].strip() else m[0], visual(markup))
    return markup


def shaped_paragraph(text: str, font: str) -> tuple[str, str | None]:
    """Paragraph markup (ReportLab) for a text in a script drawn shaped (Devanagari, Bangla, Thai) and the shapable
    font its paragraph is then set in (a paragraph shapes only in a shapable font), the rest of the text kept in
    `font`; other texts as `marked_fonts` makes them, with None."""
    from xml.sax.saxutils import escape

    first = next((c for c in text if OWN_FONT.match(c) and not EAST_ASIAN.match(c)), None)
    own = script_font(script(first), "Bold" in font) if first else None
    if not own:
        return marked_fonts(escape(text)), None
    from reportlab.pdfbase import pdfmetrics

    has = getattr(pdfmetrics.getFont(own).face, "charToGlyph", {})
    # a word changes font whole (ReportLab shapes a word in pieces of two fonts badly): a word with a letter the
    # script's font lacks ("Câu", "(Other)") in `font`, any other in the script's font; a word of the script with
    # a sign its font lacks ("ไม่?": Thai, Lao, Ethiopic… have no "?") is parted there by a space (a zero-width one
    # is drawn as a box), rather than have its letters drawn in a font without them (before: left out)
    pieces = []
    for w in re.split(r"(\s+)", text):
        if not w or w.isspace() or all(ord(c) in has for c in w):
            pieces.append(escape(w))
            continue
        if not any(OWN_FONT.match(c) for c in w):
            pieces.append(f'<font name="{font}">{escape(w)}</font>')
            continue
        out = []
        for same in re.finditer(r"(.)\1*", "".join("o" if ord(c) in has else "x" for c in w)):  # runs by font
            piece = escape(w[same.start():same.end()])
            out.append(piece if same[0][0] == "o" else f'<font name="{font}">{piece}</font>')
        pieces.append(" ".join(out))
    return "".join(pieces), own


def why_not(source: str, missing: str, right_to_left: bool = False) -> str:
    """The one line that refuses paper for a form with letters no font prints rightly: the file, the scripts and
    the letters, why, and what to do instead."""
    keys = list(dict.fromkeys(script(c) for c in missing))
    names = ", ".join(script_name(k) for k in keys)
    shown = "".join([c for c in missing if c.isalpha()][:8] or list(missing)[:8])
    fonts = "DejaVu Sans và Noto Sans Arabic" if right_to_left else "phông chữ của bộ công cụ"
    fonts_en = "the fonts DejaVu Sans and Noto Sans Arabic have" if right_to_left else "the toolkit's fonts have"
    if any(k in SHAPED_FONTS for k in keys):
        vi = f"chữ {names} cần ghép chữ (shaping) bằng gói uharfbuzz, mà máy này chưa cài"
        en = f"{names} letters need shaping by the uharfbuzz package, not installed here (pip install uharfbuzz)"
    elif any(k in NEEDS_SHAPING for k in keys):
        vi = f"chữ {names} cần ghép chữ (shaping) mà trình in phiếu chưa làm được"
        en = (f"{names} letters need shaping (conjuncts, vowel signs placed around their consonant) that the "
              "form printer cannot do for them yet (it does for the Indic scripts, Sinhala, Thai, "
              "Lao, Khmer, Myanmar and Tibetan)")
    elif any(k in ("CJK", "Hangul") for k in keys):
        vi = f"máy này không có phông chữ {names}"
        en = (f"this machine has no {names} font (install one: apt-get install fonts-wqy-zenhei, which ./run setup "
              "does; Windows has Microsoft YaHei)")
    else:
        vi = f"{fonts} không có chữ {names}"
        en = f"{fonts_en} no {names} letters"
    where = " viết từ phải sang trái" if right_to_left else ""
    where_en = " in the right-to-left labels" if right_to_left else ""
    return (f"{source}: {vi} ({shown!r}{where}) nên không in phiếu giấy; dùng online-form để tạo biểu mẫu Google, "
            f"hoặc build lại với --lang một ngôn ngữ khác / {en} ({shown!r}{where_en}), so paper is not printed; "
            "use online-form for the Google Form, or build again with --lang naming another language")


def scripts_in(texts: Iterable[str]) -> list[str]:
    """The scripts of the letters in these texts, in order of first appearance (Latin and Common left out)."""
    seen: dict[str, None] = {}
    for text in texts:
        for ch in text:
            if ch.isalpha() and ord(ch) > 0x24F:
                seen[script(ch)] = None
    return list(seen)


def own_font_has(c: str) -> bool:
    """A character of a script with its own font (CJK, Devanagari, Bangla, Thai) that this font has."""
    if not OWN_FONT.match(c):
        return False
    from reportlab.pdfbase import pdfmetrics

    font = fallback(c)
    return bool(font) and ord(c) in getattr(pdfmetrics.getFont(font).face, "charToGlyph", {})


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
