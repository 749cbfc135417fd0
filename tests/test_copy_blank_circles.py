"""A blue ballpoint circle round an option on a specked copy is asked about, never read blank (issue #23).

tests/data/copies/copy2_blue_circles.jpg is a generated sheet (S00007 side 2) copied twice by Augraphy's copy2 hand
(benchmarks/heldout_augraphy.py --sheets 12 --stack 2 --seed 38 --hands copy2: stack004_flatbed_003.jpg, the
tuning seed), as the reader sees it (the scan's JPEG decoded at half size, 100 dpi) and stored at JPEG quality 80
to keep it small. The respondent circled option 1's text in Câu q3 and option 1's box in Câu q5b, leaving every
box of both empty. The copy's grey, specked paper raises the stray ink's level (texture.above_texture) above the
copied blue pen; marks._kept_where_blank keeps a blank question's stray ink at the plain level for that reason,
but the later pass that leaves out the paper's toner specks measured every question again at the raised level:
main read both questions blank without a flag (two silent errors). Stored rather than made here because Augraphy
is an optional extra.

tests/data/photos/augraphy_textured_blank_q5b.jpg is a phone photo of another sheet (S00002 side 2; heldout_augraphy
--sheets 10 --seed 16 --hands photo, stack001_flatbed_006.jpg, stored as generated, a reporting seed): its textured
paper covers every question's region alike at the plain level (about 40 mm² each), and Câu q5b is left blank. A blank
question's stray ink at the plain level counts only above what the page's paper gives any region there."""

from pathlib import Path

import pytest
from stored_sides import side_fixtures

from scanner.ingest import PageSource
from scanner.ink import DEFAULT
from scanner.pipeline import read_page
from scanner.vocab import AnswerStatus, ReviewReason

PAGE = Path(__file__).parent / "data" / "copies" / "copy2_blue_circles.jpg"
PHOTO = Path(__file__).parent / "data" / "photos" / "augraphy_textured_blank_q5b.jpg"
CIRCLED = ("q3", "q5b")  # the generator's truth: option 1 circled, marked outside its box
DRAWN = {"q4": ("2",), "q5a": ("1",), "q5c": ("1",), "q5d": ("2",), "q5e": ("2",), "q6": ("2",), "q7": ("6",)}


page, plain_read = side_fixtures(PAGE)


@pytest.mark.parametrize("qid", CIRCLED)
def test_a_circle_round_an_option_of_a_blank_question_is_asked_about(plain_read, qid):
    assert plain_read.status == "form", plain_read.message
    got = plain_read.questions[qid]
    assert got.status == AnswerStatus.review and ReviewReason.stray_ink in got.reasons, (got.answer, got.reasons)


def test_no_other_question_of_the_side_is_answered_otherwise_than_drawn(plain_read):
    for q, drawn in DRAWN.items():
        got = plain_read.questions[q]
        assert got.status == AnswerStatus.review or tuple(got.answer) == drawn, (q, got.answer, got.reasons)


def test_a_blank_question_on_a_textured_photo_is_not_asked_about(template):
    res = read_page(PageSource(PHOTO.name, 0, "0" * 64, PHOTO.read_bytes(), "jpeg"), template, use_ocr=False)
    assert res.status == "form", res.message
    got = res.questions["q5b"]
    # not for its paper's stray ink; a blank on this coarse, grainy photo (1061 x 1500 pixels) is asked for a hard
    # pencil's tick the picture may have lost (coarse_blanks.py), and for that alone
    assert not got.answer and got.reasons in ((), (ReviewReason.blank_on_coarse_photo,)), (got.reasons, res.stray["q5b"])
    assert res.stray["q5b"] < DEFAULT.stray_min_mm2
