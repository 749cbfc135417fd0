"""KoboToolbox and ODK Central exports through import-online: each submission once, every answer exact."""

from __future__ import annotations

import datetime as dt

import pytest
from online_forms import RESPONSES, cli, imported, online, table, write_csv
from online_tools import (
    kobo_rows,
    odk_rows,
    submissions,
    write_kobo_csv,
    write_kobo_xlsx,
    write_odk_csv,
    write_odk_zip,
)

from scanner.collate import all_records
from scanner.kinds import DIGIT_KINDS
from scanner.online.channels import Channel, detect
from scanner.online.files import FileKind, read_file
from scanner.store import Store
from scanner.tally import tally


def answers_by_unit(records):
    return {r.unit: r.answers for r in records}


def truth(subs):
    return {s.unit: s.answers for s in subs}


@pytest.mark.parametrize("labels,group_sep,split,sep,meta", [
    (False, None, False, ";", False),
    (False, "/", True, ",", True),
    (False, ".", True, ";", False),
    (True, None, True, ";", False),
    (True, None, False, ",", False),
])
def test_kobo_csv_shapes(capsys, tmp_path, template, plan, labels, group_sep, split, sep, meta):
    """Values or labels, group paths with / or . or none, select_multiple whole or split, ; or , separators."""
    subs = submissions(4)
    path = write_kobo_csv(tmp_path / "kobo.csv", kobo_rows(template, plan, subs, labels, group_sep, split, meta), sep)
    assert read_file(path).kind == FileKind.kobo
    out, err = imported(capsys, tmp_path / "o.db", path)
    assert "(KoboToolbox): 4 dòng (rows) gồm 4 mới (new)" in out, out + err
    recs = online(tmp_path / "o.db", template, plan)
    assert answers_by_unit(recs) == truth(subs)
    assert all(r.status == "final" and r.via == "kobo" for r in recs), [r.problems for r in recs]
    # _submission_time is UTC without a zone; the record's time is the device's `end` with its offset.
    assert sorted(dt.datetime.fromisoformat(r.submitted_at) for r in recs) == sorted(s.at for s in subs)


def test_odk_csv_and_zip_shapes(capsys, tmp_path, template, plan):
    subs = submissions(3)
    for name, writer, split in (("a.csv", write_odk_csv, False), ("b.csv.zip", write_odk_zip, True)):
        db = tmp_path / f"{name}.db"
        path = writer(tmp_path / name, odk_rows(template, subs, split))
        out, err = imported(capsys, db, path)
        assert "(ODK Central): 3 dòng (rows) gồm 3 mới (new)" in out, out + err
        recs = online(db, template, plan)
        assert answers_by_unit(recs) == truth(subs)
        assert all(r.status == "final" and r.via == "odk" for r in recs), [r.problems for r in recs]


def test_detection_and_override(tmp_path, template, plan):
    assert detect(kobo_rows(template, plan, submissions(1))[0]) is Channel.kobo
    assert detect(odk_rows(template, submissions(1))[0]) is Channel.odk
    assert detect(table(template, RESPONSES[:1])[0]) is Channel.google
    path = write_odk_csv(tmp_path / "x.csv", odk_rows(template, submissions(1)))
    assert read_file(path, source=Channel.kobo).kind == FileKind.kobo


