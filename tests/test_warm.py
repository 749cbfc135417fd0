"""The per-side caches a scan's parent builds before its workers fork are the very ones reading asks for: a
page of every side read afterwards makes none of them afresh (a key that differed would leave each worker
building its own again, unnoticed: half a second of CPU and about 70 MB in every worker of every scan)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from benchmarks.stack import corpus_jpegs, write_stack_pdf
from scanner import bleed, box_place, pipeline, reference
from scanner.batch import WARM_PAGES_PER_SIDE_AND_JOB, scan
from scanner.ingest import list_inputs, pages_of
from scanner.pipeline import read_page
from scanner.pool import start_method
from scanner.store import Store
from scanner.warm import warm_sides

SAMPLES = Path(__file__).resolve().parents[1] / "samples"  # the bundled scanner stack: nothing to generate
CACHES = (bleed._pattern, bleed._gate_samples, reference._rendered, reference._printed, reference._blank_pdf,
          reference._paper_patches, pipeline._zone, box_place._printed_every_other)


def _clear() -> None:
    for c in CACHES:
        c.cache_clear()


def test_reading_after_the_warm_up_makes_no_side_cache_afresh(template):
    _clear()
    warm_sides(template)
    made = {c.__name__: c.cache_info().currsize for c in CACHES}
    assert made["_gate_samples"] == template.pages  # every side has a back on this form
    assert made["_pattern"] == 0  # the whole patterns only when a page's back shows: none of these pages
    assert made["_rendered"] == template.pages and made["_zone"] == template.pages
    assert made["_printed"] == template.pages  # one mask a side kept; the others made for what is kept of them
    assert made["_printed_every_other"] == template.pages
    assert made["_paper_patches"] == sum(1 for p in range(1, template.pages + 1) if template.marked_on(p))
    missed = {c.__name__: c.cache_info().misses for c in CACHES}
    sides = set()
    files, _ = list_inputs([str(SAMPLES)])
    for src in (s for f in files for s in pages_of(f)):
        res = read_page(src, template, use_ocr=False)
        sides.add(res.side)
        if sides >= set(range(1, template.pages + 1)):
            break
    assert sides >= set(range(1, template.pages + 1))
    assert {c.__name__: c.cache_info().misses for c in CACHES} == missed
    assert {c.__name__: c.cache_info().currsize for c in CACHES} == made


def test_a_scan_large_enough_warms_the_sides_in_its_own_process_before_forking(template, tmp_path):
    if start_method() != "fork":
        pytest.skip("spawned workers inherit nothing: there is nothing to warm for them")
    pages = WARM_PAGES_PER_SIDE_AND_JOB * 2 * template.pages  # the fewest that warm at two jobs
    pdf = tmp_path / "stack.pdf"
    write_stack_pdf(corpus_jpegs(SAMPLES, pages), pdf)
    _clear()
    store = Store(tmp_path / "s.db")
    s = scan(store, template, [str(pdf)], jobs=2, progress=False)
    store.close()
    assert s.pages_new == pages
    assert bleed._gate_samples.cache_info().currsize == template.pages  # made here; the workers read them
    assert gc.get_freeze_count() == 0  # the objects frozen for the workers' sake are the collector's again
