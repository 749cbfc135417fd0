"""Validation, tally and the workbook against counts computed here, independently."""

import re

import numpy as np
import pytest
from openpyxl import load_workbook

from scanner.numbering import number_questions, split_profile
from scanner.records import Record
from scanner.tally import tally
from scanner.validate import validate
from scanner.workbook import write

WORD = re.compile(r"[^\W\d_]+")
VI_SYLLABLE = re.compile(r"^(ngh|ch|gh|gi|kh|ng|nh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]+(ch|ng|nh|[cmnpt])?$")
ALLOWED = {"google", "forms"}


def english_words(text: str, template=None) -> set[str]:
    """Words that cannot be Vietnamese: ASCII words that are not Vietnamese syllables, capital abbreviations,
    grid row letters or words of the questionnaire itself."""
    own = set()
    if template is not None:
        for q in template.questions:
            own |= {w.lower() for w in WORD.findall(" ".join([q.text, *(o.label for o in q.options)]))}
    out = set()
    for w in WORD.findall(text):
        if (not w.isascii() or (w.isupper() and len(w) <= 6) or len(w) == 1 or w.lower() in ALLOWED | own
                or VI_SYLLABLE.match(w.lower())):
            continue
        out.add(w)
    return out


def test_english_words_detector():
    assert english_words("blank not_a_form channel pct_answered Total") == {"blank", "form", "channel",
                                                                             "pct", "answered", "Total"}
    assert english_words("Số phiếu giấy theo kế hoạch BTGHU Google Forms tin cho trong") == set()


def make_records(template, plan, n=90, seed=4):
    rng = np.random.default_rng(seed)
    units = [u.code for u in plan.units if u.paper]  # the paper sample; the plan's other organisations stay empty
    recs = []
    for i in range(n):
        answers = {}
        for q in template.questions:
            if q.type == "text":
                answers[q.id] = f"Ý kiến số {i % 7}" if rng.random() < 0.2 else None
                continue
            if q.type == "number":
                answers[q.id] = int(rng.integers(0, 61)) if rng.random() > 0.08 else None
                continue
            if q.type == "date":
                answers[q.id] = f"2023-11-{int(rng.integers(8, 16)):02d}" if rng.random() > 0.08 else None
                continue
            ids = [o.id for o in q.options]
            if rng.random() < 0.08:
                answers[q.id] = []
            elif q.type == "single":
                answers[q.id] = [str(rng.choice(ids))]
            else:
                k = int(rng.integers(1, 4))
                answers[q.id] = sorted(rng.choice(ids, size=k, replace=False).tolist(), key=int)
        channel = "paper" if i % 3 else "online"
        status = "final" if rng.random() < 0.85 else ("needs_review" if rng.random() < 0.7 else "discarded")
        recs.append(Record(f"{channel}:{i}", channel, str(rng.choice(units)), i if channel == "paper" else None,
                           status, answers, [], [], [], received="2023-11-18" if i % 11 == 0 else "2023-11-16",
                           in_window=(i % 13 != 0) if channel == "online" else None))
    return recs


@pytest.fixture(scope="module")
def data(template, plan):
    recs = make_records(template, plan)
    return recs, tally(template, plan, recs)


def expected(recs, channel, qid, oid):
    final = [r for r in recs if r.status == "final" and channel in ("all", r.channel)]
    answered = [r for r in final if r.answers[qid]]
    count = sum(1 for r in answered if oid in r.answers[qid]) if oid else len(final) - len(answered)
    return count, len(answered), len(final)


def test_every_count_and_base(template, data):
    recs, t = data
    c = t.counts[t.counts.group == "all"]
    for channel in ("paper", "online", "all"):
        for q in template.choice_questions():
            chosen = sum(expected(recs, channel, q.id, o.id)[0] for o in q.options)
            for oid in [o.id for o in q.options] + [""]:
                row = c[(c.channel == channel) & (c.question == q.id) & (c.option == oid)].iloc[0]
                count, base, base_all = expected(recs, channel, q.id, oid)
                assert (row["count"], row.base_answered, row.base_all) == (count, base, base_all), (channel, q.id, oid)
                if oid and base:
                    assert row.pct_answered == round(100 * count / base, 1)
                    assert row.pct_choices == round(100 * count / chosen, 1)


