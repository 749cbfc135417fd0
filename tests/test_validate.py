"""Records against the plan: every organisation against its minimum, every block rolled up, exit 7 while short."""

import csv
import io
from collections import Counter

import pytest
from openpyxl import load_workbook
from test_plan_sheet import SETTINGS, UNITS, with_cell, workbook

from scanner.cli import main
from scanner.plan_sheet import load_plan_sheet
from scanner.records import Record
from scanner.validate import table_text, validate


def online(unit, n, problems=()):
    return [Record(f"online:{unit}:{i}", "online", unit, None, "needs_review" if problems else "final", {}, [],
                   problems=list(problems)) for i in range(n)]


def paper(unit, n, received="2023-11-16"):
    return [Record(f"paper:{unit}:{i}", "paper", unit, i + 1, "final", {}, [], received=received) for i in range(n)]


@pytest.fixture()
def small(tmp_path):
    return load_plan_sheet(workbook(tmp_path / "plan.xlsx"))


def test_each_organisation_against_its_minimum_and_each_block_rolled_up(small):
    recs = (online("KD", 2) + online("CBVP", 4) + online("CBTG", 1) + online("CBKB", 3) + online("MS", 12)
            + online("SLL", 50) + online("DBCA", 0) + online(None, 3, ["đơn vị \"Chi bộ Thủy lợi\" không khớp"])
            + paper("KD", 2) + paper("MS", 9))
    v = validate(small, recs, {r.record_id: r.received for r in recs if r.channel == "paper"}, 0, 0)
    got = {u.code: (u.online_received, u.online_min, u.online_state, u.online_short) for u in v.units}
    assert got == {"KD": (2, None, "—", 0), "CBVP": (4, 3, "vượt", 0), "CBTG": (1, 5, "thiếu", 4),
                   "UBND": (0, None, "—", 0), "CBKB": (3, 3, "đủ", 0), "MS": (12, 50, "thiếu", 38),
                   "SLL": (50, 50, "đủ", 0), "DBCA": (0, 10, "thiếu", 10)}
    kd = v.block("KD")
    assert (kd.members, kd.online_direct, kd.online_received, kd.online_min) == (["CBVP", "CBTG"], 2, 7, 8)
    assert kd.online_counted == 5  # the two naming only the block meet no cell's minimum
    assert (kd.members_short, kd.online_short, kd.online_state) == (1, 4, "thiếu")
    assert (kd.paper_expected, kd.paper_received) == (2, 2)
    ub = v.block("UBND")
    assert (ub.online_received, ub.online_min, ub.online_short, ub.online_state) == (3, 3, 0, "đủ")
    communes = v.block("Đảng bộ xã, thị trấn")
    assert communes.code is None and communes.members == ["MS", "SLL"]
    assert (communes.online_received, communes.online_min, communes.online_short) == (62, 100, 38)
    assert (communes.paper_expected, communes.paper_received) == (10, 9)
    assert v.unit("MS").hard_failures == ["thiếu 1 phiếu giấy", "thiếu 38 phiếu trực tuyến"]
    assert v.unknown_unit_online == 3 and not v.ok and v.examples == 2

    text = table_text(v)
    lines = text.splitlines()
    dbca = next(x for x in lines if x.startswith("DBCA"))
    assert "0 / 10 — thiếu" in dbca and "Đảng bộ Công an huyện" in dbca  # no answers, still listed
    assert "1 / 5 — thiếu" in next(x for x in lines if x.startswith("CBTG"))
    assert "* " not in next(x for x in lines if x.startswith("CBTG")) + " "
    assert next(x for x in lines if x.startswith("CBVP")).endswith("Chi bộ Văn phòng Huyện ủy *")
    kd_total = next(x for x in lines if "KHỐI ĐẢNG" in x)
    assert "5 / 8 — thiếu" in kd_total and "2 / 2" in kd_total
    assert "Khối Đảng: 1 / 2 đơn vị chưa đủ chỉ tiêu trực tuyến, còn thiếu 4 phiếu" in text
    assert "Khối Đảng: 2 phiếu trực tuyến chỉ ghi tên khối" in text
    assert not any(x.startswith("  Khối UBND huyện:") for x in lines)  # none named that block, nothing short
    assert "3 dòng trực tuyến ghi đơn vị không khớp kế hoạch" in text and "map-unit" in text
    assert "CHƯA ĐẠT: thiếu phiếu giấy: MS (1); thiếu phiếu trực tuyến: 3 đơn vị, 52 phiếu" in text
    # the table lists every organisation, grouped under its block
    order = [x.split()[0] for x in lines[1:] if x and x.split()[0] in {u.code for u in small.units}]
    assert order == ["KD", "CBVP", "CBTG", "UBND", "CBKB", "MS", "SLL", "DBCA"]


