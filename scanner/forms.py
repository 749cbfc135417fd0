"""Print-ready forms drawn from the template: the same millimetres the reader expects.

Everything is vector (marks, QR, boxes) so that the printed geometry is exact
at any printer resolution; each registration mark and QR is one filled path
so renderers leave no hairline seams between cells.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .errors import InputFileError
from .fonts import STYLE_TO_FONT, drawn, register_fonts
from .plan import Plan
from .scripts import run_width, shaped
from .sheetcode import SheetCode
from .template import Rect, Template
from .vocab import BoxKind

MM = 72 / 25.4
BOX_LINE_MM = 0.3
TEXT_AREA_LINE_MM = 0.2


@dataclass(frozen=True)
class SheetSpec:
    unit: str | None
    serial: int


def allocation_sheets(plan: Plan, unit: str | None = None) -> list[SheetSpec]:
    """Numbered sheets by the plan's paper allocation: serials run 1..allocation within each unit."""
    units = [plan.unit(unit)] if unit else list(plan.units)
    return [SheetSpec(u.code, s) for u in units for s in range(1, u.paper + 1)]


def blank_sheets(n: int) -> list[SheetSpec]:
    return [SheetSpec(None, 0) for _ in range(n)]


# Both below are pure functions of their arguments, asked again for every page drawn (each side of a form as the
# `forms` command prints it, as the reader's blank reference draws it, as the corpus generator's papers lay its codes):
# kept per process, read-only (issue 26: segno's encoding is a few milliseconds of Python a code).
@lru_cache(maxsize=256)
def marker_cells(dictionary: str, marker_id: int) -> np.ndarray:
    """The marker's cells, border included, True where black (read-only)."""
    import cv2

    d = cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, dictionary))
    bits = 4 + 2 if "4X4" in dictionary else int(dictionary.split("_")[1][0]) + 2
    cells = cv2.aruco.generateImageMarker(d, marker_id, bits) == 0
    cells.setflags(write=False)
    return cells


@lru_cache(maxsize=4096)
def qr_cells(text: str) -> np.ndarray:
    """The QR code of `text`, True where a cell is black (read-only)."""
    import segno

    qr = segno.make(text, error="h", micro=False)
    cells = np.array([[bool(v & 1) for v in row] for row in qr.matrix], dtype=bool)
    cells.setflags(write=False)
    return cells


class _Page:
    """Millimetres from the top-left, as the template speaks, onto reportlab's bottom-left points."""

    def __init__(self, canvas, height_mm: float) -> None:
        self.c = canvas
        self.h = height_mm

    def cells(self, cells: np.ndarray, r: Rect) -> None:
        ch, cw = r.h / cells.shape[0], r.w / cells.shape[1]
        path = self.c.beginPath()
        for i, j in zip(*np.nonzero(cells)):
            path.rect((r.x + j * cw) * MM, (self.h - r.y - (i + 1) * ch) * MM, cw * MM, ch * MM)
        self.c.setFillGray(0)
        self.c.drawPath(path, stroke=0, fill=1)

    def outline(self, r: Rect, line_mm: float, gray: float) -> None:
        """A stroked rectangle whose outer edge is exactly `r`."""
        half = line_mm / 2
        self.c.setLineWidth(line_mm * MM)
        self.c.setStrokeGray(gray)
        self.c.rect((r.x + half) * MM, (self.h - r.y - r.h + half) * MM, (r.w - line_mm) * MM,
                    (r.h - line_mm) * MM, stroke=1, fill=0)

    def line(self, x1: float, y1: float, x2: float, y2: float, width_mm: float) -> None:
        self.c.setLineWidth(width_mm * MM)
        self.c.setStrokeGray(0)
        self.c.line(x1 * MM, (self.h - y1) * MM, x2 * MM, (self.h - y2) * MM)

    def text(self, x: float, y: float, s: str, style: str, size: float, align: str = "left") -> None:
        """A text in a style of fonts.STYLE_TO_FONT, at its baseline; a right-to-left one joined and in display
        order, its Arabic letters in their own font (fonts.drawn)."""
        pieces = drawn([(s, style)])
        if len(pieces) == 1 and pieces[0][1] == STYLE_TO_FONT[style]:
            self.c.setFillGray(0)
            self.c.setFont(pieces[0][1], size)
            draw = {"left": self.c.drawString, "center": self.c.drawCentredString,
                    "right": self.c.drawRightString}[align]
            draw(x * MM, (self.h - y) * MM, pieces[0][0])
            return
        self._pieces(x * MM - {"left": 0.0, "center": 0.5, "right": 1.0}[align] * _width(pieces, size), y, pieces,
                     size)

    def runs(self, x: float, y: float, pieces: Iterable[tuple[str, str]], size: float) -> None:
        """Left-aligned text whose logical pieces each print in their own style (a bold word), in display order."""
        self._pieces(x * MM, y, drawn(pieces), size)

    def _pieces(self, at: float, y: float, pieces: list[tuple[str, str]], size: float) -> None:
        for glyphs, font in pieces:  # Devanagari, Tamil, Khmer… shaped by HarfBuzz (scripts.shaped)
            self.c.setFillGray(0)
            self.c.setFont(font, size)
            self.c.drawString(at, (self.h - y) * MM, shaped(glyphs, font, size))
            at += run_width(glyphs, font, size)


