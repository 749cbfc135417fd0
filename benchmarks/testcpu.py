"""CPU seconds per test file and per test, so the suite's cost is compared on a machine others load too.

Wall time on a shared 2-core machine says more about the neighbours than about the tests; the CPU a test's
process and its waited-for children spent does not. Used as a pytest plugin:

    SURVEY_TEST_CPU=/tmp/cpu nice .venv/bin/python -m pytest -p benchmarks.testcpu -n auto --dist loadfile
    .venv/bin/python -m benchmarks.testcpu /tmp/cpu [--top 40]

Each worker appends one JSON line per test (setup, call and teardown together, so a module's fixtures are
charged to the test that first asks for them) to a file of its own in the folder. Programs the tests start
and wait for (Tesseract, poppler, pspp, a `scan` subprocess) count; servers left running (PostgreSQL,
Chromium until it exits) count only when reaped. Each row also carries the time the test's main thread waited,
runnable, for a core (`queued`, /proc/self/schedstat): wall - CPU - queued is what a test waited on something else
(issue 26, s23), the time a worker leaves its core idle on a quiet machine, whatever the load when measured.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest


def _run_delay() -> float:
    """Seconds this process's main thread has waited, runnable, for a core (Linux; 0 elsewhere): with the CPU, what
    is left of a test's wall time is time it waited on something else (a timer, a server, a browser, a child)."""
    try:
        return int(Path("/proc/self/schedstat").read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def cpu_seconds() -> float:
    """CPU seconds of this process and its reaped children."""
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    folder = os.environ.get("SURVEY_TEST_CPU")
    if not folder:
        yield
        return
    t0, w0, d0 = cpu_seconds(), time.time(), _run_delay()
    yield
    worker = os.environ.get("PYTEST_XDIST_WORKER", "master")
    Path(folder).mkdir(parents=True, exist_ok=True)
    with open(Path(folder) / f"{worker}.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps({"file": item.path.name, "test": item.nodeid, "cpu": round(cpu_seconds() - t0, 3),
                            "slow": item.get_closest_marker("slow") is not None,
                            "start": round(w0, 2), "end": round(time.time(), 2),
                            "queued": round(_run_delay() - d0, 3)}) + "\n")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--schedule", action="store_true",
                    help="also: when two workers under --dist loadfile end, handing files out most tests first "
                         "(xdist's default) or dearest first (tests/conftest.py)")
    ap.add_argument("--weights", action="store_true",
                    help="also: each file's CPU s, whole and outside the slow tier, as tests/conftest.py's FILE_CPU "
                         "entries (dearest first)")
    a = ap.parse_args(argv)
    rows = [dict(json.loads(line), worker=p.stem) for p in sorted(Path(a.folder).glob("*.jsonl"))
            for line in p.open(encoding="utf-8")]
    per_file: dict[str, list[float]] = defaultdict(lambda: [0.0, 0, 0.0])
    for r in rows:
        f = per_file[r["file"]]
        f[0] += r["cpu"]
        f[1] += 1
        f[2] += r["cpu"] if not r["slow"] else 0.0
    total = sum(r["cpu"] for r in rows)
    quick = sum(r["cpu"] for r in rows if not r["slow"])
    print(f"{len(rows)} tests, {total:.1f} CPU s in all, {quick:.1f} CPU s outside the slow tier "
          f"({sum(not r['slow'] for r in rows)} tests)")
    print(f"{'file':<36} {'tests':>5} {'CPU s':>8} {'quick CPU s':>11}")
    for name, (cpu, n, q) in sorted(per_file.items(), key=lambda kv: -kv[1][0]):
        print(f"{name:<36} {n:>5} {cpu:>8.1f} {q:>11.1f}")
    print(f"\nthe {a.top} dearest tests")
    for r in sorted(rows, key=lambda r: -r["cpu"])[:a.top]:
        print(f"{r['cpu']:>8.1f}  {'slow ' if r['slow'] else 'quick'}  {r['test']}")
    workers = sorted({r["worker"] for r in rows})
    if len(workers) > 1:
        print("\neach worker: tests, CPU s, and (where the rows carry times) wall s from its first test's start to "
              "its last test's end, and when it ended after the first worker to end")
        ends = {w: max((r["end"] for r in rows if r["worker"] == w and "end" in r), default=None) for w in workers}
        known = [e for e in ends.values() if e is not None]
        for w in workers:
            mine = [r for r in rows if r["worker"] == w]
            line = f"  {w:<8} {len(mine):>5} {sum(r['cpu'] for r in mine):>8.1f}"
            if ends[w] is not None:
                start = min(r["start"] for r in mine if "start" in r)
                line += f" {ends[w] - start:>8.1f} wall s, ended +{ends[w] - min(known):.1f} s"
            print(line)
    if rows and all("queued" in r for r in rows):
        waits: dict[str, float] = defaultdict(float)
        for r in rows:
            waits[r["file"]] += r["end"] - r["start"] - r["cpu"] - r["queued"]
        print(f"\nwall s spent neither on a core nor queued for one (timers, servers, browsers, children not yet "
              f"reaped, their queueing): {sum(waits.values()):.1f} in all; the files with most")
        for name, w in sorted(waits.items(), key=lambda kv: -kv[1])[:a.top]:
            print(f"  {name:<36} {w:8.1f}")
    if a.weights:
        print("\nFILE_CPU entries (CPU s of the whole file, of its tests outside the slow tier)")
        for name, (cpu, _n, q) in sorted(per_file.items(), key=lambda kv: -kv[1][0]):
            print(f'    "{name}": ({cpu:.0f}, {q:.1f}),')
    if a.schedule:
        cpu, tests = {n: v[0] for n, v in per_file.items()}, {n: v[1] for n, v in per_file.items()}
        print("\ntwo workers, --dist loadfile, files handed out in turn (CPU s at which each worker ends)")
        for label, order in (("most tests first (xdist's default)", sorted(cpu, key=lambda n: -tests[n])),
                             ("dearest first (tests/conftest.py)", sorted(cpu, key=lambda n: -cpu[n]))):
            ends = two_workers(order, cpu)
            print(f"  {label:<36} {ends[0]:7.0f} {ends[1]:7.0f}   last worker idle {abs(ends[0] - ends[1]):5.0f}")


def two_workers(order: list[str], cpu: dict[str, float]) -> list[float]:
    """xdist's load-scope scheduling in brief: each worker is sent two files at the start and one more each time it
    ends one, so a file is committed to a worker a file ahead of when it can start."""
    queue, held, clock = list(order), [[], []], [0.0, 0.0]
    for _ in range(2):
        for w in (0, 1):
            if queue:
                held[w].append(queue.pop(0))
    while held[0] or held[1]:
        w = min((w for w in (0, 1) if held[w]), key=lambda w: clock[w] + cpu[held[w][0]])
        clock[w] += cpu[held[w].pop(0)]
        if queue:
            held[w].append(queue.pop(0))
    return clock


if __name__ == "__main__":
    main(sys.argv[1:])