def test_answers_with_problems_and_discarded_sheets_do_not_count(small):
    recs = online("CBVP", 2) + online("CBVP", 5, ["thiếu câu trả lời bắt buộc"]) + paper("KD", 2)
    recs[-1].status = "discarded"
    v = validate(small, recs, {}, 0, 0)
    assert (v.unit("CBVP").online_received, v.unit("CBVP").online_problems) == (2, 5)
    assert v.unit("KD").paper_received == 1 and v.unit("KD").paper_state == "thiếu"


def test_plan_met_when_every_organisation_reaches_its_minimum(small):
    recs = paper("KD", 2) + paper("MS", 10, received="2023-11-17")
    recs += online("CBVP", 3) + online("CBTG", 5) + online("CBKB", 3) + online("MS", 50) + online("SLL", 51)
    recs += online("DBCA", 10)
    v = validate(small, recs, {r.record_id: r.received for r in recs if r.channel == "paper"}, 0, 0)
    assert v.ok and all(b.online_state in ("đủ", "vượt") for b in v.blocks)
    assert v.unit("MS").paper_late == 10  # on the deadline day is late, and shown, but the count is met
    assert table_text(v).splitlines()[-1] == "Đạt yêu cầu kế hoạch."


def test_a_block_head_with_its_own_minimum_counts_its_members(tmp_path):
    units = [*UNITS, ["CBT1", "Chi bộ thôn Nậm Cáy", "Chi bộ cơ quan", "MS", 0, None, None, None, None]]
    p = load_plan_sheet(workbook(tmp_path / "p.xlsx", units=units))
    v = validate(p, online("MS", 45) + online("CBT1", 6), {}, 0, 0)
    ms = v.unit("MS")
    assert (ms.online_received, ms.online_counted, ms.online_short) == (45, 51, 0)
    assert v.block("MS").members == ["CBT1"] and v.block("MS").online_state == "vượt"
    assert v.unit("CBT1").online_state == "vượt"


def test_rows_for_the_spreadsheet_keep_every_organisation_and_block(small):
    v = validate(small, online("CBVP", 1), {}, 0, 0)
    rows = v.rows()
    assert Counter(r["level"] for r in rows) == {"cộng khối": 4, "khối": 2, "đơn vị": 6}
    assert {r["code"] for r in rows if r["level"] != "cộng khối"} == {u.code for u in small.units}
    cbvp = next(r for r in rows if r["code"] == "CBVP")
    assert (cbvp["group"], cbvp["online_received"], cbvp["online_short"], cbvp["example"]) == ("Khối Đảng", 1, 2, "ví dụ")


# --- the whole path: an online export typed as people type, imported and validated through the CLI ---

ONLINE_ONLY = [with_cell([r], 0, 4, 0)[0] for r in UNITS]  # no paper: the plan can be met by online answers
ONLINE_SETTINGS = with_cell(SETTINGS, 6, 2, 0)
ONLINE_UNITS = [with_cell([r], 0, 5, 4)[0] if r[2] == "Đảng bộ xã, thị trấn" else r for r in ONLINE_ONLY] + [
    ["CBGD", "Chi bộ Phòng Giáo dục và Đào tạo", "Chi bộ cơ quan", "UBND", 0, None, "Phòng GD&ĐT", None, None]]

# how respondents named their organisation, and which one they meant (the truth, written out)
TYPED = [
    ("Khối Đảng", "KD"), ("VP Huyện ủy", "CBVP"), ("van phong huyen uy", "CBVP"), ("CBVP", "CBVP"),
    ("Chi bộ Ban Tuyên giáo", "CBTG"), ("Chi bo Ban Tuyen giao", "CBTG"),
    ("Kho bạc huyện", "CBKB"), ("Chi bộ Kho bạc Nhà nước huyện", "CBKB"),
    ("X. Mường So", "MS"), ("xã mường so", "MS"), ("Đảng uỷ xã Mường So", "MS"),
    ("Xã Sì Lở Lầu", "SLL"), ("SÌ LỞ LẦU", "SLL"), ("Sỉ Lở Lầu", "SLL"),
    ("Công an huyện", "DBCA"), ("cong an huyen", "DBCA"),
    ("Chi bộ Thủy lợi", None),
]


