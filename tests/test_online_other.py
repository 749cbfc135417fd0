"""The "Other" answer: its typed text kept through every shape, its own wording never taken for a write-in."""

from __future__ import annotations

import pytest
from online_forms import RESPONSES, api_json, online, table, write_csv
from online_tools import kobo_rows, submissions, write_kobo_csv

from scanner.cli import main
from scanner.online.choices import read_choice


def imported(capsys, db, path, *extra):
    code = main([str(a) for a in ("import-online", path, "--db", db, *extra)])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_forms_api_keeps_the_other_text_for_one_and_several_choices(capsys, tmp_path, template, plan):
    r = dict(RESPONSES[1])
    r["cells"] = dict(r["cells"], a3="Hoa (người Hán)", q6="placeholder")
    r["entries"] = {"q6": ["Trình độ chuyên môn, lý luận chính trị còn hạn chế", "Ngại đi cơ sở, ít sâu sát"]}
    f, m = api_json(tmp_path / "r.json", template, [r], ["R1"], ["2023-11-09T07:02:10.123456Z"])
    imported(capsys, tmp_path / "o.db", f, "--mapping", m)
    [rec] = online(tmp_path / "o.db", template, plan)
    assert rec.answers["a3"] == ["8"] and rec.answers["a3_other"] == "Hoa (người Hán)"
    assert rec.answers["q6"] == ["1", "6"] and rec.answers["q6_other"] == "Ngại đi cơ sở, ít sâu sát"
    assert rec.other_text == {} and rec.status == "final"


@pytest.mark.parametrize("cell", ["Khác (ghi rõ)", "Khác", "khác:", "Other", "__other_option__"])
def test_the_other_options_own_wording_is_no_write_in(template, cell):
    c = read_choice(cell, template.question("a3"))
    assert (c.options, c.other, c.problems) == (["8"], None, [])
    c = read_choice(["Kỹ năng lãnh đạo, quản lý, điều hành", cell], template.question("q6"))
    assert (c.options, c.other, c.problems) == (["2", "6"], None, [])
    c = read_choice(f"Kỹ năng lãnh đạo, quản lý, điều hành, {cell}", template.question("q6"))
    assert (c.options, c.other, c.problems) == (["2", "6"], None, [])
    c = read_choice(["__other_option__", "Hoa"], template.question("a3"))
    assert (c.options, c.other, c.problems) == (["8"], "Hoa", [])
    # A real text that merely starts like the word stays a write-in.
    assert read_choice("Khác biệt vùng miền", template.question("a3")).other == "Khác biệt vùng miền"


def test_other_cell_holding_the_label_through_csv_and_kobo(capsys, tmp_path, template, plan):
    r = dict(RESPONSES[0])
    r["cells"] = dict(r["cells"], a3="Khác", q6="Kỹ năng lãnh đạo, quản lý, điều hành, Khác (ghi rõ)")
    imported(capsys, tmp_path / "g.db", write_csv(tmp_path / "g.csv", table(template, [r])))
    [rec] = online(tmp_path / "g.db", template, plan)
    assert (rec.answers["a3"], rec.answers["a3_other"], rec.answers["q6"], rec.answers["q6_other"]) == (
        ["8"], None, ["2", "6"], None)
    [s] = submissions(1)
    s.answers = dict(s.answers, a3=["8"], a3_other="Khác", q6_other="Lào")
    imported(capsys, tmp_path / "k.db", write_kobo_csv(tmp_path / "k.csv", kobo_rows(template, plan, [s])))
    [rec] = online(tmp_path / "k.db", template, plan)
    assert (rec.answers["a3"], rec.answers["a3_other"], rec.answers["q6_other"]) == (["8"], None, "Lào")
