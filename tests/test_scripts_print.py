"""Issue 22: Ethiopic, the Indic scripts, Sinhala, Lao, Khmer, Myanmar, Tibetan, Armenian and Georgian print on paper.

Each form is built from words of its language (written as a local office would), printed and read back from
filled scans with 0 silent errors. Before this change every one of them was refused for paper ("online only").
What proves the printing right is computed apart from the toolkit's own code:
- shaping: HarfBuzz (uharfbuzz called here, on the bundled font file) turns a word with a conjunct, a pre-base
  vowel sign or a stacked mark into glyphs other than the naive one-glyph-per-letter cmap lookup, and the
  printed PDF's text (poppler's pdftotext) holds exactly that glyph sequence, not the letters in order;
- ink: every text's ink box, from the glyph extents HarfBuzz gives for the glyphs as placed (tall Tibetan stacks,
  Myanmar and Khmer marks below the line), overlaps no other text and no box on the page, and stays on the page.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from benchmarks.realforms import cli, print_faults, run_form
from scanner import scripts
from scanner.fonts import FONT_DIR, PT_PER_MM, drawn
from scanner.template import load_template
from tests.test_right_to_left import NOT_PRINTED, pdf_text
from tests.test_way_in import form

# (question label, text label, options, title, a word whose shaped glyphs differ from its letters, or None for a
# script drawn letter by letter)
WORDS = {
    "am": ("በቤትዎ ውስጥ የመጠጥ ውሃ አለ?", "የመንደሩ ስም", ["አዎ", "የለም", "አላውቅም"], "የቤተሰብ ጥናት", None),
    "hy": ("Ձեր տանը խմելու ջուր կա՞", "Գյուղի անունը", ["Այո", "Ոչ", "Չգիտեմ"], "Տնային տնտեսությունների հարցում",
           None),
    "ka": ("თქვენს სახლში სასმელი წყალი არის?", "სოფლის სახელი", ["დიახ", "არა", "არ ვიცი"],
           "შინამეურნეობების გამოკითხვა", None),
    "pa": ("ਕੀ ਤੁਹਾਡੇ ਘਰ ਵਿੱਚ ਪੀਣ ਵਾਲਾ ਪਾਣੀ ਹੈ?", "ਪਿੰਡ ਦਾ ਨਾਮ", ["ਹਾਂ", "ਨਹੀਂ", "ਪਤਾ ਨਹੀਂ"], "ਘਰੇਲੂ ਸਰਵੇਖਣ", "ਵਿੱਚ"),
    "gu": ("શું તમારા ઘરમાં પીવાનું શુદ્ધ પાણી છે?", "ગામનું નામ", ["હા", "ના", "ખબર નથી"], "ઘરગથ્થુ સર્વેક્ષણ",
           "શુદ્ધ"),
    "or": ("ଆପଣଙ୍କ ଘରେ ପାନୀୟ ଜଳ ଅଛି କି?", "ଗାଁର ନାମ", ["ହଁ", "ନା", "ଜାଣିନାହିଁ"], "ପରିବାର ସର୍ବେକ୍ଷଣ", "ଆପଣଙ୍କ"),
    "ta": ("உங்கள் வீட்டில் குடிநீர் உள்ளதா? கிணறு அல்லது குழாய்", "கிராமத்தின் பெயர்", ["ஆம்", "இல்லை", "தெரியாது"],
           "வீட்டு ஆய்வு", "தெரியாது"),
    "te": ("మీ ఇంట్లో తాగునీరు ఉందా?", "గ్రామం పేరు", ["అవును", "కాదు", "తెలియదు"], "గృహ సర్వే", "ఇంట్లో"),
    "kn": ("ನಿಮ್ಮ ಮನೆಯಲ್ಲಿ ಕುಡಿಯುವ ನೀರು ಇದೆಯೇ?", "ಗ್ರಾಮದ ಹೆಸರು", ["ಹೌದು", "ಇಲ್ಲ", "ಗೊತ್ತಿಲ್ಲ"], "ಮನೆ ಸಮೀಕ್ಷೆ", "ನಿಮ್ಮ"),
    "ml": ("നിങ്ങളുടെ വീട്ടിൽ കുടിവെള്ളം ഉണ്ടോ?", "ഗ്രാമത്തിന്റെ പേര്", ["ഉണ്ട്", "ഇല്ല", "അറിയില്ല"], "കുടുംബ സർവേ",
           "ഉണ്ടോ"),
    "si": ("ඔබේ නිවසේ පානීය ජලය තිබේද?", "ගමේ නම", ["ඔව්", "නැත", "නොදනිමි"], "ගෘහ සමීක්ෂණය", "නොදනිමි"),
    "lo": ("ເຮືອນຂອງທ່ານມີນ້ຳດື່ມບໍ່?", "ຊື່ບ້ານ", ["ມີ", "ບໍ່ມີ", "ບໍ່ຮູ້"], "ການສຳຫຼວດຄົວເຮືອນ", "ນ້ຳ"),
    "km": ("តើផ្ទះរបស់អ្នកមានទឹកស្អាតសម្រាប់ផឹកទេ?", "ឈ្មោះភូមិ", ["មាន", "គ្មាន", "មិនដឹង"], "ការស្ទង់មតិគ្រួសារ",
           "ឈ្មោះ"),
    "my": ("သင့်အိမ်တွင် သောက်ရေ ရှိပါသလား?", "ကျေးရွာအမည်", ["ရှိသည်", "မရှိပါ", "မသိပါ"], "အိမ်ထောင်စု စစ်တမ်း",
           "ကျေးရွာ"),
    "bo": ("ཁྱེད་ཀྱི་ཁྱིམ་ལ་འཐུང་ཆུ་ཡོད་དམ།", "གྲོང་གསེབ་ཀྱི་མིང་།", ["ཡོད།", "མེད།", "ཤེས་ཀྱི་མི་འདུག"],
           "ཁྱིམ་ཚང་ཞིབ་བཤེར།", "གྲོང"),
}
QUICK = ["am", "ta", "km"]  # one read back of each way in the quick tier: drawn letter by letter, Indic, stacked


def xlsform(tmp_path: Path, lang: str) -> Path:
    question, text, options, title, _ = WORDS[lang]
    survey = [{"type": "select_one yn", "name": "q1", "label": question},
              {"type": "select_multiple yn", "name": "q2", "label": question[:14]},
              {"type": "text", "name": "q3", "label": text}]
    choices = [{"list_name": "yn", "name": f"c{i}", "label": o} for i, o in enumerate(options, 1)]
    return form(tmp_path / f"{lang}.xlsx", survey, choices, {"form_title": title, "form_id": f"s_{lang}", "version": "1"})


def _font_file(name: str) -> Path:
    from scanner.fonts import FONT_FILES

    return FONT_DIR / FONT_FILES.get(name, f"{name}.ttf")


def _hb(path: Path):
    import uharfbuzz as hb

    return hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))


def hb_glyphs(word: str, path: Path) -> list[tuple[int, int, int, int]]:
    """(glyph id, x advance, x offset, y offset) of a word as HarfBuzz shapes it in this font file."""
    import uharfbuzz as hb

    buf = hb.Buffer()
    buf.add_str(word)
    buf.guess_segment_properties()
    hb.shape(_hb(path), buf, {"kern": True, "liga": True, "dlig": True})  # as ReportLab asks
    return [(i.codepoint, p.x_advance, p.x_offset, p.y_offset) for i, p in zip(buf.glyph_infos, buf.glyph_positions,
                                                                                   strict=True)]


def _cmap(path: Path) -> dict[int, int]:
    from fontTools.ttLib import TTFont

    font = TTFont(str(path))
    order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
    return {cp: order[name] for cp, name in font.getBestCmap().items()}


def shaped_pattern(word: str, path: Path) -> re.Pattern[str]:
    """What pdftotext must read for the word drawn shaped: each glyph HarfBuzz gives as one of the characters the
    font's cmap maps to it, a glyph no character maps to (a conjunct, a reordered or split vowel) as a private-use
    character, the glyphs in HarfBuzz's order (a pre-base vowel sign first)."""
    back: dict[int, list[int]] = {}
    for cp, gid in _cmap(path).items():
        back.setdefault(gid, []).append(cp)
    parts = [f"[{''.join(re.escape(chr(c)) for c in back[gid])}]" if gid in back else "[\ue000-\uf8ff]"
             for gid, *_ in hb_glyphs(word, path)]
    return re.compile("".join(parts))


