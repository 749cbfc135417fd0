"""What the printer put on a blank page, rendered from the template at the reading resolution.

Ink found where nothing was printed was added by a person; comparing
against this mask is what lets marks outside the boxes (a circle around an
option's text, a doodle) be noticed instead of silently ignored.
"""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

import cv2
import numpy as np

from .forms import SheetSpec, render_forms
from .pdfrender import render_pages
from .template import Template, load_template


def printed_pages(template: Template, sheet: SheetSpec, dpi: int, first: int = 1, last: int | None = None) -> list[np.ndarray]:
    """One sheet's sides as printed (grey, before anyone writes on them), rendered through the forms' own PDF."""
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "sheet.pdf"
        render_forms(template, [sheet], pdf)
        return render_pages(pdf, dpi, first, last or template.pages)


@cache
def _printed(template_path: str, page: int, px_per_mm: float, dilate_mm: float) -> np.ndarray:
    template = load_template(template_path)
    img = printed_pages(template, SheetSpec(None, 0), int(round(px_per_mm * 25.4)), page, page)[0]
    w, h = int(round(template.page_size[0] * px_per_mm)), int(round(template.page_size[1] * px_per_mm))
    img = cv2.resize(img, (w, h), interpolation=cv2.INTER_AREA)
    mask = (img < 200).astype(np.uint8)
    for r in (template.qr, template.code_text):
        x0, y0 = int((r.x - 1) * px_per_mm), int((r.y - 1) * px_per_mm)
        mask[y0:int((r.y + r.h + 1) * px_per_mm), x0:int((r.x + r.w + 1) * px_per_mm)] = 1
    k = max(1, int(round(dilate_mm * px_per_mm)))
    grown = cv2.dilate(mask, np.ones((2 * k + 1, 2 * k + 1), np.uint8)).astype(bool)
    grown.setflags(write=False)
    return grown


def printed_mask(template: Template, page: int, px_per_mm: float, dilate_mm: float = 0.6) -> np.ndarray:
    return _printed(template.source, page, px_per_mm, dilate_mm)
