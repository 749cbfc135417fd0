"""The review workstation: server rules, and a reviewer settling items by keyboard in a real Chromium."""

import csv
import json
import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path

import cv2
import numpy as np
import pytest
from review_support import SEEN, chromium, drawn_pages_read_once, marked_pages

from scanner.cli import main
from scanner.forms import SheetSpec
from scanner.review.server import ReviewApp, make_server

_SCANNED: dict[int, tuple[object, Path]] = {}  # per process: the SQLite store below, scanned once


@pytest.fixture()
def review_db(tmp_path, template, store_engine, tmp_path_factory):
    """Two sheets: MS/1 with two marks on single-choice q2 and writing in q8; a blank form (no unit).

    On SQLite the pages are scanned once per process and each test gets its own copy of the folder (the store and
    its scans; the store names the first folder's images, the same bytes): 24 quick tests here and in
    test_review_server.py ask for it, and the scan cost about half a CPU second each. On PostgreSQL each test scans into its own fresh database, as before."""
    if store_engine != "sqlite":
        return _scan_review_db(tmp_path, template)
    got = _SCANNED.get(id(template))
    if got is None or got[0] is not template:
        got = _SCANNED[id(template)] = (template, _scan_review_db(tmp_path_factory.mktemp("review_db"), template))
    shutil.copytree(got[1].parent, tmp_path, dirs_exist_ok=True)
    return tmp_path / got[1].name


def _scan_review_db(tmp_path, template):
    common = {"a1": ["2"], "a2": ["1"], "a3": ["2"], "a4": ["3"], "a5": ["4"], "q1": ["1"], "q3": ["2"], "q4": ["2"],
              "q5a": ["1"], "q5b": ["2"], "q5c": ["1"], "q5d": ["3"], "q5e": ["2"], "q6": ["1"], "q7": ["2"]}
    folder = tmp_path / "scans"
    folder.mkdir()
    a = marked_pages(template, tmp_path, SheetSpec("MS", 1), {**common, "q2": ["1", "3"], "q8": []})
    b = marked_pages(template, tmp_path, SheetSpec(None, 0), {**common, "q2": ["2"]})
    for i, img in enumerate([*a, *b]):
        cv2.imwrite(str(folder / f"scan_{i:02d}.jpg"), img, [cv2.IMWRITE_JPEG_QUALITY, 90])
    db = tmp_path / "r.db"
    with drawn_pages_read_once():
        assert main(["scan", str(folder), "--db", str(db), "--quiet", "--jobs", "1"]) == 0
    return db


@pytest.fixture()
def served(review_db, template, plan):
    app = ReviewApp(review_db, template, plan, "127.0.0.1", None)
    server = make_server(app, 0)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    yield app, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _warm_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name == "review-warm"}