@pytest.mark.parametrize("lang", [k for k, w in WORDS.items() if w[4]])
def test_harfbuzz_shapes_the_word_unlike_a_naive_cmap_lookup(lang):
    """The truth that shaping is needed, and what it gives, from HarfBuzz and fontTools alone: the shaped glyph
    sequence of the word differs from one glyph per letter, and every glyph exists (no .notdef, no dotted circle)."""
    word = WORDS[lang][4]
    entry = scripts.SCRIPT_FONTS[scripts.script(word[0])]
    for file in (entry.regular, entry.bold):
        path = FONT_DIR / file
        cmap = _cmap(path)
        naive = [cmap.get(ord(c)) for c in word]
        glyphs = hb_glyphs(word, path)
        assert None not in naive, word
        assert [g for g, *_ in glyphs] != naive or any(x or y for _, _, x, y in glyphs), (lang, glyphs, naive)
        assert 0 not in [g for g, *_ in glyphs] and cmap[0x25CC] not in [g for g, *_ in glyphs], (lang, glyphs)


def _glyph_inks(t) -> list[tuple[float, float, float, float]]:
    """The ink box of each glyph of a template text as drawn, in mm on the page, from HarfBuzz's glyph extents of
    the glyphs as shaped and placed (offsets of stacked and reordered marks included)."""
    boxes, x = [], 0.0
    for glyphs, font in drawn([(t.text.replace("\x0e", "").replace("\x0f", ""), t.font)]):
        hbf = _hb(_font_file(font))
        scale = t.size_pt / hbf.face.upem / PT_PER_MM
        for gid, adv, dx, dy in hb_glyphs(glyphs, _font_file(font)):
            ext = hbf.get_glyph_extents(gid)
            if ext and ext.width and ext.height:
                left = x + (dx + ext.x_bearing) * scale
                top = (dy + ext.y_bearing) * scale
                boxes.append((left, -top, left + ext.width * scale, -top - ext.height * scale))
            x += adv * scale
    shift = {"left": t.x, "center": t.x - x / 2, "right": t.x - x}[t.align]
    return [(a + shift, t.y + b, c + shift, t.y + d) for a, b, c, d in boxes]


