"""The plan as a spreadsheet the office edits: read, checked cell by cell, built into the JSON form."""

import dataclasses
import datetime as dt

import openpyxl
import pytest
from conftest import ROOT

from scanner.cli import main
from scanner.errors import TemplateError
from scanner.plan import load_plan
from scanner.plan_sheet import load_plan_sheet

UNIT_HEAD = ["Mã", "Tên đơn vị", "Loại", "Thuộc (mã khối)", "Phiếu giấy", "Trực tuyến tối thiểu",
             "Tên gọi khác", "Ví dụ", "Ghi chú"]
TYPES = [["Mã loại", "Tên loại", "Trực tuyến tối thiểu"], ["khoi", "Khối cơ quan", None],
         ["chi_bo_co_quan", "Chi bộ cơ quan", 3], ["dang_bo_co_quan", "Đảng bộ cơ quan", 10],
         ["dang_bo_xa", "Đảng bộ xã, thị trấn", 50]]
SETTINGS = [["Khóa", "Mục", "Giá trị"], ["survey_id", "", "T1"], ["timezone", "", "Asia/Ho_Chi_Minh"],
            ["collection.start", "", dt.datetime(2023, 11, 8)], ["collection.end", "", "15/11/2023"],
            ["paper_received_before", "", "2023-11-17"], ["paper_total", "", 12],
            ["report.signer_name", "", "Vương Đào Tiên"],
            ["report.recipients", "", "Thường trực Huyện ủy (b/c)"], ["report.recipients", "", "Lưu BTGHU."]]
UNITS = [  # a small district: two blocks with their cells, two communes, one agency committee
    ["KD", "Khối Đảng", "Khối cơ quan", None, 2, None, "Các Ban xây dựng Đảng", None, None],
    ["CBVP", "Chi bộ Văn phòng Huyện ủy", "Chi bộ cơ quan", "KD", 0, None, "Văn phòng HU; VP Huyện ủy", "x", None],
    ["CBTG", "Chi bộ Ban Tuyên giáo", "chi_bo_co_quan", "KD", None, 5, None, None, "giao 5"],
    ["UBND", "Khối UBND huyện", "khoi", None, 0, None, None, None, None],
    ["CBKB", "Chi bộ Kho bạc Nhà nước huyện", "chi bo co quan", "UBND", 0, None, "Kho bạc huyện", None, None],
    ["MS", "Đảng bộ xã Mường So", "Đảng bộ xã, thị trấn", None, 10, None, None, None, None],
    ["SLL", "Đảng bộ xã Sì Lở Lầu", "Đảng bộ xã, thị trấn", None, "0", None, None, "có", None],
    ["DBCA", "Đảng bộ Công an huyện", "Đảng bộ cơ quan", None, 0, None, "Công an huyện", None, None],
]


def workbook(path, units=UNITS, types=TYPES, settings=SETTINGS, unit_head=UNIT_HEAD):
    wb = openpyxl.Workbook()
    wb.active.title = "Hướng dẫn"
    for title, rows in (("Đơn vị", [unit_head, *units]), ("Loại đơn vị", types), ("Cài đặt", settings)):
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def test_a_district_spreadsheet_reads_as_written(tmp_path):
    p = load_plan_sheet(workbook(tmp_path / "plan.xlsx"))
    assert [u.code for u in p.units] == [r[0] for r in UNITS]
    assert {u.code: u.online_min for u in p.units} == {"KD": None, "CBVP": 3, "CBTG": 5, "UBND": None, "CBKB": 3,
                                                         "MS": 50, "SLL": 50, "DBCA": 10}
    assert p.unit("CBVP").aliases == ("Văn phòng HU", "VP Huyện ủy") and p.unit("CBVP").example
    assert p.unit("SLL").example and not p.unit("MS").example and p.unit("CBTG").note == "giao 5"
    assert p.unit("CBKB").type == "chi_bo_co_quan" and p.unit("CBKB").parent == "UBND"
    assert (p.collection_start, p.collection_end, p.paper_received_before) == (
        dt.date(2023, 11, 8), dt.date(2023, 11, 15), dt.date(2023, 11, 17))
    assert p.report.recipients == ("Thường trực Huyện ủy (b/c)", "Lưu BTGHU.")
    assert p.report.signer_name == "Vương Đào Tiên"
    assert [(g.title, [m.code for m in g.members]) for g in p.grouped()] == [
        ("Khối Đảng", ["CBVP", "CBTG"]), ("Khối UBND huyện", ["CBKB"]),
        ("Đảng bộ xã, thị trấn", ["MS", "SLL"]), ("Đảng bộ cơ quan", ["DBCA"])]
    assert p.match_unit("vp huyen uy").code == "CBVP"


