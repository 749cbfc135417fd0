"""Review B of session 17, the online side (each test failed before its fix).

- A form that asks no unit: a row of an earlier download naming an organisation the plan lacks was counted as "the
  form asks no unit", and the `map-unit` hint was lost (finding 4).
- A form that asks no unit could never pass `validate` while the plan has online minimums: they are now not
  measurable, said once, and fail nothing; paper minimums stay (finding 6).
- A roster's notes printed on paper under its title but reached no Google Form item: they are stored under the roster
  while the Google Form looked hints up cell by cell (finding 8); they now open the roster's first cell.
- A KoboToolbox/ODK export with labels gave every column of a label several questions share (UNHCR's five
  "Description") to the first of them (finding 5): the k-th column of it is now the k-th question, in the form's
  order, when the file has one column for each and they sit in the form's order; otherwise none is guessed.
- Tally named the answers of a form that asks no unit "Chưa rõ đơn vị", as if a unit were to be found: it now says
  the form asks none.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from pathlib import Path

from online_tools import Submission, kobo_rows, write_kobo_csv

from scanner.cli import main
from scanner.corpus.online import responses
from scanner.online.channels import Channel
from scanner.online.xlsform import Role, map_form_columns
from scanner.online_form import apps_script, form_items
from scanner.records import Record
from scanner.tally import GROUP_UNIT, UNKNOWN_UNIT, tally
from scanner.template import load_template
from scanner.validate import validate
from scanner.vocab import QuotaState, RecordStatus

XLSFORMS = Path(__file__).parent / "data" / "xlsforms"
OLD_UNIT_TITLE = "Đơn vị công tác hoặc xã, thị trấn nơi cư trú"  # the unit question of Google Forms made before s17


def _built(tmp_path, xlsx: Path, name: str = "t.json"):
    layout = tmp_path / name
    assert main(["build", str(xlsx), "--out", str(layout)]) == 0
    return load_template(layout), layout


def _write(path: Path, rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def test_an_unknown_unit_in_an_earlier_download_is_a_unit_to_map_even_where_the_form_asks_none(tmp_path, plan, capsys):
    t, layout = _built(tmp_path, XLSFORMS / "hluvukani_A_encontros_sensibilizacao.xlsx")  # no unit setting
    db = tmp_path / "s.db"
    new, _ = responses(t, plan, 4, 5, vietnamese=False, shape="download")  # today's form: no unit column
    _write(tmp_path / "new.csv", list(csv.reader(io.StringIO(new))))
    old_text, _ = responses(t, plan, 3, 9, vietnamese=False, shape="download")
    rows = list(csv.reader(io.StringIO(old_text)))
    named = [plan.units[1].name, "Đảng uỷ Nơi Không Có", plan.units[2].name]  # the earlier form asked the unit
    rows = [[rows[0][0], OLD_UNIT_TITLE, *rows[0][1:]]] + [[r[0], u, *r[1:]] for r, u in zip(rows[1:], named)]
    _write(tmp_path / "old.csv", rows)
    for f in ("new.csv", "old.csv"):
        assert main(["--template", str(layout), "import-online", str(tmp_path / f), "--db", str(db)]) == 0
    assert "map-unit" in capsys.readouterr().out
    main(["--template", str(layout), "validate", "--db", str(db)])
    said = capsys.readouterr().out
    assert "dòng trực tuyến chưa rõ đơn vị 1;" in said  # the unknown name: a unit to settle
    assert "Có 1 dòng trực tuyến ghi đơn vị không khớp kế hoạch" in said and "survey map-unit" in said
    assert "Có 4 câu trả lời trực tuyến không có đơn vị" in said  # only the rows that named none


def test_online_minimums_are_not_measurable_where_the_form_asks_no_unit_and_fail_nothing(tmp_path, plan, capsys):
    t, layout = _built(tmp_path, XLSFORMS / "hluvukani_A_encontros_sensibilizacao.xlsx")
    minimums = [u for u in plan.units if u.online_min]
    assert minimums  # the shipped plan has online minimums per unit type
    no_paper = dataclasses.replace(plan, units=tuple(dataclasses.replace(u, paper=0) for u in plan.units))
    asked = validate(no_paper, [], {}, 0, 0, unit_asked=True)
    assert not asked.ok and sum(u.online_short for u in asked.units) > 0  # a form that asks: short, as before
    v = validate(no_paper, [], {}, 0, 0, unit_asked=False)
    assert v.ok and v.online_unmeasured == len(minimums)
    assert {u.online_state for u in v.units if u.online_min} == {QuotaState.unmeasured}
    assert not any(u.online_short or u.hard_failures for u in v.units)
    assert {b.online_state for b in v.blocks if b.online_min} == {QuotaState.unmeasured}

    text, _ = responses(t, plan, 6, 3, vietnamese=False, shape="download")
    _write(tmp_path / "r.csv", list(csv.reader(io.StringIO(text))))
    db = tmp_path / "s.db"
    assert main(["--template", str(layout), "import-online", str(tmp_path / "r.csv"), "--db", str(db)]) == 0
    capsys.readouterr()
    main(["--template", str(layout), "validate", "--db", str(db)])
    said = capsys.readouterr().out
    line = [x for x in said.splitlines() if "không đo được:" in x]
    assert len(line) == 1 and f"của {len(minimums)} đơn vị" in line[0] and "unit_question" in line[0]
    failed = next(x for x in said.splitlines() if x.startswith("CHƯA ĐẠT"))
    assert "thiếu phiếu giấy" in failed and "trực tuyến" not in failed  # paper minimums stay as they are
    assert main(["--template", str(layout), "report", "--db", str(db), "--out", str(tmp_path / "r.pdf")]) == 0
    said = capsys.readouterr().out
    assert "phiếu giấy" in said and "trực tuyến tối thiểu" not in said  # the provisional banner: paper only
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Không đo được" in html and "không hỏi đơn vị" in html


def test_a_rosters_note_is_the_help_of_its_first_cell_on_the_google_form(tmp_path, plan):
    t, _ = _built(tmp_path, XLSFORMS / "onadata_repeat_w_note.xlsx")
    note = "Please provide full names"  # the repeat's hint in the XLSForm (a phone shows it)
    assert any(note in str(v) for v in t.online.get("hints", {}).values())
    roster = next(iter(t.rosters))
    cells = [it for it in form_items(t, plan) if any(t.question(i).roster == roster for i in it.question_ids
                                                        if i != "unit")]
    assert len(cells) > 1
    assert note in cells[0].help and not any(note in it.help for it in cells[1:])  # once, where the roster opens
    assert apps_script(t, plan).count(note) == 1


def test_tally_says_the_form_asks_no_unit_rather_than_that_the_unit_is_unknown(tmp_path, plan, capsys):
    t, layout = _built(tmp_path, XLSFORMS / "onadata_testing_repeats.xlsx")  # no unit setting
    text, _ = responses(t, plan, 5, 4, vietnamese=False, shape="download")
    _write(tmp_path / "r.csv", list(csv.reader(io.StringIO(text))))
    db = tmp_path / "s.db"
    assert main(["--template", str(layout), "import-online", str(tmp_path / "r.csv"), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["--template", str(layout), "export", "--db", str(db)]) == 0
    records = [Record(**json.loads(x)) for x in capsys.readouterr().out.splitlines()]
    assert len(records) == 5 and all(r.unit is None for r in records)
    assert all(r.status == RecordStatus.final for r in records)
    counts = tally(t, plan, records).counts
    by_unit = counts[counts.group == GROUP_UNIT]
    assert set(by_unit.group_label) == {"Biểu mẫu trực tuyến không hỏi đơn vị"}
    assert UNKNOWN_UNIT not in set(counts.group_label)


def _unhcr_kobo(tmp_path, plan):
    """UNHCR's weekly report as a KoboToolbox labels export: every text answer names its question ("v context")."""
    t, layout = _built(tmp_path, XLSFORMS / "unhcram_weekly_report.xlsx")
    _, truth = responses(t, plan, 3, 7, vietnamese=False, shape="download")
    at = dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    subs = []
    for k, w in enumerate(truth):
        answers = {q.id: f"v {q.id} {k}" if q.type == "text" and not q.roster else w["answers"].get(q.id)
                   for q in t.questions}
        subs.append(Submission(answers, plan.units[0].code, at + dt.timedelta(hours=k),
                               at + dt.timedelta(hours=k, minutes=5), number=700 + k))
    return t, layout, subs, kobo_rows(t, plan, subs, labels=True)


