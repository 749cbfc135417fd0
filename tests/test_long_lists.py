"""Issue 22: a grid (table-list) taller than a page continues on the next page by its rows."""

import pytest
from conftest import generated
from test_structure import printed_clear
from test_structure_forms import workbook

from benchmarks.accuracy import evaluate
from benchmarks.realforms import print_faults
from scanner.cli import main
from scanner.template import load_template

ROWS = 24


def tall_grid_form(path, rows=ROWS):
    agree = [("agree", str(i), x) for i, x in enumerate(["Đồng ý", "Phân vân", "Không đồng ý"], 1)]
    survey = [{"type": "select_one agree", "name": "q0", "label": "Ý kiến chung"},
              {"type": "begin_group", "name": "views", "label": "Mức độ đồng ý với từng nhận định",
               "appearance": "table-list"}]
    survey += [{"type": "select_one agree", "name": f"r{i}", "label": f"Nhận định thứ {i} về công việc được giao, thu nhập, điều kiện làm việc và cơ hội đào tạo thêm"}
               for i in range(1, rows + 1)]
    survey += [{"type": "end_group", "name": "views"},
               {"type": "select_one agree", "name": "q9", "label": "Ý kiến cuối"}]
    return workbook(path, ["type", "name", "label", "appearance"], survey, ["list_name", "name", "label"], agree,
                    {"form_title": "PHIẾU BẢNG DÀI", "form_id": "TALL", "version": "1"})


@pytest.fixture(scope="module")
def tall(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tall")
    layout = tmp / "tall.json"
    assert main(["build", str(tall_grid_form(tmp / "tall.xlsx")), "--out", str(layout)]) == 0
    return load_template(layout), layout


def test_a_tall_grid_continues_on_the_next_page_as_one_grid(tall):
    t, layout = tall
    rows = t.groups["views"]
    assert len(rows) == ROWS
    pages = [t.question(r).page for r in rows]
    assert pages == sorted(pages) and len(set(pages)) >= 2
    assert [t.question(r).number for r in rows][-1].endswith(chr(97 + ROWS - 1))
    continued = [x for x in t.texts if "(tiếp theo)" in x.text and x.text.startswith("Câu")]
    assert continued and all(x.page > pages[0] for x in continued)
    section = [s for s in t.sections if "r1" in s.questions]
    assert section and all(r in section[0].questions for r in rows)
    assert print_faults(t) == []
    printed_clear(t)


def test_a_tall_grid_reads_back_without_silent_errors(tall, tmp_path, plan, pytestconfig):
    t, _ = tall
    corpus = tmp_path / "corpus"
    generated(pytestconfig, "a tall grid", t, plan, 4, 3, corpus, stack_size=2, profiles={"flatbed": 1.0}, cycle=True)
    result = evaluate(corpus, tmp_path / "b.db", jobs=1, template=t)
    overall = result["groups"]["overall"]
    # the generator drops, repeats and mixes pages on purpose: at least two whole sheets are judged, every
    # grid row among them (rows on both pages of the sheet)
    assert overall["questions"] >= 2 * len(t.choice_questions())
    assert overall.get("silent_error", 0) == 0, result["silent_examples"]
    assert result["pages_accounted"] == result["pages_truth"]


def test_a_grid_of_more_than_26_rows_letters_them_on(tmp_path):
    """Rows past z are lettered aa, ab, … as spreadsheets do, never with punctuation the font cannot print."""
    layout = tmp_path / "g30.json"
    assert main(["build", str(tall_grid_form(tmp_path / "g30.xlsx", rows=30)), "--out", str(layout)]) == 0
    t = load_template(layout)
    numbers = [t.question(r).number for r in t.groups["views"]]
    grid = t.number_of("views")
    assert numbers[24:] == [grid + s for s in ("y", "z", "aa", "ab", "ac", "ad")]
    printed = {x.text.split(")")[0] for x in t.texts if ")" in x.text}
    assert {"aa", "ad"} <= printed
    assert print_faults(t) == []
