"""How the report sets a text of any script: the font Word names for it (Word shapes it itself) and the paragraph
markup of the report's PDF (ReportLab), each script in its bundled font (scripts.SCRIPT_FONTS), shaped where it
needs it, ideographs in the machine's CJK font, right-to-left runs joined and in display order."""

from __future__ import annotations

import re

from .scripts import EAST_ASIAN, EAST_ASIAN_FONT, OWN_FONT, SCRIPT_FONTS, east_asian_font, script, script_font

WORD_EAST_ASIAN = "SimSun"  # Word's own serif for Chinese (宋体), with kana; Word substitutes it where it is absent


_COMPLEX = re.compile("[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff\u1a20-\u1aaf\u1b00-\u1bbf"
                      "\u1cc0-\u1ccf\ua980-\ua9df\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]")
# Word's font for a script Times New Roman lacks: the one Windows itself carries (Word substitutes a font of the
# machine's where it is absent); a complex script's in the complex-script slot (w:cs), the others' in w:hAnsi too
_NIRMALA = ("DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI", "ORIYA", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM",
            "SINHALA")
WORD_FONTS = dict.fromkeys(_NIRMALA, "Nirmala UI") | {
    "THAI": "Leelawadee UI", "LAO": "Leelawadee UI", "KHMER": "Khmer UI", "MYANMAR": "Myanmar Text",
    "TIBETAN": "Microsoft Himalaya", "ETHIOPIC": "Ebrima", "ARMENIAN": "Sylfaen", "GEORGIAN": "Sylfaen",
    "SYRIAC": "Estrangelo Edessa", "THAANA": "MV Boli", "NKO": "Ebrima", "CHEROKEE": "Gadugi", "CANADIAN": "Gadugi",
    "ADLAM": "Ebrima", "VAI": "Ebrima", "TIFINAGH": "Ebrima", "OL": "Nirmala UI", "YI": "Microsoft Yi Baiti",
    "JAVANESE": "Javanese Text"} | {
    # scripts Windows carries no font for: their Noto family, which Word uses once installed
    "HANIFI": "Noto Sans Hanifi Rohingya", "SUNDANESE": "Noto Sans Sundanese", "BALINESE": "Noto Sans Balinese",
    "SAMARITAN": "Noto Sans Samaritan", "MANDAIC": "Noto Sans Mandaic", "TAI THAM": "Noto Sans Tai Tham"}


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
    `font`; other texts as `marked_fonts` makes them, with None. A right-to-left one (Syriac, Thaana, N'Ko) is put
    in display order, each of its words then back in its own order, which HarfBuzz shapes and lays out from the
    right."""
    from xml.sax.saxutils import escape

    from .fonts_rtl import visual

    first = next((c for c in text if OWN_FONT.match(c) and not EAST_ASIAN.match(c)), None)
    own = script_font(script(first), "Bold" in font) if first else None
    if not own or not first:
        return marked_fonts(escape(text)), None
    from reportlab.pdfbase import pdfmetrics

    has = getattr(pdfmetrics.getFont(own).face, "charToGlyph", {})
    entry = SCRIPT_FONTS[script(first)]
    rtl = entry.right_to_left
    if rtl:
        text = re.sub(r"\S+", lambda m: m[0][::-1] if re.search(f"[{entry.chars}]", m[0]) else m[0], visual(text))
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
        pieces.append(" ".join(out[::-1] if rtl else out))  # the pieces of a right-to-left word from the right
    return "".join(pieces), own
