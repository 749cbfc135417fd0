"""Google Forms exports into records, field by field."""

import csv
import datetime as dt
import io
import json

import pytest

from scanner.cli import main
from scanner.corpus.online import header, responses
from scanner.online import parse_timestamp, split_choices

HANOI = dt.timezone(dt.timedelta(hours=7))


def cli(capsys, *argv):
    code = main([str(a) for a in argv])
    return code, *capsys.readouterr()


def records(capsys, db):
    code, out, _ = cli(capsys, "export", "--db", db, "--format", "jsonl")
    assert code == 0
    return [json.loads(x) for x in out.splitlines() if '"channel": "online"' in x]


def write_csv(path, rows):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def base_row(template, ts, unit, overrides=None):
    """One complete answer row, values by template question id (labels as Google writes them)."""
    values = {"a1": "Cán bộ, công chức, viên chức", "a2": "Nữ", "a3": "Thái", "a4": "Từ 30 đến 45",
              "a5": "Trung cấp, cao đẳng", "q1": "Báo chí, phát thanh, truyền hình, Mạng xã hội, internet",
              "q2": "Quan tâm", "q3": "Tích cực", "q4": "Có chuyển biến", "q5a": "Tốt", "q5b": "Khá",
              "q5c": "Trung bình", "q5d": "Yếu", "q5e": "Khá",
              "q6": "Kỹ năng lãnh đạo, quản lý, điều hành, Thiếu kinh nghiệm, ngại va chạm",
              "q7": "Tăng cường kiểm tra, giám sát, Đổi mới công tác đào tạo, bồi dưỡng", "q8": "=1+1 ý kiến",
              "q9": "12", "q10": "13/11/2023"}  # day 13: a date no locale reads another way
    values.update(overrides or {})
    row = [ts, unit]
    for q in template.questions:
        if q.type == "text" and q.other_of:
            continue
        row.append(values.get(q.id, ""))
    return row


EXPECTED = {"a1": ["2"], "a2": ["2"], "a3": ["2"], "a3_other": None, "a4": ["2"], "a5": ["4"], "q1": ["3", "4"], "q2": ["2"],
            "q3": ["2"], "q4": ["2"], "q5a": ["1"], "q5b": ["2"], "q5c": ["3"], "q5d": ["4"], "q5e": ["2"],
            "q6": ["2", "6"], "q6_other": "Thiếu kinh nghiệm, ngại va chạm", "q7": ["2", "5"], "q8": "=1+1 ý kiến",
            "q9": 12, "q10": "2023-11-13"}


@pytest.mark.parametrize("vietnamese,ts,when", [
    (True, "09/11/2023 9:15:32", dt.datetime(2023, 11, 9, 9, 15, 32, tzinfo=HANOI)),
    (False, "11/9/2023 9:15:32", dt.datetime(2023, 11, 9, 9, 15, 32, tzinfo=HANOI)),
    (False, "2023/11/09 9:15:32 AM GMT+7", dt.datetime(2023, 11, 9, 9, 15, 32, tzinfo=HANOI)),
    (True, "2023-11-09T02:15:32Z", dt.datetime(2023, 11, 9, 9, 15, 32, tzinfo=HANOI)),
])
def test_one_row_field_by_field(capsys, tmp_path, template, vietnamese, ts, when):
    f = tmp_path / "responses.csv"
    write_csv(f, [header(template, vietnamese), base_row(template, ts, "xã mường so")])
    db = tmp_path / "o.db"
    code, out, err = cli(capsys, "import-online", f, "--db", db)
    assert code == 0, err
    [r] = records(capsys, db)
    assert r["channel"] == "online" and r["unit"] == "MS" and r["status"] == "final"
    assert r["answers"] == EXPECTED
    assert dt.datetime.fromisoformat(r["submitted_at"]) == when
    assert r["in_window"] is True and r["problems"] == [] and r["sheet_serial"] is None
    assert r["sources"] == [{"file": str(f), "row": 2}]


