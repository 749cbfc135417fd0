"""Issue 22, session 17: Syriac, Thaana and N'Ko (right to left, shaped by HarfBuzz), Cherokee and Canadian syllabics
(letter by letter) print on paper; Mongolian, written in vertical columns, is still refused in one line.

Before this change each of these forms was refused for paper. What proves the printing right is computed apart
from the toolkit's code, as in tests/test_scripts_print.py: HarfBuzz (uharfbuzz, called here on the bundled font
file) joins the letters of a Syriac or N'Ko word into glyphs other than the one-glyph-per-letter cmap lookup, and
the printed PDF's text (poppler's pdftotext -raw) holds exactly that glyph sequence, in display order (HarfBuzz
gives a right-to-left run's glyphs from the left); every glyph's ink, from HarfBuzz's extents, stays clear of the
other texts and boxes; filled scans are read back with 0 silent errors.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

import tests.test_scripts_print as s16
from benchmarks.realforms import cli, print_faults, run_form
from scanner import scripts
from scanner.fonts import FONT_DIR
from scanner.template import load_template
from tests.test_right_to_left import NOT_PRINTED, pdf_text
from tests.test_way_in import form

# (question, text label, options, title), written as a local office would
WORDS = {
    "syr": ("ܐܝܬ ܡܝܐ ܕܫܬܝܐ ܒܒܝܬܟ؟", "ܫܡܐ ܕܩܪܝܬܐ", ["ܐܝܢ", "ܠܐ", "ܠܐ ܝܕܥ ܐܢܐ"], "ܒܨܝܐ ܕܒܝܬܐ"),
    "dv": ("ތިބާގެ ގޭގައި ބޯފެން އެބައޮތްތަ؟", "ރަށުގެ ނަން", ["އާން", "ނޫން", "ނޭނގެ"], "ގޭބިސީގެ ސާވޭ"),
    "nqo": ("ߌ ߟߊ߫ ߛߏ ߘߐ߫ ߖߌ߫ ߦߋ߫ ߦߋ߲߬ ߓߊ߬؟", "ߛߏ ߕߐ߮", ["ߊ߲ߣߍ߬", "ߍ߬ߍ߲߫", "ߒ ߡߊ߫ ߊ߬ ߟߐ߲߫"], "ߛߏߘߌ߲߫ ߞߊ߬ߝߏ"),
    "chr": ("ᏣᏁᎳ ᎠᎹ ᎠᏗᏔᏍᏗ ᏰᎵ?", "ᎦᏚᎲ ᏚᏙᎥ", ["ᎥᎥ", "ᎥᏝ", "ᏂᎦᏔᎲ"], "ᏓᏓᏁᎸ ᎤᏛᏛᏅ"),
    "iu": ("ᐃᒡᓗᕐᓂ ᐃᒥᖃᖅᐲᑦ?", "ᓄᓇᓕᐅᑉ ᐊᑎᖓ", ["ᐄ", "ᐋᒃᑲ", "ᖃᐅᔨᒪᙱᑦᑐᖓ"], "ᐃᓪᓗᓕᒃ ᖃᐅᔨᓴᕐᓂᖅ"),
}
JOINED = {"syr": "ܕܩܪܝܬܐ", "nqo": "ߛߏߘߌ߲߫"}  # letters that join: the shaped glyphs differ from the cmap's
SHAPED = {"syr", "dv", "nqo"}
HB_GLYPHS = s16.hb_glyphs  # HarfBuzz on a font file, as test_scripts_print calls it (before any fixture wraps it)
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e]")  # what pdftotext wraps right-to-left text in


def xlsform(tmp_path: Path, lang: str, words: dict | None = None) -> Path:
    question, text, options, title = (words or WORDS)[lang]
    survey = [{"type": "select_one yn", "name": "q1", "label": question},
              {"type": "select_multiple yn", "name": "q2", "label": question[:14]},
              {"type": "text", "name": "q3", "label": text}]
    choices = [{"list_name": "yn", "name": f"c{i}", "label": o} for i, o in enumerate(options, 1)]
    return form(tmp_path / f"{lang}.xlsx", survey, choices, {"form_title": title, "form_id": f"s_{lang}", "version": "1"})


def _entry(text: str) -> scripts.ScriptFont:
    return scripts.SCRIPT_FONTS[scripts.script(next(c for c in text if c.isalpha()))]


def _rtl_files() -> set[str]:
    return {Path(n).stem for f in scripts.SCRIPT_FONTS.values() if f.right_to_left for n in (f.regular, f.bold)}


@pytest.fixture
def display_order_inks(monkeypatch):
    return inks_in_display_order(monkeypatch)


def inks_in_display_order(monkeypatch):
    """test_scripts_print's ink check, HarfBuzz given a right-to-left run in its own order (the PDF draws it in
    display order, which HarfBuzz gives back): the glyph extents of each joined form as placed."""
    plain = HB_GLYPHS
    rtl = _rtl_files()
    monkeypatch.setattr(s16, "hb_glyphs", lambda word, path: plain(word[::-1] if path.stem in rtl else word, path))
    return s16.ink_faults


def test_harfbuzz_sets_thaana_vowel_signs_over_and_under_their_letter():
    """The truth that Thaana needs shaping: HarfBuzz moves its vowel signs (fili) onto their letter (a zero
    advance, an offset), which a letter-by-letter drawing would not."""
    word = WORDS["dv"][1]
    for file in {_entry(word).regular, _entry(word).bold}:
        glyphs = HB_GLYPHS(word, FONT_DIR / file)
        marks = [(adv, x, y) for (_, adv, x, y), c in zip(glyphs, reversed(word), strict=True)
                 if unicodedata.category(c) == "Mn"]
        assert marks and all(adv == 0 for adv, _, _ in marks) and any(x or y for _, x, y in marks), glyphs


@pytest.mark.parametrize("lang", sorted(JOINED))
def test_harfbuzz_joins_the_letters_unlike_a_naive_cmap_lookup(lang):
    """The truth that joining happens, from HarfBuzz and fontTools alone: a right-to-left buffer, its glyphs
    other than one a letter (the joined medial and final forms), none missing."""
    word = JOINED[lang]
    for file in {_entry(word).regular, _entry(word).bold}:
        path = FONT_DIR / file
        cmap = s16._cmap(path)
        naive = [cmap.get(ord(c)) for c in word]
        glyphs = [g for g, *_ in HB_GLYPHS(word, path)]
        assert None not in naive
        assert sorted(glyphs) != sorted(g for g in naive if g), (lang, glyphs, naive)
        assert 0 not in glyphs and cmap[0x25CC] not in glyphs


def _label_pattern(label: str, path: Path) -> re.Pattern[str]:
    """What pdftotext must read for a label drawn shaped from the right: HarfBuzz's glyphs of the label (which for
    a right-to-left script come out in display order, from the left), each as a character the font's cmap maps
    to it or, for a joined form no character maps to, a private-use character; spaces left out. pdftotext gives a
    right-to-left line back either as drawn or in reading order (from the right) as it judges the line's direction,
    so either order is taken; both tell a line whose words or letters stand in the wrong order apart (where each
    piece stands on the page is test_a_syriac_line_is_drawn_from_the_right…'s). Vowel signs (Thaana's) are left
    out: pdftotext puts a sign set over its letter by its position, next to either neighbour (see _unmarked)."""
    space = s16._cmap(path)[0x20]
    back: dict[int, list[int]] = {}
    for cp, gid in s16._cmap(path).items():
        back.setdefault(gid, []).append(cp)

    def glyph(gid: int) -> str:
        return f"[{''.join(re.escape(chr(c)) for c in back[gid])}]" if gid in back else "[\ue000-\uf8ff]"

    def mark(gid: int) -> bool:
        return gid in back and all(unicodedata.category(chr(c)) == "Mn" for c in back[gid])

    parts = [glyph(g) for g, *_ in HB_GLYPHS(label, path) if g != space and not mark(g)]
    return re.compile(f"(?:{''.join(parts)}|{''.join(reversed(parts))})")


def _unmarked(text: str) -> str:
    """pdftotext's text without its spaces, bidi controls and vowel signs (unicode category Mn)."""
    return "".join(c for c in BIDI_MARKS.sub("", text) if not c.isspace() and unicodedata.category(c) != "Mn")