def test_multiple_choice_shares_may_pass_100(template, data):
    _, t = data
    q = next(q for q in template.questions if q.type == "multiple" and q.max_choices)
    c = t.rows(q.id)
    c = c[c.option != ""]
    assert c.pct_answered.sum() > 100
    assert abs(c.pct_choices.sum() - 100) < 0.5


def test_groups_by_unit_and_each_breakdown(template, plan, data):
    recs, t = data
    final = [r for r in recs if r.status == "final"]
    assert set(t.counts.group) == {"all", "unit", *template.breakdowns}
    q = template.choice_questions()[-1]
    keys = {"unit": lambda r: r.unit}
    for b in template.breakdowns:
        keys[b] = lambda r, b=b: ",".join(r.answers[b]) or "không trả lời"
    for group, key_of in keys.items():
        sub = t.rows(q.id, "all", group)
        assert len(sub.group_key.unique()) == len({key_of(r) for r in final})
        for key, part in sub.groupby("group_key"):
            mine = [r for r in final if key_of(r) == key]
            for _, row in part.iterrows():
                if row.option:
                    assert row["count"] == sum(1 for r in mine if row.option in r.answers[q.id])


def test_pending_are_stated_and_not_counted(data):
    recs, t = data
    resp = t.respondents.set_index("channel")
    assert resp.loc["Chung", "final"] == sum(r.status == "final" for r in recs)
    assert resp.loc["Chung", "pending"] == sum(r.status == "needs_review" for r in recs)


def test_outside_window_is_an_explicit_choice(template, plan, data):
    recs, t = data
    outside = sum(1 for r in recs if r.status == "final" and r.in_window is False)
    assert outside and t.outside_window == outside and t.outside_included
    ex = tally(template, plan, recs, include_outside_window=False)
    assert ex.final_total == t.final_total - outside and not ex.outside_included


def test_grid_matrix(template, data):
    recs, t = data
    gid, rows = next(iter(template.groups.items()))
    rid = rows[1]
    col = template.question(rid).options[1]
    row = t.grids[gid][t.grids[gid].row == rid].iloc[0]
    final = [r for r in recs if r.status == "final" and r.answers[rid]]
    assert row[col.label] == round(100 * sum(col.id in r.answers[rid] for r in final) / len(final), 1)
    assert row["n"] == len(final)


def test_same_data_same_bytes(tmp_path, template, plan, data):
    _, t = data
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write(template, plan, t, a)
    write(template, plan, t, b)
    assert a.read_bytes() == b.read_bytes()
    write(template, plan, t, tmp_path / "d1")
    write(template, plan, t, tmp_path / "d2")
    assert {f.name for f in (tmp_path / "d1").iterdir()} >= {"counts.csv", "respondents.csv"}
    for f in (tmp_path / "d1").iterdir():
        assert f.read_bytes() == (tmp_path / "d2" / f.name).read_bytes()


def test_validation_per_unit(template, plan, data):
    recs, _ = data
    received = {r.record_id: r.received for r in recs if r.channel == "paper"}
    v = validate(plan, recs, received, set_aside=2, duplicates=1)
    live = [r for r in recs if r.status != "discarded"]
    for u in v.units:
        paper = [r for r in live if r.channel == "paper" and r.unit == u.code]
        online = [r for r in live if r.channel == "online" and r.unit == u.code]
        assert u.paper_received == len(paper)
        assert u.online_received == len(online)
        assert u.paper_late == sum(1 for r in paper if r.received >= "2023-11-17")
        assert u.awaiting_review == sum(1 for r in paper if r.status == "needs_review")
        assert u.paper_state == ("—" if not paper and not u.paper_expected else "thiếu" if len(paper) < u.paper_expected else "đủ" if len(paper) == u.paper_expected else "vượt")
        short = len(paper) < u.paper_expected
        assert bool(u.hard_failures) == (short or (u.online_min is not None and len(online) < u.online_min))
    assert not v.ok and v.paper_total_expected == 150


