"""A light HB pencil X on a specked copy is never read blank unflagged (issue 23).

On heldout_augraphy copy2 seed 38, stack001_flatbed_002 Câu 8 (q3), an HB X in a clean corner of a squiggled
side is read empty by the page's paper (traces.paper_envelope, measured on squiggled squares all over the side:
faint 0.63, darkness 0.39; the X holds faint ink on 11 % of its box, darkest 0.20, no trace). Its question stayed
asked only through other guards: the haze rule (mark_rules._strokes_in_haze) missed the X by a hair and asked
about its squiggled neighbour instead, and that side, holding no answer, had its blanks asked (rules: no marks
on the page). Those guards are what this test holds: the same X, cut from that side, drawn into each box of a
question left blank on another stored specked copy that answers its other questions, is read as a mark or asked
about, never read blank.

tests/data/copies/hb_x_cp38.png is the X's box inside (0.4 mm in from the outline, 32 x 33 px at the corpus's
200 dpi) cut from /tmp/c20/cp38/stack001_flatbed_002.jpg (`python -m benchmarks.heldout_augraphy --sheets 10
--stack 2 --seed 38 --hands copy2`), its truth a pencil X (truth.jsonl, sheet S00001, q3 option 1); its paper
there is 203. The side it is drawn into is copy2_tick_on_outline.jpg (cp38 stack005_flatbed_006), whose Câu
q5e is left blank and whose other eight questions are answered.
"""

from pathlib import Path

import cv2
import numpy as np
import pytest

from scanner.ingest import PageSource
from scanner.pipeline import read_page
from scanner.vocab import AnswerStatus
from tests.stored_sides import box_pixels

DATA = Path(__file__).parent / "data" / "copies"
SIDE = DATA / "copy2_tick_on_outline.jpg"
X = DATA / "hb_x_cp38.png"
X_PAPER = 203.0  # the paper round the X on its own side (90th percentile of the window round the box)
BLANK = "q5e"


def _read(image: np.ndarray, template):
    data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 95])[1].tobytes()
    return read_page(PageSource("p.jpg", 0, "0" * 64, data, "jpeg"), template, use_ocr=False)




@pytest.fixture(scope="module")
def side(template):
    page = cv2.imdecode(np.frombuffer(SIDE.read_bytes(), np.uint8), cv2.IMREAD_GRAYSCALE)
    return page, _read(page, template)


def test_the_side_leaves_its_question_blank(side):
    _, res = side
    assert res.status == "form", res.message
    assert res.questions[BLANK].status == AnswerStatus.blank
    assert sum(q.status == AnswerStatus.answered for q in res.questions.values()) >= 6


@pytest.mark.parametrize("oid", ["1", "2", "3", "4"])
def test_an_hb_x_from_a_squiggled_copy_is_not_read_blank(side, template, oid):
    page, res = side
    x0, y0, x1, y1 = box_pixels(res, template, BLANK, oid, 0.4)
    paper = float(np.percentile(page[y0 - 20:y1 + 20, x0 - 20:x1 + 20], 90))
    x = cv2.imread(str(X), cv2.IMREAD_GRAYSCALE)
    x = cv2.resize(x, (x1 - x0, y1 - y0), interpolation=cv2.INTER_AREA).astype(np.float32)
    drawn = page.copy()
    drawn[y0:y1, x0:x1] = np.clip(np.round(paper - (X_PAPER - x)), 0, 255).astype(np.uint8)  # its darkness, here
    got = _read(drawn, template).questions[BLANK]
    assert got.status == AnswerStatus.review or tuple(got.answer) == (oid,), (got.status, got.answer)
