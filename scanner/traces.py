"""Traces inside a box, measured pixel by pixel against the paper right around them and the page's own noise:
"empty" is earned, and a pencil line one pixel wide keeps its contrast."""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from .fast_stats import median
from .fine import Fine as Fine  # re-exported: speckled_rings.py (another branch's this session) imports it from here
from .ink import DEFAULT, K, Thresholds


@dataclass(frozen=True)
class Trace:
    """What stands out from the page's noise inside a box: how far it reaches and how dark it is."""

    length_mm: float  # the longest stroke-like trace: the diagonal of its extent
    darkness: float  # its median line response (0 paper .. 1 print)
    level: float  # the least response the page's noise allowed to count as a trace


def outline_reach(lines: list[np.ndarray], th: Thresholds = DEFAULT) -> int:
    """How many of the insides' outer pixels the printed squares' own lines reach into, on this page.

    A photocopy prints its lines heavier and spreads them: an empty box's
    inside then holds its square's edge along every side. Measured on the
    page's empty boxes: the outer rings that respond to lines clearly more
    than the rings within them are the print's, not the person's.
    """
    shaped = [ln for ln in lines if min(ln.shape, default=0) >= 2 * th.reach_max_px + 3]
    if len(shaped) < 4:
        return 0
    stack = stacked(shaped)
    if stack is not None:  # the boxes' insides are of one size (most pages): every box's rings in one array pass
        for b in range(th.reach_max_px + 1):
            inner = stack[:, b:stack.shape[1] - b, b:stack.shape[2] - b]
            rings = np.maximum(np.maximum(inner[:, 0].max(axis=1), inner[:, -1].max(axis=1)),
                               np.maximum(inner[:, :, 0].max(axis=1), inner[:, :, -1].max(axis=1)))
            ring = float(median(rings.astype(np.float64)))
            within = float(median(stack[:, b + 1:-b - 1, b + 1:-b - 1].max(axis=(1, 2)).astype(np.float64)))
            if ring <= th.reach_ratio * within:
                return b
        return th.reach_max_px + 1
    for b in range(th.reach_max_px + 1):
        ring = float(median([_ring_max(ln, b) for ln in shaped]))
        within = float(median([float(ln[b + 1:-b - 1, b + 1:-b - 1].max()) for ln in shaped]))
        if ring <= th.reach_ratio * within:
            return b
    return th.reach_max_px + 1


def stacked(arrays: list[np.ndarray]) -> np.ndarray | None:
    """The arrays (the boxes' line responses or insides) as one (boxes, rows, columns) array when they are all of one
    size and not empty, else None (the callers then measure box by box: the same values either way)."""
    if not arrays or any(a.shape != arrays[0].shape for a in arrays) or not arrays[0].size:
        return None
    return np.stack(arrays)


def _ring_max(line: np.ndarray, b: int) -> float:
    """The strongest response on the ring of pixels b in from the inside's edge."""
    h, w = line.shape
    inner = line[b:h - b, b:w - b]
    return float(max(inner[0].max(), inner[-1].max(), inner[:, 0].max(), inner[:, -1].max()))


def noise_floor(lines: list[np.ndarray], th: Thresholds = DEFAULT, reach: int = 0) -> float:
    """The line response the page's empty boxes reach by themselves (paper grain, JPEG ringing, sensor noise).

    Measured on this page, so a clean flatbed page lets a faint pencil line
    stand out and a noisy phone photo does not invent one. reach: outer rings
    of the insides left out, which the page's heavier print reaches into. A percentile over
    boxes ignores the few that hold a faint mark.
    """
    b = reach  # rings of the insides that the page's own print reaches (outline_reach) are no noise
    kept_lines = [i for i in lines if i.shape[0] > 2 * b and i.shape[1] > 2 * b]
    stack = stacked(kept_lines)
    if stack is not None:  # one size (most pages): every box's strongest response in one array pass
        tops = stack[:, b:stack.shape[1] - b, b:stack.shape[2] - b].max(axis=(1, 2)).astype(np.float64)
    else:
        tops = np.array([float(i[b:i.shape[0] - b, b:i.shape[1] - b].max()) for i in kept_lines])
    if not tops.size:
        return th.trace_floor_min
    # a sheet filled in light pencil has many boxes that look empty to the coarse measures: they are no noise
    kept = tops[tops <= th.floor_outlier * max(float(median(tops)), th.trace_floor_min)]
    return max(float(np.percentile(kept, th.floor_box_quantile)), th.trace_floor_min)