def test_kobo_xlsx_and_odk_csv_downloaded_twice_with_an_edit_beside_google(capsys, tmp_path, template, plan):
    """The issue's "done when": every submission once, every answer right, one validation and tally."""
    db = tmp_path / "o.db"
    k = submissions(5)
    o = submissions(4, start=5)
    # Monday: KoboToolbox XLSX with three submissions; ODK Central CSV with two; Google's CSV with two.
    out, _ = imported(capsys, db, write_kobo_xlsx(tmp_path / "kobo-mon.xlsx", kobo_rows(template, plan, k[:3],
                                                                                         group_sep="/")))
    assert "3 mới (new), 0 đã có" in out
    out, _ = imported(capsys, db, write_odk_csv(tmp_path / "odk-mon.csv", odk_rows(template, o[:2])))
    assert "2 mới (new), 0 đã có" in out
    google = RESPONSES[:2]
    imported(capsys, db, write_csv(tmp_path / "google.csv", table(template, google)))
    # Wednesday: both downloaded again, everything so far plus new submissions, one edited in each tool
    # (KoboToolbox gives the edit a new _uuid, keeps _id; ODK keeps KEY, counts Edits), one rejected in ODK.
    k1 = k[1].edited(q2=["4"], q8="Đã sửa trên máy chủ")
    out, _ = imported(capsys, db, write_kobo_xlsx(tmp_path / "kobo-wed.xlsx", kobo_rows(
        template, plan, [k[0], k1, k[2], k[3], k[4]], group_sep="/")))
    assert "2 mới (new), 3 đã có (already imported), 1 sửa (edited)" in out
    o0 = o[0].edited(q7=["1", "2", "3"])
    rejected = o[3]
    rejected.review = "rejected"
    out, _ = imported(capsys, db, write_odk_csv(tmp_path / "odk-wed.csv", odk_rows(template, [o0, o[1], o[2], rejected])))
    assert "2 mới (new), 2 đã có (already imported), 1 sửa (edited)" in out
    assert "1 bài nộp bị từ chối trên ODK Central" in out
    # The Monday files imported again change nothing.
    out, _ = imported(capsys, db, tmp_path / "kobo-mon.xlsx")
    assert "đã được nhập trước đó" in out
    recs = online(db, template, plan)
    counted = [r for r in recs if r.status != "discarded"]
    want = {("kobo", s.unit): s.answers for s in [k[0], k1, k[2], k[3], k[4]]}
    want.update({("odk", s.unit): s.answers for s in [o0, o[1], o[2]]})
    want.update({("google", g["expect_unit"]): g["expect"] for g in google})
    assert {(r.via, r.unit): r.answers for r in counted} == want
    assert len(counted) == len(want) == 10
    assert all(r.status == "final" for r in counted), [r.problems for r in counted]
    [rej] = [r for r in recs if r.status == "discarded"]
    assert rej.unit == rejected.unit and rej.flags == ["rejected"] and rej.via == "odk"
    assert {r.via for r in counted} == {"kobo", "odk", "google"}
    edited = next(r for r in counted if (r.via, r.unit) == ("kobo", k1.unit))
    assert [s.get("superseded", False) for s in edited.sources] == [False, True]
    # One validation and one tally over all three tools: q2 counted from the answers above, independently.
    store = Store(db)
    try:
        everything = all_records(store, template, plan)
    finally:
        store.close()
    t = tally(template, plan, everything)
    q2 = t.rows("q2")
    for opt in ("1", "2", "3", "4", "5"):
        n = sum(1 for a in want.values() if opt in a["q2"])
        assert int(q2[q2.option == opt]["count"].iloc[0]) == n
    from scanner.validate import summary_lines, validate

    v = validate(plan, everything, {}, 0, 0)
    assert v.online_by_tool == {"Google Forms": 2, "KoboToolbox": 5, "ODK Central": 3} and v.online_rejected == 1
    assert sum(u.online_received for u in v.units) == 10
    assert any("KoboToolbox 5" in line and "1 bài nộp bị từ chối" in line for line in summary_lines(v))


def test_rejected_submission_accepted_by_a_person_counts(capsys, tmp_path, template, plan):
    db = tmp_path / "o.db"
    subs = submissions(2)
    subs[1].review = "Not Approved"
    imported(capsys, db, write_kobo_csv(tmp_path / "k.csv", kobo_rows(template, plan, subs)))
    [rej] = [r for r in online(db, template, plan) if r.status == "discarded"]
    assert rej.flags == ["rejected"]
    code, out, err = cli(capsys, "status", "--db", db)
    assert "theo công cụ (by tool): KoboToolbox 2; bị từ chối trên công cụ, không tính (rejected, not counted): 1" in out
    code, out, err = cli(capsys, "settle-online", rej.record_id, "--accept", "--reviewer", "Lan", "--db", db)
    assert code == 0, err
    assert {r.status for r in online(db, template, plan)} == {"final"}


