"""Any XLSForm pyxform accepts builds: device-only types stay online, languages, words, the frame, survey codes.

Each form here is written by the test (openpyxl) the way other people write XLSForms.
"""

import json

import pytest
from openpyxl import Workbook

from scanner.cli import main
from scanner.errors import TemplateError
from scanner.layout import build_layout
from scanner.online_only import Why
from scanner.questionnaire import Kind, load_questionnaire
from scanner.survey_code import is_code_of, survey_code, version_code
from scanner.template import parse_template


def form(path, survey, choices=(), settings=None):
    """An XLSForm from survey rows as dicts (any columns), choices as dicts, settings as one dict."""
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    cols = list(dict.fromkeys(k for r in survey for k in r))
    ws.append(cols)
    for r in survey:
        ws.append([r.get(c) for c in cols])
    ch = wb.create_sheet("choices")
    ccols = list(dict.fromkeys(k for r in choices for k in r)) or ["list_name", "name", "label"]
    ch.append(ccols)
    for r in choices:
        ch.append([r.get(c) for c in ccols])
    if settings:
        st = wb.create_sheet("settings")
        st.append(list(settings))
        st.append(list(settings.values()))
    wb.save(path)
    return path


YES_NO = [{"list_name": "yn", "name": "yes", "label": "Yes"}, {"list_name": "yn", "name": "no", "label": "No"}]
DEVICE = [
    {"type": "start", "name": "start"}, {"type": "deviceid", "name": "device"}, {"type": "today", "name": "today"},
    {"type": "geopoint", "name": "gps", "label": "Location"}, {"type": "image", "name": "photo", "label": "Photo"},
    {"type": "audio", "name": "voice", "label": "Voice"}, {"type": "barcode", "name": "code", "label": "Scan the code"},
    {"type": "calculate", "name": "calc", "calculation": "1 + 1"},
    {"type": "select_one_from_file villages.csv", "name": "village", "label": "Village"},
    {"type": "rank yn", "name": "ranked", "label": "Rank these"},
]


def test_device_only_types_stay_online_and_the_rest_prints(tmp_path, capsys):
    survey = [*DEVICE,
              {"type": "select_one consent", "name": "consent", "label": "Do you agree to take part?"},
              {"type": "acknowledge", "name": "ack", "label": "I have read the notice"},
              {"type": "range", "name": "score", "label": "Score", "parameters": "start=1 end=5 step=1"},
              {"type": "time", "name": "when", "label": "Time of the interview"},
              {"type": "integer", "name": "age", "label": "Age"}]
    choices = [*YES_NO, {"list_name": "consent", "name": "yes", "label": "Yes, I agree"}]
    path = form(tmp_path / "device.xlsx", survey, choices, {"form_title": "Device", "form_id": "device"})
    q = load_questionnaire(path)
    online = {o.name: (o.type, o.why) for o in q.online_only}
    assert online == {"start": ("start", Why.device), "device": ("deviceid", Why.device),
                      "today": ("today", Why.device), "gps": ("geopoint", Why.location),
                      "photo": ("photo", Why.media), "voice": ("audio", Why.media), "code": ("barcode", Why.other),
                      "calc": ("calculate", Why.computed), "village": ("select one", Why.from_file)}
    # a rank prints as a grid of its options by places (tests/test_rank.py), no longer online only
    items = {it.id: it for it in q.items()}
    assert [c.label for c in items["consent"].choices] == ["Yes, I agree"]
    assert [c.label for c in items["ack"].choices] == ["OK"] and items["ack"].kind == Kind.single
    assert [c.id for c in items["score"].choices] == ["1", "2", "3", "4", "5"]
    assert (items["when"].kind, items["when"].lines, items["age"].xls_type) == (Kind.text, 1, "integer")
    assert [it.number for it in q.items()] == ["1", "2", "3", "4", "5", "6"]
    t = parse_template(build_layout(q))
    assert len(t.question("consent").options) == 1
    assert main(["build", str(path), "--out", str(tmp_path / "t.json")]) == 0
    out = capsys.readouterr().out
    summary = out[out.index("online only"):]
    assert "(9)" in summary and "gps" in summary and "calc" in summary and "village" in summary


def test_every_problem_is_named_where_it_is(tmp_path):
    survey = [{"type": "select_one yn", "name": "x", "label": "X"},
              {"type": "text", "name": "t", "label": "T", "lines": "0"},
              {"type": "integer", "name": "n", "label": "N", "relevant": "${x} = "}]
    with pytest.raises(TemplateError) as e:
        load_questionnaire(form(tmp_path / "f.xlsx", survey, YES_NO, {"form_id": "f", "form_code": "too_long_code"}))
    places = [p.path for p in e.value.problems]
    assert places == ["trang survey, dòng 3, cột lines", "trang survey, dòng 4, cột relevant",
                      "trang settings, cột form_code"]
    assert len(e.value.message.splitlines()) == 3