def without_specks(inside: np.ndarray, line: np.ndarray, th: Thresholds = DEFAULT) -> np.ndarray:
    """A box's line response with the specks in it left out (pieces of ink no wider than speck_mm: toner
    specks on a copy, fibres' dots on recycled paper), for measuring the page's noise.

    Specks are what the page's paper holds beside the boxes too, judged
    apart (paper_envelope); counted as noise they would raise the floor
    until a light pencil stroke in the next box vanished under it.
    """
    return speckless(inside, line, th, th.speck_mm)[1]


def speckless(inside: np.ndarray, line: np.ndarray, th: Thresholds, most_mm: float,
              pieces_max: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """A box's inside and line response with its specks (pieces of ink no wider than most_mm) taken out;
    with pieces_max, only when the inside holds no more pieces of ink than that (a light pencil stroke breaks
    into a row of them, a copier's specks fall one or two to a box)."""
    if not inside.size or not line.size:
        return inside, line
    ink = (inside > th.faint_trace_ink).astype(np.uint8)
    if not ink.any():  # most empty boxes: nothing in them to leave out
        return inside, line
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n <= 1 or (pieces_max is not None and n - 1 > pieces_max):
        return inside, line
    most = most_mm * K
    small = np.flatnonzero(np.maximum(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]) <= most) + 1
    if pieces_max is not None and small.size:  # a toner speck is dark; a light pencil's grain is not
        peaks = _peaks(inside, labels, small)
        small = small[peaks >= th.ink]
    if not small.size:
        return inside, line
    specks = np.isin(labels, small)
    grown = cv2.dilate(specks.astype(np.uint8), np.ones((7, 7), np.uint8))  # the 1 mm line kernel's reach
    dy, dx = (inside.shape[0] - line.shape[0]) // 2, (inside.shape[1] - line.shape[1]) // 2
    grown = grown[dy:dy + line.shape[0], dx:dx + line.shape[1]]
    return np.where(specks, np.float32(0), inside), np.where(grown > 0, np.float32(0), line)


def _peaks(values: np.ndarray, labels: np.ndarray, which: np.ndarray) -> np.ndarray:
    """The largest value under each of the labels `which`."""
    out = np.zeros(int(labels.max()) + 1, np.float32)
    np.maximum.at(out, labels.ravel(), values.ravel().astype(np.float32))
    return out[which]


def trace(line: np.ndarray, floor: float, th: Thresholds = DEFAULT) -> Trace | None:
    """The longest connected trace in a box's line response that the page's noise cannot explain, or None.

    Measured on single pixels of the aligned page, not on averages over a
    coarser grid, so a pencil line one pixel wide keeps its contrast.
    """
    return max(traces(line, floor, th), key=lambda t: t.length_mm, default=None)


def traces(line: np.ndarray, floor: float, th: Thresholds = DEFAULT) -> list[Trace]:
    """Every connected trace in a line response that the page's noise cannot explain."""
    level = floor * th.trace_ratio + th.trace_margin
    if not line.size or float(line.max()) <= level:
        return []
    above = (line > level).view(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(above, connectivity=8)
    out: list[Trace] = []
    # every piece's extent at once (the same float64 hypot as per piece); pieces too small to be a trace are skipped
    lengths = np.hypot(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]) / K
    big = (stats[1:, cv2.CC_STAT_AREA] >= th.trace_min_px) & (lengths >= th.trace_spot_mm)
    for i in (np.flatnonzero(big) + 1).tolist():
        length = float(lengths[i - 1])
        if _hugs_edge(stats[i], line.shape, th):
            continue  # the printed square's blur, reaching in along one side
        dark = float(median(line[labels == i]))
        if length < th.trace_min_mm and dark < th.trace_spot_ratio * level:
            continue
        if length < th.trace_marked_mm and dark < th.trace_short_ratio * level:
            continue  # short and barely above the noise: noise
        out.append(Trace(length, dark, level))
    return out


