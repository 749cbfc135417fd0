"""Tesseract through pytesseract, on small crops only: every call costs a process start."""

from __future__ import annotations

import os
import unicodedata
from functools import cache

import numpy as np

from ..errors import MissingDependencyError

# Tesseract's OpenMP threads fight each other on small crops; one thread is several times faster.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@cache
def version() -> str:
    import pytesseract

    try:
        langs = set(pytesseract.get_languages(config=""))
        v = str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError):
        raise MissingDependencyError("tesseract is not installed: run ./run setup (Debian package tesseract-ocr)") from None
    missing = {"vie", "eng"} - langs
    if missing:
        raise MissingDependencyError(
            f"Tesseract lacks language data {sorted(missing)}: run ./run setup (tesseract-ocr-vie, tesseract-ocr-eng)")
    return v


def ocr_line(image: np.ndarray, langs: str = "vie+eng", whitelist: str | None = None) -> str:
    """Text of a single-line crop (page segmentation mode 7), NFC."""
    import pytesseract

    version()
    config = "--psm 7"
    if whitelist:
        config += f" -c tessedit_char_whitelist={whitelist}"
    text = pytesseract.image_to_string(image, lang=langs, config=config)
    return unicodedata.normalize("NFC", text.strip())


def ocr_block(image: np.ndarray, langs: str = "vie") -> str:
    """A draft reading of a handwriting area; kept apart from what people confirm."""
    import pytesseract

    version()
    text = pytesseract.image_to_string(image, lang=langs, config="--psm 6")
    return unicodedata.normalize("NFC", " ".join(text.split()))
