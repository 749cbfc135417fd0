"""Online benchmark: a collection week of daily downloads, counted against the truth, with the time each takes.

    python -m benchmarks.online --responses 1000 --days 7 [--edits 5] [--seed 3]

Each day the office downloads every response so far, alternating the Sheet's
CSV (with a notes column the office added) and its XLSX; some
earlier respondents edit an answer (in the Sheet the edit moves the
timestamp). After every import the derived records are compared with the
truth: one record per response, its unit and answers exact. Prints the
counts, mismatches (silent miscounts) and CPU seconds per import.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from scanner.corpus.online import HANOI, responses
from scanner.online import import_file, online_records
from scanner.plan import load_plan
from scanner.store import Store
from scanner.template import load_template


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--responses", type=int, default=1000)
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--edits", type=int, default=5, help="responses edited before each download")
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    run(args.responses, args.days, args.edits, args.seed)


def run(n_responses: int, days: int, edits: int, seed: int) -> int:
    """Prints each day's figures; returns the silent miscounts (records or edits that differ from the truth)."""
    template, plan = load_template(), load_plan()
    text, truth = responses(template, plan, n_responses, seed)
    header, *rows = list(csv.reader(io.StringIO(text)))
    order = sorted(range(len(rows)), key=lambda i: truth[i]["submitted_at"])
    rows, truth = [rows[i] for i in order], [truth[i] for i in order]
    q2 = template.question("q2")
    col = header.index(q2.online_title)
    rng = np.random.default_rng(seed)
    work = Path(tempfile.mkdtemp(prefix="online-bench-"))
    store = Store(work / "o.db")
    total_mismatch = 0
    prev = 0
    for day in range(days):
        n = len(rows) * (day + 1) // days
        chosen = [int(i) for i in rng.choice(n, size=min(edits, n), replace=False)] if day else []
        edits_before = sum(1 for i in chosen if i < prev)  # the rest are edits of responses new in this download
        edit_at = dt.datetime(2023, 11, 8, 23, 0, tzinfo=HANOI) + dt.timedelta(days=day)
        for i in chosen:
            option = q2.options[int(rng.integers(len(q2.options)))]
            rows[i][col] = option.label
            truth[i]["answers"]["q2"] = [option.id]
            moment = max(edit_at, dt.datetime.fromisoformat(truth[i]["submitted_at"]) + dt.timedelta(minutes=1))
            rows[i][0] = moment.astimezone(HANOI).strftime("%d/%m/%Y %-H:%M:%S")
            truth[i]["submitted_at"] = moment.isoformat()
        path = _write(work, day, header, rows[:n])
        t0 = time.process_time()
        rep = import_file(store, template, plan, path)
        spent = time.process_time() - t0
        recs = online_records(store, template, plan)
        mismatch = _compare(recs, truth[:n])
        total_mismatch += mismatch
        print(f"day {day + 1}: {path.name:<10} {rep.rows:>5} rows  {rep.new:>4} new  {rep.known:>5} known  "
              f"{rep.edited:>3} edited (truth {edits_before})  records {len(recs):>5} (truth {n})  mismatches {mismatch}  "
              f"import {spent:.2f} s CPU")
        total_mismatch += abs(rep.edited - edits_before)
        prev = n
    t0 = time.process_time()
    recs = online_records(store, template, plan)
    print(f"derive {len(recs)} records from {days} downloads: {time.process_time() - t0:.2f} s CPU; "
          f"silent miscounts over the week: {total_mismatch}")
    store.close()
    shutil.rmtree(work, ignore_errors=True)
    return total_mismatch


def _write(work: Path, day: int, header: list[str], rows: list[list[str]]) -> Path:
    if day % 3 == 1:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.append(header)
        for r in rows:
            d, t = r[0].split(" ")
            dd, mm, yy = d.split("/")
            ws.append([dt.datetime.fromisoformat(f"{yy}-{mm}-{dd} {int(t.split(':')[0]):02d}:{t[t.index(':') + 1:]}"),
                       *r[1:]])
        path = work / f"day{day + 1}.xlsx"
        wb.save(path)
        return path
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header + ["Ghi chú"])
    w.writerows(r + [f"ngày {day + 1}"] for r in rows)
    path = work / f"day{day + 1}.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _compare(recs, truth) -> int:
    """Responses whose record is missing, doubled, different (time, unit, answers) or not final."""
    want = sorted((t["submitted_at"], t["unit"], _answers(t["answers"])) for t in truth)
    got = sorted((dt.datetime.fromisoformat(r.submitted_at).isoformat(), r.unit, _answers(r.answers)) for r in recs)
    want_times = [(dt.datetime.fromisoformat(w[0]).isoformat(), w[1], w[2]) for w in want]
    waiting = sum(1 for r in recs if r.status != "final")  # every generated row is complete: none should wait
    return sum(1 for a, b in zip(want_times, got, strict=False) if a != b) + abs(len(want) - len(got)) + waiting


def _answers(a: dict) -> str:
    return repr(sorted((k, v if isinstance(v, list | None) else str(v)) for k, v in a.items()
                       if k != "q6_other" and k != "q8"))


if __name__ == "__main__":
    main()
