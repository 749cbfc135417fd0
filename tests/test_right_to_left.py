"""Issue 22: a right-to-left label language (Arabic) is refused by `build` in one line that names the other
languages, instead of a form printed with its letters missing; the form's other languages still build."""

from benchmarks.realforms import DEFAULT_FORMS, cli
from tests.test_way_in import form

UNHCR = DEFAULT_FORMS / "unhcr_household_survey_americas.xlsx"


def test_arabic_is_refused_in_one_line_naming_the_other_languages(tmp_path):
    code, out, err = cli(["build", str(UNHCR), "--out", str(tmp_path / "ar.json"), "--lang", "ar"])
    assert code == 4 and not (tmp_path / "ar.json").exists()
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert str(UNHCR) in lines[0] and "right-to-left" in lines[0]
    assert lines[0].endswith("English (en), Spanish (es), French (fr)")


def test_an_arabic_only_form_is_refused_and_a_latin_one_is_not(tmp_path):
    arabic = form(tmp_path / "ar.xlsx", [{"type": "select_one yn", "name": "q1", "label": "هل توافق على المشاركة؟"}],
                  [{"list_name": "yn", "name": "yes", "label": "نعم"}, {"list_name": "yn", "name": "no", "label": "لا"}],
                  {"form_title": "مسح", "form_id": "ar_only", "version": "1"})
    code, _, err = cli(["build", str(arabic), "--out", str(tmp_path / "a.json")])
    assert code == 4 and "label::" in err and "right-to-left" in err
    latin = form(tmp_path / "fr.xlsx", [{"type": "select_one yn", "name": "q1", "label": "Êtes-vous d'accord ?"}],
                 [{"list_name": "yn", "name": "yes", "label": "Oui"}, {"list_name": "yn", "name": "no", "label": "Non"}],
                 {"form_title": "Enquête", "form_id": "fr_only", "version": "1"})
    code, _, err = cli(["build", str(latin), "--out", str(tmp_path / "f.json")])
    assert code == 0, err
