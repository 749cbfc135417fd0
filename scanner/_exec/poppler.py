"""poppler (pdftoppm via pdf2image): rendering PDF pages that hold no single embedded scan."""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import numpy as np

from ..errors import InputFileError, MissingDependencyError


@cache
def check() -> str:
    exe = shutil.which("pdftoppm")
    if not exe:
        raise MissingDependencyError("pdftoppm is not installed: run ./run setup (Debian package poppler-utils)")
    return exe


def render_pages(pdf: str | Path, dpi: int, first: int, last: int) -> list[np.ndarray]:
    """Grey images of pages first..last (1-based, inclusive)."""
    from pdf2image import convert_from_path
    from pdf2image.exceptions import PDFPageCountError, PDFSyntaxError

    check()
    try:
        images = convert_from_path(str(pdf), dpi=dpi, first_page=first, last_page=last, grayscale=True)
    except (PDFPageCountError, PDFSyntaxError) as e:
        raise InputFileError(f"{pdf}: poppler cannot render it ({str(e).strip()[:80]}); re-export or rescan the file") from None
    return [np.asarray(im.convert("L")) for im in images]
