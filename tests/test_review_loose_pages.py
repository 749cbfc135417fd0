"""Pages whose code cannot be read, scanned apart from their sheets (a file of loose pages found later): they
are set-aside pages to attach to their sheets, never extra respondents made of other people's sides."""

from __future__ import annotations

import cv2
import pytest
from review_support import COMMON, K, marked_pages

from scanner.cli import main
from scanner.collate import collate
from scanner.errors import RequestRefused
from scanner.forms import SheetSpec
from scanner.review.server import ReviewApp
from scanner.store import Store
from scanner.vocab import ItemKind


def painted(template, img):
    """The page with its QR code and printed code line painted over: nothing on it names its sheet."""
    img = img.copy()
    for r in (template.qr, template.code_text):
        cv2.rectangle(img, (int((r.x - 1) * K), int((r.y - 1) * K)), (int((r.x + r.w + 1) * K), int((r.y + r.h + 1) * K)),
                      255, -1)
    return img


def scan_stacks(tmp_path, template, stack: list[tuple[int, int, bool]], found: list[tuple[int, int]]):
    """`stack`: (serial, side, painted) scanned first; `found`: (serial, side) painted, scanned later on their own.
    Every page its own image file, named in the order it lies."""
    pages = {n: marked_pages(template, tmp_path, SheetSpec("MS", n), COMMON) for n in {s for s, _, _ in stack}}
    db = tmp_path / "s.db"
    for name, part in (("stack", [(s, side, p) for s, side, p in stack]), ("found", [(s, side, True) for s, side in found])):
        folder = tmp_path / name
        folder.mkdir()
        for i, (serial, side, paint) in enumerate(part):
            img = pages[serial][side - 1]
            cv2.imwrite(str(folder / f"p{i:02d}.png"), painted(template, img) if paint else img)
        assert main(["scan", str(folder), "--db", str(db), "--quiet", "--jobs", "1", "--unit", "MS"]) == 0
    return db


def sheets_of(template, db):
    """Sheet code (None for a sheet whose code was not read) -> the sides it holds."""
    store = Store(db)
    try:
        return {sh.group.key: sorted(sh.group.pages) for sh in collate(store, template)}
    finally:
        store.close()


def page_items(app, session):
    """Every open set-aside page item, each opened by the session as the page opens it (its sheets then shown)."""
    app.next({"session": session})  # the queue brought up to date
    store = Store(app.db)
    try:
        ids = [it.id for it in store.review_open_items() if it.kind == ItemKind.page]
    finally:
        store.close()
    return [app.claim({"session": session, "item": i})["item"] for i in ids]


@pytest.mark.slow
def test_loose_back_sides_are_set_aside_and_attached_never_a_sheet(tmp_path, template, plan, capsys):
    """Side 2 of MS.5 and side 3 of MS.6, codes unreadable, found later in a folder of their own: they lie next to
    each other and print consecutive sides, yet have no front, so they are no respondent (they were one
    un-numbered sheet made of two people's sides). A back unreadable right after its own front in the stack
    still completes that sheet."""
    db = scan_stacks(tmp_path, template,
                     [(5, 1, False), (5, 3, False), (5, 4, False), (6, 1, False), (6, 2, False), (6, 4, False),
                      (7, 1, False), (7, 2, True), (7, 3, False), (7, 4, False)],
                     [(5, 2), (6, 3)])
    assert sheets_of(template, db) == {"KH35.1.MS.005": [1, 3, 4], "KH35.1.MS.006": [1, 2, 4],
                                                 "KH35.1.MS.007": [1, 2, 3, 4]}
    assert main(["status", "--db", str(db)]) == 6  # two pages wait for a person, and the sheets missing them
    out = capsys.readouterr().out
    assert "để riêng: 2 " in out and "Sổ trang khớp" in out and out.count("không nằm sau mặt trước") == 2

    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    session = app.start_session({"reviewer": "Lan"})["session"]
    items = page_items(app, session)
    assert len(items) == 2
    store = Store(db)
    labels = store.review_sheet_labels([sh.group.sheet_id for sh in collate(store, template)])
    store.close()
    wanted = {"p00.png": ("KH35.1.MS.005", 2), "p01.png": ("KH35.1.MS.006", 3)}
    for item in items:
        label, side = wanted[item["title"].split(": ")[1].split(",")[0]]
        assert len(app.image(item["img"], item["id"]) or b"") > 1000  # the page itself is shown
        attach = [c["id"] for c in item["choices"] if c["id"].startswith("attach|")]
        # the page prints its side: only the sheet missing that side is offered
        assert [(labels[a.split("|")[1]], int(a.split("|")[2])) for a in attach] == [(label, side)]
        app.decide({"session": session, "item": item["id"], "value": attach[0], "advance": False})
    assert sheets_of(template, db) == {f"KH35.1.MS.00{n}": [1, 2, 3, 4] for n in (5, 6, 7)}
    assert main(["status", "--db", str(db)]) == 0 and "CÒN VIỆC" not in capsys.readouterr().out  # nothing waits


@pytest.mark.slow
def test_an_unnumbered_sheet_of_other_sheets_pages_is_split_or_discarded_never_accepted_alone(tmp_path, template,
                                                                                            plan):
    """MS.8's front and MS.5's side 2, both unreadable, found later next to each other: they look like one sheet
    (side 1 then side 2). Its "missing pages" item says which sides are missing and offers to set its pages aside
    to attach (found by typed code) or to discard it with a reason before accepting it."""
    db = scan_stacks(tmp_path, template,
                     [(5, 1, False), (5, 3, False), (5, 4, False), (8, 2, False), (8, 3, False), (8, 4, False)],
                     [(8, 1), (5, 2)])
    sheets = sheets_of(template, db)
    assert sheets == {"KH35.1.MS.005": [1, 3, 4], "KH35.1.MS.008": [2, 3, 4], None: [1, 2]}
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    session = app.start_session({"reviewer": "Lan"})["session"]
    flagged = app.next({"session": session, "kind": "missing_page"})["item"]
    while "chưa đọc được mã" not in flagged["sheet_label"]:
        app.decide({"session": session, "item": flagged["id"], "value": "accept", "advance": False})
        flagged = app.next({"session": session, "kind": "missing_page"})["item"]
    assert flagged["title"] == "Thiếu 2 trong 4 trang của phiếu (trang 3, 4)"
    assert [c["id"] for c in flagged["choices"]] == ["split", "discard", "accept"]
    with pytest.raises(RequestRefused, match="lý do"):
        app.decide({"session": session, "item": flagged["id"], "value": "discard", "advance": False})
    app.decide({"session": session, "item": flagged["id"], "value": "split", "advance": False})
    assert None not in sheets_of(template, db)
    items = page_items(app, session)
    assert len(items) == 2
    for item in items:
        serial = {"p00.png": "008", "p01.png": "005"}[item["title"].split(": ")[1].split(",")[0]]
        found = app.find_sheets({"session": session, "item": item["id"], "q": f"MS.{serial}"})["choices"]
        assert len(found) == 1 and found[0]["label"].endswith(f"KH35.1.MS.{serial}")
        app.decide({"session": session, "item": item["id"], "value": found[0]["id"], "advance": False})
    assert sheets_of(template, db) == {"KH35.1.MS.005": [1, 2, 3, 4], "KH35.1.MS.008": [1, 2, 3, 4]}