@pytest.fixture(scope="module")
def workbook(tmp_path_factory, template, plan, data):
    recs, t = data
    v = validate(plan, recs, {r.record_id: r.received for r in recs}, 0, 0)
    out = tmp_path_factory.mktemp("wb") / "tally.xlsx"
    write(template, plan, t, out, v, min_group=10)
    return load_workbook(out), v


def test_workbook_sheets_are_vietnamese_and_formatted(template, workbook):
    wb, _ = workbook
    profile, content = split_profile(number_questions(template))
    names = wb.sheetnames
    assert names[:2] == ["Tổng hợp", "Đơn vị so với kế hoạch"]
    for item in [*profile, *content]:
        if item.type in ("number", "date"):
            assert "Số và ngày tháng" in names  # numbers and dates share one sheet of their figures
        elif item.type != "text":
            assert _sheet_of(names, item), (item.label, names)  # README: named by its Câu number
    assert "Theo đơn vị" in names
    for b in template.breakdowns:
        assert any(template.question(b).text.lower() in n.lower() for n in names)
    text = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str))
    assert english_words(" ".join(names) + " " + text, template) == set()
    for ws in wb:
        assert ws.freeze_panes is not None, ws.title


def _sheet_of(names, item) -> str:
    """The sheet of a question: its Câu number, then the start of its words cut at a whole word (t13n's T4: every
    question's sheet so, whether in the respondent's section or the content's)."""
    words = f"{item.label}. {' '.join(item.text.split())}"
    for c in "[]:*?/\\":
        words = words.replace(c, " ")
    found = [n for n in names if n.startswith(f"{item.label}. ") and len(n) <= 31 and words.startswith(n)
             and (len(n) == len(words) or words[len(n)] in " .,:;-–")]
    assert len(found) <= 1
    return found[0] if found else ""


def test_workbook_question_sheet_figures(template, data, workbook):
    recs, _ = data
    wb, _ = workbook
    sections = number_questions(template)
    item = next(i for s in sections[1:] for i in s.items if i.type == "multiple")
    q = template.question(item.id)
    ws = wb[_sheet_of(wb.sheetnames, item)]
    header_row = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Phương án")
    for k, o in enumerate([*q.options, None]):
        r = header_row + 1 + k
        assert ws.cell(r, 1).value == (o.label if o else "Không trả lời")
        for j, channel in enumerate(("paper", "online", "all")):
            count, base, base_all = expected(recs, channel, q.id, o.id if o else "")
            assert ws.cell(r, 2 + 2 * j).value == count
            if o:
                assert ws.cell(r, 3 + 2 * j).value == pytest.approx(round(100 * count / base, 1) / 100)
                assert ws.cell(r, 3 + 2 * j).number_format == "0.0%"
        if o:
            count, _, base_all = expected(recs, "all", q.id, o.id)
            assert ws.cell(r, 8).value == pytest.approx(round(100 * count / base_all, 1) / 100)
            chosen = sum(expected(recs, "all", q.id, x.id)[0] for x in q.options)
            assert ws.cell(r, 9).value == pytest.approx(round(100 * count / chosen, 1) / 100)


def test_workbook_breakdown_marks_small_groups(template, plan, data, workbook):
    recs, _ = data
    wb, _ = workbook
    ws = wb["Theo đơn vị"]
    final = [r for r in recs if r.status == "final"]
    names = {u.code: u.name for u in plan.units}
    sizes = {}
    for code in names:
        sizes[names[code]] = sum(1 for r in final if r.unit == code)
    seen_small = seen_large = False
    for row in ws.iter_rows(values_only=True):
        if row[0] == "Nhóm":
            note = row.index("Ghi chú")
        elif row[0] in sizes and isinstance(row[1], int):
            small = row[1] < 10
            seen_small |= small
            seen_large |= not small
            assert all((v is None) == small for v in row[2:note])
            assert (row[note] or "").startswith("Nhóm dưới 10 người") == small
    assert seen_small and seen_large


