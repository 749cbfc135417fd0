"""Vietnamese-first XLSForms an office writes itself (tests/data/xlsforms/ours_vi_*, trial docs/forms_trial_s14_vi.md).

A questionnaire typed on a Mac arrives with its labels decomposed (NFD: “ộ” as o + two combining marks); it is
still Vietnamese, and its printed frame, conditions and online help must be too.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from scanner.logic.wording import constraint_words, logic_reason
from scanner.phrases import Language, language_code
from scanner.questionnaire import load_questionnaire
from scanner.review.limits import question_limit
from scanner.vocab import ReviewReason

DATA = Path(__file__).resolve().parent / "data" / "xlsforms"
NFD_FORM = DATA / "ours_vi_ho_gia_dinh_nfd.xlsx"


def test_labels_typed_decomposed_on_a_mac_are_judged_vietnamese(tmp_path):
    # the form as the clerk saved it: its file name (the only title it has) decomposed too
    name = unicodedata.normalize("NFD", "Phiếu hộ gia đình xã 2024.xlsx")
    form = tmp_path / name
    shutil.copy(NFD_FORM, form)
    q = load_questionnaire(form)
    assert q.language == Language.vi
    assert q.title == "Phiếu hộ gia đình xã 2024"  # NFC, from the file's name


def test_language_names_and_samples_are_read_whatever_their_normal_form():
    nfd = unicodedata.normalize("NFD", "Họ và tên chủ hộ Số người trong hộ Nguồn nước sinh hoạt chính")
    assert language_code("default", nfd) == Language.vi
    assert language_code(unicodedata.normalize("NFD", "Tiếng Việt")) == Language.vi


def test_a_title_and_survey_code_from_the_file_name_do_not_depend_on_its_normal_form(tmp_path):
    codes = set()
    for form in ("NFD", "NFC"):
        path = tmp_path / form / unicodedata.normalize(form, "Phiếu hộ gia đình xã 2024.xlsx")
        path.parent.mkdir()
        shutil.copy(NFD_FORM, path)
        q = load_questionnaire(path)
        codes.add((q.form_id, q.title))
    assert len(codes) == 1, codes  # a form rebuilt from a copy saved elsewhere keeps its printed sheets' code


KOBO_FORM = DATA / "ours_vi_kobo_can_bo_dtts.xlsx"


@pytest.fixture(scope="module")
def kobo_template(tmp_path_factory):
    from scanner.cli import main
    from scanner.template import load_template

    out = tmp_path_factory.mktemp("kobo") / "t.json"
    assert main(["build", str(KOBO_FORM), "--out", str(out)]) == 0
    return load_template(out)


@pytest.mark.parametrize("constraint, words", [
    (". >= 18 and . <= 80", "phải từ 18 đến 80"),
    (". > 0 and . <= 20", "phải lớn hơn 0 và không quá 20"),
    (". >= 0", "phải từ 0 trở lên"),
    (". < 100", "phải nhỏ hơn 100"),
    (". >= 0.5 and . <= 99.9", "phải từ 0,5 đến 99,9"),
    ("regex(., '^0[0-9]{9}$')", "regex(., '^0[0-9]{9}$')"),  # no range to put in words: as the form wrote it
])
def test_a_range_constraint_is_said_in_vietnamese_words(constraint, words):
    assert constraint_words(constraint) == words


def test_the_reviewer_reads_the_broken_range_in_words_not_xpath(tmp_path):
    """The satisfaction form's `so_lan` has `. >= 1 and . <= 10` and no constraint_message of its own."""
    from scanner.cli import main
    from scanner.template import load_template

    tpl = tmp_path / "t.json"
    assert main(["build", str(DATA / "ours_vi_hai_long_dich_vu.xlsx"), "--out", str(tpl)]) == 0
    template = load_template(tpl)
    said = logic_reason(template, "so_lan", ReviewReason.constraint_broken)
    assert said == "Câu trả lời trái với điều kiện của bảng hỏi (phải từ 1 đến 10)"
    assert question_limit(template, "so_lan", 12) == "Câu 5: giá trị “12” trái với điều kiện của câu hỏi (phải từ 1 đến 10)"


def test_an_online_answer_outside_its_range_says_the_range_in_words(tmp_path, capsys):
    """The form's Google Forms download (Vietnamese headers, dd/mm/yyyy times), one age of 95 among them."""
    from scanner.cli import main

    tpl = tmp_path / "t.json"
    assert main(["build", str(KOBO_FORM), "--out", str(tpl)]) == 0
    capsys.readouterr()
    main(["--template", str(tpl), "import-online", str(DATA.parent / "online" / "ours_vi_kobo_google_forms.csv"),
          "--db", str(tmp_path / "s.db")])
    said = [ln for ln in capsys.readouterr().out.splitlines() if "Tuổi của đồng chí" in ln]
    assert len(said) == 1 and "trái với điều kiện của bảng hỏi: Tuổi phải từ 18 đến 80 (breaks" in said[0], said


