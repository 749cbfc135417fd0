"""One reason at a time within a kind (the s20 trial at 3,000 sheets): the "Câu hỏi chưa rõ" items mixed boxes
marked twice on a one-choice question, too many options ticked, unclear boxes, rules broken…, and a reviewer could
not take, say, only the answers with too many options. A reason menu ("mọi lý do") beside "Loại mục" now narrows the queue."""

from __future__ import annotations

import pytest
from review_support import COMMON, chromium, copy_db, marked_pages, open_page, seen, serving, wait_for, write_scans

from scanner.cli import main
from scanner.forms import SheetSpec
from scanner.review.server import ReviewApp
from scanner.store import Store
from scanner.vocab import ItemKind, ReviewReason


@pytest.fixture(scope="module")
def two_causes_db(tmp_path_factory, template):
    """Four sheets: two with two boxes marked on one-choice q2, two with four options ticked on q7 (at most 3)."""
    tmp = tmp_path_factory.mktemp("review_causes")
    marks = [("c1", 1, {"q2": ["1", "3"]}), ("c2", 2, {"q2": ["2", "4"]}),
             ("c3", 3, {"q2": ["2"], "q7": ["1", "2", "3", "4"]}), ("c4", 4, {"q2": ["2"], "q7": ["2", "3", "4", "5"]})]
    sheets = [(name, marked_pages(template, tmp, SheetSpec("MS", serial), {**COMMON, "q8": [], **m}))
              for name, serial, m in marks]
    write_scans(tmp / "scans", sheets)
    db = tmp / "base.db"
    assert main(["scan", str(tmp / "scans"), "--db", str(db), "--quiet", "--jobs", "1"]) == 0
    return db


def _open_questions(db) -> dict[str, str]:
    """Each open question item's id, with the question it asks about: what the sheets were drawn with."""
    store = Store(db)
    try:
        return {it.id: it.key for it in store.review_open_items() if it.kind == ItemKind.question and not it.deferred}
    finally:
        store.close()


def _deferred(db) -> set[str]:
    """The items left for a supervisor, as the store's decisions say."""
    store = Store(db)
    try:
        return {f"{sid}|{key}" for sid, ds in store.decisions(include_deferred=True).items() for key, d in ds.items()
                if isinstance(d.value, dict) and d.value.get("deferred")}
    finally:
        store.close()


def test_the_queue_serves_one_cause_within_a_kind(two_causes_db, template, plan, tmp_path):
    db = copy_db(two_causes_db, tmp_path / "c.db")
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    try:
        asked = _open_questions(db)
        assert sorted(asked.values()) == ["q2", "q2", "q7", "q7"], asked
        counts = app.counts()
        assert counts["by_cause"]["question"] == {"multiple_marks": 2, "too_many": 2}
        session = app.start_session({"reviewer": "Lan"})["session"]
        ask = {"session": session, "kind": "question", "cause": "too_many"}
        served = []
        shown = app.next(ask)["item"]
        while shown is not None:
            served.append(shown["id"])
            shown = app.decide(ask | {"item": shown["id"], "value": {"deferred": True}})["item"]
        assert sorted(asked[i] for i in served) == ["q7", "q7"]
        assert app.next({"session": session, "kind": "question"})["item"]["key"] == "q2"  # the other cause waits
    finally:
        app.close()
    assert _deferred(db) == set(served)


def test_the_cause_menu_narrows_the_queue_and_says_when_that_cause_is_done(two_causes_db, template, plan, tmp_path):
    db = copy_db(two_causes_db, tmp_path / "c.db")
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        assert not page.is_visible("#causesel")  # every kind: no reason menu
        header = page.evaluate("() => document.querySelector('header').getBoundingClientRect().height")
        page.select_option("#kindsel", "question")
        wait_for(page, "() => !loading && current && current.kind === 'question' && "
                       "!document.getElementById('causesel').hidden")
        # the menu finds room in the header's line: it does not push the item down a line
        assert page.evaluate("() => document.querySelector('header').getBoundingClientRect().height") == header
        options = page.eval_on_selector_all("#causesel option", "os => os.map(o => o.textContent)")
        assert options == ["mọi lý do", f"{ReviewReason.multiple_marks.label} (2)", f"{ReviewReason.too_many.label} (2)"]
        page.select_option("#causesel", ReviewReason.too_many.value)
        wait_for(page, "() => !loading && current && current.key === 'q7'")
        seen(page)
        deferred = []
        for _ in range(2):
            it = page.evaluate("() => current")
            assert it["key"] == "q7", it
            deferred.append(it["id"])
            page.keyboard.press("d")
            wait_for(page, "id => !loading && window.__shownId !== id", it["id"])
            seen(page)
        assert "Không còn mục loại “Câu hỏi chưa rõ” với lý do “Chọn quá số ý cho phép”" in page.inner_text("#item")
        page.keyboard.press("Enter")  # back to every reason of the kind: the one-choice questions come
        wait_for(page, "() => !loading && current && current.key === 'q2'")
        assert page.input_value("#causesel") == "" and page.input_value("#kindsel") == "question"
    app.close()
    assert _deferred(db) == set(deferred)
