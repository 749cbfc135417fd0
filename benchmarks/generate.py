"""The corpus generator's cost: wall and CPU seconds per sheet, and peak memory, at each job count.

    python -m benchmarks.generate [--sheets 120] [--jobs 1,2] [--seed 7] [--stack-size 12]

Each job count writes the same corpus (same seed) into a fresh folder in a
child process, so its peak memory is its own tree's: the largest resident
set of the parent and of its workers (ru_maxrss of each). CPU is user +
system of the child and its workers; on a machine other people load, CPU
per sheet is the figure to compare, wall time the one a user waits.
A 3,000-sheet corpus is that many times the per-sheet figures.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import json, resource, sys, time
from scanner.corpus.generate import generate
from scanner.plan import load_plan
from scanner.template import load_template
n, seed, stack, jobs, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
counts = generate(load_template(), load_plan(), n, seed, out, stack_size=stack, jobs=jobs)
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"counts": counts, "parent_mb": me.ru_maxrss / 1024, "worker_mb": kids.ru_maxrss / 1024}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sheets", type=int, default=120)
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--stack-size", type=int, default=12)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for jobs in (int(j) for j in a.jobs.split(",")):
            out = Path(tmp) / f"jobs{jobs}"
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", CHILD, str(a.sheets), str(a.seed), str(a.stack_size),
                                   str(jobs), str(out)], check=True, capture_output=True, text=True)
            wall = time.perf_counter() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            got = json.loads(done.stdout.strip().splitlines()[-1])
            n = got["counts"]["sheets"]
            print(f"--jobs {jobs}: {n} sheets, {got['counts']['pages']} pages in {wall:.1f} s wall "
                  f"({1000 * wall / n:.0f} ms/sheet), CPU {1000 * cpu / n:.0f} ms/sheet; peak memory: "
                  f"parent {got['parent_mb']:.0f} MB, largest worker {got['worker_mb']:.0f} MB; "
                  f"3,000 sheets at this wall rate: {3000 * wall / n / 60:.1f} min")


if __name__ == "__main__":
    main()
