"""A questionnaire of more than 12 pages: a booklet whose every page is told apart, printed, read and paired.

Past 12 pages the registration marks come from DICT_4X4_250 (fiducials.py)
and the sheet code's page field has two digits; the reading is checked
against the corpus generator's truth, never against the code under test.
"""

import re
import subprocess

import pytest
from conftest import generated
from test_questionnaire import xlsform

from benchmarks.accuracy import evaluate
from scanner.cli import main
from scanner.errors import TemplateError
from scanner.fiducials import dictionary_for
from scanner.sheetcode import SheetCode, parse_code
from scanner.template import load_template, parse_template

AGREE = ["Rất đồng ý", "Đồng ý", "Phân vân", "Không đồng ý", "Rất không đồng ý"]
CHOICES = [("agree", str(i), x) for i, x in enumerate(AGREE, 1)]
CHOICES += [("many", str(i), f"Phương án dài số {i}, đủ dài để phải in trên một dòng riêng") for i in range(1, 8)]


def long_form(path, parts=16):
    survey = []
    for g in range(parts):
        survey.append({"type": "begin_group", "name": f"g{g}", "label": f"PHẦN {g + 1}. Nhóm câu hỏi số {g + 1}"})
        for i in range(10):
            survey.append({"type": "select_one agree" if i % 3 else "select_multiple many", "name": f"q{g}_{i}",
                           "label": f"Câu hỏi số {i} của phần {g + 1} về việc thực hiện nghị quyết ở cơ sở"})
        survey.append({"type": "end_group", "name": f"g{g}"})
    return xlsform(path, survey, CHOICES, {"form_title": "PHIẾU DÀI", "form_id": "LONG", "version": "1"})


