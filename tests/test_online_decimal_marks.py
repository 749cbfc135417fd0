"""Decimal commas in online downloads: each number column read by its own cells' evidence, as dates are.

A Google Sheet in a Spanish, Portuguese, French or Vietnamese locale writes three and a half as 3,5 and
twelve hundred and a half as 1.234,5; an English one writes 3.5 and 1,234.5; KoboToolbox and ODK write an XForm
decimal, always 3.5 and never grouped. A cell such as 1,234 reads both ways; where nothing in its column or its
file tells, it goes to a person with the reason, never silently to 1234 or 1.234. The expected values below are
written out by hand from what each cell means in its locale.
"""

from __future__ import annotations

import csv
import json

import pytest

from scanner.cli import main
from scanner.corpus.online import header
from scanner.kinds.number import column_mark, mark_shown, parse_number, undecided_mark
from scanner.layout import build_layout
from scanner.questionnaire import load_questionnaire
from scanner.template import load_template
from tests.test_way_in import form

SURVEY = [{"type": "decimal", "name": "area", "label": "Farm area in hectares", "digits": "6", "decimals": "1"},
          {"type": "decimal", "name": "price", "label": "Price per kilo", "digits": "6", "decimals": "2"},
          {"type": "integer", "name": "herd", "label": "Number of animals", "digits": "5"}]
UNIT = "Đảng bộ xã Bản Lang"


@pytest.fixture()
def tpl(tmp_path):
    out = tmp_path / "t.json"
    assert main(["build", str(form(tmp_path / "n.xlsx", SURVEY, settings={"form_id": "numbers"})), "--out",
                 str(out)]) == 0
    return out


def _import(capsys, tmp_path, tpl, rows, stamp_title="Dấu thời gian"):
    """A Google Forms download with these (area, price, herd) cells; the records and the import's output."""
    template = load_template(tpl)
    head = header(template, True)
    head[0] = stamp_title
    cols = [head.index(t) for t in ("Farm area in hectares", "Price per kilo", "Number of animals")]
    f = tmp_path / "n.csv"
    with f.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(head)
        for k, cells in enumerate(rows):
            row = [""] * len(head)
            row[0], row[1] = f"08/11/2023 09:{10 + k}:00", UNIT
            for c, v in zip(cols, cells, strict=True):
                row[c] = v
            w.writerow(row)
    db = tmp_path / "n.db"
    capsys.readouterr()
    assert main(["--template", str(tpl), "import-online", str(f), "--db", str(db)]) == 0
    said = capsys.readouterr()
    out = said.out + said.err  # the rows' problems, then the file's notices
    assert main(["--template", str(tpl), "export", "--db", str(db), "--format", "jsonl"]) == 0
    recs = sorted((json.loads(x) for x in capsys.readouterr().out.splitlines()), key=lambda r: r["submitted_at"])
    return out, [(r["answers"]["area"], r["answers"]["price"], r["answers"]["herd"], r["status"]) for r in recs]


def test_a_spanish_sheet_writes_decimal_commas_and_its_points_group_thousands(capsys, tmp_path, tpl):
    out, got = _import(capsys, tmp_path, tpl, [("3,5", "1.234,50", "1.234"), ("1.234", "2,25", "12"),
                                               ("12", "1.250", "7")], stamp_title="Marca temporal")
    assert got == [(3.5, 1234.5, 1234, "final"), (1234, 2.25, 12, "final"), (12, 1250, 7, "final")]
    assert "1 có vấn đề" not in out and "0 có vấn đề" in out


def test_an_english_sheet_writes_decimal_points_and_its_commas_group_thousands(capsys, tmp_path, tpl):
    out, got = _import(capsys, tmp_path, tpl, [("3.5", "1,234.50", "1,234"), ("1.234", "2.25", "12"),
                                               ("1,234", "0.125", "7")], stamp_title="Timestamp")
    assert got == [(3.5, 1234.5, 1234, "final"), (1.234, 2.25, 12, "final"), (1234, 0.125, 7, "final")]


def test_a_column_that_cannot_tell_borrows_its_files_mark(capsys, tmp_path, tpl):
    """area shows only 1.234 (both ways), but price in the same sheet writes 2,25: the file writes commas."""
    _, got = _import(capsys, tmp_path, tpl, [("1.234", "2,25", ""), ("7", "3,5", "")])
    assert got == [(1234, 2.25, None, "final"), (7, 3.5, None, "final")]


