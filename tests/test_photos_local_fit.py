"""A curled phone photo: the left column of boxes lies about two millimetres lower than the page-wide fit of the
page's boxes puts it (RANSAC took the other columns as inliers). Each box is measured where its own printed square
lies, found by a local correction from its nearest plainly seen boxes (scanner/box_field.py), not where the one
page-wide fit puts it, nor only where a lopsided outline happened to send it looking again.

The photo is tests/data/photos/augraphy_filled_neighbour.jpg (see test_photos_filled_neighbour.py). Where its
left column lies was measured by eye on the aligned page (crops of each box, 5 pixels per millimetre): its squares
sit 2 to 5 pixels (0.4 to 1.0 mm) below their template places, the other columns' 0 to 3 pixels above theirs."""

from pathlib import Path

import numpy as np
import pytest

from scanner.box_field import local_offsets
from scanner.ingest import PageSource
from scanner.pipeline import read_page

PHOTO = Path(__file__).parent / "data" / "photos" / "augraphy_filled_neighbour.jpg"


@pytest.fixture(scope="module")
def page(template):
    res = read_page(PageSource(PHOTO.name, 0, "0" * 64, PHOTO.read_bytes(), "jpeg"), template, use_ocr=False)
    assert res.status == "form", res.message
    return res


def test_every_box_of_the_curled_column_is_read_where_its_square_lies(page, template):
    left = {(q.id, o.id) for q in template.marked_on(page.side) for o in q.options if o.box.x < 40}
    assert len(left) == 9
    dy = {(r.question_id, r.option_id): r.dy_mm for r in page.readings if (r.question_id, r.option_id) in left}
    wrong = {k: v for k, v in dy.items() if not 0.2 <= v <= 1.2}
    assert not wrong, wrong


def test_a_flat_page_keeps_the_page_wide_fit():
    """No box lies off the page-wide fit: the offsets are that fit's, rounded, whatever a filled box's search
    found."""
    integral = np.zeros((301, 301), np.int64)
    rects = np.array([(20 + 40 * (k % 6), 20 + 40 * (k // 6), 25, 25) for k in range(36)], np.int64)
    fitted = np.full((36, 2), 0.4)
    found = np.zeros((36, 2), np.int64)
    found[7] = (6, -6)
    assert local_offsets(integral, rects, found, fitted).tolist() == [[0, 0]] * 36
