"""XLSForm `rank` on paper (issue #22): printed as a grid of the options by places 1..N, read back as an order.

The form is written here with openpyxl as a user writes one; its truths (which option the respondent put at
which place) are drawn from a seeded generator, marked on the rendered page with the corpus generator's pen, and
the order each test expects is computed from those places, apart from the code under test.
"""

from __future__ import annotations

import csv
import json

import cv2
import numpy as np
import openpyxl
import pytest

from benchmarks.realforms import cli
from scanner._exec.poppler import render_pages
from scanner.corpus.draw import PENS, Canvas, draw_mark
from scanner.forms import SheetSpec, render_forms
from scanner.ingest import PageSource
from scanner.online_form import apps_script, export_header
from scanner.pipeline import read_page
from scanner.records import build_record
from scanner.rules import StoredReading
from scanner.tally import tally
from scanner.template import load_template
from scanner.vocab import AnswerStatus, RecordStatus, ReviewReason

DPI = 200
MEDIA = (("tv", "Television"), ("radio", "Radio"), ("paper", "Newspaper"), ("web", "Websites"), ("friends", "Friends"))
TITLE = "Rank these sources of news, most trusted first"


def _form(path):
    wb = openpyxl.Workbook()
    s = wb.active
    s.title = "survey"
    for row in (("type", "name", "label", "relevant", "parameters"),
                ("select_one yn", "watch", "Do you watch the news?", "", ""),
                ("rank media", "media", TITLE, "${watch} = 'yes'", "randomize=true"),
                ("text", "why", "Why is your first choice the most trusted?", "", "")):
        s.append(row)
    c = wb.create_sheet("choices")
    c.append(("list_name", "name", "label"))
    for name, label in (("yes", "Yes"), ("no", "No")):
        c.append(("yn", name, label))
    for name, label in MEDIA:
        c.append(("media", name, label))
    st = wb.create_sheet("settings")
    st.append(("form_title", "form_id", "version", "default_language"))
    st.append(("News trust", "news_trust", "2026120801", "English"))
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rank")
    code, said, err = cli(["build", str(_form(tmp / "news.xlsx")), "--out", str(tmp / "news.json")])
    assert code == 0, (said, err)
    template = load_template(tmp / "news.json")
    render_forms(template, [SheetSpec("MS", 7)], tmp / "f.pdf")
    return template, render_pages(tmp / "f.pdf", DPI, 1, 1)[0], tmp / "news.json", said


def _row(option: str) -> str:
    """The template id of the grid row that ranks `option` (its rows are the options)."""
    return f"media/{option}"


def _read(template, image, marks: dict[str, list[str]], seed: int = 0):
    """marks: question id -> the boxes (option ids) marked with a blue ballpoint; the page is read as a scan."""
    img = image.copy()
    cv = Canvas(img, DPI / 25.4, np.random.default_rng(seed))
    for qid, boxes in marks.items():
        for o in boxes:
            draw_mark(cv, template.question(qid).option(o).box, "x", PENS["ballpoint_blue"])
    data = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes()
    res = read_page(PageSource("p.jpg", 0, "0" * 64, data, "jpeg"), template)
    machine = {q: StoredReading(r.answer, r.status, r.reasons) for q, r in res.questions.items()}
    return res, build_record(template, "s1", "MS", 7, machine, [], [], {})


def test_a_rank_is_printed_as_a_grid_of_its_options_by_places(printed):
    template, _, _, said = printed
    assert "media" in template.ranks and "media (rank)" not in said  # printed, not listed as online only
    rows = template.groups["media"]
    assert [template.question(r).text for r in rows] == [label for _, label in MEDIA]
    for r in rows:  # each row: one box per place, 1..N, N the number of options
        assert [o.label for o in template.question(r).options] == [str(k) for k in range(1, len(MEDIA) + 1)]
    texts = " ".join(t.text for t in template.texts)
    assert "use each place once" in texts and TITLE in texts


@pytest.mark.parametrize("seed", [3, 11])
def test_a_filled_ranking_is_read_back_as_its_order(printed, seed):
    template, image, _, _ = printed
    rng = np.random.default_rng(seed)
    places = {name: int(p) for (name, _), p in zip(MEDIA, rng.permutation(len(MEDIA)) + 1, strict=True)}
    want = [name for name, _ in sorted(places.items(), key=lambda kv: kv[1])]
    res, rec = _read(template, image, {"watch": ["yes"], **{_row(o): [str(p)] for o, p in places.items()}}, seed)
    assert all(res.questions[_row(o)].status == AnswerStatus.answered for o in places)
    assert rec.ranks == {"media": want}
    assert rec.status == RecordStatus.final and not rec.conflicts


