"""What session 16's new-user trial of unseen XLSForms found (issue #22, docs/forms_trial_s16.md): each as the
smallest form that shows it, with the real form that brought it where it is in tests/data/xlsforms. Truths are
written out by hand from the forms' own words."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_forms_trial_s15 import xlsform

from benchmarks.realforms import DEFAULT_FORMS, cli
from scanner.kinds import Kind
from scanner.questionnaire import load_questionnaire
from scanner.template import load_template

YN = [("yn", "yes", "Yes"), ("yn", "no", "No")]
SETTINGS = {"form_title": "T", "form_id": "t"}


CONSENT = ("1)The enumerator’s identity or the name of his/her organization\n2)What is the purpose of the "
           "assessment\n3)Length of interview\n\nDo you agree to pursue the interview?")


def test_a_label_that_is_a_numbered_list_claims_no_number(tmp_path):
    """REACH's MSNA 2024 consent reads "1)The enumerator's identity…", "2)What is the purpose…", "3)…" on its
    lines: the "1" was taken as the question's own, so the form opened on "Question 2" and printed "Question 1."
    as its eleventh question. A list's first number is the list's; "7. Age" alone is still the label's own."""
    survey = [{"type": "select_one yn", "name": "modality", "label": "Survey modality"},
              {"type": "select_one yn", "name": "consent", "label": CONSENT},
              {"type": "text", "name": "age", "label": "7. Age of the respondent"},
              {"type": "text", "name": "name", "label": "Name"}]
    q = load_questionnaire(xlsform(tmp_path / "c.xlsx", survey, YN, SETTINGS))
    got = [(it.number, it.label[:16]) for it in q.items()]
    assert got == [("1", "Survey modality"), ("2", "1)The enumerator"), ("7", "Age of the respon"[:16]), ("8", "Name")]


@pytest.mark.slow  # reads two long workbooks through pyxform (10.5 s wall at load average 27)
def test_the_real_msnas_open_on_question_one():
    """Both REACH MSNA tools (2024's, new here, and the Idem template already in the set) opened on "Question 2"."""
    for name in ("reach_msna2024_kobo_tool.xlsx", "reach_idem_form.xlsx"):
        q = load_questionnaire(DEFAULT_FORMS / name)
        numbers = {it.id: it.number for it in q.items() if it.number}
        assert (numbers["survey_modality"], numbers["consent"]) == ("1", "10"), name


def test_a_repeat_with_no_label_is_titled_by_its_name(tmp_path):
    """REACH's MSNA 2024 has four repeats with no label (pyxform warns "Repeat has no label"): paper printed
    "Question 19." over the member blocks with nothing after it. The roster is titled by its name (its
    underscores as spaces), the only words the form gives it; online its cells' titles start with it too."""
    survey = [{"type": "integer", "name": "hh_size", "label": "How many people live here?"},
              {"type": "begin_repeat", "name": "hh_roster", "repeat_count": "${hh_size}"},
              {"type": "select_one yn", "name": "adult", "label": "Is this person an adult?"},
              {"type": "text", "name": "first", "label": "First name"},
              {"type": "end_repeat"}]
    path = xlsform(tmp_path / "r.xlsx", survey, YN, SETTINGS)
    roster = next(it for it in load_questionnaire(path).items() if it.kind is Kind.roster)
    assert roster.label == "Hh roster"
    assert cli(["build", str(path), "--out", str(tmp_path / "r.json")])[0] == 0
    printed = [t.text for t in load_template(tmp_path / "r.json").texts]
    assert "Question 2. Hh roster" in printed and "Question 2." not in printed


def test_a_required_write_in_is_not_missing_when_its_option_is_not_ticked(tmp_path):
    """Hluvukani's meeting form asks "Que tipo de encontro?" and, required, "Outro tipo de encontro?" only when
    `${encont} = 'Outro'`. The Google Form folds that write-in into the list's "Other" option; every online row
    that ticked another type was sent to review for "required answer missing encont_alt". A required write-in is
    missing only when its option is ticked and no words were written."""
    import csv

    from scanner.plan import load_plan

    survey = [{"type": "select_one kind", "name": "encont", "label": "Que tipo de encontro?", "required": "yes"},
              {"type": "text", "name": "encont_alt", "label": "Outro tipo de encontro?", "required": "yes",
               "relevant": "${encont} = 'Outro'"}]
    kinds = [("kind", "Bloco", "Encontro ao nível de Bloco"), ("kind", "Posto", "Encontro no Posto"),
             ("kind", "Outro", "Outro")]
    path = xlsform(tmp_path / "m.xlsx", survey, kinds, {"form_title": "Encontros", "form_id": "enc"})
    tpl = tmp_path / "m.json"
    assert cli(["build", str(path), "--out", str(tpl)])[0] == 0
    template = load_template(tpl)
    assert "encont_alt" in template.online["required"]
    unit = load_plan().online_choices()[0].name
    rows = [["Timestamp", template.online["unit_title"], "Que tipo de encontro?"],
            ["2023/11/08 9:15:32 AM GMT+7", unit, "Encontro no Posto"],
            ["2023/11/08 9:16:32 AM GMT+7", unit, "Outro"]]
    with (tmp_path / "r.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    code, out, err = cli(["--template", str(tpl), "import-online", str(tmp_path / "r.csv"), "--db",
                          str(tmp_path / "s.db")])
    assert code == 0, (out, err)
    said = out + err
    # the row that ticked "Encontro no Posto" needs nothing; the one that ticked "Outro" and wrote nothing does
    assert "dòng 2: thiếu câu trả lời bắt buộc encont_alt" not in said, said
    assert "dòng 3: thiếu câu trả lời bắt buộc encont_alt" in said, said
    assert "2 mới (new)" in said and "1 có vấn đề (with problems)" in said, said