def test_a_pyxform_refusal_without_a_row_is_placed_by_the_name_it_gives(tmp_path):
    survey = [{"type": "select_one yn", "name": "x", "label": "X"}, {"type": "geopoint", "name": "gps"}]
    with pytest.raises(TemplateError) as e:
        load_questionnaire(form(tmp_path / "f.xlsx", survey, YES_NO))
    assert e.value.path == "trang survey, dòng 3" and "no label" in e.value.problem


def test_a_choices_sheet_problem_is_named_on_the_choices_sheet(tmp_path):
    choices = [*YES_NO, {"list_name": "yn", "name": "no", "label": "No again"}]
    with pytest.raises(TemplateError) as e:
        load_questionnaire(form(tmp_path / "f.xlsx", [{"type": "select_one yn", "name": "x", "label": "X"}], choices))
    assert e.value.path == "trang choices, dòng 4"


LANGS = [{"type": "select_one yn", "name": "q1", "label::English (en)": "Do you farm?",
          "label::French (fr)": "Cultivez-vous ?"},
         {"type": "text", "name": "q2", "label::English (en)": "Why?", "label::French (fr)": "Pourquoi ?"}]
LANG_CHOICES = [{"list_name": "yn", "name": "yes", "label::English (en)": "Yes", "label::French (fr)": "Oui"},
                {"list_name": "yn", "name": "no", "label::English (en)": "No", "label::French (fr)": "Non"}]


def test_label_languages_are_chosen_and_said(tmp_path, capsys):
    path = form(tmp_path / "langs.xlsx", LANGS, LANG_CHOICES, {"form_id": "langs"})
    q = load_questionnaire(path)
    assert (q.label_language, q.items()[0].label, q.language) == ("English (en)", "Do you farm?", "en")
    assert "2 ngôn ngữ" in q.notices[0] and "--lang" in q.notices[0]
    fr = load_questionnaire(path, "fr")
    assert [c.label for c in fr.items()[0].choices] == ["Oui", "Non"] and fr.label_language == "French (fr)"
    assert load_questionnaire(path, "French").items()[1].label == "Pourquoi ?"
    with pytest.raises(TemplateError, match="English \\(en\\), French \\(fr\\)"):
        load_questionnaire(path, "de")
    by_setting = form(tmp_path / "set.xlsx", LANGS, LANG_CHOICES, {"form_id": "s", "default_language": "French (fr)"})
    assert load_questionnaire(by_setting).items()[0].label == "Cultivez-vous ?"
    assert main(["build", str(path), "--lang", "fr", "--out", str(tmp_path / "t.json")]) == 0
    assert "French (fr)" in capsys.readouterr().out


def test_a_german_form_prints_a_german_frame(tmp_path):
    survey = [{"type": "select_multiple yn", "name": "q", "label::Deutsch (de)": "Was trifft zu?",
               "label::English (en)": "What applies?"}]
    choices = [{"list_name": "yn", "name": n, "label::Deutsch (de)": d, "label::English (en)": e}
               for n, d, e in (("a", "A", "A"), ("b", "B", "B"))]
    q = load_questionnaire(form(tmp_path / "de.xlsx", survey, choices, {"default_language": "Deutsch (de)"}))
    texts = [x["text"] for x in build_layout(q)["texts"]]
    assert q.language == "de" and "Frage 1. Was trifft zu?" in texts and "Seite 1/2" in texts
    assert "(Mehrfachnennung möglich)" in texts and "Vielen Dank!" in texts


def test_vietnamese_is_preferred_among_several_languages(tmp_path):
    survey = [{"type": "text", "name": "a", "label::English (en)": "Name", "label::Tiếng Việt (vi)": "Họ tên"}]
    q = load_questionnaire(form(tmp_path / "vi.xlsx", survey))
    assert (q.items()[0].label, q.language) == ("Họ tên", "vi")


