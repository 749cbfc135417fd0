"""Columns and answers that differ from the template: visible problems, settled by a mapping for every stored row."""

import json

from online_forms import RESPONSES, api_json, by_unit, cli, expected, imported, online, row, sheet_vi, table, write_csv

from scanner.kinds import Kind
from scanner.online import split_choices
from scanner.online.choices import read_choice


def test_a_deleted_column_is_a_problem_for_the_file_not_empty_answers(capsys, tmp_path, template, plan):
    """Case 5: a2 deleted in the Sheet. Responses seen before keep their a2; new ones wait for a reviewer."""
    db = tmp_path / "o.db"
    r1, r2, r3 = RESPONSES[:3]
    imported(capsys, db, write_csv(tmp_path / "full.csv", table(template, [r1, r2])))
    rows = table(template, [r1, r2, r3])
    i = rows[0].index(template.question("a2").online_title)
    rows = [r[:i] + r[i + 1:] for r in rows]
    out, err = imported(capsys, db, write_csv(tmp_path / "cut.csv", rows))
    assert "không có cột cho câu hỏi a2. Giới tính" in err and "1 mới" in out
    recs = {r.unit: r for r in online(db, template, plan)}
    assert len(recs) == 3
    assert recs["MS"].answers == r1["expect"] and recs["MS"].status == "final"
    assert recs["NX"].answers == r2["expect"] and recs["NX"].status == "final"
    bl = recs["BL"]
    assert bl.status == "needs_review" and bl.answers == dict(r3["expect"], a2=[])
    assert any("không có cột cho câu hỏi a2" in p for p in bl.problems)


def test_a_renamed_title_waits_and_a_mapping_settles_every_stored_row(capsys, tmp_path, template, plan):
    """Case 6: the office renamed a2's column; map-column applies to the rows already imported."""
    db = tmp_path / "o.db"
    rows = table(template, RESPONSES[:3])
    i = rows[0].index(template.question("a2").online_title)
    rows[0][i] = "Giới tính của Đồng chí"
    out, err = imported(capsys, db, write_csv(tmp_path / "r.csv", rows))
    assert "\"Giới tính của Đồng chí\": cột không khớp" in err and "map-column" in err
    recs = online(db, template, plan)
    assert all(r.status == "needs_review" and r.answers["a2"] == [] for r in recs)
    code, out, _ = cli(capsys, "map-column", "Giới tính của Đồng chí", "a2", "--reviewer", "Lan",
                       "--comment", "đổi tên trong Sheet", "--db", db)
    assert code == 0 and "có vấn đề 0" in out
    recs = online(db, template, plan)
    assert len(recs) == 3 and by_unit(recs) == expected(RESPONSES[:3])
    assert all(r.status == "final" for r in recs)
    code, out, _ = cli(capsys, "status", "--db", db)
    assert "cột không khớp" not in out
    code, _, err = cli(capsys, "map-column", "Giới tính", "a3", "--reviewer", "Lan", "--db", db)
    assert code == 2 and "đã khớp câu hỏi a2" in err
    code, _, err = cli(capsys, "map-column", "Cột lạ", "z9", "--reviewer", "Lan", "--db", db)
    assert code == 2 and "không có trong mẫu phiếu" in err


