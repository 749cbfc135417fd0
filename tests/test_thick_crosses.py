"""A felt pen's X on a real phone photo (Augraphy, heldout_augraphy photo seed 13, stack001_flatbed_006: the photo
of tests/test_photos_multiple_mottle.py), dense as a fill-in once the photo's blur closed the paper between its
strokes, with one side's middle darkened to half its ink by the square's blur: q6 box 3 was asked about, though a
person sees a plain X (scanner/dense_crosses.py). The truth is the generator's: felt X's in q6 boxes 2 and 3.

A box filled in on the same photo to cancel it, the fill stopping short of one side (its inside darkened but for a
strip along that side, blurred as the photo's other strokes are), is dense and in doubt too, but one side's middle
is light, not three: it is never read marked."""

import cv2
import numpy as np
import pytest

from scanner.vocab import BoxState
from tests.photo_support import PHOTO, read_jpeg

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def photo(template):
    img = cv2.imdecode(np.frombuffer(PHOTO.read_bytes(), np.uint8), cv2.IMREAD_GRAYSCALE)
    res = read_jpeg(img, template, 95)
    assert res.status == "form", res.message
    return img, np.array(res.homography), res


def _state(res, qid: str, oid: str) -> BoxState:
    return next(r.state for r in res.readings if (r.question_id, r.option_id) == (qid, oid))


def test_a_felt_x_the_photo_blurred_dense_is_read_marked(photo):
    res = photo[2]
    assert _state(res, "q6", "3") == BoxState.marked
    assert _state(res, "q6", "2") == BoxState.marked
    assert {"2", "3"} <= set(res.questions["q6"].answer)


@pytest.mark.parametrize("oid", ["1", "4", "6"])
def test_a_box_filled_in_short_of_one_side_is_not_read_marked(photo, template, oid):
    img, h, _ = photo
    box = template.question("q6").option(oid).box

    def px(x: float, y: float) -> tuple[float, float]:
        v = h @ np.array([x, y, 1.0])
        return v[0] / v[2], v[1] / v[2]

    corners = np.array([px(box.x + 0.06 * box.w, box.y + 0.06 * box.h), px(box.x + 0.7 * box.w, box.y + 0.06 * box.h),
                        px(box.x + 0.7 * box.w, box.y + 0.94 * box.h), px(box.x + 0.06 * box.w, box.y + 0.94 * box.h)])
    mask = np.zeros(img.shape, np.uint8)
    cv2.fillPoly(mask, [np.round(corners).astype(np.int32)], 255)
    mask = cv2.GaussianBlur(mask, (0, 0), 1.0).astype(np.float32) / 255
    filled = np.clip(img.astype(np.float32) * (1 - 0.6 * mask), 0, 255).astype(np.uint8)
    res = read_jpeg(filled, template, 95)
    assert _state(res, "q6", oid) != BoxState.marked