def test_a_place_given_twice_or_a_ranking_left_part_way_goes_to_review(printed):
    template, image, _, _ = printed
    twice = {"tv": "1", "radio": "1", "paper": "2", "web": "3", "friends": "4"}
    _, rec = _read(template, image, {"watch": ["yes"], **{_row(o): [p] for o, p in twice.items()}}, 5)
    assert rec.status == RecordStatus.needs_review and "media" not in rec.ranks
    assert rec.conflicts == {_row("tv"): ReviewReason.rank_shared, _row("radio"): ReviewReason.rank_shared}
    assert {_row("tv"), _row("radio")} <= set(rec.uncertain)
    part = {"tv": "2", "radio": "1", "paper": "3"}  # web and friends left unranked: no order is guessed
    _, rec = _read(template, image, {"watch": ["yes"], **{_row(o): [p] for o, p in part.items()}}, 6)
    assert rec.status == RecordStatus.needs_review and "media" not in rec.ranks
    assert rec.conflicts == {_row("web"): ReviewReason.rank_incomplete, _row("friends"): ReviewReason.rank_incomplete}


def test_a_ranking_left_wholly_blank_where_the_form_skips_it_is_no_conflict(printed):
    template, image, _, _ = printed
    _, rec = _read(template, image, {"watch": ["no"]}, 7)
    assert rec.status == RecordStatus.final and rec.ranks == {} and not rec.conflicts
    assert set(template.groups["media"]) <= set(rec.skipped)


def test_the_tally_says_how_often_each_option_came_first_and_its_mean_place(printed, plan):
    template, _, _, _ = printed
    rng = np.random.default_rng(22)
    orders = [[MEDIA[k][0] for k in rng.permutation(len(MEDIA))] for _ in range(9)]
    records = []
    for n, order in enumerate(orders):
        machine = {"watch": StoredReading(("yes",), AnswerStatus.answered)}
        machine |= {_row(o): StoredReading((str(order.index(o) + 1),), AnswerStatus.answered) for o, _ in MEDIA}
        records.append(build_record(template, f"s{n}", plan.units[0].code, n + 1, machine, [], [], {}))
    broken = {"watch": StoredReading(("yes",), AnswerStatus.answered),
              **{_row(o): StoredReading(("1",), AnswerStatus.answered) for o, _ in MEDIA}}
    records.append(build_record(template, "s99", plan.units[0].code, 99, broken, [], [], {}))  # in review: not counted
    table = tally(template, plan, records).ranks["media"].set_index("option")
    for o, _ in MEDIA:
        first = sum(1 for order in orders if order[0] == o)
        mean = sum(order.index(o) + 1 for order in orders) / len(orders)
        assert table.loc[o, "first"] == first and table.loc[o, "rankings"] == len(orders)
        assert table.loc[o, "mean_position"] == pytest.approx(mean, abs=0.005)
        assert table.loc[o, "pct_first"] == pytest.approx(100 * first / len(orders), abs=0.05)


def test_online_the_ranking_is_a_grid_of_one_answer_per_column_and_comes_back_as_an_order(printed, plan, tmp_path,
                                                                                         capsys):
    template, _, layout, _ = printed
    script = apps_script(template, plan)
    grid_line = next(i for i, x in enumerate(script.splitlines()) if "addGridItem" in x and TITLE in x)
    assert "requireLimitOneResponsePerColumn" in script.splitlines()[grid_line + 1]
    header = export_header(template, plan)
    media_cols = [f"{TITLE} [{label}]" for _, label in MEDIA]
    assert all(c in header for c in media_cols)
    units = [u.name for u in plan.online_choices()]
    orders = [["web", "tv", "radio", "friends", "paper"], ["paper", "friends", "web", "radio", "tv"]]
    rows = [["Timestamp", *header]]
    for k, order in enumerate(orders + [None]):
        cells = {c: "" for c in header}
        cells[header[0]] = units[k % len(units)]
        cells["Do you watch the news?"] = "Yes"
        for (name, _), col in zip(MEDIA, media_cols, strict=True):
            cells[col] = str(order.index(name) + 1) if order else ("1" if name != "friends" else "")
        rows.append([f"2023/11/{8 + k:02d} 9:15:32 AM GMT+7", *(cells[c] for c in header)])
    path = tmp_path / "responses.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    db = tmp_path / "o.db"
    code, out, err = cli(["--template", str(layout), "import-online", str(path), "--db", str(db)])
    assert code == 0, (out, err)
    code, out, err = cli(["--template", str(layout), "export", "--db", str(db)])
    records = sorted((json.loads(x) for x in out.splitlines()), key=lambda r: r["submitted_at"])
    assert [r["ranks"].get("media") for r in records] == [*orders, None]
    assert [r["status"] for r in records] == ["final", "final", "needs_review"]


