"""What people and offices do to a sheet before it is scanned, for benchmarks.artefacts: holes, staples, stains,
notes, sticky notes, correction tape, stamps, dog-ears, highlighter, paper clips.

Same calling convention as benchmarks.artefact_kinds: (img, strength, rng, page) -> new image.
"""

from __future__ import annotations

import cv2
import numpy as np

from benchmarks.artefact_kinds import K, centre, darken, mm, pick_box, polyline
from scanner.corpus.draw import PENS, Canvas, curve, draw_mark, scribble
from scanner.template import Rect


def punch(img, s, rng, page):
    """Filing holes showing the scanner's black lid. s=1: 2 holes at x=12 mm; s=2: 4 holes (ISO 838) at 13 mm;
    s=3: 4 holes 6.5 mm wide at 15.5 mm, 2 mm from the left column of boxes."""
    x, r, ys = {1: (12, 3.0, [108.5, 188.5]), 2: (13, 3.0, [28.5, 108.5, 188.5, 268.5]),
                3: (15.5, 3.25, [28.5, 108.5, 188.5, 268.5])}[s]
    out = img.copy()
    for y in ys:
        y += rng.uniform(-2, 2)
        cv2.circle(out, (mm(x), mm(y)), mm(r) + 2, 150, -1, cv2.LINE_AA)
        cv2.circle(out, (mm(x), mm(y)), mm(r), int(rng.uniform(15, 45)), -1, cv2.LINE_AA)
    return out


def staple(img, s, rng, page):
    """A staple near the top-left corner marker. s=1: clear of it; s=2: across its corner; s=3: across it, with
    the two holes of a removed staple beside it."""
    c = {1: (6.0, 6.0), 2: (11.0, 11.0), 3: (15.0, 15.0)}[s]
    a = np.deg2rad(rng.uniform(35, 55))
    p0 = (mm(c[0] - 6 * np.cos(a)), mm(c[1] + 6 * np.sin(a)))
    p1 = (mm(c[0] + 6 * np.cos(a)), mm(c[1] - 6 * np.sin(a)))
    pucker = np.zeros(img.shape, np.float32)
    cv2.line(pucker, p0, p1, 1.0, mm(3.0), cv2.LINE_AA)
    out = darken(img, 0.18 * cv2.GaussianBlur(pucker, (0, 0), mm(1.5)))
    cv2.line(out, p0, p1, 40, max(2, mm(0.8)), cv2.LINE_AA)
    cv2.line(out, (p0[0], p0[1] + 2), (p1[0], p1[1] + 2), 170, 1, cv2.LINE_AA)
    if s == 3:
        for dx in (-4, 4):
            cv2.circle(out, (mm(25 + dx), mm(9)), 3, 50, -1)
    return out


def stain(img, s, rng, page):
    """A cup's ring over a cluster of boxes, darkest where the liquid dried. s=1: 22 mm faint water mark;
    s=2: 30 mm coffee ring; s=3: 40 mm dark coffee ring with a tinted inside."""
    _, o = pick_box(page, rng)
    cx, cy = centre(o.box)
    cx, cy = (cx + rng.uniform(-8, 8)) * K, (cy + rng.uniform(-8, 8)) * K
    diam, rw, edge, inner = {1: (22, 1.5, 0.10, 0.02), 2: (30, 2.0, 0.25, 0.05), 3: (40, 3.0, 0.40, 0.10)}[s]
    h, w = img.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    th = np.arctan2(yy - cy, xx - cx)
    wobble = 1 + 0.04 * np.sin(3 * th + rng.uniform(0, 6)) + 0.02 * np.sin(7 * th + rng.uniform(0, 6))
    r = np.hypot(xx - cx, yy - cy) / (diam / 2 * K * wobble)
    ring = np.exp(-((r - 1) / (rw / diam)) ** 2) * (0.8 + 0.2 * np.sin(2 * th + rng.uniform(0, 6)))
    return darken(img, edge * ring + inner * (r < 1))


