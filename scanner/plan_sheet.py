"""The plan as the office keeps it: a spreadsheet of organisations, their types and the survey's settings.

The office edits templates/plan.xlsx in Excel or LibreOffice; `survey plan build` turns it into the
JSON form the rest of the program reads (any command also takes `--plan plan.xlsx` directly). The
spreadsheet becomes the same dictionary as the JSON and goes through the same checks (parse_plan);
a fault found there is reported at its sheet, row and column, so the office knows which cell to fix.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import TemplateError
from .names import fold_word, words
from .plan import Plan, parse_plan
from .template import nfc

UNITS_SHEET, TYPES_SHEET, SETTINGS_SHEET, HELP_SHEET = "Đơn vị", "Loại đơn vị", "Cài đặt", "Hướng dẫn"


@dataclass(frozen=True)
class Column:
    key: str  # the JSON field
    header: str  # what the office reads
    width: int
    required: bool = False


UNIT_COLUMNS = (
    Column("code", "Mã", 8, True),
    Column("name", "Tên đơn vị", 40, True),
    Column("type", "Loại", 24, True),
    Column("parent", "Thuộc (mã khối)", 12),
    Column("paper", "Phiếu giấy", 10),
    Column("online_min", "Trực tuyến tối thiểu (trống: theo loại)", 14),
    Column("aliases", "Tên gọi khác (cách nhau bởi dấu ;)", 50),
    Column("example", "Ví dụ (x: cần xác nhận)", 10),
    Column("note", "Ghi chú", 30),
)
TYPE_COLUMNS = (
    Column("key", "Mã loại", 18, True),
    Column("label", "Tên loại", 28, True),
    Column("online_min", "Trực tuyến tối thiểu", 14),
    Column("note", "Ghi chú", 60),
)
SETTINGS_COLUMNS = (Column("key", "Khóa", 26, True), Column("label", "Mục", 44), Column("value", "Giá trị", 50, True))

# key (dotted JSON path), what the office reads, kind: str | int | date | list
SETTINGS: tuple[tuple[str, str, str], ...] = (
    ("survey_id", "Mã cuộc điều tra (in trong mã QR)", "str"),
    ("plan_ref", "Số kế hoạch", "str"),
    ("title", "Tên cuộc điều tra", "str"),
    ("organisation", "Cơ quan thực hiện", "str"),
    ("timezone", "Múi giờ", "str"),
    ("collection.start", "Ngày bắt đầu thu thập ý kiến", "date"),
    ("collection.end", "Ngày kết thúc thu thập ý kiến", "date"),
    ("paper_received_before", "Phiếu giấy gửi về trước ngày", "date"),
    ("processing.start", "Tổng hợp, xử lý phiếu: từ ngày", "date"),
    ("processing.end", "Tổng hợp, xử lý phiếu: đến ngày", "date"),
    ("analysis.start", "Phân tích, viết báo cáo: từ ngày", "date"),
    ("analysis.end", "Phân tích, viết báo cáo: đến ngày", "date"),
    ("publication", "Ngày công bố kết quả", "date"),
    ("paper_total", "Tổng số phiếu giấy (bằng tổng cột Phiếu giấy)", "int"),
    ("report.issuer_parent", "Báo cáo: cơ quan cấp trên (góc trái, dòng 1)", "str"),
    ("report.issuer", "Báo cáo: cơ quan ban hành (góc trái, dòng 2)", "str"),
    ("report.number", "Báo cáo: số", "str"),
    ("report.place", "Báo cáo: địa danh ở dòng ngày tháng", "str"),
    ("report.signer_title", "Báo cáo: chức vụ người ký", "str"),
    ("report.signer_name", "Báo cáo: người ký", "str"),
    ("report.recipients", "Báo cáo: nơi nhận (mỗi nơi một dòng)", "list"),
)
_SETTING_KIND = {k: kind for k, _, kind in SETTINGS}

HELP = (
    "KẾ HOẠCH ĐIỀU TRA — tệp này do văn phòng chỉnh sửa; chương trình đọc nó để in phiếu, kiểm tra và báo cáo.",
    "",
    "Trang \"Đơn vị\": mỗi dòng là một tổ chức cơ sở đảng (chi bộ, đảng bộ cơ quan, đảng bộ xã, thị trấn) hoặc một khối.",
    "  Mã: 1-6 chữ in hoa hoặc chữ số, không trùng (được in trong mã QR của phiếu giấy).",
    "  Loại: chọn trong danh sách (trang \"Loại đơn vị\"); số phiếu trực tuyến tối thiểu lấy theo loại.",
    "  Thuộc: mã của khối chứa đơn vị (ví dụ KD, MTTQ, UBND); để trống với xã, thị trấn.",
    "  Phiếu giấy: số phiếu phát theo kế hoạch (0 với đơn vị chỉ điều tra trực tuyến);",
    "    tổng cột này phải bằng \"Tổng số phiếu giấy\" ở trang \"Cài đặt\".",
    "  Trực tuyến tối thiểu: chỉ điền khi kế hoạch giao riêng cho đơn vị này một số khác với loại.",
    "  Tên gọi khác: các cách người trả lời hay ghi tên đơn vị, cách nhau bởi dấu ; (không cần ghi các biến thể",
    "    chỉ khác chữ hoa, dấu thanh, hay chữ \"xã\", \"X.\", \"thị trấn\", \"TT\", \"đảng bộ\" ở đầu).",
    "  Ví dụ: dòng có dấu x là dòng mẫu cần văn phòng xác nhận hoặc thay; xác nhận xong thì xoá dấu x.",
    "",
    "Thêm một đơn vị: chèn một dòng ở trang \"Đơn vị\", điền Mã, Tên, Loại, Thuộc; lưu tệp, rồi chạy",
    "  python cli.py plan build templates/plan.xlsx",
    "  (lệnh kiểm tra tệp, báo đúng trang, dòng, cột nếu có lỗi, và ghi templates/survey_plan.json).",
)


def _norm(text: str) -> str:
    return " ".join(fold_word(w) for w in words(str(text)))


def _col_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)


def _where(sheet: str, row: int, col: int | None = None, header: str = "") -> str:
    if col is None:
        return f"trang \"{sheet}\", dòng {row}"
    return f"trang \"{sheet}\", dòng {row}, cột {_col_letter(col)} ({header})"


class _Sheet:
    """One worksheet read as rows of text by header, remembering each cell's place for messages."""

    def __init__(self, file: str, wb: Any, name: str, columns: tuple[Column, ...]) -> None:
        self.file, self.name = file, name
        by_key = {_norm(k): k for k in wb.sheetnames}
        if _norm(name) not in by_key:
            raise TemplateError(file, f"trang \"{name}\"", f"không có trang \"{name}\" trong tệp; thêm lại trang này "
                                                           f"(sheet missing; the file has {list(wb.sheetnames)})")
        ws = wb[by_key[_norm(name)]]
        rows = list(ws.iter_rows(values_only=True))
        if not rows:
            raise TemplateError(file, f"trang \"{name}\"", "trang trống; dòng 1 phải là tiêu đề cột (empty sheet)")
        known: dict[str, Column] = {}
        for c in columns:
            known[_norm(c.header)] = c
            known[_norm(c.header.split("(")[0])] = c
            known[_norm(c.key)] = c
        self.index: dict[str, int] = {}
        head = next((k for k, r in enumerate(rows[:10]) if self._columns(r, known, columns)), None)
        if head is None:  # name the first required column the first row lacks
            self._columns(rows[0], known, columns)
            missing = next(c.header for c in columns if c.required and c.key not in self.index)
            raise TemplateError(file, f"trang \"{name}\", dòng 1",
                                f"thiếu cột \"{missing}\"; thêm cột này vào dòng tiêu đề (column missing)")
        self.headers = {k: _text(rows[head][i]) for k, i in self.index.items()}  # as the office's sheet words them
        self.rows = [(n, r) for n, r in enumerate(rows[head + 1:], start=head + 2) if any(_text(v) for v in r)]

    def _columns(self, row: tuple[Any, ...], known: dict[str, Column], columns: tuple[Column, ...]) -> bool:
        """Read a row as the header row; true when it has every required column (a title may sit above it)."""
        self.index = {}
        for i, h in enumerate(row):
            found = known.get(_norm(h)) if h is not None else None
            if found is not None and found.key not in self.index:
                self.index[found.key] = i
        return all(c.key in self.index for c in columns if c.required)

    def cell(self, row: tuple[Any, ...], key: str) -> Any:
        i = self.index.get(key)
        return row[i] if i is not None and i < len(row) else None

    def where(self, n: int, key: str | None = None) -> str:
        if key is None or key not in self.index:
            return _where(self.name, n)
        return _where(self.name, n, self.index[key], self.headers[key])


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def _int(v: Any, blank: Any, fail: Any) -> Any:
    if _text(v) == "":
        return blank
    if isinstance(v, bool):
        raise fail("phải là một số nguyên, không phải đúng/sai (must be a whole number)")
    if isinstance(v, int):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str) and re.fullmatch(r"-?\d+", v.strip()):
        return int(v.strip())
    raise fail(f"\"{_text(v)}\" không phải số nguyên; ghi một số như 0, 3, 15 (must be a whole number)")


