"""Blank paper for the corpus: each side of the form rendered once, each sheet's code drawn onto a copy.

Rendering every numbered page of a 3,000-sheet corpus through a PDF renderer
cost most of the generator's time and all of its memory; the sheets differ
only by their code. The QR's cells are laid with their exact area coverage
(as a renderer's anti-aliasing does) and the printed code is set in the
form's own monospace, so the reader sees the same print it sees on a form
from `survey forms`.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ..fonts import FONT_DIR, FONT_FILES, STYLE_TO_FONT
from ..forms import SheetSpec, code_text_anchor, qr_cells
from ..reference import printed_pages
from ..sheetcode import SheetCode
from ..template import Rect, Template

SUPERSAMPLE = 4  # sub-pixels a side when laying the QR's cells: coverage to a sixteenth of a pixel


class Papers:
    """The template's printed sides at `dpi`, grey, ready to be numbered and written on."""

    def __init__(self, template: Template, dpi: int) -> None:
        self.template = template
        self.k = dpi / 25.4
        self.sides = printed_pages(template, SheetSpec(None, 0), dpi, with_code=False, prefer_poppler=True)
        for side in self.sides:
            side.flags.writeable = False
        font = FONT_DIR / FONT_FILES[STYLE_TO_FONT["mono"]]
        self.font = ImageFont.truetype(str(font), template.code_text_pt * dpi / 72)

    def page(self, sheet: SheetSpec, page: int) -> np.ndarray:
        """A fresh copy of side `page`, numbered for `sheet`."""
        t = self.template
        img = self.sides[page - 1].copy()
        code = SheetCode(t.survey_id, t.version, sheet.unit, sheet.serial, page)
        lay_cells(img, qr_cells(code.text()), t.qr, self.k)
        self._text(img, code.text())
        return img

    def _text(self, img: np.ndarray, text: str) -> None:
        x, y = code_text_anchor(self.template)
        ct = self.template.code_text
        # a window around the code's box, wide enough for any code whatever the box says
        x0, y0 = max(0, int((ct.x - 40) * self.k)), max(0, int((ct.y - 5) * self.k))
        x1, y1 = min(img.shape[1], int((x + 2) * self.k)), min(img.shape[0], int((ct.y + ct.h + 5) * self.k))
        patch = Image.fromarray(img[y0:y1, x0:x1])
        ImageDraw.Draw(patch).text((x * self.k - x0, y * self.k - y0), text, fill=0, font=self.font, anchor="rs")
        img[y0:y1, x0:x1] = np.asarray(patch)


def lay_cells(img: np.ndarray, cells: np.ndarray, r: Rect, k: float) -> None:
    """Black cells filling `r` (mm) on a grey image at k pixels per mm, edge pixels shaded by their coverage."""
    x0, y0 = int(np.floor(r.x * k)), int(np.floor(r.y * k))
    x1, y1 = min(img.shape[1], int(np.ceil((r.x + r.w) * k))), min(img.shape[0], int(np.ceil((r.y + r.h) * k)))
    # a pixel's coverage: of its SUPERSAMPLE x SUPERSAMPLE sub-pixels, those in a black cell; the sub-pixels fall in
    # cells by row and by column apart, so the count is (sub-rows per pixel and cell row) @ cells @ (sub-columns
    # per pixel and cell column)^T, in integers: the same count, and so the same shade, as counting each sub-pixel
    # (issue 26: a fifth of the cost of numbering a side)
    per_row = _sub_counts(y0, y1, r.y, r.h, cells.shape[0], k)
    per_col = _sub_counts(x0, x1, r.x, r.w, cells.shape[1], k)
    count = per_row @ cells.astype(np.int64) @ per_col.T
    cover = count / float(SUPERSAMPLE * SUPERSAMPLE)
    region = img[y0:y1, x0:x1]
    region[:] = np.rint(region * (1.0 - cover)).astype(np.uint8)


def _sub_counts(p0: int, p1: int, start_mm: float, size_mm: float, n: int, k: float) -> np.ndarray:
    """For pixels p0..p1 along one axis, how many of each pixel's SUPERSAMPLE sub-pixels fall in each of the n
    cells laid from start_mm over size_mm (sub-pixels outside the cells: in none)."""
    s = SUPERSAMPLE
    centre = (p0 + (np.arange((p1 - p0) * s) + 0.5) / s) / k  # each sub-pixel's centre in mm
    cell = np.floor((centre - start_mm) / (size_mm / n)).astype(int)
    inside = (cell >= 0) & (cell < n)
    out = np.zeros((p1 - p0, n), np.int64)
    np.add.at(out, (np.arange((p1 - p0) * s)[inside] // s, cell[inside]), 1)
    return out