@pytest.fixture(scope="module")
def booklet(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("booklet")
    layout = tmp / "long.json"
    assert main(["build", str(long_form(tmp / "long.xlsx")), "--out", str(layout)]) == 0
    return load_template(layout), layout


@pytest.fixture(scope="module")
def short_booklet(tmp_path_factory):
    """The same questionnaire in half the parts, for the read-back: 16 pages, past 12 as the booklet is (DICT_4X4_250
    marks, pages 10-16 numbered with two digits in the code). Filling and reading two copies of the 32-page booklet
    was most of this file's CPU (issue 26); a real 32-page booklet is read back whole by test_real_xlsforms_more.py
    (test_a_booklet_longer_than_the_test_limit_is_read_back_with_no_silent_error[belendia_llin_facility_survey])."""
    tmp = tmp_path_factory.mktemp("short-booklet")
    layout = tmp / "short.json"
    assert main(["build", str(long_form(tmp / "short.xlsx", parts=8)), "--out", str(layout)]) == 0
    t = load_template(layout)
    assert t.pages > 12 and t.fiducial_dictionary == "DICT_4X4_250"
    return t, layout


def test_dictionary_grows_only_past_twelve_pages():
    assert [dictionary_for(n) for n in (2, 12, 14, 62, 64, 250)] == \
        ["DICT_4X4_50", "DICT_4X4_50", "DICT_4X4_250", "DICT_4X4_250", "DICT_4X4_1000", "DICT_4X4_1000"]
    with pytest.raises(ValueError):
        dictionary_for(252)


def test_two_digit_pages_in_the_code():
    code = SheetCode("LONG", "1", "MS", 7, 21)
    assert code.text().startswith("LONG.1.MS.007.21.")
    assert parse_code(f"~ {code.text()} ~") == code
    assert parse_code(code.text()[:-1] + ("0" if code.text()[-1] != "0" else "1")) is None  # the check still bites
    assert parse_code(SheetCode("LONG", "1", None, 0, 130).text()).page == 130


def test_a_long_questionnaire_is_a_booklet_with_marks_of_its_own_on_every_page(booklet):
    t, _ = booklet
    assert t.pages >= 20 and t.pages % 2 == 0
    assert t.fiducial_dictionary == "DICT_4X4_250"
    ids = [f.marker_id for f in t.fiducials]
    assert len(ids) == 4 * t.pages and len(set(ids)) == len(ids)
    last = max(q.page for q in t.questions)
    assert last >= t.pages - 1 and {q.page for q in t.questions} == set(range(1, last + 1))
    assert any(x.text == f"Trang {t.pages}/{t.pages}" for x in t.texts)


def test_a_template_naming_too_small_a_dictionary_is_refused(booklet):
    import json

    _, layout = booklet
    raw = json.loads(layout.read_text(encoding="utf-8"))
    raw["fiducials"]["dictionary"] = "DICT_4X4_50"
    with pytest.raises(TemplateError, match=r"marker_id \d+ is not in DICT_4X4_50"):
        parse_template(raw)


@pytest.mark.parametrize("language", ["vi", "ar"])
def test_too_long_a_booklet_goes_online_only_in_any_direction(tmp_path, monkeypatch, language):
    """Past the pages the registration marks can number (250; 12 here), a left-to-right form and a right-to-left
    one behave the same: `build` lays the whole form out for the Google Form and the import and says in one line
    why paper is not printed (the page count, the limit, the file that sets it, what to do); `forms` and `scan`
    refuse in that one line; the Google Form is still made."""
    import scanner.layout as layout

    monkeypatch.setattr(layout, "MAX_PAGES", 12)
    xlsx = long_form(tmp_path / "f.xlsx", parts=8)  # 16 pages: past the 12 as the 32 of the booklet were, at half the cost
    if language == "ar":  # the same form with its labels in Arabic
        from openpyxl import load_workbook

        wb = load_workbook(xlsx)
        for ws in wb.worksheets[:2]:
            for row in ws.iter_rows(min_row=2):
                for cell in row:
                    if isinstance(cell.value, str) and ("Câu" in cell.value or "PHẦN" in cell.value or "Phương" in cell.value
                                                        or cell.value in AGREE):
                        cell.value = "سؤال عن تنفيذ القرار في القاعدة رقم " + str(cell.row)
        wb.save(xlsx)
    tpl = tmp_path / "t.json"
    code, out, err = _cli(["build", str(xlsx), "--out", str(tpl)])
    said = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 0 and "online only" in out and "trang 1:" not in out, (out, err)
    assert len(said) == 1 and re.search(r"t\.json: .*needs \d+ pages; at most 12 \(6 sheets\).*scanner/fiducials\.py"
                                        r".*online-form.*split the XLSForm", said[0]), said
    t = load_template(tpl)
    assert t.paper_refused and t.pages > 12 and t.questions and t.right_to_left == (language == "ar")
    assert not t.fiducials  # nothing is printed, so no page is marked
    for argv in (["forms", "--blank", "1", "--out", str(tmp_path / "f.pdf")],
                 ["scan", str(tmp_path), "--db", str(tmp_path / "s.db")]):
        code, out, err = _cli(["--template", str(tpl), *argv])
        lines = [ln for ln in err.splitlines() if ln.strip()]
        assert code != 0 and len(lines) == 1 and lines[0].removeprefix("lỗi / error: ") == said[0].removeprefix("lưu ý / note: "), (out, err)
    assert not (tmp_path / "f.pdf").exists()
    code, out, err = _cli(["--template", str(tpl), "online-form", "--out", str(tmp_path / "form.gs")])
    assert code == 0 and (tmp_path / "form.gs").exists(), err


def _cli(argv):
    from benchmarks.realforms import cli

    return cli(argv)


def test_every_page_prints_its_own_marks_and_code(booklet, tmp_path, capsys):
    import zxingcpp

    from scanner._exec.poppler import render_pages
    from scanner.align import find_markers

    t, layout = booklet
    pdf = tmp_path / "f.pdf"
    assert main(["--template", str(layout), "forms", "--unit", "MS", "--out", str(pdf)]) == 0
    for page in (1, 12, 13, t.pages):
        gray = render_pages(pdf, 100, page, page)[0]
        assert sorted(find_markers(gray, t.fiducial_dictionary)) == [f.marker_id for f in t.fiducials_on(page)]
        assert [r.text for r in zxingcpp.read_barcodes(gray)] == [SheetCode("LONG", "1", "MS", 1, page).text()]
    text = subprocess.run(["pdftotext", "-f", str(t.pages), "-l", str(t.pages), str(pdf), "-"], capture_output=True,
                          check=True, text=True).stdout
    assert f"LONG.1.MS.001.{t.pages}." in text and f"Trang {t.pages}/{t.pages}" in text
    capsys.readouterr()


def test_filled_booklets_read_back_against_the_truth(short_booklet, tmp_path, plan, pytestconfig):
    t, _ = short_booklet
    corpus = tmp_path / "corpus"
    generated(pytestconfig, "booklets read back", t, plan, 2, 5, corpus, stack_size=1,
              profiles={"flatbed": 1.0, "feeder": 1.0}, cycle=True)
    result = evaluate(corpus, tmp_path / "b.db", jobs=2, template=t)
    overall = result["groups"]["overall"]
    assert overall["questions"] == 2 * len(t.choice_questions())
    assert overall.get("silent_error", 0) == 0, result["silent_examples"]
    assert overall.get("mispaired_sheets", 0) == 0
    assert overall.get("right", 0) >= 0.9 * overall["questions"]
    assert result["pages_accounted"] == result["pages_truth"]
    # every page of both booklets is read as a form page, none set aside, and a page printed with a unit's
    # code is in its own booklet's record
    assert result["store_pages"]["form"] == 2 * t.pages and result["form_pages_set_aside"] == []
    assert result["pages_identified"] == result["pages_identifiable"] >= t.pages
