"""benchmarks.photos_heldout keeps every box and the QR in the picture, so that any page it sets aside is set aside
needlessly: what it keeps must be where the clean page drew it. The generator's flatbed page is the form turned up
to 1.5 degrees, scaled and moved up to 4 mm (degrade._affine); on photo seed 23 a continuation side's QR, kept 4 mm
clear of the frame where the form prints it, lay 5-6 mm further right on its page, and the frame cut it (the side
was read as a loose page). Here the QR is drawn alone on a blank form-sized page, placed by degrade._affine itself
with such params, found in the result, and must lie inside the kept rectangle, clear of its edges by most of the
margin."""

import cv2
import numpy as np
import pytest

from benchmarks.photos_heldout import SAFE_MM, keep_rects
from scanner.corpus.degrade import _affine
from scanner.corpus.generate import PX_PER_MM, SRC_DPI


@pytest.mark.parametrize("drawn", [
    {"angle": -1.433, "scale": 0.9956, "shift_mm": [2.23, 1.19], "flip": False, "dpi": 300},
    {"angle": 1.2, "scale": 1.004, "shift_mm": [-3.5, 3.8], "flip": False, "dpi": 200},
    {"angle": 0.9, "scale": 0.998, "shift_mm": [3.1, -2.6], "flip": True, "dpi": 200},
])
def test_the_kept_qr_is_where_the_clean_page_drew_it(template, drawn):
    w_mm, h_mm = template.page_size
    paper = np.full((int(round(h_mm * PX_PER_MM)), int(round(w_mm * PX_PER_MM))), 255, np.uint8)
    q = template.qr
    paper[int(q.y * PX_PER_MM):int((q.y + q.h) * PX_PER_MM), int(q.x * PX_PER_MM):int((q.x + q.w) * PX_PER_MM)] = 0
    page = _affine(paper, SRC_DPI, drawn["dpi"], drawn["angle"], drawn["scale"], tuple(drawn["shift_mm"]),
                   drawn["flip"], 255)
    px_mm = page.shape[1] / w_mm
    ys, xs = np.nonzero(page < 128)
    drawn_box = np.array([[xs.min(), ys.min()], [xs.max(), ys.max()]], np.float64)
    kept = keep_rects(template, None, px_mm, drawn)[-4:]  # the QR's corners, grown by SAFE_MM
    lo, hi = kept.min(0), kept.max(0)
    clear = np.concatenate([drawn_box[0] - lo, hi - drawn_box[1]]) / px_mm
    # the margin is what is left between the drawn QR and the kept rectangle's edges, less the turn's corners
    assert clear.min() >= SAFE_MM - 0.6, (clear, drawn)
    assert clear.max() <= SAFE_MM + 0.6, (clear, drawn)
    assert cv2.countNonZero((page < 128).view(np.uint8)) > 0
