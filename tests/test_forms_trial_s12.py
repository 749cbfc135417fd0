"""What a new user's trial of unseen real XLSForms found (session 12, docs/forms_trial_s12.md), each as the
smallest form that shows it: pyxform accepts every one of these, so `build` must too.

Truths are written out by hand from the XLSForm rules (which names a phone shows, which it stores), never
computed by the code under test.
"""

from test_structure_forms import workbook

from scanner.cli import main
from scanner.records import build_record
from scanner.rules import StoredReading
from scanner.template import load_template
from scanner.vocab import AnswerStatus

YN = [("yn", "yes", "Yes", None), ("yn", "no", "No", None)]
AGE = [("age", "a1", "0-17", None), ("age", "a2", "18-59", None), ("age", "a3", "60+", None)]
SEX = [("sex", "m", "Male", None), ("sex", "f", "Female", None)]


def _build(tmp_path, survey, choices, columns=("type", "name", "label", "relevant", "repeat_count"),
           choice_columns=("list_name", "name", "label", "parent")):
    path = workbook(tmp_path / "f.xlsx", list(columns), survey, list(choice_columns), choices,
                    {"form_title": "Trial", "form_id": "trial"})
    out = tmp_path / "f.json"
    code = main(["build", str(path), "--out", str(out)])
    return code, out


def test_one_name_in_two_groups_of_a_repeat_is_two_columns(tmp_path, capsys):
    """The Liberia slum survey (hotosm/fmtm) asks `b4_age` and `b5_gender` in the adult's group and again in the
    child's, both inside the member repeat; `build` failed on its own template ("has 6 boxes for 3 options").
    The later one is named by its group, as KoboToolbox names its column: `child/b4_age`."""
    survey = [
        {"type": "begin_repeat", "name": "member", "label": "Household member", "repeat_count": "3"},
        {"type": "select_one yn", "name": "is_child", "label": "Is this member a child?"},
        {"type": "begin_group", "name": "adult", "label": "Adult", "relevant": "${is_child} = 'no'"},
        {"type": "select_one age", "name": "b4_age", "label": "B4. Age of this member"},
        {"type": "select_one sex", "name": "b5_gender", "label": "B5. Gender"},
        {"type": "end_group", "name": "adult"},
        {"type": "begin_group", "name": "child", "label": "Child", "relevant": "${is_child} = 'yes'"},
        {"type": "select_one age", "name": "b4_age", "label": "B4. How old is the child?"},
        {"type": "select_one sex", "name": "b5_gender", "label": "B5. Gender"},
        {"type": "end_group", "name": "child"},
        {"type": "end_repeat", "name": "member"},
    ]
    code, out = _build(tmp_path, survey, YN + AGE + SEX)
    said = capsys.readouterr()
    assert code == 0, said.err
    # `repeat_count` 3 becomes pyxform's own calculate `member_count`: no field of the user's, so not listed as
    # "online only: computed, nobody fills it" (a new user never wrote it and would look for it in vain)
    assert "member_count" not in said.out and "online only" not in said.out
    t = load_template(out)
    roster = t.rosters["member"]
    assert [c.id for c in roster.columns] == ["is_child", "b4_age", "b5_gender", "child/b4_age", "child/b5_gender"]
    assert [o.id for o in t.question("child/b4_age[2]").options] == ["a1", "a2", "a3"]
    assert len(t.question("b4_age[2]").options) == 3
    # each keeps its own group's condition, row by row
    assert "is_child[2]" in t.question("child/b4_age[2]").relevant and "'yes'" in t.question("child/b4_age[2]").relevant
    assert "'no'" in t.question("b4_age[2]").relevant
    machine = {q.id: StoredReading((), AnswerStatus.blank) for q in t.questions}
    machine |= {"is_child[1]": StoredReading(("yes",), AnswerStatus.answered),
                "child/b4_age[1]": StoredReading(("a1",), AnswerStatus.answered),
                "child/b5_gender[1]": StoredReading(("f",), AnswerStatus.answered)}
    rec = build_record(t, "s1", None, 1, machine, [], [], {})
    assert rec.rosters["member"] == [{"row": 1, "is_child": ["yes"], "b4_age": [], "b5_gender": [],
                                      "child/b4_age": ["a1"], "child/b5_gender": ["f"]}]
    assert not rec.uncertain and "b4_age[1]" in rec.skipped  # the adult's question is skipped for a child


