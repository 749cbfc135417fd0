"""A side written in a hard (2H) pencil on a clean copy, read against its own empty boxes: every empty box there is
as light as the others, every marked box plainly darker, so each question reads as a person reads it at once
(scanner/clean_light_hand.py). A mark taken away is still asked about, never answered from another box; an erased
X (a fifth of the pen's darkness) beside a mark is not read as a second answer.

tests/data/copies/copy2_hard_pencil_clean.jpg is a generated sheet (S00005 side 2, 2H pencil) copied twice by
Augraphy's copy2 hand (`python -m benchmarks.heldout_augraphy --sheets 10 --stack 2 --seed 38 --hands copy2`:
stack003_flatbed_002.jpg, the tuning seed), brought to 175 dpi grey and JPEG quality 75 to keep it small; 8b69900
sent all nine of its questions to a reviewer (X's, ticks and a dot in doubt, then the side's page rules). Stored
rather than made here because Augraphy is an optional extra."""

from pathlib import Path

import cv2
import numpy as np
import pytest

from scanner.ingest import PageSource
from scanner.pipeline import read_page
from scanner.vocab import AnswerStatus
from tests.stored_sides import box_pixels

PAGE = Path(__file__).parent / "data" / "copies" / "copy2_hard_pencil_clean.jpg"
# the generator's truth for the side (truth.jsonl of that corpus)
DRAWN = {"q3": ("2",), "q4": ("5",), "q5a": ("3",), "q5b": ("4",), "q5c": ("4",), "q5d": ("4",), "q5e": ("4",),
         "q6": ("6",), "q7": ("1", "6")}


def _read(image: np.ndarray, template):
    """Read as the scanner reads a page-shaped JPEG (decoded at half size, as the corpus's pages were)."""
    data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 95])[1].tobytes()
    return read_page(PageSource("p.jpg", 0, "0" * 64, data, "jpeg"), template, use_ocr=False)


@pytest.fixture(scope="module")
def page():
    return cv2.imdecode(np.frombuffer(PAGE.read_bytes(), np.uint8), cv2.IMREAD_GRAYSCALE)


@pytest.fixture(scope="module")
def read(page, template):
    return _read(page, template)


def _silent(res) -> dict:
    return {q: res.questions[q].answer for q, drawn in DRAWN.items()
            if res.questions[q].status == AnswerStatus.answered and tuple(res.questions[q].answer) != drawn}


def test_a_hard_pencil_on_a_clean_copy_is_read(read):
    assert read.status == "form", read.message
    assert not _silent(read), _silent(read)
    asked = sorted(q for q in DRAWN if read.questions[q].status != AnswerStatus.answered)
    assert not asked, asked




@pytest.mark.parametrize("qid", ["q5b", "q5e", "q6"])
def test_a_mark_taken_away_is_not_answered_from_anotherbox_pixels(page, read, template, qid):
    x0, y0, x1, y1 = box_pixels(read, template, qid, DRAWN[qid][0], 0.6)
    rubbed = page.copy()
    rubbed[y0:y1, x0:x1] = int(np.median(page[y0 - 20:y1 + 20, x0 - 20:x1 + 20]))
    got = _read(rubbed, template).questions[qid]
    assert got.status != AnswerStatus.answered, (got.status, got.answer)


# an erased X beside the mark: a fifth (and a third) of the 2H pencil's darkness against the paper, 2 px wide
@pytest.mark.parametrize("share", [0.2, 0.33])
@pytest.mark.parametrize("qid,oid", [("q5b", "2"), ("q4", "1"), ("q3", "4")])
def test_an_erased_x_beside_the_mark_is_no_second_answer(page, read, template, share, qid, oid):
    x0, y0, x1, y1 = box_pixels(read, template, qid, oid, 1.0)
    paper = float(np.median(page[y0 - 20:y1 + 20, x0 - 20:x1 + 20]))
    ghost = int(round(paper - share * (paper - paper * 188 / 255)))
    smudged = page.copy()
    cv2.line(smudged, (x0, y0), (x1, y1), ghost, 2)
    cv2.line(smudged, (x0, y1), (x1, y0), ghost, 2)
    got = _read(smudged, template).questions[qid]
    assert got.status == AnswerStatus.review or tuple(got.answer) == DRAWN[qid], (got.status, got.answer)
