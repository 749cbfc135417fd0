"""A phone photo's mottled paper in a digit grid: empty bubbles beside a column's one plain mark hold blotches of
the photo's noise (coverage up to 0.16, more than a column's coverage rule lets pass), so the number was asked
about though a person reads it at once. Measured as mates.py measures a question's boxes (the straightest line
against the paper right around it), those blotches draw at most a third of the line the column's own mark draws.

tests/data/photos/augraphy_digit_mottle.jpg is a generated sheet (side 3) photographed by Augraphy's photo hand
(benchmarks/heldout_augraphy.py --sheets 6 --stack 2 --seed 16 --hands photo: stack001_flatbed_003.jpg, sheet
S00001), the corpus JPEG unchanged. The truth is the generator's (truth.jsonl): q9 = 41, q10 = 2023-11-09."""

from pathlib import Path

import pytest

from scanner.ingest import PageSource
from scanner.pipeline import read_page
from scanner.vocab import AnswerStatus

PHOTO = Path(__file__).parent / "data" / "photos" / "augraphy_digit_mottle.jpg"
DRAWN = {"q9": ("41",), "q10": ("2023-11-09",)}


@pytest.fixture(scope="module")
def page(template):
    res = read_page(PageSource(PHOTO.name, 0, "0" * 64, PHOTO.read_bytes(), "jpeg"), template, use_ocr=False)
    assert res.status == "form", res.message
    return res


def test_a_number_whose_empty_bubbles_hold_only_the_photos_mottle_is_read(page):
    assert page.questions["q9"].status == AnswerStatus.answered
    assert tuple(page.questions["q9"].answer) == DRAWN["q9"]


def test_no_digit_grid_on_the_side_is_read_wrong_without_a_flag(page):
    silent = {q: page.questions[q].answer for q, drawn in DRAWN.items()
              if page.questions[q].status != AnswerStatus.review and tuple(page.questions[q].answer) != drawn}
    assert not silent, silent
