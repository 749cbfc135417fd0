"""What the photo tests share: a blank side to draw known answers on, the answers drawn at random, a real phone
photo of mottled paper (PHOTO), read as a JPEG, and a light tick drawn on it."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from scanner._exec.poppler import render_pages
from scanner.forms import SheetSpec, render_forms
from scanner.ingest import PageSource
from scanner.pipeline import read_page
from scanner.template import Template


def blank_side(template: Template, folder: Path, serial: int) -> np.ndarray:
    """Side 1 of a printed sheet as the generator's source resolution renders it."""
    from scanner.corpus.generate import SRC_DPI

    pdf = folder / "f.pdf"
    render_forms(template, [SheetSpec("MS", serial)], pdf)
    return render_pages(pdf, SRC_DPI, 1, 1)[0]


def side_one_answers(template: Template, rng: np.random.Generator, several: bool = True) -> dict[str, tuple[str, ...]]:
    """One option of each single choice on side 1 and, if `several`, two of each multiple choice (none exclusive)."""
    out = {}
    for q in template.choice_questions():
        if q.page == 1:
            ids = [o.id for o in q.options if o.id not in (q.exclusive or ())]
            if not several:
                out[q.id] = tuple(rng.choice(ids, 1).tolist())
                continue
            n = 2 if q.behaviour.per_option and len(ids) > 2 else 1
            out[q.id] = tuple(sorted(rng.choice(ids, n, replace=False).tolist()))
    return out


PHOTO = Path(__file__).parent / "data" / "photos" / "augraphy_multiple_mottle.jpg"  # a real phone photo, mottled paper


def read_jpeg(image: np.ndarray, template: Template, quality: int):
    """The page read as a JPEG of this quality, without OCR."""
    data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])[1].tobytes()
    return read_page(PageSource("p.jpg", 0, "0" * 64, data, "jpeg"), template, use_ocr=False)


def tick_across(img: np.ndarray, h: np.ndarray, box, share: float) -> np.ndarray:
    """A tick across the box, 0.3 mm wide, that lets through `share` less light than the paper under it (as a
    pen's stroke does, darker where the paper is lighter)."""
    def px(x: float, y: float) -> tuple[float, float]:
        v = h @ np.array([x, y, 1.0])
        return v[0] / v[2], v[1] / v[2]

    pts = np.array([px(box.x + 0.15 * box.w, box.y + 0.5 * box.h), px(box.x + 0.42 * box.w, box.y + 0.82 * box.h),
                    px(box.x + 0.95 * box.w, box.y + 0.05 * box.h)])
    per_mm = float(np.hypot(*(np.array(px(box.x + 10, box.y)) - np.array(px(box.x, box.y))))) / 10
    mask = np.zeros(img.shape, np.uint8)
    cv2.polylines(mask, [np.round(pts * 8).astype(np.int32)], False, 255, max(1, round(0.3 * per_mm)), cv2.LINE_AA,
                  shift=3)
    out = img.astype(np.float32) * (1 - mask.astype(np.float32) / 255 * share)
    return np.clip(out, 0, 255).astype(np.uint8)
