"""What the printer put on a blank page, rendered from the template at the reading resolution.

Ink found where nothing was printed was added by a person; comparing
against this mask is what lets marks outside the boxes (a circle around an
option's text, a doodle) be noticed instead of silently ignored.
"""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np

from . import side_store
from .template import Template, template_at

if TYPE_CHECKING:
    from .forms import SheetSpec


def printed_pages(template: Template, sheet: SheetSpec, dpi: int, first: int = 1, last: int | None = None,
                  with_code: bool = True, prefer_poppler: bool = False) -> list[np.ndarray]:
    """One sheet's sides as printed (grey, before anyone writes on them), rendered through the forms' own PDF;
    `with_code` and `prefer_poppler` as render_forms and render_pages take them."""
    from .forms import render_forms
    from .pdfrender import render_pages

    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "sheet.pdf"
        render_forms(template, [sheet], pdf, with_code)
        return render_pages(pdf, dpi, first, last or template.pages, prefer_poppler)


@cache
def _blank_pdf(template_path: str) -> bytes:
    """The blank sheet's PDF, drawn once: every side's raster below is taken from it (drawing the whole sheet
    costs about half a second, once per side and worker when each side drew its own)."""
    from .forms import SheetSpec, render_forms

    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "sheet.pdf"
        render_forms(template_at(template_path), [SheetSpec(None, 0)], pdf, True)
        return pdf.read_bytes()


@cache
def _rendered(template_path: str, page: int, px_per_mm: float) -> np.ndarray:
    """The blank side rendered once at this scale (the masks below are made from it), or as a run before kept it
    (side_store: the same template, code and libraries)."""
    size = template_at(template_path).page_size
    shape = (int(round(size[1] * px_per_mm)), int(round(size[0] * px_per_mm)))
    name = side_store.key("rendered", template_path, page, px_per_mm)
    kept = side_store.load(name)
    img = kept.get("side") if kept else None
    if img is None or img.dtype != np.uint8 or img.shape != shape:
        img = _render(template_path, page, px_per_mm)
        side_store.save(name, {"side": img})
    img.setflags(write=False)
    return img


def _render(template_path: str, page: int, px_per_mm: float) -> np.ndarray:
    from .pdfrender import render_pages

    template = template_at(template_path)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "sheet.pdf"
        pdf.write_bytes(_blank_pdf(template_path))
        img = render_pages(pdf, int(round(px_per_mm * 25.4)), page, page)[0]
    w, h = int(round(template.page_size[0] * px_per_mm)), int(round(template.page_size[1] * px_per_mm))
    return cv2.resize(img, (w, h), interpolation=cv2.INTER_AREA)


def rendered_side(template: Template, page: int, px_per_mm: float) -> np.ndarray:
    """The blank side as printed, grey, at this scale (read-only, made once)."""
    return _rendered(template.source, page, px_per_mm)


@cache
def _printed(template_path: str, page: int, px_per_mm: float, dilate_mm: float) -> np.ndarray:
    template = template_at(template_path)
    mask = (_rendered(template_path, page, px_per_mm) < 200).astype(np.uint8)
    for r in (template.qr, template.code_text):
        x0, y0 = int((r.x - 1) * px_per_mm), int((r.y - 1) * px_per_mm)
        mask[y0:int((r.y + r.h + 1) * px_per_mm), x0:int((r.x + r.w + 1) * px_per_mm)] = 1
    k = max(1, int(round(dilate_mm * px_per_mm)))
    grown = cv2.dilate(mask, np.ones((2 * k + 1, 2 * k + 1), np.uint8)).astype(bool)
    grown.setflags(write=False)
    return grown


def printed_mask(template: Template, page: int, px_per_mm: float, dilate_mm: float = 0.6) -> np.ndarray:
    return _printed(template.source, page, px_per_mm, dilate_mm)


def printed_mask_unkept(template_path: str, page: int, px_per_mm: float, dilate_mm: float) -> np.ndarray:
    """The same mask as printed_mask, made afresh and not kept: for caches made from it once (the paper patches,
    the print's positions for its strength), so that a scan's processes do not hold a page-sized mask each
    that only those were made from."""
    return _printed.__wrapped__(template_path, page, px_per_mm, dilate_mm)  # type: ignore[attr-defined]


PATCH_STEP_MM = 5.0  # plain-paper patches are looked for on this grid ...
PATCH_CLEAR_MM = 4.0  # ... this far from anything printed (a circle round an option's text stays clear of it) ...
PATCH_BOX_CLEAR_MM = 10.0  # ... this far from every box and writing area (marks and notes go there) ...
PATCH_EDGE_MM = 22.0  # ... and inside the registration marks (a photo's frame or a thumb takes the page's edge)
PATCH_MAX = 240


@cache
def _paper_patches(template_path: str, page: int, size_px: int, px_per_mm: float) -> tuple[tuple[int, int, int, int], ...]:
    """The side's patches, or as a run before kept them (side_store: the same template, code and libraries)."""
    name = side_store.key("patches", template_path, page, size_px, px_per_mm)
    kept = side_store.load(name)
    got = kept.get("patches") if kept else None
    if got is not None and got.ndim == 2 and got.shape[1] == 4 and got.dtype == np.int64:
        return tuple((int(a), int(b), int(c), int(d)) for a, b, c, d in got.tolist())
    made = _find_paper_patches(template_path, page, size_px, px_per_mm)
    side_store.save(name, {"patches": np.array(made, np.int64).reshape(-1, 4)})
    return made


def _find_paper_patches(template_path: str, page: int, size_px: int,
                        px_per_mm: float) -> tuple[tuple[int, int, int, int], ...]:
    template = template_at(template_path)
    free = ~printed_mask_unkept(template_path, page, px_per_mm, PATCH_CLEAR_MM)  # a copy: boxes are cleared below
    for b in template.boxes(page):
        r, g = b.rect, PATCH_BOX_CLEAR_MM
        x0, y0 = max(0, int((r.x - g) * px_per_mm)), max(0, int((r.y - g) * px_per_mm))
        free[y0:int((r.y + r.h + g) * px_per_mm), x0:int((r.x + r.w + g) * px_per_mm)] = False
    w, h = template.page_size
    out = []
    for y in np.arange(PATCH_EDGE_MM, h - PATCH_EDGE_MM, PATCH_STEP_MM):
        for x in np.arange(PATCH_EDGE_MM, w - PATCH_EDGE_MM, PATCH_STEP_MM):
            x0, y0 = int(round(x * px_per_mm)), int(round(y * px_per_mm))
            if free[y0:y0 + size_px, x0:x0 + size_px].all():
                out.append((y0, y0 + size_px, x0, x0 + size_px))
    keep: list[int] = np.linspace(0, len(out) - 1, min(PATCH_MAX, len(out))).round().astype(int).tolist() if out else []
    return tuple(out[i] for i in keep)


def paper_patches(template: Template, page: int, size_px: int, px_per_mm: float) -> tuple[tuple[int, int, int, int], ...]:
    """Squares of plain paper on a side, the size of a box's inside, away from print, boxes, writing areas and
    the page's edges: (y0, y1, x0, x1) in pixels of the aligned page.

    Measured like the insides of the boxes, they tell what this page's paper does by itself (a copier's toner
    specks, the fibres of recycled paper, a phone's noise), so that the same inside a box is not taken for ink.
    """
    return _paper_patches(template.source, page, size_px, px_per_mm)