def _overlap(r, o) -> float:
    w, h = min(r[2], o[2]) - max(r[0], o[0]), min(r[3], o[3]) - max(r[1], o[1])
    return min(w, h)


def ink_faults(template) -> list[str]:
    """Glyphs whose ink, measured from HarfBuzz's glyph extents, overlaps a glyph of another text or a box by more
    than 0.3 mm, or leaves the page (the layout check of benchmarks.realforms takes a text's ink as 0.7 of its size
    above the baseline and 0.2 below, which Tibetan stacks and Khmer and Myanmar subscripts exceed)."""
    faults: list[str] = []
    width, height = template.page_size
    for page in range(1, template.pages + 1):
        inks = [(t.text[:30], _glyph_inks(t)) for t in template.texts if t.page == page and t.text.strip()]
        boxes = [(f"box {b.question_id}/{b.option_id}", [(b.rect.x, b.rect.y, b.rect.x + b.rect.w, b.rect.y + b.rect.h)])
                 for b in template.boxes(page)]
        boxes += [(f"marker {f.marker_id}", [(f.rect.x, f.rect.y, f.rect.x + f.rect.w, f.rect.y + f.rect.h)])
                  for f in template.fiducials_on(page)]
        boxes += [(name, [(r.x, r.y, r.x + r.w, r.y + r.h)]) for name, r in (("QR", template.qr),
                                                                            ("code", template.code_text))]
        for i, (name, glyphs) in enumerate(inks):
            if any(g[0] < 0 or g[1] < 0 or g[2] > width or g[3] > height for g in glyphs):
                faults.append(f"page {page}: {name!r} leaves the page")
            for other, theirs in inks[i + 1:] + boxes:
                worst = max((_overlap(g, o) for g in glyphs for o in theirs), default=0.0)
                if worst > 0.3:
                    faults.append(f"page {page}: {name!r} overlaps {other!r} by {worst:.1f} mm")
    return faults


