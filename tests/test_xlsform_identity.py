"""Writing the XForm of a form with repeats (the check `build` makes, scanner/xlsform_sheet.py) compares form elements
by identity rather than as pyxform does, by building both as JSON for each element of a repeat (issue 26): the same
XForm, without the cost that grew with the square of a repeat's size."""

import copy
from pathlib import Path

from openpyxl import Workbook
from pyxform.builder import create_survey_element_from_dict
from pyxform.survey_element import SurveyElement
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import get_xlsform

from scanner import xlsform_sheet


def _form(path: Path, per_repeat: int) -> Path:
    """Two repeats in two groups, the same questions in each (a dynamic default in both), one repeat nested."""
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(["type", "name", "label", "default"])
    for g in ("a", "b"):
        ws.append(["begin group", f"g_{g}", f"Group {g}", None])
        ws.append(["begin repeat", f"r_{g}", "Members", None])
        ws.append(["date", f"when_{g}", "When", "today()"])
        for k in range(per_repeat):
            ws.append(["integer", f"q_{g}{k}", f"Question {k}", None])
        ws.append(["begin repeat", f"inner_{g}", "Visits", None])
        ws.append(["text", f"note_{g}", "Note", None])
        ws.append(["end repeat", None, None, None])
        ws.append(["end repeat", None, None, None])
        ws.append(["end group", None, None, None])
    wb.create_sheet("choices").append(["list_name", "name", "label"])
    wb.save(path)
    return path


def _xml(path: Path) -> str:
    tree = workbook_to_json(workbook_dict=get_xlsform(str(path)), form_name="data", fallback_form_name=path.stem,
                            default_language="default", warnings=[])
    return create_survey_element_from_dict(copy.deepcopy(tree)).to_xml(validate=False, warnings=[])


def test_the_xform_written_with_identity_is_pyxforms_own(tmp_path):
    path = _form(tmp_path / "f.xlsx", 12)
    real = SurveyElement.__eq__
    theirs = _xml(path)
    with xlsform_sheet._elements_compared_by_identity():
        ours = _xml(path)
    assert SurveyElement.__eq__ is real  # pyxform's own again afterwards
    assert ours == theirs and theirs.count("<repeat") == 4 and 'event="odk-new-repeat' in theirs


def test_reading_a_workbook_no_longer_builds_a_repeats_elements_as_json_for_each_of_them(tmp_path, monkeypatch):
    path = _form(tmp_path / "f.xlsx", 60)
    built = []
    real = SurveyElement.to_json_dict

    def counted(self, *args, **kwargs):
        built.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(SurveyElement, "to_json_dict", counted)
    book = xlsform_sheet.read_workbook(path)
    assert [c["name"] for c in book.tree["children"][:2]] == ["g_a", "g_b"]
    # pyxform's comparison built both repeats as JSON for each element inside them (132 calls reached
    # SurveyElement's own to_json_dict on f29a8d7, each building a whole repeat); nothing else here asks for JSON
    assert not built, len(built)
