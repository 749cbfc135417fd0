"""Issue 22: a choice list longer than a page continues on the next page, read back as one question."""

import pytest
from conftest import generated
from test_structure import printed_clear
from test_structure_forms import workbook

from benchmarks.accuracy import evaluate, load_truth
from benchmarks.realforms import print_faults
from scanner.cli import main
from scanner.records import build_record
from scanner.rules import StoredReading, sheet_readings
from scanner.template import load_template
from scanner.vocab import AnswerStatus

PLACES = 90
ITEMS = 40


def long_list_form(path, english=False):
    places = [("place", f"p{i}", f"Commune no. {i} of the northern mountain district" if english
               else f"Xã số {i} thuộc huyện miền núi phía Bắc") for i in range(1, PLACES + 1)]
    items = [("item", f"i{i}", f"Household item number {i}, bought in the last twelve months with the family's own money"
              if english else f"Đồ dùng thứ {i} trong gia đình đã mua trong mười hai tháng qua bằng tiền của gia đình")
             for i in range(1, ITEMS + 1)]
    yes = [("yn", "1", "Yes" if english else "Có"), ("yn", "2", "No" if english else "Không")]
    survey = [{"type": "select_one yn", "name": "q0", "label": "Do you live here?" if english else "Ông/bà sống ở đây?"},
              {"type": "select_one place", "name": "where", "label": "Commune" if english else "Xã nơi ở"},
              {"type": "select_multiple item", "name": "bought", "label": "Items bought" if english
               else "Những đồ dùng đã mua"},
              {"type": "select_one yn", "name": "q9", "label": "Satisfied?" if english else "Ông/bà có hài lòng?"}]
    return workbook(path, ["type", "name", "label"], survey, ["list_name", "name", "label"], yes + places + items,
                    {"form_title": "LONG LISTS" if english else "PHIẾU DANH SÁCH DÀI", "form_id": "LONGLIST",
                     "version": "1"})