def test_a_cascade_whose_placeholders_name_no_parent_builds(tmp_path, capsys):
    """REACH's MSNA template (impact-initiatives/Idem) ships its admin-3 list as placeholders under parent codes
    `PCODE11`… "to be updated by country" that the admin-2 list does not have; pyxform accepts it, `build`
    refused it. They print after the grouped options and belong to no parent: ticking one contradicts no tick
    above, while a commune under another district than the one ticked still goes to review."""
    districts = [("district", "d1", "North", None), ("district", "d2", "South", None)]
    communes = [("commune", "c1", "Alpha", "d1"), ("commune", "c2", "Beta", "d2"),
                ("commune", "p1", "To be updated by country", "PCODE11"),
                ("commune", "p2", "To be updated by country (2)", "PCODE12")]
    survey = [{"type": "select_one district", "name": "district", "label": "District"},
              {"type": "select_one commune", "name": "commune", "label": "Commune", "choice_filter": "parent=${district}"}]
    code, out = _build(tmp_path, survey, districts + communes,
                       columns=("type", "name", "label", "choice_filter"))
    assert code == 0, capsys.readouterr().err
    t = load_template(out)
    q = t.question("commune")
    assert q.filter_by == "district"
    assert [(o.id, o.parent) for o in q.options] == [("c1", "d1"), ("c2", "d2"), ("p1", ""), ("p2", "")]

    def record(district, commune):
        machine = {"district": StoredReading((district,), AnswerStatus.answered),
                   "commune": StoredReading((commune,), AnswerStatus.answered)}
        return build_record(t, "s1", None, 1, machine, [], [], {})

    assert "commune" not in record("d1", "p1").uncertain
    assert "commune" not in record("d1", "c1").uncertain
    assert "commune" in record("d1", "c2").uncertain


def test_one_pyxform_warning_on_many_rows_is_said_once(tmp_path, capsys):
    """ODK's "All question types" form has eight `image` rows without max-pixels; pyxform warns once per row and
    `build` printed eight identical lines. It says the message once, naming every row (rows 3 and 4 here: the
    header is row 1)."""
    survey = [{"type": "select_one yn", "name": "ok", "label": "Is the well in use?"},
              {"type": "image", "name": "photo1", "label": "Photo of the well"},
              {"type": "image", "name": "photo2", "label": "Photo of the pump"}]
    code, _ = _build(tmp_path, survey, YN)
    out = capsys.readouterr().err  # notes go to stderr with the warnings
    assert code == 0
    said = [ln for ln in out.splitlines() if "max-pixels" in ln]
    assert len(said) == 1 and "trang survey, dòng 3, 4: " in said[0], out


def test_two_repeats_asking_the_same_name_are_two_rosters(tmp_path, capsys):
    """KoboToolbox's own household sample (kpi: viewer/tests/household.xls) asks `name` in the `man` repeat and
    again in the `woman` repeat; `build` failed on its own template ("duplicate id 'name[1]'"). The later
    roster's column is named by its repeat, `woman/name`, as KoboToolbox names its column."""
    survey = [{"type": "begin_repeat", "name": "man", "label": "Man", "repeat_count": "2"},
              {"type": "text", "name": "name", "label": "Name"},
              {"type": "end_repeat", "name": "man"},
              {"type": "begin_repeat", "name": "woman", "label": "Woman", "repeat_count": "2"},
              {"type": "text", "name": "name", "label": "Name"},
              {"type": "select_one yn", "name": "works", "label": "Works?"},
              {"type": "end_repeat", "name": "woman"}]
    code, out = _build(tmp_path, survey, YN)
    assert code == 0, capsys.readouterr().err
    t = load_template(out)
    assert [c.id for c in t.rosters["man"].columns] == ["name"]
    assert [c.id for c in t.rosters["woman"].columns] == ["woman/name", "works"]
    assert {"name[2]", "woman/name[2]", "works[2]"} <= {q.id for q in t.questions}


