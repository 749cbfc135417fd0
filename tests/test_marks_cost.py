"""The marks stage made cheaper without changing a reading: each shortcut gives exactly what the plain
computation gives, checked against that computation written out the slow way."""

from __future__ import annotations

import cv2
import numpy as np

from scanner.box_place import locate_boxes


def _ring(img: np.ndarray, x: int, y: int, w: int, h: int, b: int = 2) -> int:
    """Sum of the b-pixel band just inside the rectangle, by summing the pixels themselves."""
    block = img[y:y + h, x:x + w].astype(np.int64)
    return int(block.sum() - block[b:h - b, b:w - b].sum())


def _brute(img: np.ndarray, rects: np.ndarray, search: int, priors: np.ndarray) -> np.ndarray:
    """Every shift tried one by one, in the same row-major order, the first best kept."""
    H, W = img.shape
    out = []
    for (x, y, w, h), (px, py) in zip(rects.tolist(), priors.tolist(), strict=True):
        best, at = -np.inf, (0, 0)
        for gy in range(-search, search + 1):
            for gx in range(-search, search + 1):
                dx = min(max(gx + px, -x), W - x - w)
                dy = min(max(gy + py, -y), H - y - h)
                score = _ring(img, x + dx, y + dy, w, h) / (255.0 * 4 * (w + h)) - 0.02 * np.hypot(dx - px, dy - py)
                if score > best:
                    best, at = score, (dx, dy)
        out.append(at)
    return np.array(out, np.int64)


def test_boxes_are_found_where_a_shift_by_shift_search_finds_them():
    rng = np.random.default_rng(5)
    for _ in range(40):
        H, W = (int(v) for v in rng.integers(60, 160, 2))
        img = rng.integers(0, 120, (H, W)).astype(np.uint8)
        n = int(rng.integers(1, 6))
        w, h = rng.integers(8, 24, n), rng.integers(8, 24, n)
        x, y = rng.integers(0, W - w), rng.integers(0, H - h)
        for k in range(n):  # a printed square somewhere near each box, so the darkest ring is a real one
            sx, sy = int(x[k] + rng.integers(-3, 4)), int(y[k] + rng.integers(-3, 4))
            cv2.rectangle(img, (sx, sy), (sx + int(w[k]) - 1, sy + int(h[k]) - 1), 255, 2)
        rects = np.stack([x, y, w, h], axis=1).astype(np.int64)
        priors = rng.integers(-4, 5, (n, 2)).astype(np.int64)
        search = int(rng.integers(1, 9))
        got = locate_boxes(cv2.integral(img), rects, search, priors)
        assert np.array_equal(got, _brute(img, rects, search, priors))


