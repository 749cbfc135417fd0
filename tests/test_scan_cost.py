"""A page is decoded at the size its reading needs: a scanner's page image at half size, whether it came in a
PDF or as a loose JPEG file shaped as the form's page; a photo keeps every pixel."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from scanner.decode import decode_for_reading
from scanner.ingest import PageSource, pages_of
from scanner.pipeline import read_page

A4 = (210.0, 297.0)


def _jpeg(w: int, h: int) -> bytes:
    img = np.full((h, w), 235, np.uint8)
    cv2.rectangle(img, (w // 4, h // 4), (w // 2, h // 2), 20, -1)
    return cv2.imencode(".jpg", img)[1].tobytes()


def _loose(tmp_path: Path, name: str, data: bytes) -> PageSource:
    path = tmp_path / name
    path.write_bytes(data)
    return next(iter(pages_of(path)))


@pytest.mark.parametrize("w,h,factor", [
    (1654, 2339, 2),  # A4 at 200 dpi, as a scanner saves it
    (2339, 1654, 2),  # the same, landscape
    (2480, 3508, 2),  # A4 at 300 dpi
    (1240, 1754, 1),  # A4 at 150 dpi: too few pixels to halve
    (3024, 4032, 1),  # a phone's 4:3 photo
    (2300, 3200, 1),  # a photo of the page with a margin round it: nearly, not quite, the page's shape
])
def test_a_loose_jpeg_is_halved_only_when_shaped_as_a_scanned_page(tmp_path, w, h, factor):
    src = _loose(tmp_path, "page.jpg", _jpeg(w, h))
    gray, got = decode_for_reading(src, A4)
    assert got == factor
    assert gray.shape == (h // factor, w // factor) or gray.shape == ((h + 1) // factor, (w + 1) // factor)


def test_without_the_page_size_a_loose_jpeg_keeps_every_pixel(tmp_path):
    src = _loose(tmp_path, "page.jpg", _jpeg(1654, 2339))
    assert decode_for_reading(src)[1] == 1


@pytest.fixture(scope="module")
def feeder_stack(tmp_path_factory, template, plan) -> Path:
    from scanner.corpus.generate import generate

    out = tmp_path_factory.mktemp("feeder")
    generate(template, plan, 2, 26, out, stack_size=2, profiles={"feeder": 1.0}, kind="pdf")
    return next(out.glob("*.pdf"))


def test_a_scanned_page_saved_as_jpeg_reads_as_it_does_in_its_pdf(feeder_stack, template, tmp_path):
    asked = {side for q in template.questions for side in q.pages}  # a blank last back asks nothing
    for src in pages_of(feeder_stack):
        assert src.data is not None
        loose = _loose(tmp_path, f"p{src.index}.jpg", src.data)
        assert decode_for_reading(loose, template.page_size)[1] == 2
        a, b = read_page(src, template), read_page(loose, template)
        assert a.status == b.status == "form"
        assert a.code == b.code and a.code is not None
        assert {q: (r.answer, r.status) for q, r in a.questions.items()} == \
            {q: (r.answer, r.status) for q, r in b.questions.items()}
        assert bool(a.questions) == (a.side in asked), a.side