def faulty(tmp_path, where, words, **changes):
    path = workbook(tmp_path / "bad.xlsx", **changes)
    with pytest.raises(TemplateError) as e:
        load_plan_sheet(path)
    assert e.value.path == where
    assert words in e.value.problem
    return e.value


def with_cell(rows, r, c, value):
    rows = [list(x) for x in rows]
    rows[r][c] = value
    return rows


def test_unknown_type_names_its_cell(tmp_path):
    faulty(tmp_path, 'trang "Đơn vị", dòng 5, cột C (Loại)', 'loại đơn vị "Chi bộ thôn" không có',
           units=with_cell(UNITS, 3, 2, "Chi bộ thôn"))


def test_duplicate_code_names_its_cell(tmp_path):
    faulty(tmp_path, 'trang "Đơn vị", dòng 8, cột A (Mã)', 'mã "MS" bị trùng', units=with_cell(UNITS, 6, 0, "MS"))


def test_allocations_must_add_up_to_the_settings_total(tmp_path):
    faulty(tmp_path, 'trang "Cài đặt", dòng 7, cột C (Giá trị)', "cộng lại là 13",
           units=with_cell(UNITS, 5, 4, 11))


def test_a_word_where_a_number_belongs(tmp_path):
    faulty(tmp_path, 'trang "Đơn vị", dòng 7, cột E (Phiếu giấy)', '"mười" không phải số nguyên',
           units=with_cell(UNITS, 5, 4, "mười"))


def test_unknown_parent_and_bad_code(tmp_path):
    faulty(tmp_path, 'trang "Đơn vị", dòng 3, cột D (Thuộc (mã khối))', '"KDX" không có',
           units=with_cell(UNITS, 1, 3, "KDX"))
    faulty(tmp_path, 'trang "Đơn vị", dòng 3, cột A (Mã)', "1-6 chữ in hoa", units=with_cell(UNITS, 1, 0, "cb vp"))
    p = load_plan_sheet(workbook(tmp_path / "lower.xlsx", units=with_cell(with_cell(UNITS, 1, 0, "cbvp"), 2, 3, "kd")))
    assert p.unit("CBVP").parent == "KD" and p.unit("CBTG").parent == "KD"  # codes typed in lower case


def test_an_alias_given_to_two_organisations(tmp_path):
    faulty(tmp_path, 'trang "Đơn vị", dòng 9, cột G (Tên gọi khác)', 'tên "Kho bạc huyện" trùng với',
           units=with_cell(UNITS, 7, 6, "Công an huyện; Kho bạc huyện"))


def test_missing_name_and_column_and_sheet(tmp_path):
    faulty(tmp_path, 'trang "Đơn vị", dòng 4, cột B (Tên đơn vị)', "thiếu; điền vào ô này", units=with_cell(UNITS, 2, 1, None))
    faulty(tmp_path, 'trang "Đơn vị", dòng 1', 'thiếu cột "Loại"', unit_head=with_cell([UNIT_HEAD], 0, 2, "Kiểu")[0])
    path = tmp_path / "nosheet.xlsx"
    wb = openpyxl.Workbook()
    wb.save(path)
    with pytest.raises(TemplateError) as e:
        load_plan_sheet(path)
    assert e.value.path == 'trang "Cài đặt"' and "không có trang" in e.value.problem


