"""A copy of a copy's light toner specks, joined by the line detector into one faint trace across an empty box,
beside a plain ballpoint mark in a single-choice question: the trace is no darker than the page's own paper and a
small share of the mark, so the box is empty and the question answered (scanner/copy_specks.py). A second stroke
drawn in that box, light or firm, is still asked about.

tests/data/copies/copy2_toner_specks.jpg is a generated sheet (S00002 side 1, ballpoint) copied twice by
Augraphy's copy2 hand (benchmarks/heldout_augraphy.py --sheets 12 --stack 2 --seed 31 --hands copy2,fax:
stack001_flatbed_005.jpg), brought to 150 dpi and JPEG quality 70 to keep it small; main asked about a1 and a3,
whose only doubt was such a trace. Stored rather than made here because Augraphy is an optional extra."""

from pathlib import Path

import cv2
import numpy as np
import pytest
from stored_sides import read_side as _read
from stored_sides import side_fixtures

from scanner.vocab import AnswerStatus

PAGE = Path(__file__).parent / "data" / "copies" / "copy2_toner_specks.jpg"
# the generator's truth for the side (truth.jsonl of that corpus); q1 and q2 also hold a box filled in to cancel it
DRAWN = {"a1": ("1",), "a2": ("2",), "a3": ("1",), "a4": ("2",), "a5": ("3",), "q1": ("3",), "q2": ("2",)}


page = side_fixtures(PAGE)[0]  # its tests read the page as they draw on it, each in its own way


def test_specks_beside_a_plain_mark_are_read_as_the_paper(page, template):
    res = _read(page, template)
    assert res.status == "form", res.message
    for q in ("a1", "a3"):  # their only doubt was a trace of specks in another box
        assert res.questions[q].status == AnswerStatus.answered and tuple(res.questions[q].answer) == DRAWN[q], q
    silent = {q: res.questions[q].answer for q, drawn in DRAWN.items()
              if res.questions[q].status != AnswerStatus.review and tuple(res.questions[q].answer) != drawn}
    assert not silent, silent


def _box_corners(res, template, qid: str, oid: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """The box's inside (less 1 mm) in the image's pixels, from the page's homography (template mm -> image)."""
    b = template.question(qid).option(oid).box
    h = np.array(res.homography)
    pts = [(b.x + 1.0, b.y + 1.0), (b.x + b.w - 1.0, b.y + b.h - 1.0)]
    out = []
    for x, y in pts:
        v = h @ np.array([x, y, 1.0])
        out.append((int(round(v[0] / v[2])), int(round(v[1] / v[2]))))
    return out[0], out[1]


# a ballpoint, a pencil, a hard pencil lightly held (the paper is about 224), whole or grainy (dashes of 2 pixels
# with gaps of 3: pieces no larger than the copy's specks, though in a row)
@pytest.mark.parametrize(("ink", "dash"), [(40, 0), (150, 0), (180, 0), (180, 2)])
def test_a_second_stroke_beside_the_mark_is_still_asked_about(page, template, ink, dash):
    res = _read(page, template)
    (x0, y0), (x1, y1) = _box_corners(res, template, "a1", "2")  # the box holding the specks
    marked = page.copy()
    n = max(x1 - x0, y1 - y0)
    step = dash + 3 if dash else n
    for i in range(0, n, step):  # one line from corner to corner, or its dashes
        j = min(i + (dash - 1 if dash else n), n)
        cv2.line(marked, (x0 + (x1 - x0) * i // n, y1 - (y1 - y0) * i // n),
                 (x0 + (x1 - x0) * j // n, y1 - (y1 - y0) * j // n), ink, 1)
    got = _read(marked, template).questions["a1"]
    assert got.status == AnswerStatus.review or tuple(got.answer) == ("1", "2"), (got.answer, got.status)
