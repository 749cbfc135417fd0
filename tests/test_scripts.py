"""Issue 22: a form in any script either prints rightly or is refused for paper in one line, never printed with holes.

Russian (Cyrillic, in Liberation Serif), Chinese (in the machine's CJK font, fonts-wqy-zenhei from ./run setup),
Hindi and Nepali (Devanagari), Bangla and Thai (bundled Noto Sans subsets, shaped by HarfBuzz through uharfbuzz)
print, wrap inside the page and are read back from filled scans with 0 silent errors. A script no font prints
rightly (Devanagari without uharfbuzz, Chinese without a CJK font; Mongolian and Adlam: tests/test_scripts_print.py,
with the other scripts printed since): `build` makes the form for the Google Form only and says why in one line
naming the script, `forms` refuses in that one line, `online-form` still works. Before this change all of their
labels were printed with every letter left out (`fonts.printable`).
"""

from __future__ import annotations

import functools
import unicodedata

import pytest

from benchmarks.realforms import cli, print_faults, run_form
from scanner import scripts, scripts_report
from scanner.fonts import drawn, missing_glyphs, printable
from scanner.scripts_breaks import breakable
from scanner.template import load_template
from tests.test_right_to_left import NOT_PRINTED, pdf_text
from tests.test_way_in import form

# (question label, text label, options, title) in each language, written as a local office would
WORDS = {
    "ru": ("Есть ли в вашем доме питьевая вода?", "Название деревни", ["Да", "Нет", "Не знаю"], "Опрос домохозяйств"),
    "zh": ("您家里有安全的饮用水吗？请根据过去十二个月的情况回答，包括雨季和旱季，以及停水的时候。", "村庄名称",
           ["有", "没有", "不知道"], "家庭调查"),
    "hi": ("क्या आपके घर में पीने का पानी है?", "गाँव का नाम", ["हाँ", "नहीं", "पता नहीं"], "घरेलू सर्वेक्षण"),
    "ne": ("के तपाईंको घरमा पिउने पानी छ?", "गाउँको नाम", ["छ", "छैन", "थाहा छैन"], "घरधुरी सर्वेक्षण"),
    "bn": ("আপনার বাড়িতে কি নিরাপদ পানীয় জল আছে?", "গ্রামের নাম", ["হ্যাঁ", "না", "জানি না"], "খানা জরিপ"),
    "th": ("บ้านของคุณมีน้ำดื่มที่สะอาดหรือไม่", "ชื่อหมู่บ้าน", ["มี", "ไม่มี", "ไม่ทราบ"], "การสำรวจครัวเรือน"),
}
PRINTS = ["ru", "zh", "hi", "ne", "bn", "th"]


def xlsform(tmp_path, lang: str):
    question, text, options, title = WORDS[lang]
    survey = [{"type": "select_one yn", "name": "q1", "label": question},
              {"type": "select_multiple yn", "name": "q2", "label": question[:12]},
              {"type": "text", "name": "q3", "label": text}]
    choices = [{"list_name": "yn", "name": f"c{i}", "label": o} for i, o in enumerate(options, 1)]
    return form(tmp_path / f"{lang}.xlsx", survey, choices, {"form_title": title, "form_id": f"s_{lang}", "version": "1"})


@pytest.mark.parametrize("lang", PRINTS)
def test_the_form_prints_whole_and_is_read_back(tmp_path, lang, corpus_kept):
    question, text, options, title = WORDS[lang]
    xlsx = xlsform(tmp_path, lang)
    code, out, err = cli(["build", str(xlsx), "--out", str(tmp_path / "t.json")])
    assert code == 0 and NOT_PRINTED not in out + err and "trang 1:" in out, (out, err)
    template = load_template(tmp_path / "t.json")
    assert print_faults(template) == []
    said = " ".join(t.text for t in template.texts)
    for label in (text, title, *options):
        assert label in said, label  # nothing left out of the template
    result = run_form(xlsx, tmp_path / "run", sheets=2, seed=3, keep=functools.partial(corpus_kept, f"script {lang}"))
    assert result.passed and result.read and result.silent == 0 and result.questions_read == 2 * 2, result.failures
    if lang in ("ru", "zh"):  # a shaped run's conjuncts are single glyphs: its letters are not in the PDF's text
        printed = "".join(pdf_text(tmp_path / "run" / "forms.pdf").split())
        for label in (question, text, title, *options):
            assert "".join(unicodedata.normalize("NFKC", label).split()) in printed, label  # every letter, wrapped


