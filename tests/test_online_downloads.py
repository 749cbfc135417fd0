"""The same responses downloaded again and again, in other formats, with edits: each counted once, answers exact."""

import datetime as dt

from online_forms import (
    HANOI,
    RESPONSES,
    api_json,
    by_unit,
    cli,
    expected,
    forms_csv,
    header,
    imported,
    online,
    row,
    sheet_en,
    sheet_vi,
    table,
    write_csv,
    write_xlsx,
)

from scanner.collate import all_records
from scanner.store import Store
from scanner.tally import tally


def test_csv_then_xlsx_then_added_column_then_an_edit(capsys, tmp_path, template, plan):
    db = tmp_path / "o.db"
    r1, r2, r3, r4 = RESPONSES
    # Monday: the Forms CSV with three responses.
    out, _ = imported(capsys, db, write_csv(tmp_path / "mon.csv", table(template, [r1, r2, r3], forms_csv,
                                                                        "Timestamp")))
    assert "3 mới (new), 0 đã có" in out
    recs = online(db, template, plan)
    assert len(recs) == 3 and all(r.status == "final" for r in recs)
    assert by_unit(recs) == expected([r1, r2, r3])
    assert {r.unit: dt.datetime.fromisoformat(r.submitted_at) for r in recs} == {
        "MS": r1["at"], "NX": r2["at"], "BL": r3["at"]}
    # Tuesday: the linked Sheet as XLSX (date cells, another tab active), one response more.
    rows = [header(template)] + [row(template, r, "") for r in (r1, r2, r3, r4)]
    for cells, r in zip(rows[1:], (r1, r2, r3, r4), strict=True):
        cells[0] = r["at"].astimezone(HANOI).replace(tzinfo=None)
    out, _ = imported(capsys, db, write_xlsx(tmp_path / "tue.xlsx", rows))
    assert "1 mới (new), 3 đã có" in out
    recs = online(db, template, plan)
    assert len(recs) == 4 and by_unit(recs) == expected([r1, r2, r3, r4])
    assert next(r for r in recs if r.unit == "HL").sources == [{"file": str(tmp_path / "tue.xlsx"), "row": 5,
                                                                "sheet": "Câu trả lời biểu mẫu 1"}]
    # Wednesday: the Sheet as CSV (English account) after the office added a notes column.
    rows = [header(template, "Timestamp") + ["Ghi chú"]] + [row(template, r, sheet_en(r["at"])) + ["đã gọi"]
                                                            for r in (r1, r2, r3, r4)]
    out, err = imported(capsys, db, write_csv(tmp_path / "wed.csv", rows))
    assert "0 mới (new), 4 đã có" in out and "Ghi chú" in err
    recs = online(db, template, plan)
    assert len(recs) == 4 and by_unit(recs) == expected([r1, r2, r3, r4])
    assert 'survey map-column "Ghi chú" -' in err  # how to say it is the office's own column
    code, _, err = cli(capsys, "map-column", "Ghi chú", "-", "--reviewer", "Lan", "--db", db)
    assert code == 0, err
    # Thursday: the same, with the Nậm Xe respondent's edit to q2 (same submission time in this download).
    rows[2] = row(template, r2, sheet_en(r2["at"]), q2="Ít quan tâm") + ["đã gọi"]
    out, err = imported(capsys, db, write_csv(tmp_path / "thu.csv", rows))
    assert "0 mới (new), 4 đã có (already imported), 1 sửa (edited)" in out
    assert "Ghi chú" not in err  # settled once, not warned about every day
    recs = online(db, template, plan)
    want = expected([r1, r2, r3, r4])
    want["NX"] = dict(want["NX"], q2=["3"])
    assert len(recs) == 4 and by_unit(recs) == want
    nx = next(r for r in recs if r.unit == "NX")
    assert nx.sources[0] == {"file": str(tmp_path / "thu.csv"), "row": 3}
    assert nx.sources[1]["superseded"] is True and nx.sources[1]["changed"] == ["q2"]
    # Re-importing an older download changes nothing back; the same file again is recognised.
    out, _ = imported(capsys, db, tmp_path / "wed.csv")
    assert "đã được nhập" in out
    imported(capsys, db, write_csv(tmp_path / "mon2.csv", table(template, [r1, r2, r3], sheet_vi)))
    assert by_unit(online(db, template, plan)) == want


def test_header_changes_never_count_a_response_twice(tmp_path, capsys, template, plan):
    """A title typo fixed, a question added to the live form, a notes column: the same three responses."""
    db = tmp_path / "o.db"
    imported(capsys, db, write_csv(tmp_path / "a.csv", table(template, RESPONSES[:3])))
    rows = table(template, RESPONSES[:3])
    rows[0][3] = rows[0][3].replace("Giới tính", "Giới  tính:")  # typo fixed in the form's title
    rows[0].append("Đồng chí có đề xuất gì thêm?")  # a question added to the live form
    for r in rows[1:]:
        r.append("")
    imported(capsys, db, write_csv(tmp_path / "b.csv", rows))
    recs = online(db, template, plan)
    assert len(recs) == 3 and by_unit(recs) == expected(RESPONSES[:3])


