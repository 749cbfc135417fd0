"""A scanner's stack PDF is read page by page: its images come out as they went in, and the memory
held while reading stays that of a page or two, however long the stack."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import cv2
import img2pdf
import numpy as np
import pytest

from scanner.errors import InputFileError
from scanner.ingest import count_pages, pages_of

PAGES = 40


def _jpegs(n: int) -> list[bytes]:
    """Noisy page-sized images, so each JPEG is large (about 1 MB) and unlike the others."""
    rng = np.random.default_rng(26)
    out = []
    for i in range(n):
        img = rng.integers(0, 256, (1100, 800), np.uint8)
        cv2.putText(img, f"page {i}", (100, 500), cv2.FONT_HERSHEY_SIMPLEX, 4, 0, 8)
        out.append(cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes())
    return out


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> tuple[Path, list[bytes]]:
    jpegs = _jpegs(PAGES)
    path = tmp_path_factory.mktemp("stream") / "stack.pdf"
    path.write_bytes(img2pdf.convert(jpegs, nodate=True, engine=img2pdf.Engine.internal))
    return path, jpegs


def test_pages_come_out_as_they_went_in(stack):
    path, jpegs = stack
    sha, n = count_pages(path)
    pages = list(pages_of(path, sha))
    assert n == PAGES
    assert [p.index for p in pages] == list(range(PAGES))
    assert all(p.fmt == "jpeg" and p.error is None for p in pages)
    assert [p.data for p in pages] == jpegs


def test_memory_while_reading_is_that_of_a_page_not_the_stack(stack):
    path, jpegs = stack
    size = path.stat().st_size
    page = max(len(j) for j in jpegs)
    assert size > 30 * page  # the stack is far larger than any page
    sha, _ = count_pages(path)
    tracemalloc.start()
    try:
        seen = 0
        for src in pages_of(path, sha):
            seen += 1
            del src
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == PAGES
    # a page's bytes, pypdf's copy of its stream and the parsed page tree: a few pages' worth, never the file
    assert peak < 5 * page, (peak, page, size)


def test_counting_pages_does_not_hold_the_file(stack):
    path, jpegs = stack
    tracemalloc.start()
    try:
        _, n = count_pages(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == PAGES
    # the hash reads the file in 1 MB chunks; the page tree is small: a bound that does not grow with the stack
    assert peak < 4 * 2**20 < path.stat().st_size / 5, peak


def test_a_stack_cut_short_still_gives_its_whole_pages(stack, tmp_path):
    path, jpegs = stack
    data = path.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[:int(len(data) * 0.6)])  # the page tree and xref are written last: both are lost
    got = [p.data for p in pages_of(cut)]
    assert got and got == jpegs[:len(got)]
    assert len(got) >= PAGES // 2


def test_a_file_that_is_no_pdf_inside_is_refused(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + b"garbage" * 100)
    with pytest.raises(InputFileError, match="bad.pdf"):
        list(pages_of(bad))


def test_the_benchmarks_stack_writer_makes_a_pdf_the_scan_reads_back(stack, tmp_path):
    from benchmarks.stack import corpus_jpegs, write_stack_pdf

    path, jpegs = stack
    out = tmp_path / "long.pdf"
    assert write_stack_pdf(corpus_jpegs(path.parent, PAGES + 5), out) == PAGES + 5
    _, n = count_pages(out)
    got = [p.data for p in pages_of(out)]
    assert n == PAGES + 5
    assert got == jpegs + jpegs[:5]