def test_bad_date_and_missing_setting(tmp_path):
    faulty(tmp_path, 'trang "Cài đặt", dòng 5, cột C (Giá trị)', '"15/13/2023" không phải ngày',
           settings=with_cell(SETTINGS, 4, 2, "15/13/2023"))
    e = faulty(tmp_path, 'trang "Cài đặt", mục "Mã cuộc điều tra (in trong mã QR)" (khóa survey_id)', "thiếu",
               settings=[r for r in SETTINGS if r[0] != "survey_id"])
    assert "bad.xlsx" in e.file


def test_not_a_spreadsheet(tmp_path):
    bad = tmp_path / "plan.xlsx"
    bad.write_text("code,name\n", encoding="utf-8")
    with pytest.raises(TemplateError) as e:
        load_plan_sheet(bad)
    assert "không đọc được tệp Excel" in e.value.problem


def test_shipped_spreadsheet_and_json_are_the_same_plan(tmp_path, capsys):
    sheet = ROOT / "templates" / "plan.xlsx"
    json_form = ROOT / "templates" / "survey_plan.json"
    assert dataclasses.replace(load_plan_sheet(sheet), source="") == dataclasses.replace(load_plan(json_form), source="")
    out = tmp_path / "built.json"
    assert main(["plan", "build", str(sheet), "--out", str(out)]) == 0
    assert out.read_bytes() == json_form.read_bytes()  # plan.xlsx edited without `plan build` fails here
    assert "31 đơn vị" in capsys.readouterr().out


def test_plan_sheet_then_build_round_trips(tmp_path, capsys):
    sheet, out = tmp_path / "plan.xlsx", tmp_path / "plan.json"
    assert main(["plan", "sheet", "--out", str(sheet)]) == 0
    assert main(["plan", "build", str(sheet), "--out", str(out)]) == 0
    assert out.read_bytes() == (ROOT / "templates" / "survey_plan.json").read_bytes()
    assert main(["--plan", str(sheet), "plan", "list"]) == 0
    listed = capsys.readouterr().out
    assert "KHỐI ĐẢNG" in listed and "CBKB" in listed and "Đảng bộ xã Sì Lở Lầu (ví dụ)" in listed


def test_plan_build_refusal_is_one_line_naming_the_cell(tmp_path, capsys):
    path = workbook(tmp_path / "bad.xlsx", units=with_cell(UNITS, 3, 2, "Chi bộ thôn"))
    out = tmp_path / "x.json"
    assert main(["plan", "build", str(path), "--out", str(out)]) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("lỗi / error: ")
    assert 'bad.xlsx: trang "Đơn vị", dòng 5, cột C (Loại)' in err
    assert not out.exists()


def test_a_title_above_the_header_and_extra_columns_are_fine(tmp_path):
    head = ["STT", *UNIT_HEAD]
    units = [[i + 1, *r] for i, r in enumerate(UNITS)]
    path = tmp_path / "titled.xlsx"
    workbook(path, units=[head, *units], unit_head=["DANH SÁCH TỔ CHỨC CƠ SỞ ĐẢNG"])
    p = load_plan_sheet(path)
    assert [u.code for u in p.units] == [r[0] for r in UNITS]
    faulty(tmp_path, 'trang "Đơn vị", dòng 4, cột F (Phiếu giấy)', '"mười" không phải số nguyên',
           units=[head, *with_cell(units, 1, 5, "mười")], unit_head=["DANH SÁCH"])


def test_formula_like_text_round_trips_as_text_without_an_apostrophe(tmp_path):
    """A note starting with "=" is written as a text cell (quotePrefix style, never a formula) and read back as typed."""
    import json

    raw = json.loads((ROOT / "templates" / "survey_plan.json").read_text(encoding="utf-8"))
    raw["units"][0]["note"] = "=1+2 (ghi chú)"
    src, sheet, out = tmp_path / "p.json", tmp_path / "p.xlsx", tmp_path / "back.json"
    src.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    assert main(["--plan", str(src), "plan", "sheet", "--out", str(sheet)]) == 0
    cell = next(c for ws in openpyxl.load_workbook(sheet) for row in ws.iter_rows() for c in row
                if c.value == "=1+2 (ghi chú)")
    assert cell.data_type == "s" and cell.quotePrefix
    assert main(["plan", "build", str(sheet), "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["units"][0]["note"] == "=1+2 (ghi chú)"
