"""Automatic layout and the online form, on both questionnaires, checked against the questionnaire itself."""

import json

import pytest
from conftest import ROOT
from test_questionnaire import EXAMPLE, KS24, xlsform

from scanner.cli import main
from scanner.fonts import text_width_mm
from scanner.layout import LEFT, RIGHT, build_layout
from scanner.online_form import batch_update, export_header, form_items
from scanner.questionnaire import Kind, load_questionnaire
from scanner.template import load_template, parse_template


@pytest.fixture(scope="module", params=[EXAMPLE, KS24], ids=["example", "ks24"])
def built(request):
    q = load_questionnaire(request.param)
    return q, parse_template(build_layout(q), str(request.param))


def test_shipped_template_is_the_example_built(template):
    """templates/ballot_layout.json is exactly what `build` makes of the example: nothing placed by hand."""
    raw = json.loads((ROOT / "templates" / "ballot_layout.json").read_text(encoding="utf-8"))
    assert raw == json.loads(json.dumps(build_layout(load_questionnaire(EXAMPLE)), ensure_ascii=False))


def test_page_counts(built):
    q, t = built
    assert t.pages == {"KH35": 4, "KS24": 6}[q.survey_id]  # the example's number and date fill a second sheet
    assert t.pages % 2 == 0
    assert {f.page for f in t.fiducials} == set(range(1, t.pages + 1))


def test_every_item_is_laid_out_once_with_its_number(built):
    q, t = built
    for it in q.items():
        if it.kind == Kind.note:
            assert any(it.label.startswith(x.text) or x.text in it.label for x in t.texts)
        elif it.kind == Kind.grid:
            assert t.groups[it.id] == tuple(r.id for r in it.rows)
            assert t.group_numbers[it.id] == it.number
            assert [o.label for o in t.question(it.rows[0].id).options] == [c.label for c in it.choices]
        else:
            tq = t.question(it.id)
            assert tq.number == it.number and tq.text == it.label
            if it.kind in (Kind.single, Kind.multiple):
                assert [o.id for o in tq.options] == [c.id for c in it.choices]
                assert tq.other_option == it.other_option
            elif it.kind in (Kind.number, Kind.date):  # a digit grid: ten bubbles per digit, a write-in box each
                assert (tq.type, tq.digits, len(tq.options), len(tq.comb)) == (it.kind, it.digits, 10 * it.digits,
                                                                               it.digits)
            assert tq.other_of == it.other_of
        if it.number:
            assert any(x.text.startswith(f"Câu {it.number}. ") for x in t.texts), it.id


def test_a_question_and_a_grid_stay_on_one_page(built):
    q, t = built
    for it in q.items():
        if it.kind == Kind.grid:
            assert len({t.question(r.id).page for r in it.rows}) == 1
        title = next((x for x in t.texts if x.text.startswith(f"Câu {it.number}. ")), None) if it.number else None
        if title is not None and it.kind != Kind.grid:
            tq = t.question(it.id)
            assert title.page == tq.page
            boxes = [o.box for o in tq.options] + ([tq.area] if tq.area else [])
            assert all(title.y < b.y for b in boxes)


def test_text_stays_within_the_margins(built):
    _, t = built
    for x in t.texts:
        w = text_width_mm(x.text, x.font, x.size_pt)
        left = {"left": x.x, "center": x.x - w / 2, "right": x.x - w}[x.align]
        assert left >= LEFT - 0.01 and left + w <= RIGHT + 0.5, x.text


