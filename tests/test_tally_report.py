"""Validation, tally and report against counts computed here, independently."""

import html
import re

import numpy as np
import pytest

from scanner.records import Record
from scanner.report import Quality, render_html
from scanner.tally import tally, write
from scanner.validate import validate


def make_records(template, plan, n=90, seed=3):
    rng = np.random.default_rng(seed)
    units = [u.code for u in plan.units]
    recs = []
    for i in range(n):
        answers = {}
        for q in template.questions:
            if q.type == "text":
                answers[q.id] = f"Ý kiến số {i}" if rng.random() < 0.2 else None
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
                           status, answers, [], [], [], received="2023-11-18" if i % 11 == 0 else "2023-11-16"))
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
            for oid in [o.id for o in q.options] + [""]:
                row = c[(c.channel == channel) & (c.question == q.id) & (c.option == oid)].iloc[0]
                count, base, base_all = expected(recs, channel, q.id, oid)
                assert (row["count"], row.base_answered, row.base_all) == (count, base, base_all), (channel, q.id, oid)
                if oid and base:
                    assert row.pct_answered == round(100 * count / base, 1)


def test_multiple_choice_shares_may_pass_100(template, data):
    _, t = data
    c = t.counts[(t.counts.channel == "all") & (t.counts.group == "all") & (t.counts.question == "q7")
                 & (t.counts.option != "")]
    assert c.pct_answered.sum() > 100


def test_groups_by_unit_a1_a3(template, plan, data):
    recs, t = data
    final = [r for r in recs if r.status == "final"]
    for group, key_of in (("unit", lambda r: r.unit), ("a1", lambda r: ",".join(r.answers["a1"]) or "không trả lời"),
                          ("a3", lambda r: ",".join(r.answers["a3"]) or "không trả lời")):
        sub = t.counts[(t.counts.channel == "all") & (t.counts.group == group) & (t.counts.question == "q4")]
        for key, part in sub.groupby("group_key"):
            mine = [r for r in final if key_of(r) == key]
            for _, row in part.iterrows():
                if row.option:
                    assert row["count"] == sum(1 for r in mine if row.option in r.answers["q4"])


def test_pending_are_stated_and_not_counted(data):
    recs, t = data
    resp = t.respondents.set_index("channel")
    assert resp.loc["Chung", "final"] == sum(r.status == "final" for r in recs)
    assert resp.loc["Chung", "pending"] == sum(r.status == "needs_review" for r in recs)


def test_grid_matrix(template, data):
    recs, t = data
    row = t.grid[t.grid.row == "q5b"].iloc[0]
    final = [r for r in recs if r.status == "final" and r.answers["q5b"]]
    assert row["Khá"] == round(100 * sum("2" in r.answers["q5b"] for r in final) / len(final), 1)


def test_same_data_same_bytes(tmp_path, data):
    _, t = data
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write(t, a)
    write(t, b)
    assert a.read_bytes() == b.read_bytes()
    write(t, tmp_path / "d1")
    write(t, tmp_path / "d2")
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


def section_rows(page: str, title: str) -> list[list[str]]:
    start = page.index(html.escape(title) + "</h3>")
    end = page.index("</table>", start)
    body = page[start:end].split("<tbody>", 1)[1]
    rows = re.findall(r"<tr>(.*?)</tr>", body)
    return [[html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", r)] for r in rows]


def test_report_numbers_equal_the_tally(template, plan, data):
    recs, t = data
    received = {r.record_id: r.received for r in recs if r.channel == "paper"}
    v = validate(plan, recs, received, 0, 0)
    page = render_html(template, plan, t, v, Quality(), recs)
    assert 'lang="vi"' in page and "BÁO CÁO KẾT QUẢ ĐIỀU TRA XÃ HỘI HỌC" in page
    for qid in ("q2", "q7", "q5c"):
        q = template.question(qid)
        rows = section_rows(page, q.text)
        assert len(rows) == len(q.options) + 1
        for o, cells in zip([*q.options, None], rows, strict=True):
            for k, channel in enumerate(("paper", "online", "all")):
                count, base, _ = expected(recs, channel, qid, o.id if o else "")
                assert int(cells[1 + 2 * k]) == count
                if o and base:
                    assert cells[2 + 2 * k] == f"{round(100 * count / base, 1):.1f}".replace(".", ",")
    for r in recs:
        if r.status == "final" and r.answers["q8"]:
            assert html.escape(r.answers["q8"]) in page
