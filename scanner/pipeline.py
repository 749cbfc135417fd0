"""One page through the stages: decode → align → identify → read marks → apply rules.

Pure apart from the page it is given: the result is picklable, so worker
processes run the very same function as a single-process run.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

import cv2
import numpy as np

from .align import Alignment, align, warp
from .errors import InputFileError
from .identify import identify
from .ingest import PageSource, decode, decode_for_reading
from .marks import DEFAULT, BoxReading, K, darkness, ink_share, levels, read_page_marks
from .reference import printed_mask
from .rules import QuestionResult, apply_rules, page_rules
from .sheetcode import SheetCode
from .template import Template

TEXT_CROP_PX_PER_MM = 8.0
TEXT_INK_MIN = 0.003  # a handwriting area with less ink than this was left empty


@dataclass
class PageResult:
    file: str
    index: int
    page_id: str
    pixel_sha: str
    status: str  # form | set_aside
    reason: str | None = None  # blank | not_a_form | unreadable | unknown_survey | damaged_file
    message: str = ""
    side: int | None = None
    code: SheetCode | None = None
    id_source: str = "none"
    ocr_text: str = ""
    quality: float = 0.0
    residual_mm: float = 0.0
    markers: tuple[int, ...] = ()
    readings: list[BoxReading] = field(default_factory=list)
    stray: dict[str, float] = field(default_factory=dict)
    questions: dict[str, QuestionResult] = field(default_factory=dict)
    text_crops: dict[str, bytes] = field(default_factory=dict)  # PNG of each handwriting area
    homography: list[list[float]] | None = None
    rendered_png: bytes | None = None  # the page as rendered, when the file held no image to keep as it was
    timings: dict[str, float] = field(default_factory=dict)


def _is_blank(gray: np.ndarray) -> bool:
    small = cv2.resize(gray, (200, 280), interpolation=cv2.INTER_AREA)
    paper = float(np.percentile(small, 90))
    return float(np.mean(small < paper - 60)) < 0.002


def read_page(src: PageSource, template: Template, use_ocr: bool = True) -> PageResult:
    t: dict[str, float] = {}
    t0 = time.perf_counter()
    try:
        gray, factor = decode_for_reading(src)
    except InputFileError as e:
        return PageResult(src.file, src.index, src.page_id, "", "set_aside", "unreadable", e.message)
    pixel_sha = hashlib.sha256(gray.tobytes()).hexdigest()
    t["decode"] = time.perf_counter() - t0
    res = PageResult(src.file, src.index, src.page_id, pixel_sha, "set_aside")
    if src.data is None:
        res.rendered_png = cv2.imencode(".png", gray)[1].tobytes()
    a = align(gray, template)
    t["align"] = time.perf_counter() - t0 - t["decode"]
    if a is None:
        res.reason = "blank" if _is_blank(gray) else "not_a_form"
        res.message = "trang trắng" if res.reason == "blank" else "không phải phiếu của cuộc điều tra này"
        res.timings = t
        return res
    res.side, res.quality, res.residual_mm, res.markers = a.page, a.quality, a.residual_mm, a.markers
    full_scale = np.diag([float(factor), float(factor), 1.0])
    res.homography = (full_scale @ a.homography).tolist()  # for the stored, full-size image
    mark = time.perf_counter()
    ident = identify(gray, a, template, use_ocr and factor == 1)
    if ident.code is None and use_ocr and factor > 1:
        full = Alignment(a.page, full_scale @ a.homography, a.residual_mm, a.markers, a.quality)
        ident = identify(decode(src), full, template, True)
    t["identify"] = time.perf_counter() - mark
    res.code, res.id_source, res.ocr_text = ident.code, ident.source, ident.ocr_text
    if ident.code is not None and (ident.code.survey_id, ident.code.version) != (template.survey_id, template.version):
        res.reason = "unknown_survey"
        res.message = f"mã phiếu {ident.code.text()} thuộc cuộc điều tra hoặc mẫu phiếu khác"
        res.timings = t
        return res
    if ident.code is not None and ident.code.page != a.page:
        res.code = None
        res.id_source = "none"
    mark = time.perf_counter()
    sample = gray[::7, ::7]
    bilevel = not np.any((sample > 0) & (sample < 255))
    canon = warp(gray, a, template.page_size, K)
    lv = levels(canon)
    dark8 = darkness(canon, lv)
    readings, stray, outlines = read_page_marks(dark8, printed_mask(template, a.page, K), template, a.page,
                                      well_registered=len(a.markers) == len(template.fiducials_on(a.page)),
                                      canon=canon, lv=lv)
    if outlines < DEFAULT.outlines_min:
        res.reason = "unreadable"
        res.message = (f"không khớp được các ô in trên trang (chỉ {outlines:.0%} ô đúng chỗ): ảnh chụp nghiêng, cong "
                       "hoặc mất góc; chụp hoặc quét lại trang này")
        res.timings = t
        return res
    res.readings, res.stray = readings, stray
    if outlines >= DEFAULT.outlines_confirm:
        # the printed boxes themselves confirm the registration that a few marks made shakily
        res.quality = max(res.quality, DEFAULT.outlines_quality)
    for q in template.choice_questions():
        if q.page == a.page:
            rs = [r for r in readings if r.question_id == q.id]
            res.questions[q.id] = apply_rules(q, rs, stray[q.id], res.quality, bilevel)
    res.questions = page_rules(res.questions)
    for q in template.questions:
        if q.type == "text" and q.page == a.page and q.area is not None and ink_share(dark8, q.area) > TEXT_INK_MIN:
            # a preview; the review page and the OCR draft take the area afresh from the stored full image
            crop = warp(gray, a, (q.area.w, q.area.h), TEXT_CROP_PX_PER_MM / factor, (q.area.x, q.area.y))
            res.text_crops[q.id] = cv2.imencode(".png", crop)[1].tobytes()
    t["marks"] = time.perf_counter() - mark
    res.status = "form"
    res.timings = t
    return res
