"""One page through the stages: decode → align → identify → read marks → apply rules.

Pure apart from the page it is given: the result is picklable, so worker
processes run the very same function as a single-process run.
"""

from __future__ import annotations

import hashlib
import time
import zlib
from dataclasses import dataclass, field
from functools import cache

import cv2
import numpy as np

from .align import Alignment, align, boxes_outside, part_of_page, warp
from .bleed import subtract_bleed
from .coarse_blanks import blanks_unseen, light_evenness, may_hide_ticks, source_px_per_mm
from .comb import comb_boxes, written_columns
from .decode import decode, decode_for_reading
from .errors import InputFileError
from .identify import identify
from .ink import DEFAULT, BoxReading, K, darkness, levels
from .marks import ink_share, read_page_marks
from .page_source import PageSource
from .reference import printed_mask
from .roster import settle_empty_rows
from .rules import QuestionResult, apply_rules, page_rules
from .sheetcode import SheetCode
from .streaks import Streak, erase_streaks, find_streaks
from .template import Template, template_at
from .vocab import BoxKind, IdSource, PageReason, PageState

TEXT_CROP_PX_PER_MM = 8.0
MIN_PAGE_PX = 400  # long side of an A4 page at 35 dpi: smaller is a thumbnail, not a scan
TEXT_INK_MIN = 0.003  # a handwriting area with less ink than this was left empty
_clock = time.process_time  # stage timings are CPU time: a loaded machine does not inflate them


@dataclass
class PageResult:
    file: str
    index: int
    page_id: str
    pixel_sha: str
    status: PageState  # form or set_aside
    reason: PageReason | None = None
    message: str = ""
    side: int | None = None
    code: SheetCode | None = None
    id_source: IdSource = IdSource.none
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
    fingerprint: bytes | None = None  # the registered page's ink, small: tells a rescan of one sheet from another
    streaks: list[Streak] = field(default_factory=list)  # the scanner's own lines, painted over before reading
    timings: dict[str, float] = field(default_factory=dict)


def _is_blank(gray: np.ndarray) -> bool:
    small = cv2.resize(gray, (200, 280), interpolation=cv2.INTER_AREA)
    paper = float(np.percentile(small, 90))
    return float(np.mean(small < paper - 60)) < 0.002


