"""A multiple choice on a phone photo's mottled paper: one plain felt tick, and an empty box beside it whose blotch
of the photo's noise was read "in doubt", so the question was asked about though a person reads it at once. Against
the question's own plain marks (mates.py), a box whose straightest line is at most half the weakest mark's, and
stands out from none of its empty mates (a lighter second answer would), is empty.

tests/data/photos/augraphy_multiple_mottle.jpg is a generated sheet (side 2) photographed by Augraphy's photo hand
(benchmarks/heldout_augraphy.py --sheets 8 --stack 2 --seed 13 --hands photo, the tuning seed:
stack001_flatbed_006.jpg, sheet S00002), the corpus JPEG unchanged. The truth is the generator's (truth.jsonl)."""

from pathlib import Path

import pytest

from scanner.ingest import PageSource
from scanner.pipeline import read_page
from scanner.vocab import AnswerStatus

PHOTO = Path(__file__).parent / "data" / "photos" / "augraphy_multiple_mottle.jpg"
DRAWN = {"q3": ("3",), "q4": ("1",), "q5a": ("4",), "q5b": ("3",), "q5c": ("4",), "q5d": ("4",), "q5e": ("2",),
         "q6": ("2", "3"), "q7": ("4",)}


@pytest.fixture(scope="module")
def page(template):
    res = read_page(PageSource(PHOTO.name, 0, "0" * 64, PHOTO.read_bytes(), "jpeg"), template, use_ocr=False)
    assert res.status == "form", res.message
    return res


def test_a_multiple_choice_whose_doubt_holds_only_the_photos_mottle_is_read(page):
    assert page.questions["q7"].status == AnswerStatus.answered
    assert tuple(page.questions["q7"].answer) == DRAWN["q7"]


def test_nothing_on_the_side_is_read_wrong_without_a_flag(page):
    silent = {q: page.questions[q].answer for q, drawn in DRAWN.items()
              if page.questions[q].status != AnswerStatus.review and tuple(page.questions[q].answer) != drawn}
    assert not silent, silent
