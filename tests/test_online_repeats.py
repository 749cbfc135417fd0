"""Repeat groups from KoboToolbox's XLSX and ODK Central's zip land in the roster's cells, row n in printed row n."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from online_forms import online
from openpyxl import Workbook
from test_structure_forms import roster_form

from scanner.cli import main
from scanner.template import load_template

# two households: one member, then three (name, sex name, age, school name)
HOUSES = [("a1", [("Lan", "2", "40", "3")]),
          ("b2", [("Hùng", "1", "45", "3"), ("Mai", "2", "12", "2"), ("Tí", "1", "5", "1")])]
COLS = ("mname", "sex", "age", "school")


@pytest.fixture(scope="module")
def hh(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hh")
    layout = tmp / "hh.json"
    assert main(["build", str(roster_form(tmp / "hh.xlsx")), "--out", str(layout)]) == 0
    return load_template(layout), layout


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def odk_zip(path, houses):
    main_rows = [["SubmissionDate", "hh-own", "hh-size", "hh-after", "meta-instanceID", "KEY"]]
    rep = [[f"hh-member-{c}" for c in COLS] + ["PARENT_KEY", "KEY"]]
    for i, (uid, members) in enumerate(houses):
        key = f"uuid:{uid}-0000-4000-8000-00000000000{i}"
        main_rows.append([f"2026-12-0{i + 1}T08:00:00.000Z", "1", str(len(members)), "2", key, key])
        rep += [[*m, key, f"{key}/hh/member[{n}]"] for n, m in enumerate(members, start=1)]
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("HH.csv", _csv(main_rows))
        z.writestr("HH-member.csv", _csv(rep))
    return path


def kobo_xlsx(path, houses):
    wb = Workbook()
    ws = wb.active
    ws.title = "PHIẾU HỘ"
    ws.append(["start", "end", "hh/own", "hh/size", "hh/after", "_id", "_uuid", "_submission_time", "_index"])
    rep = wb.create_sheet("member")
    rep.append([f"hh/member/{c}" for c in COLS] + ["_index", "_parent_table_name", "_parent_index",
                                                   "_submission__uuid"])
    k = 0
    for i, (uid, members) in enumerate(houses, start=1):
        uuid = f"{uid}-0000-4000-8000-00000000000{i}"
        ws.append([f"2026-12-0{i}T08:00:00.000+07:00", f"2026-12-0{i}T08:10:00.000+07:00", "1", str(len(members)), "2",
                   str(100 + i), uuid, f"2026-12-0{i}T01:10:00", str(i)])
        for m in members:
            k += 1
            rep.append([*m, str(k), "PHIẾU HỘ", str(i), uuid])
    wb.save(path)
    return path


def truth(members):
    """Record answers hold option ids: the names the tools wrote, read through their labels."""
    return [{"row": n, "mname": m[0], "sex": [m[1]], "age": m[2], "school": [m[3]]}
            for n, m in enumerate(members, start=1)]


def _import(capsys, db, path, layout):
    code = main(["--template", str(layout), "import-online", str(path), "--db", str(db)])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out, err


@pytest.mark.parametrize("shape", ["odk", "kobo"])
def test_repeat_rows_fill_the_roster_cells(capsys, tmp_path, hh, plan, shape):
    template, layout = hh
    write = odk_zip if shape == "odk" else kobo_xlsx
    db = tmp_path / "o.db"
    out, err = _import(capsys, db, write(tmp_path / f"a.{'csv.zip' if shape == 'odk' else 'xlsx'}", HOUSES), layout)
    assert "2 mới (new)" in out and "chưa được đọc" not in err
    records = sorted(online(db, template, plan), key=lambda r: r.answers["size"])
    assert len(records) == 2
    for r, (_, members) in zip(records, HOUSES, strict=True):
        assert r.rosters["member"] == truth(members)
        for n in range(1, 6):
            row = members[n - 1] if n <= len(members) else None
            if row:
                assert (r.answers[f"mname[{n}]"], r.answers[f"sex[{n}]"]) == (row[0], [row[1]])
            else:  # a printed row nobody filled stays blank
                assert r.answers.get(f"mname[{n}]") in (None, "") and r.answers.get(f"sex[{n}]") in (None, [])
        assert not any("nhóm lặp" in p for p in r.problems)
    # downloaded again a day later with one more household: the first two are not imported again
    later = [*HOUSES, ("c3", [("Hoa", "2", "30", "3"), ("Nam", "1", "2", "1")])]
    out, _ = _import(capsys, db, write(tmp_path / f"b.{'csv.zip' if shape == 'odk' else 'xlsx'}", later), layout)
    assert "1 mới (new), 2 đã có (already imported), 0 sửa (edited)" in out
    again = sorted(online(db, template, plan), key=lambda r: (r.answers["size"], r.answers["mname[1]"]))
    assert [r.rosters["member"] for r in again] == [truth(HOUSES[0][1]), truth(later[2][1]), truth(HOUSES[1][1])]


def test_rows_past_the_printed_ones_are_kept_as_a_problem(capsys, tmp_path, hh, plan):
    template, layout = hh
    six = [(f"Người {n}", "1", str(20 + n), "3") for n in range(1, 7)]
    db = tmp_path / "o.db"
    _import(capsys, db, odk_zip(tmp_path / "six.csv.zip", [("c3", six)]), layout)
    (r,) = online(db, template, plan)
    assert r.rosters["member"] == truth(six[:5])
    assert any("dòng thứ 6" in p and "Người 6" in p for p in r.problems)
