"""Rosters (`repeat`): a table of member rows, each cell read like a question, the record keeping its rows.

Checked against the corpus generator's truth: the rows a record keeps and
the members the tally counts are computed again here from the truth's
answers, never from the code under test.
"""

from pathlib import Path

import pytest
from conftest import drawn_once
from test_structure import printed_clear
from test_structure_forms import roster_form

from benchmarks.accuracy import evaluate, load_truth
from scanner.cli import main
from scanner.collate import collate
from scanner.export import write_csv
from scanner.questionnaire import Kind, load_questionnaire
from scanner.store import Store
from scanner.tally import roster_counts
from scanner.template import load_template


@pytest.fixture(scope="module")
def roster(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("roster")
    layout = tmp / "hh.json"
    assert main(["build", str(roster_form(tmp / "hh.xlsx")), "--out", str(layout)]) == 0
    return load_template(layout), layout


@pytest.mark.parametrize("count, rows, printed", [("5", None, 5), ("${size}", "8", 8), ("${size}", None, 6),
                                                   (None, "3", 3)])
def test_printed_rows_come_from_repeat_count_or_the_rows_column(tmp_path, count, rows, printed):
    q = load_questionnaire(roster_form(tmp_path / "f.xlsx", rows=rows, count=count))
    ro = next(it for it in q.items() if it.kind == Kind.roster)
    assert ro.roster_rows == printed and ro.number == "3"
    assert [c.id for c in ro.columns] == ["mname", "sex", "age", "school"] and not any(c.number for c in ro.columns)
    assert [it.number for it in q.items() if it.number] == ["1", "2", "3", "4"]  # the columns are not numbered


def test_the_roster_is_a_table_of_cells(roster):
    t, _ = roster
    ro = t.rosters["member"]
    assert (ro.rows, ro.number, [c.type for c in ro.columns]) == (5, "3", ["text", "single", "text", "single"])
    for n in range(1, 6):
        sex, school, name = t.question(f"sex[{n}]"), t.question(f"school[{n}]"), t.question(f"mname[{n}]")
        assert (sex.roster, sex.roster_row, sex.column, sex.type) == ("member", n, "sex", "single")
        assert [o.label for o in school.options] == ["Chưa đi học", "Đang học", "Đã thôi học"]
        assert name.type == "text" and name.area is not None
        # one row: the cells side by side, left to right, on one line
        xs = [name.area.x, sex.options[0].box.x, t.question(f"age[{n}]").area.x, school.options[0].box.x]
        assert xs == sorted(xs) and len({round(o.box.y, 1) for o in sex.options + school.options}) == 1
    assert t.question("sex[2]").options[0].box.y > t.question("sex[1]").options[0].box.y + 8
    assert t.sections[0].questions == ("own", "size", *[f"{c}[{n}]" for n in range(1, 6)
                                                         for c in ("mname", "sex", "age", "school")], "after")


def test_the_roster_prints_clear_of_its_boxes(roster):
    printed_clear(roster[0])


def test_filled_rosters_read_back_into_records_with_their_rows(roster, tmp_path, tmp_path_factory, plan):
    from scanner.corpus.generate import generate

    t, _ = roster
    corpus = drawn_once(tmp_path_factory, "filled_rosters", lambda out: generate(  # drawn once, scanned by each engine
        t, plan, 6, 4, out, stack_size=2, profiles={"flatbed": 1.0, "feeder": 1.0, "fax": 1.0}, cycle=True))[0]
    db = tmp_path / "b.db"
    result = evaluate(corpus, db, jobs=2, template=t)
    overall = result["groups"]["overall"]
    assert overall["questions"] == 6 * len(t.marked_questions())  # the household size is a digit grid
    assert overall.get("silent_error", 0) == 0, result["silent_examples"]
    assert overall.get("right", 0) >= 0.85 * overall["questions"]
    pages, sheets = load_truth(corpus)
    store = Store(db)
    records = [sh.record for sh in collate(store, t)]
    store.close()
    final = [r for r in records if r.status == "final"]
    assert final
    truth_rows = {}
    for r in records:
        s = sheets[pages[(Path(r.sources[0]["file"]).name, r.sources[0]["page"] - 1)]["sheet"]]
        want = [{"row": n, "sex": s["answers"][f"sex[{n}]"], "school": s["answers"][f"school[{n}]"]}
                for n in range(1, 6) if s["answers"][f"sex[{n}]"] or s["answers"][f"school[{n}]"]]
        got = [{k: row[k] for k in ("row", "sex", "school")} for row in r.rosters["member"]]
        if r.status == "final":
            assert got == want
        truth_rows[r.record_id] = want
    members = [row for r in final for row in truth_rows[r.record_id]]
    counts = roster_counts(t, final, "member")
    for _, c in counts.iterrows():
        chose = sum(1 for row in members if c.option in (row[c.column] or []))
        assert (c.rows, c.rows_answered, c.members) == (chose, sum(1 for row in members if row[c.column]),
                                                         len(members)), c.to_dict()
    header = write_csv(t, final).splitlines()[0].split(",")
    assert "sex[1]" in header and "mname[5]" in header  # one column per cell: q[1]


def test_online_answers_keep_the_rows_google_can_give(roster, tmp_path, plan, capsys):
    """Google Forms has no repeat: the form asks each printed row's questions in turn ("… — Giới tính [2]"),
    and its download comes back into records with the same rows."""
    import csv
    import io
    import json

    from scanner.corpus.online import responses
    from scanner.online_form import export_header

    t, layout = roster
    text, truth = responses(t, plan, 12, 5, vietnamese=True, shape="download")
    assert next(csv.reader(io.StringIO(text)))[1:] == export_header(t, plan)
    path = tmp_path / "online.csv"
    path.write_text(text, encoding="utf-8")
    db = tmp_path / "o.db"
    assert main(["--template", str(layout), "import-online", str(path), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["--template", str(layout), "export", "--db", str(db)]) == 0
    records = sorted((json.loads(x) for x in capsys.readouterr().out.splitlines()), key=lambda r: r["submitted_at"])
    seen = 0
    for want, rec in zip(sorted(truth, key=lambda x: x["submitted_at"]), records, strict=True):
        a = want["answers"]
        rows = [{"row": n, "sex": a.get(f"sex[{n}]") or [], "school": a.get(f"school[{n}]") or []}
                for n in range(1, 6) if any(a.get(f"{c}[{n}]") for c in ("mname", "sex", "age", "school"))]
        assert [{k: row[k] for k in ("row", "sex", "school")} for row in rec["rosters"]["member"]] == rows
        seen += len(rows)
    assert seen >= 30  # most rows answered: the check above is not vacuous
    import pyreadstat

    for fmt, read in (("sav", pyreadstat.read_sav), ("dta", pyreadstat.read_dta)):
        out = tmp_path / f"r.{fmt}"
        assert main(["--template", str(layout), "export", "--db", str(db), "--format", fmt, "--out", str(out)]) == 0
        frame, _ = read(str(out))
        assert {"sex_1", "school_5", "mname_3"} <= set(frame.columns)  # a cell's name as SPSS and Stata allow
        got = sorted(int(x) for x in frame["sex_1"] if x == x and x > 0)
        assert got == sorted(int(r["answers"]["sex[1]"][0]) for r in records
                             if r["answers"].get("sex[1]") and r["status"] == "final" and "sex[1]" not in r["uncertain"])
    capsys.readouterr()


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    from test_structure_forms import wide_roster_form

    tmp = tmp_path_factory.mktemp("wide")
    layout = tmp / "wide.json"
    xlsx = wide_roster_form(tmp / "wide.xlsx")
    assert main(["build", str(xlsx), "--out", str(layout)]) == 0
    return load_questionnaire(xlsx), load_template(layout)


def test_a_roster_too_wide_for_a_table_prints_a_block_per_member(wide):
    q, t = wide
    ro = t.rosters["person"]
    assert [c.id for c in ro.columns] == ["pname", "rel", "psex"]  # the GPS column stays online only
    assert [o.name for o in q.online_only] == ["where"]
    heads = [x for x in t.texts if x.text.startswith("Người thứ ")]
    assert [x.text for x in heads] == [f"Người thứ {n}" for n in range(1, 5)]
    for n, head in enumerate(heads, 1):
        rel, name = t.question(f"rel[{n}]"), t.question(f"pname[{n}]")
        assert rel.page == name.page == head.page and len(rel.options) == 12
        assert head.y < name.area.y < min(o.box.y for o in rel.options)  # its questions under its heading
    printed_clear(t)


def test_a_long_roster_continues_over_pages_with_its_header(wide):
    _, t = wide
    ro = t.rosters["plot"]
    pages = [t.question(f"area[{n}]").page for n in range(1, 41)]
    assert pages == sorted(pages) and len(set(pages)) == 2
    assert sum(1 for x in t.texts if x.text == "Diện tích (m²)") == 2  # the header again on the next page
    assert ro.page == pages[0]
    for n in range(1, 40):
        a, b = t.question(f"owner[{n}]"), t.question(f"owner[{n + 1}]")
        assert a.page < b.page or a.options[0].box.y < b.options[0].box.y


def test_wide_and_long_rosters_read_back_against_the_truth(wide, tmp_path, tmp_path_factory, plan):
    from scanner.corpus.generate import generate

    _, t = wide
    corpus = drawn_once(tmp_path_factory, "wide_rosters", lambda out: generate(  # drawn once, scanned by each engine
        t, plan, 3, 8, out, stack_size=1, profiles={"flatbed": 1.0, "feeder": 1.0, "phone": 1.0}, cycle=True))[0]
    result = evaluate(corpus, tmp_path / "w.db", jobs=2, template=t)
    overall = result["groups"]["overall"]
    assert overall["questions"] >= 2 * len(t.choice_questions())  # a steep phone photo may be set aside
    assert overall.get("silent_error", 0) == 0, result["silent_examples"]
    assert result["pages_accounted"] == result["pages_truth"]


def test_an_empty_row_on_a_1_bit_scan_is_no_lost_pencil(roster):
    """Blank cells of a row with nothing in it are blank; beside a written name or a mark they are asked about."""
    from scanner.roster import settle_empty_rows
    from scanner.rules import QuestionResult

    t, _ = roster
    lost = ("blank_on_bilevel",)
    results = {f"{c}[{n}]": QuestionResult(f"{c}[{n}]", (), "review", lost, 0.9)
               for n in (1, 2, 3) for c in ("sex", "school")}
    results["sex[3]"] = QuestionResult("sex[3]", ("1",), "answered", (), 0.9)
    out = settle_empty_rows(t, results, inked={"mname[2]"})
    assert [(q, r.status) for q, r in out.items()] == [
        ("sex[1]", "blank"), ("school[1]", "blank"),  # nothing in row 1: no member
        ("sex[2]", "review"), ("school[2]", "review"),  # a name written in row 2
        ("sex[3]", "answered"), ("school[3]", "review")]  # a box marked in row 3
    assert out["sex[1]"].reasons == ()
