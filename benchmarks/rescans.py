"""How well an un-numbered sheet scanned twice is told from another sheet with the same answers.

    python -m benchmarks.rescans [--sheets 4] [--seed 100]

For each sheet, a blank (un-numbered) form is filled twice with the same
answers, as two people with the same mark style would (the generator's
worst case: same pen, same style, only the hand's jitter differs), and each
paper is scanned through every scanner profile. Rescans are pairs of scans
of one paper across two profiles; twins are pairs of scans of the two
papers. Prints, per threshold, how many rescans the ink correlation catches
and how many twins it would flag, and the share caught at the threshold in use.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import zlib
from pathlib import Path

import numpy as np

from scanner._exec.poppler import render_pages
from scanner.corpus.degrade import degrade
from scanner.corpus.generate import SRC_DPI, SheetPlan, encode, fill_page
from scanner.corpus.people import answer_sheet
from scanner.forms import SheetSpec, render_forms
from scanner.ingest import PageSource
from scanner.pipeline import RESCAN_MIN_CORRELATION, read_page
from scanner.template import load_template

PROFILES = ("flatbed", "feeder", "lowres", "photocopy", "fax", "phone")


def correlation(a: bytes, b: bytes) -> float:
    x = np.frombuffer(zlib.decompress(a), np.uint8).astype(np.float32)
    y = np.frombuffer(zlib.decompress(b), np.uint8).astype(np.float32)
    x, y = x - x.mean(), y - y.mean()
    return float((x * y).sum() / np.sqrt((x * x).sum() * (y * y).sum()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sheets", type=int, default=4)
    ap.add_argument("--seed", type=int, default=100)
    args = ap.parse_args()
    template = load_template()
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "blank.pdf"
        render_forms(template, [SheetSpec(None, 0)], pdf)
        blank = render_pages(pdf, SRC_DPI, 1, template.pages)
    rescans: list[float] = []
    twins: list[float] = []
    for k in range(args.sheets):
        rng = np.random.default_rng(args.seed + k)
        answers, pen = answer_sheet(rng, template)
        sheet = SheetPlan("S", None, 0, "MS", answers, pen)
        prints: dict[tuple[int, int, str], bytes] = {}
        for paper_no in (1, 2):
            for side in range(1, template.pages + 1):
                paper = blank[side - 1].copy()
                fill_page(paper, template, sheet, side, np.random.default_rng([args.seed, k, paper_no, side]))
                for n, profile in enumerate(PROFILES):
                    scan = degrade(paper, SRC_DPI, profile, np.random.default_rng([args.seed, k, paper_no, side, n]))
                    data, fmt = encode(scan)
                    src = PageSource("scan.jpg" if fmt == "jpeg" else "scan.tif", 0, "0" * 64, data,
                                     "jpeg" if fmt == "jpeg" else "tiff-frame")
                    res = read_page(src, template, use_ocr=False)
                    if res.status == "form" and res.fingerprint:
                        prints[(paper_no, side, profile)] = res.fingerprint
        for side in range(1, template.pages + 1):
            for p, q in itertools.combinations(PROFILES, 2):
                if (1, side, p) in prints and (1, side, q) in prints:
                    rescans.append(correlation(prints[(1, side, p)], prints[(1, side, q)]))
            for p, q in itertools.product(PROFILES, PROFILES):
                if (1, side, p) in prints and (2, side, q) in prints:
                    twins.append(correlation(prints[(1, side, p)], prints[(2, side, q)]))
    print(f"{len(rescans)} rescan pairs, {len(twins)} twin pairs ({args.sheets} sheets, seed {args.seed})")
    for threshold in (0.95, 0.96, 0.97, 0.98, 0.99):
        mark = "  <- in use" if abs(threshold - RESCAN_MIN_CORRELATION) < 1e-9 else ""
        print(f"correlation >= {threshold:.2f}: rescans caught {sum(c >= threshold for c in rescans)}/{len(rescans)}, "
              f"twins flagged {sum(c >= threshold for c in twins)}/{len(twins)}{mark}")


if __name__ == "__main__":
    main()
