import unicodedata

import pytest

from scanner.errors import TemplateError
from scanner.template import parse_template


def qindex(raw, qid):
    return next(i for i, q in enumerate(raw["questions"]) if q["id"] == qid)


def test_template_has_the_questionnaire(template):
    ids = [q.id for q in template.questions]
    assert ids == ["a1", "a2", "a3", "a3_other", "a4", "a5", "q1", "q2", "q3", "q4", "q5a", "q5b", "q5c", "q5d", "q5e",
                   "q6", "q6_other", "q7", "q8", "q9", "q10"]
    assert [len(template.question(q).options) for q in ("a1", "a2", "a3", "a4", "a5")] == [5, 2, 8, 4, 5]
    assert template.question("q1").exclusive == ("6",)
    assert template.question("q7").max_choices == 3
    assert template.question("q2").max_choices == 1
    assert template.groups["q5"] == ("q5a", "q5b", "q5c", "q5d", "q5e")
    assert [o.label for o in template.question("q5c").options] == ["Tốt", "Khá", "Trung bình", "Yếu"]
    assert template.question("q6_other").other_of == "q6"
    assert (template.question("a3_other").other_of, template.question("a3").other_option) == ("a3", "8")
    assert template.breakdowns == ("a1", "a3")
    assert [template.number_of(x) for x in ("a1", "q1", "q5", "q5b", "q8")] == ["1", "6", "10", "10b", "13"]
    assert [s.title.split(".")[0] for s in template.sections] == ["PHẦN I", "PHẦN II"]
    assert template.question("a1").option("2").label == "Cán bộ, công chức, viên chức"


def test_template_text_is_nfc(template):
    strings = [template.title, template.subtitle] + [t.text for t in template.texts]
    for q in template.questions:
        strings += [q.text, q.online_title] + [o.label for o in q.options]
    assert all(unicodedata.is_normalized("NFC", s) for s in strings)


def test_decomposed_input_is_normalised(raw_template):
    raw_template["title"] = unicodedata.normalize("NFD", raw_template["title"])
    t = parse_template(raw_template)
    assert t.title == unicodedata.normalize("NFC", raw_template["title"])


def test_boxes_lie_on_the_page_and_do_not_overlap(template):
    boxes = template.boxes()
    assert len([b for b in boxes if b.kind == "checkbox"]) == (5 + 2 + 8 + 4 + 5 + 6 + 5 + 4 + 5 + 20 + 6 + 6
                                                               + 10 * (2 + 8))  # q9's two digit columns, q10's eight
    for i, a in enumerate(boxes):
        assert a.rect.inside(*template.page_size)
        for b in boxes[i + 1:]:
            assert a.page != b.page or not a.rect.overlaps(b.rect)


def expect_refusal(raw, path_fragment, words):
    with pytest.raises(TemplateError) as e:
        parse_template(raw, "bad.json")
    assert path_fragment in e.value.path, e.value.message
    assert words in e.value.problem
    assert e.value.message.startswith("bad.json: $")


def test_unknown_question_type_is_refused(raw_template):
    raw_template["questions"][2]["type"] = "ranking"
    expect_refusal(raw_template, "$.questions[2].type", "unknown question type")


def test_overlapping_boxes_are_refused(raw_template):
    i = qindex(raw_template, "a2")
    raw_template["questions"][i]["options"][1]["box"] = dict(raw_template["questions"][i]["options"][0]["box"],
                                                             x_mm=raw_template["questions"][i]["options"][0]["box"]["x_mm"] + 2)
    expect_refusal(raw_template, f"$.questions[{i}].options[1].box", "overlaps")


def test_box_off_the_page_is_refused(raw_template):
    raw_template["questions"][0]["options"][0]["box"]["x_mm"] = 208
    expect_refusal(raw_template, "$.questions[0].options[0].box", "off the")


def test_duplicate_id_is_refused(raw_template):
    raw_template["questions"][3]["id"] = "a1"
    expect_refusal(raw_template, "$.questions[3].id", "duplicate id")


def test_grid_row_without_columns_is_refused(raw_template):
    i = qindex(raw_template, "q5")
    raw_template["questions"][i]["columns"] = []
    expect_refusal(raw_template, f"$.questions[{i}].columns", "no columns")


def test_missing_key_names_its_path(raw_template):
    del raw_template["questions"][1]["options"][0]["box"]["w_mm"]
    expect_refusal(raw_template, "$.questions[1].options[0].box.w_mm", "missing")


def test_exclusive_option_must_exist(raw_template):
    i = qindex(raw_template, "q1")
    raw_template["questions"][i]["exclusive"] = ["9"]
    expect_refusal(raw_template, f"$.questions[{i}].exclusive", "does not have")