def test_short_options_share_a_row_and_long_ones_get_a_line_each(tmp_path):
    long = ("Một phương án trả lời rất dài, dài đến mức không thể đặt hai phương án như vậy cạnh nhau trên một dòng "
            "và cũng không thể in hết trên một dòng của trang giấy khổ A4")
    survey = [{"type": "select_one short", "name": "s", "label": "Ngắn"},
              {"type": "select_one long", "name": "l", "label": "Dài"}]
    choices = [("short", "1", "Có"), ("short", "2", "Không"), ("short", "3", "Không biết"),
               ("long", "1", long), ("long", "2", f"{long} nữa"), ("long", "3", "Ngắn")]
    t = parse_template(build_layout(load_questionnaire(xlsform(tmp_path / "f.xlsx", survey, choices))))
    assert len({o.box.y for o in t.question("s").options}) == 1
    ys = [o.box.y for o in t.question("l").options]
    assert len(set(ys)) == 3 and len({o.box.x for o in t.question("l").options}) == 1
    assert ys[1] - ys[0] > 7.5  # a wrapped label takes two lines
    assert sum(1 for x in t.texts if x.text and x.text in long) >= 2


def test_a_long_questionnaire_is_laid_out_as_a_booklet(tmp_path):
    survey = [{"type": "text", "name": f"t{i}", "label": f"Câu hỏi {i}", "lines": "20"} for i in range(20)]
    t = build_layout(load_questionnaire(xlsform(tmp_path / "f.xlsx", survey, [])))
    assert t["pages"] == 20 and t["fiducials"]["dictionary"] == "DICT_4X4_250"


def test_official_header_and_example_label(template):
    texts = {x.text: x for x in template.texts if x.page == 1}
    party = texts["ĐẢNG CỘNG SẢN VIỆT NAM"]
    assert texts["HUYỆN ỦY PHONG THỔ"].x < party.x and texts["BAN TUYÊN GIÁO"].font == "bold"
    assert texts["*"].y > texts["BAN TUYÊN GIÁO"].y
    underline = [ln for ln in template.lines if ln.page == 1 and abs(ln.y1 - party.y) < 3]
    half = text_width_mm(party.text, party.font, party.size_pt) / 2
    assert underline and abs(underline[0].x1 - (party.x - half)) < 0.1
    assert any(x.text.startswith("MẪU VÍ DỤ") for x in texts.values())
    assert any("tô kín ô đã đánh dấu sai" in x.text for x in template.texts)