@pytest.fixture(scope="module")
def long_lists(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("longlists")
    layout = tmp / "long.json"
    assert main(["build", str(long_list_form(tmp / "long.xlsx")), "--out", str(layout)]) == 0
    return load_template(layout)


def test_a_long_list_continues_on_the_next_pages_as_one_question(long_lists):
    t = long_lists
    for qid, n in (("where", PLACES), ("bought", ITEMS)):
        q = t.question(qid)
        assert [o.id for o in q.options] == [f"{q.options[0].id[0]}{i}" for i in range(1, n + 1)]
        pages = [o.page for o in q.options]
        assert pages == sorted(pages) and len(set(pages)) >= 2 and pages[0] == q.page
        assert q.pages == tuple(sorted(set(pages)))
        for p in q.pages:
            part = q.part_on(p)
            assert part is not None and [o.id for o in part.options] == [o.id for o in q.options if o.page == p]
            assert {b.option_id for b in t.boxes(p) if b.question_id == qid} == {o.id for o in part.options}
        continued = [x for x in t.texts if x.text.endswith("(tiếp theo)") and x.text.startswith(f"Câu {q.number}.")]
        assert sorted(x.page for x in continued) == list(q.pages[1:])
    # a long list starts where it comes (the rest of the first page), not on a fresh page
    assert t.question("where").page == t.question("q0").page == 1
    assert t.question("bought").page == t.question("where").pages[-1]
    assert print_faults(t) == []
    printed_clear(t)


def test_english_continued_heading(tmp_path):
    layout = tmp_path / "en.json"
    assert main(["build", str(long_list_form(tmp_path / "en.xlsx", english=True)), "--out", str(layout)]) == 0
    t = load_template(layout)
    q = t.question("where")
    assert len(q.pages) >= 2
    assert any(x.text.startswith(f"Question {q.number}.") and x.text.endswith("(continued)") and x.page == q.pages[1]
               for x in t.texts)
    assert print_faults(t) == []


def _part(answer, page_id, status=None, reasons=()):
    return StoredReading(tuple(answer), AnswerStatus(status or ("answered" if answer else "blank")), tuple(reasons),
                         0.9, page_id)


def test_the_parts_of_a_list_are_judged_as_one_question(long_lists):
    t = long_lists
    where = t.question("where")
    first, later = where.pages[0], where.pages[1]
    a = next(o.id for o in where.options if o.page == first)
    b = next(o.id for o in where.options if o.page == later)
    pages = {"P1": {"where": _part([a], "P1")}, "P2": {"where": _part([], "P2", "review", ["no_marks_on_page"])}}
    one = sheet_readings(t, ["P1", "P2"], pages)["where"]
    assert one == StoredReading((a,), AnswerStatus.answered, (), 0.9, "P2")  # the page whose part was asked about
    pages["P2"]["where"] = _part([b], "P2")
    two = sheet_readings(t, ["P1", "P2"], pages)["where"]
    assert (two.answer, two.status, two.reasons) == ((a, b), "review", ("multiple_marks",))
    rec = build_record(t, "s1", "U1", 1, sheet_readings(t, ["P1", "P2"], pages), [], [], {})
    assert "where" in rec.uncertain and rec.status == "needs_review"
    pages["P1"]["where"] = _part([], "P1")
    none = sheet_readings(t, ["P1", "P2"], pages)["where"]
    assert (none.answer, none.status) == ((b,), "answered")


def test_long_lists_read_back_without_silent_errors(long_lists, tmp_path, plan, pytestconfig):
    t = long_lists
    corpus = tmp_path / "corpus"
    generated(pytestconfig, "long choice lists", t, plan, 4, 3, corpus, stack_size=2, profiles={"flatbed": 1.0},
              cycle=True)
    _, sheets = load_truth(corpus)
    later = [a for sh in sheets.values() for qid in ("where", "bought") for a in sh["answers"][qid] or []
             if t.question(qid).option(a).page > t.question(qid).page]
    assert later  # answers ticked on a continuation page are among those judged
    result = evaluate(corpus, tmp_path / "b.db", jobs=1, template=t)
    overall = result["groups"]["overall"]
    assert overall["questions"] >= 2 * len(t.choice_questions())
    assert overall.get("silent_error", 0) == 0, result["silent_examples"]
    assert result["pages_accounted"] == result["pages_truth"]


@pytest.mark.parametrize("lang, question, continued, page", [
    ("French (fr)", "Question", "(suite)", "Page 1/"),
    ("Spanish (es)", "Pregunta", "(continuación)", "Página 1/"),
])
def test_a_real_cascade_longer_than_a_page_continues_in_the_forms_language(tmp_path, lang, question, continued, page):
    """UNHCR's household survey printed in its French or Spanish labels, in that language's frame: the 231-country
    list, grouped under the bureau chosen above, goes on over pages titled "(suite)" / "(continuación)", each group
    cut in two named again above its rest."""
    from benchmarks.realforms import DEFAULT_FORMS

    layout = tmp_path / "hh.json"
    form = DEFAULT_FORMS / "unhcr_household_survey_americas.xlsx"
    assert main(["build", str(form), "--lang", lang, "--out", str(layout)]) == 0
    t = load_template(layout)
    assert any(x.text.startswith(page) for x in t.texts if x.page == 1)
    q = t.question("Country")
    assert q.filter_by and len(q.options) == 231 and len(q.pages) >= 3
    heads = [x for x in t.texts if x.text.startswith(f"{question} {q.number}.") and x.text.endswith(continued)]
    assert sorted(x.page for x in heads) == list(q.pages[1:])
    parents = {o.label for o in t.question(q.filter_by).options}
    for p in q.pages[1:]:
        first = min((o for o in q.options if o.page == p), key=lambda o: o.box.y)
        named = [x for x in t.texts if x.page == p and x.text.endswith(":") and x.text[:-1] in parents
                 and x.y < first.box.y + first.box.h]
        assert named, f"page {p} starts its options without the group they belong to"
    assert print_faults(t) == []
