"""Issue 22: a choice list printed over several pages is shown to the reviewer whole, every page's part.

A mark on the first page of a commune list and another on its second page make one question with two answers;
the reviewer must see both marks, not the first page's part alone."""

from __future__ import annotations

import cv2
import numpy as np
from review_support import K, write_scans
from test_long_choice_lists import long_list_form

from scanner._exec.poppler import render_pages
from scanner.cli import main
from scanner.corpus.draw import PENS, Canvas, draw_mark
from scanner.forms import SheetSpec, render_forms
from scanner.review import images
from scanner.review.server import ReviewApp
from scanner.store import Store
from scanner.template import load_template
from scanner.vocab import ImageView


def _booklet(template, tmp, marks: dict[str, list[str]]) -> list[np.ndarray]:
    """Every page of one printed booklet, each box named in `marks` crossed on the page that prints it."""
    render_forms(template, [SheetSpec("MS", 1)], tmp / "f.pdf")
    pages = [p.copy() for p in render_pages(tmp / "f.pdf", 200, 1, template.pages)]
    rng = np.random.default_rng(7)
    for qid, oids in marks.items():
        q = template.question(qid)
        for oid in oids:
            o = q.option(oid)
            draw_mark(Canvas(pages[(o.page or q.page) - 1], K, rng), o.box, "x", PENS["ballpoint_blue"])
    return pages


def test_the_reviewer_sees_every_page_of_a_list_split_over_pages(tmp_path, plan):
    layout = tmp_path / "long.json"
    assert main(["build", str(long_list_form(tmp_path / "long.xlsx")), "--out", str(layout)]) == 0
    t = load_template(layout)
    where = t.question("where")
    first, later = where.pages[0], where.pages[1]
    a = next(o.id for o in where.options if o.page == first)
    b = next(o.id for o in where.options if o.page == later)
    write_scans(tmp_path / "scans", [("s", _booklet(t, tmp_path, {"q0": ["1"], "where": [a, b], "q9": ["1"]}))])
    db = tmp_path / "r.db"
    assert main(["--template", str(layout), "scan", str(tmp_path / "scans"), "--db", str(db), "--quiet",
                 "--jobs", "1"]) == 0

    app = ReviewApp(db, t, plan, "127.0.0.1", None)
    item = next(iter(app.question_view("where")["items"]))
    store = Store(db)
    assert len(item["extra"]["pages"]) == 2, item
    page_of = {pid: store.page_image(pid).side for pid in item["extra"]["pages"]}
    assert sorted(page_of.values()) == [first, later]

    whole = app.image(ImageView.region, item["id"])
    assert whole is not None
    got = cv2.imdecode(np.frombuffer(whole, np.uint8), cv2.IMREAD_COLOR)
    parts = [cv2.imdecode(np.frombuffer(images.view(store, t, pid, ImageView.region, "where"), np.uint8),
                          cv2.IMREAD_COLOR) for pid in item["extra"]["pages"]]
    assert got.shape[0] == sum(p.shape[0] for p in parts) + 6 * (len(parts) - 1)
    assert got.shape[1] == max(p.shape[1] for p in parts)
    # the second page's part is in the picture as drawn from its own page, its marked box outlined
    top = parts[0].shape[0] + 6
    below = got[top:top + parts[1].shape[0], :parts[1].shape[1]].astype(int)
    assert np.abs(below - parts[1].astype(int)).mean() < 4  # JPEG twice over, otherwise the same pixels


def test_a_later_part_opens_at_its_continued_heading(tmp_path):
    from scanner.review.words import crop_bounds

    layout = tmp_path / "long.json"
    assert main(["build", str(long_list_form(tmp_path / "long.xlsx")), "--out", str(layout)]) == 0
    t = load_template(layout)
    where = t.question("where")
    for page in where.pages[1:]:
        heading = next(x for x in t.texts if x.page == page and x.text.endswith("(tiếp theo)"))
        part = where.part_on(page)
        assert part is not None
        assert crop_bounds(t, part)[1] < heading.y - heading.size_pt * 25.4 / 72