def test_build_command_writes_the_template(capsys, tmp_path):
    out = tmp_path / "layout.json"
    assert main(["build", str(KS24), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "6 trang = 3 tờ" in printed and "trang 1: câu 1, 2," in printed
    assert load_template(out).survey_id == "KS24"


def test_build_reports_every_problem_one_line_each(capsys, tmp_path):
    survey = [{"type": "select_one yn", "name": "x", "label": "Đầu"},
              {"type": "text", "name": "t", "label": "T", "lines": "99"},
              {"type": "geopoint", "name": "g", "label": "Vị trí"},
              {"type": "integer", "name": "n", "label": "N", "constraint": ". >= 18 and"}]
    bad = xlsform(tmp_path / "bad.xlsx", survey, [("yn", "1", "Có"), ("yn", "2", "Không")], {"form_id": "T", "breakdowns": "t"})
    assert main(["build", str(bad), "--out", str(tmp_path / "x.json")]) == 4
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(": ")[2] for line in lines] == [
        "trang survey, dòng 3, cột lines", "trang survey, dòng 5, cột constraint", "trang settings, cột breakdowns"]
    assert all(line.startswith(f"lỗi / error: {bad}: ") for line in lines)
    assert not (tmp_path / "x.json").exists()


def test_online_form_matches_the_template(capsys, tmp_path, plan):
    out = tmp_path / "ks.json"
    assert main(["build", str(KS24), "--out", str(out)]) == 0
    t = load_template(out)
    gs = tmp_path / "form.gs"
    assert main(["--template", str(out), "online-form", "--out", str(gs)]) == 0
    script = gs.read_text(encoding="utf-8")
    body = json.loads(gs.with_suffix(".batchUpdate.json").read_text(encoding="utf-8"))
    created = [r["createItem"]["item"] for r in body["requests"][1:]]
    unit = created[0]
    assert unit["title"] == "Đơn vị công tác hoặc xã, thị trấn nơi cư trú"
    assert unit["questionItem"]["question"]["choiceQuestion"]["type"] == "DROP_DOWN"
    names = [o["value"] for o in unit["questionItem"]["question"]["choiceQuestion"]["options"]]
    heads = {u.parent for u in plan.units if u.parent}
    assert heads  # the shipped plan has blocks with member cells: none of them may be picked online
    assert sorted(names) == sorted(u.name for u in plan.units if u.code not in heads)
    pos = {n: i for i, n in enumerate(names)}

    def top(u):
        return top(plan.unit(u.parent)) if u.parent else u

    for block in heads:  # a block's members stand together, in plan order
        at = [pos[u.name] for u in plan.units if u.parent and top(u).code == block]
        assert at == list(range(at[0], at[0] + len(at)))
    for kind in {u.type for u in plan.units if not u.parent and u.code not in heads}:
        at = sorted(pos[u.name] for u in plan.units if u.type == kind and not u.parent and u.code not in heads)
        assert at == list(range(at[0], at[0] + len(at)))  # e.g. the communes stand together
    titles = {i["title"]: i for i in created}
    for q in t.questions:
        if q.other_of:
            continue
        if q.group:
            grid = titles[t.group_texts[q.group]]["questionGroupItem"]
            assert {"rowQuestion": {"title": q.text}} in [{"rowQuestion": x["rowQuestion"]} for x in grid["questions"]]
            continue
        item = titles[q.online_title]
        assert json.dumps(q.online_title, ensure_ascii=False) in script
        if q.type == Kind.text:
            continue
        if q.type in (Kind.number, Kind.date):  # typed online: a number checked as one, a date as a date
            assert ("dateQuestion" if q.type == Kind.date else "textQuestion") in item["questionItem"]["question"]
            continue
        options = item["questionItem"]["question"]["choiceQuestion"]["options"]
        want = [{"value": o.label} for o in q.options if o.id != q.other_option]
        assert options == want + ([{"isOther": True}] if q.other_option else [])
    c1 = t.question("c1")
    assert c1.max_choices == 2 and "requireSelectAtMost(2)" in script
    assert sum(1 for i in created if "pageBreakItem" in i) == len(t.sections)


def test_export_header_is_the_templates_online_columns(plan):
    """The CSV that Google exports from this form has exactly the columns the import reads."""
    from scanner.corpus.online import header

    t = load_template()
    assert ["Dấu thời gian", *export_header(t, plan)] == header(t, vietnamese=True)
    kinds = [i.kind for i in form_items(t, plan)]
    assert kinds.count("grid") == 1 and kinds[0] == "unit"
    assert batch_update(t, plan)["requests"][0]["updateFormInfo"]["info"]["title"] == t.title


def test_the_online_form_checks_a_numbers_range_from_its_constraint(tmp_path, plan):
    """t13n's T5: `. >= 15 and . <= 99` is a number between 15 and 99 as the respondent types it, not only a whole
    number; a bound alone is one check; a constraint that is no plain range keeps the whole-number check."""
    from scanner.online_form import apps_script

    survey = [{"type": "integer", "name": "age", "label": "Tuổi", "constraint": ". >= 15 and . <= 99"},
              {"type": "integer", "name": "kids", "label": "Số con", "constraint": ". < 20"},
              {"type": "decimal", "name": "land", "label": "Diện tích", "constraint": "0.1 <= ."},
              {"type": "integer", "name": "rooms", "label": "Số phòng", "constraint": ". > 0 or . = -1"},
              {"type": "integer", "name": "n", "label": "Số người"}]
    t = parse_template(build_layout(load_questionnaire(xlsform(tmp_path / "n.xlsx", survey, []))))
    script = apps_script(t, plan)
    rules = [line.split("createTextValidation().")[1] for line in script.splitlines() if "createTextValidation" in line]
    assert rules == [
        'requireNumberBetween(15, 99).setHelpText("Nhập một số từ 15 đến 99.").build());',
        'requireNumberLessThanOrEqualTo(19).setHelpText("Nhập một số không quá 19.").build());',
        'requireNumberGreaterThanOrEqualTo(0.1).setHelpText("Nhập một số từ 0,1 trở lên.").build());',
        "requireWholeNumber().build());", "requireWholeNumber().build());"]