def no_missing_glyph(template) -> list[str]:
    """Texts HarfBuzz shapes, in the fonts they are drawn in, into a .notdef (a box) or a dotted circle (a mark with
    no letter to sit on)."""
    bad = []
    for t in template.texts:
        for glyphs, font in drawn([(t.text.replace("\x0e", "").replace("\x0f", ""), t.font)]):
            circle = _cmap(_font_file(font)).get(0x25CC)
            if any(g in (0, circle) for g, *_ in hb_glyphs(glyphs, _font_file(font))):
                bad.append(f"{t.text[:30]!r} in {font}")
    return bad


def _prints(tmp_path: Path, lang: str):
    question, text, options, title, word = WORDS[lang]
    xlsx = xlsform(tmp_path, lang)
    code, out, err = cli(["build", str(xlsx), "--out", str(tmp_path / "t.json")])
    assert code == 0 and NOT_PRINTED not in out + err and "trang 1:" in out, (out, err)
    template = load_template(tmp_path / "t.json")
    assert print_faults(template) == []
    assert ink_faults(template) == []
    assert no_missing_glyph(template) == []
    said = " ".join(t.text for t in template.texts)
    for label in (text, title, *options):
        assert label in said, label  # nothing left out of the template
    result = run_form(xlsx, tmp_path / "run", sheets=2, seed=3)
    assert result.passed and result.read and result.silent == 0 and result.questions_read == 2 * 2, result.failures
    pdf = tmp_path / "run" / "forms.pdf"
    printed = pdf_text(pdf)
    if word is None:  # drawn letter by letter: every label's letters are the PDF's text
        flat = "".join(printed.split())
        for label in (question, text, title, *options):
            assert "".join(unicodedata.normalize("NFKC", label).split()) in flat, label
    else:  # the glyphs HarfBuzz gives, in its order, are what the page carries; the letters in order are not
        entry = scripts.SCRIPT_FONTS[scripts.script(word[0])]
        drawn_order = "".join(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                             check=True).stdout.split())  # as drawn, marks placed apart included
        found = [shaped_pattern(word, FONT_DIR / f).search(drawn_order) for f in {entry.regular, entry.bold}]
        assert any(found), (lang, word, drawn_order[:400])
        assert word not in drawn_order and word not in printed, word
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    entry = scripts.SCRIPT_FONTS[scripts.script(question[0])]
    assert Path(entry.regular).stem in fonts, fonts


@pytest.mark.parametrize("lang", QUICK)
def test_the_form_prints_shaped_and_is_read_back(tmp_path, lang):
    _prints(tmp_path, lang)


@pytest.mark.slow  # about 2 CPU s a language, 12 languages
@pytest.mark.parametrize("lang", [k for k in WORDS if k not in QUICK])
def test_every_other_script_prints_shaped_and_is_read_back(tmp_path, lang):
    _prints(tmp_path, lang)


# a question of three sentences (about 60 words), wrapped over two or three lines: the stacks of one line above the
# marks of the next
LONG = {"bo": "ཁྱེད་ཀྱི་ཁྱིམ་ལ་འཐུང་ཆུ་ཡོད་དམ། ཁྱེད་ཀྱི་ཁྱིམ་ཚང་གིས་ཟླ་བ་བཅུ་གཉིས་ཀྱི་རིང་ལ་ཆུ་གང་ནས་བསྒྲུབས་པ་ཡིན་ནམ། "
              "དབྱར་ཁ་དང་དགུན་ཁ་གཉིས་ཀར་ཆུ་འདང་ངམ།",
        "my": "သင့်အိမ်တွင် သောက်ရေ ရှိပါသလား? လွန်ခဲ့သော ဆယ့်နှစ်လအတွင်း သင့်အိမ်ထောင်စုသည် သောက်ရေကို "
              "မည်သည့်နေရာမှ ရယူခဲ့ပါသနည်း? မိုးရာသီနှင့် နွေရာသီ နှစ်ခုလုံးတွင် ရေလုံလောက်ပါသလား?",
        "km": "តើផ្ទះរបស់អ្នកមានទឹកស្អាតសម្រាប់ផឹកទេ? ក្នុងរយៈពេលដប់ពីរខែកន្លងមក តើគ្រួសាររបស់អ្នកទទួលបានទឹកផឹកពីកន្លែងណា? "
              "តើមានទឹកគ្រប់គ្រាន់ទាំងរដូវវស្សា និងរដូវប្រាំងដែរឬទេ?",
        "lo": "ເຮືອນຂອງທ່ານມີນ້ຳດື່ມບໍ່? ໃນໄລຍະສິບສອງເດືອນຜ່ານມາ ຄອບຄົວຂອງທ່ານໄດ້ຮັບນ້ຳດື່ມຈາກໃສ? "
              "ມີນ້ຳພຽງພໍທັງລະດູຝົນ ແລະ ລະດູແລ້ງບໍ່?",
        "si": "ඔබේ නිවසේ පානීය ජලය තිබේද? පසුගිය මාස දොළහ තුළ ඔබේ පවුල පානීය ජලය ලබා ගත්තේ කොහෙන්ද? "
              "වැසි කාලයේ සහ නියං කාලයේ ප්‍රමාණවත් ජලය තිබේද?",
        "ml": "നിങ്ങളുടെ വീട്ടിൽ കുടിവെള്ളം ഉണ്ടോ? കഴിഞ്ഞ പന്ത്രണ്ട് മാസത്തിനിടെ നിങ്ങളുടെ കുടുംബം കുടിവെള്ളം "
              "എവിടെ നിന്നാണ് ലഭിച്ചത്? മഴക്കാലത്തും വേനൽക്കാലത്തും ആവശ്യത്തിന് വെള്ളം ഉണ്ടോ?"}


