"""Skip logic and constraints from the XLSForm to the count: read, printed as words, applied to paper and online records.

Forms are built here with openpyxl as other people write them; truths are
written out by hand from the XLSForm spec (ODK's semantics), never computed
by the code under test.
"""

import csv
import datetime as dt

import pytest
from conftest import drawn_once
from test_questionnaire import xlsform

from scanner.errors import TemplateError
from scanner.layout import build_layout
from scanner.logic.apply import LogicReason, check_record
from scanner.logic.choices import ChoiceRule, choice_condition, classify_constraint
from scanner.logic.wording import Lang, Named, instruction, logic_reason
from scanner.online.derive import Mappings, derive
from scanner.online.files import read_file
from scanner.plan import load_plan
from scanner.questionnaire import Kind, load_questionnaire
from scanner.records import Decision, Record, build_record
from scanner.rules import StoredReading
from scanner.tally import SKIPPED, SKIPPED_LABEL, cell, tally
from scanner.template import parse_template
from scanner.vocab import AnswerStatus, ReviewReason

CHOICES = [("yn", "yes", "Có"), ("yn", "no", "Không"),
           ("src", "tv", "Truyền hình"), ("src", "net", "Internet"), ("src", "paper", "Báo in"),
           ("src", "other", "Khác (ghi rõ)"), ("src", "none", "Không theo dõi"),
           ("why", "busy", "Bận"), ("why", "far", "Xa"), ("why", "888", "Lý do khác")]
SURVEY = [
    {"type": "select_one yn", "name": "smoke", "label": "Anh/chị có hút thuốc không?"},
    {"type": "integer", "name": "cigs", "label": "Mỗi ngày bao nhiêu điếu?", "relevant": "${smoke} = 'yes'",
     "constraint": ". > 0 and . < 100"},
    {"type": "select_one why", "name": "quit", "label": "Vì sao chưa bỏ?", "relevant": "${cigs} >= 10"},
    {"type": "text", "name": "quit_other", "label": "Lý do khác là gì?", "relevant": "${quit} = '888'"},
    {"type": "select_multiple src", "name": "src", "label": "Anh/chị theo dõi tin tức qua đâu?",
     "constraint": "not(selected(., 'none')) or count-selected(.) = 1"},
    {"type": "text", "name": "src_other", "label": "Ghi rõ", "relevant": "selected(${src}, 'other')"},
    {"type": "text", "name": "why_not", "label": "Vì sao không hút?", "relevant": "${smoke}='no'", "lines": "2"},
]


@pytest.fixture(scope="module")
def form(tmp_path_factory):
    path = xlsform(tmp_path_factory.mktemp("logic") / "smoke.xlsx", SURVEY, CHOICES,
                   {"form_id": "SMK", "form_title": "Khảo sát thử"})
    q = load_questionnaire(path)
    layout = build_layout(q)
    return q, layout, parse_template(layout, str(path))


@pytest.mark.parametrize("constraint, rule", [
    ("count-selected(.) <= 2", ChoiceRule(2, ())),
    ("count-selected(.) < 3", ChoiceRule(2, ())),
    ("count-selected(.)=1", ChoiceRule(1, ())),
    ("count-selected(.) >= 1 and count-selected(.) <= 3", ChoiceRule(3, ())),
    ("not(selected(., 'none') and count-selected(.) > 1)", ChoiceRule(None, ("none",))),
    ("not(selected(.,'none')) or count-selected(.)=1", ChoiceRule(None, ("none",))),
    ("if(selected(.,'none'), count-selected(.)=1, true())", ChoiceRule(None, ("none",))),
    ("if(selected(.,'none'), count-selected(.) = 1, count-selected(.) <= 2)", ChoiceRule(2, ("none",))),
    ("(not(selected(., 'none')) or count-selected(.) = 1) and count-selected(.) <= 3", ChoiceRule(3, ("none",))),
    ("not((selected(., 'none') or selected(., 'other')) and count-selected(.) > 1)", ChoiceRule(None, ("other", "none"))),
    ("not((selected(., 'none') and count-selected(.)>1) or (selected(., 'other') and count-selected(.)>1))",
     ChoiceRule(None, ("other", "none"))),
    ("not(selected(., \"none\") and count-selected(.) > 1)", ChoiceRule(None, ("none",))),
    ("count-selected(.) = 3", None),  # exactly three
    ("count-selected(.) >= 2", None),  # at least two: not what boxes print, so checked as an expression
    ("selected(., 'tv') or selected(., 'net')", None),
    ("count-selected(.) <= ${limit}", None),
])
def test_every_spelling_of_a_choice_rule_is_recognised_by_evaluation(constraint, rule):
    ids = ["tv", "net", "paper", "other", "none"]
    assert classify_constraint(constraint, ids) == rule