def export(template, plan, typed, seed):
    """A Google Forms CSV from the project's generator, with the unit column as respondents typed it."""
    from scanner.corpus.online import responses

    text, _ = responses(template, plan, len(typed), seed)
    rows = list(csv.reader(io.StringIO(text)))
    unit_col = rows[0].index(template.online["unit_title"])
    for row, name in zip(rows[1:], typed, strict=True):
        row[unit_col] = name
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_online_answers_over_blocks_branches_and_communes(tmp_path, capsys, template):
    sheet = workbook(tmp_path / "plan.xlsx", units=ONLINE_UNITS, settings=ONLINE_SETTINGS)
    plan = load_plan_sheet(sheet)
    db = tmp_path / "s.db"
    first = [t for t, _ in TYPED] * 2  # 34 rows, two of them from an organisation not in the plan
    (tmp_path / "a.csv").write_text(export(template, plan, first, 3), encoding="utf-8")
    code, out, err = run(capsys, "--plan", sheet, "import-online", tmp_path / "a.csv", "--db", db)
    assert code == 0 and "34 mới" in out and "2 có vấn đề" in out
    assert sum("Chi bộ Thủy lợi" in line and "dòng" in line for line in out.splitlines()) == 2
    assert '2 × survey map-unit "Chi bộ Thủy lợi"' in out  # the wording to settle, once, with its count

    code, out, _ = run(capsys, "--plan", sheet, "validate", "--db", db, "--out", tmp_path / "v.csv")
    assert code == 7
    truth = Counter(code for _, code in TYPED for _ in range(2) if code)
    lines = {x.split()[0]: x for x in out.splitlines() if x.strip()}
    minimum = {u.code: u.online_min for u in plan.units}
    for c in ("CBVP", "CBTG", "CBKB", "MS", "SLL", "DBCA"):
        state = "thiếu" if truth[c] < minimum[c] else "đủ" if truth[c] == minimum[c] else "vượt"
        assert f"{truth[c]} / {minimum[c]} — {state}" in lines[c], lines[c]
    assert lines["CBGD"].split()[1:5] == ["0", "/", "3", "—"] and "0 / 3 — thiếu" in lines["CBGD"]
    assert "2 dòng trực tuyến ghi đơn vị không khớp kế hoạch" in out
    kd = next(x for x in out.splitlines() if "KHỐI ĐẢNG" in x)
    assert f"{truth['CBVP'] + truth['CBTG']} / 8 — thiếu" in kd
    assert (f"Khối Đảng: {truth['KD']} phiếu trực tuyến chỉ ghi tên khối" in out) == bool(truth["KD"])
    ub = next(x for x in out.splitlines() if "KHỐI UBND" in x)
    assert f"{truth['CBKB']} / 6 — thiếu" in ub  # CBKB met, CBGD not: the block is short
    table = list(csv.DictReader(io.StringIO((tmp_path / "v.csv").read_text(encoding="utf-8"))))
    assert {r["Mã"]: int(r["Trực tuyến hợp lệ"]) for r in table if r["Cấp"] in ("khối", "đơn vị")} == {
        u.code: truth[u.code] for u in plan.units}
    assert [r["Dòng có vấn đề"] for r in table if r["Cấp"] == "chưa rõ"] == ["2"]  # the names matching nothing

    # the missing answers arrive, typed in yet other ways
    more = ["Ban Tuyên giáo"] + ["phong gd&đt"] * 3 + ["CÔNG AN HUYỆN"] * 6
    (tmp_path / "b.csv").write_text(export(template, plan, more, 4), encoding="utf-8")
    assert run(capsys, "--plan", sheet, "import-online", tmp_path / "b.csv", "--db", db)[0] == 0
    code, out, _ = run(capsys, "--plan", sheet, "validate", "--db", db)
    assert code == 0 and out.rstrip().endswith("Đạt yêu cầu kế hoạch.")
    lines = {x.split()[0]: x for x in out.splitlines() if x.strip()}
    assert "5 / 5 — đủ" in lines["CBTG"] and "3 / 3 — đủ" in lines["CBGD"] and "10 / 10 — đủ" in lines["DBCA"]
    assert "2 dòng trực tuyến ghi đơn vị không khớp kế hoạch" in out  # still shown, to be settled