def test_markup_references_and_own_numbers(tmp_path):
    survey = [{"type": "note", "name": "intro", "label": "**Read this aloud**"},
              {"type": "select_one yn", "name": "farm", "label": "7. Do you <b>farm</b>?"},
              {"type": "text", "name": "crop", "label": "Q8) Which crop, given your answer to ${farm}?"},
              {"type": "integer", "name": "size", "label": "How *many* hectares?"},
              {"type": "select_one pick or_other", "name": "pick", "label": "A1. Pick one"},
              {"type": "select_one mine", "name": "mine", "label": "Own other"}]
    choices = [*YES_NO, {"list_name": "pick", "name": "a", "label": "A"}, {"list_name": "pick", "name": "b", "label": "B"},
               {"list_name": "mine", "name": "x", "label": "X"}, {"list_name": "mine", "name": "other", "label": "Other"}]
    q = load_questionnaire(form(tmp_path / "words.xlsx", survey, choices, {"form_id": "w"}))
    items = {it.id: it for it in q.items()}
    assert (items["intro"].label, items["intro"].style) == ("Read this aloud", "bold")
    assert (items["farm"].number, items["farm"].label) == ("7", "Do you farm?")
    assert (items["crop"].number, items["crop"].label) == ("8", "Which crop, given your answer to Question 7?")
    assert (items["size"].number, items["size"].label) == ("9", "How many hectares?")
    assert (items["pick"].number, items["pick"].choices[-1].label) == ("A1", "Other (please specify)")
    assert items["pick_other"].label == "Other (please specify)"
    assert (items["mine"].number, items["mine"].choices[-1].label) == ("10", "Other")
    t = build_layout(q)
    printed = [x["text"] for x in t["texts"]]
    assert "Question 7. Do you farm?" in printed and any(p.startswith("Question 8. Which crop") for p in printed)
    assert any(p.startswith("A1. Pick one") for p in printed)


def test_a_number_a_label_claims_is_never_given_twice(tmp_path):
    survey = [{"type": "select_one yn", "name": "consent", "label": "Do you agree?"},
              {"type": "select_one yn", "name": "a", "label": "1. First"},
              {"type": "select_one yn", "name": "b", "label": "2) Second"},
              {"type": "select_one yn", "name": "c", "label": "Third"},
              {"type": "select_one yn", "name": "d", "label": "1. Again one"},
              {"type": "text", "name": "e", "label": "B12 Interviewer name"},
              {"type": "text", "name": "f", "label": "3 meals a day?"}]
    q = load_questionnaire(form(tmp_path / "n.xlsx", survey, YES_NO))
    # a number two labels claim is kept on both as printed, never after one of ours ("5. 1. Again one"); a
    # question before the form's own 1 is "0a" (session 22, t22b: it was "3", after which "Third" was "4")
    assert [(it.number, it.label) for it in q.items()] == [
        ("0a", "Do you agree?"), ("1", "First"), ("2", "Second"), ("3", "Third"), ("1", "Again one"),
        ("B12", "Interviewer name"), ("4", "3 meals a day?")]


def test_characters_the_font_lacks_are_printed_plainly_or_by_name(tmp_path):
    survey = [{"type": "begin_group", "name": "g", "label": "① Contact"},
              {"type": "text", "name": "p", "label": "☎ Phone number 😀"}, {"type": "end_group", "name": "g"}]
    q = load_questionnaire(form(tmp_path / "c.xlsx", survey))
    # a symbol the fonts lack is printed by its Unicode name rather than dropped (session 17)
    assert (q.sections[0].title, q.items()[0].label) == ("1 Contact",
                                                         "[black telephone] Phone number [grinning face]")


def test_the_printed_frame_follows_the_form(tmp_path):
    english = load_questionnaire(form(tmp_path / "household_needs_2024.xlsx",
                                      [{"type": "select_one yn", "name": "q", "label": "Do you farm?"},
                                       {"type": "date", "name": "on", "label": "Date of interview"}], YES_NO))
    assert english.title == "Household needs 2024" and english.language == "en"
    texts = [x["text"] for x in build_layout(english)["texts"]]
    assert "Page 1/2" in texts and "Thank you!" in texts and texts[0] == "Household needs 2024"
    assert {"Day", "Month", "Year"} <= set(texts)  # the date grid's headings too (Belendia's farm survey)
    assert not any("ĐẢNG" in x or "Trang" in x or "Câu" in x or x in ("Ngày", "Tháng", "Năm") for x in texts)
    assert any(x.startswith("Instructions:") for x in texts)
    french = load_questionnaire(form(tmp_path / "fr.xlsx", [{"type": "select_one yn", "name": "q",
                                                             "label": "Êtes-vous âgé de plus de 18 ans ? Bientôt"}], YES_NO))
    assert french.language == "en"
    nation = load_questionnaire(form(tmp_path / "n.xlsx", [{"type": "select_one yn", "name": "q", "label": "Có làm ruộng?"}],
                                     YES_NO, {"form_id": "n", "header": "nation", "issuer": "UBND XÃ"}))
    texts = [x["text"] for x in build_layout(nation)["texts"]]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts and "UBND XÃ" in texts and "Trang 1/2" in texts
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in texts


@pytest.mark.parametrize("form_id, version", [("household_survey_2024_endline", "2026080801"), ("ks24", "v1.2"),
                                              ("Khảo sát đời sống", "3"), ("a", "")])