@pytest.mark.parametrize("lang", sorted(LONG))
def test_a_long_label_wraps_with_no_ink_touching_the_next_line(tmp_path, lang):
    """Tibetan stacks and Myanmar and Khmer subscripts reach further below the line than the layout's line pitch
    allowed at the line's own size (glyph ink 0.4 to 0.7 mm into the next line); they printed a little smaller
    (session 16), and since session 17 on taller lines (scripts.SCRIPT_FONTS' `line`): no glyph touches another
    text or a box."""
    from scanner.layout_geometry import QUESTION_PT

    _, text, options, title, _ = WORDS[lang]
    xlsx = form(tmp_path / "f.xlsx", [{"type": "select_one yn", "name": "q1", "label": LONG[lang]},
                                      {"type": "text", "name": "q2", "label": text}],
                [{"list_name": "yn", "name": f"c{i}", "label": o} for i, o in enumerate(options, 1)],
                {"form_title": title, "form_id": "s_long", "version": "1"})
    code, out, err = cli(["build", str(xlsx), "--out", str(tmp_path / "t.json")])
    assert code == 0 and "trang 1:" in out, (out, err)
    template = load_template(tmp_path / "t.json")
    lines = [t for t in template.texts if t.text.startswith("Question 1.") or t.text.strip() in LONG[lang]]
    assert len([t for t in lines if t.size_pt == QUESTION_PT]) >= 2  # the question wraps
    assert print_faults(template) == [] and no_missing_glyph(template) == []
    assert ink_faults(template) == []


@pytest.mark.slow  # a 4-page form read back
def test_the_real_amharic_form_prints_and_is_read_back(tmp_path):
    """An Ethiopian farm survey (belendia, tests/data/xlsforms) in its Amharic labels: refused for paper before."""
    from benchmarks.realforms import DEFAULT_FORMS

    result = run_form(DEFAULT_FORMS / "belendia_farm_survey.xlsx", tmp_path, sheets=1, seed=3, lang="am")
    assert result.passed and result.read and result.silent == 0 and result.print_faults == [], result.failures
    assert result.questions_read >= 10
    template = load_template(tmp_path / "layout.json")
    assert ink_faults(template) == []
    assert "የሚገኝበት" in "".join(pdf_text(tmp_path / "forms.pdf").split())


# scripts still without a font: one clear line, the Google Form still made
# (Syriac and Cherokee print since session 17: tests/test_scripts_print_s17.py; Adlam since session 19:
# tests/test_scripts_print_s19.py; Limbu, which needs shaping, has no bundled font)
STILL_REFUSED = {"mn": (["ᠲᠡᠢᠮᠦ", "ᠦᠭᠡᠢ"], "ᠤᠰᠤ ᠪᠠᠢᠨ᠎ᠠ ᠤᠤ", "Mongolian"), "lif": (["ᤀᤠ", "ᤚᤧ"], "ᤕᤠᤰᤌᤢᤱ ᤐᤠᤴ", "Limbu")}