def test_an_organisation_added_to_the_spreadsheet_counts_answers_already_stored(tmp_path, capsys, template):
    sheet = workbook(tmp_path / "plan.xlsx", units=ONLINE_UNITS, settings=ONLINE_SETTINGS)
    plan = load_plan_sheet(sheet)
    db = tmp_path / "s.db"
    (tmp_path / "a.csv").write_text(export(template, plan, ["Chi bộ Thủy lợi"] * 3, 5), encoding="utf-8")
    code, out, _ = run(capsys, "--plan", sheet, "import-online", tmp_path / "a.csv", "--db", db)
    assert "3 có vấn đề" in out
    assert 'đơn vị "Chi bộ Thủy lợi" không có trong kế hoạch' in out and "unit not in the plan" not in out
    code, out, _ = run(capsys, "--plan", sheet, "validate", "--db", db)
    assert "3 dòng trực tuyến ghi đơn vị không khớp kế hoạch" in out and "CBTL" not in out

    added = [*ONLINE_UNITS, ["CBTL", "Chi bộ Phòng Nông nghiệp", "Chi bộ cơ quan", "UBND", 0, None,
                             "Chi bộ Thủy lợi; Phòng Nông nghiệp và PTNT", None, None]]
    sheet2 = workbook(tmp_path / "plan2.xlsx", units=added, settings=ONLINE_SETTINGS)
    code, out, _ = run(capsys, "--plan", sheet2, "validate", "--db", db)  # nothing imported again
    line = next(x for x in out.splitlines() if x.startswith("CBTL"))
    assert "3 / 3 — đủ" in line and "dòng trực tuyến chưa rõ đơn vị 0" in out


def test_map_unit_makes_an_unknown_name_count(tmp_path, capsys, template):
    sheet = workbook(tmp_path / "plan.xlsx", units=ONLINE_UNITS, settings=ONLINE_SETTINGS)
    plan = load_plan_sheet(sheet)
    db = tmp_path / "s.db"
    typed = ["Trường PTDTNT huyện"] * 2 + ["trường ptdtnt huyện"] + ["Phòng GD&ĐT"] * 1
    (tmp_path / "a.csv").write_text(export(template, plan, typed, 6), encoding="utf-8")
    code, out, _ = run(capsys, "--plan", sheet, "import-online", tmp_path / "a.csv", "--db", db)
    assert code == 0
    hints = [x for x in out.splitlines() if "× survey map-unit" in x]
    assert [x.strip() for x in hints] == ['3 × survey map-unit "Trường PTDTNT huyện" MÃ_ĐƠN_VỊ --reviewer TÊN']  # one fix, both spellings
    code, out, _ = run(capsys, "--plan", sheet, "validate", "--db", db, "--out", tmp_path / "v.xlsx")
    assert code == 7 and "1 / 3 — thiếu" in next(x for x in out.splitlines() if x.startswith("CBGD"))
    assert "3 dòng trực tuyến ghi đơn vị không khớp kế hoạch" in out
    book = load_workbook(tmp_path / "v.xlsx")
    assert book.sheetnames == ["Kiểm tra kế hoạch", "Tóm tắt"] and book.worksheets[0].freeze_panes == "C2"
    table = [dict(zip([c.value for c in book.worksheets[0][1]], [c.value for c in r], strict=True))
             for r in book.worksheets[0].iter_rows(min_row=2)]
    unknown = [r for r in table if r["Cấp"] == "chưa rõ"]
    assert len(unknown) == 1 and unknown[0]["Dòng có vấn đề"] == 3
    ub = next(r for r in table if r["Mã"] == "UBND" and r["Cấp"] == "khối")
    assert ub["Trực tuyến tính chỉ tiêu"] is None  # a khối's own answers meet no minimum
    summary = [c.value for c in book.worksheets[1]["A"]][1:]
    assert summary == out.rstrip("\n").split("\n\n", 1)[1].splitlines()[: len(summary)]
    code, out, err = run(capsys, "--plan", sheet, "map-unit", "Trường PTDTNT huyện", "CBGD", "--reviewer", "Lan",
                         "--db", db)
    assert code == 0, err
    code, out, _ = run(capsys, "--plan", sheet, "validate", "--db", db)
    assert "4 / 3 — vượt" in next(x for x in out.splitlines() if x.startswith("CBGD"))  # all three spellings
    ub = next(x for x in out.splitlines() if "KHỐI UBND" in x)
    assert "4 / 6 — thiếu" in ub  # CBKB has none yet
    assert "dòng trực tuyến chưa rõ đơn vị 0" in out