def test_a_cell_that_reads_both_ways_with_nothing_to_tell_goes_to_a_person(capsys, tmp_path, tpl):
    out, got = _import(capsys, tmp_path, tpl, [("1,234", "", "1,234"), ("7", "", "2")])
    # the integer question can only mean one thousand two hundred and thirty-four; the decimal one cannot tell
    assert got == [(None, None, 1234, "needs_review"), (7, None, 2, "final")]
    assert ('"1,234": không rõ dấu "," là dấu phân cách hàng nghìn (1234) hay dấu thập phân (1 phẩy 234); '
            'các ô khác trong cột không cho biết, cần người xác nhận') in out
    assert out.count("không rõ dấu thập phân của cột") == 1 and "area" in out


def test_people_typing_each_their_own_way_are_each_read_or_asked(capsys, tmp_path, tpl):
    """A column with both 3,5 and 3.5 has no one mark: the cells that show theirs are read, 1.234 is asked."""
    _, got = _import(capsys, tmp_path, tpl, [("3,5", "", ""), ("3.5", "", ""), ("1.234", "", ""),
                                             ("1.234,5", "", "")])
    assert got == [(3.5, None, None, "final"), (3.5, None, None, "final"), (None, None, None, "needs_review"),
                   (1234.5, None, None, "final")]


def test_a_column_showing_both_marks_does_not_borrow_its_files(capsys, tmp_path, tpl):
    """t13n's F4: area shows 1,5 and 2.5 (people typing each their own way) while price writes 2,25: area has no
    one mark, so its 1,234 goes to a person rather than the file's comma reading it 1.234, and its 2.5 is read."""
    out, got = _import(capsys, tmp_path, tpl, [("1,5", "2,25", ""), ("2.5", "3,5", ""), ("1,234", "4,75", "")])
    assert got == [(1.5, 2.25, None, "final"), (2.5, 3.5, None, "final"), (None, 4.75, None, "needs_review")]
    assert out.count("không rõ dấu thập phân của cột") == 1 and "area" in out


