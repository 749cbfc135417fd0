"""What the real forms added for issue #22 (tests/data/xlsforms) brought to light, each on a small form made here.

A member of a roster longer than a page (a village study's crop roster) continues on the next page and is
read back whole; a group inside a `repeat` (an S3M survey's mothers) gives its questions as columns with its
condition; a questionnaire written in one language only, in a plain `label` column, gets the frame of that
language (its `default_language`, else the language its words are in); `build` lists a long booklet's pages
in runs.
"""

import json
import re

import pytest
from conftest import samples_generated
from test_structure_forms import workbook

from benchmarks.accuracy import evaluate
from benchmarks.realforms import print_faults
from scanner.cli import main
from scanner.phrases import Language, guess_language
from scanner.questionnaire import Kind, load_questionnaire
from scanner.template import load_template

CROPS = [f"Loại cây {i}" for i in range(1, 13)]
SEASONS = ["Vụ đông xuân", "Vụ hè thu", "Vụ mùa", "Quanh năm", "Khác"]


def long_member_form(path, count="2"):
    """A crop roster whose every crop has more questions (12-option lists) than one page holds."""
    choices = [("crop", str(i), c) for i, c in enumerate(CROPS, 1)] + [
        ("season", str(i), s) for i, s in enumerate(SEASONS, 1)] + [("yn", "1", "Có"), ("yn", "2", "Không")]
    survey = [{"type": "select_one yn", "name": "farm", "label": "Hộ có trồng trọt không?"},
              {"type": "begin_repeat", "name": "crops", "label": "Các cây trồng của hộ", "repeat_count": count}]
    for k in range(1, 15):
        survey.append({"type": "select_one crop", "name": f"c{k}", "label": f"Cây trồng chính thứ {k} của vụ này"})
        survey.append({"type": "select_one season", "name": f"s{k}", "label": f"Mùa vụ của cây thứ {k}"})
    survey += [{"type": "end_repeat", "name": "crops"},
               {"type": "select_one yn", "name": "after", "label": "Hộ có vay vốn không?"}]
    return workbook(path, ["type", "name", "label", "repeat_count"], survey, ["list_name", "name", "label"], choices,
                    {"form_title": "PHIẾU NÔNG HỘ", "form_id": "farm_household_2026", "version": "2026080801"})


