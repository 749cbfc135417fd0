"""A page's bytes into grey pixels, at the size reading needs."""

from __future__ import annotations

import io

import cv2
import numpy as np

from .errors import InputFileError
from .page_source import MAX_PIXELS, RENDER_DPI, PageSource, jpeg_size, open_heif

REDUCE_FROM_PX = 2000  # long side of an A4 page at 170 dpi

__all__ = ["decode", "decode_for_reading", "jpeg_size", "page_shaped"]


def decode_for_reading(src: PageSource, page_mm: tuple[float, float] | None = None) -> tuple[np.ndarray, int]:
    """The page as grey pixels for reading marks, and how many source pixels one of them spans.

    A scanner's JPEG page of about 200 dpi or more is decoded at half size by
    the JPEG decoder itself (a fraction of the work, and every later stage
    works on a quarter of the pixels); marks, their holes and QR modules are
    still several pixels wide at that size. That is a PDF's page, or a loose
    JPEG file shaped as the form's page (`page_mm`): what a scanner's "save as
    JPEG" writes. Photos (in perspective, often blurred, not page-shaped)
    keep every pixel; OCR asks for full size itself.
    """
    if src.fmt == "jpeg" and src.data is not None:
        size = jpeg_size(src.data)
        scanned = src.file.lower().endswith(".pdf") or (size is not None and page_shaped(size, page_mm))
        if size and scanned and max(size) >= REDUCE_FROM_PX:
            img = cv2.imdecode(np.frombuffer(src.data, np.uint8), cv2.IMREAD_REDUCED_GRAYSCALE_2)
            if img is not None:
                return img, 2
    return decode(src), 1


PAGE_SHAPE_TOLERANCE = 0.005  # a scanner's page image keeps the paper's proportions this closely; a photo's rarely


def page_shaped(size: tuple[int, int], page_mm: tuple[float, float] | None) -> bool:
    """A picture of (width, height) pixels with the page's proportions: what a scanner writes, not a photo."""
    if page_mm is None or min(size) <= 0 or min(page_mm) <= 0:
        return False
    return abs((max(size) / min(size)) / (max(page_mm) / min(page_mm)) - 1) <= PAGE_SHAPE_TOLERANCE


def decode(src: PageSource) -> np.ndarray:
    """The page as a grey image, full size."""
    if src.data is None:
        from .pdfrender import render_pages

        return render_pages(src.file, RENDER_DPI, src.index + 1, src.index + 1)[0]
    img = cv2.imdecode(np.frombuffer(src.data, np.uint8), cv2.IMREAD_GRAYSCALE)
    if img is None:
        img = _decode_pil(src.data)  # HEIC photos, and what OpenCV was built without
    if img is None:
        raise InputFileError(f"{src.file}: trang {src.index + 1} không giải mã được / page {src.index + 1} "
                             "cannot be decoded; scan it again")
    return img


def _decode_pil(data: bytes) -> np.ndarray | None:
    from PIL import Image

    open_heif()
    try:
        with Image.open(io.BytesIO(data)) as im:
            if im.size[0] * im.size[1] > MAX_PIXELS:
                return None
            return np.asarray(im.convert("L"))
    except Exception:
        return None
