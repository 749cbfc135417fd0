"""Issue 22: a transcription that breaks its question's constraint is asked again, never stored in the count."""

import dataclasses

import cv2
import pytest
from review_support import marked_pages
from test_questionnaire import xlsform

from scanner.cli import main
from scanner.forms import SheetSpec
from scanner.layout import build_layout
from scanner.questionnaire import load_questionnaire
from scanner.records import Decision, build_record
from scanner.review.queue import Item, derive, validate_value
from scanner.rules import StoredReading
from scanner.store import Store
from scanner.template import parse_template
from scanner.vocab import AnswerStatus, ItemKind

RULE = "regex(., '^0[0-9]{9}$')"
SURVEY = [{"type": "select_one yn", "name": "phone_ok", "label": "Có điện thoại không?"},
          {"type": "text", "name": "phone", "label": "Số điện thoại", "relevant": "${phone_ok} = 'yes'",
           "constraint": RULE}]


@pytest.fixture(scope="module")
def form(tmp_path_factory):
    path = xlsform(tmp_path_factory.mktemp("tr") / "phone.xlsx", SURVEY, [("yn", "yes", "Có"), ("yn", "no", "Không")],
                   {"form_id": "PHONE", "form_title": "Điện thoại"})
    return parse_template(build_layout(load_questionnaire(path)), str(path))


def typed(key, value):
    return Decision("s1", key, value, "Lan", "2026-12-05")


OWNER = {"phone_ok": StoredReading(("yes",), AnswerStatus.answered)}


def test_a_transcription_breaking_its_constraint_is_not_counted_and_goes_back_to_review(form):
    t = form
    assert t.question("phone").type == "text" and t.question("phone").constraint == RULE
    rec = build_record(t, "s1", "MS", 1, OWNER, [], [], {"phone": typed("phone", "09123")})
    assert rec.answers["phone"] is None and "phone" in rec.uncertain and rec.logic["phone"] == "constraint_broken"
    assert rec.status == "needs_review"
    rec = build_record(t, "s1", "MS", 1, OWNER, [], [], {"phone": typed("phone", "0912345678")})
    assert (rec.answers["phone"], rec.uncertain, rec.logic, rec.status) == ("0912345678", [], {}, "final")
    rec = build_record(t, "s1", "MS", 1, OWNER, [], [], {"phone": typed("phone", "")})  # illegible: left empty
    assert "phone" not in rec.logic and "phone" not in rec.uncertain


def test_the_review_refuses_a_transcription_that_breaks_the_rule(form):
    t = form
    item = Item("s1|phone", ItemKind.text, "s1", "phone", "MS", "p1", "Câu 2", [], [], None, 1.0)
    with pytest.raises(ValueError, match="trái với điều kiện của câu hỏi"):
        validate_value(item, " 09123 ", set(), None, t)
    assert validate_value(item, " 0912345678 ", set(), None, t) == "0912345678"
    assert validate_value(item, "", set(), None, t) == ""
    assert validate_value(item, "09123", set(), None) == "09123"  # without the template nothing is judged


def test_a_stored_transcription_breaking_a_new_rule_is_asked_again(tmp_path, template):
    """A sheet scanned and transcribed; the template then says the writing holds at most 5 characters: the queue
    asks for q8's transcription again, with the rule it broke, and the record leaves the text out."""
    marks = {"a1": ["2"], "a2": ["1"], "a3": ["2"], "a4": ["3"], "a5": ["4"], "q1": ["1"], "q2": ["1"], "q3": ["2"],
             "q4": ["2"], "q5a": ["1"], "q5b": ["2"], "q5c": ["1"], "q5d": ["3"], "q5e": ["2"], "q6": ["1"],
             "q7": ["2"], "q8": []}
    folder = tmp_path / "scans"
    folder.mkdir()
    for i, img in enumerate(marked_pages(template, tmp_path, SheetSpec("MS", 1), marks)):
        cv2.imwrite(str(folder / f"scan_{i:02d}.jpg"), img, [cv2.IMWRITE_JPEG_QUALITY, 90])
    db = tmp_path / "r.db"
    assert main(["scan", str(folder), "--db", str(db), "--quiet", "--jobs", "1"]) == 0
    store = Store(db)
    _, items = derive(store, template)
    text = [it for it in items if it.kind == "text" and it.key == "q8"]
    assert len(text) == 1
    sid = text[0].sheet_id
    store.add_decision(Decision(sid, "q8", "Cần bồi dưỡng thêm", "Lan", "2026-12-05"))
    assert not [it for it in derive(store, template)[1] if it.key == "q8"]
    strict = dataclasses.replace(template, questions=tuple(
        dataclasses.replace(q, constraint="string-length(.) <= 5") if q.id == "q8" else q for q in template.questions))
    again = [it for it in derive(store, strict)[1] if it.key == "q8"]
    assert [it.kind for it in again] == ["text"]
    assert again[0].reasons[0].startswith("Câu trả lời trái với điều kiện") and "string-length(.) <= 5" in again[0].reasons[0]
    assert not [it for it in again if it.kind == "question"]