def notes(img, s, rng, page):
    """The person's own writing. s=1: notes in the margins; s=2: also question text underlined and a question
    number circled; s=3: also option labels underlined and notes between rows, never inside a box."""
    cv = Canvas(img.copy(), K, rng)
    pen = PENS["ballpoint_blue"]
    qs = page.questions
    for q in qs[::2]:
        y = q.options[0].box.y
        scribble(cv, Rect(1.0, y - 9, 16.0, 10), pen, 2)
        scribble(cv, Rect(190.0, y - 6, 19.0, 10), pen, 2)
    if s >= 2:
        for q in qs:
            y, x0 = q.options[0].box.y - 2.5, 20 + rng.uniform(0, 20)
            cv.stroke(curve(rng, (x0, y), (x0 + rng.uniform(30, 80), y + rng.uniform(-0.3, 0.3)), 0.2), pen)
        y = qs[0].options[0].box.y - 5
        cv.stroke([(20 + 7 * np.cos(t), y + 3 * np.sin(t)) for t in np.linspace(0, 6.6, 24)], pen)
    if s >= 3:
        for q in qs:
            for o in q.options:
                if rng.random() < 0.4:
                    y, x = o.box.y + o.box.h + 0.9, o.box.x + o.box.w
                    cv.stroke(curve(rng, (x + 2, y), (x + rng.uniform(15, 30), y), 0.2), pen)
            scribble(cv, Rect(120.0, max(o.box.y for o in q.options) + 3.5, 60.0, 6), pen, 2)
    return cv.img


def shadowed_rect(img, x0, y0, w, h, tone: float, shadow: float, blur: float) -> np.ndarray:
    """Something flat lying on the page (a sticky note): its shadow down and right, then its own tone."""
    sh = np.zeros(img.shape, np.float32)
    cv2.rectangle(sh, (mm(x0 + 0.8), mm(y0 + 0.8)), (mm(x0 + w + 0.8), mm(y0 + h + 0.8)), 1.0, -1)
    out = darken(img, shadow * cv2.GaussianBlur(sh, (0, 0), blur))
    cv2.rectangle(out, (mm(x0), mm(y0)), (mm(x0 + w), mm(y0 + h)), tone, -1)
    return out


def sticky_note(img, s, rng, page):
    """A yellow sticky note (grey 232) with a written note. s=1: lower right, over print only; s=2: its edge across
    a row of boxes; s=3: over whole boxes (a hidden mark is lost: the reader must not call the question blank)."""
    _, o = pick_box(page, rng)
    if s == 1:
        x0, y0, w, h = 160, 245, 40, 30
    elif s == 2:
        x0, y0, w, h = min(o.box.x + o.box.w * rng.uniform(0.3, 0.7), 205), o.box.y - 40, 76, 76
    else:
        x0, y0, w, h = o.box.x - 10, o.box.y - 20, 60, 40
    cv = Canvas(shadowed_rect(img, x0, y0, w, h, 232, 0.25, 3), K, rng)
    scribble(cv, Rect(x0 + 3, y0 + 2, w - 6, min(h, 25) - 4), PENS["ballpoint_black"], 5)
    return cv.img


def correction_tape(img, s, rng, page):
    """The person covers the marked box of up to three single-choice questions with white tape (5 mm, faint edges)
    and then: s=1 marks another option (truth: that option); s=2 marks the same box on the tape, its outline gone
    (truth unchanged); s=3 marks nothing (truth: blank)."""
    cv = Canvas(img.copy(), K, rng)
    pen = PENS["ballpoint_blue"]
    done = 0
    for q in page.questions:
        if q.type != "single" or not page.truth[q.id] or rng.random() < 0.4 or done >= 3:
            continue
        o = next(o for o in q.options if o.id == page.truth[q.id][0])
        x0, y0 = o.box.x - 1.5, o.box.y + o.box.h / 2 - 2.5 + rng.uniform(-0.4, 0.4)
        x1 = o.box.x + o.box.w + rng.uniform(10, 25)
        cv2.rectangle(cv.img, (mm(x0), mm(y0)), (mm(x1), mm(y0 + 5.2)), 252, -1)
        cv2.line(cv.img, (mm(x0), mm(y0)), (mm(x1), mm(y0)), 200, 1, cv2.LINE_AA)
        cv2.line(cv.img, (mm(x0), mm(y0 + 5.2)), (mm(x1), mm(y0 + 5.2)), 185, 1, cv2.LINE_AA)
        if s == 1:
            others = [p for p in q.options if p.id != o.id]
            new = others[rng.integers(len(others))]
            draw_mark(cv, new.box, "x", pen)
            page.truth[q.id] = (new.id,)
        elif s == 2:
            draw_mark(cv, o.box, "x", pen)
        else:
            page.truth[q.id] = ()
        done += 1
    return cv.img


