"""The province's consolidation: eight districts' stores merged into one count, each record counted once,
validation, tally and report with districts as a breakdown (each district's figures against its own tally)."""

import csv
import json
import shutil
import subprocess
import sys

import pytest
from conftest import ENGINES, ROOT
from review_support import copy_db

from scanner.cli import main
from scanner.plan import DEFAULT_PLAN

DISTRICTS = ["PT", "TD", "SH", "MT", "NN", "TU", "TT", "LC"]
ONLINE = ROOT / "samples" / "online_responses.csv"
SCANS = ROOT / "samples" / "stack001_feeder.pdf"


def cli(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def province(request, tmp_path_factory):
    """A provincial plan over eight districts (each the bundled plan) and each district's store: all have the
    online answers, the first also the scanned sample stack; the last district keeps its store on a server (an
    SQLite file too where the run is SQLite only, as `./run test-quick` is: no PostgreSQL cluster started for it)."""
    server = request.getfixturevalue("pg_server") if "postgresql" in ENGINES else None
    root = tmp_path_factory.mktemp("province")
    plans = root / "plans"
    plans.mkdir()
    entries = []
    for code in DISTRICTS:
        shutil.copy(DEFAULT_PLAN, plans / f"{code.lower()}.json")
        entries.append({"code": code, "name": f"Huyện {code}", "plan": f"plans/{code.lower()}.json"})
    plan_file = root / "tinh.json"
    plan_file.write_text(json.dumps({"schema_version": 1, "title": "Tổng hợp của tỉnh",
                                     "organisation": "Ban Tuyên giáo Tỉnh ủy", "districts": entries},
                                    ensure_ascii=False), encoding="utf-8")
    stores = {}
    for code in DISTRICTS:
        db = root / f"{code.lower()}.db" if code != DISTRICTS[-1] or server is None else server.url()
        assert main(["import-online", str(ONLINE), "--db", str(db)]) == 0
        stores[code] = db
    return plan_file, stores


@pytest.fixture(scope="module")
def pt_scanned(tmp_path_factory):
    """The first district's store, an SQLite file on either engine (made by another process): with the online
    answers only, and the same store after its scanner stack is scanned into it. The test on each engine scanned
    the same 80 pages into the same kind of file (issue 26): they are scanned once here and each test copies both."""
    root = tmp_path_factory.mktemp("pt")
    before, after = root / "pt_online.db", root / "pt_scanned.db"
    subprocess.run([sys.executable, str(ROOT / "cli.py"), "import-online", str(ONLINE), "--db", str(before)],
                   check=True, capture_output=True, cwd=ROOT)
    shutil.copy(before, after)
    code = main(["scan", str(SCANS), "--db", str(after), "--quiet", "--jobs", "2"])
    return before, after, code


def tally_rows(capsys, db, folder):
    code, _, err = cli(capsys, "tally", "--db", db, "--out", folder)
    assert code == 0, err
    with open(folder / "counts.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def slice_of(rows, group, key):
    """One group's counts; a channel nobody in the group used is left out (the whole survey's tally lists it)."""
    return sorted((r["channel"], r["question"], r["option"], r["count"], r["base_answered"])
                  for r in rows if r["group"] == group and r["group_key"] == key and r["base_all"] != "0")


def test_eight_districts_merge_into_one_count(capsys, tmp_path, province, pt_scanned):
    plan_file, stores = province
    # PT's store is its own, for each engine: an SQLite file on both (pt_scanned), which this test copies. The
    # provincial store is on the engine under test.
    online_only, scanned, scan_code = pt_scanned
    stores = {**stores, "PT": tmp_path / "pt.db"}
    shutil.copy(online_only, stores["PT"])
    pdb = tmp_path / "tinh.db"
    # The first district sends its store before scanning its paper forms, then again after.
    code, out, err = cli(capsys, "merge", *[f"{c}={db}" for c, db in stores.items()], "--province", plan_file,
                         "--db", pdb)
    assert code == 0, err
    assert out.count("60 bản ghi") == 8
    assert scan_code == 0
    copy_db(scanned, stores["PT"])  # the same store, its paper forms scanned since (as this process left it)
    code, out, err = cli(capsys, "merge", f"PT={stores['PT']}", "--province", plan_file, "--db", pdb)
    assert code == 0 and "80 bản ghi thay cho 60" in out, out + err
    code, out, err = cli(capsys, "merge", f"PT={stores['PT']}", "--province", plan_file, "--db", pdb)
    assert code == 0 and "không có gì thay đổi" in out  # the same store sent twice
    # A store merged as the wrong district is refused: its sheets are counted for PT already.
    wrong = tmp_path / "copy.db"
    shutil.copy(stores["PT"], wrong)
    code, _, err = cli(capsys, "merge", f"TD={wrong}", "--province", plan_file, "--db", pdb)
    assert code != 0 and "PT" in err and "\n" not in err.strip()

    province_rows = tally_rows(capsys, pdb, tmp_path / "tinh")
    totals = 0
    for c, db in stores.items():
        own = tally_rows(capsys, db, tmp_path / c)
        assert slice_of(province_rows, "district", c) == slice_of(own, "all", "all"), c
        with open(tmp_path / c / "respondents.csv", encoding="utf-8") as f:
            totals += int(list(csv.DictReader(f))[-1]["final"])
    with open(tmp_path / "tinh" / "respondents.csv", encoding="utf-8") as f:
        assert int(list(csv.DictReader(f))[-1]["final"]) == totals

    code, out, err = cli(capsys, "validate", "--db", pdb, "--out", tmp_path / "v.csv")
    assert code in (0, 7), err
    with open(tmp_path / "v.csv", encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    by_code = {r["Mã"]: r for r in table}
    code, _, _ = cli(capsys, "validate", "--db", stores["PT"], "--out", tmp_path / "pt.csv")
    with open(tmp_path / "pt.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["Mã"] and r["Cấp"] != "cộng khối":  # a block's total shares its code; the province lists units
                mine = by_code[f"PT-{r['Mã']}"]
                assert (mine["Đã nhận"], mine["Trực tuyến hợp lệ"]) == (r["Đã nhận"], r["Trực tuyến hợp lệ"])
    for c in DISTRICTS:
        assert c in by_code

    code, out, err = cli(capsys, "report", "--db", pdb, "--out", tmp_path / "tinh.html")
    assert code == 0, err
    html = (tmp_path / "tinh.html").read_text(encoding="utf-8")
    assert "Theo huyện" in html and "Huyện TD" in html


def test_the_provincial_store_is_a_store_like_any_other(capsys, tmp_path, province):
    plan_file, stores = province
    pdb = tmp_path / "tinh.db"
    chosen = DISTRICTS[-3:]  # the last one's store is on the server
    code, _, err = cli(capsys, "merge", *[f"{c}={stores[c]}" for c in chosen], "--province", plan_file, "--db", pdb)
    assert code == 0, err
    code, out, err = cli(capsys, "status", "--db", pdb, "--json")
    assert code == 0, err
    status = json.loads(out)
    assert [d["district"] for d in status["province"]["districts"]] == sorted(chosen)
    assert all(d["records"] == d["online"] == 60 for d in status["province"]["districts"])
    assert status["records"] == 180 and status["province"]["title"] == "Tổng hợp của tỉnh"
    code, out, _ = cli(capsys, "status", "--db", pdb)
    assert code == 0 and all(f"Huyện {c}" in out for c in chosen)

    code, out, err = cli(capsys, "export", "--db", pdb, "--format", "jsonl")
    assert code == 0, err
    exported = [json.loads(line) for line in out.splitlines()]
    own = cli(capsys, "export", "--db", stores[chosen[0]], "--format", "jsonl")[1].splitlines()
    assert len(exported) == 3 * len(own) == 180
    assert sorted(r["record_id"].split("/", 1)[0] for r in exported) == sorted(chosen * 60)
    assert {r["unit"].split("-", 1)[0] for r in exported if r["unit"]} == set(chosen)
    code, _, err = cli(capsys, "export", "--db", pdb, "--format", "xlsx", "--out", tmp_path / "tinh.xlsx")
    assert code == 0 and (tmp_path / "tinh.xlsx").stat().st_size > 0, err

    code, out, err = cli(capsys, "review", "--db", pdb, "--list", "--trail", tmp_path / "trail.csv")
    assert code == 0, err
    assert all(f"huyện: {c}" in out for c in chosen)
    with open(tmp_path / "trail.csv", encoding="utf-8") as f:
        assert [r["huyện"] for r in csv.DictReader(f)] == sorted(chosen)


def test_a_provincial_plan_written_as_a_spreadsheet(capsys, tmp_path, province):
    """The province keeps its plan as a spreadsheet, its districts' plans as their plan.xlsx: the same count as
    the JSON plan gives."""
    from scanner.province import load_province
    from scanner.province_sheet import write_province_sheet

    plan_file, stores = province
    raw = json.loads(plan_file.read_text(encoding="utf-8"))
    for d in raw["districts"][:2]:  # two districts send the spreadsheet they planned with
        d["plan"] = f"{d['code'].lower()}.xlsx"
        shutil.copy(ROOT / "templates" / "plan.xlsx", plan_file.parent / d["plan"])
    sheet = plan_file.parent / "tinh.xlsx"
    write_province_sheet(raw, sheet)
    from_sheet, from_json = load_province(sheet), load_province(plan_file)
    assert (from_sheet.title, from_sheet.organisation) == (from_json.title, from_json.organisation)
    assert [(d.code, d.name, d.plan.units) for d in from_sheet.districts] == \
        [(d.code, d.name, d.plan.units) for d in from_json.districts]
    by = {}
    for name, plan in (("sheet", sheet), ("json", plan_file)):
        db = tmp_path / f"{name}.db"
        code, _, err = cli(capsys, "merge", *[f"{c}={stores[c]}" for c in DISTRICTS[:3]], "--province", plan,
                           "--db", db)
        assert code == 0, err
        code, _, err = cli(capsys, "validate", "--db", db, "--out", tmp_path / f"{name}.csv")
        assert code in (0, 7), err
        by[name] = (tmp_path / f"{name}.csv").read_text(encoding="utf-8")
    assert by["sheet"] == by["json"] and "PT-" in by["sheet"]


def test_a_provincial_spreadsheet_missing_a_cell_names_it(tmp_path):
    from scanner.errors import SurveyError
    from scanner.province import load_province
    from scanner.province_sheet import write_province_sheet

    sheet = tmp_path / "tinh.xlsx"
    write_province_sheet({"title": "T", "districts": [{"code": "PT", "name": "Huyện PT", "plan": ""}]}, sheet)
    with pytest.raises(SurveyError) as e:
        load_province(sheet)
    assert "C2" in str(e.value) and "\n" not in str(e.value)
