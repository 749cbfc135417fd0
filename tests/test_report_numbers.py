"""The report's "results by unit and group" for number questions, and its heading only when something is under it.

t13n's T2: a form whose content holds a two-option choice, a number and a date printed the heading
"2. Kết quả theo đơn vị và nhóm người trả lời" with nothing under it (only choices of three options or more and
grids qualified). Numbers now break down by unit and by each breakdown question (mean / median); a form with
nothing to break down prints no heading. Expected figures are computed here from the records themselves.
"""

from __future__ import annotations

import datetime as dt
import statistics

from test_kinds import _form

from scanner.layout import build_layout
from scanner.numbering import number_questions, split_profile
from scanner.questionnaire import load_questionnaire
from scanner.records import Record
from scanner.report import Options, Quality, build
from scanner.report.model import Heading, Table
from scanner.report.results import breakdown_blocks
from scanner.tally import tally
from scanner.template import parse_template
from scanner.validate import validate


def _template(tmp_path, survey, breakdowns=""):
    return parse_template(build_layout(load_questionnaire(_form(tmp_path / "f.xlsx", survey, breakdowns))), "f")


def _records(plan, rows):
    units = [u.code for u in plan.units if u.paper and not plan.is_khoi(u)][:2]
    return [Record(f"r{k}", "paper", units[k % 2], None, "final", answers, []) for k, answers in enumerate(rows)]


def _vi(x: float) -> str:
    return f"{x:g}".replace(".", ",") if x == int(x) else f"{x:.2f}".replace(".", ",")


def test_numbers_are_broken_down_by_unit_and_by_a_banded_breakdown(tmp_path, plan):
    survey = [{"type": "select_one yn", "name": "ok", "label": "Có bảo hiểm?"},
              {"type": "integer", "name": "age", "label": "Tuổi", "bands": "18 40 60"},
              {"type": "integer", "name": "visits", "label": "Số lần khám"},
              {"type": "date", "name": "on", "label": "Ngày phỏng vấn"}]
    template = _template(tmp_path, survey, "age")
    ages = [25, 33, 45, 52, 61, 70, 30, 48]
    visits = [1, 4, 2, 7, 3, 10, None, 5]
    rows = [{"ok": ["1"], "age": a, "visits": v, "on": "2026-11-20"} for a, v in zip(ages, visits, strict=True)]
    recs = _records(plan, rows)
    t = tally(template, plan, recs)
    _, content = split_profile(number_questions(template))
    blocks = breakdown_blocks(t, template, content, min_group=2)
    tables = {}
    for k, b in enumerate(blocks):
        if isinstance(b, Heading):
            tables[b.text.split(". ", 1)[1]] = next(x for x in blocks[k + 1:] if isinstance(x, Table))
    assert set(tables) == {"Theo đơn vị", "Theo tuổi"}
    label = {item.id: item.label for item in content}
    by_unit = tables["Theo đơn vị"]
    assert by_unit.headers == ("Nhóm", f"{label['age']}: trung bình / trung vị",
                               f"{label['visits']}: trung bình / trung vị")
    names = {u.code: u.name for u in plan.units}
    expected_rows = []
    for unit in dict.fromkeys(r.unit for r in recs):
        mine = [r for r in recs if r.unit == unit]
        cells = []
        for q in ("age", "visits"):
            vals = [r.answers[q] for r in mine if r.answers[q] is not None]
            cells.append(f"{_vi(round(statistics.fmean(vals), 2))} / {_vi(statistics.median(vals))}")
        expected_rows.append((names[unit], *cells))
    assert sorted(by_unit.rows) == sorted(expected_rows)
    by_age = tables["Theo tuổi"]
    assert by_age.headers == ("Nhóm", f"{label['visits']}: trung bình / trung vị")  # not age by its own bands
    bands = {"18–39": [1, 4], "40–59": [2, 7, 5], "từ 60": [3, 10]}  # age 30 gave no visits
    assert list(by_age.rows) == [(b, f"{_vi(round(statistics.fmean(v), 2))} / {_vi(statistics.median(v))}")
                                 for b, v in bands.items()]


