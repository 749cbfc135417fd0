"""The registration marks of a scanned page are found with one adaptive threshold per corner: the full search
(five thresholds, each a whole contour search) runs only in a corner where that finds nothing, and the marks'
corners come out where the full search puts them (both refine them on the grey picture)."""

from __future__ import annotations

import cv2
import numpy as np

from scanner import align
from scanner._exec.poppler import render_pages
from scanner.forms import SheetSpec, render_forms


def _counting(monkeypatch) -> dict[bool, int]:
    calls = {True: 0, False: 0}
    real = align._detect

    def counted(gray, dictionary, scale, x0=0, y0=0, quick=False):
        calls[quick] += 1
        return real(gray, dictionary, scale, x0, y0, quick=quick)

    monkeypatch.setattr(align, "_detect", counted)
    return calls


def _full_search(gray: np.ndarray, dictionary: str) -> dict[int, np.ndarray]:
    """The five-threshold search of each corner, as every corner was searched before (a page this size is not
    scaled down for it)."""
    h, w = gray.shape
    cw, ch = int(w * 0.3), int(h * 0.22)
    found: dict[int, np.ndarray] = {}
    for x0, y0 in ((0, 0), (w - cw, 0), (0, h - ch), (w - cw, h - ch)):
        corners, ids, _ = align._detector(dictionary).detectMarkers(gray[y0:y0 + ch, x0:x0 + cw])
        for c, i in zip(corners, ids.ravel(), strict=True):
            found.setdefault(int(i), c.reshape(4, 2) + np.array([x0, y0], np.float32))
    return found


def test_a_scanned_pages_marks_are_found_by_the_quick_search_alone(tmp_path, template, monkeypatch):
    render_forms(template, [SheetSpec("MS", 3)], tmp_path / "f.pdf")
    for page in (1, 2):
        gray = render_pages(tmp_path / "f.pdf", 100, page, page)[0]  # a 200 dpi scan as reading decodes it
        gray = cv2.GaussianBlur(gray, (3, 3), 0)
        calls = _counting(monkeypatch)
        found = align.find_markers(gray, template.fiducial_dictionary)
        assert calls == {True: 4, False: 0}
        want = _full_search(gray, template.fiducial_dictionary)
        assert sorted(found) == sorted(want) == sorted(f.marker_id for f in template.fiducials_on(page))
        for k in want:
            assert np.abs(found[k] - want[k]).max() < 0.25  # pixels


def test_a_corner_the_quick_search_misses_is_searched_in_full(tmp_path, template, monkeypatch):
    render_forms(template, [SheetSpec("MS", 3)], tmp_path / "f.pdf")
    gray = render_pages(tmp_path / "f.pdf", 100, 1, 1)[0].copy()
    h, w = gray.shape
    gray[: int(h * 0.22), : int(w * 0.3)] = 255  # the top left mark torn away
    calls = _counting(monkeypatch)
    found = align.find_markers(gray, template.fiducial_dictionary)
    assert calls == {True: 4, False: 1}
    assert len(found) == 3
