"""A halftoned (screened) page's dots are no light pencil beside a question's ballpoint marks (issue 23).

tests/data/screened/flatbed_s00010_side1.jpg is a clean generated side (`scanner.corpus.generate.generate(template,
plan, 10, 2201, DIR, stack_size=5, profiles={"flatbed": 1.0}, kind="jpg")`, stack002_flatbed_014.jpg, sheet S00010
side 1): q1, a multiple choice, holds black ballpoint X's in boxes 3 and 4; q2 is left blank. Screened here as an
ordered-dither print or copy screens a page (dots on a lattice about 4 px apart, turned about 30 degrees), the
screen's dots lined up across q1's empty boxes and were read as light traces, and the side, most of whose boxes
then showed such traces, passed for one written in light pencil: q1 was read "1 2 3 4" (or "2 3 4 5"), unflagged
(scanner/traces_beside_ink.py)."""

from pathlib import Path

import cv2
import numpy as np
import pytest

from scanner.ingest import PageSource
from scanner.pipeline import read_page
from scanner.vocab import AnswerStatus

SIDE = Path(__file__).parent / "data" / "screened" / "flatbed_s00010_side1.jpg"
TRUTH = {"q1": ("3", "4"), "q2": ()}


def _screened(gray: np.ndarray, angle_deg: float, period_px: float) -> bytes:
    """The side printed through an ordered-dither screen: each pixel inked where its darkness beats the screen's."""
    h, w = gray.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    a = np.deg2rad(angle_deg)
    u, v = xx * np.cos(a) + yy * np.sin(a), -xx * np.sin(a) + yy * np.cos(a)
    screen = 0.5 + 0.5 * np.sin(2 * np.pi * u / period_px) * np.sin(2 * np.pi * v / period_px)
    dots = np.where(1 - gray.astype(np.float32) / 255 > screen * 0.9 + 0.05, 40.0, 245.0).astype(np.float32)
    out = np.clip(cv2.GaussianBlur(dots, (0, 0), 0.8), 0, 255).astype(np.uint8)
    return cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, 60])[1].tobytes()


@pytest.mark.parametrize("period_px", [4.2, 4.26, 4.3])
@pytest.mark.parametrize("angle_deg", [30.0, 30.63, 31.0])
def test_a_screened_side_reads_no_empty_box_as_a_mark(template, angle_deg, period_px):
    gray = cv2.imread(str(SIDE), cv2.IMREAD_GRAYSCALE)
    res = read_page(PageSource("s.jpg", 0, "0" * 64, _screened(gray, angle_deg, period_px), "jpeg"), template,
                    use_ocr=False)
    assert res.status == "form", res.message
    silent = {q: res.questions[q].answer for q, want in TRUTH.items()
              if res.questions[q].status != AnswerStatus.review and tuple(res.questions[q].answer) != want}
    assert not silent, silent
