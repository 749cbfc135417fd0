"""H's list of settled items at survey size (the s20 trial at 3,000 sheets): a search by sheet code reaches every
decision in force, not the latest 2,000 only, so a morning's decision can still be opened and corrected."""

from __future__ import annotations

from test_review_browser import base_db, db  # noqa: F401  (the four scanned sheets shared with the browser tests)

from scanner.records import Decision
from scanner.review.server import ReviewApp
from scanner.store import Store


def test_a_decision_older_than_two_thousand_others_is_found_by_its_sheet_code_and_reopened(db, template, plan):  # noqa: F811
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    try:
        session = app.start_session({"reviewer": "Lan"})["session"]
        first = app.next({"session": session})["item"]
        q = template.question(first["key"])
        value = [q.options[0].id] if first["kind"] == "question" else "chép lại"
        decided = app.decide({"session": session, "item": first["id"], "value": value, "advance": False})["decision"]
        store = Store(db)
        try:  # the rest of a day's work at 3,000 sheets: other sheets' decisions, each in force
            for i in range(2100):
                store.add_decision(Decision(f"bulk{i:05d}:0", "q1", ["1"], "Bình", "2026-12-07T09:00:00+00:00"))
        finally:
            store.close()
        found = app.settled({"session": session, "q": first["sheet_label"]})["items"]
        assert [x["decision"] for x in found] == [decided], found
        assert found[0]["where"] == first["sheet_label"]
        back = app.reopen({"session": session, "decision": decided})["item"]
        assert back["id"] == first["id"] and back["decided"] == value
        assert len(app.settled({"session": session, "q": ""})["items"]) == 60  # the unfiltered list stays short
    finally:
        app.close()


def test_the_settled_filter_finds_an_item_by_its_units_name_and_by_its_reviewer(db, template, plan):  # noqa: F811
    """The filter is labelled "mã phiếu, câu hỏi hoặc tên đơn vị"; a unit's name ("Đảng bộ xã Đào San") found
    nothing, as the sheet's code holds the unit's code only."""
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    try:
        session = app.start_session({"reviewer": "Hoàng Văn Thụ"})["session"]
        first = app.next({"session": session})["item"]
        assert first["unit"]
        q = template.question(first["key"])
        decided = app.decide({"session": session, "item": first["id"], "value": [q.options[0].id],
                              "advance": False})["decision"]
        name = next(u.name for u in plan.units if u.code == first["unit"])
        assert name.casefold() not in f"{first['sheet_label']} {first['title']}".casefold()
        said = app.settled({"session": session, "q": ""})["items"][0]["said"]
        assert said == f"1 · {q.options[0].label}", said  # as the item's button names it, not the option's id
        for text in (name, name.upper(), "văn thụ"):
            assert [x["decision"] for x in app.settled({"session": session, "q": text})["items"]] == [decided], text
        assert app.settled({"session": session, "q": "không có đơn vị này"})["items"] == []
    finally:
        app.close()