def test_any_form_id_and_version_make_a_sheet_code(form_id, version):
    code, v = survey_code(form_id), version_code(version)
    assert 1 <= len(code) <= 8 and code.isalnum() and code.isupper() or code.isdigit()
    assert 1 <= len(v) <= 3 and v.isalnum() and v == v.upper()
    assert survey_code(form_id) == code and is_code_of(code, form_id)
    assert not is_code_of(code, form_id + "_2")


def test_codes_that_fit_are_kept_and_form_code_chooses():
    assert (survey_code("KS24"), survey_code("ks24"), version_code("3")) == ("KS24", "KS24", "3")
    assert survey_code("household_a") != survey_code("household_b")
    assert survey_code("anything", "hh24") == "HH24"


def test_forms_print_and_identify_for_a_long_lowercase_form_id(tmp_path, capsys):
    import zxingcpp
    from pdf2image import convert_from_path

    from scanner.forms import SheetSpec, render_forms
    from scanner.sheetcode import parse_code
    from scanner.template import load_template

    path = form(tmp_path / "f.xlsx", [{"type": "select_one yn", "name": "q", "label": "Do you farm?"}], YES_NO,
                {"form_title": "Needs", "form_id": "household_survey_2024_endline", "version": "2026080801"})
    out = tmp_path / "t.json"
    assert main(["build", str(path), "--out", str(out)]) == 0
    t = load_template(out)
    assert f"{t.survey_id}.{t.version}" in capsys.readouterr().out
    assert json.loads(out.read_text())["form_id"] == "household_survey_2024_endline"
    pdf = tmp_path / "forms.pdf"
    render_forms(t, [SheetSpec("MS", 7)], pdf)
    page = convert_from_path(pdf, dpi=150, first_page=1, last_page=1)[0]
    codes = [parse_code(r.text) for r in zxingcpp.read_barcodes(page, formats=zxingcpp.BarcodeFormat.QRCode)]
    assert [(c.survey_id, c.version, c.unit, c.serial) for c in codes if c] == [(t.survey_id, t.version, "MS", 7)]


def test_a_template_whose_code_cannot_be_printed_is_refused(raw_template):
    raw_template["survey_id"] = "household_survey"
    with pytest.raises(TemplateError, match="survey_id.*does not fit the sheet code"):
        parse_template(raw_template)


def test_the_google_form_keeps_what_it_can(tmp_path, plan):
    from scanner.online.columns import ColumnKind, map_columns
    from scanner.online_form import apps_script, batch_update, export_header, form_items

    survey = [{"type": "begin_group", "name": "home", "label": "Household"},
              {"type": "note", "name": "hello", "label": "Thank you for *taking part*."},
              {"type": "integer", "name": "members", "label": "How many people live here?"},
              {"type": "decimal", "name": "land", "label": "Land (ha)"},
              {"type": "date", "name": "born", "label": "Date of birth"},
              {"type": "end_group", "name": "home"},
              {"type": "barcode", "name": "hh_code", "label": "Household card"},
              {"type": "rank yn", "name": "ranked", "label": "Rank these"},
              {"type": "geopoint", "name": "gps", "label": "Where"},
              {"type": "select_one yn", "name": "farm", "label": "Do you farm?"}]
    path = form(tmp_path / "g.xlsx", survey, YES_NO, {"form_id": "g", "unit_after": "members"})
    t = parse_template(build_layout(load_questionnaire(path)))
    items = form_items(t, plan)
    assert [(i.kind, i.title) for i in items if i.kind != "unit"] == [
        ("section", "Household"), ("note", "Thank you for taking part."),
        ("integer", "How many people live here?"), ("decimal", "Land (ha)"), ("date", "Date of birth"),
        ("short", "Household card"), ("grid", "Rank these"), ("short", "Where"), ("single", "Do you farm?")]
    assert [i.kind for i in items].index("unit") == 3  # after "members", as the settings say
    assert items[-3].rows == ("Yes", "No") and items[-3].choices == ("1", "2")
    script = apps_script(t, plan)
    assert "requireWholeNumber()" in script and "requireNumber()" in script and "addDateItem()" in script
    assert "addSectionHeaderItem().setTitle(\"Thank you for taking part.\")" in script
    created = [r["createItem"]["item"] for r in batch_update(t, plan)["requests"][1:]]
    assert "textItem" in created[1] and "dateQuestion" in created[5]["questionItem"]["question"]
    header = ["Timestamp", *export_header(t, plan)]
    assert "Thank you for taking part." not in header
    kinds = {c.title: c.kind for c in map_columns(t, header, {})}
    assert kinds["Household card"] == ColumnKind.ignored
    assert kinds["Rank these [Yes]"] == ColumnKind.question  # a rank is printed, read and imported (test_rank.py)
    assert kinds["How many people live here?"] == ColumnKind.question
    assert ColumnKind.unknown not in kinds.values()


