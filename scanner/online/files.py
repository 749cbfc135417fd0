"""Online answer files as they reach the office, read into plain rows of text, nothing interpreted yet.

Offices download the same responses many ways: the Forms "Download responses"
CSV, the linked Sheet as CSV or XLSX, the Forms API's JSON, and files re-saved
by Excel (Windows-1258, UTF-16 "Unicode Text" with tabs, semicolons, bare CR
line ends). Encoding, separator and line ends are detected here, so that
everything after sees one shape: a header and rows of NFC strings.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

from ..errors import InputFileError
from ..raw_file import RawFile as RawFile  # re-exported: the online modules name it from here
from ..template import nfc
from ..vocab import FileKind as FileKind  # re-exported: the online modules name it from here
from .channels import Channel, detect
from .columns import is_timestamp_title

SEPARATORS = (",", ";", "\t")


REPEATS_KEY = "_repeats"
REPEAT_ROWS_KEY = "_repeat_rows"  # JSON: [{"name", "header", "rows"}] of each repeat group's table (ODK CSV, Kobo sheet)
CHANNEL_KINDS = {Channel.kobo: FileKind.kobo, Channel.odk: FileKind.odk}


def channel_of(kind: FileKind) -> Channel:
    return {FileKind.kobo: Channel.kobo, FileKind.odk: Channel.odk}.get(kind, Channel.google)


def read_file(path: Path, mapping: dict[str, str] | None = None, source: Channel | None = None) -> RawFile:
    """Any of the shapes above; a file that cannot be read raises one line saying what to do.

    source: the tool that collected it, when the header should not decide (`import-online --source`)."""
    raw = _read_any(path, mapping)
    if raw.kind == FileKind.api:
        return raw
    channel = source or detect(raw.header)
    raw.kind = CHANNEL_KINDS.get(channel, FileKind.table)
    if raw.kind != FileKind.table:
        raw.rows = _without_hxl(raw.rows)
    return raw


def _without_hxl(rows: list[tuple[int, Any]]) -> list[tuple[int, Any]]:
    """KoboToolbox puts the form's HXL hashtags (`#affected+f`) as a second header row when the form has them."""
    if rows and any(rows[0][1]) and all(not c or c.startswith("#") for c in rows[0][1]):
        return rows[1:]
    return rows


SCAN_SIGNATURES = (b"%PDF", b"\xff\xd8\xff", b"\x89PNG", b"II*\x00", b"MM\x00*")  # what survey scan reads


def _read_any(path: Path, mapping: dict[str, str] | None) -> RawFile:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputFileError(f"{path}: không mở được tệp / cannot open the file ({e.strerror}); "
                             "kiểm tra đường dẫn / check the path") from None
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise InputFileError(f"{path}: tệp rỗng / the file is empty; hãy tải lại câu trả lời / download the responses again")
    suffix = path.suffix.lower()
    if data.startswith(SCAN_SIGNATURES):
        raise InputFileError(f"{path}: đây là bản quét hay ảnh (PDF, JPEG, PNG, TIFF), không phải tệp câu trả lời trực "
                             "tuyến / a scan, not an online answers file; đọc phiếu giấy bằng survey scan")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputFileError(f"{path}: tệp Excel 97-2003 (.xls) không đọc được (old Excel format); hãy mở bằng Excel "
                             "và lưu thành .xlsx hoặc CSV UTF-8 / save it as .xlsx or CSV UTF-8")
    if suffix == ".json":
        return _read_api(path, data, sha, mapping or {})
    if suffix == ".zip" or (data[:4] == b"PK\x03\x04" and _is_zip_of_csv(data)):
        return _read_zip(path, data, sha)
    if suffix in (".xlsx", ".xlsm") or data[:4] == b"PK\x03\x04":
        return _read_xlsx(path, sha)
    return _read_text_table(path, data, sha)


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text and the encoding's name: UTF-8 (BOM or not), UTF-16 (BOM or not) or Windows-1258."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _utf16(path, data, "utf-16")
    head = data[:4000]
    if head.count(b"\x00") > len(head) // 4:
        even_nuls = head[0::2].count(0) > head[1::2].count(0)
        return _utf16(path, data, "utf-16-be" if even_nuls else "utf-16-le")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258"), "cp1258"
    except UnicodeDecodeError:
        raise InputFileError(f"{path}: không nhận ra bảng mã của tệp (not UTF-8, UTF-16 or Windows-1258); "
                             "hãy tải lại tệp CSV từ Google Forms / download the CSV again from Google Forms") from None


def _utf16(path: Path, data: bytes, codec: str) -> tuple[str, str]:
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:
        raise InputFileError(f"{path}: tệp UTF-16 bị hỏng (broken UTF-16 text); hãy lưu lại tệp từ Excel "
                             "hoặc tải lại từ Google Forms / save it again or download it again") from None


def _read_text_table(path: Path, data: bytes, sha: str) -> RawFile:
    text, encoding = decode(path, data)
    if "\x00" in text or _controls(text) * 100 > len(text):
        raise InputFileError(f"{path}: không phải tệp văn bản CSV (binary content); hãy tải tệp CSV hoặc XLSX "
                             "từ Google Forms / download a CSV or XLSX from Google Forms")
    text = text.lstrip("\ufeff")
    head = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")[:10]
    sep = max(SEPARATORS, key=lambda s: max(_count_outside_quotes(line, s) for line in head))
    try:
        rows = list(csv.reader(io.StringIO(text, newline=None), delimiter=sep))
    except csv.Error as e:
        raise InputFileError(f"{path}: tệp CSV hỏng (broken CSV: {e}); hãy tải lại / download it again") from None
    return _table(path, rows, sha, None, encoding)


