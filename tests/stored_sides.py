"""A side stored in tests/data (a copy made by Augraphy, which is an optional extra) decoded and read as a scan's
page is read. Each copy test reads one such side into module fixtures; the block was written again in each file
(`duplicates` found it four times), so it lives here once."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from scanner.ingest import PageSource
from scanner.pipeline import read_page


def decoded(path: Path) -> np.ndarray:
    """The stored side in grey, as the reader decodes a scan's JPEG."""
    return cv2.imdecode(np.frombuffer(path.read_bytes(), np.uint8), cv2.IMREAD_GRAYSCALE)


def read_side(image: np.ndarray, template):
    """The side read as one scanned page (losslessly handed over as PNG; no OCR)."""
    data = cv2.imencode(".png", image)[1].tobytes()
    return read_page(PageSource("p.png", 0, "0" * 64, data, "png"), template, use_ocr=False)


def side_fixtures(path: Path):
    """The module fixtures `page` (the stored side in grey) and `plain_read` (the side read as it is) of one
    stored side: `page, plain_read = side_fixtures(PAGE)` in the test module."""

    @pytest.fixture(scope="module")
    def page() -> np.ndarray:
        return decoded(path)

    @pytest.fixture(scope="module")
    def plain_read(page, template):
        return read_side(page, template)

    return page, plain_read


def read_stored_photo(path: Path, template, monkeypatch=None, **moved):
    """A stored photo's file read whole as a scan reads it, optionally with thresholds moved (read_page_marks given
    other Thresholds), so a test can show which threshold its case rests on."""
    from dataclasses import replace
    from functools import partial

    import scanner.pipeline as pipeline
    from scanner.ink import DEFAULT
    from scanner.marks import read_page_marks

    if moved:
        monkeypatch.setattr(pipeline, "read_page_marks", partial(read_page_marks, th=replace(DEFAULT, **moved)))
    res = read_page(PageSource(path.name, 0, "0" * 64, path.read_bytes(), "jpeg"), template, use_ocr=False)
    assert res.status == "form", res.message
    return res


def box_pixels(res, template, qid: str, oid: str, inset_mm: float) -> tuple[int, int, int, int]:
    """Box qid/oid's inside on a stored side, in its pixels (x0, y0, x1, y1), through the homography the reading
    found: a test measures the very box the reader judged."""
    b = template.question(qid).option(oid).box
    h = np.array(res.homography)
    pts = []
    for x, y in ((b.x + inset_mm, b.y + inset_mm), (b.x + b.w - inset_mm, b.y + b.h - inset_mm)):
        v = h @ np.array([x, y, 1.0])
        pts.append((int(round(v[0] / v[2])), int(round(v[1] / v[2]))))
    return pts[0][0], pts[0][1], pts[1][0], pts[1][1]