def test_a_condition_on_one_choice_becomes_go_to_section(tmp_path, plan):
    from scanner.online_form import apps_script, batch_update, form_items

    survey = [{"type": "begin_group", "name": "a", "label": "Farming"},
              {"type": "select_one yn", "name": "farm", "label": "Do you farm?"},
              {"type": "end_group", "name": "a"},
              {"type": "begin_group", "name": "b", "label": "Your farm", "relevant": "${farm} = 'yes'"},
              {"type": "integer", "name": "ha", "label": "Hectares"},
              {"type": "text", "name": "crops", "label": "Crops"},
              {"type": "end_group", "name": "b"},
              {"type": "begin_group", "name": "c", "label": "Household"},
              {"type": "select_one yn", "name": "water", "label": "Piped water?"},
              {"type": "text", "name": "why", "label": "Why not?", "relevant": "selected(${water}, 'no')"},
              {"type": "integer", "name": "people", "label": "People"},
              {"type": "end_group", "name": "c"}]
    t = parse_template(build_layout(load_questionnaire(form(tmp_path / "b.xlsx", survey, YES_NO, {"form_id": "b"}))))
    items = form_items(t, plan)
    shape = [(i.kind, i.title, i.key) for i in items if i.kind == "section"]
    assert shape == [("section", "Farming", ""), ("section", "Your farm", "s1"), ("section", "Household", "s2"),
                     ("section", "", "s3"), ("section", "", "s4")]
    by_title = {i.title: i for i in items}
    assert by_title["Do you farm?"].branches == (("Yes", "s1"), ("No", "s2"))
    assert by_title["Piped water?"].branches == (("Yes", "s4"), ("No", "s3"))
    kinds = [i.title for i in items]
    assert kinds.index("Why not?") == kinds.index("Piped water?") + 2 and kinds.index("People") == kinds.index("Why not?") + 2
    script = apps_script(t, plan)
    assert 'branch_1.setChoices([branch_1.createChoice("Yes", page_s1), branch_1.createChoice("No", page_s2)]);' in script
    assert script.index("var page_s4") < script.index("branch_2.setChoices")
    created = [r["createItem"]["item"] for r in batch_update(t, plan)["requests"][1:]]
    farm = next(c for c in created if c["title"] == "Do you farm?")
    section = next(c for c in created if c["title"] == "Your farm")
    assert farm["questionItem"]["question"]["choiceQuestion"]["options"][0]["goToSectionId"] == section["itemId"]


def test_the_readme_quotes_the_codes_build_makes():
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = f"{survey_code('household_survey_2024_endline')}.{version_code('2026080801')}"
    assert f"survey code: {code}" in readme


def test_a_multiple_choice_says_what_its_words_do_not(tmp_path):
    many = [{"list_name": "m", "name": str(k), "label": f"Option {k}"} for k in range(1, 6)]
    survey = [{"type": "select_multiple m", "name": "a", "label": "Sources", "constraint": "count-selected(.) <= 2"},
              {"type": "select_multiple m", "name": "b", "label": "Pick up to 2 sources",
               "constraint": "count-selected(.) <= 2"},
              {"type": "select_multiple m", "name": "c", "label": "Crops"},
              {"type": "select_multiple m", "name": "d", "label": "Crops", "hint": "Select all that apply"}]
    t = build_layout(load_questionnaire(form(tmp_path / "m.xlsx", survey, many)))
    said = [x["text"] for x in t["texts"] if x["font"] == "italic"]
    assert said.count("Choose at most 2.") == 1 and said.count("(choose all that apply)") == 1


def test_markdown_and_html_as_paper_prints_them():
    from scanner.xlsform_text import emphasis, plain

    assert plain(r"Migrant\*innen in **Sachsen** and <span style='color:red'>_this_</span><br/>too") == \
        "Migrant*innen in Sachsen and this too"
    assert emphasis(plain("*All of it*")) == ("All of it", "italic")
    assert plain("# Heading &amp; [a link](http://x.org)") == "Heading & a link (http://x.org)"  # the address said


def test_a_kobo_export_sets_aside_the_columns_of_online_only_fields(tmp_path):
    from scanner.online.channels import Channel
    from scanner.online.xlsform import Role, map_form_columns

    survey = [{"type": "start", "name": "start"}, {"type": "geopoint", "name": "gps", "label": "Where"},
              {"type": "image", "name": "photo", "label": "Photo"},
              {"type": "calculate", "name": "total", "calculation": "1"},
              {"type": "select_one yn", "name": "farm", "label": "Do you farm?"}]
    t = parse_template(build_layout(load_questionnaire(form(tmp_path / "k.xlsx", survey, YES_NO))))
    header = ["start", "gps", "_gps_latitude", "_gps_longitude", "photo", "photo_URL", "total", "farm", "mystery",
              "_uuid"]
    roles = {c.title: c.role for c in map_form_columns(t, header, Channel.kobo, {})}
    assert roles["farm"] == Role.answer and roles["mystery"] == Role.unknown
    assert {roles[h] for h in ("gps", "_gps_latitude", "_gps_longitude", "photo", "photo_URL", "total")} == {Role.ignored}


