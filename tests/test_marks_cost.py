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
