"""What session 13 mended of the new user's trial (issue #22, docs/forms_trial_s12.md "left alone"): each as the
smallest form that shows it, or the real form that brought it. Truths are written out by hand."""

from test_questionnaire import xlsform

from benchmarks.realforms import DEFAULT_FORMS, cli
from scanner.questionnaire import load_questionnaire
from scanner.template import load_template

YN = [("yn", "yes", "Yes"), ("yn", "no", "No")]


def test_a_number_two_labels_claim_is_kept_on_both_and_ours_never_put_before_it(tmp_path):
    """onadata's Swahili children's survey labels two questions "5.1 …"; the second printed "Question 4. 5.1
    Nambari ya simu ya mkono": our number before its own. A label's own number is kept as printed, even twice;
    the next unnumbered question numbers on after it."""
    q = load_questionnaire(DEFAULT_FORMS / "onadata_childrens_survey_sw.xlsx")
    got = [(it.number, it.label) for it in q.items() if it.number]
    assert got[-2:] == [("5.1", "Nambari ya simu ya ofisi"), ("5.1", "Nambari ya simu ya mkono")]
    survey = [{"type": "text", "name": "a", "label": "3. First"},
              {"type": "text", "name": "b", "label": "3. Second, numbered alike by mistake"},
              {"type": "select_one yn", "name": "c", "label": "Third, unnumbered"}]
    path = xlsform(tmp_path / "n.xlsx", survey, YN, {"form_title": "T", "form_id": "t"})
    q = load_questionnaire(path)
    assert [(it.number, it.label) for it in q.items()] == [
        ("3", "First"), ("3", "Second, numbered alike by mistake"), ("4", "Third, unnumbered")]
    assert cli(["build", str(path), "--out", str(tmp_path / "n.json")])[0] == 0
    printed = [t.text for t in load_template(tmp_path / "n.json").texts]
    assert [t for t in printed if t.startswith("Question")] == [
        "Question 3. First", "Question 3. Second, numbered alike by mistake", "Question 4. Third, unnumbered"]


SWAHILI = [{"type": "select_one yn", "name": "ok", "label": "Je, kisima kinatumika kila siku na familia yako?"},
           {"type": "text", "name": "jina", "label": "Jina la mkuu wa kaya ni nani?"}]
NDIO = [("yn", "yes", "Ndiyo"), ("yn", "no", "Hapana")]


def test_build_names_the_frame_says_when_it_is_a_fallback_and_it_can_be_set(tmp_path):
    """A Swahili (or Indonesian, Igbo) form is printed with the English frame, its language having no phrases
    of its own: `build` says which frame, that it is a fallback, and how to choose another; the settings'
    `frame_language` or `build --frame` sets it, a name it does not know is refused naming the cell."""
    plain = xlsform(tmp_path / "sw.xlsx", SWAHILI, NDIO, {"form_title": "Kisima", "form_id": "kisima"})
    code, out, err = cli(["build", str(plain), "--out", str(tmp_path / "sw.json")])
    frame = [ln for ln in out.splitlines() if "frame:" in ln]
    assert code == 0 and len(frame) == 1, (out, err)
    assert "tiếng Anh / English" in frame[0] and "has no frame of its own" in frame[0] and "--frame" in frame[0]
    assert "Question 1. Je, kisima kinatumika kila siku na familia yako?" in [
        t.text for t in load_template(tmp_path / "sw.json").texts]

    code, out, err = cli(["build", str(plain), "--out", str(tmp_path / "fr.json"), "--frame", "Deutsch"])
    assert code == 0 and "tiếng Đức / German (chọn bằng --frame / chosen with --frame)" in out, (out, err)
    assert "Frage 1. Je, kisima kinatumika kila siku na familia yako?" in [
        t.text for t in load_template(tmp_path / "fr.json").texts]
    assert load_template(tmp_path / "fr.json").online["language"] == "de"

    settings = {"form_title": "Kisima", "form_id": "kisima", "frame_language": "tiếng Việt"}
    vi = xlsform(tmp_path / "vi.xlsx", SWAHILI, NDIO, settings)
    code, out, err = cli(["build", str(vi), "--out", str(tmp_path / "vi.json")])
    assert code == 0 and "tiếng Việt / Vietnamese (theo cột frame_language" in out, (out, err)
    assert "Câu 1. Je, kisima kinatumika kila siku na familia yako?" in [
        t.text for t in load_template(tmp_path / "vi.json").texts]

    bad = xlsform(tmp_path / "bad.xlsx", SWAHILI, NDIO, dict(settings, frame_language="Kiswahili"))
    code, out, err = cli(["build", str(bad), "--out", str(tmp_path / "bad.json")])
    assert code != 0 and "frame_language" in err and "'Kiswahili'" in err and "vi, en, fr" in err, err
    assert len([ln for ln in err.splitlines() if ln.strip()]) == 1