def test_on_hold_waits_for_a_person(capsys, tmp_path, template, plan):
    db = tmp_path / "o.db"
    subs = submissions(1)
    subs[0].review = "hasIssues"
    imported(capsys, db, write_odk_csv(tmp_path / "o.csv", odk_rows(template, subs)))
    [r] = online(db, template, plan)
    assert r.status == "needs_review" and "ODK Central" in r.problems[0]


def test_unknown_export_is_refused(capsys, tmp_path, template, plan):
    path = write_kobo_csv(tmp_path / "k.csv", [["start", "tuoi", "_uuid", "_submission_time"],
                                                ["", "30", "abc", "2023-11-08T01:00:00"]])
    code, out, err = cli(capsys, "import-online", path, "--db", tmp_path / "o.db")
    assert code != 0 and "XLSForm" in err


@pytest.mark.parametrize("name", ["kobo_xml_values_groups.csv", "kobo_labels.xlsx", "odk_central_submissions.csv",
                                  "odk_central_submissions.csv.zip"])
def test_committed_exports(capsys, tmp_path, template, plan, name):
    """The fixtures in tests/data/exports import to exactly what expected.json says (README names the sources)."""
    import json
    from pathlib import Path

    here = Path(__file__).parent / "data" / "exports"
    want = json.loads((here / "expected.json").read_text(encoding="utf-8"))[name]
    imported(capsys, tmp_path / "o.db", here / name)
    recs = online(tmp_path / "o.db", template, plan)
    # downloaded before the form gained its number and date: those questions have no column, so rows wait
    later = [q.id for q in template.questions if q.type in DIGIT_KINDS]
    assert {r.unit: r.answers for r in recs} == {w["unit"]: {**w["answers"], **dict.fromkeys(later)} for w in want}
    assert {r.unit: dt.datetime.fromisoformat(r.submitted_at) for r in recs} == {
        w["unit"]: dt.datetime.fromisoformat(w["at"]) for w in want}
    assert {r.unit: r.status for r in recs} == {w["unit"]: "discarded" if w["rejected"] else "needs_review"
                                                 for w in want}
    assert all(len(r.problems) == len(later) and all("không có cột" in p for p in r.problems) for r in recs
               if r.status != "discarded")