def _prints(tmp_path: Path, lang: str, ink_faults, words: dict | None = None, shaped: set | None = None,
            joined: dict | None = None) -> None:
    """A form in these words (WORDS, SHAPED, JOINED unless given: session 19's scripts pass theirs) builds, prints
    with no ink fault, draws HarfBuzz's glyphs and is read back with 0 silent errors."""
    words, shaped, joined = words or WORDS, SHAPED if shaped is None else shaped, JOINED if joined is None else joined
    question, text, options, title = words[lang]
    xlsx = xlsform(tmp_path, lang, words)
    code, out, err = cli(["build", str(xlsx), "--out", str(tmp_path / "t.json")])
    assert code == 0 and NOT_PRINTED not in out + err and "trang 1:" in out, (out, err)
    template = load_template(tmp_path / "t.json")
    assert print_faults(template) == []
    assert ink_faults(template) == []
    said = " ".join(t.text for t in template.texts)
    for label in (text, title, *options):
        assert label in said, label
    result = run_form(xlsx, tmp_path / "run", sheets=2, seed=3)
    assert result.passed and result.read and result.silent == 0 and result.questions_read == 2 * 2, result.failures
    pdf = tmp_path / "run" / "forms.pdf"
    entry = _entry(question)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert Path(entry.regular).stem in fonts, fonts
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    drawn_order = _unmarked(raw)
    if lang not in shaped:  # letter by letter, left to right: every label's letters are the PDF's text
        flat = "".join(pdf_text(pdf).split())
        for label in (question, text, title, *options):
            assert "".join(unicodedata.normalize("NFKC", label).split()) in flat, label
        return
    for label in (text, title):  # each whole label, joined and from the right, as HarfBuzz gives it
        pattern = _label_pattern(label, FONT_DIR / entry.regular)
        assert pattern.search(drawn_order), (lang, label, pattern.pattern, drawn_order[:300])
    if lang in joined:  # joined: the letters themselves, in either order, are not what the page carries
        word = joined[lang]
        assert word not in drawn_order and word[::-1] not in drawn_order, word