def test_a_long_list_is_probed_too():
    ids = [str(i) for i in range(1, 16)] + ["99"]
    assert classify_constraint("not(selected(., '99')) or count-selected(.) = 1", ids) == ChoiceRule(None, ("99",))
    assert classify_constraint("count-selected(.) <= 4", ids) == ChoiceRule(4, ())


def test_the_questionnaire_reads_logic_as_expressions(form):
    q, _, _ = form
    items = {it.id: it for it in q.items()}
    assert (items["src"].max_choices, items["src"].exclusive, items["src"].constraint) == (None, ("none",), "")
    assert (items["cigs"].number, items["cigs"].relevant, items["cigs"].constraint) == (
        "2", "${smoke} = 'yes'", ". > 0 and . < 100")
    assert (items["src_other"].other_of, items["src_other"].other_option, items["src_other"].number) == ("src", "other", "")
    assert (items["quit_other"].other_of, items["quit_other"].other_option) == ("quit", "888")  # "Lý do khác"
    assert (items["why_not"].kind, items["why_not"].other_of, items["why_not"].number) == (Kind.text, None, "5")
    assert items["why_not"].relevant == "${smoke}='no'"


def test_a_group_condition_applies_to_its_questions(tmp_path):
    survey = [{"type": "select_one yn", "name": "farm", "label": "Có làm nông?"},
              {"type": "begin_group", "name": "g", "label": "Nông nghiệp", "relevant": "${farm} = 'yes'"},
              {"type": "integer", "name": "ha", "label": "Bao nhiêu ha?"},
              {"type": "select_one yn", "name": "irr", "label": "Có tưới?", "relevant": "${ha} > 1"},
              {"type": "end_group", "name": "g"}]
    items = {it.id: it for it in load_questionnaire(xlsform(tmp_path / "g.xlsx", survey, CHOICES)).items()}
    assert items["ha"].relevant == "${farm} = 'yes'"
    assert items["irr"].relevant == "(${farm} = 'yes') and (${ha} > 1)"


def test_the_instruction_is_printed_under_the_title(form):
    _, layout, _ = form
    texts = [t["text"] for t in layout["texts"]]
    said = {t: texts[texts.index(t) - 1] for t in texts if t.startswith("Trả lời nếu")}
    assert said == {"Trả lời nếu Câu 1 chọn “Có”": "Câu 2. Mỗi ngày bao nhiêu điếu?",
                    "Trả lời nếu Câu 2 từ 10 trở lên": "Câu 3. Vì sao chưa bỏ?",
                    "Trả lời nếu Câu 1 chọn “Không”": "Câu 5. Vì sao không hút?"}
    style = {t["text"]: (t["font"], t["size_pt"]) for t in layout["texts"]}
    assert style["Trả lời nếu Câu 1 chọn “Có”"] == ("italic", 10.0)


NAMES = {"q3": Named("3", Kind.number), "q5": Named("5", Kind.single, {"1": "Có", "2": "Không", "other": "Other"}),
         "q6": Named("6", Kind.multiple, {"a": "Báo", "b": "Đài"}), "calc": Named("", Kind.number)}  # calc: unprinted