def test_workbook_and_report_name_the_tools(capsys, tmp_path, template, plan):
    db = tmp_path / "o.db"
    k = submissions(3)
    o = submissions(2, start=3)
    o[1].review = "rejected"
    imported(capsys, db, write_kobo_xlsx(tmp_path / "k.xlsx", kobo_rows(template, plan, k)))
    imported(capsys, db, write_odk_csv(tmp_path / "o.csv", odk_rows(template, o)))
    imported(capsys, db, write_csv(tmp_path / "g.csv", table(template, RESPONSES[:2])))
    code, out, err = cli(capsys, "tally", "--db", db, "--out", tmp_path / "t.xlsx")
    assert code == 0, err
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "t.xlsx")["Tổng hợp"]
    cells = [[c for c in r if c is not None] for r in ws.iter_rows(values_only=True)]
    assert ["Google Forms", 2] in cells and ["KoboToolbox", 3] in cells and ["ODK Central", 1] in cells
    code, out, err = cli(capsys, "report", "--db", db, "--out", tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "biểu mẫu Google Forms, KoboToolbox, ODK Central" in html
    assert "Theo công cụ thu thập: Google Forms 2 phiếu; KoboToolbox 3 phiếu; ODK Central 1 phiếu; 1 bài nộp" in html


def test_older_download_imported_after_the_edit_changes_nothing(capsys, tmp_path, template, plan):
    """Downloads brought in out of order: the earlier version never replaces the edit."""
    k = submissions(2)
    k1 = k[1].edited(q2=["5"])
    o = submissions(2, start=2)
    o1 = o[1].edited(q7=["6"])
    for name, new, old in (
            ("kobo", kobo_rows(template, plan, [k[0], k1]), kobo_rows(template, plan, k)),
            ("odk", odk_rows(template, [o[0], o1]), odk_rows(template, o))):
        db = tmp_path / f"{name}.db"
        imported(capsys, db, write_kobo_csv(tmp_path / f"{name}-new.csv", new, ","))
        out, _ = imported(capsys, db, write_kobo_csv(tmp_path / f"{name}-old.csv", old, ","))
        assert "0 mới (new), 2 đã có (already imported), 0 sửa (edited)" in out, out
        want = {s.unit: s.answers for s in ([k[0], k1] if name == "kobo" else [o[0], o1])}
        assert answers_by_unit(online(db, template, plan)) == want


@pytest.mark.parametrize("status", ["Not Approved", "validation_status_not_approved",
                                    "{'uid': 'validation_status_not_approved', 'label': 'Not Approved'}"])
def test_kobo_rejection_in_its_spellings(status):
    from scanner.online.channels import review_of

    assert review_of(Channel.kobo, {"_validation_status": status}).rejected
    assert not review_of(Channel.kobo, {"_validation_status": "Approved"}).rejected
    assert review_of(Channel.kobo, {"_validation_status": "validation_status_on_hold"}).held


def test_hxl_row_hierarchy_labels_and_a_second_sheet(capsys, tmp_path, template, plan):
    """KoboToolbox's HXL hashtag row under the header, `Group label/Question label` headers, and a workbook
    whose first sheet is the form's (a repeat group's sheet beside it)."""
    subs = submissions(3)
    rows = kobo_rows(template, plan, subs, labels=True)
    head = rows[0]
    rows[0] = [f"PHẦN II. NỘI DUNG ĐIỀU TRA/{h}" if h == template.question("q2").text else h for h in head]
    rows.insert(1, ["#date+start" if h == "start" else "" for h in head])
    path = write_kobo_xlsx(tmp_path / "k.xlsx", rows)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    extra = wb.create_sheet("ghi_chu")
    extra.append(["ghi_chu", "_index", "_parent_table_name", "_parent_index", "_submission__uuid"])
    wb.save(path)
    out, err = imported(capsys, tmp_path / "o.db", path)
    assert "3 mới (new)" in out and "dòng 2" not in err
    assert answers_by_unit(online(tmp_path / "o.db", template, plan)) == truth(subs)


def test_odk_zip_with_repeat_rows_says_they_are_not_read(capsys, tmp_path, template, plan):
    subs = submissions(2)
    out, err = imported(capsys, tmp_path / "o.db", write_odk_zip(tmp_path / "z.csv.zip", odk_rows(template, subs),
                                                                 repeat_rows=2))
    assert "2 mới (new)" in out and "KH35-ghi_chu.csv có dữ liệu nhưng chưa được đọc" in err
    assert answers_by_unit(online(tmp_path / "o.db", template, plan)) == truth(subs)


def test_kobo_without_start_end_takes_submission_time_as_utc(capsys, tmp_path, template, plan):
    subs = submissions(2)
    rows = [r[2:] for r in kobo_rows(template, plan, subs)]  # a form without start/end
    imported(capsys, tmp_path / "o.db", write_kobo_csv(tmp_path / "k.csv", rows))
    recs = online(tmp_path / "o.db", template, plan)
    assert {r.unit: dt.datetime.fromisoformat(r.submitted_at) for r in recs} == {
        s.unit: s.received.replace(microsecond=0) for s in subs}