def test_two_questions_with_one_title_each_take_their_own_column(tmp_path):
    """REACH's MSNA 2024 asks "Salaried work" (and 12 more titles) twice: the income from each source, then its
    share. Google writes a column for each, both titled alike; the import took both for the later question,
    so every online response lost the first answer and went to review ("no column for this question"). The
    Google Form now gives each its own title (online_titles.distinct: "Salaried work (Income in the last 30
    days)"), so the download's columns are the questions' own; a title still shared (two kinds of question)
    goes by order, the k-th column to the k-th question with it."""
    import csv

    from scanner.plan import load_plan

    survey = [{"type": "begin_group", "name": "amount", "label": "Income in the last 30 days"},
              {"type": "integer", "name": "salaried_n", "label": "Salaried work"},
              {"type": "integer", "name": "rent_n", "label": "Income from rent"},
              {"type": "end_group"},
              {"type": "begin_group", "name": "share", "label": "Share of the income, in percent"},
              {"type": "integer", "name": "salaried_prop", "label": "Salaried work"},
              {"type": "integer", "name": "rent_prop", "label": "Income from rent"},
              {"type": "end_group"}]
    path = xlsform(tmp_path / "i.xlsx", survey, YN, {"form_title": "Income", "form_id": "inc"})
    tpl = tmp_path / "i.json"
    assert cli(["build", str(path), "--out", str(tpl)])[0] == 0
    unit = load_plan().online_choices()[0].name
    template = load_template(tpl)
    titles = [template.question(q).online_title for q in ("salaried_n", "rent_n", "salaried_prop", "rent_prop")]
    assert titles[0] != titles[2] and titles[0].startswith("Salaried work") and titles[2].startswith("Salaried work")
    rows = [["Timestamp", template.online["unit_title"], *titles],
            ["2023/11/08 9:15:32 AM GMT+7", unit, "120", "30", "80", "20"]]
    with (tmp_path / "r.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    db = str(tmp_path / "s.db")
    code, out, err = cli(["--template", str(tpl), "import-online", str(tmp_path / "r.csv"), "--db", db])
    assert code == 0 and "0 có vấn đề (with problems)" in out + err, (out, err)
    code, out, err = cli(["--template", str(tpl), "export", "--db", db, "--format", "csv", "--out",
                          str(tmp_path / "e.csv")])
    assert code == 0, (out, err)
    with (tmp_path / "e.csv").open(encoding="utf-8-sig") as fh:
        got = next(csv.DictReader(fh))
    assert {k: got[k] for k in ("salaried_n", "rent_n", "salaried_prop", "rent_prop")} == {
        "salaried_n": "120", "rent_n": "30", "salaried_prop": "80", "rent_prop": "20"}


ESPECIFICAR = [{"type": "select_one sno", "name": "grupo", "label": "Faz parte de algum grupo?"},
               {"type": "text", "name": "grupo_esp", "label": "Especificar", "relevant": "${grupo} = 'sim'"},
               {"type": "select_one sno", "name": "apoio", "label": "Recebeu algum apoio?"},
               {"type": "text", "name": "apoio_esp", "label": "Especificar", "relevant": "${apoio} = 'sim'"}]
SNO = [("sno", "sim", "Sim"), ("sno", "nao", "Não"), ("sno", "outro", "Outro")]
WRITTEN = {"grupo_esp": "Associação de camponeses", "apoio_esp": "Sementes"}


def _import_and_export(tmp_path: Path, tpl: Path, header: list[str], answers: list[str]) -> tuple[str, dict]:
    """One download row as Google writes it (its header the Google Form's titles), imported, then exported: what the
    import said and the exported record."""
    import csv

    from scanner.plan import load_plan

    unit = load_plan().online_choices()[0].name
    rows = [["Timestamp", load_template(tpl).online["unit_title"], *header],
            ["2023/11/08 9:15:32 AM GMT+7", unit, *answers]]
    with (tmp_path / "r.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    db = str(tmp_path / "s.db")
    code, out, err = cli(["--template", str(tpl), "import-online", str(tmp_path / "r.csv"), "--db", db])
    assert code == 0, (out, err)
    code, out2, err2 = cli(["--template", str(tpl), "export", "--db", db, "--format", "csv", "--out",
                            str(tmp_path / "x.csv")])
    assert code == 0, (out2, err2)
    with (tmp_path / "x.csv").open(encoding="utf-8-sig") as fh:
        return out + err, next(csv.DictReader(fh))


def test_two_write_ins_asked_apart_with_one_label_each_take_their_own_column(tmp_path):
    """Sofala's forms complete "Sim" with a write-in labelled only "Especificar", in question after question. Such a
    write-in is asked online as a question of its own (write_ins.asked_apart), titled by its label: two of them
    shared the title "Especificar", the import sent both columns to the later one, so the first one's words were
    lost and every response went to review for a column it had. Each is now titled by the question it completes
    ("Especificar (Faz parte de algum grupo?)") and its words come back to it."""
    from scanner.online_form import export_header
    from scanner.plan import load_plan

    path = xlsform(tmp_path / "e.xlsx", ESPECIFICAR, SNO, {"form_title": "Grupos", "form_id": "grp"})
    tpl = tmp_path / "e.json"
    assert cli(["build", str(path), "--out", str(tpl)])[0] == 0
    template = load_template(tpl)
    assert (template.question("grupo_esp").other_of, template.question("apoio_esp").other_of) == ("grupo", "apoio")
    header = export_header(template, load_plan())  # the Google Form's own titles (no unit: none asked, s17)
    said, got = _import_and_export(tmp_path, tpl, header, ["Sim", WRITTEN["grupo_esp"], "Sim", WRITTEN["apoio_esp"]])
    assert "0 có vấn đề (with problems)" in said, said
    assert {k: got[k] for k in ("grupo", "apoio", *WRITTEN)} == {"grupo": "sim", "apoio": "sim", **WRITTEN}, got
    assert header == ["Faz parte de algum grupo?", "Especificar (Faz parte de algum grupo?)", "Recebeu algum apoio?",
                      "Especificar (Recebeu algum apoio?)"]


def test_two_write_ins_asked_apart_of_a_template_built_before_go_by_order(tmp_path):
    """A template built before those titles were told apart made a Google Form with two "Especificar" questions,
    and its downloads have two "Especificar" columns: Google writes them in the form's order, so the first goes to
    the first write-in, the second to the second, as two questions sharing a title do (online.columns.map_columns)."""
    import json

    path = xlsform(tmp_path / "e.xlsx", ESPECIFICAR, SNO, {"form_title": "Grupos", "form_id": "grp"})
    tpl = tmp_path / "e.json"
    assert cli(["build", str(path), "--out", str(tpl)])[0] == 0
    raw = json.loads(tpl.read_text(encoding="utf-8"))
    for qd in raw["questions"]:
        if qd["id"] in WRITTEN:
            qd["online_title"] = "Especificar"
    tpl.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    header = ["Faz parte de algum grupo?", "Especificar", "Recebeu algum apoio?", "Especificar"]
    said, got = _import_and_export(tmp_path, tpl, header, ["Sim", WRITTEN["grupo_esp"], "Sim", WRITTEN["apoio_esp"]])
    assert "0 có vấn đề (with problems)" in said, said
    assert {k: got[k] for k in WRITTEN} == WRITTEN, got


def test_a_second_write_in_for_one_option_is_not_required_online(tmp_path):
    """REACH's MSNA 2024 asks "Please specify the other sources of income" twice for one "Other" (once with the
    amounts, once with the shares). Paper prints the option's write-in once; the first stayed in the Google
    Form's required list with no question behind it, so every online response went to review for a "required
    answer missing" nobody could give."""
    import csv

    from scanner.plan import load_plan

    survey = [{"type": "select_multiple src", "name": "source", "label": "Sources of income", "required": "yes"},
              {"type": "text", "name": "other_n", "label": "Please specify the other sources of income:",
               "required": "yes", "relevant": "selected(${source}, 'other')"},
              {"type": "integer", "name": "total", "label": "Total income"},
              {"type": "text", "name": "other_prop", "label": "Please specify the other sources of income:",
               "required": "yes", "relevant": "selected(${source}, 'other')"}]
    src = [("src", "salaried", "Salaried work"), ("src", "rent", "Income from rent"), ("src", "other", "Other")]
    path = xlsform(tmp_path / "o.xlsx", survey, src, {"form_title": "Income", "form_id": "inc"})
    tpl = tmp_path / "o.json"
    assert cli(["build", str(path), "--out", str(tpl)])[0] == 0
    template = load_template(tpl)
    asked = {q.id for q in template.questions}
    assert set(template.online["required"]) <= asked
    unit = load_plan().online_choices()[0].name
    rows = [["Timestamp", template.online["unit_title"], "Sources of income", "Total income"],
            ["2023/11/08 9:15:32 AM GMT+7", unit, "Salaried work", "150"]]
    with (tmp_path / "r.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    code, out, err = cli(["--template", str(tpl), "import-online", str(tmp_path / "r.csv"), "--db",
                          str(tmp_path / "s.db")])
    assert code == 0 and "0 có vấn đề (with problems)" in out + err, (out, err)


def test_a_note_whose_condition_paper_cannot_state_says_so(tmp_path):
    """Hluvukani's delivery form looks the parcel up (`pulldata`) and, only when it is not found, says "Esta
    parcela nao existe. Por favor volte e reintroduza outro numero de recibo". Its condition names a calculate,
    nothing paper prints, and the note printed as if every respondent were to read it. It now says it applies
    only if instructed, as a question with such a condition does."""
    survey = [{"type": "integer", "name": "upn", "label": "Digite o numero de parcela/recibo:"},
              {"type": "calculate", "name": "resultado", "calculation": "pulldata('source', 'resultado', 'upn_key', ${upn})"},
              {"type": "note", "name": "preloadfail", "label": "Esta parcela nao existe. Por favor volte.",
               "relevant": "string-length(${resultado}) < 1"},
              {"type": "select_one yn", "name": "ok", "label": "Confirma a identidade do titular?",
               "relevant": "${resultado}='Declaracao emitida'"}]
    sim = [("yn", "sim", "Sim"), ("yn", "nao", "Não")]
    path = xlsform(tmp_path / "g.xlsx", survey, sim, {"form_title": "Entrega", "form_id": "g", "frame_language": "pt"})
    assert cli(["build", str(path), "--out", str(tmp_path / "g.json")])[0] == 0
    printed = [t.text for t in load_template(tmp_path / "g.json").texts]
    assert any(t.startswith("Se lhe for pedido: Esta parcela nao existe") for t in printed), printed
    assert "Responda só se lhe for pedido" in printed


def test_a_note_opening_on_a_computed_value_is_titled_by_its_words_online(tmp_path):
    """Hluvukani's forms open on a note `<br/> <span style="color:#57b055">${my_form_name}</span> <br/> Este
    formulário é utilizado…`: the calculate leaves a blank, and the Google Form's first item was titled "……"."""
    import json

    form = DEFAULT_FORMS / "hluvukani_A_encontros_sensibilizacao.xlsx"
    tpl = tmp_path / "a.json"
    assert cli(["build", str(form), "--out", str(tpl)])[0] == 0
    assert cli(["--template", str(tpl), "online-form", "--out", str(tmp_path / "a.gs")])[0] == 0
    items = [r["createItem"]["item"] for r in json.loads((tmp_path / "a.batchUpdate.json").read_text())["requests"]
             if "createItem" in r]
    intro = next(it for it in items if "textItem" in it)
    assert intro["title"].startswith("Este formulário é utilizado para capturar informação"), intro
    assert "……" not in intro["title"]


def test_a_template_built_before_still_imports_without_a_phantom_required_answer(tmp_path):
    """A template built by an earlier version keeps the dropped write-in in its required list: its online rows
    must not wait for an answer no item of the Google Form asks."""
    import csv
    import json

    from scanner.plan import load_plan

    survey = [{"type": "select_one kind", "name": "encont", "label": "Que tipo de encontro?", "required": "yes"}]
    kinds = [("kind", "Bloco", "Encontro ao nível de Bloco"), ("kind", "Outro", "Outro")]
    path = xlsform(tmp_path / "m.xlsx", survey, kinds, {"form_title": "Encontros", "form_id": "enc"})
    tpl = tmp_path / "m.json"
    assert cli(["build", str(path), "--out", str(tpl)])[0] == 0
    raw = json.loads(tpl.read_text(encoding="utf-8"))
    raw["online"]["required"].append("encont_alt_dropped")  # what an earlier build left there
    tpl.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    unit = load_plan().online_choices()[0].name
    rows = [["Timestamp", raw["online"]["unit_title"], "Que tipo de encontro?"],
            ["2023/11/08 9:15:32 AM GMT+7", unit, "Encontro ao nível de Bloco"]]
    with (tmp_path / "r.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    code, out, err = cli(["--template", str(tpl), "import-online", str(tmp_path / "r.csv"), "--db",
                          str(tmp_path / "s.db")])
    assert code == 0 and "0 có vấn đề (with problems)" in out + err, (out, err)
