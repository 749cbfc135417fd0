"""Review workstation benchmark: a survey-sized store, the real server, a real Chromium driven by keys.

    python -m benchmarks.review --sheets 3000 --db /tmp/review3000.db [--keys 150] [--json OUT]
    python -m benchmarks.review --sheets 300,3000 --db /tmp/review{}.db   # memory against store size

The store is built once per size from the bundled sample stack: each sample
page is read by the real pipeline once, then stored again and again under new
sheet codes (units of the plan in turn, new serials), with its image bytes,
readings and handwriting crops, through `Store.save_page` as a scan would.
The server runs as `cli.py review` in its own process. Printed: p50/p95 of
key press to next item on screen (text shown; and its picture loaded) in
Chromium, per-request latency of each API call, the server's resident memory, the seconds per
transcription in the per-question view, and the time to settle each kind of online problem (an online
download with faults written in is imported: an unknown unit name, an answer near an option, an
impossible timestamp), the seconds from opening the page to the first item with its picture and the bytes
brought meanwhile (page weight). Every third sheet misses its back; half of those backs are stored set aside.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _smudged(code: str, rng) -> str:
    """A printed code as OCR reads it off a damaged page: a few characters lost or misread."""
    chars = list(code)
    for i in rng.choice(len(chars), size=3, replace=False):
        chars[i] = rng.choice(["?", "", "0", "O", "5", "S", "1", "l"])
    return "".join(chars)


def build_store(db: Path, sheets: int, lost_every: int = 0) -> dict[str, str]:
    """The store; with `lost_every` = k, every k-th sheet's back is not read: every other such back is stored set
    aside with a smudged code (half in place in its stack, half in a later file), the rest are lost outright.
    The back is side 2, the front's own back; a form of more pages keeps its later sheets.
    Returns set-aside page -> the sheet it belongs to (its front page's id, which is the sheet's id)."""
    import numpy as np

    from scanner.ingest import PageSource, pages_of
    from scanner.pipeline import read_page
    from scanner.plan import load_plan
    from scanner.store import Store
    from scanner.template import load_template

    template, plan = load_template(), load_plan()
    units = [u.code for u in plan.units if u.paper > 0]
    read = []
    for src in pages_of(ROOT / "samples" / "stack001_feeder.pdf"):
        res = read_page(src, template)
        if res.status == "form" and res.code is not None:
            read.append((src, res))
    by_sheet: dict[str, list] = {}
    for src, res in read:
        by_sheet.setdefault(res.code.sheet_key, []).append((src, res))
    samples = [sorted(pages, key=lambda p: p[1].side) for pages in by_sheet.values() if len(pages) == template.pages]
    rng = np.random.default_rng(7)
    store = Store(db)
    batch = store.start_batch("benchmark", None, "2023-11-14", "benchmarks.review")
    truth: dict[str, str] = {}
    later: list[tuple] = []
    for i in range(sheets):
        unit = units[i % len(units)]
        file_sha = hashlib.sha256(f"review-bench-{i // 25}".encode()).hexdigest()
        if i % 25 == 0:
            store.add_file(file_sha, f"bench/stack{i // 25:04d}.pdf", 0, template.pages * 25, batch)
        front = None
        lost = lost_every and i % lost_every == lost_every - 1
        for src, res in samples[i % len(samples)]:
            code = dataclasses.replace(res.code, unit=unit, serial=i // len(units) + 1)
            idx = (i % 25) * template.pages + res.side - 1
            new_src = PageSource(f"bench/stack{i // 25:04d}.pdf", idx, file_sha, src.data, src.fmt)
            pixel = hashlib.sha256(f"{res.pixel_sha}-{i}".encode()).hexdigest()
            out = dataclasses.replace(res, code=code, pixel_sha=pixel)
            if front is None:
                front = new_src.page_id
            elif lost and res.side == 2:
                if (i // lost_every) % 2:
                    continue  # this back never reached the scanner
                aside = dataclasses.replace(out, status="set_aside", reason="unreadable", code=None, questions={},
                                            readings=[], text_crops={}, ocr_text=_smudged(code.text(), rng))
                if (i // lost_every) % 4 == 0:
                    later.append((front, src, aside))  # found later, scanned on its own
                    continue
                truth[new_src.page_id] = front
                store.save_page(new_src, aside, batch, src.data if src.data is not None else res.rendered_png)
                continue
            store.save_page(new_src, out, batch, src.data if src.data is not None else res.rendered_png)
    if later:
        file_sha = hashlib.sha256(b"review-bench-found-later").hexdigest()
        store.add_file(file_sha, "bench/found_later.pdf", 0, len(later), batch)
        for idx, (front, src, aside) in enumerate(later):
            new_src = PageSource("bench/found_later.pdf", idx, file_sha, src.data, src.fmt)
            truth[new_src.page_id] = front
            store.save_page(new_src, dataclasses.replace(aside, pixel_sha=f"later-{idx}"), batch,
                            src.data if src.data is not None else aside.rendered_png)
    store.finish_batch(batch)
    store.close()
    return truth


def import_faulty_online(db: Path) -> None:
    """The sample Google Forms download with faults written in, imported as an office would."""
    import csv

    from scanner.cli import main as cli

    table = list(csv.reader((ROOT / "samples" / "online_responses.csv").open(encoding="utf-8")))
    head, body = table[0], table[1:]
    body[1][1] = "Xa Ban Lang moi"
    body[2][1] = "xa ban lang MOI"
    body[3][0] = "31/02/2023 25:00:00"
    body[4][8] = "Rất là quan tâm"
    path = db.with_suffix(".online.csv")
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([head, *body])
    assert cli(["import-online", str(path), "--db", str(db)]) == 0


def rss_mb(pid: int) -> tuple[float, float]:
    """(resident now, peak resident) of a process, in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    now = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    return round(now / 1024, 1), round(peak / 1024, 1)