def test_a_long_chinese_label_breaks_between_ideographs_inside_the_width(tmp_path):
    from scanner.fonts import text_width_mm, wrap

    question = WORDS["zh"][0]
    lines = wrap(question, "bold", 11, 60.0)
    assert len(lines) > 1 and "".join(lines) == question
    assert all(text_width_mm(ln, "bold", 11) <= 60.0 for ln in lines)
    assert not any(ln.startswith(("，", "。", "？")) for ln in lines)  # punctuation stays after its ideograph
    assert [p for p, _ in breakable("Câu 1. 您好，世界")] == ["Câu", "1.", "您", "好，", "世", "界"]
    assert {font for _, font in drawn([("Câu 1. 您好", "regular")])} == {"LiberationSerif", scripts.EAST_ASIAN_FONT}


THAI_LONG = ("บ้านของคุณมีน้ำดื่มที่สะอาดหรือไม่ในช่วงฤดูแล้งและฤดูฝนรวมทั้งช่วงที่น้ำประปาไม่ไหลและช่วงที่ต้องซื้อน้ำ"
             "จากรถบรรทุกน้ำ")


def test_a_long_thai_label_without_spaces_is_cut_between_letter_clusters_inside_the_width():
    """Thai writes no space between words: a label wider than the line is cut where a letter and its marks end
    (never between a consonant and its vowel or tone mark), every line inside the width."""
    import unicodedata as ud

    from scanner.fonts import text_width_mm, wrap

    lines = wrap(THAI_LONG, "bold", 11, 100.0)
    assert len(lines) >= 2 and "".join(lines) == THAI_LONG
    assert all(text_width_mm(ln, "bold", 11) <= 100.0 for ln in lines)
    assert all(ud.category(ln[0]) not in ("Mn", "Mc") for ln in lines)


# (text, the character whose glyph is drawn first): a vowel sign written after its consonant drawn before it
REORDERED = [("कि", "\u093f"), ("पिउने", "\u093f"), ("কে", "\u09c7"), ("বাড়িতে", None), ("น้ำดื่ม", None)]


def _private(c: str) -> bool:
    return 0xE000 <= ord(c) <= 0xF8FF


@pytest.mark.parametrize(("text", "first"), REORDERED)
def test_shaping_reorders_vowel_signs_and_joins_conjuncts(text, first):
    """What ReportLab draws is the shaped run: one character per glyph, the glyph's own character or a private-use
    one for a glyph no character maps to (a conjunct, a vowel sign's variant). The truth is the script's
    orthography: ि and ে are drawn left of the consonant they follow in the text; क्ष and ক্ষ are one glyph."""
    from scanner.scripts import shaped, shaped_font

    font = shaped_font(scripts.script(text[0]), False)
    drawn_as = str(shaped(text, font, 10))
    if first:  # the vowel sign (or its variant sized to the consonant) first, the consonant after it
        assert (drawn_as[0] == first or _private(drawn_as[0])) and drawn_as[1] == text[0], [hex(ord(c)) for c in drawn_as]
    assert not any(0x25CC == ord(c) for c in drawn_as)  # no dotted circle: every mark found its letter
    for conjunct in ("क्ष", "ক্ষ"):
        glyphs = str(shaped(conjunct, shaped_font(scripts.script(conjunct[0]), False), 10))
        assert len(glyphs) == 1 and _private(glyphs), [hex(ord(c)) for c in glyphs]