def _served_here(review_db, template, plan):
    """An app and its server on the SQLite store, serving; the warm-up thread this app started (others' may linger)."""
    before = _warm_threads()
    app = ReviewApp(review_db, template, plan, "127.0.0.1", None)
    warm = next(iter(_warm_threads() - before), None)  # None: it has ended already
    server = make_server(app, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return app, server, warm


def test_the_warm_up_of_an_app_never_served_ends_with_the_test_that_built_it(review_db, template, plan):
    """An app used without a server (as many tests use it) and not closed starts its picture warm-up; tests/conftest.py
    closes every app a test built when the test ends. The thread, waiting for pictures to draw, stayed alive (idle)
    until the worker ended, one more for every such test."""
    from conftest import _APPS, close_review_apps

    start, before = len(_APPS), _warm_threads()
    app = ReviewApp(review_db, template, plan, "127.0.0.1", None)
    session = app.start_session({"reviewer": "Lan"})["session"]
    assert app.next({"session": session})["item"] is not None
    started = _warm_threads() - before
    assert len(started) == 1 and _APPS[start:] == [app]
    close_review_apps(start)  # as review_apps_closed does when the test ends
    for t in started:
        t.join(30)
    assert not any(t.is_alive() for t in started)


def test_shutting_the_server_down_stops_and_joins_the_picture_warm_up(review_db, template, plan, monkeypatch):
    """The warm-up is stopped between pictures and joined by the server's shutdown: on PostgreSQL it still opened
    the store after the test had dropped the database, and after Ctrl+C it kept touching the store."""
    from scanner.review import pictures

    failures: list[object] = []
    monkeypatch.setattr(threading, "excepthook", failures.append)
    real, drawn, started = pictures.picture, [], threading.Event()
    app, server, warm = _served_here(review_db, template, plan)

    def held(store, tmpl, what, item_id):  # the first picture is still being drawn when the shutdown begins
        drawn.append(item_id)
        started.set()
        app.ahead._stop.wait(60)
        return real(store, tmpl, what, item_id)

    monkeypatch.setattr(pictures, "picture", held)
    session = app.start_session({"reviewer": "Lan"})["session"]
    app.next({"session": session})
    assert app.ahead._upcoming.qsize() >= 1, "at least two pictures queued: one drawn, one left when stopped"
    assert warm is not None and started.wait(60) and warm.is_alive()
    server.shutdown()
    assert warm not in threading.enumerate() and not warm.is_alive()
    assert len(drawn) == 1 and failures == []  # no picture after the stop; nothing escaped the thread
    server.server_close()


def test_a_store_error_ends_the_picture_warm_up_quietly(review_db, template, plan, monkeypatch, caplog):
    """The store failing in the warm-up (here it cannot be opened: the database dropped, the server gone) ends the
    warm-up with a line in the log, never an unhandled exception in its thread; the page still draws on demand."""
    from scanner.errors import DatabaseError
    from scanner.review import pictures

    caplog.set_level("INFO", "scanner.review")
    failures: list[object] = []
    monkeypatch.setattr(threading, "excepthook", failures.append)
    real, opened = pictures.Store, threading.Event()

    def store(db):
        if threading.current_thread().name != "review-warm":
            return real(db)
        opened.set()
        raise DatabaseError(f"{db}: database gone")

    monkeypatch.setattr(pictures, "Store", store)
    app, server, warm = _served_here(review_db, template, plan)
    try:
        session = app.start_session({"reviewer": "Lan"})["session"]
        item = app.next({"session": session})["item"]
        assert opened.wait(60)
        if warm is not None:
            warm.join(60)
        assert failures == [] and (warm is None or not warm.is_alive())  # it ended by itself, quietly
        assert any("store failed" in r.getMessage() for r in caplog.records)
        assert item["img"] and app.image(item["img"], item["id"])  # drawn when asked, the warm-up gone
    finally:
        server.shutdown()
        server.server_close()


def request(url, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_binds_loopback_by_default(served):
    app, url = served
    assert app.token is None and url.startswith("http://127.0.0.1:")
    status, body = request(url + "/")
    assert status == 200 and "Duyệt phiếu".encode() in body


def test_cross_site_and_tokenless_posts_are_refused(served):
    app, url = served
    session = app.start_session({"reviewer": "A"})["session"]
    body = json.dumps({"item": "x", "value": [], "session": session}).encode()
    assert request(url + "/api/decide", body, {"Content-Type": "application/json"})[0] == 403
    good = {"Content-Type": "application/json", "X-CSRF-Token": app.csrf}
    assert request(url + "/api/decide", body, {**good, "Origin": "http://evil.example"})[0] == 403
    assert request(url + "/api/decide", b"item=x", {**good, "Content-Type": "application/x-www-form-urlencoded"})[0] == 415
    assert request(url + "/api/decide", body, good)[0] == 404  # accepted for checking: unknown item
    assert request(url + "/", headers={"Host": "attacker.example"})[0] == 421


def test_images_by_id_never_by_path(served):
    _, url = served
    for bad in ("/img/region?item=../../../etc/passwd", "/img/page?item=/etc/passwd", "/../../etc/passwd",
                "/img/..%2F..%2Fetc%2Fpasswd"):
        status, body = request(url + bad)
        assert status == 404 and b"root:" not in body


def test_token_required_when_bound_beyond_loopback(review_db, template, plan):
    app = ReviewApp(review_db, template, plan, "0.0.0.0", None)
    assert app.token
    server = make_server(app, 0, bind="127.0.0.1")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert request(url + "/")[0] == 401
        assert request(url + "/?token=wrong")[0] == 401
        assert request(url + f"/?token={app.token}")[0] == 200
        assert request(url + "/api/counts", headers={"X-Review-Token": app.token})[0] == 200
    finally:
        server.shutdown()


def test_two_reviewers_never_get_the_same_item(served):
    app, _ = served
    an = app.start_session({"reviewer": "An"})["session"]
    binh = app.start_session({"reviewer": "Bình"})["session"]
    a = app.next({"session": an})["item"]
    b = app.next({"session": binh})["item"]
    assert a and b and a["id"] != b["id"]
    assert app.next({"session": an})["item"]["id"] == a["id"]


def current(page):
    return page.inner_text("#item h2")


def test_reviewer_settles_items_by_keyboard(served, review_db, tmp_path, capsys):
    app, url = served
    # the test process's one Chromium (a second Playwright of its own in the same process fails once another
    # browser test has started that one: "Sync API inside the asyncio loop")
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(url + "/")
        page.fill("#name", "Lan")
        page.keyboard.press("Enter")
        settled = set()
        for _ in range(12):
            page.wait_for_selector("#item h2")
            page.wait_for_function(SEEN)  # keys sooner than a person reads the new item are dropped by the page
            title = current(page)
            if "Đã duyệt xong" in title:
                break
            if "Câu 7." in title:
                page.keyboard.press("3")
                page.keyboard.press("Enter")
                settled.add("q2")
            elif "chưa rõ đơn vị" in title:
                page.keyboard.press("5")  # the fifth unit of the plan: MS
                page.keyboard.press("Enter")
                settled.add("unit")
            elif "viết tay" in title:
                page.wait_for_selector("#text:focus")
                page.keyboard.press("Control+A")
                page.keyboard.type("Cần bồi dưỡng thêm cho cán bộ")
                page.keyboard.press("Enter")
                settled.add("text")
            else:
                page.keyboard.press("d")  # anything else: leave it for a supervisor
            page.wait_for_function("t => document.querySelector('#item h2').innerText !== t", arg=title)
        assert {"q2", "unit", "text"} <= settled
        page.wait_for_function(SEEN)
        page.keyboard.press("u")  # undo the last decision: it comes back
        page.wait_for_selector("text=Đã hoàn tác")
        page.screenshot(path=str(tmp_path / "review.png"))
    trail_file = tmp_path / "trail.csv"
    assert main(["review", "--db", str(review_db), "--trail", str(trail_file)]) == 0
    trail = list(csv.DictReader(trail_file.open(encoding="utf-8")))
    assert {r["reviewer"] for r in trail} == {"Lan"}
    assert {"q2", "_unit", "q8"} <= {r["key"] for r in trail}
    undone = [r for r in trail if r["undone_at"]]
    assert len(undone) == 1
    capsys.readouterr()
    assert main(["export", "--db", str(review_db)]) == 0
    recs = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    by_serial = {r["sheet_serial"]: r for r in recs}
    decided = {r["key"]: json.loads(r["value"]) for r in trail if not r["undone_at"]}
    if "q2" in decided:
        assert by_serial[1]["answers"]["q2"] == ["3"]
    if "_unit" in decided:
        assert by_serial[None]["unit"] == "MS"
    if "q8" in decided:
        assert by_serial[1]["answers"]["q8"] == "Cần bồi dưỡng thêm cho cán bộ"
    assert len(decided) >= 2  # three settled, one taken back
    machine = {r["key"]: json.loads(r["machine"]) for r in trail}
    assert machine["q2"] == ["1", "3"]


def set_aside_db(tmp_path, template):
    """One sheet whose back page was scanned unreadable: the back is missing and that page is set aside."""
    common = {"a1": ["2"], "a2": ["1"], "a3": ["2"], "a4": ["3"], "a5": ["4"], "q1": ["1"], "q2": ["2"], "q3": ["2"]}
    front, _, *others = marked_pages(template, tmp_path, SheetSpec("MS", 4), common)
    folder = tmp_path / "scans"
    folder.mkdir()
    cv2.imwrite(str(folder / "a_front.jpg"), front)
    cv2.imwrite(str(folder / "b_smudged_back.jpg"), np.full((2339, 1654), 250, np.uint8))  # unreadable back page
    for n, img in enumerate(others):  # the form's further pages, when it has more than one sheet
        cv2.imwrite(str(folder / f"c_page_{n + 3}.jpg"), img)
    db = tmp_path / "a.db"
    assert main(["scan", str(folder), "--db", str(db), "--quiet", "--jobs", "1", "--unit", "MS"]) == 0
    return db


def test_a_set_aside_page_attached_to_a_sheet_missing_it(tmp_path, template, plan):
    from scanner.collate import collate
    from scanner.review.queue import Queue, build_items, decide, validate_value
    from scanner.store import Store, now

    store = Store(set_aside_db(tmp_path, template))
    items = build_items(store, template)
    page_item = next(i for i in items if i.kind == "page")
    sheet = next(i for i in items if i.kind == "missing_page").sheet_id
    choice = f"attach|{sheet}|2"
    assert choice in {c["id"] for c in page_item.choices}
    queue = Queue(template)
    decide(store, queue, page_item, validate_value(page_item, choice, set(), store), "Lan", "", now())
    [sh] = collate(store, template)
    assert len(sh.record.sources) == template.pages and "missing_page" not in sh.record.flags
    assert set(sh.record.uncertain) >= {"q4", "q5a", "q6", "q7"}  # a person enters the attached side
    q4 = next(i for i in build_items(store, template) if i.key == "q4")
    decide(store, queue, q4, validate_value(q4, ["2"], set()), "Lan", "đọc từ bản giấy", now())
    [sh] = collate(store, template)
    assert sh.record.answers["q4"] == ["2"] and "q4" not in sh.record.uncertain


def test_a_set_aside_page_left_for_a_supervisor_opens_among_the_deferred(tmp_path, template, plan):
    """The decision in force on a deferred page is {"deferred": true}, no sheet: the deferred queue shows the page
    with its ranked sheets (it crashed with a 500 testing the dict against the set of sheet ids)."""
    app = ReviewApp(set_aside_db(tmp_path, template), template, plan, "127.0.0.1", None)
    session = app.start_session({"reviewer": "Lan"})["session"]
    item = app.next({"session": session, "kind": "page"})["item"]
    assert item["kind"] == "page" and item["choices"]
    app.decide({"session": session, "item": item["id"], "value": {"deferred": True}, "advance": False})
    again = app.next({"session": session, "deferred": True})["item"]
    assert again["id"] == item["id"] and again["decided"] == {"deferred": True}
    assert [c["id"] for c in again["choices"]] == [c["id"] for c in item["choices"]]
    app.close()


def test_a_settled_attachment_is_listed_and_found_by_its_sheets_code(tmp_path, template, plan):
    """H lists an attached page by the sheet's code ("attach|<internal id>|2" before), and the filter finds it so."""
    from scanner.store import Store

    app = ReviewApp(set_aside_db(tmp_path, template), template, plan, "127.0.0.1", None)
    session = app.start_session({"reviewer": "Lan"})["session"]
    item = app.next({"session": session, "kind": "page"})["item"]
    choice = next(c["id"] for c in item["choices"] if c["id"].startswith("attach|"))
    _, sheet, side = choice.split("|")
    store = Store(app.db)
    label = store.review_sheet_labels([sheet])[sheet]
    store.close()
    app.decide({"session": session, "item": item["id"], "value": choice, "advance": False})
    [listed] = [x for x in app.settled({"session": session})["items"] if x["item"] == item["id"]]
    assert listed["said"] == f"gắn làm trang {side} của phiếu {label}"
    assert [x["item"] for x in app.settled({"session": session, "q": label})["items"]] == [item["id"]]
    app.close()  # its warm-up joined before the store goes (on PostgreSQL the database is dropped after the test)


def test_status_no_longer_counts_an_attached_page_as_set_aside(tmp_path, template, plan, capsys):
    db = set_aside_db(tmp_path, template)
    assert main(["status", "--db", str(db)]) == 6  # a page waits for a person
    before = capsys.readouterr().out
    assert "để riêng: 1 " in before and "b_smudged_back.jpg" in before and "KHÔNG KHỚP" not in before
    app = ReviewApp(db, template, plan, "127.0.0.1", None)
    session = app.start_session({"reviewer": "Lan"})["session"]
    item = app.next({"session": session, "kind": "page"})["item"]
    choice = next(c["id"] for c in item["choices"] if c["id"].startswith("attach|"))
    app.decide({"session": session, "item": item["id"], "value": choice, "advance": False})
    assert main(["status", "--db", str(db)]) == 0  # attached: nothing waits
    after = capsys.readouterr().out
    assert "để riêng: 0 (đã gắn vào phiếu: 1) " in after and "b_smudged_back.jpg" not in after
    assert "Sổ trang khớp" in after  # the attached page is counted once, in its sheet


def raw_request(url: str, data: bytes, wait: float = 10) -> bytes:
    """Sends bytes as they are (no client fixes them up); returns everything until the server closes."""
    import socket

    host, port = url.rsplit("/", 1)[-1].split(":")
    out = []
    with socket.create_connection((host, int(port)), timeout=wait) as s:
        s.sendall(data)
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out.append(chunk)
    return b"".join(out)


def status_of(reply: bytes) -> int:
    return int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/") else 0


def post_raw(app, url, body: bytes, length: str | None = None, extra: str = "") -> int:
    head = (f"POST /api/decide HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"X-CSRF-Token: {app.csrf}\r\nConnection: close\r\n{extra}")
    if length is not None:
        head += f"Content-Length: {length}\r\n"
    return status_of(raw_request(url, head.encode() + b"\r\n" + body))


def test_malformed_requests_are_answered_4xx_and_logged(review_db, template, plan, caplog):
    import logging
    import socket

    from review_support import serving

    app = ReviewApp(review_db, template, plan, "127.0.0.1", None)
    caplog.set_level(logging.WARNING, logger="scanner.review")
    with serving(app, timeout=1) as url:
        for body in (b"[]", b"null", b'"s"', b"123", b"[[1]]", b"{", b"\xff\xfe", b""):
            assert post_raw(app, url, body, str(len(body))) == 400 or body == b"", body
        assert post_raw(app, url, b"", "0") == 401  # an empty body is an empty object: no session
        assert post_raw(app, url, b"{}", "abc") == 400
        assert post_raw(app, url, b"{}", "-1") == 400
        assert post_raw(app, url, b"{}", " -1") == 400
        assert post_raw(app, url, b"x" * 70_000, "-1") == 400  # a negative length never lifts the limit
        assert post_raw(app, url, b"{}", str(10**9)) == 413
        assert post_raw(app, url, b"{}", None) == 411
        assert post_raw(app, url, b"2\r\n{}\r\n0\r\n\r\n", None, "Transfer-Encoding: chunked\r\n") == 411
        session = app.start_session({"reviewer": "A"})["session"]
        for body in ({"session": session, "item": 5}, {"session": session, "item": ["x"]},
                     {"session": session, "item": "x|q2", "comment": {"a": 1}}, {"session": 7}):
            data = json.dumps(body).encode()
            assert 400 <= post_raw(app, url, data, str(len(data))) < 500, body
        item = app.next({"session": session})["item"]["id"]
        for value in ([["1"]], "1", {"deferred": "yes"}, [None], ["99"]):
            data = json.dumps({"session": session, "item": item, "value": value}).encode()
            assert post_raw(app, url, data, str(len(data))) == 400, value
        assert request(url + "/api/next")[0] == 405
        assert request(url + "/api/question?id=nope")[0] == 404
        # half a request: the connection is cut after the timeout instead of being held for ever
        with socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1])), timeout=10) as s:
            s.sendall(b"POST /api/decide HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"ses")
            assert s.recv(100) == b""
        with socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1])), timeout=10) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0")
            assert s.recv(100) == b""
        assert request(url + "/")[0] == 200  # and the server carries on
    logged = [r.getMessage() for r in caplog.records]
    for code in (" 400 ", " 401 ", " 405 ", " 411 ", " 413 ", " 404 "):
        assert any(code in m for m in logged), code


