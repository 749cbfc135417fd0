"""Issue 22: a roster or a grid that fits on one page is moved whole to the next page, never split across two.

Questions are put before each one until it no longer fits in what is left of the first page; wherever it then
starts, all its rows are on one page."""

import pytest
from test_structure_forms import RELATION, workbook

from scanner.cli import main
from scanner.template import load_template

YN = [("yn", "1", "Có"), ("yn", "2", "Không")]


def _form(path, before: int, what: str):
    choices = YN + [("rel", str(i), x) for i, x in enumerate(RELATION, 1)] + [("sex", "1", "Nam"), ("sex", "2", "Nữ")]
    survey = [{"type": "select_one yn", "name": f"q{i}", "label": f"Câu hỏi mở đầu số {i} của phiếu?"}
              for i in range(before)]
    if what == "members":  # too wide for a table: one block per member; three, as four filled a page exactly and
        # the line under a roster that may count more (g19) no longer fits beside them
        survey += [{"type": "begin_repeat", "name": "person", "label": "Các thành viên của hộ", "rows": "3"},
                   {"type": "text", "name": "pname", "label": "Họ và tên"},
                   {"type": "select_one rel", "name": "rel", "label": "Quan hệ với chủ hộ"},
                   {"type": "select_one sex", "name": "psex", "label": "Giới tính"},
                   {"type": "end_repeat", "name": "person"}]
    elif what == "table":
        survey += [{"type": "begin_repeat", "name": "person", "label": "Các thành viên của hộ", "rows": "12"},
                   {"type": "text", "name": "pname", "label": "Họ và tên"},
                   {"type": "select_one sex", "name": "rel", "label": "Giới tính"},
                   {"type": "end_repeat", "name": "person"}]
    else:
        survey += [{"type": "begin_group", "name": "g", "label": "Mức độ hài lòng", "appearance": "table-list"},
                   *[{"type": "select_one yn", "name": f"r{i}", "label": f"Dịch vụ công số {i}"} for i in range(14)],
                   {"type": "end_group", "name": "g"}]
    survey.append({"type": "select_one yn", "name": "last", "label": "Câu cuối?"})
    return workbook(path, ["type", "name", "label", "rows", "appearance"], survey, ["list_name", "name", "label"],
                    choices, {"form_title": "PHIẾU", "form_id": "KEEP", "version": "1"})


def _pages(t, what: str) -> set[int]:
    if what == "grid":
        return {t.question(f"r{i}").page for i in range(14)}
    rows = 3 if what == "members" else 12
    return {t.question(f"{c}[{n}]").page for n in range(1, rows + 1) for c in ("pname", "rel")}


@pytest.mark.parametrize("what", ["members", "table", "grid"])
def test_what_fits_on_a_page_is_moved_whole(tmp_path, what):
    moved = 0
    for before in range(0, 24, 3):
        layout = tmp_path / f"{what}{before}.json"
        assert main(["build", str(_form(tmp_path / f"{what}{before}.xlsx", before, what)), "--out", str(layout)]) == 0
        t = load_template(layout)
        pages = _pages(t, what)
        if before == 0:  # the form opens on it: page 1 is never left with the title alone, it starts there
            assert min(pages) == 1, (what, before, pages)
            continue
        assert len(pages) == 1, (what, before, pages)
        moved += min(pages) > 1
    assert moved  # some of the forms put it after a page break