def test_an_unknown_unit_waits_and_map_unit_settles_it(capsys, tmp_path, template, plan):
    db = tmp_path / "o.db"
    r1, r2 = RESPONSES[:2]
    imported(capsys, db, write_csv(tmp_path / "r.csv", table(template, [r1, dict(r2, unit="Tổ của tôi (cũ)")])))
    recs = {r.record_id: r for r in online(db, template, plan)}
    [waiting] = [r for r in recs.values() if r.unit is None]
    code, out, _ = cli(capsys, "status", "--db", db, "--json")
    assert [(m["kind"], m["text"], m["count"]) for m in json.loads(out)["online"]["to_map"]] == [
        ("unit", "Tổ của tôi (cũ)", 1)]
    assert waiting.status == "needs_review" and "map-unit \"Tổ của tôi (cũ)\"" in waiting.problems[0]
    code, _, err = cli(capsys, "map-unit", "Tổ của tôi (cũ)", "ZZ", "--reviewer", "Lan", "--db", db)
    assert code == 2 and "NX" in err  # the message lists the plan's codes
    code, out, _ = cli(capsys, "map-unit", "tổ của TÔI (cũ)", "NX", "--reviewer", "Lan", "--db", db)
    assert code == 0 and "Trực tuyến của NX: 1" in out
    after = {r.record_id: r for r in online(db, template, plan)}
    assert after.keys() == recs.keys()
    assert after[waiting.record_id].unit == "NX" and after[waiting.record_id].status == "final"
    assert after[waiting.record_id].answers == r2["expect"]
    trail = [t for t in cli_trail(capsys, tmp_path, db) if t["sheet_id"] == "online:unit"]
    assert len(trail) == 1 and trail[0]["reviewer"] == "Lan" and "NX" in trail[0]["value"]


def cli_trail(capsys, tmp_path, db):
    import csv

    out = tmp_path / "trail.csv"
    code, _, _ = cli(capsys, "review", "--trail", out, "--db", db)
    assert code == 0
    return list(csv.DictReader(out.open(encoding="utf-8-sig")))


def test_an_option_worded_otherwise_is_a_problem_never_other(capsys, tmp_path, template, plan):
    """Case 7: `Mông (H'Mông)` for Mông, a q6 option missing one word; map-answer settles the first."""
    db = tmp_path / "o.db"
    r1, r2, r3 = RESPONSES[:3]
    rows = [table(template, [])[0],
            row(template, r1, sheet_vi(r1["at"]),
                q6="Trình độ chuyên môn, lý luận chính trị hạn chế, Kỹ năng lãnh đạo, quản lý, điều hành"),
            row(template, r2, sheet_vi(r2["at"]), a3="Mông (H'Mông)"),
            row(template, r3, sheet_vi(r3["at"]), a3="dao", q1="sinh hoạt chi bộ, cơ quan, đoàn thể, Cán Bộ Cơ Sở,"
                                                               " người có uy tín tuyên truyền")]
    imported(capsys, db, write_csv(tmp_path / "r.csv", rows))
    recs = {r.unit: r for r in online(db, template, plan)}
    nx, ms, bl = recs["NX"], recs["MS"], recs["BL"]
    assert nx.status == "needs_review" and nx.answers["a3"] == [] and nx.other_text == {}
    assert any("Mông (H'Mông)" in p and "gần giống phương án \"Mông\"" in p for p in nx.problems)
    assert ms.status == "needs_review" and ms.answers["q6_other"] is None and "6" not in ms.answers["q6"]
    assert any("gần giống phương án \"Trình độ chuyên môn" in p for p in ms.problems)
    assert bl.status == "final" and bl.answers == r3["expect"]  # case, spacing and accents only: the same option
    code, out, _ = cli(capsys, "status", "--db", db, "--json")
    to_map = [(m["kind"], m["text"], m["question"], m["suggestion"], m["count"]) for m in json.loads(out)["online"]["to_map"]]
    assert sorted(to_map) == [("answer", "Mông (H'Mông)", "a3", "4", 1), (
        "answer", "Trình độ chuyên môn, lý luận chính trị hạn chế, Kỹ năng lãnh đạo, quản lý, điều hành", "q6", "1", 1)]
    code, out, _ = cli(capsys, "status", "--db", db)
    assert "1 × survey map-answer \"Mông (H'Mông)\" a3 4" in out
    code, out, _ = cli(capsys, "map-answer", "Mông (H'Mông)", "a3", "4", "--reviewer", "Lan", "--db", db)
    assert code == 0 and "\"Mông\"" in out
    nx = next(r for r in online(db, template, plan) if r.unit == "NX")
    assert nx.status == "final" and nx.answers == r2["expect"]
    code, _, err = cli(capsys, "map-answer", "x", "a3", "99", "--reviewer", "Lan", "--db", db)
    assert code == 2 and "4 = Mông" in err


