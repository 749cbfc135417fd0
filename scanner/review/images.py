"""Pictures for people: a question's region with its boxes outlined by state, and the whole page small.

Drawn on request from the page image kept in the store and the homography
found when it was read; this is also the debug overlay for tuning.
"""

from __future__ import annotations

import cv2
import numpy as np

from ..align import Alignment, warp
from ..decode import decode
from ..page_source import PageSource
from ..store import Store
from ..template import Template
from ..vocab import BoxState, ImageView
from .words import crop_bounds

PAGE_K = 5.0  # px/mm of the whole page at a key press: 10-point print stays readable (2.5 was a thumbnail)
STATE_BGR = {BoxState.marked: (40, 160, 40), BoxState.filled: (200, 90, 20), BoxState.uncertain: (0, 0, 220),
             BoxState.empty: (150, 150, 150)}


def _page(store: Store, page_id: str) -> tuple[np.ndarray, Alignment | None] | None:
    stored = store.page_image(page_id)
    if stored is None:
        return None
    gray = decode(PageSource("store", 0, "0" * 64, stored.data, stored.fmt))
    h, side = stored.homography, stored.side
    return gray, (Alignment(side, np.array(h), 0.0, (), 1.0) if h and side else None)


def _png(img: np.ndarray) -> bytes:
    return cv2.imencode(".png", img, [cv2.IMWRITE_PNG_COMPRESSION, 1])[1].tobytes()  # speed over size: served locally


def _encode(img: np.ndarray, fmt: str) -> bytes:
    """PNG for files people keep; JPEG for the review page, where drawing and showing fast matters most."""
    if fmt == "jpeg":
        return cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()
    return _png(img)


def region(store: Store, template: Template, page_id: str, question_id: str, k: float = 8.0,
           fmt: str = "png") -> bytes | None:
    """The question's boxes and labels as printed, enlarged, each box outlined in the colour of its machine state."""
    got = _page(store, page_id)
    if got is None or got[1] is None:
        return None
    gray, a = got[0], got[1]
    q = template.question(question_id)
    q = q.part_on(a.page) or q  # a long list: the part printed on this page
    x0, y0, x1, y1 = crop_bounds(template, q)
    img = cv2.cvtColor(warp(gray, a, (x1 - x0, y1 - y0), k, (x0, y0)), cv2.COLOR_GRAY2BGR)
    states = {(r.question_id, r.option_id): r for r in store.box_readings(page_id)}
    for o in q.options:
        r = states.get((q.id, o.id))
        dx, dy = (r.dx_mm, r.dy_mm) if r else (0.0, 0.0)
        p0 = (int((o.box.x + dx - x0) * k) - 3, int((o.box.y + dy - y0) * k) - 3)
        p1 = (int((o.box.x + dx + o.box.w - x0) * k) + 3, int((o.box.y + dy + o.box.h - y0) * k) + 3)
        # the outline only: the boxes' internal ids ("c1d0 … c8d9" on a digit grid) were drawn in red over the marks
        cv2.rectangle(img, p0, p1, STATE_BGR.get(r.state if r else BoxState.empty, (150, 150, 150)), 2)
    return _encode(img, fmt)


def whole_page(store: Store, template: Template, page_id: str, highlight: str | None = None, k: float = 2.5,
               fmt: str = "png") -> bytes | None:
    got = _page(store, page_id)
    if got is None:
        return None
    gray, a = got
    if a is None:
        scale = min(1.0, 1800 / max(gray.shape))  # unaligned: still readable
        return _encode(cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), fmt)
    img = cv2.cvtColor(warp(gray, a, template.page_size, k), cv2.COLOR_GRAY2BGR)
    if highlight:
        q = template.question(highlight)
        q = q.part_on(a.page) or q
        rects = [q.area] if q.area else [o.box for o in q.options]
        x0, y0 = min(r.x for r in rects) - 2, min(r.y for r in rects) - 2
        x1, y1 = max(r.x + r.w for r in rects) + 2, max(r.y + r.h for r in rects) + 2
        cv2.rectangle(img, (int(x0 * k), int(y0 * k)), (int(x1 * k), int(y1 * k)), (0, 0, 230), 2)
    return _encode(img, fmt)


def overlay(store: Store, template: Template, page_id: str, k: float = 5.0) -> bytes | None:
    """The whole aligned page with every box drawn in the colour of its state: the tuning view."""
    got = _page(store, page_id)
    if got is None or got[1] is None:
        return None
    gray, a = got[0], got[1]
    img = cv2.cvtColor(warp(gray, a, template.page_size, k), cv2.COLOR_GRAY2BGR)
    for r in store.box_readings(page_id):
        b = template.question(r.question_id).option(r.option_id).box
        p0 = (int((b.x + r.dx_mm) * k) - 2, int((b.y + r.dy_mm) * k) - 2)
        p1 = (int((b.x + r.dx_mm + b.w) * k) + 2, int((b.y + r.dy_mm + b.h) * k) + 2)
        cv2.rectangle(img, p0, p1, STATE_BGR[r.state], 2)
        cv2.putText(img, f"{r.confidence:.2f}", (p1[0] + 2, p1[1]), cv2.FONT_HERSHEY_SIMPLEX, 0.35, STATE_BGR[r.state],
                    1)
    return _png(img)


def parts_view(store: Store, template: Template, page_ids: list[str], question_id: str) -> bytes | None:
    """A list printed over several pages, every page's part one under the other: the reviewer judges the whole
    question (a mark on the first page and another on the third are one answer, or two)."""
    name = f"region:{question_id}:jpeg:2:" + "+".join(page_ids)
    cached = store.cached_crop(page_ids[0], name)
    if cached is not None:
        return cached
    pictures: list[np.ndarray] = []
    for pid in page_ids:
        got = view(store, template, pid, ImageView.region, question_id)
        img = cv2.imdecode(np.frombuffer(got, np.uint8), cv2.IMREAD_COLOR) if got is not None else None
        if img is not None:
            pictures.append(img)
    if not pictures:
        return None
    width = max(p.shape[1] for p in pictures)
    rule = np.full((6, width, 3), 90, np.uint8)  # a dark line where one page ends and the next begins
    rows: list[np.ndarray] = []
    for p in pictures:
        pad = np.full((p.shape[0], width - p.shape[1], 3), 255, np.uint8)
        rows += [rule] if rows else []
        rows.append(np.hstack([p, pad]))
    jpeg = _encode(np.vstack(rows), "jpeg")
    store.cache_crop(page_ids[0], name, jpeg)
    return jpeg


def view(store: Store, template: Template, page_id: str, what: str, question_id: str | None = None) -> bytes | None:
    """A picture for the review page, drawn once and then served from the store's crop cache.

    what: "region" (the question enlarged; the whole page when the page has no registration) or "page"
    (the whole page small, the question outlined)."""
    name = f"{what}:{question_id or ''}:jpeg:2"  # :2 since crops open at the question's first line
    png = store.cached_crop(page_id, name)
    if png is not None:
        return png
    if what == ImageView.region and question_id:
        # 6.5 px/mm: a whole-width region fits the page without the browser shrinking it
        png = region(store, template, page_id, question_id, k=6.5, fmt="jpeg") or \
            whole_page(store, template, page_id, fmt="jpeg")
    else:
        png = whole_page(store, template, page_id, question_id, k=PAGE_K, fmt="jpeg")
    if png is not None:
        store.cache_crop(page_id, name, png)
    return png