def stamp(img, s, rng, page):
    """An office's received-stamp in grey 110. s=1: in the top margin below the heading; s=2: over the QR code;
    s=3: over the bottom-right corner marker."""
    cx, cy = {1: (110, 35), 2: (175, 32), 3: (188, 280)}[s]
    angle = rng.uniform(-15, 15)
    layer = np.zeros(img.shape, np.uint8)
    frame = cv2.boxPoints(((mm(cx), mm(cy)), (mm(42), mm(16)), angle)).astype(np.int32)
    cv2.polylines(layer, [frame], True, 255, 4, cv2.LINE_AA)
    for k, text in enumerate(("DA NHAN", "12-03-2024")):
        cv2.putText(layer, text, (mm(cx - 17), mm(cy - 1 + 7 * k)), cv2.FONT_HERSHEY_DUPLEX, 1.3, 255, 3,
                    cv2.LINE_AA)
    if s != 1:
        layer = cv2.warpAffine(layer, cv2.getRotationMatrix2D((mm(cx), mm(cy)), angle, 1.0), img.shape[::-1])
    alpha = layer.astype(np.float32) / 255 * rng.uniform(0.5, 1.0, img.shape).astype(np.float32)
    return np.minimum(img, img * (1 - alpha) + 110 * alpha).astype(np.uint8)


def dog_ear(img, s, rng, page):
    """The bottom-right corner folded over: the lid shows black where it was, the blank back of the paper lies
    over the page. Legs s=1: 12 mm (clear of the marker); s=2: 25 mm (half of it hidden); s=3: 35 mm (all)."""
    leg = {1: 12, 2: 25, 3: 35}[s] * K
    h, w = img.shape
    missing = np.array([[w, h], [w - leg, h], [w, h - leg]], np.int32)
    sh = np.zeros(img.shape, np.float32)
    cv2.fillPoly(sh, [missing - 8], 1.0)
    out = img.astype(np.float32) * (1 - 0.3 * cv2.GaussianBlur(sh, (0, 0), 5))
    cv2.fillPoly(out, [missing], 30.0)
    cv2.fillPoly(out, [np.array([[w - leg, h], [w, h - leg], [w - leg, h - leg]], np.int32)], 238.0)
    cv2.line(out, (int(w - leg), h), (w, int(h - leg)), 120.0, 2, cv2.LINE_AA)
    return np.clip(out, 0, 255).astype(np.uint8)


def highlighter(img, s, rng, page):
    """A highlighter (grey 215). s=1: over question headings; s=2: also over some option labels from 1 mm right
    of the box; s=3: over whole rows of options, boxes included (the intent is unclear)."""
    layer = np.zeros(img.shape, np.float32)
    for q in page.questions:
        y = q.options[0].box.y - 6
        cv2.rectangle(layer, (mm(19), mm(y - 2.3)), (mm(19 + rng.uniform(40, 150)), mm(y + 2.3)), 1.0, -1)
        for o in q.options if s >= 2 else ():
            if rng.random() < 0.3:
                x0 = o.box.x + o.box.w + 1 if s == 2 else o.box.x - 1
                cv2.rectangle(layer, (mm(x0), mm(o.box.y - 0.3)),
                              (mm(o.box.x + o.box.w + 25), mm(o.box.y + o.box.h + 0.3)), 1.0, -1)
    return darken(img, layer * (1 - 215 / 255))


def paperclip(img, s, rng, page):
    """A paper clip left on (1 mm wire, grey 70, shadowed). s=1: on the top edge near the middle; s=2: on the
    top-left marker; s=3: on the left edge across the left column of boxes."""
    if s == 3:
        _, o = pick_box(page, rng)
        y = o.box.y + o.box.h / 2
        pts = [(4, y - 3), (30, y - 3), (30, y + 3), (8, y + 3), (8, y - 1.5), (26, y - 1.5)]
    else:
        x = {1: 100, 2: 14}[s]
        pts = [(x - 3, -2), (x - 3, 30), (x + 3, 30), (x + 3, 4), (x - 1.5, 4), (x - 1.5, 24)]
    out = img.copy()
    for d, grey, width in ((0.6, 170, 1.4), (0, 70, 1.0)):
        polyline(out, [(x + d, y + d) for x, y in pts], grey, max(1, mm(width)))
    return out
