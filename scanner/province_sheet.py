"""The provincial plan as the province's office keeps it: a spreadsheet, as templates/plan.xlsx is for a district.

Sheet "Huyện" lists the districts (code, name, the district's plan: its plan.xlsx or built JSON, beside the
spreadsheet); sheet "Cài đặt" holds the title and the organisation. It becomes the same dictionary as the JSON
form (scanner/province.py), so both go through the same checks; a fault names its sheet, row and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import SurveyError

DISTRICTS_SHEET, SETTINGS_SHEET = "Huyện", "Cài đặt"
DISTRICT_HEADERS = {"code": "Mã huyện", "name": "Tên huyện", "plan": "Kế hoạch của huyện (tệp)"}
SETTINGS = {"title": "Tiêu đề báo cáo", "organisation": "Cơ quan tổng hợp"}


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return " ".join(str(v).split())


def read_province_sheet(path: str | Path) -> dict[str, Any]:
    """The spreadsheet as the provincial plan's JSON dictionary."""
    from zipfile import BadZipFile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except (BadZipFile, InvalidFileException, OSError, KeyError) as e:
        raise SurveyError(f"{path}: không đọc được tệp Excel ({type(e).__name__}); lưu lại dưới dạng .xlsx / not a "
                          "readable XLSX workbook") from None
    try:
        if DISTRICTS_SHEET not in wb.sheetnames:
            raise SurveyError(f"{path}: thiếu trang \"{DISTRICTS_SHEET}\" liệt kê các huyện / the sheet listing the "
                              "districts is missing")
        rows = [[_cell(v) for v in r] for r in wb[DISTRICTS_SHEET].iter_rows(values_only=True)]
        settings = {}
        if SETTINGS_SHEET in wb.sheetnames:
            settings = {r[0]: r[1] for r in ([_cell(v) for v in row] + ["", ""]
                                              for row in wb[SETTINGS_SHEET].iter_rows(values_only=True)) if r[0]}
    finally:
        wb.close()
    header = rows[0] if rows else []
    cols = {}
    for key, title in DISTRICT_HEADERS.items():
        if title not in header:
            raise SurveyError(f"{path}: trang \"{DISTRICTS_SHEET}\", dòng 1: thiếu cột \"{title}\" / the column is "
                              "missing from the header row")
        cols[key] = header.index(title)
    districts = []
    for n, row in enumerate(rows[1:], start=2):
        row = row + [""] * (len(header) - len(row))
        d = {key: row[i] for key, i in cols.items()}
        if not any(d.values()):
            continue
        for key, i in cols.items():
            if not d[key]:
                raise SurveyError(f"{path}: trang \"{DISTRICTS_SHEET}\", ô {chr(ord('A') + i)}{n}: thiếu "
                                  f"\"{DISTRICT_HEADERS[key]}\" / the cell is empty")
        districts.append(d)
    return {"schema_version": 1, "title": settings.get(SETTINGS["title"], ""),
            "organisation": settings.get(SETTINGS["organisation"], ""), "districts": districts}


def write_province_sheet(raw: dict[str, Any], path: str | Path) -> None:
    """The provincial plan (its JSON dictionary) as the spreadsheet the office edits."""
    import openpyxl
    from openpyxl.styles import Font

    from .xlsx_cells import guard_sheet

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = DISTRICTS_SHEET
    ws.append(list(DISTRICT_HEADERS.values()))
    for d in raw.get("districts") or []:
        ws.append([str(d.get(k, "")) for k in DISTRICT_HEADERS])
    for cell, width in zip("ABC", (12, 36, 40)):
        ws.column_dimensions[cell].width = width
        ws[f"{cell}1"].font = Font(bold=True)
    ws.freeze_panes = "A2"
    st = wb.create_sheet(SETTINGS_SHEET)
    for key, label in SETTINGS.items():
        st.append([label, str(raw.get(key, ""))])
    guard_sheet(ws)  # text, never a formula, read back as typed
    guard_sheet(st)
    st.column_dimensions["A"].width = 24
    st.column_dimensions["B"].width = 48
    wb.save(path)
