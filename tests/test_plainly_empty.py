"""The plainly empty shortcut (box_state.plainly_empty) reads every box of real pages as read_box's full measures do.

box_batch.read_boxes reads most of a page's boxes (about 60 % on copies and textured paper) from the plainly empty
test alone, without calling read_box, and read_box takes the same test first. A rule added to read_box that can
doubt a box with no ink and a quiet line would be skipped for those boxes, with no test on synthetic insides to
notice: here stored real pages (phone photos, textured paper, copies with toner specks, a fax's 1-bit page) is read
twice, with the shortcut and with the test made to fail everywhere, so every box goes through read_box's full
measures; every box's reading and every question's verdict must come out the same.
"""

from pathlib import Path

import cv2
import numpy as np
import pytest

from scanner import box_state
from scanner.ingest import PageSource
from scanner.pipeline import read_page

DATA = Path(__file__).parent / "data"
PAGES = ["photos/augraphy_hard_pencil_clean.jpg", "photos/augraphy_filled_neighbour.jpg",
         "photos/world_corner_cut_grid_alias.jpg", "texture/hard_pencil_side.jpg", "texture/fibres_beside_dot.jpg",
         "copies/copy2_toner_specks.jpg", "copies/copy2_blank_blotch.jpg", "fax/fill_notched.png"]


def _read(name: str, template):
    image = cv2.imdecode(np.frombuffer((DATA / name).read_bytes(), np.uint8), cv2.IMREAD_GRAYSCALE)
    res = read_page(PageSource("p.png", 0, "0" * 64, cv2.imencode(".png", image)[1].tobytes(), "png"), template,
                    use_ocr=False)
    assert res.status == "form", res.message
    return res


@pytest.mark.parametrize("name", PAGES)
def test_every_box_reads_the_same_with_the_plainly_empty_shortcut_and_without(name, template, monkeypatch):
    taken = []
    test = box_state.plainly_empty
    monkeypatch.setattr(box_state, "plainly_empty", lambda *a: taken.append(test(*a)) or taken[-1])
    shortcut = _read(name, template)
    assert sum(taken) >= 10, sum(taken)  # the shortcut did read boxes of this page
    monkeypatch.setattr(box_state, "plainly_empty", lambda *a: False)
    full = _read(name, template)
    # repr keeps each float's exact value and its type (a numpy float or Python's), as the readings digest does
    assert [repr(r) for r in shortcut.readings] == [repr(r) for r in full.readings]
    assert {q: (v.status, v.answer) for q, v in shortcut.questions.items()} == \
        {q: (v.status, v.answer) for q, v in full.questions.items()}
