"""Tesseract through pytesseract, on small crops only: every call costs a process start.

Tesseract is optional (pip cannot install it): without it the printed code's
fallback and the handwriting drafts are skipped, and `MISSING_NOTE` says so once.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from functools import cache

import numpy as np

from ..errors import MissingDependencyError, ProgramTimeout

# Tesseract's OpenMP threads fight each other on small crops; one thread is several times faster.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
TIMEOUT_S = 30  # a crop takes a fraction of a second; a stuck Tesseract must not hold a page for ever


def _run(fn, image: np.ndarray, **kw) -> str:
    try:
        return str(fn(image, timeout=TIMEOUT_S, **kw))
    except RuntimeError as e:
        if "timeout" not in str(e).lower():
            raise
        raise ProgramTimeout(f"Tesseract chạy quá {TIMEOUT_S} giây / Tesseract took over {TIMEOUT_S} s on one "
                             "crop; the page is set aside") from None


MISSING_NOTE = ("Không có Tesseract (kèm dữ liệu tiếng Việt): bỏ qua đọc mã in khi mã QR hỏng và bản nháp chữ viết "
                "tay / Tesseract (with Vietnamese data) not found: pages whose QR code is damaged go to review "
                "instead of being read from the printed code, and handwriting has no draft; to add it, install "
                "Tesseract with the vie and eng data (Windows: the UB Mannheim installer, then add it to PATH; "
                "Debian: ./run setup)")


def _pytesseract():
    """pytesseract, imported without pandas: it would load pandas (a second or two, in every worker that meets
    one damaged QR code) for a table output this never asks for."""
    if "pytesseract" not in sys.modules and "pandas" not in sys.modules:
        sys.modules["pandas"] = None  # type: ignore[assignment]  # `import pandas` then fails at once
        try:
            import pytesseract
        finally:
            del sys.modules["pandas"]
    import pytesseract

    return pytesseract


@cache
def available() -> bool:
    """Whether Tesseract and its vie and eng data are here; asked once per process."""
    try:
        version()
    except MissingDependencyError:
        return False
    return True


@cache
def version() -> str:
    pytesseract = _pytesseract()
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
    pytesseract = _pytesseract()
    version()
    config = "--psm 7"
    if whitelist:
        config += f" -c tessedit_char_whitelist={whitelist}"
    text = _run(pytesseract.image_to_string, image, lang=langs, config=config)
    return unicodedata.normalize("NFC", text.strip())


def ocr_block(image: np.ndarray, langs: str = "vie") -> str:
    """A draft reading of a handwriting area; kept apart from what people confirm."""
    pytesseract = _pytesseract()
    version()
    text = _run(pytesseract.image_to_string, image, lang=langs, config="--psm 6")
    return unicodedata.normalize("NFC", " ".join(text.split()))


def ocr_block_scored(image: np.ndarray, langs: str = "vie") -> tuple[str, float]:
    """A handwriting area's reading and Tesseract's mean word confidence (0–100; 0 when no word was found), so a
    draft is offered to a person only when the recogniser is sure of it."""
    pytesseract = _pytesseract()
    version()
    data = _run(pytesseract.image_to_data, image, lang=langs, config="--psm 6")
    words, confs = [], []
    for line in data.splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) < 12 or not cols[11].strip():
            continue
        try:
            conf = float(cols[10])
        except ValueError:
            continue
        if conf >= 0:
            words.append(cols[11].strip())
            confs.append(conf)
    text = unicodedata.normalize("NFC", " ".join(words))
    return text, (sum(confs) / len(confs) if confs else 0.0)
