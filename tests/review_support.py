"""Shared by the review tests: sheets drawn with known marks, scanned for real; a served app; a Chromium."""

from __future__ import annotations

import atexit
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from scanner._exec.poppler import render_pages
from scanner.corpus.draw import PENS, Canvas, draw_mark, scribble
from scanner.forms import SheetSpec, render_forms
from scanner.kinds import DIGIT_KINDS, Kind
from scanner.kinds.date import digits_of
from scanner.kinds.digits import bubble_id

K = 200 / 25.4
COMMON = {"a1": ["2"], "a2": ["1"], "a3": ["2"], "a4": ["3"], "a5": ["4"], "q1": ["1"], "q3": ["2"], "q4": ["2"],
          "q5a": ["1"], "q5b": ["2"], "q5c": ["1"], "q5d": ["3"], "q5e": ["2"], "q6": ["1"], "q7": ["2"]}


_DRAWN: dict[tuple, tuple[object, list[np.ndarray]]] = {}
_DRAWN_MAX = 6  # sheets kept (four 200 dpi sides each, about 16 MB)


def marked_pages(template, tmp: Path, spec: SheetSpec, marks: dict[str, list[str]]) -> list[np.ndarray]:
    """Every page of one printed form with the given boxes marked (and writing in any text question named); a
    number or date not named is answered as a respondent would, so no side is left without a mark.

    Drawing is deterministic (the sheet's serial seeds the pen), so a sheet drawn once for one test is handed
    to the next as a copy: most review tests start from the same two sheets, and drawing them (the form
    rendered and rasterised) cost a fifth of a second each time."""
    key = (id(template), spec, tuple(sorted((k, tuple(v)) for k, v in marks.items())))
    got = _DRAWN.get(key)
    if got is None or got[0] is not template:
        if len(_DRAWN) >= _DRAWN_MAX:
            _DRAWN.pop(next(iter(_DRAWN)))
        got = _DRAWN[key] = (template, _draw(template, tmp, spec, marks))
    return [p.copy() for p in got[1]]


def _draw(template, tmp: Path, spec: SheetSpec, marks: dict[str, list[str]]) -> list[np.ndarray]:
    marks = {**{q.id: grid_marks(q) for q in template.questions if q.type in DIGIT_KINDS}, **marks}
    render_forms(template, [spec], tmp / f"f{spec.serial}.pdf")
    pages = [p.copy() for p in render_pages(tmp / f"f{spec.serial}.pdf", 200, 1, template.pages)]
    rng = np.random.default_rng(spec.serial)
    for page, img in enumerate(pages, start=1):
        cv = Canvas(img, K, rng)
        for qid, oids in marks.items():
            q = template.question(qid)
            if q.page != page:
                continue
            if q.type == "text":
                scribble(cv, q.area, PENS["ballpoint_blue"], 6)
                continue
            for oid in oids:
                draw_mark(cv, q.option(oid).box, "x", PENS["ballpoint_blue"])
    return pages


_READINGS: dict[str, bytes] = {}  # per process: a drawn page's reading, pickled (drawn_pages_read_once)


@contextmanager
def drawn_pages_read_once():
    """Within the block, a page scanned in this process (`scan --jobs 1`) whose bytes and template file were read
    before is given a copy of that reading, with its own file's path: the review tests scan the same two drawn
    sheets into a fresh store for each PostgreSQL copy (issue 26: 8 pages read again by every one of them). The
    first scan of each page in a process reads it; every store is still written, and its sheets and reviews
    derived, afresh."""
    import hashlib
    import pickle

    from scanner import batch

    real = batch.read_page
    sources: dict[str, str] = {}

    def read_page(src, template, *args, **kwargs):
        if args or kwargs or src.data is None or src.error:
            return real(src, template, *args, **kwargs)
        if template.source not in sources:
            sources[template.source] = hashlib.sha256(Path(template.source).read_bytes()).hexdigest()
        key = hashlib.sha256(f"{sources[template.source]}:{src.file_sha}:{src.index}:{src.fmt}:".encode()
                             + src.data).hexdigest()
        kept = _READINGS.get(key)
        if kept is None:
            got = real(src, template)
            _READINGS[key] = pickle.dumps(got)
            return got
        got = pickle.loads(kept)
        got.file = src.file
        return got

    batch.read_page = read_page
    try:
        yield
    finally:
        batch.read_page = real