def test_reading_never_claims_and_changes_need_post(served):
    from scanner.store import Store

    app, url = served
    session = app.start_session({"reviewer": "A"})["session"]
    items = app.question_view("q2")["items"]
    assert items
    for path in ("/", "/api/counts", "/api/questions", "/api/question?id=q2", f"/img/region?item={items[0]['id']}",
                 f"/api/next?session={session}", f"/api/decide?session={session}&item={items[0]['id']}&value=1"):
        request(url + path)
    store = Store(app.db)
    try:
        assert store.db.execute("SELECT COUNT(*) FROM review_claims").fetchone()[0] == 0
        assert store.db.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 0
    finally:
        store.close()


def test_a_decision_on_an_item_another_holds_is_refused(served):
    from scanner.errors import RequestRefused

    app, url = served
    an = app.start_session({"reviewer": "Lan"})["session"]
    other = app.start_session({"reviewer": "Lan"})["session"]
    item = app.next({"session": an})["item"]
    data = json.dumps({"session": other, "item": item["id"], "value": {"deferred": True}}).encode()
    status, body = request(url + "/api/decide", data, {"Content-Type": "application/json", "X-CSRF-Token": app.csrf})
    assert status == 409 and "Lan" in json.loads(body)["error"]
    with pytest.raises(RequestRefused):
        app.claim({"session": other, "item": item["id"]})
    assert app.decide({"session": an, "item": item["id"], "value": {"deferred": True}})["ok"]