def fingerprint(dark8: np.ndarray, template: Template, page: int) -> bytes:
    """The ink in and around the page's boxes (print left out), at 0.4 mm: the strokes of one person's
    marks, which a second scan of the same paper repeats and another sheet with the same answers does not."""
    zone = _zone(template.source, page)
    y0, y1, x0, x1 = _zone_window(template.source, page)
    if y1 <= y0:
        return zlib.compress(b"", 6)  # a side without boxes: no zone
    if zone.shape == (dark8.shape[0] // 2, dark8.shape[1] // 2):  # the page halved and blurred where the zone is only
        crop = dark8[2 * y0:2 * y1, 2 * x0:2 * x1]
        small = cv2.GaussianBlur(cv2.resize(crop, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA), (3, 3), 0)
        return zlib.compress(small[zone[y0:y1, x0:x1]].tobytes(), 6)
    small = cv2.GaussianBlur(cv2.resize(dark8, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA), (3, 3), 0)
    return zlib.compress(small[zone].tobytes(), 6)


@cache
def _zone_window(template_path: str, page: int) -> tuple[int, int, int, int]:
    """The rows and columns of the halved page (y0, y1, x0, x1) that the side's fingerprint zone needs: its
    extent and one pixel round it (the 3 x 3 blur's reach), or the page's edge, where the blur reflects the
    same pixels either way. Each pixel of a 2:1 area resize is its own 2 x 2 block, so the halved window is the
    halved page's window, pixel for pixel."""
    zone = _zone(template_path, page)
    h, w = zone.shape
    ys, xs = np.nonzero(zone)
    if not ys.size:
        return 0, 0, 0, 0
    return max(int(ys.min()) - 1, 0), min(int(ys.max()) + 2, h), max(int(xs.min()) - 1, 0), min(int(xs.max()) + 2, w)


def prepare_fingerprint(template: Template, page: int) -> None:
    """The side's fingerprint zone made now (warm.py: before workers fork)."""
    _zone(template.source, page)
    _zone_window(template.source, page)


@cache
def _zone(template_path: str, page: int) -> np.ndarray:
    """Where a side's marks can be, less its print: the same for every page of a side, so made once, as the
    printed mask is (reference.printed_mask)."""
    template = template_at(template_path)
    printed = printed_mask(template, page, K)
    h, w = printed.shape
    zone = np.zeros((h, w), np.uint8)
    for b in template.boxes(page):
        if b.kind == BoxKind.checkbox:
            r, g = b.rect, FINGERPRINT_MARGIN_MM
            x0, y0 = max(0, int((r.x - g) * K)), max(0, int((r.y - g) * K))
            zone[y0:int((r.y + r.h + g) * K), x0:int((r.x + r.w + g) * K)] = 1
    zone[printed > 0] = 0
    return cv2.resize(zone, (w // 2, h // 2), interpolation=cv2.INTER_NEAREST) > 0


FINGERPRINT_MARGIN_MM = 1.5
RESCAN_MIN_CORRELATION = 0.98  # measured on generated pairs: see README (un-numbered rescans)
RESCAN_MIN_ANSWERS = 3  # sides with fewer answers look alike whoever filled them
RESCAN_MAX_DIFFERENT = 1  # a second scan may read one doubtful box otherwise


def close_readings(a: dict[str, list[str]], b: dict[str, list[str]]) -> bool:
    """The readings of one side from two scans of one sheet: the same questions, at most one read otherwise,
    and enough answers alike that the likeness means something."""
    if a.keys() != b.keys():
        return False
    alike = sum(1 for q in a if a[q] and a[q] == b[q])
    return alike >= RESCAN_MIN_ANSWERS and sum(1 for q in a if a[q] != b[q]) <= RESCAN_MAX_DIFFERENT


def same_sheet(a: bytes, b: bytes) -> bool:
    """Two fingerprints from scans of one and the same filled sheet (not two sheets with equal answers)."""
    x = np.frombuffer(zlib.decompress(a), np.uint8).astype(np.float32)
    y = np.frombuffer(zlib.decompress(b), np.uint8).astype(np.float32)
    if len(x) != len(y) or len(x) == 0:
        return False
    x, y = x - x.mean(), y - y.mean()
    norm = float(np.sqrt((x * x).sum() * (y * y).sum()))
    return norm > 0 and float((x * y).sum()) / norm >= RESCAN_MIN_CORRELATION


def set_aside(src: PageSource, reason: PageReason, message: str) -> PageResult:
    """A page that is not read, with why: its own record, so every page ends in a known state."""
    return PageResult(src.file, src.index, src.page_id, "", PageState.set_aside, reason, message)


def read_page(src: PageSource, template: Template, use_ocr: bool = True) -> PageResult:
    t: dict[str, float] = {}
    t0 = _clock()
    if src.error:  # the file could not give this page: it is set aside on its own
        return set_aside(src, src.reason, src.error)
    try:
        gray, factor = decode_for_reading(src, template.page_size)
    except InputFileError as e:
        return set_aside(src, PageReason.unreadable, e.message)
    if max(gray.shape) * factor < MIN_PAGE_PX:
        h, w = gray.shape
        return set_aside(src, PageReason.too_small, f"ảnh {w}x{h} điểm ảnh, quá nhỏ để là một trang quét / image of {w}x{h} "
                         "pixels is too small to be a scanned page; rescan at 200-300 dpi")
    pixel_sha = hashlib.sha256(np.ascontiguousarray(gray).data).hexdigest()  # the pixels hashed in place, not copied
    t["decode"] = _clock() - t0
    res = PageResult(src.file, src.index, src.page_id, pixel_sha, PageState.set_aside)
    if src.data is None:
        res.rendered_png = cv2.imencode(".png", gray)[1].tobytes()
    res.streaks = find_streaks(gray)
    gray = erase_streaks(gray, res.streaks)
    a = align(gray, template)
    t["align"] = _clock() - t0 - t["decode"]
    if a is None:
        res.reason = PageReason.blank if _is_blank(gray) else PageReason.not_a_form
        res.message = "trang trắng" if res.reason == PageReason.blank else "không phải phiếu của cuộc điều tra này"
        res.timings = t
        return res
    res.side, res.quality, res.residual_mm, res.markers = a.page, a.quality, a.residual_mm, a.markers
    full_scale = np.diag([float(factor), float(factor), 1.0])
    res.homography = (full_scale @ a.homography).tolist()  # for the stored, full-size image
    mark = _clock()
    ident = identify(gray, a, template, use_ocr and factor == 1)
    if ident.code is None and use_ocr and factor > 1:
        full = Alignment(a.page, full_scale @ a.homography, a.residual_mm, a.markers, a.quality)
        ident = identify(decode(src), full, template, True)
    t["identify"] = _clock() - mark
    res.code, res.id_source, res.ocr_text = ident.code, ident.source, ident.ocr_text
    if ident.code is not None and (ident.code.survey_id, ident.code.version) != (template.survey_id, template.version):
        res.reason = PageReason.unknown_survey
        res.message = f"mã phiếu {ident.code.text()} thuộc cuộc điều tra hoặc mẫu phiếu khác"
        res.timings = t
        return res
    if ident.code is not None and ident.code.page != a.page:
        res.code = None
        res.id_source = IdSource.none
    mark = _clock()
    sample = gray[::7, ::7]
    bilevel = not np.any((sample > 0) & (sample < 255))
    warped = warp(gray, a, template.page_size, K)
    lv = levels(warped)
    canon = subtract_bleed(warped, template, a.page, lv=lv)
    if canon is not warped:  # the back's print taken out: the side's levels measured afresh
        lv = levels(canon)
    dark8 = darkness(canon, lv)
    printed = printed_mask(template, a.page, K)
    res.fingerprint = fingerprint(dark8, template, a.page)
    pm = read_page_marks(dark8, printed, template, a.page,
                         well_registered=len(a.markers) == len(template.fiducials_on(a.page)),
                         canon=canon, lv=lv, bilevel=bilevel)
    outlines = pm.outlines
    if outlines < DEFAULT.outlines_min:
        res.reason = PageReason.unreadable
        res.message = (f"không khớp được các ô in trên trang (chỉ {outlines:.0%} ô đúng chỗ): ảnh chụp nghiêng, cong "
                       "hoặc mất góc; chụp hoặc quét lại trang này")
        cut = boxes_outside(gray.shape, a, template)
        if cut:
            vi, en = part_of_page(cut, template.page_size)
            res.message = (f"{len(cut)} ô ở {vi} trang nằm ngoài khung ảnh; chụp lại cả trang / {len(cut)} boxes at the "
                           f"{en} of the page are outside the picture: take the photo again with the whole page")
        res.timings = t
        return res
    res.readings, res.stray = pm.readings, pm.stray
    t["marks"] = _clock() - mark
    mark = _clock()
    if outlines >= DEFAULT.outlines_confirm:
        # the printed boxes themselves confirm the registration that a few marks made shakily
        res.quality = max(res.quality, DEFAULT.outlines_quality)
    for q in template.marked_on(a.page):
        rs = [r for r in pm.readings if r.question_id == q.id]
        written = written_columns(comb_boxes(dark8, canon, lv, q.comb, rs, pm.floor)) if q.comb else []
        res.questions[q.id] = apply_rules(q, rs, pm.stray[q.id], res.quality, bilevel, written)
    inked = {q.id for q in template.questions if q.behaviour.handwritten and q.page == a.page and q.area is not None
             and ink_share(dark8, q.area) > TEXT_INK_MIN}
    if template.rosters:
        res.questions = settle_empty_rows(template, res.questions, inked)
    conditional = {q.id for q in template.questions if q.relevant}
    res.questions = page_rules(res.questions, pm.pen_kept, conditional, pm.from_remains, pm.light_hand, pm.settled)
    px_per_mm = source_px_per_mm(res.homography, template.page_size)
    if may_hide_ticks(px_per_mm, pm.floor, bilevel):  # coarse_blanks.py
        res.questions = blanks_unseen(res.questions, px_per_mm, light_evenness(canon), pm.floor, bilevel, conditional)
    t["rules"] = _clock() - mark
    mark = _clock()
    for q in template.questions:
        if q.id in inked and q.area is not None:
            # a preview; the review page and the OCR draft take the area afresh from the stored full image
            crop = warp(gray, a, (q.area.w, q.area.h), TEXT_CROP_PX_PER_MM / factor, (q.area.x, q.area.y))
            res.text_crops[q.id] = cv2.imencode(".png", crop)[1].tobytes()
    t["marks"] += _clock() - mark
    res.status = PageState.form
    res.timings = t
    return res
