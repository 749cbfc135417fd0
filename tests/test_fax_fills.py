"""A box filled in to cancel it, notched by a 1-bit fax (scanner/fax_fills.py).

tests/data/fax/fill_notched.png is a real faxed side: benchmarks/heldout_augraphy.py --sheets 12 --stack 2 --seed 31
--hands copy2,fax (the fax tuning seed), stack004_flatbed_001.tif, S00007 side 1 in black ballpoint, kept as a
1-bit PNG. q1's box 1 is filled in to cancel it; the threshold left a thin band of paper across it from its left
side to its right, so main read it in doubt and asked about q1, whose answer is the ticks in boxes 3 and 5."""

from pathlib import Path

import cv2
import numpy as np
import pytest

from scanner.ingest import PageSource
from scanner.pipeline import read_page
from scanner.vocab import AnswerStatus, BoxState

PAGE = Path(__file__).parent / "data" / "fax" / "fill_notched.png"
# the generator's truth for the side (truth.jsonl of that corpus); nothing on it is ambiguous
DRAWN = {"a1": ("4",), "a2": ("2",), "a3": ("4",), "a4": ("3",), "a5": ("5",), "q1": ("3", "5"), "q2": ("5",)}


def _read(image: np.ndarray, template):
    data = cv2.imencode(".png", image)[1].tobytes()
    return read_page(PageSource("p.png", 0, "0" * 64, data, "png"), template, use_ocr=False)


@pytest.fixture(scope="module")
def page():
    return cv2.imread(str(PAGE), cv2.IMREAD_GRAYSCALE)


def test_a_notched_fill_on_a_fax_reads_filled(page, template):
    res = _read(page, template)
    assert res.status == "form", res.message
    got = res.questions["q1"]
    assert got.status == AnswerStatus.answered and tuple(got.answer) == DRAWN["q1"], got
    silent = {q: res.questions[q].answer for q, drawn in DRAWN.items()
              if res.questions[q].status != AnswerStatus.review and tuple(res.questions[q].answer) != drawn}
    assert not silent, silent


def test_a_dense_box_light_at_every_side_is_no_fill(page, template):
    """The same box with paper at the middle of its top and bottom too, as an X's strokes leave them: not a fill."""
    res = _read(page, template)
    b = template.question("q1").option("1").box
    h = np.array(res.homography)

    def px(x: float, y: float) -> tuple[int, int]:
        v = h @ np.array([x, y, 1.0])
        return int(round(v[0] / v[2])), int(round(v[1] / v[2]))

    drawn = page.copy()
    for y in (b.y + 0.8, b.y + b.h - 1.3):  # half a millimetre of paper inside the top and the bottom side
        (x0, y0), (x1, y1) = px(b.x + b.w / 2 - 0.5, y), px(b.x + b.w / 2 + 0.5, y + 0.5)
        drawn[y0:y1, x0:x1] = 255
    got = _read(drawn, template)
    box = next(r for r in got.readings if r.question_id == "q1" and r.option_id == "1")
    assert box.state != BoxState.filled, box
    assert got.questions["q1"].status == AnswerStatus.review