def test_one_name_in_two_groups_is_two_questions_and_an_export_fills_each(tmp_path, capsys):
    """pyxform accepts a name used in two groups (HEDERA's energy survey: a `..._other` text under two stoves);
    the later one is the question `group/name`, as KoboToolbox names its column, and each column of an export
    goes to its own question."""
    survey = [{"type": "begin_group", "name": "solid", "label": "Solid fuels"},
              {"type": "select_one yn", "name": "uses", "label": "Solid fuel used?"},
              {"type": "text", "name": "fuel_other", "label": "Other solid fuel"},
              {"type": "end_group", "name": "solid"},
              {"type": "begin_group", "name": "liquid", "label": "Liquid fuels"},
              {"type": "select_one yn", "name": "uses_liquid", "label": "Liquid fuel used?"},
              {"type": "text", "name": "fuel_other", "label": "Other liquid fuel"},
              {"type": "end_group", "name": "liquid"}]
    path = form(tmp_path / "fuels.xlsx", survey, YES_NO, {"form_id": "fuels"})
    q = load_questionnaire(path)
    assert [(it.id, it.label) for it in q.items() if it.number] == [
        ("uses", "Solid fuel used?"), ("fuel_other", "Other solid fuel"), ("uses_liquid", "Liquid fuel used?"),
        ("liquid/fuel_other", "Other liquid fuel")]
    tpl = tmp_path / "t.json"
    assert main(["build", str(path), "--out", str(tpl)]) == 0
    head = ["start", "end", "don_vi", "solid.uses", "solid.fuel_other", "liquid.uses_liquid", "liquid.fuel_other",
            "_id", "_uuid", "_submission_time"]  # KoboToolbox's export with "." as its group separator
    row = ["2023-11-08T08:51:00.000+07:00", "2023-11-08T09:00:00.000+07:00", "MS", "yes", "peat", "yes", "kerosene",
           "1", "u-1", "2023-11-09T02:00:00"]
    csv_path = tmp_path / "kobo.csv"
    csv_path.write_text("\r\n".join(";".join(f'"{c}"' for c in r) for r in (head, row)) + "\r\n", encoding="utf-8")
    db = tmp_path / "k.db"
    assert main(["--template", str(tpl), "import-online", str(csv_path), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "1 mới (new)" in out and "0 có vấn đề" in out, out
    assert main(["--template", str(tpl), "export", "--db", str(db), "--format", "jsonl", "--out",
                 str(tmp_path / "r.jsonl")]) == 0
    record = json.loads((tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert (record["answers"]["fuel_other"], record["answers"]["liquid/fuel_other"]) == ("peat", "kerosene")


def test_each_xlsform_type_becomes_the_kind_its_table_says(tmp_path):
    """The truth is written here by hand, type by type, as the module docstring of questionnaire.py promises."""
    from scanner.kinds.xlsform import PAPER_KIND, XlsType
    survey = [{"type": "select_one yn", "name": "one", "label": "One"},
              {"type": "select_multiple yn", "name": "many", "label": "Many"},
              {"type": "text", "name": "words", "label": "Words"},
              {"type": "integer", "name": "count", "label": "Count"},
              {"type": "decimal", "name": "weight", "label": "Weight"},
              {"type": "date", "name": "day", "label": "Day"},
              {"type": "time", "name": "hour", "label": "Hour"},
              {"type": "datetime", "name": "moment", "label": "Moment"},
              {"type": "note", "name": "said", "label": "A note"},
              {"type": "acknowledge", "name": "ok", "label": "Read it"},
              {"type": "trigger", "name": "go", "label": "Go"},
              {"type": "range", "name": "few", "label": "Few", "parameters": "start=1 end=3 step=1"},
              {"type": "range", "name": "lots", "label": "Lots", "parameters": "start=1 end=50 step=1"},
              {"type": "begin_repeat", "name": "people", "label": "People", "repeat_count": "2"},
              {"type": "integer", "name": "age", "label": "Age"},
              {"type": "end_repeat", "name": "people"}]
    q = load_questionnaire(form(tmp_path / "types.xlsx", survey, YES_NO))
    got = {it.id: (it.kind, it.xls_type) for it in q.items()}
    assert got == {"one": (Kind.single, None), "many": (Kind.multiple, None), "words": (Kind.text, "text"),
                   "count": (Kind.number, "integer"), "weight": (Kind.number, "decimal"), "day": (Kind.date, "date"),
                   "hour": (Kind.text, "time"), "moment": (Kind.text, "datetime"), "said": (Kind.note, None),
                   "ok": (Kind.single, None), "go": (Kind.single, None), "few": (Kind.single, None),
                   "lots": (Kind.number, "integer"), "people": (Kind.roster, None)}  # 1-50: a digit grid
    for name, (kind, _) in got.items():
        xls = XlsType(next(r["type"] for r in survey if r["name"] == name).split()[0].replace("_", " ")
                      .replace("select multiple", "select all that apply").replace("begin repeat", "repeat"))
        assert name == "lots" or PAPER_KIND[xls] == kind, name
    assert [(c.id, c.kind) for c in q.item("people").columns] == [("age", Kind.text)]  # a roster cell is written


def test_a_date_in_another_calendar_stays_online_only_never_read_as_gregorian(tmp_path):
    """Belendia's Ethiopian forms: `ethiopian` (or `month-year ethiopian`) 2016-13-05 is no Gregorian date, and a
    digit grid would store it as one; such a date is left online only with the reason `build` prints."""
    survey = [{"type": "select_one yn", "name": "q", "label": "Do you farm?"},
              {"type": "date", "name": "born", "label": "Date of birth", "appearance": "ethiopian"},
              {"type": "date", "name": "harvest", "label": "Harvest month", "appearance": "month-year Ethiopian"},
              {"type": "date", "name": "visit", "label": "Visit", "appearance": "persian"},
              {"type": "date", "name": "seen", "label": "Seen on", "appearance": "no-calendar"},
              {"type": "date", "name": "plain", "label": "Plain date"}]
    q = load_questionnaire(form(tmp_path / "eth.xlsx", survey, YES_NO))
    assert [(o.name, o.why.value) for o in q.online_only] == [
        ("born", "calendar"), ("harvest", "calendar"), ("visit", "calendar")]
    assert "Gregorian" in q.online_only[0].describe()
    t = parse_template(build_layout(q), "eth")
    assert [x.id for x in t.marked_questions()] == ["q", "seen", "plain"]


def test_the_decimal_point_is_printed_as_the_form_language_writes_it(tmp_path):
    survey = [{"type": "decimal", "name": "area", "label": "Area of the farm", "digits": "4", "decimals": "1"}]
    english = build_layout(load_questionnaire(form(tmp_path / "en.xlsx", survey, settings={
        "form_title": "Farm survey", "default_language": "English (en)"})))
    vietnamese = build_layout(load_questionnaire(form(tmp_path / "vi.xlsx", [
        {"type": "decimal", "name": "area", "label": "Diện tích trang trại", "digits": "4", "decimals": "1"}],
        settings={"form_title": "Phiếu khảo sát", "default_language": "Tiếng Việt (vi)"})))
    points = [[x["text"] for x in lay["texts"] if x["size_pt"] == 12.0 and x["text"] in ".,"]
              for lay in (english, vietnamese)]
    assert points == [["."], [","]]


def test_month_year_and_year_dates_print_and_read_only_what_they_ask(tmp_path):
    """ODK's `month-year` asks no day and `year` no day or month: the grid prints mm yyyy / yyyy under their
    headings, and the marks read back as ODK stores them (yyyy-mm-01, yyyy-01-01)."""
    from scanner.kinds.date import digits_of
    from scanner.kinds.digits import bubble_id
    from scanner.kinds.registry import read_grid

    survey = [{"type": "date", "name": "full", "label": "Date of interview"},
              {"type": "date", "name": "harvest", "label": "Month of the last harvest", "appearance": "month-year"},
              {"type": "date", "name": "built", "label": "Year the house was built", "appearance": "year"}]
    q = load_questionnaire(form(tmp_path / "my.xlsx", survey, settings={"form_title": "Farm survey",
                                                                         "default_language": "English (en)"}))
    lay = build_layout(q)
    t = parse_template(lay, "my")
    assert [(x.id, x.digits, len(x.comb)) for x in t.marked_questions()] == [("full", 8, 8), ("harvest", 6, 6),
                                                                              ("built", 4, 4)]
    heads = [x["text"] for x in lay["texts"] if x["text"] in ("Day", "Month", "Year")]
    assert heads == ["Day", "Month", "Year", "Month", "Year", "Year"]

    def read(columns: int, text: str) -> str | None:
        return read_grid(Kind.date, columns, 0, [bubble_id(c, int(ch)) for c, ch in enumerate(text, 1)]).text

    assert (read(8, "05032016"), read(6, "032016"), read(4, "2016")) == ("2016-03-05", "2016-03-01", "2016-01-01")
    assert read(6, "132016") is None  # no thirteenth month
    assert (digits_of("2016-03-01", 6), digits_of("2016-01-01", 4)) == ("032016", "2016")


def test_month_year_and_year_dates_online_keep_what_paper_keeps(tmp_path, capsys, plan):
    """Online, a `month-year` answer is taken as a full date or as 2016-03, 03/2016, 3/2016 and a `year` answer as
    a full date or 2016, each kept as the paper grid keeps it (2016-03-01, 2016-01-01); a year where a month is
    asked, or a month where only a year is, is a problem for review. The Google Form asks them as checked text."""
    from scanner.kinds.registry import not_understood, parse_online
    from scanner.online_form import apps_script, batch_update, form_items

    survey = [{"type": "date", "name": "full", "label": "Date of interview"},
              {"type": "date", "name": "harvest", "label": "Month of the last harvest", "appearance": "month-year"},
              {"type": "date", "name": "built", "label": "Year the house was built", "appearance": "year"}]
    path = form(tmp_path / "dates.xlsx", survey, settings={"form_id": "dates"})
    tpl = tmp_path / "t.json"
    assert main(["build", str(path), "--out", str(tpl)]) == 0
    head = ["start", "end", "don_vi", "full", "harvest", "built", "_id", "_uuid", "_submission_time"]
    given = [("2016-03-15", "2016-03-15", "2016-03-15"), ("15/03/2016", "03/2016", "2016"),
             ("2016-03-15", "3/2016", "1998"), ("2016-03-15", "2016-03", "1998-07-31"),
             ("2016-03-15", "2016", "03/2016")]  # the last: a year for a month, a month for a year
    rows = [[f"2023-11-08T08:5{k}:00.000+07:00", f"2023-11-08T09:0{k}:00.000+07:00", "MS", *g, str(k), f"u-{k}",
             f"2023-11-09T02:0{k}:00"] for k, g in enumerate(given)]
    csv_path = tmp_path / "kobo.csv"
    csv_path.write_text("\r\n".join(";".join(f'"{c}"' for c in r) for r in (head, *rows)) + "\r\n", encoding="utf-8")
    db = tmp_path / "k.db"
    assert main(["--template", str(tpl), "import-online", str(csv_path), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "5 mới (new)" in out and "1 có vấn đề" in out, out
    assert '"2016" chỉ có năm, thiếu tháng: ghi tháng/năm, ví dụ 12/2016' in out
    assert '"03/2016" không đọc được là ngày tháng: ghi năm, ví dụ 1980' in out
    assert main(["--template", str(tpl), "export", "--db", str(db), "--format", "jsonl", "--out",
                 str(tmp_path / "r.jsonl")]) == 0
    records = [json.loads(x) for x in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    got = {r["sources"][0]["instance"]: (r["answers"]["full"], r["answers"]["harvest"], r["answers"]["built"],
                                         r["status"]) for r in records}
    assert got == {"u-0": ("2016-03-15", "2016-03-01", "2016-01-01", "final"),
                   "u-1": ("2016-03-15", "2016-03-01", "2016-01-01", "final"),
                   "u-2": ("2016-03-15", "2016-03-01", "1998-01-01", "final"),
                   "u-3": ("2016-03-15", "2016-03-01", "1998-01-01", "final"),
                   "u-4": ("2016-03-15", None, None, "needs_review")}
    # a full date question still refuses a partial one; month first when the column says so
    assert parse_online(Kind.date, "03/2016") == (None, False)
    assert parse_online(Kind.date, "3/15/2016", day_first=False, columns=6) == ("2016-03-01", True)
    assert parse_online(Kind.date, "13/2016", columns=6) == (None, False)
    assert not_understood(Kind.date, "x") == '"x" không đọc được là ngày tháng: ghi ngày/tháng/năm, ví dụ 25/12/1980'

    t = parse_template(json.loads(tpl.read_text(encoding="utf-8")), "t")
    items = {it.question_ids[0]: it for it in form_items(t, plan) if it.question_ids}
    assert [(items[q].kind, items[q].help, items[q].pattern) for q in ("full", "harvest", "built")] == [
        ("date", "", ""), ("short", "MM/YYYY", "(0?[1-9]|1[0-2])/[0-9]{4}"), ("short", "YYYY", "[0-9]{4}")]
    script = apps_script(t, plan)
    assert script.count("addDateItem()") == 1
    assert ('requireTextMatchesPattern("(0?[1-9]|1[0-2])/[0-9]{4}").setHelpText("MM/YYYY")' in script
            and 'requireTextMatchesPattern("[0-9]{4}").setHelpText("YYYY")' in script)
    created = {r["createItem"]["item"]["title"]: r["createItem"]["item"] for r in batch_update(t, plan)["requests"][1:]}
    assert created["Year the house was built"]["description"] == "YYYY"
    assert "textQuestion" in created["Year the house was built"]["questionItem"]["question"]
