"""Every set-aside page of a survey-sized store attached by keyboard in Chromium, as a reviewer does it.

    python -m benchmarks.review_attach --sheets 3000 --db /tmp/attach{}.db

The store is built as benchmarks/review.py builds it (every third sheet misses its back; half of those backs
are stored set aside, a quarter of them in a stack of their own), so which sheet each page belongs to is known.
The reviewer chooses the "Trang để riêng" kind with K and the arrows, then for each page presses the number of
its own sheet when it is offered, else / and the sheet's serial, Enter, its number; Enter attaches, after the
bar has named the sheet. Printed: pages on their own sheet, keys per page, seconds per page.
"""

from __future__ import annotations

import argparse
import collections
import time
from pathlib import Path

from benchmarks.review import SEEN, _browser, build_store, import_faulty_online, start_server


def attach_all(db: Path, sheets: int) -> dict:
    from scanner.collate import collate
    from scanner.store import Store
    from scanner.template import load_template

    for old in db.parent.glob(db.name + "*"):
        old.unlink()
    truth = build_store(db, sheets, lost_every=3)
    import_faulty_online(db)
    proc, url = start_server(db)  # the server derives the queue: sheet labels and what misses a side
    keys: list[int] = []
    try:
        store = Store(db)
        labels = store.review_sheet_labels(list(truth.values()))
        missing_before = len(store.review_missing_with_pages())
        store.close()
        pw, browser, page = _browser(url, "Lan")
        page.keyboard.press("k")
        while page.evaluate("() => document.getElementById('kindsel').value") != "page":
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_function("() => current && current.kind === 'page'")
        t0 = time.perf_counter()
        while page.evaluate("() => current && current.kind") == "page":
            page.wait_for_function(SEEN)  # keys sooner than a person reads are dropped by the page
            it = page.evaluate("() => current")
            want = truth[it["page_id"]]
            offered = page.evaluate("() => pageChoices.map(c => c.id.split('|')[1])")
            n = 0
            if want not in offered[:9]:
                serial = labels[want].rsplit(".", 1)[1]
                page.keyboard.press("/")
                page.keyboard.type(serial)
                page.keyboard.press("Enter")
                n += 2 + len(serial)
                page.wait_for_selector("#msg:has-text('Tìm thấy')")
                offered = page.evaluate("() => pageChoices.map(c => c.id.split('|')[1])")
            page.keyboard.press(str(offered.index(want) + 1))
            if labels[want] not in page.inner_text("#confirmbar"):
                raise SystemExit(f"the bar does not name {labels[want]} before Enter")
            page.keyboard.press("Enter")
            page.wait_for_function("id => window.__shownId !== id", arg=it["id"])
            keys.append(n + 2)
        seconds = time.perf_counter() - t0
        browser.close()
        pw.stop()
    finally:
        proc.terminate()
        proc.wait()
    store = Store(db)
    try:
        sources = {s.group.sheet_id: {x["page_id"] for x in s.record.sources}
                   for s in collate(store, load_template(), set(truth.values()))}
    finally:
        store.close()
    right = sum(pid in sources.get(sid, set()) for pid, sid in truth.items())
    return {"sheets": sheets, "missing_a_side": missing_before, "pages": len(truth), "attached": len(keys),
            "on_own_sheet": right, "keys": dict(sorted(collections.Counter(keys).items())),
            "keys_mean": round(sum(keys) / max(1, len(keys)), 2), "s_per_page": round(seconds / max(1, len(keys)), 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sheets", default="300,3000", help="one size or several, comma-separated")
    ap.add_argument("--db", default="/tmp/attach{}.db", help="store path; {} becomes the size (rebuilt)")
    args = ap.parse_args()
    for n in (int(x) for x in args.sheets.split(",")):
        r = attach_all(Path(args.db.format(n)), n)
        print(f"{n} sheets, {r['missing_a_side']} missing a side: {r['attached']} of {r['pages']} set-aside pages "
              f"attached by keyboard, {r['on_own_sheet']} on their own sheet; keys per page {r['keys']} "
              f"(mean {r['keys_mean']}); {r['s_per_page']} s per page in Chromium")


if __name__ == "__main__":
    main()