def test_a_kobo_decimal_is_an_xform_decimal(tmp_path, capsys, tpl):
    """KoboToolbox writes 1.234 for one point two three four whatever the phone's language."""
    head = ["start", "end", "don_vi", "area", "price", "herd", "_id", "_uuid", "_submission_time"]
    rows = [head, ["2023-11-08T08:50:00.000+07:00", "2023-11-08T09:00:00.000+07:00", "MS", "1.234", "1250",
                   "1234", "1", "u-1", "2023-11-09T02:00:00"]]
    f = tmp_path / "kobo.csv"
    f.write_text("\r\n".join(";".join(f'"{c}"' for c in r) for r in rows) + "\r\n", encoding="utf-8")
    db = tmp_path / "k.db"
    assert main(["--template", str(tpl), "import-online", str(f), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["--template", str(tpl), "export", "--db", str(db), "--format", "jsonl"]) == 0
    (rec,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert (rec["answers"]["area"], rec["answers"]["price"], rec["answers"]["herd"]) == (1.234, 1250, 1234)


@pytest.mark.parametrize(("cell", "shown"), [
    ("3,5", ","), ("3.5", "."), ("1.234,5", ","), ("1,234.5", "."), ("1.234.567", ","), ("1,234,567", "."),
    ("0,125", ","), ("1234,567", ","), ("1,234", None), ("1.234", None), ("12", None), ("-2,5", ","), ("abc", None)])
def test_what_one_cell_shows(cell, shown):
    assert mark_shown(cell) == shown
    assert undecided_mark(cell) == (cell in ("1,234", "1.234"))


def test_a_column_mark_and_a_cell_against_it():
    assert column_mark(["3,5", "1.234", "", "12"]) == ","
    assert column_mark(["3,5", "3.5"]) is None and column_mark(["1,234"]) is None
    assert parse_number("3.5", 1, ",") is None  # a point where the column groups with points: not a number
    assert parse_number("1.234.567", 0, ",") == 1234567 and parse_number("1,234", 1, ",") == 1.234


@pytest.mark.parametrize(("language", "label", "point"), [
    ("English (en)", "Farm area", "."), ("Tiếng Việt (vi)", "Diện tích", ","), ("Français (fr)", "Surface", ","),
    ("Español (es)", "Superficie", ","), ("Português (pt)", "Área", ","), ("Deutsch (de)", "Fläche", ",")])
def test_a_paper_decimal_grid_prints_its_languages_mark(tmp_path, language, label, point):
    """CLDR's decimal symbol: "." in English, "," in Vietnamese, French, Spanish, Portuguese and German."""
    survey = [{"type": "decimal", "name": "area", "label": label, "digits": "4", "decimals": "1"}]
    lay = build_layout(load_questionnaire(form(tmp_path / "f.xlsx", survey, settings={
        "form_title": "Survey", "default_language": language})))
    assert [x["text"] for x in lay["texts"] if x["size_pt"] == 12.0 and x["text"] in ".,"] == [point]


def _record_ids(capsys, tpl, db):
    assert main(["--template", str(tpl), "export", "--db", str(db), "--format", "jsonl"]) == 0
    recs = sorted((json.loads(x) for x in capsys.readouterr().out.splitlines()), key=lambda r: r["submitted_at"])
    return [r["record_id"] for r in recs]


def _settle(capsys, tpl, db, record, *answers):
    argv = ["--template", str(tpl), "settle-online", record, "--reviewer", "Lan", "--db", str(db)]
    code = main(argv + [x for a in answers for x in ("--answer", a)])
    said = capsys.readouterr()
    return code, said.out + said.err


def test_a_value_a_reviewer_types_is_read_by_its_columns_mark(capsys, tmp_path, tpl):
    """The reviewer of a row whose area column shows no decimal mark types 1,234: that reads two ways there, so
    it is asked again as the import asked for the cell (the old rule read it as 1234); 1234 and 1,2340 read one
    way. On the review page the same: the row's fields carry their column's mark and the page's value is checked
    against it. Where the file writes decimal commas (a Spanish sheet), a typed 1,234 is one point two three four."""
    from scanner.online import derive_online
    from scanner.plan import load_plan
    from scanner.review.online import online_items, validate_online
    from scanner.store import Store
    from scanner.vocab import ItemKind

    _import(capsys, tmp_path, tpl, [("1,234", "", "1,234"), ("7", "", "2")])
    db = tmp_path / "n.db"
    first = _record_ids(capsys, tpl, db)[0]
    code, said = _settle(capsys, tpl, db, first, "area=1,234")
    assert code != 0 and "gõ 1234 nếu là số hàng nghìn, hoặc 1,2340 nếu là số thập phân" in said, said
    template, plan = load_template(tpl), load_plan()
    store = Store(db)
    try:
        row = next(o for o in online_items(store, template, plan) if o.kind == ItemKind.online_row)
        area = next(f for f in row.extra["fields"] if f["id"] == "area")
        assert area["decimal_mark"] == "?" and area["flagged"]
        with pytest.raises(ValueError, match="unclear whether “,” is the decimal or the thousands mark"):
            validate_online(ItemKind.online_row, {"answers": {"area": "1,234"}}, row.extra, set(), set())
        kept = validate_online(ItemKind.online_row, {"answers": {"area": "1,2340"}}, row.extra, set(), set())
        assert kept["answers"] == {"area": "1,2340"}
    finally:
        store.close()
    code, said = _settle(capsys, tpl, db, first, "area=1,2340")
    assert code == 0, said
    assert main(["--template", str(tpl), "export", "--db", str(db), "--format", "jsonl"]) == 0
    recs = {r["record_id"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert (recs[first]["answers"]["area"], recs[first]["status"]) == (1.234, "final")

    spanish = tmp_path / "es"
    spanish.mkdir()
    es_tpl = spanish / "t.json"
    es_tpl.write_bytes(tpl.read_bytes())
    _import(capsys, spanish, es_tpl, [("3,5", "2,25", "1.234"), ("1,234", "", "")], stamp_title="Marca temporal")
    es_db = spanish / "n.db"
    second = _record_ids(capsys, es_tpl, es_db)[1]
    store = Store(es_db)
    try:
        assert derive_online(store, template, plan).decimal_mark(second, "area") == ","
    finally:
        store.close()
    code, said = _settle(capsys, es_tpl, es_db, second, "area=1,234", "price=1.234,5")
    assert code == 0, said
    assert main(["--template", str(es_tpl), "export", "--db", str(es_db), "--format", "jsonl"]) == 0
    recs = {r["record_id"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert (recs[second]["answers"]["area"], recs[second]["answers"]["price"]) == (1.234, 1234.5)


def test_a_column_typed_both_ways_does_not_borrow_the_files_mark(capsys, tmp_path, tpl):
    """area shows 3,5 and 3.5 (people typing each their own way) while price writes 2,25: area has no one mark,
    so its 1,234 is asked, not read as one point two three four by the price column's comma."""
    _, got = _import(capsys, tmp_path, tpl, [("3,5", "2,25", ""), ("3.5", "3,5", ""), ("1,234", "1,5", "")])
    assert got == [(3.5, 2.25, None, "final"), (3.5, 3.5, None, "final"), (None, 1.5, None, "needs_review")]


def test_a_fraction_in_a_whole_number_column_is_asked(capsys, tmp_path, tpl):
    """herd is an integer: 2.5 animals is a slip of the respondent's, asked about rather than kept as 2.5."""
    out, got = _import(capsys, tmp_path, tpl, [("3.5", "", "2.5"), ("1", "", "12")], stamp_title="Timestamp")
    assert got == [(3.5, None, None, "needs_review"), (1, None, 12, "final")]
    assert "chỉ nhận số nguyên" in out