@pytest.mark.parametrize("text, vi, en", [
    ("${q5} = 'other'", "Trả lời nếu Câu 5 chọn “Other”", "Answer if Question 5 is “Other”"),
    ("selected(${q5}, 'other')", "Trả lời nếu Câu 5 chọn “Other”", "Answer if Question 5 is “Other”"),
    ("${q3} >= 18", "Trả lời nếu Câu 3 từ 18 trở lên", "Answer if Question 3 is 18 or more"),
    ("18 > ${q3}", "Trả lời nếu Câu 3 nhỏ hơn 18", "Answer if Question 3 is less than 18"),
    ("${q5}='1' or ${q5}='2'", "Trả lời nếu Câu 5 chọn “Có” hoặc “Không”", "Answer if Question 5 is “Có” or “Không”"),
    ("${q5}='1' and ${q3} > 60", "Trả lời nếu Câu 5 chọn “Có” và Câu 3 lớn hơn 60",
     "Answer if Question 5 is “Có” and Question 3 is more than 60"),
    ("${q5} != '2'", "Trả lời nếu Câu 5 không chọn “Không”", "Answer if Question 5 is not “Không”"),
    ("not(selected(${q6}, 'a'))", "Trả lời nếu Câu 6 không chọn “Báo”", "Answer if Question 6 does not include “Báo”"),
    ("${q6} != ''", "Trả lời nếu Câu 6 có trả lời", "Answer if Question 6 is answered"),
    ("${q5}='9'", "Trả lời tùy theo câu trả lời ở Câu 5", "Answer depending on your answers to Question 5"),
    ("${q5}='1' and ${calc} > 2", "Trả lời tùy theo câu trả lời ở Câu 5", "Answer depending on your answers to Question 5"),
    ("${calc} > 2", "Chỉ trả lời khi được hướng dẫn", "Answer only if instructed"),
    ("${q3} != ${q5}", "Trả lời nếu Câu 3 khác Câu 5", "Answer if Question 3 differs from Question 5"),
])
def test_conditions_in_words(text, vi, en):
    assert instruction(text, Lang.vi, NAMES) == vi
    assert instruction(text, Lang.en, NAMES) == en


def test_go_to_section_conditions():
    assert choice_condition("${a}='no' or selected(${a}, 'x')") == ("a", frozenset({"no", "x"}))
    assert choice_condition("${a}='no' or ${b}='x'") is None
    assert choice_condition("${a} > 3") is None


def test_the_template_carries_and_checks_the_logic(form):
    _, layout, template = form
    assert template.question("cigs").relevant == "${smoke} = 'yes'"
    assert template.question("cigs").constraint == ". > 0 and . < 100"
    assert template.question("src").exclusive == ("none",) and template.question("src").constraint == ""
    bad = dict(layout, questions=[dict(q, relevant="${nobody} = 1") if q["id"] == "cigs" else q
                                  for q in layout["questions"]])
    k = next(i for i, q in enumerate(layout["questions"]) if q["id"] == "cigs")
    with pytest.raises(TemplateError, match=rf"\$\.questions\[{k}\]\.relevant: names 'nobody'"):
        parse_template(bad)
    broken = dict(layout, questions=[dict(q, constraint=". > ") if q["id"] == "cigs" else q
                                     for q in layout["questions"]])
    with pytest.raises(TemplateError, match=rf"\$\.questions\[{k}\]\.constraint: '. > ' is not an XLSForm expression"):
        parse_template(broken)


def test_relevance_in_form_order(form):
    _, _, t = form
    smoker = {"smoke": ["yes"], "cigs": "12", "quit": ["busy"], "src": ["tv"], "why_not": None}
    assert check_record(t, smoker).skipped == ("why_not",) and not check_record(t, smoker).problems
    light = dict(smoker, cigs="3", quit=[])
    assert check_record(t, light).skipped == ("quit", "why_not")  # a write-in says its own condition
    # not a smoker: cigs is skipped, so quit (asked when cigs >= 10) is skipped too
    non = {"smoke": ["no"], "cigs": None, "quit": [], "src": ["none"], "why_not": "Không thích"}
    assert check_record(t, non).skipped == ("cigs", "quit") and not check_record(t, non).problems
    answered_anyway = dict(non, cigs="20", quit=["far"])
    c = check_record(t, answered_anyway)
    assert c.problems == {"cigs": LogicReason.skipped_answered, "quit": LogicReason.skipped_answered}
    assert "quit" not in c.skipped  # answered: a person decides, it is not silently dropped
    too_many = dict(smoker, cigs="150")
    assert check_record(t, too_many).problems == {"cigs": LogicReason.constraint_broken}
    unknown = {"smoke": [], "cigs": None, "quit": [], "src": [], "why_not": None}
    assert check_record(t, unknown).skipped == ("cigs", "quit", "why_not")


