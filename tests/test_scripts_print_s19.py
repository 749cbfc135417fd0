"""Issue 22, session 19: scripts refused for paper until now for want of a bundled font print and are read back.

Adlam (Fula, West Africa), right to left and joined, shaped by HarfBuzz as Syriac and N'Ko are (session 17's path:
tests/test_scripts_print_s17.py, whose checks these reuse). Before this change each of these forms was refused
for paper in one line. What proves the printing right is computed apart from the toolkit's code: HarfBuzz
(uharfbuzz, called here on the bundled font file) joins a word's letters into glyphs other than the
one-glyph-per-letter cmap lookup, and the printed PDF's text (pdftotext -raw) holds exactly HarfBuzz's glyph
sequence; every glyph's ink, from HarfBuzz's extents, stays clear of the other texts and boxes; filled scans are
read back with 0 silent errors.
"""

from __future__ import annotations

import subprocess

import pytest

import tests.test_scripts_print as s16
import tests.test_scripts_print_s17 as s17
from scanner import scripts
from scanner.fonts import FONT_DIR
from scanner.template import load_template

# (question, text label, options, title), written as a local office would
WORDS = {
    # Fula: "Is there drinking water in your household?", "Name of the village", yes / no / I don't know,
    # "Household survey"
    "adlm": ("𞤖𞤮𞤤 𞤲𞤣𞤭𞤴𞤢𞤥 𞤲𞤶𞤢𞤪𞤢𞤥𞤣𞤢𞤥 𞤱𞤮𞥅𞤣𞤭 𞤫 𞤺𞤢𞤤𞥆𞤫 𞤥𞤢𞥄؟", "𞤋𞤲𞥆𞤣𞤫 𞤱𞤵𞤪𞤮",
             ["𞤉𞥅𞤴", "𞤀𞤤𞤢𞥄", "𞤃𞤭 𞤢𞤲𞥆𞤣𞤢𞥄"], "𞤎𞤫𞥅𞤱𞤲𞤣𞤮 𞤺𞤢𞤤𞥆𞤫𞥅𞤶𞤭"),
    # Rohingya: "Is there water in your house?", "Name of the village", yes / no / I don't know, "Household survey"
    "rhg": ("𐴃𐴟𐴝𐴌 𐴒𐴡𐴌 𐴀𐴡𐴃 𐴉𐴝𐴤𐴕𐴞 𐴀𐴝𐴏𐴠 𐴕𐴠؟", "𐴒𐴝𐴡𐴌 𐴕𐴝𐴔", ["𐴀𐴡𐴘", "𐴕𐴝", "𐴀𐴝𐴞 𐴎𐴝𐴕𐴞 𐴕𐴝"], "𐴒𐴡𐴌 𐴁𐴝𐴌𐴞 𐴅𐴡𐴌𐴞𐴉"),
    # the phrases below are the test writer's, in the words of each language (not checked by a native writer):
    # Vai, Liberia: water (ji), the village, yes / no / I don't know, the household survey
    "vai": ("ꕉ ꕀ ꔻ ꕮ ꗏ ꔤ ꕞ ꕩ?", "ꕚ ꔻ ꕯꕮ", ["ꔀꔀ", "ꕉꕌ", "ꕉ ꗏ ꕮ ꔤ ꕯ"], "ꕞ ꕚ ꗏ ꔀ ꕮꕯ"),
    # Tamazight: "Is there water in your house?", "Name of the village", yes / no / I don't know, "Household survey"
    "tzm": ("ⵉⵍⵍⴰ ⵡⴰⵎⴰⵏ ⴳ ⵜⴳⵎⵎⵉ ⵏⵏⴽ?", "ⵉⵙⵎ ⵏ ⵓⴷⵡⴰⵔ", ["ⵢⴰⵀ", "ⵓⵀⵓ", "ⵓⵔ ⵙⵙⵉⵏⵖ"], "ⴰⵙⵏⵇⵙⵉ ⵏ ⵜⵡⴰⵛⵓⵏⵉⵏ"),
    # Santali: "Is there drinking water in your house?", "Village name", yes / no / I don't know, "Household survey"
    "sat": ("ᱟᱢᱟᱜ ᱚᱲᱟᱜ ᱨᱮ ᱫᱟᱜ ᱢᱮᱱᱟᱜ ᱟ ᱥᱮ?", "ᱟᱛᱳ ᱧᱩᱛᱩᱢ", ["ᱦᱚᱭ", "ᱵᱟᱝ", "ᱵᱟᱝ ᱵᱟᱰᱟᱭᱟ"], "ᱜᱷᱟᱨᱚᱧᱡᱽ ᱥᱟᱹᱨᱵᱷᱮ"),
    # Nuosu (Yi): the same four words in Yi syllables
    "ii": ("ꆍꀀꐚꇬꃅꁧꅉꂿꌠ?", "ꃅꄿꂓ", ["ꉬ", "ꀋꉬ", "ꀋꌋꃅ"], "ꆈꌠꏓꃀꀕꉙ"),
    # Javanese, Sundanese, Balinese: "Is there drinking water in your house?", "Name of the village", yes / no /
    # I don't know, "Household survey"
    "jv": ("ꦄꦥ ꦲꦶꦁ ꦎꦩꦃꦩꦸ ꦲꦤ ꦧꦚꦸ ꦔꦺꦴꦩ꧀ꦧꦺ?", "ꦗꦼꦤꦼꦁ ꦢꦺꦱ", ["ꦆꦁꦒꦶꦃ", "ꦎꦫ", "ꦎꦫ ꦔꦼꦂꦠꦶ"], "ꦱꦸꦂꦮꦺ ꦏꦸꦭꦮꦂꦒ"),
    "su": ("ᮔᮠ ᮓᮤ ᮄᮙᮂ ᮃᮔ᮪ᮏᮩᮔ᮪ ᮃᮚ ᮎᮄ ᮍᮤᮔᮥᮙ᮪?", "ᮔᮙᮤ ᮓᮦᮞ", ["ᮙᮥᮠᮥᮔ᮪", "ᮠᮨᮔ᮪ᮒᮩ", "ᮒᮩ ᮒᮨᮛᮀ"], "ᮞᮥᮁᮝᮦ ᮊᮥᮜᮝᮁᮌ"),
    "ban": ("ᬦᬧᬶ ᬯᭂᬦ᭄ᬢᭂᬦ᭄ ᬢᭀᬬ ᬭᬶᬂ ᬚᭂᬭᭀ?", "ᬳᬤᬦ᭄ ᬤᬾᬲ", ["ᬇᬗ᭄ᬕᬶᬄ", "ᬢᬾᬦ᭄", "ᬢᬶᬬᬂ ᬢᬾᬦ᭄ ᬉᬦᬶᬂ"], "ᬲᬸᬭ᭄ᬯᬾ ᬓᬸᬮᬯᬭ᭄ᬕ"),
    # Samaritan and Mandaic (Aramaic words): "Is there water in your house?", "Name of the village", yes / no /
    # I don't know, "Household survey"
    "smp": ("ࠉࠔ ࠌࠉࠌ ࠁࠁࠉࠕࠊ?", "ࠔࠌ ࠄࠊࠐࠓ", ["ࠊࠝࠍ", "ࠋࠀ", "ࠋࠀ ࠉࠃࠏࠕࠉ"], "ࠎࠒࠓ ࠁࠉࠕ"),
    "mid": ("ࡀࡉࡕ ࡌࡉࡀ ࡁࡁࡉࡕࡀࡊ؟", "ࡔࡅࡌࡀ ࡖࡒࡓࡉࡀ", ["ࡀࡉࡍ", "ࡋࡀ", "ࡋࡀ ࡉࡃࡀࡍࡀ"], "ࡁࡃࡀࡒࡕࡀ ࡖࡁࡉࡕࡀ"),
    # Northern Thai in Tai Tham: "Does your house have drinking water?", "Name of the village", yes / no /
    # I don't know, "Household survey"
    "nod": ("ᩁᩮᩬᩥᨶ ᨣᩮᩫ᩶ᩣ ᨾᩦ ᨶᩣᩴ᩶ ᨠᩥ᩠ᨶ ᨷ᩵?", "ᨩᩨ᩵ ᨷ᩶ᩣ᩠ᨶ", ["ᨧᩮᩢᩣ᩶", "ᨷ᩵ᨾᩦ", "ᨷ᩵ᩁᩪ᩶"], "ᨣᩣ᩠ᩁᩈᩣᩴᩁ᩠ᩅᨧ ᩁᩮᩬᩥᨶ"),
}
# a word whose shaped glyphs differ from its letters: a conjunct, a vowel sign drawn before its consonant
REORDERED = {"jv": "ꦔꦺꦴꦩ꧀ꦧꦺ", "su": "ᮓᮦᮞ", "ban": "ᬯᭂᬦ᭄ᬢᭂᬦ᭄", "smp": "ࠊࠝࠍ", "nod": "ᩁᩮᩬᩥᨶ"}
JOINED = {"adlm": "𞤲𞤶𞤢𞤪𞤢𞤥𞤣𞤢𞤥", "rhg": "𐴅𐴡𐴌𐴞𐴉", "mid": "ࡁࡁࡉࡕࡀࡊ"}  # letters that join: the shaped glyphs differ from the cmap's
SHAPED = {"adlm", "rhg", "tzm", "sat", "jv", "su", "ban", "smp", "mid", "nod"}
QUICK = ["adlm"]  # read back in the quick tier; the others are slow
WORD_FONTS = {"adlm": ("Ebrima", "w:cs"), "rhg": ("Noto Sans Hanifi Rohingya", "w:cs"),  # Word's font, its slot
              "vai": ("Ebrima", "w:hAnsi"), "tzm": ("Ebrima", "w:hAnsi"), "sat": ("Nirmala UI", "w:hAnsi"),
              "ii": ("Microsoft Yi Baiti", "w:hAnsi"), "jv": ("Javanese Text", "w:cs"),
              "su": ("Noto Sans Sundanese", "w:cs"), "ban": ("Noto Sans Balinese", "w:cs"),
              "smp": ("Noto Sans Samaritan", "w:cs"), "mid": ("Noto Sans Mandaic", "w:cs"),
              "nod": ("Noto Sans Tai Tham", "w:cs")}