def test_a_syriac_form_prints_joined_from_the_right_and_is_read_back(tmp_path, display_order_inks):
    _prints(tmp_path, "syr", display_order_inks)


@pytest.mark.slow  # about 2 CPU s a language
@pytest.mark.parametrize("lang", ["dv", "nqo", "chr", "iu"])
def test_thaana_nko_cherokee_and_syllabics_print_and_are_read_back(tmp_path, lang, display_order_inks):
    _prints(tmp_path, lang, display_order_inks)


def test_a_syriac_line_is_drawn_from_the_right_with_the_question_number_on_the_right(tmp_path):
    """The question's number ("Question 1.") stands at the right end of a Syriac question, its "؟" at the left
    end, the words in display order: where the PDF puts each piece, from pdftotext's word boxes."""
    xlsx = xlsform(tmp_path, "syr")
    code, out, err = cli(["build", str(xlsx), "--out", str(tmp_path / "t.json")])
    assert code == 0, err
    code, out, err = cli(["--template", str(tmp_path / "t.json"), "forms", "--blank", "1", "--out",
                          str(tmp_path / "f.pdf")])
    assert code == 0, err
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(tmp_path / "f.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    words = [(float(m[1]), (float(m[2]) + float(m[3])) / 2, BIDI_MARKS.sub("", m[4])) for m in  # x, middle, text
             re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', html)]
    number = next((x, y) for x, y, w in words if "Question" in w)  # pdftotext reads it ".Question" from the right
    line = sorted((x, w) for x, y, w in words if abs(y - number[1]) < 4)
    assert "Question" in line[-2][1] and "1" in line[-1][1], line  # the number at the right end
    assert "؟" in line[0][1], line  # the question mark at the left end
    assert len(line) == 2 + len(WORDS["syr"][0].split()), line  # the four Syriac words between them


def test_charts_word_and_the_pdf_report_set_each_new_script(tmp_path, monkeypatch):
    """Charts draw Syriac, Thaana, N'Ko, Cherokee and syllabics in the bundled fonts (no installed font asked);
    Word names Windows' font per script; the report's PDF embeds the Syriac font with its words in display
    order (the first word of the question at the right)."""
    from docx import Document
    from docx.oxml.ns import qn
    from reportlab.platypus import SimpleDocTemplate

    from scanner.fonts import register_fonts
    from scanner.report import chart_fonts, pdf
    from scanner.report.chart_fonts import chart_families
    from scanner.report.word import _font

    monkeypatch.setattr(chart_fonts, "_installed", lambda ch: None)
    for lang, (question, _, options, _) in WORDS.items():
        labels = [question[:20], *options]
        families, note = chart_families(labels)
        assert note == "", (lang, note)
        assert s16.chart_glyphs_missing(labels) == [], lang
    assert {"Noto Sans Syriac", "Noto Sans Thaana", "Noto Sans NKo", "Noto Sans Cherokee"} <= set(families)

    doc = Document()
    for lang, font, slot in (("syr", "Estrangelo Edessa", "w:cs"), ("dv", "MV Boli", "w:cs"), ("nqo", "Ebrima", "w:cs"),
                             ("chr", "Gadugi", "w:hAnsi"), ("iu", "Gadugi", "w:hAnsi")):
        run = doc.add_paragraph().add_run(WORDS[lang][1])
        _font(run, size=11)
        assert run._element.rPr.rFonts.get(qn(slot)) == font, lang

    register_fonts()
    out = tmp_path / "r.pdf"
    SimpleDocTemplate(str(out)).build([pdf._p(WORDS["syr"][1], pdf._styles()["td_left"])])
    assert "NotoSansSyriac" in subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    raw = subprocess.run(["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True, check=True).stdout
    drawn_order = _unmarked(raw)
    path = FONT_DIR / _entry(WORDS["syr"][1]).regular
    assert _label_pattern(WORDS["syr"][1], path).fullmatch(drawn_order), drawn_order


@pytest.mark.parametrize(("label", "name", "why"), [("ᠤᠰᠤ ᠪᠠᠢᠨ᠎ᠠ ᠤᠤ", "Mongolian", "vertical columns"),
                                                    ("ᤕᤠᤰᤌᤢᤱ ᤐᤠᤴ", "Limbu", "need shaping")])
def test_a_script_the_printer_cannot_hold_is_refused_in_one_line_that_says_why(tmp_path, label, name, why):
    """Mongolian is written top to bottom, which the form's lines cannot hold; Limbu, which needs shaping, has no
    bundled font (Adlam was the example until it printed in session 19): one line saying so, and the Google Form is
    still made."""
    xlsx = form(tmp_path / "f.xlsx", [{"type": "select_one yn", "name": "q1", "label": label},
                                      {"type": "text", "name": "q2", "label": label}],
                [{"list_name": "yn", "name": "c1", "label": label}, {"list_name": "yn", "name": "c2", "label": "x"}],
                {"form_title": label, "form_id": "s_refused", "version": "1"})
    tpl = tmp_path / "t.json"
    code, out, err = cli(["build", str(xlsx), "--out", str(tpl)])
    said = [ln for ln in err.splitlines() if NOT_PRINTED in ln]
    assert code == 0 and "online only" in out and len(said) == 1, (out, err)
    assert name in said[0] and why in said[0] and "online-form" in said[0], said[0]
    code, out, err = cli(["--template", str(tpl), "online-form", "--out", str(tmp_path / "form.gs")])
    assert code == 0, err


# Tibetan, Khmer and Myanmar words with their deepest stacks (three-consonant stacks with vowel signs above and
# below, a coeng-ro with a vowel, medials and a subscript), repeated so the question wraps over several lines
DEEP = {"bo": "སྒྲོལ་མ་བསྒྲུབས་པ་རྒྱལ་པོ་བརྙེས་པ་ཕྱོགས་བཅུ་སྒྲོལ་མ་བསྒྲུབས་པ་རྒྱལ་པོ། ",
        "km": "ស្ត្រី ក្បាលក្ដី ស្រ្តី ប្រាក់ខែ ស្ត្រី ក្បាលក្ដី ស្រ្តី ប្រាក់ខែ ស្ត្រី ក្បាលក្ដី ",
        "my": "ကျွန်ုပ် မြို့နယ် ကြွက် ချွေး ကျွန်ုပ် မြို့နယ် ကြွက် ချွေး ကျွန်ုပ် မြို့နယ် "}


@pytest.mark.parametrize("lang", sorted(DEEP))
def test_tall_scripts_print_full_size_on_lines_as_tall_as_their_stacks(tmp_path, lang):
    """Tibetan, Khmer and Myanmar print at the line's own size (before: 80-85 %) and their wrapped lines stand
    further apart, so that no glyph's ink (HarfBuzz's extents) touches the next line or a box: a question's
    label, and the wrapped column headings of a table-list grid and of a roster (its columns' and its options')."""
    _, text, options, title, _ = s16.WORDS[lang]
    tall_prints(tmp_path, DEEP[lang], s16.LONG[lang], text, options, title, roster_wraps=lang != "bo")


def tall_prints(tmp_path: Path, deep: str, long: str, text: str, options: list[str], title: str,
                roster_wraps: bool = True) -> None:
    """A form whose question, grid headings and roster are words with the script's deepest stacks prints on
    taller lines with no glyph's ink on another text or a box (session 19's Javanese and Balinese call it too)."""
    from scanner.layout_geometry import LINE, QUESTION_PT

    label = deep * 2 + long + deep
    survey = [{"type": "select_one yn", "name": "q1", "label": label},
              {"type": "select_multiple yn", "name": "q2", "label": label},
              {"type": "text", "name": "q3", "label": text},
              {"type": "begin_group", "name": "g", "label": title, "appearance": "table-list"},
              {"type": "select_one hd", "name": "r1", "label": deep[:20]},
              {"type": "select_one hd", "name": "r2", "label": deep[:25]},
              {"type": "end_group", "name": "g"},
              {"type": "begin_repeat", "name": "m", "label": title, "repeat_count": "3"},
              {"type": "text", "name": "c1", "label": deep},
              {"type": "select_one hd", "name": "c2", "label": deep},
              {"type": "end_repeat", "name": "m"}]
    choices = [{"list_name": "yn", "name": f"c{i}", "label": o} for i, o in enumerate(options, 1)]
    choices += [{"list_name": "hd", "name": f"h{i}", "label": deep + o} for i, o in enumerate(options, 1)]
    xlsx = form(tmp_path / "f.xlsx", survey, choices, {"form_title": title, "form_id": "s_tall", "version": "1"})
    code, out, err = cli(["build", str(xlsx), "--out", str(tmp_path / "t.json")])
    assert code == 0 and "trang 1:" in out, (out, err)
    template = load_template(tmp_path / "t.json")
    first = [t for t in template.texts if t.page == 1 and t.size_pt == QUESTION_PT and t.text.startswith("Question 1.")]
    lines = sorted({round(t.y, 2) for t in template.texts if t.page == first[0].page and t.size_pt == QUESTION_PT
                    and t.y >= first[0].y and t.y < first[0].y + 60})
    steps = {round(b - a, 2) for a, b in zip(lines, lines[1:], strict=False) if b - a < 2 * LINE}
    assert len(lines) >= 3 and steps and min(steps) > LINE * 1.2, (lines, steps)  # taller than the 4.5 mm of others
    assert {"r1", "r2", "c1[3]", "c2[3]"} <= {q.id for q in template.questions}  # the grid's rows, the roster's cells
    at = Counter((t.page, t.x, t.size_pt, t.font) for t in template.texts)
    wrapped = {(size, font) for (_, _, size, font), n in at.items() if n > 1}
    assert (10, "bold") in wrapped  # the grid's column headings wrap
    if roster_wraps:  # a roster table whose columns' and options' headings wrap (Tibetan's prints member by member)
        assert {(9.0, "bold"), (8.5, "regular")} <= wrapped
    assert print_faults(template) == [] and s16.no_missing_glyph(template) == []
    assert s16.ink_faults(template) == []
    assert scripts.line_factor([label]) > 1.0  # the factor comes from the script


def test_a_tall_script_word_makes_only_its_own_text_taller(tmp_path):
    """Two languages named in their own scripts among the options ("བོད་སྐད", "မြန်မာ") made every line of an
    English form taller (its last question from y=64.5 to 187.5 mm): the taller pitch is now the lines' of the
    text holding the script, so every question stands where it stands with the names written in English."""
    long_q = ("please describe in a few words how the household obtained its drinking water during the last dry "
              "season and who fetched it")
    survey = [{"type": "select_one lang", "name": "lang", "label": "Language of the interview"}]
    survey += [{"type": "text", "name": f"t{i}", "label": f"Question {i}: {long_q}"} for i in range(18)]
    placed = {}
    for tag, langs in (("plain", ["English", "French", "Tibetan", "Burmese"]),
                       ("own", ["English", "Français", "བོད་སྐད", "မြန်မာ"])):
        choices = [{"list_name": "lang", "name": f"l{k}", "label": w} for k, w in enumerate(langs)]
        xlsx = form(tmp_path / f"{tag}.xlsx", survey, choices, {"form_title": "Water", "form_id": "e", "version": "1"})
        code, out, err = cli(["build", str(xlsx), "--out", str(tmp_path / f"{tag}.json")])
        assert code == 0, (out, err)
        t = load_template(tmp_path / f"{tag}.json")
        placed[tag] = [(q.id, q.page, q.area or [o.box for o in q.options]) for q in t.questions]
    assert placed["own"] == placed["plain"]
    assert scripts.line_factor(["བོད་སྐད"]) > 1.0  # a word the taller pitch is for


def test_every_other_script_keeps_the_line_pitch_exactly():
    """Only Tibetan, Khmer and Myanmar change the layout's line pitch: every other script's texts give exactly
    1.0, so their forms are laid out to the same bytes (benchmarks.build_compare on the stored real forms)."""
    others = ["Câu hỏi", "Привет", "مرحبا", "नमस्ते", "தமிழ்", "ไทย", "ລາວ", "ሰላም", "ܫܠܡܐ", "您好", "안녕", "ᏣᎳᎩ"]
    assert scripts.line_factor(others) == 1.0
    assert scripts.line_factor(others + [s16.WORDS["km"][1]]) == scripts.SCRIPT_FONTS["KHMER"].line > 1.0
