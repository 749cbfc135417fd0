"""File shapes offices really get, timestamps in every locale, and the refusals: each row's answers written out."""

import datetime as dt

import pytest
from online_forms import (
    HANOI,
    RESPONSES,
    api_json,
    by_unit,
    cli,
    expected,
    forms_csv,
    header,
    online,
    row,
    sheet_en,
    sheet_vi,
    table,
    write_csv,
    write_xlsx,
)

from scanner.online import parse_timestamp
from scanner.online.timestamps import DateOrder, date_order, parse_moment


def check(capsys, tmp_path, template, plan, path, responses=RESPONSES, *extra):
    db = tmp_path / "o.db"
    code, out, err = cli(capsys, "import-online", path, "--db", db, *extra)
    assert code == 0, err
    recs = online(db, template, plan)
    assert len(recs) == len(responses)
    assert by_unit(recs) == expected(responses)
    assert {r.unit: dt.datetime.fromisoformat(r.submitted_at) for r in recs} == {
        r["expect_unit"]: r["at"] for r in responses}
    assert all(r.status == "final" and r.problems == [] for r in recs), [r.problems for r in recs]
    return recs, out, err


def german(at):
    return at.astimezone(HANOI).strftime("%d.%m.%Y %H:%M:%S")


def spanish(at):
    return at.astimezone(HANOI).strftime("%-d/%m/%Y %-H:%M:%S")


@pytest.mark.parametrize("title,stamp", [
    ("Timestamp", forms_csv),
    ("Dấu thời gian", lambda at: forms_csv(at, vietnamese=True)),  # SA / CH
    ("Dấu thời gian", sheet_vi),
    ("Timestamp", sheet_en),
    ("Marca temporal", spanish),
    ("Horodateur", sheet_vi),
    ("Zeitstempel", german),
    ("Timestamp", lambda at: at.astimezone(dt.timezone(dt.timedelta(hours=-8))).strftime(
        "%Y/%m/%d %-I:%M:%S %p PST")),
    ("Timestamp", lambda at: at.astimezone(dt.timezone(dt.timedelta(hours=-5))).strftime(
        "%Y/%m/%d %-I:%M:%S %p CDT")),
    ("Timestamp", lambda at: at.astimezone(dt.timezone(dt.timedelta(hours=-4))).strftime(
        "%Y/%m/%d %-I:%M:%S %p AST")),
])
def test_header_locales_and_timestamp_shapes(capsys, tmp_path, template, plan, title, stamp):
    check(capsys, tmp_path, template, plan, write_csv(tmp_path / "r.csv", table(template, RESPONSES, stamp, title)))


@pytest.mark.parametrize("encoding,sep,newline", [
    ("utf-8-sig", ",", "\r\n"),  # BOM, as the Sheet's CSV opened and saved in Excel "CSV UTF-8"
    ("utf-16", "\t", "\r\n"),  # Excel "Unicode Text"
    ("utf-16-le", "\t", "\r\n"),  # the same without a BOM
    ("cp1258", ";", "\r\n"),  # Excel "CSV" in a Vietnamese Windows with a comma decimal separator
    ("utf-8", ",", "\r"),  # bare CR line ends (old Mac Excel)
    ("utf-8", ",", "\n"),
])
def test_encodings_and_separators(capsys, tmp_path, template, plan, encoding, sep, newline):
    rows = table(template, RESPONSES, sheet_vi)
    rows[2][rows[0].index(template.question("q8").online_title)] = "Dòng một\ndòng hai; có dấu chấm phẩy, dấu phẩy"  # separators inside
    responses = [RESPONSES[0], dict(RESPONSES[1], expect=dict(
        RESPONSES[1]["expect"], q8="Dòng một\ndòng hai; có dấu chấm phẩy, dấu phẩy")), *RESPONSES[2:]]
    check(capsys, tmp_path, template, plan, write_csv(tmp_path / "r.csv", rows, encoding, sep, newline), responses)


def test_xlsx_saved_with_another_tab_active(capsys, tmp_path, template, plan):
    rows = [header(template)] + [row(template, r, "") for r in RESPONSES]
    for cells, r in zip(rows[1:], RESPONSES, strict=True):
        cells[0] = r["at"].astimezone(HANOI).replace(tzinfo=None)
    check(capsys, tmp_path, template, plan, write_xlsx(tmp_path / "r.xlsx", rows, other_tab_active=True))