def test_a_kobo_label_exports_columns_of_a_label_several_questions_share_are_taken_in_the_forms_order(
        tmp_path, plan, capsys):
    t, layout, subs, rows = _unhcr_kobo(tmp_path, plan)
    head = rows[0]
    described = [q.id for q in t.questions if q.text == "Description"]
    assert head.count("Description") == len(described) == 5
    cols = map_form_columns(t, head, Channel.kobo, {})
    assert [c.key for c in cols if c.title == "Description"] == described
    shared = {q.text for q in t.questions if not q.roster} - {q.text for q in t.questions if not q.roster
                                                               and [x.text for x in t.questions].count(q.text) == 1}
    assert len(shared) >= 3  # the yes/no, the categories (and their option columns), "Please specify other"
    for c in cols:  # every column of a shared label, whole or per option, is its own question's
        if c.role in (Role.answer, Role.option) and c.title.split("/")[0] in shared:
            assert t.question(c.key).text == c.title.split("/")[0]
            assert c.by_order or c.role is Role.option  # (an option only one of them has is that one's)

    path = write_kobo_csv(tmp_path / "k.csv", rows)
    db = tmp_path / "k.db"
    assert main(["--template", str(layout), "import-online", str(path), "--db", str(db)]) == 0
    said = capsys.readouterr().err
    assert '5 cột cùng nhãn "Description" được ghép lần lượt' in said and "không khớp câu hỏi nào" not in said
    assert main(["--template", str(layout), "export", "--db", str(db)]) == 0
    got = sorted((json.loads(x) for x in capsys.readouterr().out.splitlines()), key=lambda r: r["submitted_at"])
    ids = [q.id for q in t.questions if q.text in shared]
    for r, s in zip(got, subs, strict=True):
        want = {q: sorted(s.answers[q]) if isinstance(s.answers[q], list) else s.answers[q] for q in ids}
        assert {q: sorted(r["answers"][q]) if isinstance(r["answers"][q], list) else r["answers"][q]
                for q in ids} == want


def test_a_kobo_label_export_whose_shared_label_columns_do_not_fit_guesses_none(tmp_path, plan):
    t, _, _, rows = _unhcr_kobo(tmp_path, plan)
    head = rows[0]
    gone = head.index("Description")
    cut = [h for k, h in enumerate(head) if k != gone]  # one column fewer than the questions of the label
    assert {c.role for c in map_form_columns(t, cut, Channel.kobo, {}) if c.title == "Description"} == {Role.unknown}
    moved = [*cut, "Description"]  # as many, but one out of the form's order
    assert {c.role for c in map_form_columns(t, moved, Channel.kobo, {}) if c.title == "Description"} == {Role.unknown}
