"""The province's consolidation: eight districts' stores merged into one count, each record counted once,
validation, tally and report with districts as a breakdown (each district's figures against its own tally)."""

import csv
import json
import shutil

import pytest
from conftest import ROOT

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
def province(tmp_path_factory, pg_server):
    """A provincial plan over eight districts (each the bundled plan) and each district's store: all have the
    online answers, the first also the scanned sample stack; the last district keeps its store on a server."""
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
        db = root / f"{code.lower()}.db" if code != DISTRICTS[-1] else pg_server.url()
        assert main(["import-online", str(ONLINE), "--db", str(db)]) == 0
        stores[code] = db
    return plan_file, stores


def tally_rows(capsys, db, folder):
    code, _, err = cli(capsys, "tally", "--db", db, "--out", folder)
    assert code == 0, err
    with open(folder / "counts.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def slice_of(rows, group, key):
    """One group's counts; a channel nobody in the group used is left out (the whole survey's tally lists it)."""
    return sorted((r["channel"], r["question"], r["option"], r["count"], r["base_answered"])
                  for r in rows if r["group"] == group and r["group_key"] == key and r["base_all"] != "0")


def test_eight_districts_merge_into_one_count(capsys, tmp_path, province):
    plan_file, stores = province
    pdb = tmp_path / "tinh.db"
    # The first district sends its store before scanning its paper forms, then again after.
    code, out, err = cli(capsys, "merge", *[f"{c}={db}" for c, db in stores.items()], "--province", plan_file,
                         "--db", pdb)
    assert code == 0, err
    assert out.count("60 bản ghi") == 8
    code, out, err = cli(capsys, "scan", SCANS, "--db", stores["PT"], "--quiet", "--jobs", 2)
    assert code == 0, err
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