def test_a_group_smaller_than_the_least_shows_how_many_answered(tmp_path, plan):
    template = _template(tmp_path, [{"type": "integer", "name": "visits", "label": "Số lần khám"}])
    recs = _records(plan, [{"visits": 3}, {"visits": 5}, {"visits": 8}])
    t = tally(template, plan, recs)
    _, content = split_profile(number_questions(template))
    (table,) = [b for b in breakdown_blocks(t, template, content, min_group=2) if isinstance(b, Table)]
    assert sorted(c for _, c in table.rows) == ["(1)", "5,50 / 5,50"]


def test_nothing_to_break_down_prints_no_heading(tmp_path, plan):
    survey = [{"type": "select_one yn", "name": "ok", "label": "Có bảo hiểm?"},
              {"type": "date", "name": "on", "label": "Ngày phỏng vấn"}]
    template = _template(tmp_path, survey)
    recs = _records(plan, [{"ok": ["1"], "on": "2026-11-20"}, {"ok": ["2"], "on": "2026-11-21"}])
    t = tally(template, plan, recs)
    _, content = split_profile(number_questions(template))
    assert breakdown_blocks(t, template, content, min_group=1) == []
    v = validate(plan, recs, {r.record_id: r.received for r in recs}, 0, 0)
    rep = build(template, plan, t, v, Quality(), Options(10, dt.date(2026, 12, 1)))
    headings = [b.text for b in rep.blocks if isinstance(b, Heading)]
    assert "1. Kết quả theo từng câu hỏi" in headings
    assert not any(h.startswith("2. Kết quả theo đơn vị") for h in headings)


def test_a_year_is_written_without_a_thousands_dot(tmp_path, plan):
    """“Năm vào Đảng” (`. >= 1960 and . <= 2023`) printed “1.993” and a mean “2.009,75” (docs/forms_trial_s14_vi.md)."""
    from scanner.report.results import number_blocks

    survey = [{"type": "integer", "name": "joined", "label": "Năm vào Đảng", "constraint": ". >= 1960 and . <= 2023"},
              {"type": "integer", "name": "income", "label": "Thu nhập (nghìn đồng)"}]
    template = _template(tmp_path, survey)
    years, incomes = [1993, 2001, 2010, 2012], [1500, 2500, 4000, 12000]
    t = tally(template, plan, _records(plan, [{"joined": y, "income": i} for y, i in zip(years, incomes, strict=True)]))
    (joined, *_) = [b for b in number_blocks(t, template.question("joined")) if isinstance(b, Table)]
    everyone = next(r for r in joined.rows if r[0] == "Chung")
    assert everyone[2:] == (_vi(statistics.fmean(years)), _vi(statistics.median(years)), "1993", "2012")
    (income, *_) = [b for b in number_blocks(t, template.question("income")) if isinstance(b, Table)]
    assert next(r for r in income.rows if r[0] == "Chung")[4:] == ("1.500", "12.000")  # other numbers keep the dot


def test_no_comment_is_not_listed_as_an_opinion(tmp_path, plan):
    """“Không có ý kiến” written by five people was reported as “Có 7 ý kiến … Không có ý kiến (5 ý kiến)”."""
    from scanner.numbering import number_questions
    from scanner.report.model import Para
    from scanner.report.results import question_blocks

    template = _template(tmp_path, [{"type": "text", "name": "idea", "label": "Kiến nghị, đề xuất"}])
    said = ["Không có ý kiến", "không có ý kiến.", "Không", "...", "Không có ý kiến",
            "Tăng cường đào tạo tiếng dân tộc", "Tăng cường đào tạo tiếng dân tộc", "Cần thêm phụ cấp"]
    t = tally(template, plan, _records(plan, [{"idea": x} for x in said]))
    item = next(x for s in number_questions(template) for x in s.items if x.id == "idea")
    paras = [b.text for b in question_blocks(t, template, item) if isinstance(b, Para)]
    assert paras[0].startswith("Có 3 ý kiến ghi thêm, gộp thành 2 nội dung")
    assert paras[1:] == ["Tăng cường đào tạo tiếng dân tộc (2 ý kiến)", "Cần thêm phụ cấp",
                         "5 người ghi “không có ý kiến” hoặc tương tự, không tính là ý kiến."]