def test_split_never_breaks_options_with_commas(template):
    q1 = template.question("q1")
    assert split_choices("Sinh hoạt chi bộ, cơ quan, đoàn thể, Cán bộ cơ sở, người có uy tín tuyên truyền", q1) \
        == (["2", "5"], None)
    assert split_choices("Mạng xã hội, internet, Zalo, Facebook", q1) == (["4"], "Zalo, Facebook")


def test_each_problem_is_kept_with_file_row_and_column(capsys, tmp_path, template):
    h = header(template, True) + ["Ghi chú của người nhập"]
    ts = "10/11/2023 8:00:00"
    rows = [h,
            base_row(template, ts, "Xã Sìn Hồ") + [""],  # unit not in plan
            base_row(template, ts, "Bản Lang", {"a2": ""}) + [""],  # required missing
            base_row(template, ts, "Bản Lang", {"q2": "Quan tâm, Ít quan tâm"}) + [""],  # two on single
            base_row(template, ts, "Bản Lang", {"q3": "Rất rất tích cực"}) + [""],  # matches nothing
            base_row(template, "20/11/2023 8:00:00", "Bản Lang") + [""]]  # outside window, no problem
    f = tmp_path / "bad.csv"
    write_csv(f, rows)
    db = tmp_path / "o.db"
    code, out, err = cli(capsys, "import-online", f, "--db", db)
    assert code == 0
    assert "Ghi chú của người nhập" in err and "dòng 1, cột" in err
    recs = {r["sources"][0]["row"]: r for r in records(capsys, db)}
    assert len(recs) == 5
    assert "không có trong kế hoạch" in recs[2]["problems"][0] and recs[2]["unit"] is None
    assert any("a2" in p for p in recs[3]["problems"])
    assert any("hai lựa chọn" in p and "Sự quan tâm" in p for p in recs[4]["problems"])
    assert any("Rất rất tích cực" in p for p in recs[5]["problems"])
    for n in (2, 3, 4, 5):
        assert recs[n]["status"] == "needs_review" and all(str(f) in p and f"dòng {n}" in p for p in recs[n]["problems"])
    assert recs[6]["status"] == "final" and recs[6]["in_window"] is False and recs[6]["flags"] == ["outside_window"]
    code, out, _ = cli(capsys, "status", "--db", db)
    assert "Ghi chú của người nhập" in out
    assert "5 câu trả lời từ 1 tệp = 1 hợp lệ + 4 chờ duyệt + 0 bị loại; trong đó 1 gửi ngoài thời gian" in out
    assert "4 có vấn đề" in out and "Xã Sìn Hồ" in out
    code, out, _ = cli(capsys, "status", "--db", db, "--json")
    assert len(json.loads(out)["online"]["rows_with_problems"]) == 4


def test_reimport_adds_nothing_and_a_later_export_only_its_new_rows(capsys, tmp_path, template, plan):
    text, truth = responses(template, plan, 30, 4)
    lines = text.splitlines(keepends=True)
    early, full = tmp_path / "early.csv", tmp_path / "full.csv"
    early.write_text("".join(lines[:21]), encoding="utf-8")
    full.write_text(text, encoding="utf-8")
    db = tmp_path / "o.db"
    cli(capsys, "import-online", early, "--db", db)
    cli(capsys, "import-online", early, "--db", db)
    assert len(records(capsys, db)) == 20
    code, out, _ = cli(capsys, "import-online", full, "--db", db)
    assert "10 mới" in out
    recs = records(capsys, db)
    assert len(recs) == 30
    by_time = sorted(recs, key=lambda r: (r["submitted_at"], r["record_id"]))
    want = sorted(truth, key=lambda t: t["submitted_at"])
    assert [r["unit"] for r in by_time] == [t["unit"] for t in want]