def test_binding_beyond_loopback_needs_a_non_empty_token(review_db, template, plan, capsys):
    from scanner.errors import SurveyError
    from scanner.review.security import lan_addresses

    with pytest.raises(SurveyError, match="non-empty --token"):
        ReviewApp(review_db, template, plan, "0.0.0.0", "")
    with pytest.raises(SurveyError):
        ReviewApp(review_db, template, plan, "0.0.0.0", "   ")
    assert main(["review", "--db", str(review_db), "--host", "0.0.0.0", "--token", "", "--port", "0"]) == 2
    assert "--token" in capsys.readouterr().err
    assert ReviewApp(review_db, template, plan, "0.0.0.0", None).token
    import ipaddress

    for addr in lan_addresses():
        ip = ipaddress.ip_address(addr.split("%")[0])
        assert not ip.is_loopback and not ip.is_unspecified


def test_hostile_text_is_inert_in_the_page_source(review_db, template, raw_plan, tmp_path):
    from scanner.plan import load_plan

    raw_plan["units"][0]["name"] = "</script><script>alert(1)</script>\u2028"
    (tmp_path / "plan.json").write_text(json.dumps(raw_plan, ensure_ascii=False), encoding="utf-8")
    app = ReviewApp(review_db, template, load_plan(tmp_path / "plan.json"), "127.0.0.1", None)
    html = app.page().decode()
    script = html[html.index("<script>") + len("<script>"):html.rindex("</script>")]
    assert "</script" not in script and "<script" not in script and "\u2028" not in script
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)" in script