def _date(v: Any) -> Any:
    """A date cell, or text as 08/11/2023 (day first, as Vietnamese write it) or 2023-11-08, to ISO text."""
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    s = _text(v)
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", s)
    if m:
        try:
            return dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        except ValueError:
            return s
    return s


_YES = {"x", "co", "yes", "true", "1", "v", "vi du", "example"}


def read_plan_sheet(path: str | Path) -> tuple[dict[str, Any], dict[str, str]]:
    """The spreadsheet as the plan's JSON dictionary, and where each JSON path came from (sheet, row, column)."""
    from zipfile import BadZipFile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    file = str(path)
    try:
        wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except FileNotFoundError:
        raise TemplateError(file, "$", "không tìm thấy tệp; kiểm tra đường dẫn (file not found)") from None
    except (BadZipFile, InvalidFileException, OSError, KeyError) as e:
        raise TemplateError(file, "$", f"không đọc được tệp Excel ({type(e).__name__}); lưu lại dưới dạng .xlsx "
                                       "(not a readable XLSX workbook)") from None
    try:
        return _read(file, wb)
    finally:
        wb.close()


def _read(file: str, wb: Any) -> tuple[dict[str, Any], dict[str, str]]:
    where: dict[str, str] = {}
    raw: dict[str, Any] = {"schema_version": 1}

    def fail_at(place: str):
        return lambda problem: TemplateError(file, place, problem)

    st = _Sheet(file, wb, SETTINGS_SHEET, SETTINGS_COLUMNS)
    labels = {_norm(label): key for key, label, _ in SETTINGS}
    where["$"] = f"trang \"{SETTINGS_SHEET}\""
    for n, row in st.rows:
        key = _text(st.cell(row, "key")) or labels.get(_norm(_text(st.cell(row, "label"))), "")
        if key not in _SETTING_KIND:
            raise TemplateError(file, st.where(n, "key"), f"khóa \"{key}\" không có; dùng một trong: "
                                                          f"{', '.join(_SETTING_KIND)} (unknown setting)")
        value, kind = st.cell(row, "value"), _SETTING_KIND[key]
        path = "$." + key
        where.setdefault(path, st.where(n, "value"))
        parts = key.split(".")
        target = raw
        for i, p in enumerate(parts[:-1]):
            target = target.setdefault(p, {})
            where.setdefault("$." + ".".join(parts[: i + 1]), st.where(n, "value"))
        if kind == "list":
            items = [x.strip() for x in _text(value).splitlines() if x.strip()]
            target.setdefault(parts[-1], []).extend(items)
        elif _text(value) == "":
            continue
        elif kind == "int":
            target[parts[-1]] = _int(value, None, fail_at(st.where(n, "value")))
        elif kind == "date":
            target[parts[-1]] = _date(value)
        else:
            target[parts[-1]] = _text(value)

    ts = _Sheet(file, wb, TYPES_SHEET, TYPE_COLUMNS)
    raw["unit_types"] = {}
    where["$.unit_types"] = f"trang \"{TYPES_SHEET}\""
    by_label: dict[str, str] = {}
    for n, row in ts.rows:
        key = _text(ts.cell(row, "key"))
        if not re.fullmatch(r"[a-z][a-z0-9_]*", key):
            raise TemplateError(file, ts.where(n, "key"), f"mã loại \"{key}\" chỉ gồm chữ thường không dấu, chữ số và "
                                                          "dấu _ (lower-case letters, digits and _)")
        if key in raw["unit_types"]:
            raise TemplateError(file, ts.where(n, "key"), f"mã loại \"{key}\" bị trùng (duplicate type)")
        label = _text(ts.cell(row, "label"))
        if _norm(label) in by_label:
            raise TemplateError(file, ts.where(n, "label"), f"tên loại \"{label}\" bị trùng với loại "
                                                            f"\"{by_label[_norm(label)]}\" (duplicate label)")
        by_label[_norm(label)] = key
        t: dict[str, Any] = {"label": label,
                             "online_min": _int(ts.cell(row, "online_min"), None, fail_at(ts.where(n, "online_min")))}
        if _text(ts.cell(row, "note")):
            t["note"] = _text(ts.cell(row, "note"))
        raw["unit_types"][key] = t
        for k in ("label", "online_min"):
            where[f"$.unit_types.{key}.{k}"] = ts.where(n, k)
        where[f"$.unit_types.{key}"] = ts.where(n)
    type_keys = {_norm(k): k for k in raw["unit_types"]} | by_label

    us = _Sheet(file, wb, UNITS_SHEET, UNIT_COLUMNS)
    units: list[dict[str, Any]] = []
    where["$.units"] = f"trang \"{UNITS_SHEET}\""
    for n, row in us.rows:
        p = f"$.units[{len(units)}]"
        where[p] = us.where(n)
        for c in UNIT_COLUMNS:
            where[f"{p}.{c.key}"] = us.where(n, c.key)
        u: dict[str, Any] = {}
        if _text(us.cell(row, "code")):
            u["code"] = _text(us.cell(row, "code")).upper()
        if _text(us.cell(row, "name")):
            u["name"] = _text(us.cell(row, "name"))
        typed = _text(us.cell(row, "type"))
        if typed:
            u["type"] = type_keys.get(_norm(typed), typed)
        u["paper"] = _int(us.cell(row, "paper"), 0, fail_at(us.where(n, "paper")))
        minimum = _int(us.cell(row, "online_min"), None, fail_at(us.where(n, "online_min")))
        if minimum is not None:
            u["online_min"] = minimum
        if _text(us.cell(row, "parent")):
            u["parent"] = _text(us.cell(row, "parent")).upper()
        u["aliases"] = [a.strip() for a in re.split(r"[;\n]", _text(us.cell(row, "aliases"))) if a.strip()]
        if _norm(_text(us.cell(row, "example"))) in _YES:
            u["example"] = True
        if _text(us.cell(row, "note")):
            u["note"] = _text(us.cell(row, "note"))
        units.append(u)
    raw["units"] = units
    return nfc(raw), where