def test_a_paper_sheet_answering_a_skipped_question_goes_to_review(form):
    _, _, t = form
    machine = {"smoke": StoredReading(("no",), AnswerStatus.answered), "quit": StoredReading(("far",), AnswerStatus.answered),
               "src": StoredReading(("tv", "net"), AnswerStatus.answered)}

    def typed(key, value):
        return Decision("s1", key, value, "Lan", "2026-12-04")

    # "Câu 2" (a digit grid) has no reading yet: until it has, whether Câu 3 applies (Câu 2 >= 10) is not known
    rec = build_record(t, "s1", "MS", 1, machine, [], [], {})
    assert (rec.status, rec.uncertain, rec.logic, rec.skipped) == ("final", [], {}, ["cigs"])
    # transcribed as blank: Câu 3 did not apply, yet it was answered
    rec = build_record(t, "s1", "MS", 1, machine, [], [], {"cigs": typed("cigs", "")})
    assert rec.status == "needs_review" and rec.uncertain == ["quit"]
    assert rec.logic == {"quit": "skipped_answered"} and ReviewReason.label_of(rec.logic["quit"]).startswith("Có trả lời ở câu")
    assert rec.skipped == ["cigs"]
    assert logic_reason(t, "quit", "skipped_answered") == ("Có trả lời ở câu mà hướng dẫn trên phiếu bảo bỏ qua "
                                                           "(Trả lời nếu Câu 2 từ 10 trở lên)")
    # a non-smoker who wrote 25 anyway: Câu 2 is cleared for the conditions after it, so Câu 3 still did not apply
    rec = build_record(t, "s1", "MS", 1, machine, [], [], {"cigs": typed("cigs", "25")})
    assert (rec.uncertain, rec.logic) == (["quit"], {"quit": "skipped_answered"})
    # the reviewer's answer settles it
    rec = build_record(t, "s1", "MS", 1, machine, [], [], {"cigs": typed("cigs", ""), "quit": typed("quit", [])})
    assert (rec.status, rec.uncertain, rec.skipped) == ("final", [], ["cigs", "quit"])
    clean = dict(machine, quit=StoredReading((), AnswerStatus.blank))
    rec = build_record(t, "s2", "MS", 2, clean, [], [], {"cigs": typed("cigs", "")})
    assert (rec.status, rec.uncertain, rec.skipped) == ("final", [], ["cigs", "quit"])


def _online_csv(path, template, rows):
    titles = [q.online_title for q in template.questions if not q.other_of]
    ids = [q.id for q in template.questions if not q.other_of]
    lines = [["Dấu thời gian", template.online["unit_title"]] + titles]
    for r in rows:
        lines.append(["2023/11/10 9:00:00 SA GMT+7", "Xã Mường So"] + [r.get(i, "") for i in ids])
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(lines)
    return path


def test_an_online_row_answering_a_skipped_question_is_a_problem(form, tmp_path):
    _, _, t = form
    plan = load_plan()
    path = _online_csv(tmp_path / "r.csv", t, [
        {"smoke": "Không", "cigs": "20", "src": "Truyền hình", "why_not": "Không thích"},
        {"smoke": "Có", "cigs": "15", "quit": "Bận", "src": "Internet"},
        {"smoke": "Có", "cigs": "500", "quit": "Bận", "src": "Internet"},
    ])
    recs = {r.answers["cigs"]: r for r in derive([read_file(path)], t, plan, Mappings()).records}
    skipped_answered, fine, broken = recs[20], recs[15], recs[500]  # numbers, as records hold them
    assert skipped_answered.status == "needs_review" and skipped_answered.logic == {"cigs": "skipped_answered"}
    assert any("answered where the form says skip: Trả lời nếu Câu 1 chọn “Có”)" in p for p in skipped_answered.problems)
    assert (fine.status, fine.problems, fine.skipped) == ("final", [], ["why_not"])
    assert broken.status == "needs_review" and broken.logic == {"cigs": "constraint_broken"}
    assert dt.datetime.fromisoformat(fine.submitted_at).year == 2023


