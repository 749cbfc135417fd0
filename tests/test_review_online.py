"""Online problems settled in the review page: a unit name, an answer near an option, a bad timestamp, a
discarded row; through the same verbs as the command line, in the trail, undoable."""

import csv
from pathlib import Path

import pytest

from scanner.cli import main
from scanner.errors import RequestRefused
from scanner.online import online_records
from scanner.review.server import ReviewApp
from scanner.store import Store

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "online_responses.csv"


def online_db(tmp: Path, rows: int = 12, db: Path | None = None) -> Path:
    """The sample download with faults written in: an unknown unit spelt two ways that one mapping settles,
    an impossible timestamp, an answer worded close to an option."""
    table = list(csv.reader(SAMPLE.open(encoding="utf-8")))
    head, body = table[0], table[1:rows + 1]
    body[1][1] = "Xa Ban Lang moi"
    body[2][1] = "xa ban lang MOI"
    body[3][0] = "31/02/2023 25:00:00"
    body[4][8] = "Rất là quan tâm"
    path = tmp / "responses.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([head, *body])
    db = db or tmp / "online.db"
    assert main(["import-online", str(path), "--db", str(db)]) == 0
    return db


@pytest.fixture()
def app(tmp_path, template, plan):
    return ReviewApp(online_db(tmp_path), template, plan, "127.0.0.1", None)


def _records(app):
    store = Store(app.db)
    try:
        return {r.record_id: r for r in online_records(store, app.template, app.plan)}
    finally:
        store.close()


def test_every_online_problem_is_an_item_settled_in_the_page(app):
    session = app.start_session({"reviewer": "Lan"})["session"]
    before = _records(app)
    waiting = {rid for rid, r in before.items() if r.status == "needs_review"}
    assert len(waiting) == 4
    kinds = app.counts()["by_kind"]
    assert kinds == {"online_answer": 1, "online_unit": 1, "online_row": 4}
    item = app.next({"session": session, "kind": "online_answer"})["item"]
    assert item["extra"]["text"] == "Rất là quan tâm" and item["title"].startswith("Câu ")
    app.decide({"session": session, "item": item["id"], "value": item["machine"][0], "advance": False})
    unit_item = app.next({"session": session, "kind": "online_unit"})["item"]
    assert unit_item["extra"]["rows"] == 2
    app.decide({"session": session, "item": unit_item["id"], "value": "TT", "advance": False})
    after = _records(app)
    spelt = [rid for rid, r in before.items() if any("ban lang" in p.lower() for p in r.problems)]
    assert len(spelt) == 2 and all(after[rid].unit == "TT" and after[rid].status == "final" for rid in spelt)
    row = app.next({"session": session, "kind": "online_row"})["item"]
    assert any("31/02/2023" in r for r in row["reasons"])
    assert {f["id"] for f in row["extra"]["fields"]} >= {"a1", "q2"}  # the row side by side with the options
    with pytest.raises(RequestRefused, match="lý do"):
        app.decide({"session": session, "item": row["id"], "value": "discard"})
    out = app.decide({"session": session, "item": row["id"], "value": "discard", "comment": "Dòng nhập thử",
                      "advance": False})
    assert out["counts"]["open"] == 0
    assert _records(app)[row["sheet_id"]].status == "discarded"
    undone = app.undo({"session": session})  # the discard comes back as an item
    assert undone["item"]["id"] == row["id"] and _records(app)[row["sheet_id"]].status == "needs_review"
    accepted = app.decide({"session": session, "item": row["id"], "value": {"answers": {}, "accept": True}})
    assert accepted["counts"]["open"] == 0 and _records(app)[row["sheet_id"]].status == "final"
    trail = tmp_trail(app)
    assert {r["reviewer"] for r in trail} == {"Lan"}
    assert {r["sheet_id"] for r in trail} >= {"online:unit", "online:answer:q2", row["sheet_id"]}


def tmp_trail(app):
    out = app.db.parent / "trail.csv"
    assert main(["review", "--db", str(app.db), "--trail", str(out)]) == 0
    return list(csv.DictReader(out.open(encoding="utf-8")))


def test_a_row_settled_with_its_answers_changed(app):
    session = app.start_session({"reviewer": "An"})["session"]
    row = app.next({"session": session, "kind": "online_row"})["item"]
    q2 = next(f for f in row["extra"]["fields"] if f["id"] == "q2")
    other = next(o["id"] for o in q2["options"] if [o["id"]] != q2["answer"])
    for bad in ({"answers": {"q2": ["1", "2"]}}, {"answers": {"nope": []}}, {"answers": {"q2": ["99"]}},
                {"unit": "XX"}, [1], {"answers": [], "x": 1}):
        with pytest.raises(RequestRefused):
            app.decide({"session": session, "item": row["id"], "value": bad})
    app.decide({"session": session, "item": row["id"], "value": {"answers": {"q2": [other]}, "accept": True}})
    assert _records(app)[row["sheet_id"]].answers["q2"] == [other]


def test_an_unknown_column_is_settled_as_a_question_in_the_page(tmp_path, template, plan):
    table = list(csv.reader(SAMPLE.open(encoding="utf-8")))
    gender = table[0].index("Giới tính")
    table[0][gender] = "Giới tính của bạn"  # the office renamed a question in its Google Form
    path = tmp_path / "renamed.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(table[:8])
    db = tmp_path / "col.db"
    assert main(["import-online", str(path), "--db", str(db)]) == 0
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    session = app.start_session({"reviewer": "Lan"})["session"]
    item = app.next({"session": session, "kind": "online_column"})["item"]
    assert item["extra"]["text"] == "Giới tính của bạn"
    a2 = next(c for c in item["choices"] if c["id"] == "a2")
    assert a2["label"].startswith("Câu 2. ")
    with pytest.raises(RequestRefused):
        app.decide({"session": session, "item": item["id"], "value": "nope"})
    app.decide({"session": session, "item": item["id"], "value": "a2", "advance": False})
    recs = _records(app)
    assert all(r.answers["a2"] for r in recs.values())  # every row now has its answer to "Giới tính"
    assert "online_column" not in app.counts()["by_kind"]
    app.undo({"session": session})
    assert app.counts()["by_kind"].get("online_column") == 1