def test_workbook_units_against_plan(plan, workbook):
    wb, v = workbook
    ws = wb["Đơn vị so với kế hoạch"]
    rows = {r[0]: r for r in ws.iter_rows(values_only=True) if r[0]}
    for u in v.units:
        r = rows[u.name]
        assert (r[2], r[3]) == (u.paper_expected, u.paper_received)
        assert r[4] == ("—" if not u.paper_expected and not u.paper_received else "Thiếu"
                        if u.paper_received < u.paper_expected else "Đạt" if u.paper_received == u.paper_expected
                        else "Đạt (vượt)")


def test_workbook_grid_sheet(template, data, workbook):
    recs, _ = data
    wb, _ = workbook
    _, content = split_profile(number_questions(template))
    grid = next(i for i in content if i.type == "grid")
    ws = wb[_sheet_of(wb.sheetnames, grid)]
    cols = template.question(grid.rows[0]).options
    rows = [r for r in ws.iter_rows(values_only=True) if r[0] and r[0][1:3] == ") "]
    assert len(rows) == len(grid.rows)
    final = [r for r in recs if r.status == "final"]
    for rid, row in zip(grid.rows, rows, strict=True):
        answered = [r for r in final if r.answers[rid]]
        assert row[0].endswith(template.question(rid).text) and row[1] == len(answered)
        for k, o in enumerate(cols):
            n = sum(o.id in r.answers[rid] for r in answered)
            assert row[2 + k] == n
            assert row[2 + len(cols) + k] == pytest.approx(round(100 * n / len(answered), 1) / 100)
        assert row[2 + 2 * len(cols)] == len(final) - len(answered)


def test_comments_tallied_and_listed(template, data, workbook):
    recs, t = data
    wb, _ = workbook
    q = next(q for q in template.questions if q.type == "text" and not q.other_of)
    texts = [r.answers[q.id] for r in recs if r.status == "final" and r.answers[q.id]]
    assert dict(t.comments[q.id]) == {x: texts.count(x) for x in set(texts)}
    counts = [n for _, n in t.comments[q.id]]
    assert counts == sorted(counts, reverse=True)
    rows = [r for r in wb["Ý kiến ghi thêm"].iter_rows(min_row=3, values_only=True) if r[1] in set(texts)]
    assert {r[1]: r[2] for r in rows} == {x: texts.count(x) for x in set(texts)}


def test_same_comment_written_differently_counts_once():
    from scanner.tally import grouped_comments

    got = grouped_comments(["Cần tăng cường tập huấn.", "cần  tăng cường tập huấn", "Cần tăng cường tập huấn",
                            "Khác hẳn", "  "])
    assert got == [("Cần tăng cường tập huấn.", 3), ("Khác hẳn", 1)]


def test_workbook_dates_are_dates_and_formula_text_is_guarded_by_style(tmp_path, template, plan, data):
    """A date question's earliest and latest answers are date cells shown dd/mm/yyyy, as the report writes them; a
    comment that a spreadsheet would run as a formula is a text cell with quotePrefix, shown without an apostrophe."""
    import datetime as dt

    recs, _ = data
    q = next(q for q in template.questions if q.type == "text" and not q.other_of)
    evil = '=HYPERLINK("http://x","y")'
    extra = Record("paper:999", "paper", recs[1].unit, 999, "final", {**recs[1].answers, q.id: evil}, [], [], [])
    everything = [*recs, extra]
    out = tmp_path / "t.xlsx"
    write(template, plan, tally(template, plan, everything), out)
    wb = load_workbook(out)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value == evil]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert not any(isinstance(c.value, str) and c.value.startswith("'=") for ws in wb for row in ws.iter_rows()
                   for c in row)
    ws = wb["Số và ngày tháng"]
    dq = next(x for x in template.questions if x.type == "date")
    given = sorted(r.answers[dq.id] for r in everything if r.status == "final" and r.answers.get(dq.id))
    row = next(r for r in ws.iter_rows(min_row=3) if str(r[0].value).endswith(dq.text) and r[1].value == "Chung")
    earliest, latest = row[5], row[6]
    assert earliest.value.date() == dt.date.fromisoformat(given[0]) and latest.value.date() == dt.date.fromisoformat(given[-1])
    assert earliest.number_format == latest.number_format == "DD/MM/YYYY"
