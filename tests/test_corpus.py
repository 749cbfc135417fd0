"""The generator's truth agrees with what it drew."""

import json

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


def test_same_seed_same_corpus_whatever_the_jobs(tmp_path, template, plan):
    """One process and two write the same bytes: each stack draws from its own stream, whoever writes it."""
    from scanner.corpus.generate import generate

    a, b = tmp_path / "a", tmp_path / "b"
    profiles = {"flatbed": 1.0, "fax": 1.0, "phone": 1.0}
    ca = generate(template, plan, 5, 99, a, stack_size=2, profiles=profiles, cycle=True)
    cb = generate(template, plan, 5, 99, b, stack_size=2, profiles=profiles, cycle=True, jobs=2)
    assert ca == cb and ca["sheets"] == 5 and ca["files"] >= 3
    assert (a / "truth.jsonl").read_bytes() == (b / "truth.jsonl").read_bytes()
    assert sorted(p.name for p in a.iterdir()) == sorted(p.name for p in b.iterdir())
    for p in a.iterdir():
        assert p.read_bytes() == (b / p.name).read_bytes(), p.name
    lines = [json.loads(x) for x in (a / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [x["sheet"] for x in lines if x["type"] == "sheet"] == [f"S{i:05d}" for i in range(1, 6)]
    assert {x["profile"] for x in lines if x["type"] == "page"} == set(profiles)


@pytest.mark.parametrize("sheet", [SheetSpec("MS", 7), SheetSpec(None, 0)], ids=["numbered", "blank"])
def test_a_side_rendered_once_and_numbered_reads_as_the_printed_form(tmp_path, template, sheet):
    """The generator's numbered copy of a side against the form `survey forms` prints: its QR reads as the
    sheet's code, and its pixels are the renderer's up to anti-aliasing at the edges of the code."""
    import zxingcpp

    from scanner.corpus.papers import Papers
    from scanner.pdfrender import render_pages as render
    from scanner.sheetcode import SheetCode, parse_code

    render_forms(template, [sheet], tmp_path / "f.pdf")
    printed = render(tmp_path / "f.pdf", SRC_DPI, 1, template.pages, prefer_poppler=True)
    papers = Papers(template, SRC_DPI)
    for page in range(1, template.pages + 1):
        mine = papers.page(sheet, page)
        want = SheetCode(template.survey_id, template.version, sheet.unit, sheet.serial, page)
        read = [parse_code(r.text) for r in zxingcpp.read_barcodes(mine)]
        assert want in read, (page, read)
        diff = np.abs(mine.astype(int) - printed[page - 1].astype(int))
        assert diff.mean() < 0.2, page
        ys, xs = np.nonzero(diff > 64)  # only around the QR and the printed code
        q, ct = template.qr, template.code_text
        assert ys.min() >= (q.y - 1) * PX_PER_MM and ys.max() <= (ct.y + ct.h + 1) * PX_PER_MM
        assert xs.min() >= (ct.x - 20) * PX_PER_MM and xs.max() <= (max(q.x + q.w, ct.x + ct.w) + 1) * PX_PER_MM
    assert papers.sides[0].flags.writeable is False


def test_corpus_covers_the_profiles(mixed_corpus):
    from conftest import truth_of

    pages, sheets = truth_of(mixed_corpus)
    assert {p["profile"] for p in pages.values()} == {"flatbed", "feeder", "lowres", "photocopy", "fax", "phone"}
    suffixes = {k[0].rsplit(".", 1)[1] for k in pages}
    assert {"jpg"} <= suffixes and ({"pdf", "tif"} & suffixes)
    assert len(sheets) == 18