def start_server(db: Path) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "review", "--db", str(db), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    line = proc.stdout.readline() if proc.stdout else ""
    m = re.search(r"(http://\S+/)", line)
    if not m:
        proc.kill()
        raise SystemExit(f"the review server did not start: {line!r}")
    return proc, m.group(1).rstrip("/")


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return round(s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))], 1)


def api_latency(url: str, rounds: int) -> dict[str, dict[str, float]]:
    page = urllib.request.urlopen(url + "/").read().decode()
    csrf = re.search(r'name="csrf" content="([^"]+)"', page).group(1)  # type: ignore[union-attr]

    def post(path: str, body: dict) -> dict:
        req = urllib.request.Request(url + path, json.dumps(body).encode(),
                                     {"Content-Type": "application/json", "X-CSRF-Token": csrf})
        return json.loads(urllib.request.urlopen(req).read())

    session = post("/api/session", {"reviewer": "Đo tốc độ"})["session"]
    timings: dict[str, list[float]] = {}

    def timed(name: str, fn) -> object:
        t0 = time.perf_counter()
        out = fn()
        timings.setdefault(name, []).append(1000 * (time.perf_counter() - t0))
        return out

    questions = json.loads(urllib.request.urlopen(url + "/api/questions").read())
    qid = questions[0]["id"] if questions else "q1"
    cold = [it["id"] for it in json.loads(urllib.request.urlopen(url + f"/api/question?id={qid}").read())["items"]]
    for i in range(rounds):
        nxt = timed("POST /api/next", lambda: post("/api/next", {"session": session}))
        item = nxt["item"]["id"] if nxt["item"] else ""
        timed("POST /api/heartbeat", lambda: post("/api/heartbeat", {"session": session}))
        timed("POST /api/claim", lambda item=item: post("/api/claim", {"session": session, "item": item}))
        timed("GET /api/counts", lambda: urllib.request.urlopen(url + "/api/counts").read())
        timed("GET /api/questions", lambda: urllib.request.urlopen(url + "/api/questions").read())
        timed(f"GET /api/question?id={qid}", lambda: urllib.request.urlopen(url + f"/api/question?id={qid}").read())
        timed("GET /img/region (drawn ahead)", lambda item=item: urllib.request.urlopen(
            url + f"/img/region?item={item}").read())
        if i < len(cold):
            timed("GET /img/region (first drawing)", lambda c=cold[-1 - i]: urllib.request.urlopen(
                url + f"/img/region?item={c}").read())
        timed("POST /api/decide (deferral) + next", lambda item=item: post(
            "/api/decide", {"session": session, "item": item, "value": {"deferred": True}}))
    return {k: {"p50": pct(v, 50), "p95": pct(v, 95), "n": len(v)} for k, v in timings.items()}


