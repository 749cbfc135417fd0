"""An un-numbered sheet scanned twice is flagged for review, not counted as two respondents.

Two scans of one filled paper (different skew, shift, light and noise) must
be flagged; another paper filled with exactly the same answers must not.
"""

import json
import sqlite3

import numpy as np
import pytest

from scanner.cli import main


def cli(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def scans(tmp_path_factory, template):
    """first.pdf and rescan.pdf: one blank-form sheet scanned twice; twin.pdf: another sheet, same answers."""
    from scanner._exec.poppler import render_pages
    from scanner.corpus.degrade import degrade
    from scanner.corpus.generate import SRC_DPI, SheetPlan, encode, fill_page, write_stack
    from scanner.corpus.people import answer_sheet
    from scanner.forms import SheetSpec, render_forms

    out = tmp_path_factory.mktemp("rescan")
    pdf = out / "blank.pdf"
    render_forms(template, [SheetSpec(None, 0)], pdf)
    blank = render_pages(pdf, SRC_DPI, 1, template.pages)
    pdf.unlink()
    rng = np.random.default_rng(16)
    while True:
        answers, pen = answer_sheet(rng, template)
        if sum(1 for q in template.choice_questions() if answers[q.id].answer) >= 12:
            break
    sheet = SheetPlan("S1", None, 0, "MS", answers, pen)
    papers = []
    for fill_seed in (1, 2):
        sides = [p.copy() for p in blank]
        for side, paper in enumerate(sides, start=1):
            fill_page(paper, template, sheet, side, np.random.default_rng(fill_seed * 10 + side))
        papers.append(sides)
    for name, sides, scan_seed in (("first", papers[0], 3), ("rescan", papers[0], 4), ("twin", papers[1], 5)):
        scan_rng = np.random.default_rng(scan_seed)
        pages = []
        for paper in sides:
            scan = degrade(paper, SRC_DPI, "flatbed", scan_rng)
            pages.append((*encode(scan), scan.dpi))
        write_stack(out, name, "pdf", pages)
    return out


def flagged(capsys, db):
    code, out, _ = cli(capsys, "export", "--db", db, "--format", "jsonl")
    return sorted(("reused_serial" in r["flags"], r["sources"][0]["file"].rsplit("/", 1)[-1])
                  for r in map(json.loads, out.splitlines()))


def test_a_rescanned_blank_form_is_flagged_and_its_twin_is_not(capsys, tmp_path, scans):
    db = tmp_path / "s.db"
    for name in ("first", "twin", "rescan"):
        code, _, err = cli(capsys, "scan", scans / f"{name}.pdf", "--db", db, "--quiet", "--unit", "MS")
        assert code == 0, err
    assert flagged(capsys, db) == [(False, "twin.pdf"), (True, "first.pdf"), (True, "rescan.pdf")]
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM pages WHERE rescan_of IS NOT NULL").fetchone()[0] == 2  # both sides
    _, out, _ = cli(capsys, "review", "--db", db, "--list")
    assert out.count("Trùng số phiếu") == 2


def test_without_the_rescan_nothing_is_flagged(capsys, tmp_path, scans):
    db = tmp_path / "s.db"
    cli(capsys, "scan", scans / "first.pdf", scans / "twin.pdf", "--db", db, "--quiet", "--unit", "MS")
    assert flagged(capsys, db) == [(False, "first.pdf"), (False, "twin.pdf")]