def test_skipped_questions_leave_the_tally_bases(form):
    _, _, t = form
    plan = load_plan()
    answers = [({"smoke": ["yes"], "cigs": "12", "quit": ["busy"]}, "paper"),
               ({"smoke": ["yes"], "cigs": "20", "quit": []}, "paper"),  # asked, left blank
               ({"smoke": ["no"], "cigs": None, "quit": []}, "paper"),  # told to skip
               ({"smoke": ["no"], "cigs": None, "quit": []}, "online"),  # told to skip
               ({"smoke": ["yes"], "cigs": "5", "quit": []}, "online")]  # told to skip (fewer than 10)
    recs = []
    for i, (a, channel) in enumerate(answers):
        full = {q.id: None if q.type == "text" else [] for q in t.questions} | a
        recs.append(Record(f"{channel}:{i}", channel, "MS", None, "final", full, [],
                           skipped=list(check_record(t, full).skipped)))
    assert ["quit" in r.skipped for r in recs] == [False, False, True, True, True]
    tl = tally(t, plan, recs)
    sel = tl.rows("quit")
    assert (int(sel.base_all.iloc[0]), int(sel.base_answered.iloc[0])) == (2, 1)
    assert cell(sel, "", "count") == 1 and cell(sel, SKIPPED, "count") == 3
    assert cell(sel, SKIPPED, "option_label") == SKIPPED_LABEL == "bỏ qua theo hướng dẫn"
    assert cell(sel, "busy", "pct_answered") == 100.0 and cell(sel, "busy", "pct_all") == 50.0
    assert cell(tl.rows("quit", "online"), SKIPPED, "count") == 2
    smoke = tl.rows("smoke")  # no condition: no skipped row
    assert int(smoke.base_all.iloc[0]) == 5 and cell(smoke, SKIPPED, "count") is None


def test_the_online_form_says_the_condition_and_does_not_require_a_skipped_question(form):
    from scanner.online_form import form_items

    _, layout, _ = form
    t = parse_template(dict(layout, online=dict(layout["online"], required=["smoke", "cigs"])))
    items = {it.question_ids[0]: it for it in form_items(t, load_plan()) if it.question_ids}
    assert (items["smoke"].required, items["cigs"].required) == (True, False)
    # a Google Form's items carry no numbers: the condition names the question by its title
    assert items["cigs"].help == "Trả lời nếu “Anh/chị có hút thuốc không?” chọn “Có”."
    assert items["why_not"].help == "Trả lời nếu “Anh/chị có hút thuốc không?” chọn “Không”."
    assert items["src"].help == "Nếu chọn “Không theo dõi” thì không chọn ý khác."


def test_the_report_and_workbook_list_skipped_apart_from_blank(form, tmp_path):
    from openpyxl import load_workbook

    from scanner.report.results import base_note, question_table
    from scanner.workbook import write

    _, _, t = form
    plan = load_plan()
    recs = []
    for i, (a, channel) in enumerate([({"smoke": ["yes"], "cigs": "12", "quit": ["busy"]}, "paper"),
                                      ({"smoke": ["no"]}, "paper"), ({"smoke": ["no"]}, "online"),
                                      ({"smoke": ["yes"], "cigs": "30"}, "online")]):
        full = {q.id: None if q.type == "text" else [] for q in t.questions} | a
        recs.append(Record(f"{channel}:{i}", channel, "MS", None, "final", full, [],
                           skipped=list(check_record(t, full).skipped)))
    tl = tally(t, plan, recs)
    rows = question_table(tl, t.question("quit")).rows
    assert rows[-2][:4] == ("Không trả lời", "0", "1", "1")
    assert rows[-1][:4] == ("Bỏ qua theo hướng dẫn", "1", "1", "2")
    assert "trên 2 phiếu được tính (2 phiếu bỏ qua câu này theo hướng dẫn, không tính)" in base_note(tl, t.question("quit")).text
    write(t, plan, tl, tmp_path / "tally.xlsx")
    wb = load_workbook(tmp_path / "tally.xlsx")
    found = [[c for c in row if c is not None] for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
             if row and row[0] == "Bỏ qua theo hướng dẫn"]
    assert ["Bỏ qua theo hướng dẫn", 1, 1, 2] in found