def test_sheet_xlsx_export(capsys, tmp_path, template):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(header(template, False))
    ws.append(base_row(template, dt.datetime(2023, 11, 12, 15, 0, 5), "Huổi Luông", {"q8": "Ý kiến khác"}))
    f = tmp_path / "sheet.xlsx"
    wb.save(f)
    db = tmp_path / "o.db"
    assert cli(capsys, "import-online", f, "--db", db)[0] == 0
    [r] = records(capsys, db)
    assert r["unit"] == "HL" and r["answers"] == dict(EXPECTED, q8="Ý kiến khác")
    assert dt.datetime.fromisoformat(r["submitted_at"]) == dt.datetime(2023, 11, 12, 15, 0, 5, tzinfo=HANOI)


def test_forms_api_json(capsys, tmp_path, template):
    mapping = {"1a2b": "unit", "3c4d": "a1", "5e6f": "q1", "7a8b": "q5c", "9c0d": "a2"}
    data = {"responses": [{
        "responseId": "ACYDBNj", "createTime": "2023-11-10T01:02:03.456Z", "lastSubmittedTime": "2023-11-10T01:02:03.456Z",
        "answers": {
            "1a2b": {"questionId": "1a2b", "textAnswers": {"answers": [{"value": "Nậm Xe"}]}},
            "3c4d": {"questionId": "3c4d", "textAnswers": {"answers": [{"value": "Nhân dân"}]}},
            "5e6f": {"questionId": "5e6f", "textAnswers": {"answers": [
                {"value": "Sinh hoạt chi bộ, cơ quan, đoàn thể"}, {"value": "Mạng xã hội, internet"}]}},
            "7a8b": {"questionId": "7a8b", "textAnswers": {"answers": [{"value": "Khá"}]}},
            "9c0d": {"questionId": "9c0d", "textAnswers": {"answers": [{"value": "Nam"}]}},
        }}]}
    f, m = tmp_path / "responses.json", tmp_path / "map.json"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    m.write_text(json.dumps(mapping), encoding="utf-8")
    db = tmp_path / "o.db"
    assert cli(capsys, "import-online", f, "--mapping", m, "--db", db)[0] == 0
    assert cli(capsys, "import-online", f, "--mapping", m, "--db", db)[0] == 0
    [r] = records(capsys, db)
    assert r["unit"] == "NX"
    assert (r["answers"]["a1"], r["answers"]["q1"], r["answers"]["q5c"]) == (["5"], ["2", "4"], ["2"])
    assert any("a3" in p for p in r["problems"])  # required, not given
    assert dt.datetime.fromisoformat(r["submitted_at"]).astimezone(HANOI).hour == 8


def test_timestamp_shapes():
    tz = HANOI
    assert parse_timestamp("08/11/2023 9:15:32", tz, True) == dt.datetime(2023, 11, 8, 9, 15, 32, tzinfo=tz)
    assert parse_timestamp("11/8/2023 9:15:32 PM", tz, False) == dt.datetime(2023, 11, 8, 21, 15, 32, tzinfo=tz)
    assert parse_timestamp("2023/11/08 12:05:00 AM GMT+7", tz, False) == dt.datetime(2023, 11, 8, 0, 5, tzinfo=tz)
    assert parse_timestamp("không rõ", tz, True) is None


def test_a_number_or_a_date_not_understood_is_named_as_the_review_page_names_it(capsys, tmp_path, template):
    from scanner.kinds import Kind
    from scanner.kinds.registry import not_understood

    f = tmp_path / "responses.csv"
    write_csv(f, [header(template, True),
                  base_row(template, "09/11/2023 9:15:32", "xã mường so", {"q9": "mười hai", "q10": "31/02/2023"})])
    db = tmp_path / "o.db"
    assert cli(capsys, "import-online", f, "--db", db)[0] == 0
    [r] = records(capsys, db)
    assert r["answers"]["q9"] is None and r["answers"]["q10"] is None
    for qid, kind, cell in (("q9", Kind.number, "mười hai"), ("q10", Kind.date, "31/02/2023")):
        assert sum(f"câu {qid} " in p and not_understood(kind, cell) in p for p in r["problems"]) == 1, r["problems"]
