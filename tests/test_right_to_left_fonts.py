"""Issue 22: a right-to-left label's bold prints bold, and Urdu prints. Arabic-script letters are set in Noto Sans
Arabic (bundled, SIL OFL), which has Urdu's ہ and ے in every joined form where DejaVu Sans has not; the rest of the
line (Latin, digits, Hebrew) stays in DejaVu Sans. A bold word is joined on its own and put where the bidi algorithm
puts it in the sentence. Italic is set upright: Arabic script has no italic, and neither font has a slanted Arabic."""

import functools
import subprocess

import pytest

from benchmarks.realforms import cli, print_faults, run_form
from scanner.fonts import drawn, missing_glyphs, visual
from scanner.template import load_template
from tests.test_right_to_left import NOT_PRINTED, pdf_text
from tests.test_way_in import form

URDU = [{"type": "select_one yn", "name": "q1", "label": "کیا آپ کے گھر میں بچے ہیں؟"},
        {"type": "select_one size", "name": "q2", "label": "آپ کے گھرانے میں کتنے افراد رہتے ہیں؟"},
        {"type": "text", "name": "q3", "label": "گاؤں کا نام لکھیں"}]
URDU_CHOICES = [{"list_name": "yn", "name": "yes", "label": "ہاں"}, {"list_name": "yn", "name": "no", "label": "نہیں"},
                {"list_name": "size", "name": "s1", "label": "ایک سے تین"},
                {"list_name": "size", "name": "s2", "label": "چار سے چھ"},
                {"list_name": "size", "name": "s3", "label": "سات یا زیادہ"}]


def fonts_in(pdf) -> str:
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout


def test_urdu_letters_have_a_font_now():
    """ہ and ے in their joined forms: DejaVu Sans has no glyph for them, the bundled Noto Sans Arabic has."""
    assert missing_glyphs([("بچے ہیں", "sans-regular"), ("بچے ہیں", "sans-bold")]) == ""
    assert {font for _, font in drawn([("بچے ہیں", "sans-regular")])} == {"NotoSansArabic"}
    assert sorted(missing_glyphs([("𞠀𞠍𞠕", "sans-regular")])) == sorted("𞠀𞠍𞠕")  # Mende Kikakui: no font, still refused
    assert missing_glyphs([("ࠀࠍࠕ", "sans-regular")]) == ""  # Samaritan: its bundled font since session 19
    assert missing_glyphs([("ܐܢܬ", "sans-regular")]) == ""  # Syriac: its bundled font since session 17


def test_an_urdu_form_prints_and_is_read_back(tmp_path, corpus_kept):
    """Built with no "paper is not printed", printed with no overlap, cut text or missing letter, the PDF's text
    holding the labels, and filled scans read back with no silent error."""
    xlsx = form(tmp_path / "ur.xlsx", URDU, URDU_CHOICES, {"form_title": "گھریلو سروے", "form_id": "ur", "version": "1"})
    code, out, err = cli(["build", str(xlsx), "--out", str(tmp_path / "t.json")])
    assert code == 0 and NOT_PRINTED not in out + err and "trang 1:" in out, (out, err)
    template = load_template(tmp_path / "t.json")
    assert template.right_to_left and print_faults(template) == []
    result = run_form(xlsx, tmp_path / "run", sheets=2, seed=3, keep=functools.partial(corpus_kept, "urdu 2 3"))
    assert result.passed and result.read and result.silent == 0 and result.questions_read == 2 * 2, result.failures
    pdf = tmp_path / "run" / "forms.pdf"
    text = pdf_text(pdf)
    for said in [q["label"] for q in URDU[:1]] + [c["label"] for c in URDU_CHOICES]:
        assert said.rstrip("؟") in text, said
    assert "NotoSansArabic" in fonts_in(pdf)


BOLD_OPTION = "نعم، **أوافق** على *المشاركة* في المسح"


def test_bold_in_a_right_to_left_label_prints_bold(tmp_path):
    """An option label's bold word is a bold run in the template and is drawn in the bold Arabic font, between the
    words before and after it as the sentence reads from the right; its italic word is set upright in the regular
    one (no oblique font is used)."""
    xlsx = form(tmp_path / "b.xlsx", [{"type": "select_one yn", "name": "q1", "label": "هل توافق؟"}],
                [{"list_name": "yn", "name": "yes", "label": BOLD_OPTION}, {"list_name": "yn", "name": "no", "label": "لا"}],
                {"form_title": "مسح", "form_id": "bold_ar", "version": "1"})
    tpl = tmp_path / "t.json"
    code, out, err = cli(["build", str(xlsx), "--out", str(tpl)])
    assert code == 0, err
    template = load_template(tpl)
    (label,) = [t for t in template.texts if "أوافق" in t.text]
    assert label.text == "نعم، أوافق على المشاركة في المسح"
    assert ("أوافق", "sans-bold") in label.runs and ("المشاركة", "sans-italic") in label.runs, label.runs
    assert print_faults(template) == []
    pieces = drawn(label.runs)
    bold = [i for i, (_, font) in enumerate(pieces) if font == "NotoSansArabic-Bold"]
    assert [pieces[i][0] for i in bold] == [visual("أوافق")]  # the word joined, alone in bold
    left = "".join(g for g, _ in pieces[:bold[0]])
    right = "".join(g for g, _ in pieces[bold[0] + 1:])
    assert visual("نعم،") in right and visual("المشاركة") in left  # "نعم" is read first, so drawn right of it
    assert {font for _, font in pieces} == {"NotoSansArabic", "NotoSansArabic-Bold"}  # italic: upright, regular
    box = template.question("q1").options[0].box
    assert label.x + template_width(label) == pytest.approx(box.x - 2.5, abs=0.05)  # still against its box
    pdf = tmp_path / "f.pdf"
    assert cli(["--template", str(tpl), "forms", "--blank", "1", "--out", str(pdf)])[0] == 0
    assert "NotoSansArabic-Bold" in fonts_in(pdf) and "Oblique" not in fonts_in(pdf)
    text = pdf_text(pdf)  # pdftotext joins pieces drawn apart by its own guess: "،" may land after "نعم"
    assert "أوافق على المشاركة في المسح" in text and "نعم" in text


def template_width(t) -> float:
    from scanner.fonts import BOLD, ITALIC, text_width_mm

    toggled = "".join(f"{BOLD}{s}{BOLD}" if f.endswith("bold") else f"{ITALIC}{s}{ITALIC}" if f.endswith("italic") else s
                      for s, f in t.runs)
    return text_width_mm(toggled, t.font, t.size_pt)


@pytest.mark.parametrize("text", ["هل توافق على المشاركة؟", "Question 2. هل توافق (على) المشاركة؟ 123",
                                  "האם אתה מסכים 2026?", "abc مرحبا def"])
def test_a_line_in_one_piece_is_drawn_as_the_bidi_algorithm_says(text):
    """One piece: the same glyphs, in the same order, as python-bidi's own get_display on the joined letters."""
    from bidi.algorithm import get_display

    from scanner.fonts_rtl import _reshaper, mostly_right_to_left

    expected = get_display(_reshaper().reshape(text), base_dir="R" if mostly_right_to_left(text) else "L")
    assert "".join(g for g, _ in drawn([(text, "sans-regular")])) == expected == visual(text)