def test_scanned_sheets_that_answer_a_skipped_question_go_to_review(tmp_path, tmp_path_factory, monkeypatch):
    """Filled forms drawn and scanned: half the respondents here do not follow the printed instruction."""
    import scanner.corpus.people as people

    monkeypatch.setattr(people, "FOLLOW_RATE", 0.5)  # the generator's respondents, not the code under test
    from benchmarks.accuracy import load_truth
    from scanner.batch import scan
    from scanner.cli import main
    from scanner.collate import collate
    from scanner.corpus.generate import generate
    from scanner.review.queue import derive as review_items
    from scanner.store import Store
    from scanner.template import load_template

    survey = [SURVEY[0], {"type": "select_one why", "name": "quit", "label": "Vì sao chưa bỏ?",
                          "relevant": "${smoke} = 'yes'"}, SURVEY[4]]

    def draw(out):  # built and drawn once for both engines (conftest.drawn_once); each engine scans them
        xlsx = xlsform(out / "e.xlsx", survey, CHOICES, {"form_id": "SKP", "form_title": "Khảo sát thử"})
        assert main(["build", str(xlsx), "--out", str(out / "e.json")]) == 0
        t = load_template(out / "e.json")
        generate(t, load_plan(), 10, 7, out / "corpus", stack_size=10, profiles={"flatbed": 1.0}, cycle=True)
        return t

    drawn, t = drawn_once(tmp_path_factory, "skipped_questions", draw)
    store = Store(tmp_path / "s.db")
    try:
        scan(store, t, [str(drawn / "corpus")], jobs=1, progress=False)
        sheets = collate(store, t)
        _, items = review_items(store, t)
    finally:
        store.close()
    pages, truth = load_truth(drawn / "corpus")
    seen = {"told_to_skip_but_answered": 0, "skipped": 0, "asked": 0}
    for sh in sheets:
        rec = sh.record
        page = pages[(rec.sources[0]["file"].rsplit("/", 1)[-1], rec.sources[0]["page"] - 1)]
        if page["kind"] != "form":
            continue
        want = truth[page["sheet"]]["answers"]
        if any(rec.answers[q] != want[q] for q in ("smoke", "quit")) or rec.uncertain not in ([], ["quit"]):
            continue  # misread or unsure for reasons of ink: not what this test is about
        if want["smoke"] != ["yes"] and want["quit"]:
            seen["told_to_skip_but_answered"] += 1
            assert rec.logic == {"quit": "skipped_answered"} and rec.uncertain == ["quit"], rec
            assert rec.status == "needs_review"
            item = next(i for i in items if i.sheet_id == sh.group.sheet_id and i.key == "quit")
            assert "Có trả lời ở câu mà hướng dẫn trên phiếu bảo bỏ qua (Trả lời nếu Câu 1 chọn “Có”)" in item.reasons
        elif want["smoke"] != ["yes"]:
            seen["skipped"] += 1
            assert "quit" in rec.skipped and not rec.logic
        else:
            seen["asked"] += 1
            assert "quit" not in rec.skipped and not rec.logic
    assert all(n > 0 for n in seen.values()), seen


def test_a_nested_group_condition_holds_for_every_question_inside(tmp_path):
    survey = [{"type": "select_one yn", "name": "hh", "label": "Có hộ gia đình?"},
              {"type": "begin_group", "name": "s1", "label": "PHẦN I", "relevant": "${hh} = 'yes'"},
              {"type": "begin_group", "name": "farm", "label": "Nông nghiệp", "relevant": "${hh} != 'no'"},
              {"type": "select_one yn", "name": "cattle", "label": "Có nuôi trâu bò?"},
              {"type": "end_group", "name": "farm"},
              {"type": "select_one yn", "name": "shop", "label": "Có buôn bán?"},
              {"type": "end_group", "name": "s1"}]
    q = load_questionnaire(xlsform(tmp_path / "n.xlsx", survey, CHOICES))
    items = {it.id: it for it in q.items()}
    assert items["cattle"].relevant == "(${hh} = 'yes') and (${hh} != 'no')"
    assert items["shop"].relevant == "${hh} = 'yes'"
    t = parse_template(build_layout(q))
    assert check_record(t, {"hh": ["no"], "cattle": [], "shop": []}).skipped == ("cattle", "shop")
    texts = [x.text for x in t.texts]
    assert "Trả lời nếu Câu 1 chọn “Có” và Câu 1 khác “Không”" not in texts  # worded as options, not values
    assert "Trả lời nếu Câu 1 chọn “Có” và Câu 1 không chọn “Không”" in texts


def test_an_english_form_prints_its_conditions_in_english(tmp_path):
    survey = [{"type": "select_one yn", "name": "smoke", "label": "Do you smoke?"},
              {"type": "integer", "name": "cigs", "label": "How many a day?", "relevant": "${smoke} = 'yes'"},
              {"type": "integer", "name": "age", "label": "Age?"},
              {"type": "select_one yn", "name": "vote", "label": "Did you vote?", "relevant": "${age} >= 18"}]
    choices = [("yn", "yes", "Yes"), ("yn", "no", "No")]
    path = xlsform(tmp_path / "en.xlsx", survey, choices, {"form_title": "Health", "default_language": "English (en)"})
    q = load_questionnaire(path, lang="en")
    layout = build_layout(q)
    texts = [t["text"] for t in layout["texts"]]
    assert "Answer if Question 1 is “Yes”" in texts and "Answer if Question 3 is 18 or more" in texts
    from scanner.online_form import form_items

    items = {it.question_ids[0]: it for it in form_items(parse_template(layout), load_plan()) if it.question_ids}
    assert items["vote"].help == "Answer if “Age?” is 18 or more."


