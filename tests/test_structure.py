"""Nested groups and cascades (choice_filter): built, printed clear of each other, read back against the truth."""

import pytest
from test_structure_forms import COMMUNES, nested_cascade_form

from benchmarks.accuracy import evaluate
from scanner.cascade import cascade_conflicts, cascade_filter
from scanner.cli import main
from scanner.fonts import text_width_mm
from scanner.layout import LEFT, RIGHT
from scanner.questionnaire import load_questionnaire
from scanner.records import build_record
from scanner.rules import StoredReading
from scanner.template import Rect, load_template
from scanner.vocab import AnswerStatus

PT_MM = 25.4 / 72


def printed_clear(t):
    """Every text inside the margins and clear of every box: its extent measured in the font that prints it."""
    boxes = {p: [b.rect for b in t.boxes(p)] for p in range(1, t.pages + 1)}
    for x in t.texts:
        w = text_width_mm(x.text, x.font, x.size_pt)
        left = {"left": x.x, "center": x.x - w / 2, "right": x.x - w}[x.align]
        if x.y > 60:  # below the header: the question area
            assert left >= LEFT - 0.01 and left + w <= RIGHT + 0.5, x.text
        ink = Rect(left, x.y - 0.72 * x.size_pt * PT_MM, w, 0.95 * x.size_pt * PT_MM)
        hit = [b for b in boxes[x.page] if ink.overlaps(b)]
        assert not hit, (x.text, hit)


@pytest.fixture(scope="module")
def nested(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nested")
    layout = tmp / "nc.json"
    xlsx = nested_cascade_form(tmp / "nc.xlsx")
    assert main(["build", str(xlsx), "--out", str(layout)]) == 0
    return load_questionnaire(xlsx), load_template(layout), layout


def test_a_group_inside_a_group_is_a_sub_heading_numbered_on(nested):
    q, t, _ = nested
    heads = [(it.label, it.heading) for it in q.items() if it.heading]
    assert heads == [("A. Về công việc", 2), ("A.1. Thu nhập", 3)]  # the unlabelled field-list adds none
    assert [it.number for it in q.items() if it.number] == [str(n) for n in range(1, 8)]
    y = {x.text: (x.page, x.y) for x in t.texts}
    assert y["Câu 3. Ý kiến chung về nghị quyết"] < y["A. Về công việc"] < y["Câu 4. Công việc được giao rõ ràng"]
    assert y["Câu 4. Công việc được giao rõ ràng"] < y["A.1. Thu nhập"] < y["Câu 5. Thu nhập đủ sống"]
    assert next(x for x in t.texts if x.text == "A. Về công việc").font == "bold"


def test_the_sections_stay_the_top_level_parts_with_their_groups_inside(nested):
    _, t, _ = nested
    assert [(s.id, s.questions) for s in t.sections] == [
        ("place", ("district", "commune")), ("views", ("v0", "v1", "v2", "v3", "v4"))]
    subs = t.sections[1].subsections
    assert [(s.id, s.level, s.questions) for s in subs] == [("work", 2, ("v1", "v2", "v3")), ("pay", 3, ("v2",))]


def test_the_cascade_prints_every_commune_under_its_district(nested):
    _, t, _ = nested
    q = t.question("commune")
    assert q.filter_by == "district"
    assert [(o.id, o.parent) for o in q.options] == [(c, d) for c, _, d in COMMUNES]
    heads = {x.text: x for x in t.texts if x.text.startswith("Huyện") and x.text.endswith(":")}
    assert list(heads) == ["Huyện Phong Thổ:", "Huyện Sìn Hồ:", "Huyện Tam Đường:"]
    for o in q.options:
        head = heads[f"{t.question('district').option(o.parent).label}:"]
        later = [h.y for h in heads.values() if h.y > head.y]
        assert head.y < o.box.y < min(later, default=1e9), o.id  # under its own district, above the next


def test_structure_prints_clear_of_its_boxes(nested):
    printed_clear(nested[1])


@pytest.mark.parametrize("expr, found", [
    ("district=${district}", ("district", "district")), (" ${prov} = province ", ("province", "prov")),
    ("name != ${x}", None), ("district=${district} and kind='x'", ("district", "district"))])
def test_the_filters_understood(expr, found):
    """(A part naming no question, `kind='x'`, hides choices on a phone but says nothing of where they go: the
    list is grouped by the district; session 19.)"""
    term = cascade_filter(expr)
    assert (term.column, term.question) == found if found else term is None


def test_a_commune_under_another_district_goes_to_review(nested):
    _, t, _ = nested

    def record(district, commune, decisions=None):
        machine = {"district": StoredReading((district,), AnswerStatus.answered),
                   "commune": StoredReading((commune,), AnswerStatus.answered)}
        return build_record(t, "s1", "MS", 1, machine, [], [], decisions or {})

    assert record("d1", "c2").status == "final"
    wrong = record("d2", "c2")
    assert wrong.uncertain == ["commune"] and wrong.conflicts == {"commune": "cascade_conflict"}
    assert wrong.answers["commune"] == ["c2"]  # read as it is
    assert wrong.status == "needs_review"
    assert cascade_conflicts(t, {"district": [], "commune": ["c2"]}) == []  # a blank district is no conflict
    from scanner.records import Decision

    settled = record("d2", "c2", {"commune": Decision("s1", "commune", ["c5"], "Lan", "2026-12-04")})
    assert settled.status == "final" and settled.answers["commune"] == ["c5"]


def test_filled_forms_read_back_against_the_truth(nested, tmp_path, plan):
    from scanner.corpus.generate import generate

    _, t, _ = nested
    corpus = tmp_path / "corpus"
    generate(t, plan, 6, 3, corpus, stack_size=2, profiles={"flatbed": 1.0, "feeder": 1.0, "phone": 1.0}, cycle=True)
    result = evaluate(corpus, tmp_path / "b.db", jobs=2, template=t)
    overall = result["groups"]["overall"]
    assert overall["questions"] >= 6 * len(t.choice_questions()) * 0.8  # a steep phone photo may be set aside
    assert overall.get("silent_error", 0) == 0, result["silent_examples"]
    assert result["pages_accounted"] == result["pages_truth"]


def test_a_name_repeated_under_two_parents_gets_a_box_of_each(tmp_path):
    """`allow_choice_duplicates`: King county in Washington and in Texas; the cities below name "king"."""
    from test_structure_forms import workbook

    from scanner.layout import build_layout
    from scanner.template import parse_template

    choices = [("states", "texas", "Texas", None), ("states", "washington", "Washington", None),
               ("counties", "king", "King", "washington"), ("counties", "king", "King", "texas"),
               ("counties", "cameron", "Cameron", "texas")]
    survey = [{"type": "select_one states", "name": "state", "label": "State"},
              {"type": "select_one counties", "name": "county", "label": "County", "choice_filter": "${state}=cf"}]
    path = workbook(tmp_path / "f.xlsx", ["type", "name", "label", "choice_filter"], survey,
                    ["list_name", "name", "label", "cf"], choices,
                    {"form_title": "Cascade", "form_id": "cascade", "allow_choice_duplicates": "yes"})
    t = parse_template(build_layout(load_questionnaire(path)))
    assert [(o.id, o.parent) for o in t.question("county").options] == [  # printed under Texas, then Washington
        ("king~texas", "texas"), ("cameron", "texas"), ("king", "washington")]
    assert cascade_conflicts(t, {"state": ["texas"], "county": ["king~texas"]}) == []
    assert cascade_conflicts(t, {"state": ["texas"], "county": ["king"]}) == ["county"]