def _width(pieces: list[tuple[str, str]], size: float) -> float:
    return sum(run_width(glyphs, font, size) for glyphs, font in pieces)


def code_text_anchor(template: Template) -> tuple[float, float]:
    """Where the printed sheet code ends (right edge) and stands (baseline), in mm."""
    ct = template.code_text
    return ct.x + ct.w, ct.y + ct.h - 1


def page_codes(template: Template, sheets: Iterable[SheetSpec]) -> Iterator[SheetCode]:
    for s in sheets:
        for page in range(1, template.pages + 1):
            yield SheetCode(template.survey_id, template.version, s.unit, s.serial, page)


def draw_page(pg: _Page, template: Template, code: SheetCode, with_code: bool = True) -> None:
    """`with_code` False leaves the sheet code out: the corpus generator prints each side once and draws the
    codes onto copies of its pixels (scanner/corpus/papers.py)."""
    for t in template.texts:
        if t.page == code.page and t.runs:
            pg.runs(t.x, t.y, t.runs, t.size_pt)
        elif t.page == code.page:
            pg.text(t.x, t.y, t.text, t.font, t.size_pt, t.align)
    for ln in template.lines:
        if ln.page == code.page:
            pg.line(ln.x1, ln.y1, ln.x2, ln.y2, ln.width_mm)
    for f in template.fiducials_on(code.page):
        pg.cells(marker_cells(template.fiducial_dictionary, f.marker_id), f.rect)
    if with_code:
        pg.cells(qr_cells(code.text()), template.qr)
        pg.text(*code_text_anchor(template), code.text(), "mono", template.code_text_pt, "right")
    for b in template.boxes(code.page):
        if b.kind == BoxKind.checkbox:
            pg.outline(b.rect, BOX_LINE_MM, 0)
        else:
            pg.outline(b.rect, TEXT_AREA_LINE_MM, 0.55)


def render_forms(template: Template, sheets: Iterable[SheetSpec], out: str | Path, with_code: bool = True) -> int:
    """Writes the sheets to one PDF, both sides of each sheet in order; returns the page count."""
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        canvas = Canvas(str(out), pagesize=(template.page_size[0] * MM, template.page_size[1] * MM),
                        invariant=1, pageCompression=1, initialFontName=STYLE_TO_FONT["regular"])
    except OSError as e:
        raise InputFileError(f"{out}: cannot write here ({e.strerror}); choose another --out") from None
    canvas.setTitle(template.title)
    canvas.setAuthor("survey toolkit")
    n = 0
    for code in page_codes(template, sheets):
        draw_page(_Page(canvas, template.page_size[1]), template, code, with_code)
        canvas.showPage()
        n += 1
    try:
        canvas.save()
    except OSError as e:
        raise InputFileError(f"{out}: cannot write here ({e.strerror}); choose another --out") from None
    return n