def test_a_title_line_above_the_header_and_blank_lines(capsys, tmp_path, template, plan):
    rows = table(template, RESPONSES, sheet_vi)
    rows = [["KẾT QUẢ KHẢO SÁT TRỰC TUYẾN"], [], rows[0], rows[1], [], rows[2], rows[3], rows[4]]
    recs, _, _ = check(capsys, tmp_path, template, plan, write_csv(tmp_path / "r.csv", rows, "cp1258", ";"))
    assert sorted(r.sources[0]["row"] for r in recs) == [4, 6, 7, 8]


def test_title_repeated_once_per_form_section(capsys, tmp_path, template, plan):
    """A form with sections by respondent group asks a2 in each; Google writes one column per section."""
    rows = table(template, RESPONSES, sheet_vi)
    i = rows[0].index(template.question("a2").online_title)
    rows[0].append(rows[0][i])
    for n, r in enumerate(rows[1:]):
        value = r[i]
        r[i], extra = (value, "") if n % 2 == 0 else ("", value)
        r.append(extra)
    check(capsys, tmp_path, template, plan, write_csv(tmp_path / "r.csv", rows))


def test_forms_api_fractional_seconds(capsys, tmp_path, template, plan):
    f, m = api_json(tmp_path / "r.json", template, RESPONSES, ["A1", "A2", "A3", "A4"],
                    [r["at"].astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.") + frac + "Z"
                     for r, frac in zip(RESPONSES, ["5", "123456", "123456789", "0"], strict=True)])
    check(capsys, tmp_path, template, plan, f, RESPONSES, "--mapping", m)


def test_day_and_month_decided_by_the_collection_window(capsys, tmp_path, template, plan):
    """Case 4: `08/11/2023 9:15:32` under an English title, every day at most 12: it is 8 November."""
    r1, r2, r3 = RESPONSES[:3]
    rows = table(template, [r1, r2, r3], sheet_vi, "Timestamp")
    assert rows[1][0] == "08/11/2023 9:15:32"
    recs, _, _ = check(capsys, tmp_path, template, plan, write_csv(tmp_path / "r.csv", rows), [r1, r2, r3])
    assert all(r.in_window for r in recs)


def test_day_and_month_that_nothing_decides_are_problems_not_guesses(capsys, tmp_path, template, plan):
    r1, r2 = RESPONSES[:2]
    rows = [header(template, "Timestamp"), row(template, r1, "03/04/2023 9:15:32"), row(template, r2, "04/05/2023 10:00:00")]
    db = tmp_path / "o.db"
    code, out, err = cli(capsys, "import-online", write_csv(tmp_path / "r.csv", rows), "--db", db)
    assert code == 0
    assert "2 có vấn đề" in out and "ngày/tháng" in err
    recs = online(db, template, plan)
    assert len(recs) == 2
    for r in recs:
        assert r.status == "needs_review" and r.submitted_at is None
        assert any("không biết ngày hay tháng" in p for p in r.problems)
    # As the message says: the Forms CSV (year first) settles both rows, without counting anyone twice.
    r1_at, r2_at = dt.datetime(2023, 4, 3, 9, 15, 32, tzinfo=HANOI), dt.datetime(2023, 5, 4, 10, 0, tzinfo=HANOI)
    forms = [header(template, "Timestamp"), row(template, r1, forms_csv(r1_at)), row(template, r2, forms_csv(r2_at))]
    code, out, _ = cli(capsys, "import-online", write_csv(tmp_path / "forms.csv", forms), "--db", db)
    assert code == 0 and "0 mới (new), 2 đã có" in out
    recs = online(db, template, plan)
    assert len(recs) == 2 and by_unit(recs) == expected([r1, r2])
    assert sorted(dt.datetime.fromisoformat(r.submitted_at) for r in recs) == [r1_at, r2_at]
    assert all(r.problems == [] and r.in_window is False for r in recs)
    # The other way round: a later undecided download changes nothing of the settled versions.
    again = [rows[0] + ["Ghi chú"]] + [r + ["đã gọi"] for r in rows[1:]]
    cli(capsys, "import-online", write_csv(tmp_path / "again.csv", again), "--db", db)
    assert [r.problems for r in online(db, template, plan)] == [[], []]


