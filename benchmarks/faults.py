"""Fault injection: random kills of a running scan, each resumed, compared with an uninterrupted scan.

    python -m benchmarks.faults --generate 60 --corpus /tmp/faults60     # a 120-page scanner stack
    python -m benchmarks.faults --corpus /tmp/faults60 --runs 20 [--seed 1] [--jobs 2]

Each run scans the stack into a fresh database and, once a random number of
pages is stored, does one of: SIGKILL the whole process group (a power cut,
the terminal closed), SIGKILL the parent only (its workers must leave by
themselves), SIGKILL one worker (what the OOM killer does: the scan must go
on by itself) or SIGINT to the group (Ctrl-C: the scan must stop within a
few seconds). Then the same command runs again to finish. A run is
identical when its records equal the uninterrupted scan's; lost when a page
of the stack is not stored or the accounting fails; doubled when a page or
a record is there twice; hung when any step outlives its time limit.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("group", "parent", "worker", "sigint")
STEP_LIMIT_S = 300.0
STOP_LIMIT_S = 15.0  # Ctrl-C and a killed parent: everything gone within this


def scan_argv(corpus: Path, db: Path, jobs: int) -> list[str]:
    return [sys.executable, str(ROOT / "cli.py"), "scan", str(corpus), "--db", str(db), "--jobs", str(jobs), "--quiet"]


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as con:
            return int(con.execute("SELECT COUNT(*) FROM pages").fetchone()[0])
    except sqlite3.Error:
        return 0


def records(db: Path) -> list[str]:
    """The records with each source's file name reduced to its base name, sorted."""
    out = subprocess.run([sys.executable, str(ROOT / "cli.py"), "export", "--db", str(db), "--format", "jsonl"],
                         capture_output=True, text=True, check=True, timeout=STEP_LIMIT_S).stdout
    recs = [json.loads(line) for line in out.splitlines()]
    for r in recs:
        for s in r["sources"]:
            s["file"] = Path(s["file"]).name
    return sorted(json.dumps(r, sort_keys=True) for r in recs)


def accounted(db: Path) -> bool:
    out = subprocess.run([sys.executable, str(ROOT / "cli.py"), "status", "--db", str(db), "--json"],
                         capture_output=True, text=True, check=True, timeout=STEP_LIMIT_S).stdout
    return bool(json.loads(out)["accounted"])


def children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def wait_gone(pids: list[int], limit: float) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if not any(alive(p) for p in pids):
            return True
        time.sleep(0.05)
    return False


def one_run(corpus: Path, db: Path, jobs: int, kind: str, after: int) -> dict:
    """Scan, hit it once after `after` stored pages, resume; what happened."""
    proc = subprocess.Popen(scan_argv(corpus, db, jobs), cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    hung = False
    deadline = time.monotonic() + STEP_LIMIT_S
    while stored(db) < after and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = children(proc.pid)
    hit = proc.poll() is None
    if hit:
        if kind == "group":
            os.killpg(proc.pid, signal.SIGKILL)
        elif kind == "parent":
            os.kill(proc.pid, signal.SIGKILL)
        elif kind == "worker" and workers:
            os.kill(workers[0], signal.SIGKILL)
        elif kind == "sigint":
            os.killpg(proc.pid, signal.SIGINT)
    limit = STOP_LIMIT_S if kind in ("sigint", "parent", "group") else STEP_LIMIT_S
    try:
        _, err = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        hung = True
        os.killpg(proc.pid, signal.SIGKILL)
        _, err = proc.communicate()
    if not wait_gone(workers, STOP_LIMIT_S):
        hung = True
        for w in workers:
            if alive(w):
                os.kill(w, signal.SIGKILL)
    traceback = "Traceback" in (err or "")
    at_fault = stored(db)
    try:
        subprocess.run(scan_argv(corpus, db, jobs), cwd=ROOT, capture_output=True, timeout=STEP_LIMIT_S)
    except subprocess.TimeoutExpired:
        hung = True
    return {"kind": kind, "after": after, "hit": hit, "stored_at_fault": at_fault, "exit": proc.returncode,
            "hung": hung, "traceback": traceback}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--generate", type=int, metavar="SHEETS", help="write a scanner-PDF stack of this many sheets")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if args.generate:
        from scanner.corpus.generate import generate
        from scanner.plan import load_plan
        from scanner.template import load_template

        generate(load_template(), load_plan(), args.generate, args.seed, corpus, stack_size=args.generate,
                 profiles={"feeder": 1.0}, kind="pdf", max_jpeg_quality=60)
        print(f"{corpus}: {args.generate} sheets")
        return
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        ref_db = Path(tmp) / "reference.db"
        subprocess.run(scan_argv(corpus, ref_db, args.jobs), cwd=ROOT, check=True, capture_output=True,
                       timeout=STEP_LIMIT_S)
        total, reference = stored(ref_db), records(ref_db)
        print(f"stack: {total} pages, {len(reference)} records; {args.runs} runs, jobs {args.jobs}")
        tally: Counter = Counter()
        by_kind: dict[str, Counter] = {k: Counter() for k in KINDS}
        for i in range(args.runs):
            kind = KINDS[i % len(KINDS)] if args.runs >= len(KINDS) else rng.choice(KINDS)
            db = Path(tmp) / f"run{i}.db"
            r = one_run(corpus, db, args.jobs, kind, rng.randint(1, total - 1))
            got = records(db)
            pages = stored(db)
            r["lost"] = pages < total or not accounted(db) or len(got) < len(reference)
            r["doubled"] = pages > total or len(got) > len(reference)
            r["identical"] = got == reference
            for key in ("identical", "lost", "doubled", "hung", "traceback"):
                tally[key] += bool(r[key])
                by_kind[kind][key] += bool(r[key])
            by_kind[kind]["runs"] += 1
            print(f"run {i + 1:>3} {kind:<6} after {r['after']:>3} pages (hit: {r['hit']}, {r['stored_at_fault']} "
                  f"stored, exit {r['exit']}): identical {r['identical']}, lost {r['lost']}, "
                  f"doubled {r['doubled']}, hung {r['hung']}", flush=True)
            db.unlink(missing_ok=True)
        for kind, c in by_kind.items():
            print(f"  {kind:<6} runs {c['runs']} identical {c['identical']} lost {c['lost']} doubled {c['doubled']} "
                  f"hung {c['hung']}")
        print(f"runs {args.runs} identical {tally['identical']} lost {tally['lost']} doubled {tally['doubled']} "
              f"hung {tally['hung']} tracebacks {tally['traceback']}")


if __name__ == "__main__":
    main()
