"""poppler (pdftoppm via pdf2image): rendering PDF pages that hold no single embedded scan."""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import numpy as np

from ..errors import InputFileError, MissingDependencyError, ProgramTimeout

TIMEOUT_S = 120  # one page at 200 dpi takes well under a second; a page that takes minutes is a trap


@cache
def check() -> str:
    exe = shutil.which("pdftoppm")
    if not exe:
        raise MissingDependencyError("pdftoppm is not installed: run ./run setup (Debian package poppler-utils)")
    return exe


def render_pages(pdf: str | Path, dpi: int, first: int, last: int, timeout: int = TIMEOUT_S) -> list[np.ndarray]:
    """Grey images of pages first..last (1-based, inclusive)."""
    from pdf2image import convert_from_path
    from pdf2image.exceptions import PDFPageCountError, PDFPopplerTimeoutError, PDFSyntaxError

    check()
    try:
        images = convert_from_path(str(pdf), dpi=dpi, first_page=first, last_page=last, grayscale=True,
                                   timeout=timeout)
    except PDFPopplerTimeoutError:
        raise ProgramTimeout(f"{pdf}: trang {first}: poppler vẽ trang quá {timeout:.0f} giây / poppler took over "
                             f"{timeout:.0f} s to render page {first}; re-export or rescan the file") from None
    except (PDFPageCountError, PDFSyntaxError) as e:
        raise InputFileError(f"{pdf}: poppler không vẽ được / poppler cannot render it ({' '.join(str(e).split())[:80]}); "
                             "re-export or rescan the file") from None
    if not images:
        raise InputFileError(f"{pdf}: trang {first}: poppler không vẽ được / poppler rendered nothing; "
                             "re-export or rescan the file")
    return [np.asarray(im.convert("L")) for im in images]