def test_timestamp_parsing_shapes():
    tz = HANOI
    at = dt.datetime(2023, 11, 8, 21, 15, 32, tzinfo=tz)
    assert parse_timestamp("2023/11/08 9:15:32 CH GMT+7", tz, False) == at
    assert parse_timestamp("2023/11/08 9:15:32 SA GMT+7", tz, False) == at - dt.timedelta(hours=12)
    assert parse_timestamp("2023/11/08 12:05:00 AM GMT+7", tz, False) == dt.datetime(2023, 11, 8, 0, 5, tzinfo=tz)
    assert parse_timestamp("2023/11/08 12:05:00 PM GMT+07:00", tz, False) == dt.datetime(2023, 11, 8, 12, 5, tzinfo=tz)
    assert parse_timestamp("2023/11/08 6:15:32 AM PST", tz, False) == at
    assert parse_timestamp("2023/11/08 9:15:32 AM CDT", tz, False) == at
    assert parse_timestamp("08.11.2023 21:15:32", tz, True) == at
    assert parse_timestamp("2023-11-08T14:15:32.123456789Z", tz, True) == at
    assert parse_timestamp("không rõ", tz, True) is None
    assert parse_moment("11/8/2023 9:15", tz, DateOrder.month_first).seconds is False
    assert parse_moment("03/04/2023 9:15:32", tz, DateOrder.undecided) is None
    assert parse_moment("13/04/2023 9:15:32", tz, DateOrder.undecided).at.day == 13


def test_date_order_from_the_whole_file():
    tz, window = HANOI, (dt.date(2023, 11, 8), dt.date(2023, 11, 15))
    assert date_order(["08/11/2023 1:00:00", "13/11/2023 1:00:00"], tz, None, None) is DateOrder.day_first
    assert date_order(["11/08/2023 1:00:00", "11/13/2023 1:00:00"], tz, True, window) is DateOrder.month_first
    assert date_order(["08/11/2023 1:00:00", "09/11/2023 1:00:00"], tz, None, window) is DateOrder.day_first
    assert date_order(["11/08/2023 1:00:00", "11/09/2023 1:00:00"], tz, None, window) is DateOrder.month_first
    assert date_order(["03/04/2023 1:00:00"], tz, None, window) is DateOrder.undecided
    assert date_order(["03/04/2023 1:00:00"], tz, True, window) is DateOrder.day_first
    assert date_order(["13/04/2023 1:00:00", "04/13/2023 1:00:00"], tz, None, window) is DateOrder.undecided


@pytest.mark.parametrize("name,content,message", [
    ("empty.csv", b"", "tệp rỗng"),
    ("blank.csv", b"\r\n\r\n", "tệp rỗng"),
    ("bytes.csv", bytes([0x81, 0x8d, 0x8f, 0x90]) * 40, "không nhận ra bảng mã"),
    ("binary.csv", b"\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200 + b"\xff\xfe\xfd", "UTF-16"),
    ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200 + b"\xff\xfe\xfd", "bản quét hay ảnh"),
    ("fake.xlsx", b"PK\x03\x04 not a workbook", "không đọc được bảng tính"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00\x01" * 300, "Excel 97-2003"),
    ("scan.csv", bytes(range(1, 32)) * 20 + "Dấu thời gian".encode(), "không phải tệp văn bản CSV"),
    ("bad.json", b"{\"responses\": [", "không phải JSON"),
    ("other.json", b"{\"items\": []}", "không có danh sách"),
    ("contacts.csv", "Họ tên,Số điện thoại\nLò Văn A,0912\n".encode(), "không cột nào khớp mẫu phiếu"),
])
def test_refusals_are_one_vietnamese_line(capsys, tmp_path, name, content, message):
    f = tmp_path / name
    f.write_bytes(content)
    extra = ["--mapping", tmp_path / "m.json"] if name.endswith(".json") else []
    (tmp_path / "m.json").write_text("{}", encoding="utf-8")
    code, out, err = cli(capsys, "import-online", f, "--db", tmp_path / "o.db", *extra)
    assert code == 3 and err.count("\n") == 1
    assert err.startswith(f"lỗi / error: {f}: ") and message in err
    assert "Traceback" not in err and "codec" not in err


def test_xlsx_without_a_responses_sheet_is_refused(capsys, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Họ tên", "Đơn vị"])
    f = tmp_path / "list.xlsx"
    wb.save(f)
    code, _, err = cli(capsys, "import-online", f, "--db", tmp_path / "o.db")
    assert code == 3 and "không trang tính nào có cột" in err