def test_without_uharfbuzz_devanagari_is_refused_naming_it(tmp_path, monkeypatch):
    monkeypatch.setattr(scripts, "can_shape", lambda: False)
    scripts.script_font.cache_clear()
    try:
        code, out, err = cli(["build", str(xlsform(tmp_path, "hi")), "--out", str(tmp_path / "t.json")])
        said = [ln for ln in err.splitlines() if NOT_PRINTED in ln]
        assert code == 0 and "online only" in out and len(said) == 1, (out, err)
        assert all(w in said[0] for w in ("Devanagari", "uharfbuzz", "online-form", "--lang")), said[0]
    finally:
        scripts.script_font.cache_clear()


def test_letters_are_kept_for_the_refusal_and_symbols_named():
    assert printable("गाँव ☎ ok") == "गाँव [black telephone] ok"  # before: " ok", the Hindi word silently gone
    assert printable("गाँव ☎ ok", named=False) == "गाँव ok"
    assert printable("sí ، no") == "sí no"  # punctuation the fonts lack (UNHCR's Americas survey): no name
    assert printable("Привет ①") == "Привет 1"
    assert missing_glyphs([("Привет Γειά", "regular"), ("Привет", "bolditalic")]) == ""
    assert missing_glyphs([("ᠮᠣᠩ", "regular")]) == "ᠮᠣᠩ"  # Mongolian: no font has it (Cherokee prints since session 17)
    assert missing_glyphs([("ᤕᤠᤰ", "regular")]) == "ᤕᤠᤰ"  # Limbu: needs shaping, no font (Javanese prints since session 19)
    assert missing_glyphs([("ሰላም தமிழ்", "regular")]) == ""  # Ethiopic, Tamil: bundled fonts since


def test_without_a_cjk_font_a_chinese_form_is_refused_saying_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(scripts, "east_asian_candidates", lambda: [])
    scripts.east_asian_font.cache_clear()
    try:
        tpl = tmp_path / "t.json"
        code, out, err = cli(["build", str(xlsform(tmp_path, "zh")), "--out", str(tpl)])
        said = [ln for ln in err.splitlines() if NOT_PRINTED in ln]
        assert code == 0 and "online only" in out and len(said) == 1, (out, err)
        assert all(w in said[0] for w in ("CJK", "fonts-wqy-zenhei", "online-form", "--lang")), said[0]
    finally:
        scripts.east_asian_font.cache_clear()


@pytest.mark.slow  # a 4-page form read back
def test_real_form_chinese_prints(tmp_path):
    """pyxform's spec test in its `label::chinese`, read back (the Amharic farm survey: tests/test_scripts_print.py)."""
    from benchmarks.realforms import DEFAULT_FORMS

    result = run_form(DEFAULT_FORMS / "pyxform_xlsform_spec_test.xlsx", tmp_path / "zh", sheets=1, seed=3, lang="chinese")
    assert result.passed and result.read and result.silent == 0, result.failures
    assert "您好" in pdf_text(tmp_path / "zh" / "forms.pdf")


CHART_LABELS = {"zh": ["您好世界", "没有"], "ar": ["نعم، أوافق على المشاركة", "لا"], "ru": ["Да", "Нет"],
                "hi": ["क्या आपके घर में", "नहीं"], "bn": ["আপনার বাড়িতে", "না"], "th": ["บ้านของคุณ", "ไม่มี"]}


@pytest.mark.parametrize("lang", sorted(CHART_LABELS))
def test_charts_draw_every_printed_script_without_empty_boxes(lang):
    """matplotlib falls back from the serif to Noto Sans Arabic, Devanagari, Bengali, Thai and the CJK font glyph by
    glyph (and shapes them itself, libraqm): no glyph is missing, nothing is drawn as a box, `report` says nothing."""
    import io
    import warnings

    from scanner.report import charts
    from scanner.report.chart_fonts import chart_families

    labels = CHART_LABELS[lang]
    plt = charts._plt(labels)
    fig, ax = plt.subplots()
    ax.set_yticks([0, 1], labels)
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png", dpi=50)
    plt.close(fig)
    assert not [w for w in said if "missing from font" in str(w.message)], [str(w.message) for w in said][:3]
    assert chart_families(labels)[1] == ""


