"""Issue 22, the online side's leftovers of session 16 (each test failed before its fix).

- The Google Form opened on the plan's Vietnamese unit question for every form, a Portuguese one's too: it is now asked
  where the form's settings ask it (unit_question, unit_after), in the form's language; a form without it has none,
  and its download imports with no unit, which validation says in words.
- A KoboToolbox export with labels writes a select_multiple's options as "Question label/Option label" columns; options
  of one list that share a label ("Desaguadero" in Bolivia and in Peru) gave every such column to the first option.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from online_tools import Submission, kobo_rows, write_kobo_xlsx
from test_cascade_online import _form
from test_structure_forms import workbook

from scanner.cli import main
from scanner.corpus.online import responses
from scanner.online.channels import Channel
from scanner.online.xlsform import Role, map_form_columns
from scanner.online_form import apps_script, export_header, form_items
from scanner.template import load_template
from scanner.vocab import FormItemKind

HANOI = dt.timezone(dt.timedelta(hours=7))


def _subs(plan, towns: list[list[str]]) -> list[Submission]:
    at = dt.datetime(2024, 3, 4, 9, 0, tzinfo=HANOI)
    unit = plan.units[0].code
    return [Submission({"country": ["pe" if "desPer" in t or "na_pe" in t else "bo"], "towns": t}, unit,
                       at + dt.timedelta(hours=k), at + dt.timedelta(hours=k, minutes=5), number=500 + k)
            for k, t in enumerate(towns)]


def test_a_kobo_label_exports_option_columns_of_one_shared_label_are_each_their_own_option(tmp_path, plan, capsys):
    t, layout = _form(tmp_path)
    towns = t.question("towns")
    shared = [o.id for o in towns.options if o.label == "Desaguadero"]
    assert shared == ["desBol", "desPer"]
    subs = _subs(plan, [["desPer"], ["desBol", "lapaz"], ["na_pe", "puno"], ["desPer", "na_bo"]])
    rows = kobo_rows(t, plan, subs, labels=True)
    head = rows[0]
    # KoboToolbox's own shape: one "label/option label" column per option, in the list's order, the label as written
    assert [h for h in head if h.startswith("Towns crossed/")].count("Towns crossed/Desaguadero") == 2
    cols = [c for c in map_form_columns(t, head, Channel.kobo, {}) if c.role is Role.option and c.key == "towns"]
    assert [c.option for c in cols] == [o.id for o in towns.options]  # by the column's place among its label's

    path = write_kobo_xlsx(tmp_path / "kobo.xlsx", rows, sheet="Border")
    db = tmp_path / "k.db"
    assert main(["--template", str(layout), "import-online", str(path), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["--template", str(layout), "export", "--db", str(db)]) == 0
    got = sorted((json.loads(x) for x in capsys.readouterr().out.splitlines()), key=lambda r: r["submitted_at"])
    assert [sorted(r["answers"]["towns"]) for r in got] == [sorted(s.answers["towns"]) for s in subs]


# ---- the plan's unit question, only where the form's settings ask it ----

XLSFORMS = Path(__file__).parent / "data" / "xlsforms"
TEMPLATES = Path(__file__).parent.parent / "templates"


def _built(tmp_path, xlsx: Path, name: str = "t.json"):
    layout = tmp_path / name
    assert main(["build", str(xlsx), "--out", str(layout)]) == 0
    return load_template(layout), layout


def test_a_form_written_elsewhere_asks_no_unit_and_its_download_imports_without_one(tmp_path, plan, capsys):
    t, layout = _built(tmp_path, XLSFORMS / "hluvukani_A_encontros_sensibilizacao.xlsx")  # Portuguese, no unit setting
    items = form_items(t, plan)
    assert not [it for it in items if it.kind == FormItemKind.unit]
    script = apps_script(t, plan)
    assert "Đơn vị" not in script and "chi bộ" not in script  # no Vietnamese question on a Portuguese form
    assert all("unit" not in it.question_ids for it in items)
    assert export_header(t, plan)[0] == next(it.title for it in items if it.kind not in (FormItemKind.section,
                                                                                          FormItemKind.note))

    text, truth = responses(t, plan, 12, 5, vietnamese=False, shape="download")
    assert "Đơn vị" not in text.splitlines()[0] and all(w["unit"] is None for w in truth)
    (tmp_path / "pt.csv").write_text(text, encoding="utf-8")
    db = tmp_path / "pt.db"
    assert main(["--template", str(layout), "import-online", str(tmp_path / "pt.csv"), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "đơn vị (unit)" not in out  # no column is missing: the form asks none
    assert main(["--template", str(layout), "export", "--db", str(db)]) == 0
    records = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(records) == 12 and all(r["unit"] is None for r in records)
    assert not [p for r in records for p in r["problems"] if "đơn vị" in p]  # nothing to settle: none was asked
    main(["--template", str(layout), "validate", "--db", str(db)])
    said = capsys.readouterr().out
    assert "12 câu trả lời trực tuyến không có đơn vị: biểu mẫu trực tuyến không hỏi đơn vị" in said
    assert "dòng trực tuyến chưa rõ đơn vị 0" in said and "map-unit" not in said

    # a download of the Google Form made before, which asked the Vietnamese unit question: its unit is still read
    rows = list(csv.reader(io.StringIO(text)))
    unit = plan.units[1]
    rows = [[rows[0][0], "Đơn vị công tác hoặc xã, thị trấn nơi cư trú", *rows[0][1:]]] + [
        [r[0], unit.name, *r[1:]] for r in rows[1:]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    (tmp_path / "old.csv").write_text(buf.getvalue(), encoding="utf-8")
    db2 = tmp_path / "old.db"
    assert main(["--template", str(layout), "import-online", str(tmp_path / "old.csv"), "--db", str(db2)]) == 0
    capsys.readouterr()
    assert main(["--template", str(layout), "export", "--db", str(db2)]) == 0
    assert {json.loads(x)["unit"] for x in capsys.readouterr().out.splitlines()} == {unit.code}


def test_the_unit_question_is_asked_where_the_settings_put_it_in_the_forms_language(tmp_path, plan):
    survey = [{"type": "select_one yn", "name": "member", "label": "Você é membro da associação do bairro?"},
              {"type": "integer", "name": "idade", "label": "Quantos anos tem você? Não conte os meses."}]
    choices = [("yn", "1", "Sim", None), ("yn", "2", "Não", None)]
    path = workbook(tmp_path / "pt.xlsx", ["type", "name", "label"], survey, ["list_name", "name", "label", "x"],
                    choices, {"form_title": "Associação", "form_id": "assoc", "unit_after": "member",
                     "frame_language": "pt"})
    t, _ = _built(tmp_path, path)
    items = [it for it in form_items(t, plan) if it.kind != FormItemKind.section]
    kinds = [it.kind for it in items]
    assert kinds.index(FormItemKind.unit) == 1  # after "member", as the settings say
    unit = items[1]
    assert (unit.title, unit.help) == ("A sua unidade", "Escolha a sua unidade na lista.")
    assert unit.choices == tuple(u.name for u in plan.online_choices())

    path = workbook(tmp_path / "pt2.xlsx", ["type", "name", "label"], survey, ["list_name", "name", "label", "x"],
                    choices, {"form_title": "Associação", "form_id": "assoc",
                     "unit_question": "Núcleo da associação", "frame_language": "pt"})
    t, _ = _built(tmp_path, path, "t2.json")
    first = form_items(t, plan)[0]
    assert (first.kind, first.title, first.help) == (FormItemKind.unit, "Núcleo da associação",
                                                     "Escolha a sua unidade na lista.")


def test_the_bundled_vietnamese_questionnaire_still_opens_on_its_unit_question(tmp_path, plan):
    t, _ = _built(tmp_path, TEMPLATES / "example" / "questionnaire.xlsx")
    first = form_items(t, plan)[0]
    assert first.kind == FormItemKind.unit and first.title == "Đơn vị công tác hoặc xã, thị trấn nơi cư trú"
    assert first.help.startswith("Chọn chi bộ, đảng bộ nơi công tác")
    shipped = load_template(TEMPLATES / "ballot_layout.json")
    assert form_items(shipped, plan) == form_items(t, plan)
