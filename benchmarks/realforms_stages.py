"""Where the real-forms sweep's CPU goes, stage by stage (issue 26): build, template check, `forms`, the print check,
`samples generate` and the reading, as benchmarks.realforms.run_form runs them for the test sweep (one sheet, seed 3,
booklets past 12 pages built and printed but not read).

    SURVEY_CACHE_DIR=NEW OMP_THREAD_LIMIT=1 python -m benchmarks.realforms_stages [--start 0] [--every 6]

Prints the CPU s (this process and the children it reaped) and wall s of each stage over the forms chosen
(every `--every`-th form of tests/data/xlsforms from `--start`). Give it a fresh SURVEY_CACHE_DIR: the side cache of an
earlier run would spare the reading its blank-side renders.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks import accuracy, realforms
from benchmarks.testcpu import cpu_seconds


def _stage(argv: list[str]) -> str:
    name = argv[2] if argv[0] == "--template" else argv[0]
    return {"template": "template check", "samples": "samples generate"}.get(name, name)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--every", type=int, default=6)
    a = ap.parse_args(argv)
    cpu: Counter[str] = Counter()
    wall: Counter[str] = Counter()

    def timed(name_of, real):
        def run(*args, **kwargs):
            c, w = cpu_seconds(), time.time()
            try:
                return real(*args, **kwargs)
            finally:
                name = name_of(args)
                cpu[name] += cpu_seconds() - c
                wall[name] += time.time() - w
        return run

    realforms.cli = timed(lambda args: _stage(args[0]), realforms.cli)
    realforms.print_faults = timed(lambda args: "print check", realforms.print_faults)
    accuracy.evaluate = timed(lambda args: "reading", accuracy.evaluate)
    forms = realforms.forms_in(realforms.DEFAULT_FORMS)[a.start::a.every]
    c0, w0 = cpu_seconds(), time.time()
    with tempfile.TemporaryDirectory(prefix="realforms-stages-") as tmp:
        for f in forms:
            realforms.run_form(f, Path(tmp) / f.stem, sheets=1, seed=3, read_pages_max=12)
    print(f"{len(forms)} forms: {cpu_seconds() - c0:.1f} CPU s, {time.time() - w0:.1f} wall s")
    print(f"{'stage':<18} {'CPU s':>7} {'wall s':>7}")
    for name, c in cpu.most_common():
        print(f"{name:<18} {c:7.2f} {wall[name]:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
