"""PDF page rendering: PDFium (in process, the default) against poppler (pdftoppm), speed and agreement.

    python -m benchmarks.render [--pages 10] [--dpi 200]

Renders the first pages of freshly printed forms both ways and prints ms per
page and how far the pixels differ (mean grey difference; the share of
pixels on which the printed mask's threshold, grey < 200, disagrees).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from scanner._exec.poppler import render_pages as poppler_pages
from scanner.forms import SheetSpec, render_forms
from scanner.pdfrender import _pdfium_pages
from scanner.template import load_template


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=10)
    ap.add_argument("--dpi", type=int, default=200)
    a = ap.parse_args()
    template = load_template()
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "forms.pdf"
        sheets = [SheetSpec(None, 0)] * max(1, a.pages // template.pages)
        render_forms(template, sheets, pdf)
        n = len(sheets) * template.pages
        figures = {}
        for name, fn in (("poppler", poppler_pages), ("pdfium", _pdfium_pages)):
            t0 = time.perf_counter()
            figures[name] = [fn(pdf, a.dpi, i, i)[0] for i in range(1, n + 1)]
            print(f"{name:8} {1000 * (time.perf_counter() - t0) / n:7.1f} ms/page ({n} pages, {a.dpi} dpi)")
        for i, (p, q) in enumerate(zip(figures["poppler"], figures["pdfium"]), start=1):
            if p.shape != q.shape:
                print(f"page {i}: sizes differ {p.shape} {q.shape}")
                continue
            diff = np.abs(p.astype(np.int16) - q.astype(np.int16)).mean()
            mask = ((p < 200) != (q < 200)).mean()
            print(f"page {i}: mean grey difference {diff:.2f}, mask disagreement {100 * mask:.2f} %")


if __name__ == "__main__":
    main()
