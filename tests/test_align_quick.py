"""The registration marks of a scanned page are found with one adaptive threshold per corner, in a window only
as far in from the page's corner as the marks reach (with slack): the corner's whole window, and then the full
search (five thresholds, each a whole contour search), run only where that finds nothing, and the marks' corners
come out where the full search puts them (both refine them on the grey picture). A photo, whose page fills less
of the picture, has its marks found as before."""

from __future__ import annotations

import cv2
import numpy as np

from scanner import align
from scanner._exec.poppler import render_pages
from scanner.forms import SheetSpec, render_forms


def _counting(monkeypatch, sizes: list | None = None) -> dict[bool, int]:
    calls = {True: 0, False: 0}
    real = align._detect

    def counted(gray, dictionary, scale, x0=0, y0=0, quick=False, min_perimeter_px=0.0):
        calls[quick] += 1
        if sizes is not None:
            sizes.append(gray.shape)
        return real(gray, dictionary, scale, x0, y0, quick=quick, min_perimeter_px=min_perimeter_px)

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
        sizes: list = []
        calls = _counting(monkeypatch, sizes)
        found = _find(gray, template)
        assert calls == {True: 4, False: 0}
        # each corner searched only as far in as the marks reach (20 mm) and 12 mm more, at this page's 3.94 px/mm
        assert sizes == [(126, 126)] * 4
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
    found = _find(gray, template)
    assert calls == {True: 5, False: 1}  # the near window, the corner's window, then the full search, all in vain
    assert len(found) == 3


def _find(gray: np.ndarray, template) -> dict[int, np.ndarray]:
    side, reach = align._mark_extent(template)
    return align.find_markers(gray, template.fiducial_dictionary, side, template.page_size, reach)


def test_a_photos_smaller_page_has_its_marks_found_as_before(tmp_path, template):
    """A page filling 80, 60 or 40 % of a camera's picture (4:3, not the page's proportions): its marks lie outside the near windows and are smaller than a
    page filling the picture would have them; the corners' windows, the full search or the whole picture's find
    them where the search without the page's size does."""
    render_forms(template, [SheetSpec("MS", 3)], tmp_path / "f.pdf")
    page = render_pages(tmp_path / "f.pdf", 100, 1, 1)[0]
    for fill in (0.8, 0.6, 0.4):
        h, w = page.shape
        frame = np.full((int(h / fill), int(0.75 * h / fill)), 255, np.uint8)  # a camera's 4:3 picture
        y0, x0 = (frame.shape[0] - h) // 2, (frame.shape[1] - w) // 2
        frame[y0:y0 + h, x0:x0 + w] = page
        frame = cv2.GaussianBlur(frame, (3, 3), 0)
        found = _find(frame, template)
        want = align.find_markers(frame, template.fiducial_dictionary)
        assert sorted(found) == sorted(want) == [f.marker_id for f in template.fiducials_on(1)]
        for k in want:
            assert np.abs(found[k] - want[k]).max() < 0.25


def test_a_scanned_page_missing_two_marks_is_not_searched_whole(tmp_path, template, monkeypatch):
    """A picture with the page's proportions (a scanner's) whose two lower marks were cut off: the corners are
    searched, the whole picture is not (its marks are in its corners or nowhere), and the page is registered
    from the two marks left and the QR code. The same page in a wider picture (a photo) is searched whole."""
    render_forms(template, [SheetSpec("MS", 3)], tmp_path / "f.pdf")
    gray = render_pages(tmp_path / "f.pdf", 100, 1, 1)[0].copy()
    h, w = gray.shape
    gray[h - int(h * 0.22):, :] = 255  # both lower marks torn away
    sizes: list = []
    _counting(monkeypatch, sizes)
    assert sorted(_find(gray, template)) == [0, 1]
    assert gray.shape not in sizes
    a = align.align(gray, template)
    assert a is not None and a.page == 1 and a.markers == (0, 1)
    wider = np.full((h, int(w * 1.2)), 255, np.uint8)
    wider[:, :w] = gray
    sizes.clear()
    assert sorted(_find(wider, template)) == [0, 1]
    assert wider.shape in sizes
