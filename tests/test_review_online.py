"""Online problems settled in the review page: a unit name, an answer near an option, a bad timestamp, a
discarded row; through the same verbs as the command line, in the trail, undoable."""

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from scanner.cli import main
from scanner.errors import RequestRefused
from scanner.online import online_records
from scanner.review.limits import CONFIRMED
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


def test_a_row_breaking_a_constraint_is_counted_once_accepted_as_shown(tmp_path, template, plan):
    """The page's Enter sends the flagged questions as shown; an answer breaking the form's constraint (70 years
    where the form allows at most 60) was not flagged, so Enter stored a bare accept and the row came back.
    Accepting it breaks the question's limit, so the server asks for the reviewer's confirmation first (422),
    and the confirmation is written with the decision."""
    table = list(csv.reader(SAMPLE.open(encoding="utf-8")))
    years = table[0].index(template.question("q9").online_title)
    table[1][years] = "70"
    path = tmp_path / "r.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(table[:6])
    db = tmp_path / "c.db"
    assert main(["import-online", str(path), "--db", str(db)]) == 0
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    session = app.start_session({"reviewer": "Lan"})["session"]
    row = app.next({"session": session, "kind": "online_row"})["item"]
    q9 = next(f for f in row["extra"]["fields"] if f["id"] == "q9")
    assert q9["flagged"] and q9["raw"] == "70"
    shown = {f["id"]: f["raw"] if f["type"] in ("number", "date", "text") else f["answer"]
             for f in row["extra"]["fields"] if f["flagged"]}  # what the page's Enter sends
    with pytest.raises(RequestRefused, match="“70” trái với điều kiện") as refused:
        app.decide({"session": session, "item": row["id"], "value": {"answers": shown, "accept": True}})
    assert refused.value.status == 422 and _records(app)[row["sheet_id"]].status == "needs_review"
    app.decide({"session": session, "item": row["id"], "value": {"answers": shown, "accept": True}, "confirm": True,
                "advance": False})
    assert _records(app)[row["sheet_id"]].status == "final"
    store = Store(db)
    try:
        assert {r.comment.split(":")[0] for r in store.trail()} == {CONFIRMED}
    finally:
        store.close()
    assert "online_row" not in app.counts()["by_kind"]


def test_settle_online_accept_alone_settles_a_broken_constraint(tmp_path, template, plan, capsys):
    """`settle-online ID --accept` on the command line: the row breaking the form's constraint (70 years where at
    most 60 are allowed) is counted as the respondent gave it, as the page's Enter counts it."""
    table = list(csv.reader(SAMPLE.open(encoding="utf-8")))
    years = table[0].index(template.question("q9").online_title)
    table[1][years] = "70"
    path = tmp_path / "r.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(table[:6])
    db = tmp_path / "c.db"
    assert main(["import-online", str(path), "--db", str(db)]) == 0
    store = Store(db)
    try:
        waiting = [r for r in online_records(store, template, plan) if r.status == "needs_review"]
    finally:
        store.close()
    assert len(waiting) == 1 and any("điều kiện" in p for p in waiting[0].problems)
    rid = waiting[0].record_id
    assert main(["settle-online", rid, "--accept", "--reviewer", "Lan", "--db", str(db)]) == 0
    store = Store(db)
    try:
        rec = next(r for r in online_records(store, template, plan) if r.record_id == rid)
    finally:
        store.close()
    assert rec.status == "final" and rec.problems == [] and rec.answers["q9"] == 70
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    assert "online_row" not in app.counts()["by_kind"]