def test_every_spreadsheet_writer_guards_formulas(review_db, template, raw_plan, tmp_path, capsys):
    from openpyxl import load_workbook

    from scanner import export
    from scanner.formulas import neutralise

    assert export.neutralise is neutralise  # the old import keeps working
    evil = '=HYPERLINK("http://evil.example","TT")'
    raw_plan["units"][0]["name"] = evil
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(raw_plan, ensure_ascii=False), encoding="utf-8")
    for out in (tmp_path / "v.csv", tmp_path / "v.xlsx"):
        main(["--plan", str(plan_file), "validate", "--db", str(review_db), "--out", str(out)])
    assert "'" + evil.replace('"', '""') in (tmp_path / "v.csv").read_text(encoding="utf-8")
    cells = [c for row in load_workbook(tmp_path / "v.xlsx").active.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    # in a workbook the guard is the cell's quotePrefix style: text, shown without an apostrophe
    guarded = {(c.data_type, c.quotePrefix) for c in cells if c.value == evil}
    assert guarded == {("s", True)}
    assert "'" + evil not in [c.value for c in cells]
    from scanner.plan import load_plan

    app = ReviewApp(review_db, template, load_plan(plan_file), "127.0.0.1", None)
    session = app.start_session({"reviewer": "=1+2"})["session"]
    item = app.next({"session": session})["item"]
    app.decide({"session": session, "item": item["id"], "value": {"deferred": True}, "comment": "@SUM(A1)"})
    assert main(["review", "--db", str(review_db), "--trail", str(tmp_path / "t.csv")]) == 0
    trail = list(csv.DictReader((tmp_path / "t.csv").open(encoding="utf-8")))
    assert trail[-1]["reviewer"] == "'=1+2" and trail[-1]["comment"] == "'@SUM(A1)"


def test_the_stored_queue_equals_a_fresh_derivation_after_decisions(served, template):
    from scanner.review.queue import derive
    from scanner.store import Store

    app, _ = served
    a = app.start_session({"reviewer": "An"})["session"]
    first = app.next({"session": a})["item"]
    value = {"question": ["1"], "unit": "MS", "text": "ý kiến"}.get(first["kind"], {"deferred": True})
    app.decide({"session": a, "item": first["id"], "value": value})
    second = app.next({"session": a})["item"]
    app.decide({"session": a, "item": second["id"], "value": {"deferred": True}})
    app.undo({"session": a})
    app.decide({"session": a, "item": second["id"], "value": {"deferred": True}})
    store = Store(app.db)
    try:
        stored = {it.id: it.deferred for it in store.review_open_items()}
        _, items = derive(store, template)
        assert stored == {it.id: it.deferred for it in items}
        assert first["id"] not in stored and stored[second["id"]] is True
    finally:
        store.close()


def test_sheets_are_named_by_their_printed_code(served, capsys, template):
    app, _ = served
    blank = f"Phiếu không số (scan_{template.pages:02d}.jpg, trang 1)"  # the second form's first page
    assert main(["review", "--db", str(app.db), "--list"]) == 0
    out = capsys.readouterr().out
    assert "KH35.1.MS.001" in out and blank in out
    assert "|" not in out  # no internal ids
    session = app.start_session({"reviewer": "An"})["session"]
    labels = {app.next({"session": session, "kind": k})["item"]["sheet_label"] for k in ("question", "unit")}
    assert labels == {"KH35.1.MS.001", blank}
    item = app.next({"session": session, "kind": "question"})["item"]
    app.decide({"session": session, "item": item["id"], "value": {"deferred": True}})
    assert main(["review", "--db", str(app.db), "--trail", str(app.db.parent / "t.csv")]) == 0
    [row] = list(csv.DictReader((app.db.parent / "t.csv").open(encoding="utf-8")))
    assert row["sheet"] == "KH35.1.MS.001" and row["key"] == item["key"]


def test_the_stored_queue_catches_up_with_pages_scanned_while_serving(served, review_db, template):
    from scanner.review.queue import derive
    from scanner.store import Store

    app, _ = served
    assert "reused_serial" not in {it["kind"] for it in app.question_view("q2")["items"]}
    folder = review_db.parent / "copies"
    folder.mkdir()
    for i in (0, 1, 2, 3):  # a photocopy of sheet MS/1 scanned later (its serial comes twice), the blank form again
        img = cv2.imread(str(review_db.parent / "scans" / f"scan_{i:02d}.jpg"), cv2.IMREAD_GRAYSCALE)
        cv2.imwrite(str(folder / f"copy_{i}.jpg"), cv2.GaussianBlur(img, (3, 3), 0), [cv2.IMWRITE_JPEG_QUALITY, 80])
    assert main(["scan", str(folder), "--db", str(review_db), "--quiet", "--jobs", "1"]) in (0, 6)
    counts = app.counts()  # the server notices the new pages on its next request
    store = Store(review_db)
    try:
        stored = {it.id: it.deferred for it in store.review_open_items()}
        _, items = derive(store, template)
        assert stored == {it.id: it.deferred for it in items}
        reused = [it for it in items if it.kind == "reused_serial"]
        assert [it.sheet_label for it in reused].count("KH35.1.MS.001") == 2
        assert counts["open"] == sum(1 for it in items if not it.deferred)
    finally:
        store.close()


def test_a_reused_serial_is_settled_by_keyboard_in_chromium(review_db, template, plan):
    """The sheet flags (here a serial that came twice, from a photocopy scanned later) are settled in the page
    with a number key and Enter, like every other item."""
    from review_support import chromium, open_page, press_and_wait, seen, serving

    from scanner.store import Store

    folder = review_db.parent / "copies"
    folder.mkdir()
    for i in (0, 1):
        img = cv2.imread(str(review_db.parent / "scans" / f"scan_{i:02d}.jpg"), cv2.IMREAD_GRAYSCALE)
        cv2.imwrite(str(folder / f"copy_{i}.jpg"), cv2.GaussianBlur(img, (3, 3), 0), [cv2.IMWRITE_JPEG_QUALITY, 80])
    assert main(["scan", str(folder), "--db", str(review_db), "--quiet", "--jobs", "1"]) in (0, 6)
    app = ReviewApp(review_db, template, plan, "127.0.0.1", None)
    with serving(app) as url, chromium() as browser:
        page = open_page(browser, url, "Lan")
        page.select_option("#kindsel", "reused_serial")  # the reviewer asks for this kind of item only
        page.wait_for_function("() => current && current.kind === 'reused_serial'")
        seen(page)
        assert page.evaluate("() => current && current.kind") == "reused_serial"
        shown = page.evaluate("() => current.sheet_id")
        ids = page.evaluate("() => current.choices.filter(c => c.id !== '-').map(c => c.id)")
        page.keyboard.type(str(ids.index("discard") + 1))
        press_and_wait(page, "Enter")
    store = Store(review_db)
    try:
        done = [r for r in store.trail() if r.sheet_id == shown and not r.undone_at]
    finally:
        store.close()
    assert [(r.reviewer, json.loads(r.value)) for r in done] == [("Lan", "discard")]


def test_a_set_aside_page_names_its_likely_unit(tmp_path, template, plan):
    """The page showed "Đơn vị: chưa rõ" for a set-aside page although its stack (scanned with --unit MS) and every
    sheet offered for it are of one unit: the likely unit is named, as likely."""
    from scanner.review.attach import Candidate, likely_unit
    from scanner.store import Store

    app = ReviewApp(set_aside_db(tmp_path, template), template, plan, "127.0.0.1", None)
    session = app.start_session({"reviewer": "Lan"})["session"]
    item = app.next({"session": session, "kind": "page"})["item"]
    assert item["unit"] is None and item["extra"]["likely_unit"] == "MS"
    store = Store(app.db)
    try:  # a stack of no unit: the one unit its candidates share, or none when they differ
        shared = [Candidate("a", "A", 2, 1.0, (), "NX"), Candidate("b", "B", 2, 0.5, (), "NX")]
        assert likely_unit(store, "no such page", shared) == "NX"
        assert likely_unit(store, "no such page", [*shared, Candidate("c", "C", 2, 0.1, (), "MS")]) is None
    finally:
        store.close()
