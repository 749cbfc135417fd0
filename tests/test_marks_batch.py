"""The marks stage's per-page batches (issue 26) give exactly what the box-by-box computations give: each batch is
checked against the plain computation written out here the slow way, float for float, and each is shown to
take the batch path (the plain one stays for the odd page: boxes of several sizes, shifts off the page)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from scanner import box_batch, box_place, traces
from scanner.box_batch import InsideCounts, read_boxes
from scanner.box_state import read_box
from scanner.fine import Fine, line_response
from scanner.ink import DEFAULT, share_above
from scanner.strokes import _ANGLES, _LENGTH_SHARE, _sampling, straightest
from scanner.texture import paper_level, percentile_u8
from scanner.traces import noise_floor, outline_reach


def _brute_locate(integral: np.ndarray, rects: np.ndarray, search: int, priors: np.ndarray, pull: float) -> np.ndarray:
    """Every shift tried one by one from the integral image, row-major, the first best kept (no shift clipped)."""
    out = []
    for (x, y, w, h), (px, py) in zip(rects.tolist(), priors.tolist(), strict=True):
        def box(ax: int, ay: int, aw: int, ah: int) -> int:
            return int(integral[ay + ah, ax + aw]) - int(integral[ay, ax + aw]) - int(integral[ay + ah, ax]) + int(integral[ay, ax])
        best, at = -np.inf, (0, 0)
        for gy in range(-search, search + 1):
            for gx in range(-search, search + 1):
                dx, dy = gx + px, gy + py
                ring = box(x + dx, y + dy, w, h) - box(x + dx + 2, y + dy + 2, w - 4, h - 4)
                score = float(ring) / (255.0 * 4 * (w + h)) - pull * float(np.hypot(gx, gy))
                if score > best:
                    best, at = score, (dx, dy)
        out.append(at)
    return np.array(out, np.int64)


def test_boxes_of_one_size_are_located_from_their_windows_as_shift_by_shift():
    rng = np.random.default_rng(26)
    for trial in range(30):
        img = rng.integers(0, 90, (220, 260)).astype(np.uint8)
        n, w, h = int(rng.integers(2, 9)), int(rng.integers(9, 20)), int(rng.integers(9, 20))
        x, y = rng.integers(40, 260 - w - 40, n), rng.integers(40, 220 - h - 40, n)
        for k in range(n):
            sx, sy = int(x[k] + rng.integers(-5, 6)), int(y[k] + rng.integers(-5, 6))
            cv2.rectangle(img, (sx, sy), (sx + w - 1, sy + h - 1), 255, 2)
        rects = np.stack([x, y, np.full(n, w), np.full(n, h)], axis=1).astype(np.int64)
        priors = rng.integers(-4, 5, (n, 2)).astype(np.int64)
        search, pull = int(rng.integers(10, 16)), (0.02, 0.005)[trial % 2]  # a wide search (page_offsets')
        integral = cv2.integral(img, sdepth=cv2.CV_32S)
        assert box_place._locate_windows(integral, rects, search, priors, pull) is not None  # the batch path
        got = box_place.locate_boxes(integral, rects, search, priors, pull)
        assert np.array_equal(got, _brute_locate(integral, rects, search, priors, pull))


def test_a_box_whose_shifts_reach_past_the_page_is_located_the_plain_way():
    integral = cv2.integral(np.zeros((100, 100), np.uint8), sdepth=cv2.CV_32S)
    rects = np.array([[2, 40, 12, 12], [50, 40, 12, 12]], np.int64)
    assert box_place._locate_windows(integral, rects, 5, np.zeros((2, 2), np.int64), 0.02) is None
    narrow = np.array([[40, 40, 12, 12], [60, 40, 12, 12]], np.int64)  # a narrow search: the corners' gathers
    assert box_place._locate_windows(integral, narrow, 2, np.zeros((2, 2), np.int64), 0.02) is None


def _insides(rng: np.random.Generator, n: int, size: int = 15) -> list[np.ndarray]:
    """Box insides as a page has them: most plainly empty, some with faint haze, a speck, a stroke or a fill."""
    out = []
    for k in range(n):
        a = (rng.random((size, size)) * 0.02).astype(np.float32)
        kind = k % 6
        if kind == 1:
            a += np.float32(0.12)  # haze below faint_ink, above faint_trace_ink
        elif kind == 2:
            a[7, 7] = 0.9  # a speck
        elif kind == 3:
            np.fill_diagonal(a, 0.8)  # a stroke
        elif kind == 4:
            a[:] = 0.9  # a fill
        out.append(a)
    return out


class _Q:
    def __init__(self, qid: str) -> None:
        self.id = qid


class _O(_Q):
    pass


@pytest.mark.parametrize("bilevel", [False, True])
def test_boxes_read_in_one_pass_read_as_read_box_reads_each(monkeypatch, bilevel):
    rng = np.random.default_rng(11)
    ins = _insides(rng, 24)
    lines = [line_response(i)[1:-1, 1:-1] for i in ins]
    found = [(i, (0, 15, 0, 15), int(rng.integers(-3, 4)), int(rng.integers(-3, 4))) for i in ins]
    pairs = [(_Q(f"q{k // 4}"), _O(str(k % 4))) for k in range(len(ins))]
    floor = 0.03
    want = [read_box(q.id, o.id, i, ln, dx, dy, floor, DEFAULT, bilevel)
            for (q, o), (i, _, dx, dy), ln in zip(pairs, found, lines, strict=True)]
    calls = []
    monkeypatch.setattr(box_batch, "read_box", lambda *a, **k: calls.append(a) or read_box(*a, **k))
    got = read_boxes(pairs, found, lines, InsideCounts.of(ins, DEFAULT), floor, DEFAULT, bilevel)  # type: ignore[arg-type]
    assert [repr(r) for r in got] == [repr(r) for r in want]  # the same values, numpy floats where read_box gives them
    assert 0 < len(calls) < len(ins) - 3  # the plainly empty boxes were not read one by one


def test_inside_counts_are_share_above_counts_for_any_sizes():
    rng = np.random.default_rng(2)
    for ins in (_insides(rng, 12), [*_insides(rng, 5), _insides(rng, 1, 9)[0], np.zeros((0, 0), np.float32)]):
        c = InsideCounts.of(ins, DEFAULT)
        for k, i in enumerate(ins):
            assert c.ink_share(k) == share_above(i, DEFAULT.ink)
            assert c.faint_share(k) == share_above(i, DEFAULT.faint_ink)
            assert c.trace[k] == bool(i.size and (i > DEFAULT.faint_trace_ink).any())


def _reach_plain(lines: list[np.ndarray]) -> int:
    th = DEFAULT
    shaped = [ln for ln in lines if min(ln.shape, default=0) >= 2 * th.reach_max_px + 3]
    if len(shaped) < 4:
        return 0
    for b in range(th.reach_max_px + 1):
        ring = float(np.median([traces._ring_max(ln, b) for ln in shaped]))
        within = float(np.median([float(ln[b + 1:-b - 1, b + 1:-b - 1].max()) for ln in shaped]))
        if ring <= th.reach_ratio * within:
            return b
    return th.reach_max_px + 1


def _floor_plain(lines: list[np.ndarray], b: int) -> float:
    th = DEFAULT
    tops = np.array([float(i[b:i.shape[0] - b, b:i.shape[1] - b].max()) for i in lines if i.shape[0] > 2 * b and
                     i.shape[1] > 2 * b])
    if not tops.size:
        return th.trace_floor_min
    kept = tops[tops <= th.floor_outlier * max(float(np.median(tops)), th.trace_floor_min)]
    return max(float(np.percentile(kept, th.floor_box_quantile)), th.trace_floor_min)


def test_reach_and_floor_on_stacked_lines_are_the_box_by_box_ones():
    rng = np.random.default_rng(7)
    for trial in range(40):
        lines = [(rng.random((13, 13)) * 0.04).astype(np.float32) for _ in range(int(rng.integers(3, 30)))]
        for ln in lines[: trial % 7]:
            ln[:trial % 3 + 1, :] += np.float32(0.2)  # a copier's heavier print along the rim
        if trial % 5 == 0:
            lines.append((rng.random((11, 12)) * 0.04).astype(np.float32))  # another size: box by box
        assert outline_reach(lines) == _reach_plain(lines)
        for b in range(3):
            assert noise_floor(lines, DEFAULT, b) == _floor_plain(lines, b)


def test_the_paper_level_from_a_histogram_is_numpys_percentile():
    rng = np.random.default_rng(1)
    for n in (1, 2, 3, 17, 999, 1000, 4097):
        for v in (rng.integers(0, 256, n), np.minimum(rng.exponential(4, n), 255), np.full(n, 7)):
            v = v.astype(np.uint8)
            for q in (0.0, 50.0, 97.0, 99.9, 100.0):
                assert repr(percentile_u8(v, q)) == repr(float(np.percentile(v, q)))
    squares = [rng.integers(0, 60, (15, 15)).astype(np.uint8) for _ in range(20)]
    assert paper_level(squares) == float(np.percentile(np.concatenate([s.ravel() for s in squares]), 99.9)) / 255


def test_paper_squares_closed_in_one_pass_are_closed_as_one_by_one():
    rng = np.random.default_rng(4)
    canon = rng.integers(150, 230, (200, 240)).astype(np.uint8)
    canon[rng.random(canon.shape) < 0.03] = 40  # specks and strokes on the paper
    fine = Fine.of(canon)
    rects = [(30, 45, 30, 45), (100, 115, 150, 165), (60, 75, 200, 215), (2, 17, 100, 115),  # the last by the edge
             (150, 161, 20, 33), (120, 131, 60, 73)]  # another size
    for got, r in zip(fine.darkness_many(rects), rects, strict=True):
        assert np.array_equal(got, fine.darkness(*r))


def _straightest_plain(inside: np.ndarray) -> float:
    h, w = inside.shape
    if min(h, w) < 5:
        return 0.0
    mx, my, valid = _sampling(h, w)
    samples = cv2.remap(inside.astype(np.float32), mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    counts = valid.sum(axis=1).astype(np.float32)
    sums = np.where(valid, samples, 0.0).sum(axis=1)
    n_off = len(sums) // _ANGLES
    sums, counts = sums.reshape(_ANGLES, n_off), counts.reshape(_ANGLES, n_off)
    sums, counts = sums[:, :-1] + sums[:, 1:], counts[:, :-1] + counts[:, 1:]
    ok = counts >= 2 * _LENGTH_SHARE * min(h, w)
    if not ok.any():
        return 0.0
    return max(0.0, float((sums[ok] / counts[ok]).max()) - float(np.median(inside)))


def test_straightest_with_its_counts_made_once_is_the_plain_measure():
    rng = np.random.default_rng(9)
    big = rng.random((60, 60)).astype(np.float32)
    for k in range(30):
        inside = (rng.random((15, 15)) * 0.1).astype(np.float32)
        if k % 2:
            np.fill_diagonal(inside, 0.6)
        assert straightest(inside) == _straightest_plain(inside)
    view = big[5:20, 7:22]  # a view into a larger page, as Fine.darkness gives
    assert straightest(view) == _straightest_plain(view)


def test_swayed_strips_with_one_plane_shift_take_what_a_strip_by_strip_search_takes():
    """A bent photo's label tried at the sway's shifts and at a plane's shift that is one for the whole band (on
    the stack or off it): the strips batched from the stack take what one strip and one shift at a time takes."""
    from scanner.stray import STRIP_PX, _Around, _strips

    rng = np.random.default_rng(17)
    for trial in range(60):
        printed = rng.random((140, 260)) < rng.uniform(0.05, 0.5)
        region = (20, 20, 240, 120)
        sway = int(rng.integers(1, 5))
        shift = (int(rng.integers(-3, 4)), int(rng.integers(-3, 4)))
        around = _Around(printed, region, 4 + sway + STRIP_PX)
        band = (int(rng.integers(20, 60)), int(rng.integers(20, 40)), int(rng.integers(100, 240)), int(rng.integers(60, 120)))
        ink = rng.random((band[3] - band[1], band[2] - band[0])) < rng.uniform(0.0, 0.6)
        plane = (shift[0] + int(rng.integers(-1, 2)) * (trial % 2), shift[1] + int(rng.integers(-6, 7)))

        def along(x: float, y: float, p=plane) -> tuple[int, int]:
            return p

        for fn in (along, None):
            got = _strips(around, ink, band, shift, fn, sway)
            want = np.zeros(ink.shape, bool)
            ax, ay, bx, by = band
            for cx in range(ax, bx, STRIP_PX):
                cb = min(cx + STRIP_PX, bx)
                tried = [shift] + ([fn(0, 0)] if fn is not None else []) + [(shift[0], shift[1] + d)
                                                                             for d in range(-sway, sway + 1) if d]
                here = [around.at((cx, ay, cb, by), s) for s in tried]
                left = [int(np.count_nonzero(ink[:, cx - ax:cb - ax] & ~m)) for m in here]
                want[:, cx - ax:cb - ax] = here[left.index(min(left))]
            assert np.array_equal(got, want)


def test_the_fingerprint_from_its_zone_window_is_the_whole_pages():
    import zlib

    from scanner import pipeline
    from scanner.template import load_template

    t = load_template()
    rng = np.random.default_rng(8)
    for page in range(1, t.pages + 1):
        dark8 = rng.integers(0, 256, (1485, 1050)).astype(np.uint8)
        zone = pipeline._zone(t.source, page)
        small = cv2.GaussianBlur(cv2.resize(dark8, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA), (3, 3), 0)
        assert pipeline.fingerprint(dark8, t, page) == zlib.compress(small[zone].tobytes(), 6)


def test_the_insides_mosaic_taken_in_one_gather_is_the_one_laid_inside_by_inside():
    from scanner.fine import _MARGIN, _mosaic, _mosaic_plain

    rng = np.random.default_rng(12)
    canon = rng.integers(0, 256, (300, 260)).astype(np.uint8)
    m = _MARGIN
    for _ in range(20):
        n, h, w = int(rng.integers(1, 30)), int(rng.integers(5, 20)), int(rng.integers(5, 20))
        y0, x0 = rng.integers(m, 300 - h - m, n), rng.integers(m, 260 - w - m, n)
        insides = [(int(y), int(y) + h, int(x), int(x) + w) for y, x in zip(y0, x0, strict=True)]
        got = _mosaic(canon, insides, h + 2 * m, w + 2 * m, 200)
        assert np.array_equal(got, _mosaic_plain(canon, insides, h + 2 * m, w + 2 * m, 200))
    edge = [(2, 17, 40, 55), (100, 115, 100, 115)]  # surroundings off the page: the paper's grey there
    assert np.array_equal(_mosaic(canon, edge, 15 + 2 * m, 15 + 2 * m, 200),
                          _mosaic_plain(canon, edge, 15 + 2 * m, 15 + 2 * m, 200))
