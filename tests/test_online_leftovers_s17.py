"""Issue 22, the online side's leftovers of session 16 (each test failed before its fix).

- The Google Form opened on the plan's Vietnamese unit question for every form, a Portuguese one's too: it is now asked
  where the form's settings ask it (unit_question, unit_after), in the form's language; a form without it has none,
  and its download imports with no unit, which validation says in words.
- A KoboToolbox export with labels writes a select_multiple's options as "Question label/Option label" columns; options
  of one list that share a label ("Desaguadero" in Bolivia and in Peru) gave every such column to the first option.
- A download of a Google Form made before its questions' titles were told apart (UNHCR's five "Description") came up
  for map-column, column by column of one title: its columns are taken in the form's order when count and place fit.
- A repeat with no label was titled online by its XLSForm name ("Edu ind — … [1]"); now by its first question.
- online_titles.distinct, distinct_choices and roster.parse_roster each numbered clashing names with a loop of their
  own; one helper (tell_apart) does it, name for name as they did.
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

    assert main(["--template", str(layout), "online-form", "--out", str(tmp_path / "pt.gs")]) == 0
    assert "biểu mẫu không hỏi đơn vị của kế hoạch" in capsys.readouterr().err  # the office is told why

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


# ---- a download of a Google Form made before its questions' titles were told apart ----

def _old_titles(t) -> dict[str, str]:
    """The title each question had on a Google Form made before session 16, where it was shared: question title
    now -> the title then, its printed words (which questions shared)."""
    from collections import Counter

    shared = Counter(q.text for q in t.questions)
    return {q.online_title: q.text for q in t.questions if shared[q.text] > 1 and q.online_title != q.text}


def _import(tmp_path, layout, rows, capsys, name):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    (tmp_path / f"{name}.csv").write_text(buf.getvalue(), encoding="utf-8")
    db = tmp_path / f"{name}.db"
    assert main(["--template", str(layout), "import-online", str(tmp_path / f"{name}.csv"), "--db", str(db)]) == 0
    said = capsys.readouterr()
    assert main(["--template", str(layout), "export", "--db", str(db)]) == 0
    records = sorted((json.loads(x) for x in capsys.readouterr().out.splitlines()), key=lambda r: r["submitted_at"])
    return records, said.err


def test_an_earlier_downloads_columns_of_one_shared_title_are_taken_in_the_forms_order(tmp_path, plan, capsys):
    t, layout = _built(tmp_path, XLSFORMS / "unhcram_weekly_report.xlsx")
    old = _old_titles(t)
    assert {"Description", "Do you have any information to report in this section this week?"} <= set(old.values())
    text, truth = responses(t, plan, 20, 11, vietnamese=False, shape="download")
    rows = list(csv.reader(io.StringIO(text)))
    head = [old.get(h, h) for h in rows[0]]  # as the form made before titled its columns
    assert head.count("Description") == 5
    ids = [q.id for q in t.questions if q.online_title in old]
    want = [{q: w["answers"][q] for q in ids} for w in sorted(truth, key=lambda w: w["submitted_at"])]
    records, said = _import(tmp_path, layout, [head, *rows[1:]], capsys, "old")
    assert [{q: r["answers"][q] for q in ids} for r in records] == want
    assert said.count("theo thứ tự của biểu mẫu") == 1 and '5 cột cùng tên "Description"' in said
    assert "cột không khớp" not in said

    # one "Description" column fewer than the questions that had it (a column deleted in the Sheet): which is
    # which is not known, so none is guessed, each comes up for map-column
    gone = head.index("Description")
    cut = [[c for k, c in enumerate(r) if k != gone] for r in [head, *rows[1:]]]
    records, said = _import(tmp_path, layout, cut, capsys, "cut")
    assert said.count('"Description": cột không khớp câu hỏi nào') == 4
    described = [q.id for q in t.questions if old.get(q.online_title) == "Description"]
    assert not any(r["answers"][q] for r in records for q in described)

    # a column of that title out of the form's order (moved to the end): not taken by order either
    moved = [[*r[:gone], *r[gone + 1:], r[gone]] for r in [head, *rows[1:]]]
    records, said = _import(tmp_path, layout, moved, capsys, "moved")
    assert said.count('"Description": cột không khớp câu hỏi nào') == 5


# ---- a repeat with no label, titled online as a person reads it ----

def _untitled_roster(tmp_path, name, first, second, title, settings=None):
    survey = [{"type": "integer", "name": "n", "label": second[1]},
              {"type": "begin_repeat", "name": "edu_ind", "label": None, "repeat_count": "3"},
              {"type": "text", "name": "child_name", "label": first},
              {"type": "select_one yn", "name": "school", "label": second[0]},
              {"type": "end_repeat", "name": "", "label": None}]
    choices = [("yn", "1", second[2], None), ("yn", "2", second[3], None)]
    path = workbook(tmp_path / f"{name}.xlsx", ["type", "name", "label", "repeat_count"], survey,
                    ["list_name", "name", "label", "x"], choices, {"form_title": title, "form_id": name, **(settings or {})})
    return _built(tmp_path, path, f"{name}.json")


def test_a_repeat_with_no_label_is_titled_online_by_its_first_question_in_the_forms_language(tmp_path, plan, capsys):
    t, layout = _untitled_roster(tmp_path, "school", "Name of the child",
                                 ("Does ${child_name} go to school?", "How many children live in your household?",
                                  "Yes", "No"), "Schooling of the children")
    cells = [it for it in form_items(t, plan) if it.question_ids and "[" in it.question_ids[0]]
    assert [it.title for it in cells[:2]] == ["List of “Name of the child” — Name of the child [1]",
                                              "List of “Name of the child” — Does …… go to school? [1]"]
    assert not [it for it in cells if "edu" in it.title.casefold()]  # never the XLSForm's name
    # a download of the form made before, titled by the name ("Edu ind — … [1]"), still imports
    text, truth = responses(t, plan, 6, 2, vietnamese=False, shape="download")
    rows = list(csv.reader(io.StringIO(text)))
    head = [h.replace("List of “Name of the child”", "Edu ind") for h in rows[0]]
    assert sum(h.startswith("Edu ind — ") for h in head) == 6
    records, said = _import(tmp_path, layout, [head, *rows[1:]], capsys, "old_roster")
    ids = [q.id for q in t.questions]
    assert [{q: r["answers"][q] or None for q in ids} for r in records] == [
        {q: w["answers"][q] or None for q in ids} for w in sorted(truth, key=lambda w: w["submitted_at"])]
    assert "cột không khớp" not in said

    t, _ = _untitled_roster(tmp_path, "truong", "Họ và tên của cháu",
                            ("Cháu có đi học không?", "Gia đình ông/bà có mấy cháu đang ở cùng?", "Có", "Không"),
                            "Việc học của các cháu", {"frame_language": "vi"})
    first = next(it for it in form_items(t, plan) if it.question_ids == ("child_name[1]",))
    assert first.title == "Danh sách “Họ và tên của cháu” — Họ và tên của cháu [1]"


# ---- one rule for names that clash: question titles, option labels, roster cells ----

def _old_titles_rule(titles, key):  # online_titles.distinct's own loop before session 17
    counts: dict[str, int] = {}
    for t in titles:
        counts[key(t)] = counts.get(key(t), 0) + 1
    seen: dict[str, int] = {}
    out = []
    for t in titles:
        if counts[key(t)] > 1:
            seen[key(t)] = seen.get(key(t), 0) + 1
            t = f"{t} ({seen[key(t)]})"
        out.append(t)
    return out


def _old_choices_rule(titles, key, taken):  # online_titles.distinct_choices' own loop before session 17
    counts: dict[str, int] = {}
    for t in titles:
        counts[key(t)] = counts.get(key(t), 0) + 1
    seen: dict[str, int] = {}
    out = []
    for t in titles:
        if counts[key(t)] > 1 or key(t) in taken:
            base, k = t, seen.get(key(t), 0)
            while key(t) in taken or t == base:
                k += 1
                t = f"{base} ({k})"
            seen[key(base)] = k
        out.append(t)
        taken.add(key(t))
    return out


def _old_roster_rule(labels):  # roster.parse_roster's own loop before session 17
    said: dict[str, int] = {}
    out = []
    for label in labels:
        said[label] = said.get(label, 0) + 1
        out.append(label if said[label] == 1 else f"{label} ({said[label]})")
    return out


def test_one_helper_names_clashing_titles_options_and_cells_as_the_three_loops_did():
    import random

    from scanner.online_titles import _same, tell_apart
    from scanner.spellings import norm

    rng = random.Random(17)
    words = ["Description", "description", "Desaguadero", "Desaguadero (Peru)", "Desaguadero (1)", "Nao Aplicavel",
             "Não aplicável", "Gender", "Gender (2)", "4", ">4"]
    for _ in range(3000):
        names = [rng.choice(words) for _ in range(rng.randint(1, 7))]
        assert tell_apart(names, norm) == _old_titles_rule(names, norm)
        taken = {_same(w) for w in rng.sample(words, rng.randint(0, 3))}
        mine, theirs = set(taken), set(taken)
        assert tell_apart(names, _same, mine) == _old_choices_rule(names, _same, theirs) and mine == theirs
        assert tell_apart(names, first_plain=True) == _old_roster_rule(names)


# ---- a label's bare own number taken off: the title it had online stays an alias ----

ONLINE = Path(__file__).parent / "data" / "online"


def test_a_download_of_the_form_made_before_its_roster_lost_its_bare_number_still_imports(tmp_path, plan, capsys):
    """formhub_groups_in_repeats' roster "7 Children" is now number 7, "Children" (xlsform_finish.bare_next): its
    cells' titles lost the "7 ". The download kept here was made by main's code at the end of session 16 (its Google
    Form, its responses and their truth: benchmarks' corpus.online.responses, 8 rows): all 18 roster columns were
    unknown, every roster answer lost."""
    t, layout = _built(tmp_path, XLSFORMS / "formhub_groups_in_repeats.xls")
    head = next(csv.reader(io.StringIO((ONLINE / "main_s16_formhub_groups_in_repeats.csv").read_text("utf-8"))))
    old = [h for h in head if h.startswith("7 Children — ")]
    assert len(old) == 18 and not [q for q in t.questions if q.online_title in old]  # titled anew
    db = tmp_path / "old.db"
    assert main(["--template", str(layout), "import-online", str(ONLINE / "main_s16_formhub_groups_in_repeats.csv"),
                 "--db", str(db)]) == 0
    said = capsys.readouterr().err
    assert "không có cột" not in said and "7 Children" not in said
    assert main(["--template", str(layout), "export", "--db", str(db)]) == 0
    got = sorted((json.loads(x) for x in capsys.readouterr().out.splitlines()), key=lambda r: r["submitted_at"])
    truth = sorted(json.loads((ONLINE / "main_s16_formhub_groups_in_repeats.truth.json").read_text("utf-8")),
                   key=lambda r: r["submitted_at"])
    assert len(got) == len(truth) == 8
    for r, w in zip(got, truth, strict=True):
        assert r["unit"] == w["unit"]
        assert {k: r["answers"].get(k) for k, v in w["answers"].items() if v not in (None, "", [])} == \
            {k: v for k, v in w["answers"].items() if v not in (None, "", [])}
    assert any(v for w in truth for k, v in w["answers"].items() if k.startswith("children/name["))