def first_item(url: str) -> dict[str, float]:
    """What a reviewer waits for and downloads before the first item: seconds from opening the page to the first
    item on screen with its picture (the name typed and Enter pressed at once), and the bytes each request brought
    (the page itself, its API answers, the first pictures), in KB."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    sizes: dict[str, int] = {}

    def weigh(response) -> None:
        try:
            body = response.body()
        except Exception:  # a request the page dropped (a picture fetched ahead, then not wanted)
            return
        path = response.url.split("?")[0].replace(url, "") or "/"
        sizes[path] = sizes.get(path, 0) + len(body)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1366, "height": 650})  # a 1366×768 laptop, less the browser's bars
        page.on("response", weigh)
        t0 = time.perf_counter()
        page.goto(url + "/")
        page.fill("#name", "Đo trang đầu")
        page.keyboard.press("Enter")
        page.wait_for_function("() => window.__shownAt !== undefined && window.__imgAt !== undefined")
        took = time.perf_counter() - t0
        page.wait_for_timeout(1500)  # the pictures of the next items, fetched ahead, are part of the weight
        browser.close()
    return {"first_item_s": round(took, 2), "total_kb": round(sum(sizes.values()) / 1024),
            **{f"{k}_kb": round(v / 1024, 1) for k, v in sorted(sizes.items())}}


def key_to_next(url: str, keys: int, think_ms: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    shown: list[float] = []
    pictured: list[float] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url + "/")
        page.fill("#name", "Đo bàn phím")
        page.keyboard.press("Enter")
        page.wait_for_function("() => window.__shownAt !== undefined")
        for _ in range(keys):
            before = page.evaluate("() => window.__shownId")
            if not before:
                break
            page.wait_for_timeout(think_ms)  # a person looks at the item before deciding
            kind = page.evaluate("() => current && current.kind")
            if kind == "text":
                page.keyboard.type("ý kiến")
            else:
                page.keyboard.press("1")
            page.keyboard.press("Enter")
            page.wait_for_function("id => window.__shownId !== id", arg=before)
            page.wait_for_function("() => !current || !current.page_id || (document.getElementById('region') "
                                   "&& window.__imgAt > window.__keyAt)")
            key_at, shown_at, img_at = page.evaluate("() => [window.__keyAt, window.__shownAt, window.__imgAt]")
            shown.append(shown_at - key_at)
            pictured.append(max(img_at, shown_at) - key_at)
        browser.close()
    return {"keys": len(shown), "shown_p50_ms": pct(shown, 50), "shown_p95_ms": pct(shown, 95),
            "picture_p50_ms": pct(pictured, 50), "picture_p95_ms": pct(pictured, 95),
            "shown_mean_ms": round(statistics.fmean(shown), 1) if shown else float("nan")}


# the page drops keys pressed within CONFIG.key_guard_ms of an item being drawn (meant for the item before);
# a script waits that long, as a person does before answering what was just drawn
SEEN = "() => performance.now() - (window.__shownAt || 0) > CONFIG.key_guard_ms"


def _browser(url: str, name: str):
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url + "/")
    page.fill("#name", name)
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.__shownAt !== undefined")
    page.wait_for_function(SEEN)
    return pw, browser, page


def transcription(url: str, crops: int) -> dict[str, float]:
    """Seconds from one transcription saved to the next, typing a 20-character answer at Playwright's speed."""
    pw, browser, page = _browser(url, "Đo chép lại")
    try:
        questions = json.loads(urllib.request.urlopen(url + "/api/questions").read())
        qid = max((q for q in questions if q["type"] == "text"), key=lambda q: q["open"])["id"]
        page.select_option("#qview", qid)
        page.wait_for_selector(".qcell.focus textarea:focus")
        n = min(crops, page.evaluate("() => qitems.length"))
        for i in range(n):
            page.keyboard.type(f"Ý kiến số {i:03d} của bạn")
            page.keyboard.press("Enter")
        page.wait_for_function("n => (window.__qdoneAt || []).length === n", arg=n)
        at = page.evaluate("() => window.__qdoneAt")
    finally:
        browser.close()
        pw.stop()
    gaps = [(b - a) / 1000 for a, b in zip(at, at[1:])]
    return {"crops": n, "p50_s": round(statistics.median(gaps), 2) if gaps else float("nan"),
            "mean_s": round(statistics.fmean(gaps), 2) if gaps else float("nan")}


