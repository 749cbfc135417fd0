"""The workers' malloc thresholds (batch._return_freed_pages) keep a page's working arrays in the heap, reused
from page to page: a page-sized float array made again is not mapped and faulted in afresh each time (issue 26:
at a 1 MB threshold the page-sized arrays cost 1,400-1,700 page faults and ~2-4 ms of system time a page).
Counted in page faults, in a fresh process (glibc only), not timed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CODE = """
import resource
import numpy as np
from scanner import batch
batch._return_freed_pages()
def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
shape = (1485, 1050)  # an aligned A4 side at 5 px/mm
for _ in range(2):  # the arrays a page makes once
    a = np.ones(shape, np.float32); b = np.ones(shape, np.uint8); del a, b
before = faults()
for _ in range(10):  # ten more pages' worth
    a = np.ones(shape, np.float32); b = np.ones(shape, np.uint8); del a, b
print(faults() - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc only")
def test_a_pages_working_arrays_are_reused_not_mapped_afresh():
    out = subprocess.run([sys.executable, "-c", CODE], cwd=ROOT, capture_output=True, text=True, check=True)
    faults = int(out.stdout.split()[-1])
    # mapped afresh, ten pages' 6.2 + 1.6 MB would fault ~19,000 4 kB pages in; reused, next to none
    assert faults < 1000, faults
