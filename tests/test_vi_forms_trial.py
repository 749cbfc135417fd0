"""Vietnamese-first XLSForms an office writes itself (tests/data/xlsforms/ours_vi_*, trial docs/forms_trial_s14_vi.md).

A questionnaire typed on a Mac arrives with its labels decomposed (NFD: “ộ” as o + two combining marks); it is
still Vietnamese, and its printed frame, conditions and online help must be too.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

from scanner.phrases import Language, language_code
from scanner.questionnaire import load_questionnaire

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