def locate(where: dict[str, str], path: str) -> str:
    """The sheet place of a JSON path, by its longest known prefix."""
    p = path
    while p:
        if p in where:
            return where[p]
        cut = max(p.rfind("."), p.rfind("["))
        p = p[:cut] if cut > 0 else ""
    return where.get("$", path)


def _parse(raw: dict[str, Any], where: dict[str, str], file: str) -> Plan:
    """parse_plan, its faults moved from JSON paths to the cells the office edits."""
    try:
        return parse_plan(raw, file)
    except TemplateError as e:
        place = where.get(e.path)
        if place is None and e.path[2:] in _SETTING_KIND:
            label = next(text for key, text, _ in SETTINGS if key == e.path[2:])
            place = f"trang \"{SETTINGS_SHEET}\", mục \"{label}\" (khóa {e.path[2:]})"
        problem = "thiếu; điền vào ô này (is missing)" if e.problem.startswith("is missing") else e.problem
        raise TemplateError(e.file, place or locate(where, e.path), problem) from None


def load_plan_sheet(path: str | Path) -> Plan:
    raw, where = read_plan_sheet(path)
    return _parse(raw, where, str(path))


def build_plan(sheet: str | Path, out: str | Path) -> Plan:
    """Check the spreadsheet and write its JSON form (what `--plan` reads by default)."""
    raw, where = read_plan_sheet(sheet)
    plan = _parse(raw, where, str(sheet))
    Path(out).write_text(plan_json(raw), encoding="utf-8")
    return plan