@pytest.fixture(scope="module")
def long_member(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("long_member")
    layout = tmp / "farm.json"
    assert main(["build", str(long_member_form(tmp / "farm.xlsx")), "--out", str(layout)]) == 0
    return load_template(layout), layout, tmp


def test_a_member_longer_than_a_page_continues_on_the_next(long_member):
    t, _, _ = long_member
    ro = t.rosters["crops"]
    assert ro.rows == 2 and len(ro.columns) == 28
    for n in (1, 2):
        pages = [t.question(f"{c.id}[{n}]").page for c in ro.columns]
        assert pages == sorted(pages) and len(set(pages)) >= 2, pages  # in order, over two pages at least
    first_of_2 = t.question("c1[2]").page
    assert first_of_2 >= max(t.question(f"{c.id}[1]").page for c in ro.columns)
    # a crop is no person: each block is headed by the roster's label and its number (t21), not "Người thứ 1"
    continued = [x for x in t.texts if x.text.endswith("(tiếp theo)") and "Các cây trồng của hộ — số" in x.text]
    later = {q.page for n in (1, 2) for c in ro.columns for q in [t.question(f"{c.id}[{n}]")]
             if q.page != t.question(f"c1[{n}]").page}
    assert {x.page for x in continued} == later  # "… — số 1 (tiếp theo)" heads each page a member runs on
    for c in ro.columns:  # each cell's boxes sit on the page its question says
        for n in (1, 2):
            q = t.question(f"{c.id}[{n}]")
            assert all(b.page == q.page for b in t.boxes(q.page) if b.question_id == q.id)
            assert [b for b in t.boxes(q.page) if b.question_id == q.id], q.id
    assert print_faults(t) == []


def test_a_member_over_two_pages_is_read_back_with_no_silent_error(long_member, pytestconfig):
    t, layout, tmp = long_member
    corpus = tmp / "corpus"
    assert samples_generated(pytestconfig, "a member over two pages", layout, [  # one stack: one process
        "--sheets", "1", "--seed", "3", "--profiles", "flatbed", "--kind", "pdf", "--jobs", "1"], corpus)
    got = evaluate(corpus, tmp / "read.db", jobs=1, template=t)
    overall = got["groups"]["overall"]
    assert got["pages_accounted"] == got["pages_truth"]
    truth = [json.loads(ln) for ln in (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(x["side"] for x in truth if x.get("kind") == "form") == list(range(1, t.pages + 1))
    assert overall["questions"] >= 2 + 2 * 28 and overall.get("silent_error", 0) == 0, got["silent_examples"][:3]


def test_a_group_inside_a_repeat_gives_its_questions_as_columns_with_its_condition(tmp_path):
    choices = [("sex", "1", "Male"), ("sex", "2", "Female"), ("yn", "1", "Yes"), ("yn", "2", "No")]
    survey = [
        {"type": "integer", "name": "mothers", "label": "How many mothers live here?"},
        {"type": "begin_repeat", "name": "mother_repeat", "label": "Mothers", "repeat_count": "3"},
        {"type": "calculate", "name": "mother_id", "calculation": "position(..)"},
        {"type": "begin_group", "name": "mother", "label": "Mother", "appearance": "field-list",
         "relevant": "${mothers} > 0"},
        {"type": "note", "name": "intro", "label": "Ask each mother"},
        {"type": "text", "name": "mname", "label": "Name"},
        {"type": "select_one yn", "name": "pregnant", "label": "Pregnant now?"},
        {"type": "select_one sex", "name": "child_sex", "label": "Sex of the youngest child",
         "relevant": "${pregnant} = '2'"},
        {"type": "end_group", "name": "mother"},
        {"type": "end_repeat", "name": "mother_repeat"},
    ]
    form = workbook(tmp_path / "s3m.xlsx", ["type", "name", "label", "calculation", "appearance", "relevant",
                                             "repeat_count"], survey, ["list_name", "name", "label"], choices,
                    {"form_title": "Mothers", "form_id": "s3m"})
    q = load_questionnaire(form)
    ro = next(it for it in q.items() if it.kind == Kind.roster)
    assert [c.id for c in ro.columns] == ["mname", "pregnant", "child_sex"] and ro.roster_rows == 3
    rel = {c.id: c.relevant for c in ro.columns}
    assert "${mothers} > 0" in rel["mname"] and "${mothers} > 0" in rel["child_sex"]
    assert "${pregnant} = '2'" in rel["child_sex"]
    assert "mother_repeat" not in {o.name for o in q.online_only}


FR = ["Nom de l'observateur", "Quelle est la date de l'observation ?", "Avez-vous vu l'espèce vous-même ?",
      "Le nombre d'individus observés", "Précisez le type de milieu", "Autre milieu, à préciser",
      "Quel est le stade de vie de l'individu ?", "Commentaire sur la donnée et la localisation"]
ES = ["¿Cuál es su nombre?", "El país de acogida facilitará el retorno", "Los movimientos de los refugiados en el año",
      "¿Qué servicios usa usted para su familia?", "Otro, especifique por favor", "La capacidad de mi organización"]


def plain_form(path, labels, settings):
    survey = [{"type": "text", "name": f"q{i}", "label": x} for i, x in enumerate(labels)]
    return workbook(path, ["type", "name", "label"], survey, ["list_name", "name", "label"], [],
                    {"form_title": "Formulaire", "form_id": "f", **settings})


@pytest.mark.parametrize("labels, settings, frame", [
    (FR, {}, "fr"),  # French words, nothing said: the French frame
    (ES, {}, "es"),
    (FR, {"default_language": "Español (es)"}, "es"),  # pyxform reads default_language as the plain column's
    (["What is your name?", "How old are you?", "Do you have a phone?", "Which of these do you own?",
      "Is there anything else you would like to tell us?", "How many people live in your household?"], {}, "en"),
    (["Họ và tên người trả lời", "Anh/chị bao nhiêu tuổi?", "Gia đình có mấy người?", "Ý kiến khác"], {}, "vi"),
    (FR, {"default_language": "Hindi (hi)"}, "fr"),  # a language the frame lacks: judged from the words
    (["Qual é o seu nome?", "Quantos anos você tem?", "A sua casa tem água?", "Outro, especifique",
      "Quantas pessoas vivem na sua casa?", "Você lavou as mãos ontem?"], {}, "pt"),
])
def test_a_plain_label_column_gets_the_frame_of_its_language(tmp_path, labels, settings, frame):
    q = load_questionnaire(plain_form(tmp_path / "p.xlsx", labels, settings))
    assert q.language == frame


def test_a_portuguese_form_prints_the_portuguese_frame_and_conditions():
    from conftest import ROOT

    from scanner.layout import build_layout

    raw = build_layout(load_questionnaire(ROOT / "tests" / "data" / "xlsforms" / "katilingban_sofala_s3m.xlsx"))
    texts = [t["text"] for t in raw["texts"]]
    assert raw["language"] == "pt" and any(t.startswith("Pergunta ") for t in texts)
    assert any(t.startswith("Responda se ") for t in texts) and any(t.startswith("Página 1/") for t in texts)


def test_guessing_needs_words_and_a_clear_lead():
    assert guess_language("Nom Date") == Language.en  # too few words to judge
    assert guess_language(" ".join(FR * 3)) == Language.fr
    assert guess_language(" ".join(ES * 3)) == Language.es


def test_build_lists_a_long_booklet_in_runs_of_pages(long_member, tmp_path, capsys):
    assert main(["build", str(long_member_form(tmp_path / "f.xlsx", count="6")), "--out",
                 str(tmp_path / "l.json")]) == 0
    out = capsys.readouterr().out
    runs = [ln for ln in out.splitlines() if ln.startswith("  trang ") and "–" in ln.split(":")[0]]
    assert runs, out  # six crops of two pages each: "trang 2–13: câu 2" rather than twelve lines
    t = load_template(tmp_path / "l.json")
    listed = sum(int(b) - int(a) + 1 if "–" in p else 1 for ln in out.splitlines() if ln.startswith("  trang ")
                 for p in [ln.split(":")[0].removeprefix("  trang ")] for a, b in [(p.split("–") + [p])[:2]])
    assert listed == t.pages


def test_a_list_longer_than_a_page_in_a_member_goes_on_over_pages_and_is_read(tmp_path, pytestconfig):
    """A roster of people whose country of origin is one of 200 (UNHCR's household survey): the list goes on
    over the next page inside the member's block, each box read on its own page, the parts one answer."""
    choices = [("country", f"k{i}", f"Quốc gia số {i}") for i in range(1, 201)] + [("sex", "1", "Nam"),
                                                                                 ("sex", "2", "Nữ")]
    survey = [{"type": "begin_repeat", "name": "people", "label": "Những người trong hộ", "repeat_count": "2"},
              {"type": "begin_group", "name": "person", "label": "Người", "appearance": "field-list"},
              {"type": "text", "name": "pname", "label": "Họ và tên"},
              {"type": "select_one sex", "name": "psex", "label": "Giới tính"},
              {"type": "select_one country", "name": "origin", "label": "Quốc tịch"},
              {"type": "end_group", "name": "person"},
              {"type": "end_repeat", "name": "people"}]
    form = workbook(tmp_path / "o.xlsx", ["type", "name", "label", "appearance", "repeat_count"], survey,
                    ["list_name", "name", "label"], choices, {"form_title": "HỘ", "form_id": "origin"})
    layout = tmp_path / "o.json"
    assert main(["build", str(form), "--out", str(layout)]) == 0
    t = load_template(layout)
    for n in (1, 2):
        q = t.question(f"origin[{n}]")
        assert len(q.options) == 200 and len(q.pages) >= 2, q.pages
        assert [o.id for o in q.options] == [f"k{i}" for i in range(1, 201)]
    assert print_faults(t) == []
    corpus = tmp_path / "corpus"
    assert samples_generated(pytestconfig, "a list over pages in a member", layout, [  # one stack: one process
        "--sheets", "2", "--seed", "3", "--profiles", "flatbed", "--kind", "pdf", "--jobs", "1"], corpus)
    got = evaluate(corpus, tmp_path / "read.db", jobs=1, template=t)
    assert got["pages_accounted"] == got["pages_truth"]
    overall = got["groups"]["overall"]
    assert overall["questions"] == 2 * 2 * 2 and overall.get("silent_error", 0) == 0, got["silent_examples"][:3]


# the S3M survey is the regression's own form; the nutrition survey (122 pages to lay out, 8 CPU s) is in the slow tier
@pytest.mark.parametrize("name", ["katilingban_sofala_s3m.xlsx",
                                  pytest.param("katilingban_nutrition_endline.xlsx", marks=pytest.mark.slow)])
def test_every_go_to_section_of_the_online_form_exists(name, tmp_path):
    """Two conditional runs meeting at one section (an S3M survey's modules) once renamed it under the first
    run's branch, and `online-form` failed (KeyError); every answer's section now exists in the form."""
    from conftest import ROOT

    from scanner.online_form import apps_script, batch_update
    from scanner.plan import load_plan

    layout = tmp_path / "t.json"
    assert main(["build", str(ROOT / "tests" / "data" / "xlsforms" / name), "--out", str(layout)]) == 0
    t, plan = load_template(layout), load_plan(ROOT / "templates" / "survey_plan.json")
    body = batch_update(t, plan)
    items = [r["createItem"]["item"] for r in body["requests"] if "createItem" in r]
    ids = {i["itemId"] for i in items if "itemId" in i}
    goes = [o["goToSectionId"] for i in items for o in i.get("questionItem", {}).get("question", {})
            .get("choiceQuestion", {}).get("options", []) if "goToSectionId" in o]
    assert goes and set(goes) <= ids
    script = apps_script(t, plan)
    used = set(re.findall(r"createChoice\([^;]*?(page_s\d+)\)", script))
    assert used and used <= set(re.findall(r"var (page_s\d+) =", script))