def _is_zip_of_csv(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return any(n.lower().endswith(".csv") for n in z.namelist()) and "[Content_Types].xml" not in z.namelist()
    except zipfile.BadZipFile:
        return False


def _read_zip(path: Path, data: bytes, sha: str) -> RawFile:
    """ODK Central's submissions.csv.zip: the form's own CSV (its header starts with SubmissionDate); the
    repeat groups' CSVs (`form-roster.csv`, with PARENT_KEY) ride along in `mapping` (form_rows puts their
    rows in the roster's cells); media beside it are not read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = sorted((n for n in z.namelist() if n.lower().endswith(".csv")), key=len)
            for name in names:
                raw = _read_text_table(Path(f"{path}:{name}"), z.read(name), sha)
                if detect(raw.header) is not Channel.google or any(is_timestamp_title(h) for h in raw.header):
                    raw.source = str(path)
                    raw.sheet = name
                    repeats = [n for n in names if n != name and z.read(n).strip().count(b"\n") > 0]
                    if repeats:
                        tables = [_repeat_table(n, _read_text_table(Path(f"{path}:{n}"), z.read(n), sha))
                                  for n in repeats]
                        raw.mapping = {REPEATS_KEY: " ".join(repeats), REPEAT_ROWS_KEY: json.dumps(tables)}
                    return raw
    except (zipfile.BadZipFile, OSError) as e:
        raise InputFileError(f"{path}: tệp zip hỏng ({type(e).__name__}); hãy tải lại / download it again") from None
    raise InputFileError(f"{path}: tệp zip không có tệp CSV câu trả lời (no submissions CSV with SubmissionDate); "
                         "hãy tải \"All data\" (.csv.zip) từ ODK Central / download the CSV zip from ODK Central")


def _controls(text: str) -> int:
    return sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cs") and ch not in "\t\r\n")


def _count_outside_quotes(line: str, sep: str) -> int:
    n, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            n += 1
    return n


def _read_xlsx(path: Path, sha: str) -> RawFile:
    """The sheet whose first row has a timestamp column, whichever tab was active when the file was saved."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a damaged workbook
        raise InputFileError(f"{path}: không đọc được bảng tính ({type(e).__name__}); hãy tải lại tệp XLSX "
                             "từ Google Sheets / download the XLSX again") from None
    for ws in [wb.active, *wb.worksheets]:
        if ws is None:
            continue
        rows = [[_cell(v) for v in r] for r in ws.iter_rows(values_only=True)]
        if rows and (any(is_timestamp_title(h) for h in rows[0]) or detect(rows[0]) is not Channel.google):
            raw = _table(path, rows, sha, ws.title, "xlsx")
            if detect(raw.header) is Channel.kobo:
                _kobo_repeat_sheets(raw, [w for w in wb.worksheets if w.title != ws.title], path, sha)
            return raw
    raise InputFileError(f"{path}: không trang tính nào có cột \"Dấu thời gian\" / \"Timestamp\" (no sheet with a "
                         "timestamp column); đây có phải tệp câu trả lời Google Forms? / is this a Forms responses file?")


def _kobo_repeat_sheets(raw: RawFile, sheets: list[Any], path: Path, sha: str) -> None:
    """KoboToolbox's XLSX: one sheet per repeat group, rows linked by `_parent_index` / `_submission__uuid`."""
    tables = []
    for ws in sheets:
        rows = [[_cell(v) for v in r] for r in ws.iter_rows(values_only=True)]
        if rows and {"_parent_index", "_submission__uuid"} & {str(h).strip() for h in rows[0]} and len(rows) > 1:
            tables.append(_repeat_table(ws.title, _table(path, rows, sha, ws.title, "xlsx")))
    if tables:
        raw.mapping = {**raw.mapping, REPEATS_KEY: " ".join(t["name"] for t in tables),
                       REPEAT_ROWS_KEY: json.dumps(tables)}


def _repeat_table(name: str, t: RawFile) -> dict[str, Any]:
    return {"name": name, "header": t.header, "rows": [r for _, r in t.rows]}


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        if v.microsecond:
            v = (v + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
        return str(v.isoformat(sep=" "))
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _table(path: Path, rows: list[list[str]], sha: str, sheet: str | None, encoding: str) -> RawFile:
    """Header and rows, numbered as a spreadsheet shows them; a title line the office put above the header is skipped."""
    numbered = [(n, [nfc(c).strip() for c in r]) for n, r in enumerate(rows, start=1)]
    filled = [(n, r) for n, r in numbered if any(r)]
    if not filled:
        raise InputFileError(f"{path}: tệp rỗng / the file is empty; hãy tải lại câu trả lời / download the responses again")
    at = next((i for i, (_, r) in enumerate(filled[:10]) if any(is_timestamp_title(c) for c in r)), 0)
    header = filled[at][1]
    return RawFile(str(path), FileKind.table, sha, header, filled[at + 1:], sheet, encoding)


def _read_api(path: Path, data: bytes, sha: str, mapping: dict[str, str]) -> RawFile:
    try:
        raw = json.loads(decode(path, data)[0])
    except json.JSONDecodeError as e:
        raise InputFileError(f"{path}: không phải JSON hợp lệ (invalid JSON at line {e.lineno}); hãy tải lại "
                             "câu trả lời qua Forms API / download the responses again") from None
    responses = raw.get("responses") if isinstance(raw, dict) else raw
    if not isinstance(responses, list):
        raise InputFileError(f"{path}: không có danh sách \"responses\" (no responses list); đây có phải kết quả "
                             "responses.list của Forms API? / is this the Forms API output?")
    rows = [(n, nfc(r)) for n, r in enumerate(responses, start=1) if isinstance(r, dict)]
    return RawFile(str(path), FileKind.api, sha, [], rows, mapping=dict(mapping))
