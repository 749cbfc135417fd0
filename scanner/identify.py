"""Which sheet a page belongs to: the QR code first, the printed code line through OCR when it is damaged."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .align import QR_ONLY, Alignment, warp
from .sheetcode import CHARSET, SheetCode, parse_code
from .template import Template
from .vocab import IdSource


@dataclass(frozen=True)
class Identity:
    code: SheetCode | None
    source: IdSource
    ocr_text: str = ""


def _decode_qr(img: np.ndarray) -> SheetCode | None:
    import zxingcpp

    for r in zxingcpp.read_barcodes(img, formats=QR_ONLY, try_rotate=False):
        code = parse_code(r.text)
        if code is not None:
            return code
    return None


def identify(gray: np.ndarray, a: Alignment, template: Template, use_ocr: bool = True) -> Identity:
    q = template.qr
    margin = 4.0
    for k in (5.0, 10.0):
        crop = warp(gray, a, (q.w + 2 * margin, q.h + 2 * margin), k, (q.x - margin, q.y - margin))
        code = _decode_qr(crop)
        if code is not None:
            return Identity(code, IdSource.qr)
    from ._exec.tesseract import available, ocr_line

    if not use_ocr or not available():
        return Identity(None, IdSource.none)

    t = template.code_text
    crop = warp(gray, a, (t.w + 2, t.h + 1.0), 12.0, (t.x - 1, t.y + 0.3))
    # The code is ASCII, so English data alone reads it fastest; Vietnamese is tried as well when that fails.
    text = ""
    for langs in ("eng", "vie+eng"):
        text = ocr_line(crop, langs, CHARSET)
        code = parse_code(text)
        if code is not None:
            return Identity(code, IdSource.ocr, text)
    return Identity(None, IdSource.none, text)
