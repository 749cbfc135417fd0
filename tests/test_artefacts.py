"""The reader under scan artefacts it was not tuned on (benchmarks.artefacts, a subset): no silent errors.

Each page is the printed form with marks drawn on it, then a hair or a scratch on the glass, a crease,
bleed-through, punch holes, faded toner or heavy JPEG; read as a JPEG and as a 1-bit PNG. The truth is what was
drawn, not what the reader says. A question may go to review, never be answered wrongly. Clean pages must be
mostly right, or a reader that sends everything to review would pass.

KNOWN lists the silent errors the reader still makes here, each with the command that shows its page. A cell with
one is reported as xfailed; a new error, or a known one gone, fails the test so that the list stays true.
"""

import numpy as np
import pytest

from benchmarks.artefacts import Cell, Forms, describe, draw_page, run_cell

SEED = 1
SHEETS = 6  # both sides of each: 12 pages a cell
CASES = [("baseline", "clean"), ("hair", "s1"), ("hair", "s2"), ("hair", "s3"), ("fold_diag", "s1"),
         ("fold_diag", "s3"), ("scratch", "s1"), ("scratch", "s2"), ("scratch", "s3"), ("bleed", "10%"),
         ("punch", "s3"), ("toner_fade", "s1"), ("toner_fade", "s2")]
CELLS = [Cell(a, s, e) for a, s in CASES for e in ("jpeg", "1bit")] + [Cell("heavy_jpeg", "q15", "jpeg")]
KNOWN: dict[str, set[str]] = {}  # none: the hair across a corner and the scratch starting in a box are asked about


@pytest.fixture(scope="module")
def tally():
    forms = Forms()
    seen = {}

    def of(cell):
        if cell not in seen:
            seen[cell] = run_cell(forms, cell, SHEETS, SEED)
        return seen[cell]

    of.forms = forms
    return of


@pytest.mark.parametrize("cell", CELLS, ids=lambda c: f"{c.artefact}-{c.strength}-{c.encoding}")
def test_no_silent_error(tally, cell):
    t = tally(cell)
    assert t.pages == 2 * SHEETS
    seen = {(e["page"], e["question"]) for e in t.errors}
    prefix = f"{cell.artefact}:{cell.strength}:{cell.encoding}:"
    known = {(page, q) for page, qs in KNOWN.items() if page.startswith(prefix) for q in qs}
    assert seen == known, "\n".join(describe(e, SEED) for e in t.errors) or f"no longer seen: {sorted(known)}"
    if known:
        pytest.xfail("known silent errors: " + "; ".join(describe(e, SEED) for e in t.errors))


@pytest.mark.parametrize("encoding, least", [("jpeg", 0.90), ("1bit", 0.75)])
def test_clean_pages_mostly_right(tally, encoding, least):
    """1-bit pages leave blank questions to review on purpose: a light pencil mark may be gone without trace."""
    t = tally(Cell("baseline", "clean", encoding))
    assert t.aside == 0
    assert t.right >= least * t.questions, (t.right, t.review, t.questions, t.reasons)


def test_pages_are_drawn_the_same_for_a_seed(tally):
    cell = Cell("scratch", "s2", "jpeg")
    a, truth_a, q_a = draw_page(tally.forms, cell, 1, 2, SEED)
    b, truth_b, q_b = draw_page(tally.forms, cell, 1, 2, SEED)
    c, _, _ = draw_page(tally.forms, cell, 1, 2, SEED + 1)
    assert np.array_equal(a, b) and truth_a == truth_b and q_a == q_b
    assert not np.array_equal(a, c)