@pytest.fixture
def display_order_inks(monkeypatch):
    return s17.inks_in_display_order(monkeypatch)  # the ink check, from HarfBuzz's extents as placed


def _naive_and_shaped(word: str):
    """For each weight's font file: the word's one-glyph-a-letter cmap lookup and HarfBuzz's (glyph, advance,
    x offset, y offset), after checking that the font has every letter and HarfBuzz drew no box or dotted circle."""
    entry = s17._entry(word)
    for file in {entry.regular, entry.bold}:
        path = FONT_DIR / file
        cmap = s16._cmap(path)
        naive = [cmap.get(ord(c)) for c in word]
        glyphs = s17.HB_GLYPHS(word, path)
        assert None not in naive, word
        assert not {0, cmap.get(0x25CC)} & {g for g, *_ in glyphs}, (word, glyphs)
        yield naive, glyphs


@pytest.mark.parametrize("lang", sorted(JOINED))
def test_harfbuzz_joins_the_letters_unlike_a_naive_cmap_lookup(lang):
    """The truth that joining happens, from HarfBuzz and fontTools alone: the word's glyphs are other than one a
    letter (its joined initial, medial and final forms), none missing, in both weights."""
    for naive, glyphs in _naive_and_shaped(JOINED[lang]):
        assert sorted(g for g, *_ in glyphs) != sorted(naive), (lang, glyphs, naive)