def test_the_settings_pyxform_also_names_title_and_id_string(tmp_path, capsys):
    """KoboToolbox's XLS download of a form writes `id_string` (the UNHCR Americas weekly report: `weeklyupdate`),
    older forms `title` (the kpi household sample: "Household Survey"); pyxform reads both, `build` took the file
    name for the title and the survey code. A value under the usual name still wins."""
    from test_questionnaire import xlsform

    from scanner.questionnaire import load_questionnaire

    survey = [{"type": "select_one yn", "name": "ok", "label": "Is the well in use?"}]
    yn = [c[:3] for c in YN]
    q = load_questionnaire(xlsform(tmp_path / "file_name.xlsx", survey, yn,
                                   {"title": "Household Survey", "id_string": "serious_survey"}))
    assert (q.title, q.form_id) == ("Household Survey", "serious_survey")
    q = load_questionnaire(xlsform(tmp_path / "file_name.xlsx", survey, yn,
                                   {"form_title": "Mine", "title": "Other", "form_id": "mine", "id_string": "other"}))
    assert (q.title, q.form_id) == ("Mine", "mine")


def test_a_label_starting_with_a_dotted_number_keeps_it(tmp_path):
    """onadata's Swahili children's survey numbers its labels "5.1 Nambari ya simu ya ofisi" (no stop after the
    number); paper printed "Question 4. 5.1 Nambari…", numbered twice. A dotted number before a word that is not
    lower case is the label's own; "2.5 kg of rice" is a quantity and stays in the label."""
    from test_questionnaire import xlsform

    from scanner.questionnaire import load_questionnaire

    survey = [{"type": "begin_group", "name": "phones", "label": "5. Nambari za simu"},
              {"type": "text", "name": "office", "label": "5.1 Nambari ya simu ya ofisi"},
              {"type": "text", "name": "mobile", "label": "5.2 Nambari ya simu ya mkono"},
              {"type": "end_group", "name": "phones"},
              {"type": "select_one yn", "name": "rice", "label": "2.5 kg of rice a week is enough?"},
              {"type": "text", "name": "first", "label": "A.3 Prénoms"},
              {"type": "text", "name": "phone", "label": "A.11-a Téléphone"},
              {"type": "text", "name": "mail", "label": "A-11-b E-mail"},
              {"type": "text", "name": "period", "label": "C.2      Période de diffusion"}]
    q = load_questionnaire(xlsform(tmp_path / "n.xlsx", survey, [c[:3] for c in YN]))
    got = [(it.number, it.label) for it in q.items() if it.number]
    assert got == [("5.1", "Nambari ya simu ya ofisi"), ("5.2", "Nambari ya simu ya mkono"),
                   ("6", "2.5 kg of rice a week is enough?"),  # numbered on after 5.2
                   ("A.3", "Prénoms"), ("A.11-a", "Téléphone"), ("A-11-b", "E-mail"), ("C.2", "Période de diffusion")]


def test_the_frame_follows_the_questions_words_not_the_place_names(tmp_path):
    """onadata's sample_accent asks in English ("french words with accents") with a choice "ChưR'căm": one
    Vietnamese letter anywhere gave the Vietnamese frame. An English form for a survey in Vietnam lists
    Vietnamese places; its frame is English. A form written in Vietnamese keeps the Vietnamese frame."""
    from test_questionnaire import xlsform

    from scanner.phrases import Language
    from scanner.questionnaire import load_questionnaire

    places = [("prov", "p1", "Đắk Lắk"), ("prov", "p2", "Hà Nội"), ("prov", "p3", "Thừa Thiên Huế")]
    english = [{"type": "select_one prov", "name": "prov", "label": "Which province do you live in?"},
               {"type": "text", "name": "commune", "label": "Which commune (for example Ea Tul in Cư M'gar)?"},
               {"type": "integer", "name": "people", "label": "How many people live in your household?"}]
    q = load_questionnaire(xlsform(tmp_path / "en.xlsx", english, places))
    assert q.language == Language.en
    vietnamese = [{"type": "select_one prov", "name": "prov", "label": "Ông/bà sống ở tỉnh nào?"},
                  {"type": "integer", "name": "people", "label": "Hộ có bao nhiêu người?"}]
    q = load_questionnaire(xlsform(tmp_path / "vi.xlsx", vietnamese, places))
    assert q.language == Language.vi


