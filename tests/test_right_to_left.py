"""Issue 22: a right-to-left label language (Arabic, Persian, Hebrew…) builds as pyxform accepts it, prints, is read
back from paper, and goes online (the Google Form in its own words, the import, the tally). Paper is set in sans
fonts (the serif has none of these letters: Noto Sans Arabic for Arabic-script letters, DejaVu Sans for the rest):
each line wrapped by logical words, then joined (arabic-reshaper) and put in display order (python-bidi) for drawing;
labels stand against the right edge and each option's box is right of its label. Only letters no font has
(Mende Kikakui; Syriac, Thaana and N'Ko print since session 17, Samaritan, Mandaic, Adlam, Hanifi Rohingya since 19) keep a form off paper: `build` says so and `forms` and `scan` refuse in one line naming them (Urdu, bold
and the mirrored tables: test_right_to_left_fonts.py, test_right_to_left_tables.py)."""

import csv
import functools
import json
import re
import subprocess
import unicodedata

import pytest

from benchmarks.realforms import DEFAULT_FORMS, cli, print_faults, run_form
from scanner.layout_geometry import LABEL_GAP, RIGHT
from scanner.template import load_template
from tests.test_way_in import form

UNHCR = DEFAULT_FORMS / "unhcr_household_survey_americas.xlsx"
ONADATA_ARABIC = DEFAULT_FORMS / "onadata_tutorial_arabic_labels.xlsx"  # label:English and label:Arabic
NOT_PRINTED = "paper is not printed"
BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def pdf_text(pdf) -> str:
    """The PDF's text as a reader extracts it (pdftotext), the joined letter forms taken back to the letters
    (NFKC) and the direction marks dropped, so a label can be looked for as the XLSForm spells it (NFC)."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFC", unicodedata.normalize("NFKC", out).translate(BIDI_MARKS))


@pytest.mark.slow  # three layouts of a 226-page survey: over a minute
def test_arabic_chosen_from_several_too_long_for_a_booklet_goes_online_and_says_why(tmp_path):
    """UNHCR's survey with `--lang ar` needs more pages than the markers can number once set in DejaVu Sans
    (226 in English): built for the Google Form and the import, `build` saying why once, `forms` and `scan`
    refusing in one line; in English it is printed."""
    tpl = tmp_path / "ar.json"
    code, out, err = cli(["build", str(UNHCR), "--out", str(tpl), "--lang", "ar"])
    assert code == 0 and "trang 1:" not in out and "online only" in out, err
    said = [ln for ln in err.splitlines() if NOT_PRINTED in ln]
    assert len(said) == 1 and re.search(r"needs \d+ pages; at most 250", said[0]), err
    template = load_template(tpl)
    assert template.right_to_left and template.questions and template.paper_refused
    pdf = tmp_path / "f.pdf"
    code, out, err = cli(["--template", str(tpl), "forms", "--blank", "1", "--out", str(pdf)])
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code != 0 and not pdf.exists() and len(lines) == 1 and "online-form" in lines[0], (out, err)
    code, out, err = cli(["--template", str(tpl), "scan", str(tmp_path), "--db", str(tmp_path / "s.db")])
    assert code != 0 and NOT_PRINTED in err, (out, err)
    code, out, err = cli(["build", str(UNHCR), "--out", str(tmp_path / "en.json"), "--lang", "en"])
    assert code == 0 and not load_template(tmp_path / "en.json").right_to_left and "trang 1:" in out


ARABIC_QUESTIONS = [{"type": "select_one yn", "name": "q1", "label": "هل توافق على المشاركة؟"},
                    {"type": "select_multiple src", "name": "q2", "label": "من أين تحصل على مياه الشرب في منزلك "
                     "عادة خلال أشهر الصيف الحارة وأشهر الشتاء الباردة عندما تنقطع المياه عن الحي؟"},
                    {"type": "text", "name": "q3", "label": "ما اسم القرية؟"}]
ARABIC_CHOICES = [{"list_name": "yn", "name": "yes", "label": "نعم"}, {"list_name": "yn", "name": "no", "label": "لا"},
                  {"list_name": "src", "name": "tap", "label": "صنبور داخل المنزل"},
                  {"list_name": "src", "name": "well", "label": "بئر محمية"},
                  {"list_name": "src", "name": "truck", "label": "شاحنة صهريج توزع المياه على الأحياء السكنية البعيدة"}]


def test_an_arabic_only_form_prints_right_to_left(tmp_path):
    """Labels as the XLSForm writes them in the template and in the PDF's text; every label right-aligned,
    each option's box right of its label with the first option rightmost; a long title wrapped over lines
    that each read as a run of the logical words; nothing overlaps or runs off the page."""
    arabic = form(tmp_path / "ar.xlsx", ARABIC_QUESTIONS, ARABIC_CHOICES,
                  {"form_title": "مسح المياه", "form_id": "ar_only", "version": "1"})
    tpl = tmp_path / "a.json"
    code, out, err = cli(["build", str(arabic), "--out", str(tpl)])
    assert code == 0 and NOT_PRINTED not in out + err and "trang 1:" in out, err
    template = load_template(tpl)
    q1 = template.question("q1")
    assert (q1.text, [o.label for o in q1.options]) == ("هل توافق على المشاركة؟", ["نعم", "لا"])  # letters kept
    assert print_faults(template) == []
    for q in (q1, template.question("q2")):
        xs = [o.box.x for o in q.options]
        assert xs[0] + 5.0 == pytest.approx(RIGHT) and xs[0] >= max(xs)  # the first option is rightmost
        for o in q.options:
            (label,) = [t for t in template.texts if t.page == q.page and o.label.startswith(t.text)
                        and t.text and abs(t.y - (o.box.y + o.box.h - 0.9)) < 0.01]
            assert label.align == "right" and label.x == pytest.approx(o.box.x - LABEL_GAP)
    said = " ".join(t.text for t in template.texts  # the question titles, against the right edge, top to bottom
                    if t.font == "sans-bold" and t.align == "right" and t.x == RIGHT)
    assert ARABIC_QUESTIONS[1]["label"] in said.replace("Question 2. ", "")  # wrapped by logical words, in order
    pdf = tmp_path / "ar.pdf"
    code, out, err = cli(["--template", str(tpl), "forms", "--blank", "1", "--out", str(pdf)])
    assert code == 0 and pdf.exists(), err
    text = pdf_text(pdf)
    for label in [q["label"] for q in ARABIC_QUESTIONS[::2]] + [c["label"] for c in ARABIC_CHOICES[:4]]:
        assert unicodedata.normalize("NFC", label) in text, label
    latin = form(tmp_path / "fr.xlsx", [{"type": "select_one yn", "name": "q1", "label": "Êtes-vous d'accord ?"}],
                 [{"list_name": "yn", "name": "yes", "label": "Oui"}, {"list_name": "yn", "name": "no", "label": "Non"}],
                 {"form_title": "Enquête", "form_id": "fr_only", "version": "1"})
    code, out, err = cli(["build", str(latin), "--out", str(tmp_path / "f.json")])
    assert code == 0 and "trang 1" in out, err
    fr = load_template(tmp_path / "f.json")
    assert not fr.right_to_left and fr.question("q1").options[0].box.x < fr.question("q1").options[1].box.x


@pytest.mark.parametrize(("label", "options"), [
    ("آیا در خانه شما کودک زیر پنج سال زندگی می‌کند؟", ["بله", "خیر", "نمی‌دانم"]),  # Persian (with a ZWNJ)
    ("האם אתה מסכים להשתתף בסקר?", ["כן", "לא"])], ids=["persian", "hebrew"])
def test_persian_and_hebrew_print_right_to_left(tmp_path, label, options):
    choices = [{"list_name": "l", "name": f"c{k}", "label": o} for k, o in enumerate(options)]
    xlsx = form(tmp_path / "f.xlsx", [{"type": "select_one l", "name": "q1", "label": label}], choices,
                {"form_title": "x", "form_id": "rtl", "version": "1"})
    code, out, err = cli(["build", str(xlsx), "--out", str(tmp_path / "t.json")])
    assert code == 0 and "trang 1:" in out, err
    template = load_template(tmp_path / "t.json")
    assert template.right_to_left and print_faults(template) == []
    boxes = [o.box.x for o in template.question("q1").options]
    assert boxes == sorted(boxes, reverse=True)
    pdf = tmp_path / "f.pdf"
    assert cli(["--template", str(tmp_path / "t.json"), "forms", "--blank", "1", "--out", str(pdf)])[0] == 0
    text = pdf_text(pdf)
    for said in [label, *options]:  # pdftotext puts a line's final neutral "?" by its own guess: looked for without
        assert said.replace("\u200c", "").rstrip("?") in text.replace("\u200c", ""), said


def test_a_real_arabic_form_prints_and_is_read_back(tmp_path, corpus_kept):
    """onadata's tutorial in Arabic: printed with no overlap, cut text or missing letter, its PDF text holding
    the labels, and filled scans from the corpus generator read back with no silent error."""
    result = run_form(ONADATA_ARABIC, tmp_path, sheets=2, seed=5, lang="Arabic",
                      keep=functools.partial(corpus_kept, "realform onadata arabic 2 5"))
    assert result.passed and result.printed and result.read, " || ".join(result.failures)
    assert not result.print_faults and result.silent == 0 and result.questions_read >= 4
    text = pdf_text(tmp_path / "forms.pdf")
    for label in ("ما هو اسمك؟", "كم عمرك؟", "هل لديك أي أطفال؟", "موزيلا فايرفوكس", "جوجل كروم", "رحلات السفاري"):
        assert label in text, label


def test_letters_the_font_lacks_keep_paper_off_in_one_line(tmp_path):
    """Mende Kikakui (right to left, in no bundled font; Syriac, then Samaritan, was the example until it printed):
    built for the Google Form; `forms` and `scan` refuse in one line naming the font, the letters and what to do."""
    syriac = form(tmp_path / "men.xlsx", [{"type": "select_one yn", "name": "q1", "label": "𞠀𞠍𞠕 𞠌𞠔𞠓𞠀?"}],
                  [{"list_name": "yn", "name": "yes", "label": "𞠀𞠉𞠍"}, {"list_name": "yn", "name": "no", "label": "𞠋𞠀"}],
                  {"form_title": "𞠌𞠔𞠅𞠇𞠕𞠀", "form_id": "men", "version": "1"})
    tpl = tmp_path / "s.json"
    code, out, err = cli(["build", str(syriac), "--out", str(tpl)])
    assert code == 0 and NOT_PRINTED in err and "online only" in out and "trang 1:" not in out, (out, err)
    pdf = tmp_path / "f.pdf"
    code, out, err = cli(["--template", str(tpl), "forms", "--blank", "1", "--out", str(pdf)])
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code != 0 and not pdf.exists() and len(lines) == 1, (out, err)
    assert all(w in lines[0] for w in ("DejaVu Sans", "Noto Sans Arabic", "𞠀", "right-to-left", "online-form", "--lang")), lines[0]
    code, out, err = cli(["--template", str(tpl), "scan", str(tmp_path), "--db", str(tmp_path / "s.db")])
    assert code != 0 and "DejaVu Sans" in err, (out, err)


def test_a_real_arabic_form_goes_online_imports_and_tallies(tmp_path):
    """onadata's tutorial with Arabic labels, printed in Arabic (`--lang Arabic`): the Google Form asks in
    Arabic, two downloaded responses import as two records with the answers given (its yes/no list is named
    1/0), and the tally counts them."""
    tpl = tmp_path / "ar.json"
    code, out, err = cli(["build", str(ONADATA_ARABIC), "--out", str(tpl), "--lang", "Arabic"])
    assert code == 0, err
    template = load_template(tpl)
    code, out, err = cli(["--template", str(tpl), "online-form", "--out", str(tmp_path / "form.gs")])
    assert code == 0, err
    body = json.loads((tmp_path / "form.batchUpdate.json").read_text(encoding="utf-8"))
    titles = [r["createItem"]["item"]["title"] for r in body["requests"] if "createItem" in r]
    assert {"ما هو اسمك؟", "كم عمرك؟", "هل لديك أي أطفال؟", "ما متصفحات الويب التي تستخدمها؟"} <= set(titles)
    browsers = next(r["createItem"]["item"] for r in body["requests"]
                    if "createItem" in r and r["createItem"]["item"]["title"] == "ما متصفحات الويب التي تستخدمها؟")
    options = [o["value"] for o in browsers["questionItem"]["question"]["choiceQuestion"]["options"]]
    assert options == ["موزيلا فايرفوكس", "جوجل كروم", "إنترنت إكسبلورر", "رحلات السفاري"]

    assert not template.online["unit_title"]  # its settings ask no unit (s17): the Google Form has no unit column
    header = ["Timestamp", "ما هو اسمك؟", "كم عمرك؟", "هل لديك أي أطفال؟",
              "5. تسجيل الإحداثيات GPS الخاص بك.", "ما متصفحات الويب التي تستخدمها؟"]
    rows = [["2023/11/08 9:15:32 AM GMT+7", "أحمد", "34", "نعم", "", "جوجل كروم, رحلات السفاري"],
            ["2023/11/09 9:15:32 AM GMT+7", "ليلى", "27", "لا", "", "موزيلا فايرفوكس"]]
    with (tmp_path / "r.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header, *rows])
    db = tmp_path / "online.db"
    code, out, err = cli(["--template", str(tpl), "import-online", str(tmp_path / "r.csv"), "--db", str(db)])
    assert code == 0 and "2 mới (new)" in out and "0 có vấn đề" in out, (out, err)
    code, out, err = cli(["--template", str(tpl), "export", "--db", str(db), "--format", "jsonl", "--out",
                          str(tmp_path / "r.jsonl")])
    assert code == 0, err
    records = {r["answers"]["name"]: r for r in map(json.loads,
                                                     (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines())}
    assert [r["unit"] for r in records.values()] == [None, None]
    first, second = records["أحمد"]["answers"], records["ليلى"]["answers"]
    assert (first["name"], first["has_children"], sorted(first["web_browsers"])) == ("أحمد", ["1"],
                                                                                      ["chrome", "safari"])
    assert (second["name"], second["has_children"], second["web_browsers"]) == ("ليلى", ["0"], ["firefox"])
    code, out, err = cli(["--template", str(tpl), "tally", "--db", str(db), "--out", str(tmp_path / "tally")])
    assert code == 0, err
    with (tmp_path / "tally" / "counts.csv").open(encoding="utf-8") as fh:
        counts = {(r["question"], r["option"]): r["count"] for r in csv.DictReader(fh)
                  if r["channel"] == "online" and r["group"] == "all"}
    assert (counts[("has_children", "1")], counts[("has_children", "0")]) == ("1", "1")
    assert [counts[("web_browsers", b)] for b in ("firefox", "chrome", "ie", "safari")] == ["1", "1", "0", "1"]
    numbers = (tmp_path / "tally" / "numbers.csv").read_text(encoding="utf-8")
    assert "online,age,number,2,30.5" in numbers