def test_letters_no_chart_font_has_are_named_in_one_note(monkeypatch):
    """Hindi is drawn in the bundled Noto Sans Devanagari; Limbu (Cherokee, then Yi, until each had a bundled
    font), with no installed font having it, is named."""
    from scanner.report import chart_fonts
    from scanner.report.chart_fonts import chart_families

    monkeypatch.setattr(chart_fonts, "_installed", lambda ch: None)  # as on a machine with no Cherokee font
    families, note = chart_families(["हाँ", "नहीं", "您好"])
    assert note == "" and "Noto Sans Devanagari" in families
    families, note = chart_families(["ᤕᤠᤰ", "हाँ"])
    assert "Limbu" in note and "ᤕ" in note and "charts cannot draw" in note and "\n" not in note


def test_word_gives_chinese_a_cjk_font_and_marks_arabic_right_to_left():
    """Times New Roman has no ideograph and Word does not fall back from a named East Asian font; Arabic, Hindi and
    Thai runs take their size and bold from szCs and bCs, which were left unset (printed small and not bold)."""
    from docx import Document
    from docx.oxml.ns import qn

    from scanner.report.word import FONT, _font

    doc = Document()
    runs = {t: doc.add_paragraph().add_run(t) for t in ("您好世界", "نعم", "Có")}
    for run in runs.values():
        _font(run)

    def fonts(t):
        return runs[t]._element.rPr.rFonts.get(qn("w:eastAsia"))

    assert fonts("您好世界") == scripts_report.WORD_EAST_ASIAN and fonts("Có") == fonts("نعم") == FONT
    assert runs["نعم"]._element.rPr.find(qn("w:rtl")) is not None
    assert runs["Có"]._element.rPr.find(qn("w:rtl")) is None
    hindi = doc.add_paragraph().add_run("क्या आपके")  # Word sizes and weights it by the complex-script properties
    _font(hindi, size=11, bold=True)
    rpr = hindi._element.rPr
    assert rpr.find(qn("w:szCs")).get(qn("w:val")) == "22" and rpr.find(qn("w:bCs")) is not None
    assert runs["Có"]._element.rPr.find(qn("w:szCs")) is None


def test_the_pdf_report_sets_each_script_in_a_font_that_has_it(tmp_path):
    """The report's PDF (ReportLab paragraphs): Hindi shaped in Noto Sans Devanagari with its Latin words in the
    serif, Chinese in the CJK font, Arabic in Noto Sans Arabic; no text is left in a font without its letters."""
    import subprocess

    from reportlab.platypus import SimpleDocTemplate

    from scanner.fonts import register_fonts
    from scanner.report import pdf

    register_fonts()
    st = pdf._styles()
    texts = ["Câu 1. क्या आपके घर में पानी है? (45%) अन्य (Other) & <x>", "আপনার বাড়িতে? “কি”", "您好，世界", "نعم أوافق",
             "Tỷ lệ & <z>"]
    out = tmp_path / "r.pdf"
    SimpleDocTemplate(str(out)).build([pdf._p(t, st["td_left"], ("b",) if i == 1 else ()) for i, t in enumerate(texts)])
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    for name in ("NotoSansDevanagari", "NotoSansBengali-Bold", "WenQuanYiZenHei", "NotoSansArabic", "LiberationSerif"):
        assert name in fonts, fonts
    text = pdf_text(out)
    assert all(w in text for w in ("Câu 1.", "(Other) & <x>", "(45%)", "您好,世界", "Tỷ lệ & <z>")), text
