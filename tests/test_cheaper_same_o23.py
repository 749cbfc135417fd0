"""A scan reads its pages with OpenCV in the reading thread alone (issue 26, o23: scanner/cv_threads.py), in one
process and in forked workers, gives the process its setting back afterwards, and reads the same as with
OpenCV's thread pool."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import cv2
import pytest

from scanner.ingest import list_inputs, pages_of
from scanner.pipeline import read_page
from scanner.template import load_template

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "stack001_feeder.pdf"

# Each page is read through batch.read_page, observed (not replaced): the threads OpenCV has at that moment
# are written down, in the worker that reads the page.
_SCAN = """
import sys, cv2
from pathlib import Path
from scanner import batch
from scanner.store import Store
from scanner.template import load_template
seen, db, folder, jobs = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
real = batch.read_page
def observed(*a, **k):
    with open(seen, "a") as f:
        f.write(f"{cv2.getNumThreads()}\\n")
    return real(*a, **k)
batch.read_page = observed
cv2.setNumThreads(2)
s = batch.scan(Store(db), load_template(), [folder], jobs=jobs, progress=False)
print(s.pages_new, cv2.getNumThreads())
"""


def _sample_pages(n: int):
    files, _ = list_inputs([str(SAMPLES)])
    return [src for f in files for src in pages_of(f)][:n]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_scan_reads_its_pages_without_opencvs_pool_and_gives_the_setting_back(tmp_path, jobs):
    folder = tmp_path / "pages"
    folder.mkdir()
    for k, src in enumerate(_sample_pages(4)):
        (folder / f"page{k}.jpg").write_bytes(src.data)
    seen = tmp_path / "seen.txt"
    out = subprocess.run([sys.executable, "-c", _SCAN, str(seen), str(tmp_path / "s.db"), str(folder), str(jobs)],
                         capture_output=True, text=True, check=True, cwd=tmp_path)
    pages, after = out.stdout.split()
    assert int(pages) == 4
    assert seen.read_text().split() == ["1"] * 4  # every page read with OpenCV in one thread
    assert after == "2"  # the process's own setting, as it was before the scan


def _result(res) -> dict:
    return {f.name: getattr(res, f.name) for f in dataclasses.fields(res) if f.name != "timings"}


def test_pages_read_the_same_with_and_without_opencvs_pool():
    """Every field of read_page's result (the floats exactly) with OpenCV's pool of two threads and without."""
    template = load_template()
    srcs = _sample_pages(8)
    before = cv2.getNumThreads()
    try:
        cv2.setNumThreads(2)
        pooled = [_result(read_page(s, template)) for s in srcs]
        cv2.setNumThreads(1)
        alone = [_result(read_page(s, template)) for s in srcs]
    finally:
        cv2.setNumThreads(before)
    assert sum(r["readings"] != [] for r in pooled) >= 4  # form pages with their boxes read, not only backs
    assert alone == pooled
