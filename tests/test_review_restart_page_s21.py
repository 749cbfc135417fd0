"""A reviewer's page across a restart of the server, and keys typed into a number's box (the s21 trial at 3,000
sheets). After a restart every key said "Thiếu hoặc sai mã bảo vệ của trang; hãy tải lại trang" (the page's token was
the old server's) and, while the server was down, the browser's own "Failed to fetch"; U, D, H pressed in a number's
box were typed into it ("uh") and did nothing."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from pathlib import Path

from review_support import chromium, copy_db, open_page, seen, wait_for
from test_review_browser import base_db, db  # noqa: F401  (four scanned sheets, shared with the browser tests)
from test_review_browser_keys import many_missing  # noqa: F401  (30 sheets of every unit, backs missing)

from scanner.review.server import ReviewApp, make_server
from scanner.store import Store

ROOT = Path(__file__).resolve().parent.parent


def _deferred_by(path) -> list[str]:
    """The items a reviewer left for a supervisor, as the store's decisions say."""
    store = Store(path)
    try:
        return sorted(f"{sid}|{key}" for sid, ds in store.decisions(include_deferred=True).items()
                      for key, d in ds.items() if isinstance(d.value, dict) and d.value.get("deferred"))
    finally:
        store.close()


def _serve(app, port: int = 0):
    server = make_server(app, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _cli_server(path, port: int = 0) -> tuple[subprocess.Popen, int]:
    """`survey review` in its own process, as a reviewer's office runs it: stopping it closes every connection."""
    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "review", "--db", str(path), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    line = proc.stdout.readline() if proc.stdout else ""
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        proc.kill()
        raise AssertionError(f"the review server did not start: {line!r}")
    return proc, int(m.group(1))


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(20)


def test_the_page_goes_on_after_the_server_is_restarted(db):  # noqa: F811
    proc, port = _cli_server(db)
    try:
        with chromium() as browser:
            page = open_page(browser, f"http://127.0.0.1:{port}", "Lan")
            first = page.evaluate("() => current.id")
            page.keyboard.press("d")
            wait_for(page, "id => !loading && window.__shownId !== id", first)
            seen(page)
            second = page.evaluate("() => current.id")
            _stop(proc)
            page.keyboard.press("d")  # the server is down: said in words, nothing lost
            wait_for(page, "() => !loading && document.getElementById('msg').textContent.includes('Không kết nối được')")
            assert page.evaluate("() => current.id") == second
            proc, _ = _cli_server(db, port)  # started again on the same store and port
            seen(page)
            page.keyboard.press("d")  # the same key again: taken by the new server
            wait_for(page, "id => !loading && window.__shownId !== id", second)
            assert "mã bảo vệ" not in page.inner_text("#msg"), page.inner_text("#msg")
    finally:
        _stop(proc)
    assert _deferred_by(db) == sorted([first, second])


def test_a_commands_letter_in_a_numbers_box_is_the_command(many_missing, template, plan, tmp_path):  # noqa: F811
    path = copy_db(many_missing[0], tmp_path / "m.db")
    app = ReviewApp(path, template, plan, "127.0.0.1", None)
    server = _serve(app)
    try:
        with chromium() as browser:
            page = open_page(browser, f"http://127.0.0.1:{server.server_address[1]}", "Lan")
            page.select_option("#kindsel", "question")
            wait_for(page, "() => !loading && current && current.kind === 'question'")
            seen(page)
            for _ in range(40):  # the first number or date to type, passing the others over by D (outside any box)
                if page.evaluate("() => !!(current.extra && current.extra.typed)"):
                    break
                before = page.evaluate("() => current.id")
                page.keyboard.press("Escape")
                page.keyboard.press("d")
                wait_for(page, "id => !loading && window.__shownId !== id", before)
                seen(page)
            typed = page.evaluate("() => current.id")
            assert page.evaluate("() => document.activeElement.id") == "typed"
            page.keyboard.press("d")  # in the number's box: left for a supervisor, not typed into it
            wait_for(page, "id => !loading && window.__shownId !== id", typed)
    finally:
        server.shutdown()
        server.server_close()
        app.close()
    assert typed in _deferred_by(path)