def test_other_text_is_cut_only_at_exact_option_boundaries(template):
    """Case 8: an "Other" text that starts with an option's wording does not tick that option."""
    q6 = template.question("q6")
    c = read_choice("Năng lực ứng dụng công nghệ thông tin, Thiếu kinh nghiệm thực tiễn", q6)
    assert (c.options, c.other, c.problems) == (["3", "6"], "Thiếu kinh nghiệm thực tiễn", [])
    c = read_choice("kỹ năng lãnh đạo, quản lý, điều hành còn yếu, ngại va chạm", q6)
    assert "2" not in c.options and c.problems and c.other is None
    c = read_choice("Tinh thần trách nhiệm còn thấp", q6)
    assert (c.options, c.other, c.problems) == (["6"], "Tinh thần trách nhiệm còn thấp", [])
    # The Forms API gives each ticked option and the "Other" text as separate entries: no ambiguity.
    c = read_choice(["Kỹ năng lãnh đạo, quản lý, điều hành, xử lý tình huống còn yếu và chậm"], q6)
    assert (c.options, c.other, c.problems) == (["6"], "Kỹ năng lãnh đạo, quản lý, điều hành, xử lý tình huống "
                                                      "còn yếu và chậm", [])
    c = read_choice(["Kỹ năng lãnh đạo, quản lý, điều hành", "Ít kinh nghiệm"], q6)
    assert (c.options, c.other, c.problems) == (["2", "6"], "Ít kinh nghiệm", [])
    # Single choice: the whole cell is one answer, commas and all.
    a3 = template.question("a3")
    c = read_choice("Hoa, Nùng", a3)
    assert (c.options, c.other, c.problems) == (["8"], "Hoa, Nùng", [])
    assert split_choices("Mạng xã hội, internet, Zalo, Facebook", template.question("q1")) == (["4"], "Zalo, Facebook")


def test_other_text_through_the_api(capsys, tmp_path, template, plan):
    db = tmp_path / "o.db"
    r1 = dict(RESPONSES[0])
    r1["entries"] = dict(r1["entries"], q6=["Kỹ năng lãnh đạo, quản lý, điều hành", "Thiếu kinh nghiệm, ngại va chạm"])
    f, m = api_json(tmp_path / "r.json", template, [r1], ["X1"], ["2023-11-08T02:15:32Z"])
    imported(capsys, db, f, "--mapping", m)
    [rec] = online(db, template, plan)
    assert rec.answers == r1["expect"] and rec.status == "final"
    data = json.loads(f.read_text(encoding="utf-8"))
    assert data["responses"][0]["responseId"] == "X1"


def test_an_alias_added_to_the_plan_or_template_later_applies_to_stored_rows(capsys, tmp_path, template, raw_plan,
                                                                              raw_template):
    """Case 6 the other way: the office edits the JSON as the message suggests; nothing is re-imported."""
    db = tmp_path / "o.db"
    r1, r2 = RESPONSES[:2]
    rows = table(template, [r1, dict(r2, unit="Chi bộ của tôi")])
    i = rows[0].index(template.question("a5").online_title)
    rows[0][i] = "Học vấn"
    imported(capsys, db, write_csv(tmp_path / "r.csv", rows))
    code, out, _ = cli(capsys, "status", "--db", db, "--json")
    assert len(json.loads(out)["online"]["rows_with_problems"]) == 2
    next(u for u in raw_plan["units"] if u["code"] == "NX")["aliases"].append("Chi bộ của tôi")
    next(q for q in raw_template["questions"] if q["id"] == "a5")["online_aliases"] = ["Học vấn"]
    p, t = tmp_path / "plan.json", tmp_path / "layout.json"
    p.write_text(json.dumps(raw_plan, ensure_ascii=False), encoding="utf-8")
    t.write_text(json.dumps(raw_template, ensure_ascii=False), encoding="utf-8")
    code, out, _ = cli(capsys, "--plan", p, "--template", t, "status", "--db", db, "--json")
    online_status = json.loads(out)["online"]
    assert online_status["rows"] == 2 and online_status["final"] == 2 and online_status["rows_with_problems"] == []