def test_a_grid_row_of_its_own_condition(tmp_path):
    survey = [{"type": "select_one yn", "name": "tv", "label": "Có xem tivi?"},
              {"type": "begin_group", "name": "g", "label": "Đánh giá", "appearance": "table-list"},
              {"type": "select_one yn", "name": "g_news", "label": "Tin tức"},
              {"type": "select_one yn", "name": "g_tv", "label": "Chương trình tivi", "relevant": "${tv} = 'yes'"},
              {"type": "end_group", "name": "g"}]
    layout = build_layout(load_questionnaire(xlsform(tmp_path / "g.xlsx", survey, CHOICES)))
    t = parse_template(layout)
    assert (t.question("g_news").relevant, t.question("g_tv").relevant) == ("", "${tv} = 'yes'")
    assert any(x["text"].startswith("b) Chương trình tivi (Trả lời nếu Câu 1") for x in layout["texts"])
    assert check_record(t, {"tv": ["no"], "g_news": ["yes"], "g_tv": []}).skipped == ("g_tv",)


MAX_SPELLINGS = ["count-selected(.) <= {n}", "count-selected(.) < {m}", "not(count-selected(.) > {n})",
                 "count-selected(.) >= 1 and count-selected(.) <= {n}", "{n} >= count-selected(.)"]
ALONE_SPELLINGS = ["not(selected(., '{x}') and count-selected(.) > 1)", "not(selected(.,'{x}')) or count-selected(.)=1",
                   "if(selected(.,'{x}'), count-selected(.)=1, true())", "count-selected(.) = 1 or not(selected(., '{x}'))",
                   "not(selected(., \"{x}\") and count-selected(.) >= 2)"]


@pytest.mark.parametrize("seed", range(40))
def test_random_spellings_of_random_rules_are_recovered(seed):
    """A rule drawn at random, written in randomly chosen spellings joined by `and`, is read back as drawn."""
    import random

    rng = random.Random(seed)
    ids = [f"o{k}" for k in range(rng.randint(3, 14))]
    alone = sorted(rng.sample(ids, rng.randint(0, 2)), key=ids.index)
    n = rng.choice([None, *range(2, len(ids) - len(alone))])
    parts = [rng.choice(ALONE_SPELLINGS).format(x=x) for x in alone]
    if n is not None:
        parts.append(rng.choice(MAX_SPELLINGS).format(n=n, m=n + 1))
    rng.shuffle(parts)
    text = " and ".join(f"({p})" for p in parts) or "true()"
    assert classify_constraint(text, ids) == ChoiceRule(n, tuple(alone)), text


def test_an_online_row_breaking_a_choice_rule_is_a_problem(form, tmp_path):
    """A Google Form limits how many are ticked but cannot make "Không theo dõi" exclude the others."""
    _, _, t = form
    path = _online_csv(tmp_path / "r.csv", t, [{"smoke": "Có", "cigs": "15", "src": "Truyền hình, Không theo dõi"},
                                                {"smoke": "Có", "cigs": "16", "src": "Không theo dõi"}])
    recs = {r.answers["cigs"]: r for r in derive([read_file(path)], t, load_plan(), Mappings()).records}
    assert recs[15].answers["src"] == ["tv", "none"] and recs[15].logic == {"src": "constraint_broken"}
    assert any("not(selected(., 'none') and count-selected(.) > 1)" in p for p in recs[15].problems)
    assert recs[16].status == "final"


def test_a_roster_asked_only_of_some_is_skipped_cell_by_cell(tmp_path):
    survey = [{"type": "select_one yn", "name": "kids", "label": "Có con dưới 5 tuổi?"},
              {"type": "begin_repeat", "name": "child", "label": "Các con", "relevant": "${kids} = 'yes'"},
              {"type": "select_one yn", "name": "vacc", "label": "Đã tiêm chủng?"},
              {"type": "end_repeat", "name": "child"}]
    layout = build_layout(load_questionnaire(xlsform(tmp_path / "r.xlsx", survey, CHOICES)))
    t = parse_template(layout)
    cells = [q for q in t.questions if q.roster == "child"]
    assert cells and all(q.relevant == "${kids} = 'yes'" for q in cells)
    assert "Trả lời nếu Câu 1 chọn “Có”" in [x.text for x in t.texts]
    answers = {"kids": ["no"], **{q.id: [] for q in cells}, cells[0].id: ["yes"]}
    check = check_record(t, answers)
    assert set(check.skipped) == {q.id for q in cells[1:]} and check.problems == {cells[0].id: LogicReason.skipped_answered}