def test_the_template_is_parsed_once_and_again_when_its_file_changes(tmp_path):
    import json
    import os

    from scanner.template import DEFAULT_TEMPLATE, template_at

    path = tmp_path / "layout.json"
    raw = json.loads(DEFAULT_TEMPLATE.read_text(encoding="utf-8"))
    path.write_text(json.dumps(raw), encoding="utf-8")
    first = template_at(str(path))
    assert template_at(str(path)) is first  # the same parse while the file stays as it is
    raw["title"] = "PHIẾU THỬ"
    path.write_text(json.dumps(raw), encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a different stamp even within the file system's clock resolution
    again = template_at(str(path))
    assert again is not first and again.title == "PHIẾU THỬ" and first.title != "PHIẾU THỬ"


def _strip_by_strip(around, ink, band, shift, along, sway):
    """A label's strips matched to the print one strip and one shift at a time (the plain computation)."""
    from scanner.stray import STRIP_PX

    ax, ay, bx, by = band
    sx, sy = shift
    out = np.zeros(ink.shape, bool)
    for cx in range(ax, bx, STRIP_PX):
        cb = min(cx + STRIP_PX, bx)
        tried = [(sx, sy)] + ([along((cx + cb) / 2, (ay + by) / 2)] if along is not None else [])
        tried += [(sx, sy + d) for d in range(-sway, sway + 1) if d]
        here = [around.at((cx, ay, cb, by), s) for s in tried]
        strip = ink[:, cx - ax:cb - ax]
        left = [int(np.count_nonzero(np.greater(strip, m))) for m in here]
        out[:, cx - ax:cb - ax] = here[left.index(min(left))]
    return out


def test_a_labels_strips_take_the_shift_a_strip_by_strip_search_takes():
    from scanner.stray import _Around, _strips

    rng = np.random.default_rng(11)
    for _ in range(60):
        H, W = (int(v) for v in rng.integers(80, 200, 2))
        printed = rng.random((H, W)) < rng.uniform(0.05, 0.5)
        x0, y0 = int(rng.integers(0, W // 3)), int(rng.integers(0, H // 3))
        x1, y1 = int(rng.integers(x0 + 5, W)), int(rng.integers(y0 + 5, H))
        region = (x0, y0, x1, y1)
        sway = int(rng.integers(0, 4))
        shift = (int(rng.integers(-4, 5)), int(rng.integers(-4, 5)))
        around = _Around(printed, region, 4 + sway + int(rng.integers(0, 12)))  # some shifts beyond its reach
        ax, bx = int(rng.integers(x0, x1 - 1)), x1
        ay, by = int(rng.integers(y0, y1 - 1)), y1
        ax, bx = min(ax, bx - 1), bx
        ink = rng.random((by - ay, bx - ax)) < rng.uniform(0.0, 0.6)
        slope = (rng.uniform(-0.1, 0.1), rng.uniform(-0.1, 0.1))

        def along(x: float, y: float, s=slope) -> tuple[int, int]:
            return int(round(s[0] * x)), int(round(s[1] * y))

        for fn in (along, None):
            if fn is None and not sway:
                continue
            got = _strips(around, ink, (ax, ay, bx, by), shift, fn, sway)
            assert np.array_equal(got, _strip_by_strip(around, ink, (ax, ay, bx, by), shift, fn, sway))


def test_a_plane_shift_is_matched_on_its_own_strip_only():
    """The plane through a question's box shifts gives each strip of a label its own shift: that shift's print
    is taken for its strip alone, and the whole band only for the shifts every strip tries (the box's own, the
    sway's), as many band-wide masks as those; before, every strip's own shift masked the whole band."""
    from scanner.stray import STRIP_PX, _Around, _strips

    rng = np.random.default_rng(5)
    printed = rng.random((120, 400)) < 0.2
    region = (20, 20, 380, 100)
    around = _Around(printed, region, 12)
    band = (30, 30, 370, 90)
    ink = rng.random((60, 340)) < 0.3
    wide = []
    real, real_stack = around.at, around.sway_stack

    def at(r, s):
        if r == band:
            wide.append(s)
        return real(r, s)

    def sway_stack(r, s, sway):
        if r == band:
            wide.extend((s[0], s[1] + d) for d in range(sway, -sway - 1, -1))
        return real_stack(r, s, sway)

    around.at = at  # type: ignore[method-assign]
    around.sway_stack = sway_stack  # type: ignore[method-assign]

    def along(x: float, y: float) -> tuple[int, int]:
        return int(x // STRIP_PX) % 7 - 3, int(x // (2 * STRIP_PX)) % 5 - 2  # a shift of its own for most strips

    got = _strips(around, ink, band, (0, 0), along, 2)
    assert sorted(wide) == [(0, -2), (0, -1), (0, 0), (0, 1), (0, 2)]
    around.at = real  # type: ignore[method-assign]
    assert np.array_equal(got, _strip_by_strip(around, ink, band, (0, 0), along, 2))


def test_the_sway_stack_holds_the_masks_at_gives():
    from scanner.stray import _Around

    rng = np.random.default_rng(8)
    for _ in range(40):
        printed = rng.random((150, 220)) < 0.3
        region = (30, 30, 190, 120)
        reach = int(rng.integers(3, 20))
        around = _Around(printed, region, reach)
        band = (int(rng.integers(30, 100)), int(rng.integers(30, 80)), int(rng.integers(110, 190)), int(rng.integers(90, 120)))
        shift, sway = (int(rng.integers(-6, 7)), int(rng.integers(-6, 7))), int(rng.integers(1, 8))
        stack = around.sway_stack(band, shift, sway)
        if max(abs(shift[0]), abs(shift[1]) + sway) > reach:
            assert stack is None
            continue
        assert stack is not None and len(stack) == 2 * sway + 1
        for i, d in enumerate(range(sway, -sway - 1, -1)):
            assert np.array_equal(stack[i], around.at(band, (shift[0], shift[1] + d)))


def test_the_next_box_in_a_row_and_the_median_shift_are_what_the_plain_computation_gives():
    from scanner.stray import _median_int, _next_in_row
    from scanner.template import load_template

    rng = np.random.default_rng(3)
    for _ in range(200):
        v = [int(x) for x in rng.integers(-9, 10, int(rng.integers(1, 9)))]
        assert _median_int(v) == int(np.median(v))
    for q in load_template().marked_questions():
        plain = []
        for o in q.options:
            row = [p.box.x for p in q.options if abs(p.box.y - o.box.y) < 1.0 and p.box.x > o.box.x]
            plain.append(min(row) if row else None)
        assert list(_next_in_row(q.options)) == plain


def test_the_print_strength_is_measured_on_the_pixels_the_mask_picks():
    from scanner.box_place import print_strength
    from scanner.ink import DEFAULT, K
    from scanner.reference import printed_mask
    from scanner.template import load_template

    template = load_template()
    rng = np.random.default_rng(2)
    for page in range(1, template.pages + 1):
        mask = printed_mask(template, page, K, 0.0)
        dark8 = rng.integers(0, 256, mask.shape).astype(np.uint8)
        level = float(dark8[::2, ::2][mask[::2, ::2]].mean()) / 255
        assert print_strength(dark8, template, page) == float(np.clip(level / DEFAULT.print_plain, DEFAULT.print_weakest, 1.0))
