"""PDF pages as grey pixels: PDFium (the pypdfium2 wheel) in this process, poppler only when PDFium refuses a file.

PDFium comes with pip on every system, Windows included, and renders an A4
page at 200 dpi four to seven times faster than starting pdftoppm (benchmarks/render.py:
36 against 145 ms a page on a loaded machine, 8 against 60 on a quiet one); its pixels
match poppler's up to anti-aliasing at the edges (mean grey difference about 4 of 255). One renderer for everyone means a machine with poppler and
one without read the same pixels, so their records are the same. poppler
(when installed) is kept for files PDFium cannot open: it repairs some
damaged files that PDFium refuses.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from .errors import InputFileError, MissingDependencyError

RENDERER_ENV = "SURVEY_PDF_RENDERER"  # "poppler" forces poppler (comparisons, a PDFium bug in the field)


def render_pages(pdf: str | Path, dpi: int, first: int, last: int, prefer_poppler: bool = False) -> list[np.ndarray]:
    """Grey images of pages first..last (1-based, inclusive).

    `prefer_poppler`: the corpus generator's blank sides, so that a seed's corpus is the same bytes
    (poppler's anti-aliasing) on every machine that has poppler.
    """
    if os.environ.get(RENDERER_ENV, "").lower() == "poppler" or (prefer_poppler and _has_poppler()):
        from ._exec.poppler import render_pages as poppler_pages

        return poppler_pages(pdf, dpi, first, last)
    try:
        return _pdfium_pages(pdf, dpi, first, last)
    except InputFileError:
        if not _has_poppler():
            raise
        from ._exec.poppler import render_pages as poppler_pages

        return poppler_pages(pdf, dpi, first, last)


def _has_poppler() -> bool:
    from ._exec.poppler import check

    try:
        check()
    except MissingDependencyError:
        return False
    return True


def _pdfium_pages(pdf: str | Path, dpi: int, first: int, last: int) -> list[np.ndarray]:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(str(pdf))
    except (pdfium.PdfiumError, OSError) as e:
        raise InputFileError(f"{pdf}: không mở được tệp PDF / PDFium cannot open it ({' '.join(str(e).split())[:80]}); "
                             "re-export or rescan the file") from None
    try:
        if first < 1 or last > len(doc) or first > last:
            raise InputFileError(f"{pdf}: không có trang {first}–{last} / has no pages {first}–{last} "
                                 f"(it has {len(doc)}); re-export or rescan the file")
        images = []
        for i in range(first - 1, last):
            page = doc[i]
            try:
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                images.append(np.array(bitmap.to_numpy()).reshape(bitmap.height, bitmap.width))
            except pdfium.PdfiumError as e:
                raise InputFileError(f"{pdf}: trang {i + 1} không vẽ được / page {i + 1} cannot be rendered "
                                     f"({' '.join(str(e).split())[:80]}); re-export or rescan the file") from None
            finally:
                page.close()
        return images
    finally:
        doc.close()
