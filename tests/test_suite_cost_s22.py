"""Issue 26 (s22): work the suite does made cheaper, giving what the plain way gives."""

from __future__ import annotations

import numpy as np

from benchmarks import realforms


def _rects(rng: np.random.Generator, n: int) -> list[tuple[float, float, float, float]]:
    """Rectangles (x0, y0, x1, y1) in mm: many overlapping, some touching within the tolerance, some exactly at it,
    a few empty or inverted (a text of no width)."""
    out = []
    for _ in range(n):
        x0, y0 = rng.uniform(0, 60), rng.uniform(0, 60)
        w, h = rng.choice([rng.uniform(0, 15), realforms.TOLERANCE_MM, 0.0, -1.0]), rng.uniform(0, 6)
        out.append((float(x0), float(y0), float(x0 + w), float(y0 + h)))
    out += [(0.0, 0.0, 10.0, 5.0), (10.0 - realforms.TOLERANCE_MM, 0.0, 20.0, 5.0),  # an overlap exactly at the tolerance
            (9.6, 0.0, 20.0, 5.0)]
    return out


def test_a_pages_overlaps_found_at_once_are_the_pairs_the_plain_check_finds_in_its_order():
    """print_faults compares a page's texts pairwise and with the boxes all at once (numpy): the same pairs, in the
    same order, as _overlap over every pair in turn."""
    rng = np.random.default_rng(22)
    for n_texts, n_boxes in ((0, 3), (1, 0), (2, 2), (40, 25), (150, 60)):
        texts, boxes = _rects(rng, n_texts), _rects(rng, n_boxes)
        plain_texts = [[j for j in range(i + 1, len(texts)) if realforms._overlap(texts[i], texts[j])]
                       for i in range(len(texts))]
        plain_boxes = [[j for j in range(len(boxes)) if realforms._overlap(texts[i], boxes[j])]
                       for i in range(len(texts))]
        assert realforms._overlaps(texts, boxes) == (plain_texts, plain_boxes)
        assert n_texts < 40 or sum(map(len, plain_texts)) > 0  # the sample has overlaps to find


def test_a_samples_page_is_read_once_a_run_and_afresh_for_a_template_changed_in_memory(template):
    """conftest.samples_read_once: a page of the bundled samples read again with the same template is the first
    reading's copy (its stage timings to the last digit; 3b17b93 read it again); read with a template changed in
    memory (another survey code, the same file behind it) it is read afresh, and is not this form's page."""
    import dataclasses

    from conftest import ROOT

    from scanner import batch
    from scanner.ingest import pages_of, sha256_file
    from scanner.vocab import PageReason, PageState

    path = ROOT / "samples" / "stack001_feeder.pdf"
    src = next(iter(pages_of(path, sha256_file(path))))
    first = batch.read_page(src, template)
    again = batch.read_page(src, template)
    assert first.code is not None and first.code.survey_id == template.survey_id
    assert again == first and again is not first  # a copy: the caller may change it
    other = dataclasses.replace(template, survey_id="KHAC01")
    changed = batch.read_page(src, other)
    assert (first.status, changed.status, changed.reason) == (PageState.form, PageState.set_aside,
                                                              PageReason.unknown_survey)
