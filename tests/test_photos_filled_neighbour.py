"""A phone photo whose left column of boxes lies two millimetres lower than one page-wide fit of the others puts
it (the page curls): each such box is looked for only a little way around that fit, and a box just below a box
filled in to cancel it found its "outline" a box too high, its top side on the filled box's dark bottom edge and
its bottom side on its own inside's paper. Its own square's top edge then crossed its inside, and an empty box
was read as a second answer without a flag. A ring so lopsided is no square's outline: the box is looked for again.

tests/data/photos/augraphy_filled_neighbour.jpg is a generated sheet (side 2) photographed by Augraphy's photo
hand (benchmarks/heldout_augraphy.py --sheets 6 --stack 2 --seed 16 --hands photo: stack003_flatbed_002.jpg,
sheet S00005). It is stored rather than made here because Augraphy is an optional extra, not a test dependency."""

from pathlib import Path

import pytest

from scanner.ingest import PageSource
from scanner.pipeline import read_page
from scanner.vocab import AnswerStatus, BoxState

PHOTO = Path(__file__).parent / "data" / "photos" / "augraphy_filled_neighbour.jpg"
# the generator's truth for that side (truth.jsonl of the corpus), leaving out q3 (its filled box is ambiguous)
DRAWN = {"q4": ("4",), "q5a": ("1",), "q5b": ("2",), "q5c": ("1",), "q5d": ("1",), "q5e": ("2",), "q6": ("2",),
         "q7": ("2", "4", "5")}


@pytest.fixture(scope="module")
def page(template):
    res = read_page(PageSource(PHOTO.name, 0, "0" * 64, PHOTO.read_bytes(), "jpeg"), template, use_ocr=False)
    assert res.status == "form", res.message
    return res


def test_empty_box_below_a_filled_one_is_no_answer(page):
    """q6 (multiple choice): box 1 filled in to cancel it, box 2 ticked, box 3 under box 1 left empty."""
    q6 = {r.option_id: r.state for r in page.readings if r.question_id == "q6"}
    assert q6["1"] == BoxState.filled
    assert q6["3"] != BoxState.marked
    silent = {q: page.questions[q].answer for q, drawn in DRAWN.items()
              if page.questions[q].status != AnswerStatus.review and tuple(page.questions[q].answer) != drawn}
    assert not silent, silent
