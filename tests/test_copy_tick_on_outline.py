"""A plain pen tick that ends on its box's outline, on a copy whose toner specks are darker than faint_ink, is a
mark, not a line run through the box: followed out of the box at faint_ink the specks join the outline and the
paper round it into a web, so the tick "ran on" past the box; above the paper's own specks it stops at the box
(scanner/speckled_through.py). A dark line drawn through an empty box and on past it is still one.

tests/data/copies/copy2_tick_on_outline.jpg is a generated sheet (S00010 side 2, blue ballpoint) copied twice by
Augraphy's copy2 hand (`python -m benchmarks.heldout_augraphy --sheets 10 --stack 2 --seed 38 --hands copy2`:
stack005_flatbed_006.jpg, the tuning seed), brought to 150 dpi grey and JPEG quality 60 to keep it small; 8b69900
read Câu 7's box 1 (the person's tick, touching the box's top right corner) as in doubt. Stored rather than made
here because Augraphy is an optional extra."""

from pathlib import Path

import cv2
import numpy as np
import pytest
from stored_sides import read_side, side_fixtures

from scanner.vocab import AnswerStatus, BoxState

PAGE = Path(__file__).parent / "data" / "copies" / "copy2_tick_on_outline.jpg"
# the generator's truth for the side (truth.jsonl of that corpus): the boxes marked
DRAWN = {"q4": {"2"}, "q6": {"1", "4", "6"}, "q7": {"1"}}


page, read = side_fixtures(PAGE)


def _state(res, qid: str, oid: str) -> BoxState:
    return next(r.state for r in res.readings if r.question_id == qid and r.option_id == oid)


def test_a_tick_ending_on_the_outline_of_a_specked_box_is_a_mark(read):
    assert read.status == "form", read.message
    assert _state(read, "q7", "1") == BoxState.marked
    silent = {q: read.questions[q].answer for q, drawn in DRAWN.items()
              if read.questions[q].status != AnswerStatus.review and set(read.questions[q].answer) != drawn}
    assert not silent, silent


def _mm_to_px(res, x: float, y: float) -> tuple[int, int]:
    v = np.array(res.homography) @ np.array([x, y, 1.0])
    return int(round(v[0] / v[2])), int(round(v[1] / v[2]))


# a line through an empty box of Câu 7 and 6 mm on past it on both sides, on clean paper (box 4) and among the
# copy's specks (box 5): a ballpoint's, a pencil's and a hard pencil's darkness (40, 150 and 180 on white 224
# paper) as shares of the copy's own paper round the box
@pytest.mark.parametrize("box", ["4", "5"])
@pytest.mark.parametrize("share", [40 / 224, 150 / 224, 180 / 224])
def test_a_line_through_an_empty_box_is_still_asked_about(page, read, template, box, share):
    b = template.question("q7").option(box).box
    start, end = _mm_to_px(read, b.x - 6, b.y + b.h * 0.3), _mm_to_px(read, b.x + b.w + 6, b.y + b.h * 0.7)
    (x0, y0), (x1, y1) = _mm_to_px(read, b.x, b.y), _mm_to_px(read, b.x + b.w, b.y + b.h)
    paper = float(np.median(page[y0 - 30:y1 + 30, x0 - 30:x1 + 30]))
    lined = page.copy()
    cv2.line(lined, start, end, int(round(paper * share)), 1)
    got = read_side(lined, template)
    assert _state(got, "q7", box) != BoxState.marked or got.questions["q7"].status == AnswerStatus.review
