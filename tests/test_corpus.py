"""The generator's truth agrees with what it drew."""

import numpy as np
import pytest

from scanner._exec.poppler import render_pages
from scanner.corpus.generate import PX_PER_MM, SRC_DPI, SheetPlan, fill_page
from scanner.corpus.people import answer_sheet
from scanner.forms import SheetSpec, render_forms


def ink_inside(img, box):
    m = 0.9  # stay clear of the printed border
    y0, y1 = int((box.y + m) * PX_PER_MM), int((box.y + box.h - m) * PX_PER_MM)
    x0, x1 = int((box.x + m) * PX_PER_MM), int((box.x + box.w - m) * PX_PER_MM)
    return float(np.mean(img[y0:y1, x0:x1] < 200))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_truth_matches_the_drawing(tmp_path, template, seed):
    rng = np.random.default_rng(seed)
    answers, pen = answer_sheet(rng, template)
    sheet = SheetPlan("S1", "MS", 1, "MS", answers, pen)
    render_forms(template, [SheetSpec("MS", 1)], tmp_path / "f.pdf")
    blank = render_pages(tmp_path / "f.pdf", SRC_DPI, 1, 2)
    checked = {"empty": 0, "inked": 0}
    for page in (1, 2):
        paper = blank[page - 1].copy()
        fill_page(paper, template, sheet, page, rng)
        for q in template.choice_questions():
            if q.page != page:
                continue
            for o in q.options:
                bt = answers[q.id].boxes[o.id]
                ink = ink_inside(paper, o.box)
                if bt.state == "empty":
                    assert ink < 0.01, (q.id, o.id)
                    checked["empty"] += 1
                elif bt.style in ("x", "tick", "slash", "dot", "fill", "correction") and bt.offset == (0.0, 0.0):
                    assert ink > 0.03, (q.id, o.id, bt)
                    checked["inked"] += 1
                elif bt.style in ("circle_box", "circle_text"):
                    assert ink < 0.01, (q.id, o.id, "a circle leaves the box itself empty")
    assert checked["empty"] > 40 and checked["inked"] > 10


def test_same_seed_same_corpus(tmp_path, template, plan):
    from scanner.corpus.generate import generate

    a, b = tmp_path / "a", tmp_path / "b"
    generate(template, plan, 2, 99, a, profiles={"flatbed": 1.0}, kind="pdf")
    generate(template, plan, 2, 99, b, profiles={"flatbed": 1.0}, kind="pdf")
    assert (a / "truth.jsonl").read_bytes() == (b / "truth.jsonl").read_bytes()
    assert sorted(p.name for p in a.iterdir()) == sorted(p.name for p in b.iterdir())
    for p in a.iterdir():
        assert p.read_bytes() == (b / p.name).read_bytes(), p.name


def test_corpus_covers_the_profiles(mixed_corpus):
    from conftest import truth_of

    pages, sheets = truth_of(mixed_corpus)
    assert {p["profile"] for p in pages.values()} == {"flatbed", "feeder", "lowres", "photocopy", "fax", "phone"}
    suffixes = {k[0].rsplit(".", 1)[1] for k in pages}
    assert {"jpg"} <= suffixes and ({"pdf", "tif"} & suffixes)
    assert len(sheets) == 18