def test_the_forms_own_constraint_message_is_what_the_reviewer_reads(kobo_template):
    """KoboToolbox's `constraint_message::Tiếng Việt (vi)`: the clerk's own words, with the range they stand for."""
    said = logic_reason(kobo_template, "nam_vao_dang", ReviewReason.constraint_broken)
    assert said == "Câu trả lời trái với điều kiện của bảng hỏi (Năm không hợp lệ; phải từ 1960 đến 2023)"
    # a message that already says the range is not said twice
    assert question_limit(kobo_template, "tuoi", 95) == "Câu 2: giá trị “95” trái với điều kiện của câu hỏi (Tuổi phải từ 18 đến 80)"


def test_a_hint_reaches_the_google_form_as_the_items_help(kobo_template):
    from scanner.online_form import form_items
    from scanner.plan import load_plan

    items = {it.question_ids[0]: it for it in form_items(kobo_template, load_plan()) if it.question_ids}
    assert items["tuoi"].help.startswith("Ghi số tuổi tròn")  # printed under Câu 2 on paper: online too


def test_the_paper_instruction_of_a_digit_grid_is_no_online_help():
    """The example writes the digit grid's paper instruction as its hint: online there is no grid to mark."""
    from scanner.online_form import form_items
    from scanner.plan import load_plan
    from scanner.template import load_template

    template = load_template()
    assert all("Ghi mỗi chữ số" not in it.help for it in form_items(template, load_plan()))


def test_a_lower_bound_alone_does_not_shrink_a_numbers_grid():
    """`. >= 0` on “Diện tích đất sản xuất (ha)” printed one whole-number column: 12,5 ha could not be written."""
    from scanner.kinds.number import digits_for

    q = load_questionnaire(NFD_FORM)
    area = q.item("dien_tich")
    assert (area.digits, area.decimals) == (4, 1)  # the default three whole columns and the decimal
    assert digits_for(". >= 0") == 0 and digits_for(". > 10") == 0
    assert digits_for(". >= 1960") == 4 and digits_for(". >= 18 and . <= 80") == 2 and digits_for(". > 0 and . <= 20") == 2


def test_a_hint_and_the_condition_are_two_sentences_online(tmp_path):
    from scanner.cli import main
    from scanner.online_form import form_items
    from scanner.plan import load_plan
    from scanner.template import load_template

    tpl = tmp_path / "t.json"
    assert main(["build", str(DATA / "ours_vi_hai_long_dich_vu.xlsx"), "--out", str(tpl)]) == 0
    items = {it.question_ids[0]: it for it in form_items(load_template(tpl), load_plan()) if it.question_ids}
    assert items["ly_do"].help == ("Có thể chọn nhiều. Trả lời nếu “Ông/bà có hài lòng với dịch vụ hành chính công của xã "
                                   "không?” chọn “Chưa hài lòng” hoặc “Rất không hài lòng”.")  # no numbers online


def test_build_names_the_numbers_printed_at_the_default_width():
    """A number with no digits and no range prints 3 columns, so `build` says which questions got the default width
    (by their names: the numbers it gave, "câu 9, 11", were not the printed 8 and 10) and how to widen them.
    “Hộ thuộc diện nghèo từ năm nào?” asks for a year: 4 columns (session 16; 3 printed before, no year fits)."""
    q = load_questionnaire(NFD_FORM)
    assert q.item("nam_ngheo").digits == 4
    said = [n for n in q.notices if "chữ số" in n]
    assert len(said) == 1 and said[0].startswith("câu dien_tich: in 3 chữ số (đến 999)") and "digits" in said[0]
    assert not [n for n in load_questionnaire(KOBO_FORM).notices if "chữ số" in n]  # every number has its range


def test_a_note_naming_a_field_online_leaves_a_blank_not_a_paper_number(kobo_template):
    """Paper prints “Xin cảm ơn đồng chí (câu trả lời ở Câu 2 tuổi)…”; the Google Form has no “Câu 2” to point at."""
    from scanner.online_form import form_items
    from scanner.plan import load_plan

    notes = [it.title for it in form_items(kobo_template, load_plan()) if it.title.startswith("Xin cảm ơn")]
    assert notes == ["Xin cảm ơn đồng chí (…… tuổi) đã tham gia!"]
    # paper: the answer `${tuoi}` stands for, inside the form's own brackets (t21; was "(Câu 2 tuổi)")
    assert "Xin cảm ơn đồng chí (câu trả lời ở Câu 2 tuổi) đã tham gia!" in [t.text for t in kobo_template.texts]