@pytest.mark.parametrize("code, want", [
    ("fr", "Répondre si Question 5 est “Other” et Question 3 est 18 ou plus"),
    ("de", "Beantworten, wenn Frage 5 “Other” ist und Frage 3 18 oder mehr ist"),
    ("es", "Responda si Pregunta 5 es “Other” y Pregunta 3 es 18 o más"),
    ("it", "Answer if Question 5 is “Other” and Question 3 is 18 or more"),  # any other language: English
    ("default", "Answer if Question 5 is “Other” and Question 3 is 18 or more"),  # not German
    (None, "Trả lời nếu Câu 5 chọn “Other” và Câu 3 từ 18 trở lên"),
])
def test_conditions_follow_the_printed_frame_language(code, want):
    assert instruction("${q5} = 'other' and ${q3} >= 18", Lang.of(code), NAMES) == want


def test_real_forms_conditions_are_read_and_mostly_put_into_words():
    """Other people's forms (tests/data/xlsforms): every condition reads; what cannot be worded cites its questions.

    A condition on a computed field (a `calculate`: a child's age from a date, a count of the roster) has no
    words on paper, the field not being printed; the ratio is taken over conditions on printed questions."""
    from conftest import ROOT

    from scanner.layout import _named
    from scanner.logic.expression import parse_lenient, references
    from scanner.logic.wording import condition

    worded = fallback = computed = 0
    for path in sorted((ROOT / "tests" / "data" / "xlsforms").glob("*.xlsx")):
        q = load_questionnaire(path)
        names, lang = _named(q), Lang.of(q.language)
        for it in q.items():
            if it.relevant:
                if condition(it.relevant, lang, names) is not None:
                    worded += 1
                else:
                    assert instruction(it.relevant, lang, names), it.relevant
                    if all(r in names for r in references(parse_lenient(it.relevant))):
                        fallback += 1
                    else:
                        computed += 1
    assert worded >= 100 and worded / (worded + fallback) >= 0.95, (worded, fallback, computed)


def test_a_condition_may_read_a_note_a_roster_or_a_calculation(tmp_path):
    survey = [{"type": "note", "name": "intro", "label": "Giới thiệu"},
              {"type": "begin_repeat", "name": "member", "label": "Thành viên"},
              {"type": "text", "name": "who", "label": "Tên"},
              {"type": "end_repeat", "name": "member"},
              {"type": "select_one yn", "name": "ok", "label": "Đồng ý?",
               "relevant": "${intro} = '' and count(${member}) > 0 and ${who} != ''"}]
    layout = build_layout(load_questionnaire(xlsform(tmp_path / "n.xlsx", survey, CHOICES)))
    t = parse_template(layout)
    assert {"intro", "who"} <= set(t.other_fields) and "member" in t.rosters
    assert check_record(t, {"ok": ["yes"]}).problems == {}  # unknown: nothing to review


def test_a_condition_on_a_question_in_review_neither_skips_nor_flags(form):
    """The question a condition reads awaits a person: its dependants wait for that answer, not for a review."""
    _, _, t = form
    machine = {"smoke": StoredReading((), AnswerStatus.review), "quit": StoredReading(("far",), AnswerStatus.answered),
               "src": StoredReading(("tv",), AnswerStatus.answered)}
    rec = build_record(t, "s3", "MS", 3, machine, [], [], {"cigs": Decision("s3", "cigs", "12", "Lan", "2026-12-04")})
    assert rec.uncertain == ["smoke"] and rec.logic == {} and "cigs" not in rec.skipped
    # once the reviewer says "no", Câu 2 did not apply (its transcription is a person's: not asked again),
    # so Câu 3, which the machine read as answered, is asked about
    settled = build_record(t, "s3", "MS", 3, machine, [], [],
                           {"cigs": Decision("s3", "cigs", "12", "Lan", "2026-12-04"),
                            "smoke": Decision("s3", "smoke", ["no"], "Lan", "2026-12-04")})
    assert settled.logic == {"quit": "skipped_answered"} and settled.uncertain == ["quit"]