def online_settling(url: str, repeats: int = 5) -> dict[str, float]:
    """Key press to the next item on screen when settling each kind of online problem (the settlement included),
    and when attaching a set-aside page to its first candidate, the median of `repeats` settlements: each is undone
    with U and settled again (Enter on the decision shown)."""
    pw, browser, page = _browser(url, "Đo trực tuyến")
    out: dict[str, float] = {}
    try:
        waiting = json.loads(urllib.request.urlopen(url + "/api/counts").read())["by_kind"]
        for kind, keys in (("online_unit", ["T", "T", "Enter"]), ("online_answer", ["Enter"]),
                           ("online_row", ["Enter"]), ("page", ["1", "Enter"])):
            if not waiting.get(kind):
                continue  # settled in an earlier run on this store
            page.select_option("#kindsel", kind)
            page.wait_for_function("k => current && current.kind === k", arg=kind)
            page.wait_for_function(SEEN)
            took = []
            for i in range(repeats):
                before = page.evaluate("() => window.__shownId")
                for k in keys if i == 0 else ["Enter"]:
                    page.keyboard.press(k)
                page.wait_for_function("id => window.__shownId !== id", arg=before)
                took.append(page.evaluate("() => window.__shownAt - window.__keyAt"))
                if i < repeats - 1:
                    page.wait_for_function(SEEN)
                    page.keyboard.press("Escape")
                    page.keyboard.press("u")
                    page.wait_for_function("id => window.__shownId === id", arg=before)
                    page.wait_for_function(SEEN)
            out[kind + "_ms"] = round(statistics.median(took), 1)
    finally:
        browser.close()
        pw.stop()
    return out


def run(db: Path, sheets: int, keys: int, rounds: int, think_ms: int, fresh: bool, crops: int = 30) -> dict:
    if fresh and db.exists():
        db.unlink()
    if not db.exists():
        t0 = time.perf_counter()
        build_store(db, sheets, lost_every=3)
        import_faulty_online(db)
        print(f"built {db} ({sheets} sheets) in {time.perf_counter() - t0:.0f} s", flush=True)
    from scanner.store import Store

    store = Store(db)
    store.review_clear_crops()  # every picture is drawn in this run, as on the first day
    store.close()
    t0 = time.perf_counter()
    proc, url = start_server(db)
    started = time.perf_counter() - t0
    try:
        counts = json.loads(urllib.request.urlopen(url + "/api/counts").read())
        at_start = rss_mb(proc.pid)
        first = first_item(url)
        api = api_latency(url, rounds)
        chrome = key_to_next(url, keys, think_ms)
        typing = transcription(url, crops)
        online = online_settling(url)
        at_end = rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(10)
    return {"sheets": sheets, "db_mb": round(db.stat().st_size / 2**20), "items_open": counts["open"],
            "server_start_s": round(started, 2), "rss_start_mb": at_start[0], "rss_end_mb": at_end[0],
            "rss_peak_mb": at_end[1], "first_item": first, "chromium": chrome, "transcription": typing, "online": online, "api_ms": api}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sheets", default="3000", help="one size or several, comma-separated")
    ap.add_argument("--db", default="/tmp/review{}.db", help="store path; {} becomes the size")
    ap.add_argument("--keys", type=int, default=150, help="decisions made by key in Chromium")
    ap.add_argument("--think-ms", type=int, default=400, help="pause before each decision, as a person looks")
    ap.add_argument("--rounds", type=int, default=40, help="rounds of API calls for per-request latency")
    ap.add_argument("--fresh", action="store_true", help="build the store anew (no decisions from earlier runs)")
    ap.add_argument("--crops", type=int, default=30, help="handwriting crops transcribed in the per-question view")
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args()
    results = []
    for n in (int(x) for x in args.sheets.split(",")):
        r = run(Path(args.db.format(n)), n, args.keys, args.rounds, args.think_ms, args.fresh, args.crops)
        results.append(r)
        c, f = r["chromium"], r["first_item"]
        print(f"\n{n} sheets ({r['db_mb']} MB store, {r['items_open']} open items); server ready in "
              f"{r['server_start_s']} s; memory {r['rss_start_mb']} MB at start, {r['rss_end_mb']} MB after, "
              f"peak {r['rss_peak_mb']} MB")
        print(f"  page opened to first item with its picture {f['first_item_s']} s; downloaded meanwhile {f['total_kb']} KB ("
              + ", ".join(f"{k[:-3]} {v} KB" for k, v in f.items() if k.endswith("_kb") and k != "total_kb") + ")")
        print(f"  key to next item in Chromium ({c['keys']} keys, {args.think_ms} ms look before each): shown p50 {c['shown_p50_ms']} ms, "
              f"p95 {c['shown_p95_ms']} ms; with its picture p50 {c['picture_p50_ms']} ms, p95 {c['picture_p95_ms']} ms")
        t = r["transcription"]
        print(f"  transcription ({t['crops']} crops, 20 characters typed each): {t['p50_s']} s per crop p50, "
              f"{t['mean_s']} s mean")
        print("  settling an online problem or attaching a set-aside page, key to next item (median of 5, each undone "
              "and settled again): " + ", ".join(
            f"{k[:-3]} {v} ms" for k, v in r["online"].items()))
        for name, v in r["api_ms"].items():
            print(f"  {name:<36} p50 {v['p50']:7.1f} ms  p95 {v['p95']:7.1f} ms  (n={v['n']})")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
