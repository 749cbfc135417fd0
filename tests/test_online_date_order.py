"""Date answers in online exports: each column's day/month order decided from its own cells, then the file's.

A Google Sheet in an English locale writes a date answer m/d/yyyy, a Vietnamese one dd/mm/yyyy; the truth of
each row is the generator's ISO date, never the reader's. The tests' second questionnaire has a date question.
"""

import csv
import io
import json
from pathlib import Path

import pytest

from scanner.cli import main
from scanner.corpus.online import header, responses
from scanner.kinds import Kind
from scanner.kinds.date import day_first_of, parse_date
from scanner.template import load_template

KS24 = Path(__file__).resolve().parent / "data" / "questionnaire_ks24.xlsx"


@pytest.fixture(scope="module")
def ks24(tmp_path_factory):
    layout = tmp_path_factory.mktemp("ks24") / "ks24.json"
    assert main(["build", str(KS24), "--out", str(layout)]) == 0
    return layout


def _date_question(template):
    return next(q for q in template.questions if q.type == Kind.date)


def _import(capsys, tmp_path, layout, text):
    f = tmp_path / "o.csv"
    f.write_text(text, encoding="utf-8")
    db = tmp_path / "o.db"
    capsys.readouterr()
    assert main(["--template", str(layout), "import-online", str(f), "--db", str(db)]) == 0
    out = capsys.readouterr().err  # the file's notices
    assert main(["--template", str(layout), "export", "--db", str(db), "--format", "jsonl"]) == 0
    recs = [json.loads(x) for x in capsys.readouterr().out.splitlines() if '"channel": "online"' in x]
    return out, recs


def _by_time(rows):
    return sorted(rows, key=lambda r: r["submitted_at"])


@pytest.mark.parametrize("vietnamese", [True, False])
def test_a_generated_export_reads_its_dates_in_its_own_order(capsys, tmp_path, ks24, plan, vietnamese):
    template = load_template(ks24)
    q = _date_question(template)
    text, truth = responses(template, plan, 40, 11, vietnamese=vietnamese)
    cells = [r[header(template, vietnamese).index(q.online_title)] for r in csv.reader(io.StringIO(text))][1:]
    assert any(c and "/" in c for c in cells)
    _, recs = _import(capsys, tmp_path, ks24, text)
    assert len(recs) == len(truth)
    got = [r["answers"][q.id] for r in _by_time(recs)]
    want = [t["answers"][q.id] for t in sorted(truth, key=lambda t: t["submitted_at"])]
    assert got == want and any(w is not None for w in want)


def _rows(template, stamps_and_dates, title="Timestamp"):
    """A minimal export: timestamp, unit and the date question, the other columns left empty."""
    q = _date_question(template)
    head = header(template, True)
    head[0] = title
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(head)
    for stamp, day in stamps_and_dates:
        row = [""] * len(head)
        row[0], row[1], row[head.index(q.online_title)] = stamp, "Đảng bộ xã Bản Lang", day
        w.writerow(row)
    return buf.getvalue()


@pytest.mark.parametrize("rows, want", [
    # a second part over twelve makes the column month first
    ([("2023/11/09 8:00:00 AM GMT+7", "11/9/2023"), ("2023/11/13 9:00:00 AM GMT+7", "11/13/2023")],
     ["2023-11-09", "2023-11-13"]),
    # a first part over twelve makes it day first
    ([("2023/11/09 8:00:00 AM GMT+7", "9/11/2023"), ("2023/11/13 9:00:00 AM GMT+7", "13/11/2023")],
     ["2023-11-09", "2023-11-13"]),
    # an undecided column follows the file's English (month-first) timestamps
    ([("11/9/2023 8:00:00", "11/9/2023"), ("11/14/2023 9:00:00", "11/10/2023")], ["2023-11-09", "2023-11-10"]),
], ids=["month-first", "day-first", "by-timestamps"])
def test_a_column_that_can_tell_its_order_is_read_in_it_without_a_warning(capsys, tmp_path, ks24, rows, want):
    template = load_template(ks24)
    q = _date_question(template)
    out, recs = _import(capsys, tmp_path, ks24, _rows(template, rows))
    assert [r["answers"][q.id] for r in _by_time(recs)] == want
    assert "không biết ngày hay tháng" not in out


def test_an_undecided_column_with_nothing_to_tell_is_read_day_first_and_named_once(capsys, tmp_path, ks24):
    template = load_template(ks24)
    q = _date_question(template)
    rows = [("2023/11/09 8:00:00 AM GMT+7", "11/9/2023"), ("2023/11/10 9:00:00 AM GMT+7", "10/11/2023"),
            ("2023/11/11 9:00:00 AM GMT+7", "11/11/2023")]
    out, recs = _import(capsys, tmp_path, ks24, _rows(template, rows))
    assert [r["answers"][q.id] for r in _by_time(recs)] == ["2023-09-11", "2023-11-10", "2023-11-11"]
    assert out.count("không biết ngày hay tháng đứng trước trong cột") == 1 and q.id in out


def test_the_order_is_decided_by_the_cells_that_can_tell():
    assert day_first_of(["1/2/2023", "25/12/2023"]) is True
    assert day_first_of(["1/2/2023", "12/25/2023"]) is False
    assert day_first_of(["1/2/2023", "3/4/2023"]) is None
    assert day_first_of(["13/1/2023", "1/13/2023"]) is None  # both say something: nothing decided
    assert parse_date("12/25/2023", day_first=False) == "2023-12-25"
    assert parse_date("12/25/2023") is None