def grid_marks(q) -> list[str]:
    """The bubbles of a plausible value: 10/11/2023 for a date, 1212... for a number."""
    text = digits_of("2023-11-10") if q.type == Kind.date else ("12" * q.digits)[: q.digits]
    return [bubble_id(c, int(d)) for c, d in enumerate(text, start=1)]


def write_scans(folder: Path, sheets: list[tuple[str, list[np.ndarray]]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, pages in sheets:
        for i, img in enumerate(pages):
            cv2.imwrite(str(folder / f"{name}_{i}.jpg"), img, [cv2.IMWRITE_JPEG_QUALITY, 90])


def copy_db(src: Path, dst: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{src}{suffix}").exists():
            shutil.copy(f"{src}{suffix}", f"{dst}{suffix}")
    return dst


@contextmanager
def serving(app, timeout: float = 15):
    from scanner.review.server import make_server

    server = make_server(app, 0, timeout=timeout)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


_browser: Any = None  # (playwright, browser) of this test process, started by the first test that asks


def _shared_browser() -> Any:
    global _browser
    if _browser is None or not _browser[1].is_connected():
        from playwright.sync_api import sync_playwright

        exe = shutil.which("chromium") or shutil.which("chromium-browser")
        assert exe, "Debian chromium is installed by ./run setup"
        p = sync_playwright().start()
        _browser = (p, p.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu"]))
        atexit.register(_stop_browser, _browser)
    return _browser[1]


def _stop_browser(shared: tuple[Any, Any]) -> None:
    try:
        shared[1].close()
    finally:
        shared[0].stop()


@contextmanager
def chromium():
    """A Chromium for one test: one browser per test process (its start-up was most of a short browser test's
    cost, once per test), each reviewer in a context of its own (open_page); every context the test opened is
    closed when the block ends, so nothing it left open (a page's heartbeat, a claim) outlives it, as when the
    browser itself closed."""
    browser = _shared_browser()
    before = list(browser.contexts)
    try:
        yield browser
    finally:
        for ctx in browser.contexts:
            if ctx not in before:
                ctx.close()


def open_page(browser, url: str, name: str, dialogs: list[str] | None = None):
    """A reviewer's own browser context (own cookies, own session), logged in with `name`."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    if dialogs is not None:
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url + "/")
    page.fill("#name", name)
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.__shownAt !== undefined")
    seen(page)
    return page


# the item on screen is the one the page's latest request brought (none is on its way to replace it), and it has been
# there long enough for a person to have seen it
SEEN = "() => !loading && performance.now() - (window.__shownAt || 0) > CONFIG.key_guard_ms"
# another item (or the same one again) on screen, and seen
SHOWN_OTHER = "id => !loading && window.__shownId !== id && performance.now() - window.__shownAt > CONFIG.key_guard_ms"
SHOWN_AGAIN = "id => !loading && window.__shownId === id && performance.now() - window.__shownAt > CONFIG.key_guard_ms"
STATE = """() => ({kind: current && current.kind, item: current && current.id, shown: window.__shownId, loading, busy,
  dropped: window.__dropped || 0, lost, msg: document.getElementById('msg').textContent,
  focus: document.activeElement && (document.activeElement.id || document.activeElement.tagName),
  menu: document.getElementById('kindsel').value, since_shown_ms: Math.round(performance.now() - (window.__shownAt || 0))})"""


def wait_for(page, expression: str, arg: Any = None) -> None:
    """page.wait_for_function, and on a timeout what the page was doing (the item, keys it dropped or did not
    use, its status line, where the keys went), so a failure under load says which of them it was."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(expression, arg=arg)
    except PlaywrightTimeout as e:
        try:
            state = page.evaluate(STATE)
        except Exception as inner:  # the page itself gone: say so rather than hide the timeout
            state = f"(state unreadable: {inner})"
        raise AssertionError(f"waited in vain for {expression} ({arg!r}); the page: {state}") from e


def seen(page) -> None:
    """Waits as a person does before answering what was just drawn: keys pressed sooner are taken as meant for
    the item before (the page drops them), so a script that answers faster than anyone can read must wait."""
    wait_for(page, SEEN)


def shown_id(page) -> str:
    return page.evaluate("() => window.__shownId")


def press_and_wait(page, *keys: str) -> str:
    """Presses the keys; waits until another item (or the end) is on screen; returns its id."""
    before = shown_id(page)
    for k in keys:
        page.keyboard.press(k)
    wait_for(page, SHOWN_OTHER, before)
    return shown_id(page)
