"""The XLSForm reader: what the shipped and the test questionnaires say, and refusals that name sheet, row, column."""

import shutil

import pytest
from conftest import ROOT
from openpyxl import Workbook, load_workbook

from scanner.errors import TemplateError
from scanner.questionnaire import Kind, load_questionnaire

EXAMPLE = ROOT / "templates" / "example" / "questionnaire.xlsx"
KS24 = ROOT / "tests" / "data" / "questionnaire_ks24.xlsx"
COLUMNS = ["type", "name", "label", "constraint", "relevant", "appearance", "breakdown", "lines", "choice_filter"]


def xlsform(path, survey, choices, settings=None):
    """A workbook from rows given as dicts (survey) and (list, name, label) tuples (choices)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(COLUMNS)
    for row in survey:
        ws.append([row.get(c) for c in COLUMNS])
    ch = wb.create_sheet("choices")
    ch.append(["list_name", "name", "label"])
    for c in choices:
        ch.append(list(c))
    if settings:
        st = wb.create_sheet("settings")
        st.append(list(settings))
        st.append(list(settings.values()))
    wb.save(path)
    return path


YN = [("yn", "1", "Có"), ("yn", "2", "Không"), ("yn", "3", "Khác (ghi rõ)")]


def test_example_reads_as_the_shipped_questionnaire():
    q = load_questionnaire(EXAMPLE)
    assert (q.survey_id, q.version, q.example, q.breakdowns) == ("KH35", "1", True, ("a1", "a3"))
    assert q.issuer == "HUYỆN ỦY PHONG THỔ" and q.issuer_unit == "BAN TUYÊN GIÁO"
    assert q.unit_question == "Đơn vị công tác hoặc xã, thị trấn nơi cư trú"
    assert [s.title.split(".")[0] for s in q.sections] == ["PHẦN I", "PHẦN II"]
    items = {it.id: it for it in q.items()}
    assert items["q1"].kind == Kind.multiple and items["q1"].exclusive == ("6",) and items["q1"].max_choices is None
    assert items["q7"].max_choices == 3
    assert items["q5"].kind == Kind.grid and [r.id for r in items["q5"].rows] == ["q5a", "q5b", "q5c", "q5d", "q5e"]
    assert items["q5"].label == "Đánh giá kết quả thực hiện các nhiệm vụ, giải pháp"
    assert (items["a3"].other_option, items["a3_other"].other_of, items["a3_other"].lines) == ("8", "a3", 1)
    assert (items["q6"].other_option, items["q6_other"].other_of) == ("6", "q6")
    assert items["q8"].kind == Kind.text and items["q8"].lines == 3
    numbered = [it.number for it in q.items() if it.number]
    assert numbered == [str(n) for n in range(1, 16)]
    assert (items["q9"].kind, items["q9"].digits, items["q9"].bands) == (Kind.number, 2, (5.0, 10.0, 20.0))
    assert (items["q10"].kind, items["q10"].digits) == (Kind.date, 8)
    assert items["a3_other"].number == ""


def test_second_questionnaire_has_what_the_tests_need():
    q = load_questionnaire(KS24)
    items = q.items()
    grids = [it for it in items if it.kind == Kind.grid]
    write_ins = [it for it in items if it.other_of]
    assert len(grids) == 4 and len(write_ins) == 2
    assert any(it.max_choices == 2 for it in items)
    assert 30 <= sum(1 for it in items if it.number) <= 40
    assert any(it.kind == Kind.note for it in items)


def test_or_other_adds_the_write_in(tmp_path):
    path = xlsform(tmp_path / "f.xlsx", [{"type": "select_one yn or_other", "name": "x", "label": "Hỏi"}], YN[:2])
    q = load_questionnaire(path)
    x, other = q.items()
    assert x.other_option == "other" and x.choices[-1].label == "Khác (ghi rõ)"
    assert (other.id, other.other_of, other.kind) == ("x_other", "x", Kind.text)


def test_labels_in_a_vietnamese_column_are_used(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(["type", "name", "label::English (en)", "label::Tiếng Việt (vi)"])
    ws.append(["select_one yn", "x", "Question", "Câu hỏi"])
    ch = wb.create_sheet("choices")
    ch.append(["list_name", "name", "label::English (en)", "label::Tiếng Việt (vi)"])
    ch.append(["yn", "1", "Yes", "Có"])
    ch.append(["yn", "2", "No", "Không"])
    wb.save(tmp_path / "f.xlsx")
    x = load_questionnaire(tmp_path / "f.xlsx").items()[0]
    assert x.label == "Câu hỏi" and [c.label for c in x.choices] == ["Có", "Không"]


@pytest.mark.parametrize("row, column, words", [
    ({"type": "text", "name": "t", "label": "T", "relevant": "${x} = '1"}, "relevant", "not an XLSForm expression"),
    ({"type": "integer", "name": "t", "label": "T", "constraint": ". >= 18 and"}, "constraint",
     "not an XLSForm expression"),
    ({"type": "text", "name": "t", "label": "T", "lines": "99"}, "lines", "1 to 20"),
])
def test_what_paper_cannot_carry_is_refused_with_sheet_row_and_column(tmp_path, row, column, words):
    survey = [{"type": "select_one yn", "name": "x", "label": "Đầu"}, {}, row]
    path = xlsform(tmp_path / "bad.xlsx", survey, YN)
    with pytest.raises(TemplateError) as e:
        load_questionnaire(path)
    assert e.value.message.startswith(f"{path}: trang survey, dòng 4, cột {column}: ")
    assert words in e.value.message


def test_a_condition_naming_no_choice_makes_a_conditional_question_not_a_write_in(tmp_path):
    survey = [{"type": "select_one yn", "name": "x", "label": "Đầu"},
              {"type": "text", "name": "x_other", "label": "Ghi rõ", "relevant": "selected(${x}, '9')"}]
    x, t = load_questionnaire(xlsform(tmp_path / "f.xlsx", survey, YN)).items()
    assert (t.other_of, t.number, t.relevant) == (None, "2", "selected(${x}, '9')") and x.other_option is None


def test_breakdown_must_be_a_single_choice(tmp_path):
    survey = [{"type": "select_multiple yn", "name": "x", "label": "Đầu"}]
    path = xlsform(tmp_path / "bad.xlsx", survey, YN, {"form_id": "T", "breakdowns": "x"})
    with pytest.raises(TemplateError, match="trang settings, cột breakdowns: 'x' .*is not a select_one"):
        load_questionnaire(path)


def test_pyxform_refusal_names_the_file(tmp_path):
    path = xlsform(tmp_path / "bad.xlsx", [{"type": "select_one nolist", "name": "x", "label": "Đầu"}], YN)
    with pytest.raises(TemplateError) as e:
        load_questionnaire(path)
    assert str(path) in e.value.message and "nolist" in e.value.message


def test_missing_file_says_what_to_pass(tmp_path):
    with pytest.raises(TemplateError, match="file not found"):
        load_questionnaire(tmp_path / "none.xlsx")


def test_grid_rows_must_share_one_list(tmp_path):
    survey = [{"type": "begin_group", "name": "g", "label": "Lưới", "appearance": "table-list"},
              {"type": "select_one yn", "name": "g1", "label": "Một"},
              {"type": "select_one ab", "name": "g2", "label": "Hai"},
              {"type": "end_group"}]
    choices = [*YN, ("ab", "1", "A"), ("ab", "2", "B")]
    with pytest.raises(TemplateError) as e:
        load_questionnaire(xlsform(tmp_path / "bad.xlsx", survey, choices))
    assert "trang survey, dòng 4: " in e.value.message and "list names" in e.value.message


def test_rewording_keeps_every_id(tmp_path):
    """Ids come from the name column: changing labels changes the text and nothing else."""
    from scanner.layout import build_layout
    from scanner.template import parse_template

    copy = tmp_path / "reworded.xlsx"
    shutil.copy(EXAMPLE, copy)
    wb = load_workbook(copy)
    for ws in (wb["survey"], wb["choices"]):
        for row in ws.iter_rows(min_row=2):
            if row[2].value:
                row[2].value = f"{row[2].value} (sửa lời)"
    wb.save(copy)
    before = parse_template(build_layout(load_questionnaire(EXAMPLE)))
    after = parse_template(build_layout(load_questionnaire(copy)))
    assert [q.id for q in after.questions] == [q.id for q in before.questions]
    assert [[o.id for o in q.options] for q in after.questions] == [[o.id for o in q.options] for q in before.questions]
    assert all(q.text.endswith("(sửa lời)") for q in after.questions)


def test_a_workbook_saved_with_excel_extensions_builds_without_warnings(tmp_path):
    """Excel adds extensions openpyxl does not read; its warning must not bury the office's messages."""
    import subprocess
    import sys
    import zipfile

    src = zipfile.ZipFile(ROOT / "templates/example/questionnaire.xlsx")
    book = tmp_path / "q.xlsx"
    with zipfile.ZipFile(book, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b"</worksheet>", b'<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}"/>'
                                                     b"</extLst></worksheet>")
            out.writestr(item, data)
    run = subprocess.run([sys.executable, str(ROOT / "cli.py"), "build", str(book), "--out", str(tmp_path / "t.json")],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
