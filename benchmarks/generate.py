"""The corpus generator's cost: wall and CPU seconds per sheet, and peak memory, at each job count.

    python -m benchmarks.generate [--sheets 120] [--jobs 1,2] [--seed 7] [--stack-size 12] [--out DIR]

Each job count writes the same corpus (same seed) into a fresh folder in a
child process, so its peak memory is its own tree's: the largest resident
set of the parent and of its workers (ru_maxrss of each). CPU is user +
system of the child and its workers; on a machine other people load, CPU
per sheet is the figure to compare, wall time the one a user waits.
The whole tree's resident memory (parent and workers together) is sampled
twice a second from /proc where there is one. `--out DIR` keeps the corpora
(DIR/jobsN) to compare by hash; the system's load average is printed beside
each run, since CPU seconds grow with it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
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


def _tree_rss_mb(root: int) -> float:
    """Resident memory of `root` and all its descendants, from /proc (0 where there is none)."""
    kids: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            kids.setdefault(int(fields[1]), []).append(int(d.name))
            rss[int(d.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(kids.get(pid, []))
    return total / 2**20


def _run_sampled(cmd: list[str]) -> tuple[subprocess.CompletedProcess, float]:
    """Runs cmd, sampling its process tree's resident memory; returns its result and the peak (MB)."""
    peak = [0.0]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.5):
            peak[0] = max(peak[0], _tree_rss_mb(proc.pid))

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    out, err = proc.communicate()
    stop.set()
    t.join()
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, cmd, out, err)
    return subprocess.CompletedProcess(cmd, 0, out, err), peak[0]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sheets", type=int, default=120)
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--stack-size", type=int, default=12)
    ap.add_argument("--out", help="keep the corpora in this folder (jobsN under it)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for jobs in (int(j) for j in a.jobs.split(",")):
            out = Path(a.out or tmp) / f"jobs{jobs}"
            load = os.getloadavg()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            done, tree_mb = _run_sampled([sys.executable, "-c", CHILD, str(a.sheets), str(a.seed),
                                          str(a.stack_size), str(jobs), str(out)])
            wall = time.perf_counter() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            got = json.loads(done.stdout.strip().splitlines()[-1])
            n = got["counts"]["sheets"]
            print(f"--jobs {jobs}: {n} sheets, {got['counts']['pages']} pages in {wall:.1f} s wall "
                  f"({1000 * wall / n:.0f} ms/sheet), CPU {1000 * cpu / n:.0f} ms/sheet; peak memory: "
                  f"parent {got['parent_mb']:.0f} MB, largest worker {got['worker_mb']:.0f} MB, "
                  f"whole tree {tree_mb:.0f} MB (sampled); 3,000 sheets at this wall rate: "
                  f"{3000 * wall / n / 60:.1f} min; load average before {load[0]:.1f}, after {os.getloadavg()[0]:.1f}; "
                  f"CPU {cpu:.0f} s in all")


if __name__ == "__main__":
    main()