def plan_json(raw: dict[str, Any]) -> str:
    """The JSON form, one organisation per line so a change shows as one changed line."""
    head = {k: v for k, v in raw.items() if k != "units"}
    body = json.dumps(head, ensure_ascii=False, indent=1)[:-2]
    units = ",\n".join("  " + json.dumps(u, ensure_ascii=False) for u in raw.get("units", []))
    return f"{body},\n \"units\": [\n{units}\n ]\n}}\n"


def write_plan_sheet(raw: dict[str, Any], path: str | Path) -> None:
    """The spreadsheet form of a plan dictionary (how the shipped plan.xlsx is made from the JSON)."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from .xlsx_cells import guard_sheet

    raw = nfc(raw)
    wb = openpyxl.Workbook()
    help_ws = wb.active
    help_ws.title = HELP_SHEET
    for line in HELP:
        help_ws.append([line])
    help_ws.column_dimensions["A"].width = 120
    help_ws["A1"].font = Font(bold=True)

    def sheet(title: str, columns: tuple[Column, ...], rows: list[list[Any]]) -> Any:
        ws = wb.create_sheet(title)
        ws.append([c.header for c in columns])
        for r in rows:
            ws.append(r)
        guard_sheet(ws)  # a unit named "=…" stays text, read back as typed
        for i, c in enumerate(columns):
            ws.column_dimensions[_col_letter(i)].width = c.width
            cell = ws.cell(row=1, column=i + 1)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
        return ws

    types = raw.get("unit_types", {})
    label = {k: t.get("label", k) for k, t in types.items()}
    unit_rows = [[u.get("code"), u.get("name"), label.get(u.get("type", ""), u.get("type")), u.get("parent"),
                  u.get("paper", 0), u.get("online_min"), "; ".join(u.get("aliases", [])),
                  "x" if u.get("example") else None, u.get("note")] for u in raw.get("units", [])]
    ws = sheet(UNITS_SHEET, UNIT_COLUMNS, unit_rows)
    dv = DataValidation(type="list", formula1=f"='{TYPES_SHEET}'!$B$2:$B$50", allow_blank=False)
    dv.error, dv.errorTitle = "Chọn một loại ở trang \"Loại đơn vị\"", "Loại đơn vị"
    ws.add_data_validation(dv)
    dv.add("C2:C1000")
    sheet(TYPES_SHEET, TYPE_COLUMNS, [[k, t.get("label"), t.get("online_min"), t.get("note")]
                                      for k, t in types.items()])
    rows: list[list[Any]] = []
    for key, text, kind in SETTINGS:
        value: Any = raw
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            continue
        if kind == "list":
            rows.extend([key, text, item] for item in value)
        elif kind == "date":
            rows.append([key, text, dt.date.fromisoformat(value)])
        else:
            rows.append([key, text, value])
    st = sheet(SETTINGS_SHEET, SETTINGS_COLUMNS, rows)
    for r in range(2, len(rows) + 2):
        if isinstance(st.cell(row=r, column=3).value, dt.date):
            st.cell(row=r, column=3).number_format = "DD/MM/YYYY"
    wb.save(path)