@pytest.mark.parametrize("lang", sorted(REORDERED))
def test_harfbuzz_shapes_the_word_unlike_a_naive_cmap_lookup(lang):
    """The truth that these scripts need shaping, from HarfBuzz and fontTools alone: the word's glyphs differ from
    one glyph a letter in order (a conjunct, a vowel sign moved before its consonant, a mark placed), none missing."""
    for naive, glyphs in _naive_and_shaped(REORDERED[lang]):
        assert [g for g, *_ in glyphs] != naive or any(x or y for _, _, x, y in glyphs), (lang, glyphs, naive)


def _prints(tmp_path, lang: str, inks) -> None:
    """s17's check (builds, no ink fault, HarfBuzz's glyphs in the PDF, read back with 0 silent errors), and no text
    of the form shaped into a box (.notdef) or a dotted circle (a mark with no letter to sit on)."""
    s17._prints(tmp_path, lang, inks, WORDS, SHAPED, JOINED)
    assert s16.no_missing_glyph(load_template(tmp_path / "t.json")) == []


def test_an_adlam_form_prints_joined_from_the_right_and_is_read_back(tmp_path, display_order_inks):
    """Printed, shaped and read back; the PDF's text gives Adlam's marks (past U+FFFF) as themselves: before, ReportLab
    wrote them as five hex digits, which pdftotext read as "Ẕ" (U+1E94)."""
    _prints(tmp_path, "adlm", display_order_inks)
    raw = subprocess.run(["pdftotext", "-raw", str(tmp_path / "run" / "forms.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    assert "\U0001e946" in raw and "\U0001e945" in raw and "\u1e94" not in raw, raw[:300]


@pytest.mark.slow  # about 2 CPU s a language
@pytest.mark.parametrize("lang", sorted(set(WORDS) - set(QUICK)))
def test_the_other_scripts_print_and_are_read_back(tmp_path, lang, display_order_inks):
    _prints(tmp_path, lang, display_order_inks)


@pytest.mark.parametrize("lang", [pytest.param(k, marks=[] if k in QUICK else [pytest.mark.slow]) for k in WORDS])
def test_charts_word_and_the_pdf_report_name_a_font_for_each(tmp_path, monkeypatch, lang):
    """Charts draw each script in its bundled font (no installed font asked), Word names a font for it in the slot
    Word takes it from, and the report's PDF embeds the bundled font with HarfBuzz's glyphs (a right-to-left one
    in display order)."""
    from docx import Document
    from docx.oxml.ns import qn
    from reportlab.platypus import SimpleDocTemplate

    from scanner.fonts import register_fonts
    from scanner.report import chart_fonts, pdf
    from scanner.report.chart_fonts import chart_families
    from scanner.report.word import _font

    monkeypatch.setattr(chart_fonts, "_installed", lambda ch: None)
    register_fonts()
    doc = Document()
    question, text, options, _ = WORDS[lang]
    labels = [question[:20], *options]
    families, note = chart_families(labels)
    family = s17._entry(text).regular.removesuffix("-Regular.ttf")
    assert note == "" and any(f.replace(" ", "") == family for f in families), (lang, note, families)
    assert s16.chart_glyphs_missing(labels) == [], lang

    font, slot = WORD_FONTS[lang]
    run = doc.add_paragraph().add_run(text)
    _font(run, size=11)
    assert run._element.rPr.rFonts.get(qn(slot)) == font, lang

    out = tmp_path / f"{lang}.pdf"
    SimpleDocTemplate(str(out)).build([pdf._p(text, pdf._styles()["td_left"])])
    assert family in subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout, lang
    raw = subprocess.run(["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True, check=True).stdout
    path = FONT_DIR / s17._entry(text).regular
    assert s17._label_pattern(text, path).fullmatch(s17._unmarked(raw)), (lang, raw)


def test_each_added_script_is_in_the_table_with_its_own_font_file():
    """Every script of WORDS has a SCRIPT_FONTS entry whose files are bundled, and is no longer refused."""
    from scanner.fonts import missing_glyphs

    for lang, (question, text, options, title) in WORDS.items():
        entry = s17._entry(text)
        assert (FONT_DIR / entry.regular).is_file() and (FONT_DIR / entry.bold).is_file(), lang
        for style in ("regular", "bold", "sans-regular", "sans-bold"):
            assert missing_glyphs([(t, style) for t in (question, text, title, *options)]) == "", (lang, style)
    assert scripts.SCRIPT_FONTS["ADLAM"].right_to_left


# Javanese, Balinese and Tai Tham words with their deepest stacks (a subscript consonant, pasangan, with a vowel
# sign under it; Balinese three-consonant stacks with a long vowel over them; Tai Tham's stacked sakot consonants),
# repeated so the question wraps
DEEP = {"jv": "ꦥꦿꦶꦪꦤ꧀ꦠꦸꦤ꧀ ꦏꦿꦸꦤ꧀ꦝꦸ ꦱꦁꦱ꧀ꦏꦽꦠ ꦥꦿꦶꦪꦤ꧀ꦠꦸꦤ꧀ ꦏꦿꦸꦤ꧀ꦝꦸ ꦱꦁꦱ꧀ꦏꦽꦠ ꦥꦿꦶꦪꦤ꧀ꦠꦸꦤ꧀ ",
        "ban": "ᬲ᭄ᬢ᭄ᬭᬷ ᬓ᭄ᬱᬢ᭄ᬭᬶᬬ ᬧ᭄ᬭᬤ᭄ᬦ᭄ᬬᬸ ᬲ᭄ᬢ᭄ᬭᬷ ᬓ᭄ᬱᬢ᭄ᬭᬶᬬ ᬧ᭄ᬭᬤ᭄ᬦ᭄ᬬᬸ ᬲ᭄ᬢ᭄ᬭᬷ ᬓ᭄ᬱᬢ᭄ᬭᬶᬬ ",
        "nod": "ᩈ᩠ᨲ᩠ᩁᩦ ᨾᩉᩣ᩠ᩅᩥᨴ᩠ᨿᩣᩃᩱ ᨻᩕᩡᨻᩩᨴ᩠ᨵᨧᩮᩢ᩶ᩣ ᩈ᩠ᨲ᩠ᩁᩦ ᨾᩉᩣ᩠ᩅᩥᨴ᩠ᨿᩣᩃᩱ ᨻᩕᩡᨻᩩᨴ᩠ᨵᨧᩮᩢ᩶ᩣ "}


@pytest.mark.slow  # about 4 CPU s a language
@pytest.mark.parametrize("lang", sorted(DEEP))
def test_javanese_balinese_and_tai_tham_stacks_print_on_taller_lines_clear_of_the_next(tmp_path, lang):
    """Their stacks reach further below the line than Latin's (Noto Sans Javanese: 0.92 em, Balinese 0.83, Tai Tham
    0.52): on the layout's own pitch a question's subscripts touched the boxes or the line under it (up to 1.2 mm);
    on lines 1.5 (Javanese), 1.6 (Balinese) and 1.3 (Tai Tham) times as tall, as Tibetan, Khmer and Myanmar have
    theirs, no glyph's ink (HarfBuzz's extents) touches another text or box, in
    a question, a grid's headings or a roster's."""
    question, text, options, title = WORDS[lang]
    s17.tall_prints(tmp_path, DEEP[lang], question, text, options, title)
