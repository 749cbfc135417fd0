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
    s = SUPERSAMPLE
    # each sub-pixel's centre in mm, then the cell it falls in (outside the rect: none)
    u = (x0 + (np.arange((x1 - x0) * s) + 0.5) / s) / k
    v = (y0 + (np.arange((y1 - y0) * s) + 0.5) / s) / k
    col = np.floor((u - r.x) / (r.w / cells.shape[1])).astype(int)
    row = np.floor((v - r.y) / (r.h / cells.shape[0])).astype(int)
    ok_c = (col >= 0) & (col < cells.shape[1])
    ok_r = (row >= 0) & (row < cells.shape[0])
    sub = cells[np.clip(row, 0, cells.shape[0] - 1)][:, np.clip(col, 0, cells.shape[1] - 1)]
    sub &= ok_r[:, None] & ok_c[None, :]
    cover = sub.reshape(y1 - y0, s, x1 - x0, s).mean(axis=(1, 3))
    region = img[y0:y1, x0:x1]
    region[:] = np.rint(region * (1.0 - cover)).astype(np.uint8)