def test_the_generator_fills_a_month_year_and_a_year_grid(tmp_path, capsys):
    """ODK's "All question types" form has `date` questions with `month-year` and `year` appearances (six and
    four columns); the filled-sheet generator wrote eight digits into them and crashed ("tuple index out of
    range"), so the form could not be read back. It writes mmyyyy / yyyy, and the truth is the date as ODK
    stores it (yyyy-mm-01, yyyy-01-01)."""
    import re

    import numpy as np

    from scanner.corpus.people import answer_digits

    survey = [{"type": "date", "name": "month", "label": "Month of the visit", "appearance": "month-year"},
              {"type": "date", "name": "year", "label": "Year of the visit", "appearance": "year"},
              {"type": "date", "name": "day", "label": "Day of the visit"}]
    code, out = _build(tmp_path, survey, YN, columns=("type", "name", "label", "appearance"))
    assert code == 0, capsys.readouterr().err
    t = load_template(out)
    rng = np.random.default_rng(4)
    for _ in range(60):
        for qid, cols, shape in (("month", 6, r"\d{4}-\d{2}-01"), ("year", 4, r"\d{4}-01-01"), ("day", 8, r"\d{4}-\d{2}-\d{2}")):
            q = t.question(qid)
            assert len(q.comb) == cols
            truth = answer_digits(rng, q, "blue")
            if not truth.answer:
                continue
            assert re.fullmatch(shape, truth.answer[0]) and set(truth.written) <= set(range(1, cols + 1))
            y, m, d = truth.answer[0].split("-")
            assert "".join(str(truth.written[c]) for c in sorted(truth.written)) == f"{d}{m}{y}"[8 - cols:]


def test_build_says_a_page_holds_no_question_in_words(tmp_path, capsys):
    """A form of one page prints two (a sheet has two sides); `build` listed the back as "trang 2: câu —", which a
    new user reads as a question called "—". It says the page holds no question."""
    code, _ = _build(tmp_path, [{"type": "select_one yn", "name": "ok", "label": "Is the well in use?"}], YN)
    out = capsys.readouterr().out
    assert code == 0 and "  trang 1: câu 1\n" in out
    assert "  trang 2: không có câu hỏi / no question\n" in out and "câu —" not in out


def test_build_names_the_plain_label_column_in_words(tmp_path, capsys):
    """hotosm/fmtm's Bali building survey has a plain `label` column (English) and `label::Indonesian(id)`; `build`
    listed the languages as "default, Indonesian(id)" and said it took "the first language column" while the
    plain one came first. It names the plain column, which `build --lang default` prints, and says the rule
    takes the first `label::language` column."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(["type", "name", "label", "label::Indonesian(id)"])
    ws.append(["select_one yn", "ok", "Is the building damaged?", "Apakah bangunan rusak?"])
    ch = wb.create_sheet("choices")
    ch.append(["list_name", "name", "label", "label::Indonesian(id)"])
    ch.append(["yn", "yes", "Yes", "Ya"])
    ch.append(["yn", "no", "No", "Tidak"])
    path = tmp_path / "bali.xlsx"
    wb.save(path)
    assert main(["build", str(path), "--out", str(tmp_path / "b.json")]) == 0
    err = capsys.readouterr().err
    assert "(default (cột label không ghi ngôn ngữ / the plain label column), Indonesian(id))" in err, err
    assert "in bằng 'Indonesian(id)'" in err and "else the first label::language column" in err
    assert main(["build", str(path), "--lang", "default", "--out", str(tmp_path / "d.json")]) == 0
    assert any(x.text.endswith("Is the building damaged?") for x in load_template(tmp_path / "d.json").texts)