@pytest.mark.parametrize("lang", sorted(STILL_REFUSED))
def test_a_script_still_without_a_font_is_refused_in_one_line(tmp_path, lang):
    options, label, name = STILL_REFUSED[lang]
    xlsx = form(tmp_path / f"{lang}.xlsx", [{"type": "select_one yn", "name": "q1", "label": label},
                                             {"type": "text", "name": "q2", "label": label}],
                [{"list_name": "yn", "name": f"c{i}", "label": o} for i, o in enumerate(options, 1)],
                {"form_title": label, "form_id": f"s_{lang}", "version": "1"})
    tpl = tmp_path / "t.json"
    code, out, err = cli(["build", str(xlsx), "--out", str(tpl)])
    said = [ln for ln in err.splitlines() if NOT_PRINTED in ln]
    assert code == 0 and "online only" in out and "trang 1:" not in out and len(said) == 1, (out, err)
    assert all(w in said[0] for w in (str(tpl), name, "online-form", "--lang")) and "\n" not in said[0], said[0]
    code, out, err = cli(["--template", str(tpl), "forms", "--blank", "1", "--out", str(tmp_path / "f.pdf")])
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code != 0 and len(lines) == 1 and name in lines[0], (out, err)
    code, out, err = cli(["--template", str(tpl), "online-form", "--out", str(tmp_path / "form.gs")])
    assert code == 0 and options[0] in (tmp_path / "form.gs").read_text(encoding="utf-8"), (out, err)


def chart_glyphs_missing(labels: list[str]) -> list[str]:
    """matplotlib's warnings of glyphs missing from a font, a chart of these labels drawn (sessions 17 and 19's
    scripts are checked with it too)."""
    import io
    import warnings

    from scanner.report import charts

    plt = charts._plt(labels)
    fig, ax = plt.subplots()
    ax.set_yticks(range(len(labels)), labels)
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png", dpi=40)
    plt.close(fig)
    return [str(w.message) for w in said if "missing from font" in str(w.message)]


def test_charts_draw_every_script_in_the_bundled_fonts(monkeypatch):
    """With no installed font consulted (as on a machine without fonts-noto-core, or Windows), matplotlib draws each
    script in the bundled font: no glyph missing, no note from `report`."""
    from scanner.report import chart_fonts
    from scanner.report.chart_fonts import chart_families

    monkeypatch.setattr(chart_fonts, "_installed", lambda ch: None)
    for lang, (question, _, options, _, _) in WORDS.items():
        labels = [question[:20], *options]
        families, note = chart_families(labels)
        assert note == "", (lang, note)
        assert chart_glyphs_missing(labels) == [], lang
    assert {"Noto Sans Tamil", "Noto Sans Ethiopic", "Noto Serif Tibetan", "Noto Sans Khmer"} <= set(families)


def test_word_names_a_font_for_each_script():
    """Word takes a complex script's font from w:cs and Ethiopic's, Armenian's and Georgian's from w:hAnsi; Times
    New Roman has none of them."""
    from docx import Document
    from docx.oxml.ns import qn

    from scanner.report.word import _font

    doc = Document()
    for lang, font, slot in (("ta", "Nirmala UI", "w:cs"), ("km", "Khmer UI", "w:cs"), ("bo", "Microsoft Himalaya", "w:cs"),
                             ("am", "Ebrima", "w:hAnsi"), ("ka", "Sylfaen", "w:hAnsi")):
        run = doc.add_paragraph().add_run(WORDS[lang][1])
        _font(run, size=11, bold=True)
        rpr = run._element.rPr
        assert rpr.rFonts.get(qn(slot)) == font, lang
        assert (rpr.find(qn("w:szCs")) is not None) == (slot == "w:cs"), lang  # sized by the complex-script size
    latin = doc.add_paragraph().add_run("Câu 1")
    _font(latin)
    assert latin._element.rPr.rFonts.get(qn("w:cs")) is None and latin._element.rPr.rFonts.get(qn("w:hAnsi")) == "Times New Roman"