def test_one_response_settled_by_a_reviewer(capsys, tmp_path, template, plan):
    """What no mapping fixes (two answers to a one-choice question, no unit): settled per response, in the trail."""
    db = tmp_path / "o.db"
    r1, r2 = RESPONSES[:2]
    rows = table(template, [])[:1] + [row(template, r1, sheet_vi(r1["at"]), q2="Quan tâm, Ít quan tâm"),
                                      row(template, dict(r2, unit=""), sheet_vi(r2["at"]))]
    imported(capsys, db, write_csv(tmp_path / "r.csv", rows))
    recs = {r.answers["a1"][0]: r for r in online(db, template, plan)}
    double, no_unit = recs["2"], recs["5"]
    assert double.status == "needs_review" and double.answers["q2"] == ["2", "3"]
    assert no_unit.status == "needs_review" and no_unit.unit is None
    code, out, _ = cli(capsys, "status", "--db", db)
    assert "survey settle-online MÃ --answer CÂU=GIÁ_TRỊ" in out  # status says how, not only what
    code, _, err = cli(capsys, "settle-online", double.record_id, "--answer", "q2=2,3", "--reviewer", "Lan", "--db", db)
    assert code == 2 and "1 = Rất quan tâm" in err
    code, out, _ = cli(capsys, "settle-online", double.record_id, "--answer", "q2=3", "--reviewer", "Lan",
                       "--comment", "gọi điện hỏi lại", "--db", db)
    assert code == 0 and "final" in out
    code, out, _ = cli(capsys, "settle-online", no_unit.record_id, "--unit", "NX", "--reviewer", "Lan", "--db", db)
    assert code == 0 and "final" in out
    after = {r.record_id: r for r in online(db, template, plan)}
    assert after[double.record_id].answers == dict(r1["expect"], q2=["3"]) and after[double.record_id].status == "final"
    assert after[no_unit.record_id].unit == "NX" and after[no_unit.record_id].answers == r2["expect"]
    code, out, _ = cli(capsys, "settle-online", no_unit.record_id, "--discard", "--reviewer", "Lan", "--db", db)
    assert "discarded" in out
    assert sorted(r.status for r in online(db, template, plan)) == ["discarded", "final"]
    trail = [t for t in cli_trail(capsys, tmp_path, db) if t["sheet_id"].startswith("online:") and t["key"] == "q2"]
    assert len(trail) == 1 and trail[0]["comment"] == "gọi điện hỏi lại" and json.loads(trail[0]["machine"]) == ["2", "3"]
    code, _, err = cli(capsys, "settle-online", "online:0000", "--accept", "--reviewer", "Lan", "--db", db)
    assert code == 2 and "không có câu trả lời trực tuyến" in err


def test_a_near_answer_proposes_the_closest_option_not_the_first_it_contains(template):
    """"Ít được quan tâm" holds the words of "Quan tâm" and of "Ít quan tâm": the reviewer is offered the one it
    nearly spells, never its opposite because that option comes first. Found by a new user's trial."""
    q = next(q for q in template.questions if q.type == Kind.single
             and {"Quan tâm", "Ít quan tâm"} <= {o.label for o in q.options})
    little = next(o for o in q.options if o.label == "Ít quan tâm")
    c = read_choice("Ít được quan tâm", q)
    assert c.near == ("Ít được quan tâm", little.id) and c.options == [] and c.problems
    c = read_choice("Quan tâm nhiều", q)  # one word added to "Quan tâm" alone
    assert c.near is not None and q.option(c.near[1]).label == "Quan tâm"
