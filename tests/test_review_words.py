"""The paper's words in the review page: printed numbers and wording, crops opening at the question's first line."""

import cv2
import numpy as np
import test_review

from scanner.review.server import ReviewApp
from scanner.review.words import crop_bounds, question_title, title_line

review_db = test_review.review_db


def test_titles_use_the_printed_number_and_wording(template):
    for q in template.questions:
        title = question_title(template, q.id)
        number = template.question(q.other_of).number if q.other_of else q.number
        assert not title.startswith(q.id)
        if number:
            assert title.startswith(f"Câu {number}. "), title
        assert (template.question(q.other_of).text if q.other_of else q.text) in title
    grid_row = next(q for q in template.questions if q.group)
    assert template.group_texts[grid_row.group] in question_title(template, grid_row.id)
    write_in = next(q for q in template.questions if q.other_of)
    parent = template.question(write_in.other_of)
    assert question_title(template, write_in.id).startswith(f"Câu {parent.number}. {parent.text} — ")


def test_a_crop_opens_at_the_questions_first_printed_line(template):
    for q in template.questions:
        x0, y0, x1, y1 = crop_bounds(template, q)
        line = title_line(template, q)
        if line is not None and not q.other_of:
            assert y0 < line.y - 2, q.id  # the capitals above the baseline are inside
        tops = [o.box.y for o in q.options] or [q.area.y]  # type: ignore[union-attr]
        assert y0 < min(tops) and y1 > max(o.box.y + o.box.h for o in q.options) if q.options else y1 > q.area.y


def test_the_served_crop_shows_the_printed_number(review_db, template, plan):
    """Tesseract reads "Câu N" in the picture the reviewer gets for a question item."""
    from scanner._exec.tesseract import ocr_block

    app = ReviewApp(review_db, template, plan, "127.0.0.1", None)
    session = app.start_session({"reviewer": "An"})["session"]
    item = app.next({"session": session, "kind": "question"})["item"]
    assert item["title"].startswith("Câu ")
    jpeg = app.image("region", item["id"])
    img = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_GRAYSCALE)
    number = item["title"].split(".")[0]
    text = ocr_block(img[: img.shape[0] // 2])
    assert number.replace(" ", "") in text.replace(" ", ""), (number, text)
    page = cv2.imdecode(np.frombuffer(app.image("page", item["id"]), np.uint8), cv2.IMREAD_GRAYSCALE)
    assert page.shape[1] >= 1000  # the whole page at a key press, large enough to read


def test_counts_carry_open_items_per_question(review_db, template, plan):
    app = ReviewApp(review_db, template, plan, "127.0.0.1", None)
    by_question = app.counts()["by_question"]
    assert by_question == {x["id"]: x["open"] for x in app.questions()}
    session = app.start_session({"reviewer": "An"})["session"]
    item = app.next({"session": session, "kind": "question"})["item"]
    out = app.decide({"session": session, "item": item["id"], "value": [], "advance": False})
    assert out["counts"]["by_question"].get(item["key"], 0) == by_question[item["key"]] - 1


def _reprinted(raw_template, title):
    """The shipped template as another form would print it: `title(number, rest)` replaces each "Câu N. rest" line;
    None as the number drops the numbers from the questions too."""
    import re

    from scanner.template import parse_template

    for t in raw_template["texts"]:
        m = re.match(r"Câu (\w+)\. (.*)", t["text"])
        if m:
            t["text"] = title(m.group(1), m.group(2))
    if title("1", "x").startswith("x"):
        for q in raw_template["questions"]:
            q["number"] = ""
            for row in q.get("rows", []):
                row["number"] = ""
    return parse_template(raw_template)


def _opens_at_its_line(template):
    checked = 0
    for q in template.questions:
        if q.other_of or q.group:
            continue
        line = title_line(template, q)
        assert line is not None, q.id
        assert q.text[:20] in line.text, (q.id, line.text)
        x0, y0, x1, y1 = crop_bounds(template, q)
        assert y0 < line.y - 2, q.id
        checked += 1
    return checked


def test_a_crop_opens_at_the_title_line_of_a_form_in_another_frame_language(raw_template):
    english = _reprinted(raw_template, lambda n, rest: f"Question {n}. {rest}")
    assert _opens_at_its_line(english) >= 10


def test_a_crop_opens_at_the_title_line_of_a_form_that_prints_no_numbers(raw_template):
    plain = _reprinted(raw_template, lambda n, rest: rest)
    assert all(not q.number for q in plain.questions)
    assert _opens_at_its_line(plain) >= 10
    q = next(q for q in plain.questions if not q.group and not q.other_of)
    assert question_title(plain, q.id) == q.text  # no invented "Câu"