def test_the_same_responses_as_forms_csv_sheet_csv_excel_resave_and_api(tmp_path, capsys, template, plan):
    db = tmp_path / "o.db"
    three = RESPONSES[:3]
    imported(capsys, db, write_csv(tmp_path / "forms.csv", table(template, three, forms_csv, "Timestamp")))
    imported(capsys, db, write_csv(tmp_path / "sheet.csv", table(template, three, sheet_vi)))
    # Excel re-save in a Vietnamese Windows: Windows-1258, semicolons, minutes only.
    imported(capsys, db, write_csv(tmp_path / "excel.csv", table(
        template, three, lambda at: at.strftime("%d/%m/%Y %H:%M")), encoding="cp1258", sep=";"))
    f, m = api_json(tmp_path / "api.json", template, three, ["ACYDBNa", "ACYDBNb", "ACYDBNc"],
                    [r["at"].astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.123456789Z") for r in three])
    imported(capsys, db, f, "--mapping", m)
    recs = online(db, template, plan)
    assert len(recs) == 3 and by_unit(recs) == expected(three)
    assert all(r.status == "final" for r in recs)


def test_sheet_edit_moves_the_timestamp_and_the_later_version_counts(tmp_path, capsys, template, plan):
    db = tmp_path / "o.db"
    r1, r2, r3 = RESPONSES[:3]
    imported(capsys, db, write_csv(tmp_path / "d1.csv", table(template, [r1, r2, r3])))
    edited_at = dt.datetime(2023, 11, 13, 16, 0, 0, tzinfo=HANOI)
    rows = table(template, [r1, r2, r3])
    rows[1] = row(template, r1, sheet_vi(edited_at), a4="Từ 46 đến 60")  # row 2 edited on the 13th
    out, _ = imported(capsys, db, write_csv(tmp_path / "d2.csv", rows))
    assert "0 mới (new), 3 đã có (already imported), 1 sửa (edited)" in out
    recs = online(db, template, plan)
    want = expected([r1, r2, r3])
    want["MS"] = dict(want["MS"], a4=["3"])
    assert len(recs) == 3 and by_unit(recs) == want
    ms = next(r for r in recs if r.unit == "MS")
    assert dt.datetime.fromisoformat(ms.submitted_at) == edited_at
    assert ms.sources[1] == {"file": str(tmp_path / "d1.csv"), "row": 2, "superseded": True, "changed": ["a4"]}


def test_api_edit_keeps_the_response_id_and_the_new_answers_count(tmp_path, capsys, template, plan):
    db = tmp_path / "o.db"
    r1, r2 = RESPONSES[:2]
    f, m = api_json(tmp_path / "api1.json", template, [r1, r2], ["R1", "R2"],
                    ["2023-11-08T02:15:32.5Z", "2023-11-09T07:02:10.25Z"])
    imported(capsys, db, f, "--mapping", m)
    edited = dict(r2, cells=dict(r2["cells"], a3="Dao"))
    f2, m2 = api_json(tmp_path / "api2.json", template, [r1, edited], ["R1", "R2"],
                      ["2023-11-08T02:15:32.5Z", "2023-11-11T01:00:00.75Z"])
    out, _ = imported(capsys, db, f2, "--mapping", m2)
    assert "0 mới (new), 2 đã có (already imported), 1 sửa (edited)" in out
    recs = online(db, template, plan)
    want = expected([r1, r2])
    want["NX"] = dict(want["NX"], a3=["3"])
    assert len(recs) == 2 and by_unit(recs) == want
    assert dt.datetime.fromisoformat(next(r for r in recs if r.unit == "NX").submitted_at) == dt.datetime(
        2023, 11, 11, 8, 0, 0, tzinfo=HANOI)


def test_two_identical_submissions_in_one_second_are_two_responses(tmp_path, capsys, template, plan):
    db = tmp_path / "o.db"
    r1, r2 = RESPONSES[:2]
    rows = table(template, [r1, r1, r2])
    imported(capsys, db, write_csv(tmp_path / "a.csv", rows))
    rows_later = [rows[0] + ["Ghi chú"]] + [r + [""] for r in rows[1:]] + [row(template, RESPONSES[3],
                                                                                sheet_vi(RESPONSES[3]["at"])) + [""]]
    imported(capsys, db, write_csv(tmp_path / "b.csv", rows_later))
    recs = online(db, template, plan)
    assert sorted(r.unit for r in recs) == ["HL", "MS", "MS", "NX"]
    assert all(r.answers == RESPONSES[0]["expect"] for r in recs if r.unit == "MS")


def test_tally_follows_a_later_download_and_a_mapping(tmp_path, capsys, template, plan):
    db = tmp_path / "o.db"
    r1, r2 = RESPONSES[:2]
    renamed = dict(r2, unit="Cơ quan tôi")
    imported(capsys, db, write_csv(tmp_path / "a.csv", table(template, [r1, renamed])))

    def a2_counts():
        store = Store(db)
        t = tally(template, plan, all_records(store, template, plan))
        store.close()
        c = t.counts
        sel = c[(c.channel == "online") & (c.group == "all") & (c.question == "a2")]
        return {o: int(sel[sel.option == o]["count"].iloc[0]) for o in ("1", "2")}

    assert a2_counts() == {"1": 0, "2": 1}  # the Nậm Xe row waits: its unit is not in the plan
    code, out, _ = cli(capsys, "map-unit", "Cơ quan tôi", "NX", "--reviewer", "Lan", "--db", db)
    assert code == 0 and "NX" in out
    assert a2_counts() == {"1": 1, "2": 1}
    rows = table(template, [r1, renamed])
    rows[1] = row(template, r1, sheet_vi(r1["at"]), a2="Nam")  # r1 edits a2
    imported(capsys, db, write_csv(tmp_path / "b.csv", rows))
    assert a2_counts() == {"1": 2, "2": 0}
    trail = list(Store(db).trail())
    assert trail[-1].sheet_id == "online:unit" and trail[-1].reviewer == "Lan"


def test_a_database_from_before_keeps_its_online_rows(tmp_path, template, plan):
    """Rows stored by the earlier importer (one JSON object per row) become stored downloads on upgrade."""
    import json
    import sqlite3

    from scanner.store import MIGRATIONS

    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    for v in (1, 2):
        con.executescript(MIGRATIONS[v] + f"\nPRAGMA user_version={v};")
    rows = table(template, RESPONSES[:2])
    for n, cells in enumerate(rows[1:], start=2):
        con.execute("INSERT INTO online_responses(row_key, source, row_number, response_id, submitted_at, unit, "
                    "record, problems, in_window, imported_at, raw) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (f"k{n}", "/office/responses.csv", n, None, None, None, "{}", "[]", 1, "2023-11-10T08:00:00+07:00",
                     json.dumps(dict(zip(rows[0], cells, strict=True)), ensure_ascii=False)))
    con.commit()
    con.close()
    recs = online(db, template, plan)
    assert len(recs) == 2 and by_unit(recs) == expected(RESPONSES[:2])
    assert recs[0].sources == [{"file": "/office/responses.csv", "row": 2}]


def test_a_collection_week_of_daily_downloads_has_no_silent_miscount(capsys):
    """The benchmark's week in small: Sheet CSV and XLSX by turns, edits each day, checked against the truth."""
    from benchmarks.online import run

    assert run(60, 4, 4, 11) == 0
    out = capsys.readouterr().out
    assert "day 4:" in out and "records    60 (truth 60)" in out


def test_a_response_gone_from_a_later_download_waits_instead_of_counting_twice(tmp_path, capsys, template, plan):
    """An edit no rule can pair (the edited row moved to the end with a new time): never counted twice."""
    db = tmp_path / "o.db"
    r1, r2, r3 = RESPONSES[:3]
    imported(capsys, db, write_csv(tmp_path / "d1.csv", table(template, [r1, r2, r3], forms_csv, "Timestamp")))
    moved = dict(r1, at=dt.datetime(2023, 11, 14, 10, 0, 0, tzinfo=HANOI))
    rows = table(template, [r2, r3], forms_csv, "Timestamp") + [
        row(template, moved, forms_csv(moved["at"]), a5="Đại học trở lên")]
    imported(capsys, db, write_csv(tmp_path / "d2.csv", rows))
    recs = online(db, template, plan)
    final = [r for r in recs if r.status == "final"]
    assert len(recs) == 4 and len(final) == 3
    assert by_unit(final) == {"MS": dict(r1["expect"], a5=["5"]), "NX": r2["expect"], "BL": r3["expect"]}
    [gone] = [r for r in recs if r.status != "final"]
    assert gone.answers == r1["expect"] and gone.sources == [{"file": str(tmp_path / "d1.csv"), "row": 2}]
    [said] = [p for p in gone.problems if "không còn trong tệp tải sau" in p]
    # Vietnamese only, and the later download by its name: its folder (a temporary one) tells a reviewer nothing
    assert "“d2.csv”" in said and str(tmp_path) not in said.split("không còn")[1] and "absent" not in said
    code, out, _ = cli(capsys, "settle-online", gone.record_id, "--discard", "--reviewer", "Lan", "--db", db)
    assert code == 0 and "discarded" in out
    assert sorted(r.status for r in online(db, template, plan)) == ["discarded", "final", "final", "final"]


def test_a_response_deleted_from_the_form_can_be_accepted(tmp_path, capsys, template, plan):
    db = tmp_path / "o.db"
    r1, r2, r3, r4 = RESPONSES
    imported(capsys, db, write_csv(tmp_path / "d1.csv", table(template, [r1, r2, r3])))
    imported(capsys, db, write_csv(tmp_path / "d2.csv", table(template, [r1, r3, r4])))
    [gone] = [r for r in online(db, template, plan) if r.status != "final"]
    assert gone.unit == "NX" and any("không còn trong tệp tải sau" in p for p in gone.problems)
    code, out, _ = cli(capsys, "settle-online", gone.record_id, "--accept", "--reviewer", "Lan", "--db", db)
    assert code == 0 and "final" in out
    recs = online(db, template, plan)
    assert all(r.status == "final" for r in recs) and by_unit(recs) == expected(RESPONSES)


def test_a_response_deleted_when_nothing_new_came_in_waits_and_a_partial_download_flags_none(tmp_path, capsys,
                                                                                            template, plan):
    """The office deleted a row on the form and downloaded again before anyone else answered: the later file is
    one row shorter. The deleted response went on being counted, with nothing for a reviewer. It now waits like
    any response gone from a later download; a download of only part of the rows flags nothing."""
    db = tmp_path / "o.db"
    r1, r2, r3, r4 = RESPONSES
    imported(capsys, db, write_csv(tmp_path / "d1.csv", table(template, [r1, r2, r3, r4])))
    imported(capsys, db, write_csv(tmp_path / "d2.csv", table(template, [r1, r3, r4])))
    recs = online(db, template, plan)
    [gone] = [r for r in recs if r.status != "final"]
    assert gone.unit == "NX" and any("không còn trong tệp tải sau" in p and "d2.csv" in p for p in gone.problems)
    assert by_unit([r for r in recs if r.status == "final"]) == expected([r1, r3, r4])
    other = tmp_path / "p.db"
    imported(capsys, other, write_csv(tmp_path / "d1.csv", table(template, [r1, r2, r3, r4])))
    imported(capsys, other, write_csv(tmp_path / "half.csv", table(template, [r1, r3])))
    assert all(r.status == "final" for r in online(other, template, plan))


def test_rows_with_only_the_office_notes_are_not_responses(tmp_path, capsys, template, plan):
    db = tmp_path / "o.db"
    rows = [header(template) + ["Ghi chú"]] + [r + [""] for r in table(template, RESPONSES[:2])[1:]]
    rows.append([""] * (len(rows[0]) - 1) + ["tổng cộng: 2"])
    out, err = imported(capsys, db, write_csv(tmp_path / "r.csv", rows))
    assert "dòng 4 không có thời gian và câu trả lời nào" in err and "2 mới" in out
    assert by_unit(online(db, template, plan)) == expected(RESPONSES[:2])


def test_import_online_names_the_row_missing_from_the_new_download(tmp_path, capsys, template, plan):
    """The import that finds a response gone says which: its file, row and time (a new user's trial saw only
    "có vấn đề" counts there, and had to run `status` to learn which row it was)."""
    db = tmp_path / "o.db"
    r1, r2, r3, r4 = RESPONSES
    imported(capsys, db, write_csv(tmp_path / "d1.csv", table(template, [r1, r2, r3, r4])))
    out, _ = imported(capsys, db, write_csv(tmp_path / "d2.csv", table(template, [r1, r3, r4])))
    [gone] = [r for r in online(db, template, plan) if r.status != "final"]
    said = [line for line in out.splitlines() if gone.record_id in line]
    assert "1 câu trả lời của lần tải trước không còn trong tệp này" in out
    assert any("d1.csv, dòng 3" in line and f"gửi lúc {gone.submitted_at}" in line for line in said), out
    assert gone.submitted_at


def test_a_download_sharing_no_response_with_an_earlier_one_is_not_taken_as_its_edits(tmp_path, capsys, template, plan):
    """Two files of other respondents (a form made again, one copy per block): every row of the second sits at a
    row number of the first with a later time, yet nothing in it is a response the first held, so none is an edit."""
    r1, r2, r3, r4 = RESPONSES[:4]
    imported(capsys, tmp_path / "o.db", write_csv(tmp_path / "block1.csv", table(template, [r1, r2])))
    out, _ = imported(capsys, tmp_path / "o.db", write_csv(tmp_path / "block2.csv", table(template, [r3, r4])))
    assert "0 sửa (edited)" in out
    recs = online(tmp_path / "o.db", template, plan)
    assert len(recs) == 4 and by_unit(recs) == expected([r1, r2, r3, r4])
