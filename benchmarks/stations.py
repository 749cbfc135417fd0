"""Several scanning stations on one store: pages per second for 1, 2 and 4 stations, PostgreSQL beside SQLite.

    python -m benchmarks.stations --generate 32 --corpus /tmp/stations32   # 8 feeder stacks of 4 sheets
    python -m benchmarks.stations --corpus /tmp/stations32 [--stations 1 2 4]

The stacks are dealt to the stations in turn; each station is one `scan --jobs 1` process, all started at
once, on a fresh store: an SQLite file on this computer, or a database on a throwaway PostgreSQL cluster
(tests/pgserver.py). Each run's records are checked against the one-station run of the same engine, so a
figure is only printed for a run that counted exactly what one station counts. On one computer the stations
share its cores, so the figure shows what the store costs, not what several computers would gain.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def scan_argv(pile: Path, db: str) -> list[str]:
    return [sys.executable, str(ROOT / "cli.py"), "scan", str(pile), "--db", db, "--jobs", "1", "--quiet"]


def records(db: str) -> list[str]:
    """The records with each source's file reduced to its name (the stations' piles are different folders)."""
    out = subprocess.run([sys.executable, str(ROOT / "cli.py"), "export", "--db", db, "--format", "jsonl"],
                         capture_output=True, text=True, check=True).stdout
    recs = [json.loads(line) for line in out.splitlines()]
    for r in recs:
        for s in r["sources"]:
            s["file"] = Path(s["file"]).name
    return sorted(json.dumps(r, sort_keys=True) for r in recs)


def deal(corpus: Path, n: int, work: Path) -> list[Path]:
    files = sorted(corpus.glob("*.pdf"))
    piles = [work / f"pile{i}" for i in range(n)]
    for p in piles:
        p.mkdir()
    for i, f in enumerate(files):
        shutil.copy(f, piles[i % n] / f.name)
    return [p for p in piles if any(p.iterdir())]


def run(piles: list[Path], db: str) -> float:
    t0 = time.perf_counter()
    procs = [subprocess.Popen(scan_argv(p, db), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for p in piles]
    for p in procs:
        if p.wait() != 0:
            raise SystemExit(f"a station failed on {db}")
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--generate", type=int, help="first write a corpus of this many sheets (4 a stack)")
    ap.add_argument("--stations", type=int, nargs="+", default=[1, 2, 4])
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if args.generate:
        from scanner.corpus.generate import generate
        from scanner.plan import load_plan
        from scanner.template import load_template

        generate(load_template(), load_plan(), args.generate, 7, corpus, stack_size=4, profiles={"feeder": 1.0},
                 kind="pdf")
    truth = (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    pages = sum(1 for line in truth if json.loads(line)["type"] == "page")
    from pgserver import PgServer

    server = PgServer()
    try:
        print(f"{pages} pages, {len(list(corpus.glob('*.pdf')))} stacks; each station: scan --jobs 1")
        print(f"{'stations':>8} {'engine':>10} {'seconds':>8} {'pages/s':>8}  records")
        for engine in ("sqlite", "postgresql"):
            first: list[str] | None = None
            for n in args.stations:
                with tempfile.TemporaryDirectory() as tmp:
                    work = Path(tmp)
                    db = str(work / "s.db") if engine == "sqlite" else server.url()
                    seconds = run(deal(corpus, n, work), db)
                    got = records(db)
                    first = first if first is not None else got
                    same = "same as 1 station" if got == first else "DIFFERENT"
                    print(f"{n:>8} {engine:>10} {seconds:>8.1f} {pages / seconds:>8.2f}  {same}", flush=True)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