def test_the_report_shows_each_option_ranked_first_and_its_mean_place(printed, plan):
    from scanner.numbering import number_questions
    from scanner.report import findings
    from scanner.report.model import Table
    from scanner.report.results import question_blocks

    template, _, _, _ = printed
    orders = [["web", "tv", "radio", "friends", "paper"]] * 3 + [["tv", "web", "paper", "radio", "friends"]]
    records = []
    for n, order in enumerate(orders):
        machine = {"watch": StoredReading(("yes",), AnswerStatus.answered)}
        machine |= {_row(o): StoredReading((str(order.index(o) + 1),), AnswerStatus.answered) for o, _ in MEDIA}
        records.append(build_record(template, f"s{n}", plan.units[0].code, n + 1, machine, [], [], {}))
    t = tally(template, plan, records)
    item = next(it for s in number_questions(template) for it in s.items if it.id == "media")
    assert item.behaviour.ranks and item.rows == template.groups["media"]
    table = next(b for b in question_blocks(t, template, item) if isinstance(b, Table))
    assert [r[0] for r in table.rows[:2]] == ["Websites", "Television"]  # 3 firsts, then 1
    assert table.rows[0][1:] == ("4", "75,0", "1,25")  # places 1, 1, 1, 2
    said = findings.rank_sentence(t, item)
    assert "“Websites” được xếp thứ nhất nhiều nhất (75,0% trong 4 người xếp đủ)" in said
    assert "thứ hạng trung bình cao nhất là “Websites” (1,25)" in said


def test_a_kobo_export_keeps_a_ranking_as_one_column_of_names_read_into_the_same_order(printed, plan, tmp_path):
    """KoboToolbox (and ODK) export a `rank` as one column, its option names space-separated, first place first."""
    _, _, layout, _ = printed
    unit = plan.online_choices()[0].code
    orders = [["radio", "web", "tv", "friends", "paper"], ["tv", "paper"]]  # the second ranks two options only
    rows = [["start", "end", "unit", "watch", "media", "why", "_id", "_uuid", "_submission_time", "_index"]]
    for k, order in enumerate(orders):
        rows.append([f"2023-11-0{8 + k}T09:00:00.000+07:00", f"2023-11-0{8 + k}T09:10:00.000+07:00", unit, "yes",
                     " ".join(order), "", str(100 + k), f"0000000{k}-aaaa-bbbb-cccc-dddddddddddd",
                     f"2023-11-0{8 + k}T02:10:00", str(k + 1)])
    path = tmp_path / "kobo.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    db = tmp_path / "k.db"
    code, out, err = cli(["--template", str(layout), "import-online", str(path), "--db", str(db)])
    assert code == 0, (out, err)
    assert "không có cột cho câu hỏi" not in out + err  # every row of the ranking has its column: the order
    code, out, err = cli(["--template", str(layout), "export", "--db", str(db)])
    records = sorted((json.loads(x) for x in out.splitlines()), key=lambda r: r["submitted_at"])
    assert [r["ranks"].get("media") for r in records] == [orders[0], None]
    assert [r["status"] for r in records] == ["final", "needs_review"]


def test_a_ranking_a_person_confirmed_void_is_left_out_of_the_figures_and_the_report_says_how_many(printed, plan):
    """A place given twice, confirmed by the reviewer as the respondent wrote it: the record is final, as every
    settled one is, with no order for that ranking; the ranking's figures count whole rankings only, so the table
    carries how many were left void and the report's finding says so. A ranking still in review is neither."""
    from scanner.numbering import number_questions
    from scanner.records import Decision
    from scanner.report import findings

    template, _, _, _ = printed
    unit = plan.units[0].code
    orders = [["web", "tv", "radio", "friends", "paper"], ["tv", "web", "paper", "radio", "friends"]]
    records = []
    for n, order in enumerate(orders):
        machine = {"watch": StoredReading(("yes",), AnswerStatus.answered)}
        machine |= {_row(o): StoredReading((str(order.index(o) + 1),), AnswerStatus.answered) for o, _ in MEDIA}
        records.append(build_record(template, f"s{n}", unit, n + 1, machine, [], [], {}))
    twice = {"tv": "1", "radio": "1", "paper": "2", "web": "3", "friends": "4"}
    machine = {"watch": StoredReading(("yes",), AnswerStatus.answered),
               **{_row(o): StoredReading((p,), AnswerStatus.answered) for o, p in twice.items()}}
    waiting = build_record(template, "s8", unit, 8, machine, [], [], {})
    confirmed = {_row(o): Decision("s9", _row(o), [twice[o]], "Lan", "2026-12-08T10:00:00") for o in ("tv", "radio")}
    void = build_record(template, "s9", unit, 9, machine, [], [], confirmed)
    assert waiting.status == RecordStatus.needs_review
    assert void.status == RecordStatus.final and "media" not in void.ranks
    t = tally(template, plan, [*records, waiting, void])
    table = t.ranks["media"].set_index("option")
    assert set(table["rankings"]) == {len(orders)} and set(table["void"]) == {1}
    assert table.loc["web", "first"] == 1 and table.loc["tv", "first"] == 1
    item = next(it for s in number_questions(template) for it in s.items if it.id == "media")
    assert "1 phiếu xếp trùng thứ hạng hoặc xếp chưa đủ" in findings.rank_sentence(t, item)
    whole = tally(template, plan, records)
    assert set(whole.ranks["media"]["void"]) == {0}
    assert "xếp trùng" not in findings.rank_sentence(whole, item)