def test_the_pdf_report_sets_each_script_in_its_bundled_font(tmp_path):
    """The report's PDF (ReportLab paragraphs): each script in its bundled font, shaped where it needs it, Latin
    words in the serif."""
    from reportlab.platypus import SimpleDocTemplate

    from scanner.fonts import register_fonts
    from scanner.report import pdf

    register_fonts()
    st = pdf._styles()
    langs = ("ta", "km", "am", "ka", "bo", "si", "my")
    out = tmp_path / "r.pdf"
    SimpleDocTemplate(str(out)).build([pdf._p(f"Câu 1. {WORDS[lang][0]} (45%)", st["td_left"], ("b",) if i % 2 else ())
                                       for i, lang in enumerate(langs)])
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    for lang in langs:
        assert Path(scripts.SCRIPT_FONTS[scripts.script(WORDS[lang][0][0])].regular).stem.split("-")[0] in fonts, lang
    text = pdf_text(out)
    assert text.count("Câu 1.") == len(langs) and "(45%)" in text
    assert WORDS["am"][0][:10] in text and WORDS["ka"][0][:10] in text  # drawn letter by letter: the letters as written


def test_the_pdf_report_keeps_a_word_whose_question_mark_its_font_lacks(tmp_path):
    """Noto Sans Lao, Thai and Ethiopic have no "?": the word "ບໍ່?" was set whole in the serif, which has no Lao,
    and its letters were left out of the report's PDF (Thai's too, before this change). Now the letters are in
    their font, shaped, and the "?" in the serif."""
    from reportlab.platypus import SimpleDocTemplate

    from scanner.fonts import register_fonts
    from scanner.report import pdf

    register_fonts()
    st = pdf._styles()
    texts = {"lo": WORDS["lo"][0], "th": "บ้านของคุณมีน้ำดื่มไหม?", "am": "ውሃ አለ?"}
    out = tmp_path / "r.pdf"
    SimpleDocTemplate(str(out)).build([pdf._p(f"Câu 1. {t} (45%)", st["td_left"]) for t in texts.values()])
    drawn_order = "".join(subprocess.run(["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True,
                                         check=True).stdout.split())
    for word, family in (("ນ້ຳ", "NotoSansLao"), ("น้ำ", "NotoSansThai")):
        assert shaped_pattern(word, FONT_DIR / f"{family}-Regular.ttf").search(drawn_order), (word, drawn_order)
    assert "ውሃአለ?" in drawn_order and drawn_order.count("?") == 3


NO_SPACES = {"km": "តើគ្រួសាររបស់អ្នកទទួលបានទឹកផឹកពីកន្លែងណាក្នុងរយៈពេលដប់ពីរខែកន្លងមកហើយតើមានទឹកគ្រប់គ្រាន់ទាំងរដូវវស្សានិងរដូវប្រាំងដែរឬទេ",
             "lo": "ໃນໄລຍະສິບສອງເດືອນຜ່ານມາຄອບຄົວຂອງທ່ານໄດ້ຮັບນ້ຳດື່ມຈາກໃສແລະມີນ້ຳພຽງພໍທັງລະດູຝົນແລະລະດູແລ້ງບໍ່",
             "bo": "ཁྱེད་ཀྱི་ཁྱིམ་ཚང་གིས་ཟླ་བ་བཅུ་གཉིས་ཀྱི་རིང་ལ་ཆུ་གང་ནས་བསྒྲུབས་པ་ཡིན་ནམ། དབྱར་ཁ་དང་དགུན་ཁ་གཉིས་ཀར་ཆུ་འདང་ངམ།"}


@pytest.mark.parametrize("lang", sorted(NO_SPACES))
def test_a_phrase_without_spaces_is_cut_between_syllables_inside_the_width(lang):
    """Khmer, Lao and Tibetan write no space between words: a phrase wider than the line is cut where no letter
    loses its marks, no subscript consonant its coeng (Khmer ្), no Lao leading vowel its consonant, and Tibetan
    after a syllable's tsheg; every line inside the width (measured shaped)."""
    from scanner.fonts import text_width_mm, wrap

    text = NO_SPACES[lang]
    for width in range(30, 62, 4):
        lines = wrap(text, "regular", 10, width)
        assert len(lines) >= 2 and "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert all(text_width_mm(ln, "regular", 10) <= width for ln in lines)
        for ln in lines[1:]:
            assert unicodedata.category(ln[0]) not in ("Mn", "Mc", "Po"), (width, ln)  # a mark, a tsheg cut off
        for ln in lines[:-1]:
            assert unicodedata.combining(ln[-1]) != 9 and ln[-1] not in "ເແໂໃໄ", (width, ln)  # a coeng, a vowel alone
            if lang == "bo":
                assert ln[-1] in "་།", (width, ln)