def test_an_unknown_column_is_settled_as_a_question_in_the_page(tmp_path, template, plan, capsys):
    table = list(csv.reader(SAMPLE.open(encoding="utf-8")))
    gender = table[0].index("Giới tính")
    table[0][gender] = "Giới tính của bạn"  # the office renamed a question in its Google Form
    path = tmp_path / "renamed.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(table[:8])
    db = tmp_path / "col.db"
    assert main(["import-online", str(path), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["review", "--db", str(db), "--list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert any("Giới tính của bạn" in line for line in listed)  # as the office wrote it, not folded for matching
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    session = app.start_session({"reviewer": "Lan"})["session"]
    item = app.next({"session": session, "kind": "online_column"})["item"]
    assert item["extra"]["text"] == "Giới tính của bạn"
    # what the column holds, not only its title: each value with its rows, most frequent first
    held = Counter(r[gender] for r in table[1:8])
    assert {(v["value"], v["rows"]) for v in item["extra"]["values"]} == set(held.items())
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
    item = app.next({"session": session, "kind": "online_column"})["item"]
    app.decide({"session": session, "item": item["id"], "value": "-", "advance": False})  # the office's own notes
    [listed] = [x for x in app.settled({"session": session})["items"] if x["item"] == item["id"]]
    assert listed["said"].startswith("bỏ qua cột") and "_ignore" not in listed["said"]  # t13r S16: not the stored id


def test_the_online_derivation_is_kept_until_a_download_or_an_online_decision(tmp_path, template, plan):
    """Settling one problem asks for the derivation several times; it is derived again only when its inputs change,
    and what comes back after each change is what a fresh derivation says."""
    from scanner.online import derive, derive_online, map_unit, mappings
    from scanner.records import Decision

    db = online_db(tmp_path)
    store = Store(db)
    try:
        first = derive_online(store, template, plan)
        assert derive_online(store, template, plan) is first
        other = Store(db)  # another connection to the same file sees the same kept derivation
        assert derive_online(other, template, plan) is first
        other.close()
        store.add_decision(Decision("paper-sheet", "q2", ["1"], "Lan", "2023-11-20T10:00:00", None, ""))
        assert derive_online(store, template, plan) is first  # a paper decision changes nothing online

        def fresh():
            return derive(store.online_files(), template, plan, mappings(store))

        def units(d):
            return {r.record_id: r.unit for r in d.records}

        map_unit(store, plan, "Xa Ban Lang moi", "TT", "Lan")
        mapped = derive_online(store, template, plan)
        assert mapped is not first and units(mapped) == units(fresh()) != units(first)
        session = "s-cache"
        store.review_start_session(session, "Lan")
        store.review_own_decisions(store.review_last_decision_id() - 1, "Lan", session)
        assert store.undo_last(session) is not None
        undone = derive_online(store, template, plan)
        assert undone is not mapped and units(undone) == units(first)
        (tmp_path / "again").mkdir()
        online_db(tmp_path / "again", rows=14, db=db)  # a later download with two more rows
        more = derive_online(store, template, plan)
        assert more is not undone and len(more.records) == len(fresh().records) > len(undone.records)
    finally:
        store.close()


def _near_row(app):
    return next(r for r in _records(app).values() if any("Rất là quan tâm" in p for p in r.problems))


def test_an_answer_left_out_on_the_command_line_counts_as_no_option(app, capsys):
    rid = _near_row(app).record_id
    assert main(["map-answer", "Rất là quan tâm", "q2", "9", "--db", str(app.db), "--reviewer", "Lan"]) != 0
    assert "- để bỏ qua" in capsys.readouterr().err
    assert main(["map-answer", "Rất là quan tâm", "q2", "-", "--db", str(app.db), "--reviewer", "Lan"]) == 0
    rec = _records(app)[rid]
    assert rec.answers["q2"] == [] and not any("quan tâm" in p for p in rec.problems)
    assert rec.status == "final"


def test_an_answer_left_out_in_the_page_and_undone(app):
    session = app.start_session({"reviewer": "Lan"})["session"]
    rid = _near_row(app).record_id
    item = app.next({"session": session, "kind": "online_answer"})["item"]
    assert item["choices"][-1]["id"] == "-" and "Không tính" in item["choices"][-1]["label"]
    app.decide({"session": session, "item": item["id"], "value": "-", "advance": False})
    assert _records(app)[rid].answers["q2"] == [] and "online_answer" not in app.counts()["by_kind"]
    app.undo({"session": session})
    assert app.counts()["by_kind"].get("online_answer") == 1
    assert any("Rất là quan tâm" in p for p in _records(app)[rid].problems)


def test_one_answer_of_a_row_left_out(app):
    """Two answers to a single choice: the reviewer leaves the question out rather than guess; the rest stands."""
    session = app.start_session({"reviewer": "An"})["session"]
    row = app.next({"session": session, "kind": "online_row"})["item"]
    answered = [f for f in row["extra"]["fields"] if f["type"] != "text" and f["answer"]]
    left, kept = answered[0], answered[1]
    app.decide({"session": session, "item": row["id"], "value": {"answers": {left["id"]: []}, "accept": True}})
    rec = _records(app)[row["sheet_id"]]
    assert rec.answers[left["id"]] == [] and rec.answers[kept["id"]] == kept["answer"]


def test_a_discarded_row_asks_nothing_more_of_anyone(app, capsys):
    """After a reviewer discarded a row, `status` still listed it among the rows to settle ("chưa tính, cần người
    xác nhận") with the settle-online command to type; a discarded response has nothing left to settle."""
    import json

    session = app.start_session({"reviewer": "Lan"})["session"]
    row = app.next({"session": session, "kind": "online_row"})["item"]
    app.decide({"session": session, "item": row["id"], "value": "discard", "comment": "Dòng nhập thử",
                "advance": False})
    rec = _records(app)[row["sheet_id"]]
    assert rec.status == "discarded" and rec.problems == []
    capsys.readouterr()
    main(["status", "--db", str(app.db), "--json"])
    listed = [r["record_id"] for r in json.loads(capsys.readouterr().out)["online"]["rows_with_problems"]]
    assert row["sheet_id"] not in listed and len(listed) == 3  # the other rows still wait
    app.undo({"session": session})
    assert _records(app)[row["sheet_id"]].problems  # undone: the row asks again


def test_online_items_tell_the_reviewer_what_to_do_in_the_page_not_which_command_to_type(app):
    """The reasons on an online row came from `status`: "gán bằng lệnh survey map-unit … --reviewer TÊN",
    ": survey map-answer …". In the page the reviewer settles it there, and the reasons say so."""
    from scanner.review.queue import build_items

    store = Store(app.db)
    try:
        items = [it for it in build_items(store, app.template, app.plan) if it.kind.online]
    finally:
        store.close()
    reasons = [r for it in items for r in it.reasons]
    assert reasons and not [r for r in reasons if re.search(r"survey (map-unit|map-answer|map-column|settle-online)", r)]
    assert any("ban lang" in r.lower() and "gõ số hoặc mã đơn vị" in r for r in reasons)
    assert any("31/02/2023" in r for r in reasons)  # the problem itself is still said


def test_an_answer_wording_item_names_the_units_of_its_rows(app, plan):
    """A wording settles every row worded so; the page named its unit "chưa rõ" although each row names one."""
    table = list(csv.reader(SAMPLE.open(encoding="utf-8")))
    said_by = table[5][1]  # the sample's fifth response, whose q2 the fixture reworded
    unit = plan.match_unit(said_by)
    assert unit, said_by
    code = f"{unit.code} {unit.name}"
    session = app.start_session({"reviewer": "Lan"})["session"]
    item = app.next({"session": session, "kind": "online_answer"})["item"]
    assert item["extra"]["text"] == "Rất là quan tâm"
    assert item["extra"]["units"] == f"{code} (1 dòng)"


def test_settled_online_decisions_are_opened_and_changed_again_after_a_reload(app):
    """Undo and Back know only the page's own session; after a reload (a new session) a settled online row and a
    unit mapping are found in the settled list and changed in the page; the trail keeps both decisions."""
    first = app.start_session({"reviewer": "Lan"})["session"]
    store = Store(app.db)
    try:
        [row_id] = [it.id for it in store.review_open_items() if any("31/02/2023" in r for r in it.data["reasons"])]
    finally:
        store.close()
    row = app.claim({"session": first, "item": row_id})["item"]
    app.decide({"session": first, "item": row["id"], "value": {"answers": {}, "accept": True}, "advance": False})
    unit = app.next({"session": first, "kind": "online_unit"})["item"]
    app.decide({"session": first, "item": unit["id"], "value": "TT", "advance": False})
    assert _records(app)[row["sheet_id"]].status == "final"
    app.let_go({"session": first})

    again = app.start_session({"reviewer": "Lan"})["session"]  # the page reloaded
    assert app.undo({"session": again})["ok"] is False  # Undo cannot reach the old session's decisions
    listed = app.settled({"session": again})["items"]
    assert [x["item"] for x in listed[:2]] == [unit["id"], row["id"]]  # newest first, one line per item
    assert listed[0]["said"] == "TT" and "Xa Ban Lang moi" in listed[0]["title"]
    assert [x["item"] for x in app.settled({"session": again, "q": "ban lang"})["items"]] == [unit["id"]]

    opened = app.reopen({"session": again, "decision": listed[1]["decision"]})["item"]
    assert opened["id"] == row["id"] and opened["decided"]["accept"] is True
    assert _records(app)[row["sheet_id"]].status == "needs_review"  # taken back while it is being changed
    app.decide({"session": again, "item": row["id"], "value": "discard", "comment": "Dòng nhập thử", "advance": False})
    assert _records(app)[row["sheet_id"]].status == "discarded"

    opened = app.reopen({"session": again, "decision": listed[0]["decision"]})["item"]
    assert opened["id"] == unit["id"] and opened["decided"]["to"] == "TT"
    app.decide({"session": again, "item": unit["id"], "value": "BL", "advance": False})
    spelt = [r for r in _records(app).values() if any("ban lang" in p.lower() for p in r.problems)
             or r.unit in ("TT", "BL")]
    assert spelt and {r.unit for r in spelt if r.record_id != row["sheet_id"]} >= {"BL"}
    with pytest.raises(RequestRefused, match="đã được thay hoặc hoàn tác"):
        app.reopen({"session": again, "decision": listed[0]["decision"]})

    trail = tmp_trail(app)
    units = [r for r in trail if r["sheet_id"] == "online:unit"]
    assert [json.loads(r["value"])["to"] for r in units] == ["TT", "BL"]
    assert units[0]["undone_at"] and not units[1]["undone_at"]
    row_trail = [r for r in trail if r["sheet_id"] == row["sheet_id"]]
    assert [(r["key"], bool(r["undone_at"])) for r in row_trail] == [("_accept", True), ("_discard", False)]


def test_a_unit_spelt_one_letter_off_is_proposed_never_assumed(tmp_path, template, plan, capsys):
    """"Đào Sam" matched no unit and the page proposed nothing, though the plan has Đào San. A name one letter
    away, diacritics and prefixes set aside, is proposed (Enter takes it); a name far from every unit is not, and
    the row still waits for the reviewer either way."""
    table = list(csv.reader(SAMPLE.open(encoding="utf-8")))
    head, body = table[0], table[1:5]
    body[0][1], body[1][1] = "Đào Sam", "xa dao sam"
    body[2][1] = "Xa Ban Lang moi"
    path = tmp_path / "r.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([head, *body])
    db = tmp_path / "u.db"
    capsys.readouterr()
    assert main(["import-online", str(path), "--db", str(db)]) == 0
    said = capsys.readouterr().out
    assert 'đơn vị "Đào Sam" không có trong kế hoạch (gần giống: Đảng bộ xã Đào San, mã DS)' in said, said
    assert 'đơn vị "Xa Ban Lang moi" không có trong kế hoạch (không khớp' in said
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    session = app.start_session({"reviewer": "Lan"})["session"]
    store = Store(db)
    try:
        items = {it.data["extra"]["text"]: it.data for it in store.review_open_items() if it.kind == "online_unit"}
    finally:
        store.close()
    [ds] = [u for u in plan.units if u.name.endswith("Đào San")]
    for said in ("Đào Sam", "xa dao sam"):
        assert items[said]["machine"] == [ds.code], items[said]
        assert f"Gần giống: {ds.code} · {ds.name}" in " ".join(items[said]["reasons"])
    assert items["Xa Ban Lang moi"]["machine"] is None
    assert not any("Gần giống" in r for r in items["Xa Ban Lang moi"]["reasons"])
    assert all(r.unit is None for r in _records(app).values() if r.status == "needs_review")
    app.decide({"session": session, "item": items["Đào Sam"]["id"], "value": ds.code, "advance": False})
    assert {r.unit for r in _records(app).values() if r.record_id} >= {ds.code}


def test_a_row_repeating_a_counted_response_says_so(tmp_path, template, plan):
    """A row waiting for a reviewer (here an impossible timestamp) whose answers repeat a counted response word for
    word: accepting it counts one respondent twice, and the row item now says so, naming the counted row."""
    table = list(csv.reader(SAMPLE.open(encoding="utf-8")))
    head, body = table[0], table[1:9]
    body[3] = ["31/02/2023 25:00:00", *body[5][1:]]  # a re-submission of row 7, with a time no clock shows
    path = tmp_path / "copies.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([head, *body])
    db = tmp_path / "copies.db"
    assert main(["import-online", str(path), "--db", str(db)]) == 0
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    session = app.start_session({"reviewer": "Lan"})["session"]
    rows = []
    while (it := app.next({"session": session, "kind": "online_row"})["item"]) is not None:
        rows.append(it)
        app.decide({"session": session, "item": it["id"], "value": {"deferred": True}, "advance": False})
    [row] = rows
    [said] = [r for r in row["reasons"] if "trùng hệt" in r]
    assert "copies.csv, dòng 7" in said and "hai lần" in said


def _in_force(app, sheet_id: str) -> dict:
    store = Store(app.db)
    try:
        return {r.key: json.loads(r.value) for r in store.trail()
                if r.sheet_id == sheet_id and not r.superseded_by and not r.undone_at}
    finally:
        store.close()


def test_going_back_to_settled_online_items_shows_and_keeps_what_was_decided(app):
    """t13r F5/F6: ← onto an answer mapping lit the machine's proposal (Enter then stored it over the decision); ←
    onto a discarded row showed it undecided (Enter stored an accept beside the discard, both in force). Going back
    now shows the decision, and Enter keeps it."""
    from review_support import chromium, open_page, press_and_wait, seen, serving

    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        page.select_option("#kindsel", "online_answer")
        page.wait_for_function("() => !loading && current && current.kind === 'online_answer'")
        seen(page)
        answer = page.evaluate("() => [current.sheet_id, current.machine]")
        assert answer[1] and answer[1] != ["-"]  # a near option is proposed
        press_and_wait(page, "0")  # left out: no option counts
        press_and_wait(page, "ArrowLeft")
        assert page.evaluate("() => [...picked]") == ["-"]
        press_and_wait(page, "Enter")
        kept = [v for v in _in_force(app, answer[0]).values()]
        assert [v["to"] for v in kept] == ["-"]
        page.select_option("#kindsel", "online_row")
        page.wait_for_function("() => !loading && current && current.kind === 'online_row'")
        seen(page)
        row = page.evaluate("() => current.sheet_id")
        page.keyboard.press("Escape")  # out of the unit box, if the row opened there
        page.keyboard.press("x")
        page.keyboard.type("dòng nhập thử")
        press_and_wait(page, "Enter")
        assert _records(app)[row].status == "discarded"
        press_and_wait(page, "Alt+ArrowLeft")  # the next row may have opened in its unit box: Alt works anywhere
        assert "loại dòng" in page.inner_text("#item .machine")
        assert page.input_value("#comment") == "dòng nhập thử"
        press_and_wait(page, "Enter")
    assert _records(app)[row].status == "discarded"
    assert "_accept" not in _in_force(app, row) and "_discard" in _in_force(app, row)


def test_a_row_without_a_unit_is_not_accepted_without_one(tmp_path, template, plan):
    """t13r S6: Enter on a row whose unit is unknown, with the unit box empty, stored an accept and left the row on
    screen, still waiting. It is refused with what to do; with a unit typed it is settled."""
    table = list(csv.reader(SAMPLE.open(encoding="utf-8")))
    head, body = table[0], table[1:7]
    body[2][1] = ""  # no unit given
    path = tmp_path / "nounit.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([head, *body])
    db = tmp_path / "nounit.db"
    assert main(["import-online", str(path), "--db", str(db)]) == 0
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    session = app.start_session({"reviewer": "Lan"})["session"]
    row = app.next({"session": session, "kind": "online_row"})["item"]
    assert row is not None and row["unit"] is None
    with pytest.raises(RequestRefused, match="chưa có đơn vị"):
        app.decide({"session": session, "item": row["id"], "value": {"answers": {}, "accept": True}})
    assert _in_force(app, row["sheet_id"]) == {}
    app.decide({"session": session, "item": row["id"], "value": {"answers": {}, "unit": "MS", "accept": True},
                "advance": False})
    assert _records(app)[row["sheet_id"]].unit == "MS" and _records(app)[row["sheet_id"]].status == "final"


def test_reopening_a_discarded_row_after_a_reload_keeps_the_discard_on_enter(app):
    """t13r F7: H, then Enter ("giữ") on a discarded row accepted it: the reopened row came without its reason and
    Enter meant accept. It comes back with its reason, and Enter keeps the discard."""
    from review_support import chromium, open_page, press_and_wait, seen, serving

    session = app.start_session({"reviewer": "An"})["session"]
    row = app.next({"session": session, "kind": "online_row"})["item"]
    app.decide({"session": session, "item": row["id"], "value": "discard", "comment": "trả lời thử", "advance": False})
    app.let_go({"session": session})
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        page.keyboard.press("h")
        page.wait_for_function("() => hist && !hist.loading && hist.items.length")
        pos = page.evaluate("id => hist.items.findIndex(x => x.item === id)", row["id"])
        assert pos >= 0
        page.evaluate("p => { hist.pos = p; paintSettled(); }", pos)
        seen(page)
        press_and_wait(page, "Enter")
        assert "loại dòng" in page.inner_text("#item .machine") and page.input_value("#comment") == "trả lời thử"
        press_and_wait(page, "Enter")
    assert _records(app)[row["sheet_id"]].status == "discarded"
    assert "_accept" not in _in_force(app, row["sheet_id"])