def test_an_english_form_says_its_frame_is_the_labels_own(tmp_path):
    english = [{"type": "select_one yn", "name": "ok", "label": "Is the well in use every day by your family?"},
               {"type": "text", "name": "name", "label": "What is the name of the head of the household?"}]
    path = xlsform(tmp_path / "en.xlsx", english, YN, {"form_title": "Well", "form_id": "well"})
    code, out, err = cli(["build", str(path), "--out", str(tmp_path / "en.json")])
    assert code == 0 and "frame: tiếng Anh / English (đoán từ lời của câu hỏi" in out, (out, err)
    assert "has no frame of its own" not in out


def test_tally_and_report_take_a_forms_own_numbers(tmp_path):
    """The Swahili children's survey prints its own numbers "5.1" (twice) and "1."–"3.": the tally workbook and
    the report named questions by int(number) and stopped with "invalid literal for int()" on every such form.
    They cite each question by the number printed on the form."""
    from scanner.numbering import number_questions

    tpl = tmp_path / "sw.json"
    assert cli(["build", str(DEFAULT_FORMS / "onadata_childrens_survey_sw.xlsx"), "--out", str(tpl)])[0] == 0
    labels = [n.label for s in number_questions(load_template(tpl)) for n in s.items]
    assert labels[-2:] == ["Câu 5.1", "Câu 5.1"] and labels[0] == "Câu 1"
    db = tmp_path / "sw.db"
    from scanner.store import Store

    Store(str(db)).close()  # an empty store: tally and report refuse one that is not there
    code, out, err = cli(["--template", str(tpl), "tally", "--db", str(db), "--out", str(tmp_path / "t.xlsx")])
    assert code == 0 and (tmp_path / "t.xlsx").exists(), (out, err)
    code, out, err = cli(["--template", str(tpl), "report", "--db", str(db), "--out", str(tmp_path / "r.docx")])
    assert code == 0 and (tmp_path / "r.docx").exists(), (out, err)


def test_an_own_number_written_without_a_space_is_the_labels_own(tmp_path):
    """UNHCR's household survey starts a part with "1.What type of dwelling…" (no space after the stop): it printed
    "Question 23. 1.What type…", our number before its own. A number, a stop and a capital is the label's own;
    "1.5 kg" and "2.twice" are not."""
    q = load_questionnaire(DEFAULT_FORMS / "unhcr_household_survey_americas.xlsx")
    dwelling = next(it for it in q.items() if "type of dwelling" in it.label)
    assert (dwelling.number, dwelling.label.startswith("What type of dwelling")) == ("1", True)
    survey = [{"type": "text", "name": "a", "label": "1.What is your name?"},
              {"type": "decimal", "name": "b", "label": "1.5 kg of rice is enough?"},
              {"type": "text", "name": "c", "label": "2.twice a day?"}]
    q = load_questionnaire(xlsform(tmp_path / "t.xlsx", survey, YN, {"form_title": "T", "form_id": "t"}))
    assert [(it.number, it.label) for it in q.items()] == [
        ("1", "What is your name?"), ("2", "1.5 kg of rice is enough?"), ("3", "2.twice a day?")]
