"""A roster's numbers and dates are written cells, not digit grids; the same questions outside a roster are grids.

The form is made here, so what each question is on paper is known from the spreadsheet alone.
"""

from pathlib import Path

import pytest
from test_structure_forms import workbook

from scanner.cli import main
from scanner.kinds import DIGIT_KINDS, WRITTEN_KINDS, Kind
from scanner.questionnaire import load_questionnaire
from scanner.template import Template, load_template

ROWS = 3
IN_ROSTER = {"age": "integer", "income": "decimal", "born": "date"}


def household(path: Path) -> Path:
    survey = [
        {"type": "integer", "name": "size", "label": "Số người trong hộ", "constraint": ". <= 30"},
        {"type": "date", "name": "visit", "label": "Ngày phỏng vấn"},
        {"type": "begin_repeat", "name": "m", "label": "Thành viên", "rows": str(ROWS)},
        {"type": "text", "name": "mname", "label": "Họ và tên"},
        {"type": "select_one sex", "name": "sex", "label": "Giới tính"},
        *({"type": t, "name": n, "label": n.capitalize()} for n, t in IN_ROSTER.items()),
        {"type": "end_repeat", "name": "m"},
    ]
    return workbook(path, ["type", "name", "label", "constraint", "rows"], survey, ["list_name", "name", "label"],
                    [("sex", "1", "Nam"), ("sex", "2", "Nữ")], {"form_title": "PHIẾU HỘ", "form_id": "HHN",
                                                                  "version": "1"})


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Template]:
    tmp = tmp_path_factory.mktemp("roster_numbers")
    form = household(tmp / "hh.xlsx")
    assert main(["build", str(form), "--out", str(tmp / "hh.json")]) == 0
    return form, load_template(tmp / "hh.json")


def test_outside_a_roster_numbers_and_dates_are_grids(built: tuple[Path, Template]) -> None:
    _, t = built
    size, visit = t.question("size"), t.question("visit")
    assert (size.type, visit.type) == (Kind.number, Kind.date)
    assert size.digits == 2 and visit.digits == 8  # `. <= 30` needs two digits; ddmmyyyy
    assert len(size.options) == 10 * size.digits and len(size.comb) == size.digits and size.area is None


def test_in_a_roster_they_are_written_cells(built: tuple[Path, Template]) -> None:
    form, t = built
    roster = next(it for it in load_questionnaire(form).items() if it.kind == Kind.roster)
    assert {c.id: c.kind for c in roster.columns} == {"mname": Kind.text, "sex": Kind.single,
                                                       **{n: Kind.text for n in IN_ROSTER}}
    assert [c.type for c in t.rosters["m"].columns] == [Kind.text, Kind.single, Kind.text, Kind.text, Kind.text]
    for n in range(1, ROWS + 1):
        for name in IN_ROSTER:
            cell = t.question(f"{name}[{n}]")
            assert cell.type in WRITTEN_KINDS and cell.type not in DIGIT_KINDS
            assert cell.area is not None and not cell.options and not cell.comb and cell.roster_row == n


def test_why_a_roster_row_holds_no_grid() -> None:
    """The README's reason, from the layout's own measures: a grid is more than eight table rows tall."""
    from scanner.layout_digits import grid_height
    from scanner.layout_roster import ROW_H
    assert (grid_height(Kind.number), grid_height(Kind.date), ROW_H) == (74.5, 79.0, 9.0)
    assert grid_height(Kind.number) > 8 * ROW_H