def _hugs_edge(stat: np.ndarray, shape: tuple[int, ...], th: Thresholds) -> bool:
    """A trace lying wholly in a thin band along one side of the inside, parallel to it.

    A blurred photo or a scan whose box fell between pixels spreads the printed
    square's line into the inside's outer pixels; that leaves a line along a
    side. A person's stroke crosses the box, or cuts a corner at a slant.
    """
    x, y, w, h = (int(v) for v in stat[:4])
    band = th.edge_band_px
    rows, cols = shape[0], shape[1]
    along_side = (x + w <= band or x >= cols - band) and w <= band
    along_top = (y + h <= band or y >= rows - band) and h <= band
    return along_side or along_top



@dataclass(frozen=True)
class Paper:
    """What this page's plain paper shows in squares the size of a box's inside, measured as the boxes are:
    how much ink and faint trace such a square holds at most, and how long and dark its specks or fibres are."""

    coverage: float
    faint: float
    length_mm: float
    darkness: float
    speck_mm2: float = 0.0  # the largest specks of ink it holds (most of them)

    def explains(self, cov: float, faint: float, tr: Trace | None) -> bool:
        """Whether a box holding this is no different from the page's own paper (specks, fibres, grain)."""
        if cov > self.coverage or faint > self.faint:
            return False
        return tr is None or (tr.length_mm <= self.length_mm and tr.darkness <= self.darkness)

    def widened(self, by: float, pixel: float, length_max_mm: float, coverage_max: float) -> Paper:
        """The envelope with room for a speck a little larger than the largest the squares happened to hold."""
        return Paper(min(self.coverage * by + pixel, coverage_max), self.faint * by + pixel,
                     min(self.length_mm * by, length_max_mm), self.darkness * by, self.speck_mm2 * by)


def paper_envelope(insides: list[np.ndarray], lines: list[np.ndarray], floor: float,
                   th: Thresholds = DEFAULT) -> Paper | None:
    """The page's own paper, from plain squares of it (reference.paper_patches), or None when its paper is clean.

    A copier's toner specks or recycled paper's fibres show in an empty box
    just as in the paper beside it. When enough of the page's plain squares
    hold such things, a box holding no more than they do (each measure
    within a high percentile of theirs) is empty; a long stroke is never
    the paper's (paper_length_max_mm), nor much ink (paper_coverage_max).
    """
    if len(insides) < th.paper_patches_min:
        return None
    stack = np.stack(insides)  # all the size of one box's inside
    if not stack.size:
        return None
    covs = (stack > th.ink).mean(axis=(1, 2))
    faints = (stack > th.faint_ink).mean(axis=(1, 2))
    level = floor * th.trace_ratio + th.trace_margin
    found = [t for ln in lines if ln.size and float(ln.max()) > level for t in traces(ln, floor, th)]
    busy = covs > 0
    # a phone photo's mottled paper (uneven light, grain, compression) fills its plain squares with faint haze
    # and no ink: that haze is the paper's as much as a copier's specks are
    hazy = faints > th.faint_max
    if len(found) < th.paper_traces_min and int(busy.sum()) < th.paper_traces_min and int(hazy.sum()) < th.paper_traces_min:
        return None
    q = th.paper_quantile
    lengths = np.array([t.length_mm for t in found] or [0.0])
    darks = np.array([t.darkness for t in found] or [0.0])
    specks = [a for i, f in zip(stack, faints, strict=True) if f > 0 for a in _blob_areas(i > th.faint_ink)]
    seen = Paper(float(np.percentile(covs[busy], q)) if busy.any() else 0.0,
                 float(np.percentile(faints[faints > 0], q)) if (faints > 0).any() else 0.0,
                 float(np.percentile(lengths, q)), float(np.percentile(darks, q)),
                 float(np.percentile(specks, q)) / (K * K) if specks else 0.0)
    pixel = 1.0 / max(insides[0].size, 1)
    out = seen.widened(th.paper_slack, pixel, th.paper_length_max_mm, th.paper_coverage_max)
    return replace(out, speck_mm2=min(out.speck_mm2, th.paper_speck_max_mm2))


def _blob_areas(ink: np.ndarray) -> list[int]:
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    return [int(a) for a in stats[1:, cv2.CC_STAT_AREA]]
