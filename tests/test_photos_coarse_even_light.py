"""A question read blank on a coarse, grainy phone photo is asked about however evenly the photo is lit (issue 23).

The stored chat-app photo augraphy_coarse_2h_tick_blank.jpg (see tests/test_photos_grain_beside_marks.py for its
source and truth) holds a 2H pencil's tick in a1's box 4 that the picture does not show; lit unevenly (light
evenness 0.64) a1 is asked about (scanner/coarse_blanks.py). The same photo with its light flattened, as a phone
held square under even light takes it, read a1 blank, unflagged: the tick is no more visible for the light."""

from pathlib import Path

import cv2
import numpy as np

from scanner.coarse_blanks import light_evenness
from scanner.ingest import PageSource
from scanner.pipeline import read_page
from scanner.vocab import AnswerStatus, ReviewReason

PHOTO = Path(__file__).parent / "data" / "photos" / "augraphy_coarse_2h_tick_blank.jpg"
TRUTH = {"a1": ("4",), "a2": ("2",), "a3": ("3",), "a4": (), "a5": ("1",), "q1": ("2", "4", "5"), "q2": ("1",)}


def _flattened(gray: np.ndarray) -> np.ndarray:
    """The photo divided by its own paper's light (the page's grey closed over its print and blurred wide)."""
    light = cv2.GaussianBlur(cv2.dilate(gray, np.ones((15, 15), np.uint8)), (0, 0), 60).astype(np.float32)
    out = gray.astype(np.float32) / np.maximum(light, 1.0) * float(np.percentile(light, 95))
    return np.clip(out, 0, 255).astype(np.uint8)


def test_a_blank_on_an_evenly_lit_coarse_photo_is_asked(template):
    flat = _flattened(cv2.imread(str(PHOTO), cv2.IMREAD_GRAYSCALE))
    assert 0.85 < light_evenness(flat) < 0.96  # lit evenly, as no unevenly lit phone photo is
    data = cv2.imencode(".jpg", flat, [cv2.IMWRITE_JPEG_QUALITY, 92])[1].tobytes()
    res = read_page(PageSource("flat.jpg", 0, "0" * 64, data, "jpeg"), template, use_ocr=False)
    assert res.status == "form", res.message
    a1 = res.questions["a1"]
    assert a1.status == AnswerStatus.review and ReviewReason.blank_on_coarse_photo in a1.reasons, a1
    silent = {q: tuple(res.questions[q].answer) for q, want in TRUTH.items()
              if res.questions[q].status != AnswerStatus.review and tuple(res.questions[q].answer) != want}
    assert not silent, silent
    for q in ("a2", "a3", "a5", "q1", "q2"):  # the side's plain ballpoint answers keep their answers
        assert res.questions[q].status == AnswerStatus.answered, (q, res.questions[q])