def test_report_sample_section_lists_each_block_and_organisation(tmp_path, template, small):
    """Section II of the report reads the same figures: each block's total, then its organisations."""
    import datetime as dt

    import docx

    from scanner.report import Options, Quality, build
    from scanner.report.word import render_docx
    from scanner.tally import tally

    recs = online("KD", 2) + online("CBVP", 4) + online("CBTG", 1) + online("MS", 12) + paper("KD", 2)
    v = validate(small, recs, {}, 0, 0)
    rep = build(template, small, tally(template, small, recs), v, Quality(), Options(10, dt.date(2023, 11, 24)))
    document = docx.Document(str(render_docx(rep, tmp_path / "r.docx")))
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in document.tables]
    online_table = next(t for t in tables if t[0][:3] == ["Đơn vị", "Trực tuyến tối thiểu", "Hợp lệ"])
    rows = {r[0]: r[1:] for r in online_table[1:]}
    assert rows["Cộng: Khối Đảng (2 đơn vị, 1 chưa đủ)"] == ["8", "5", "4", "Thiếu"]  # the cells' answers
    assert rows["Khối Đảng (ghi tên khối)"][:2] == ["—", "2"]
    assert rows["Chi bộ Văn phòng Huyện ủy"] == ["3", "4", "0", "Đạt"]
    assert rows["Chi bộ Ban Tuyên giáo"] == ["5", "1", "4", "Thiếu"]
    assert rows["Đảng bộ Công an huyện"] == ["10", "0", "10", "Thiếu"]  # no answers, still listed
    assert rows["Cộng: Đảng bộ xã, thị trấn (2 đơn vị, 2 chưa đủ)"] == ["100", "12", "88", "Thiếu"]
    names = [r[0] for r in online_table[1:]]
    assert all(u.name in names or f"{u.name} (ghi tên khối)" in names for u in small.units)


def test_shipped_plan_counts_the_names_the_issue_tried(tmp_path, capsys, template, plan):
    """"Xã Sì Lở Lầu" and "Chi bộ Kho bạc…" were problem rows when the plan held only the 12 paper units."""
    typed = ["Xã Sì Lở Lầu", "xa si lo lau", "Chi bộ Kho bạc Nhà nước huyện", "Kho bạc huyện", "Chi bộ Kho bạc"]
    (tmp_path / "a.csv").write_text(export(template, plan, typed, 8), encoding="utf-8")
    db = tmp_path / "s.db"
    code, out, _ = run(capsys, "import-online", tmp_path / "a.csv", "--db", db)
    assert code == 0 and "1 có vấn đề" in out and 'đơn vị "Chi bộ Kho bạc" không có trong kế hoạch' in out
    code, out, _ = run(capsys, "validate", "--db", db)
    lines = {x.split()[0]: x for x in out.splitlines() if x.strip()}
    assert code == 7
    assert "2 / 50 — thiếu" in lines["SLL"] and "2 / 3 — thiếu" in lines["CBKB"]
    assert "0 / 3 — thiếu" in lines["CBVP"] and "0 / 10 — thiếu" in lines["DBCA"]
    assert "1 dòng trực tuyến ghi đơn vị không khớp kế hoạch" in out
    assert run(capsys, "map-unit", "Chi bộ Kho bạc", "CBKB", "--reviewer", "Lan", "--db", db)[0] == 0
    code, out, _ = run(capsys, "validate", "--db", db)
    assert "3 / 3 — đủ" in next(x for x in out.splitlines() if x.startswith("CBKB"))


def test_tally_by_unit_follows_the_blocks_and_names_khoi_only_answers(template, tmp_path):
    from scanner.tally import GROUP_UNIT, tally

    late_cell = [r for r in UNITS if r[0] != "CBKB"] + [r for r in UNITS if r[0] == "CBKB"]  # added last by the office
    small = load_plan_sheet(workbook(tmp_path / "plan.xlsx", units=late_cell))
    recs = online("MS", 2) + online("CBKB", 1) + online("KD", 3) + online("CBVP", 1)
    t = tally(template, small, recs)
    assert t.group_keys(GROUP_UNIT) == ["KD", "CBVP", "CBKB", "MS"]  # under its block, before the communes
    labels = dict(zip(t.counts.group_key[t.counts.group == GROUP_UNIT], t.counts.group_label[t.counts.group == GROUP_UNIT],
                      strict=True))
    assert labels["KD"] == "Khối Đảng (không rõ đơn vị trong khối)" and labels["CBVP"] == small.unit("CBVP").name
