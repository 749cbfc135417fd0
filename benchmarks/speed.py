"""Speed and memory benchmark: CPU per page end to end (file in, records stored), each stage's share, and the
peak memory of the whole process tree, on a stack PDF, on loose JPEG files and on one PDF of any length.

    python -m benchmarks.speed --generate 140 --corpus /tmp/speed140     # make a 200 dpi scanner-PDF corpus
    python -m benchmarks.speed --corpus /tmp/speed140 --jobs 1,2 --jpeg --stack-pages 300,1200,3000 [--json OUT]
    python -m benchmarks.speed --corpus /tmp/speed140 --jobs '' --stack-pages 3000 --malloc project,128:0,default

Each line says what the scan's workers did with glibc's malloc thresholds: the
project's (scanner/batch.py), glibc's own (--malloc default) or given ones
(--malloc 128:0, the mmap threshold fixed at 128 kB and glibc's trim threshold).

Each scan runs in a fresh process; its cost is CPU time (user + system of
the process and its workers), which other load on the machine does not
inflate as it does wall time. Memory is sampled every 0.1 s over the
process and its workers: PSS (shared pages counted once, what the tree
costs the machine) and the sum of RSS. Stage shares come from the pages'
own CPU timings (decode, align, identify, marks, rules) and the store's.
Decode-only is the cost of taking each page's image out of its file and
decoding it to grey pixels, nothing else, in this process.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.stack import corpus_jpegs, write_loose_jpegs, write_stack_pdf
from scanner.decode import decode_for_reading
from scanner.ingest import list_inputs, pages_of


def decode_only(corpus: Path) -> tuple[int, float]:
    files, _ = list_inputs([str(corpus)])
    n, t0 = 0, time.process_time()
    for f in files:
        for src in pages_of(f):
            decode_for_reading(src)
            n += 1
    return n, time.process_time() - t0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += _children(p)
    return out


def _rollup(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in kB; zeros when it is gone."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
    except OSError:
        pass
    return pss, rss


class TreeMemory(threading.Thread):
    """Samples the memory of a process and its descendants until stopped; keeps the peaks."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.stopped = pid, threading.Event()
        self.pss = self.rss = self.largest = 0

    def run(self) -> None:
        while not self.stopped.wait(0.1):
            got = [_rollup(p) for p in _tree(self.pid)]
            self.pss = max(self.pss, sum(g[0] for g in got))
            self.rss = max(self.rss, sum(g[1] for g in got))
            self.largest = max([self.largest] + [g[1] for g in got])


def _malloc(which: str) -> tuple[int | None, int | None]:
    """(mmap threshold, trim threshold) in bytes for a --malloc choice: the project's (scanner/batch.py), glibc's
    own (None, None), or MMAP_KB:TRIM_KB (TRIM_KB 0: glibc's)."""
    from scanner.batch import MMAP_FROM_BYTES, TRIM_FROM_BYTES

    if which == "project":
        return MMAP_FROM_BYTES, TRIM_FROM_BYTES
    if which == "default":
        return None, None
    mmap_kb, trim_kb = (int(v) for v in which.split(":"))
    return 1024 * mmap_kb, 1024 * trim_kb or None


def malloc_setting(which: str) -> str:
    """What the scan's workers do with glibc's thresholds, in words."""
    mmap, trim = _malloc(which)
    if mmap is None:
        return "glibc's own mmap and trim thresholds (dynamic)"
    return (f"mmap threshold {mmap // 1024} kB, trim threshold "
            f"{'glibc' if trim is None else str(trim // 1024) + ' kB'} ({which})")


@functools.cache
def compiled() -> None:
    """The toolkit's modules compiled to bytecode beside their sources, as an installed package has them: with
    PYTHONDONTWRITEBYTECODE set (or a fresh tree not yet run) every scan would compile them again, about 140 ms of
    CPU a process (2 ms a page of 60), and two trees compared would differ by whether one had been run before.
    py_compile writes whatever PYTHONDONTWRITEBYTECODE says; a module already compiled is left as it is."""
    import compileall

    root = Path(__file__).resolve().parents[1]
    for package in ("scanner", "benchmarks"):
        compileall.compile_dir(root / package, quiet=2)


def measure(paths: list[Path], jobs: int, malloc: str = "project") -> dict:
    """Scans `paths` into a fresh store in a fresh process; its CPU, wall time, peak memory and stage times.
    malloc: a --malloc choice (see _malloc)."""
    compiled()
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "benchmarks.speed", "--child", str(Path(tmp) / "s.db"), "--jobs", str(jobs),
               "--malloc", malloc, "--corpus", *map(str, paths)]
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, env=env, cwd=Path(__file__).resolve().parents[1])
        sampler = TreeMemory(proc.pid)
        sampler.start()
        assert proc.stdout is not None
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        sampler.stopped.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            raise SystemExit(f"scan failed ({proc.returncode}): {' '.join(cmd)}")
    got = json.loads(out)
    n = got["pages"]
    cpu = usage.ru_utime + usage.ru_stime
    stages = {k: 1000 * v / n for k, v in got["stages"].items()}
    total = sum(stages.values())
    return {"jobs": jobs, "pages": n, "cpu_ms_per_page": round(1000 * cpu / n, 1),
            "wall_ms_per_page": round(1000 * wall / n, 1),
            "stage_cpu_ms_per_page": {k: round(v, 2) for k, v in stages.items()},
            "stage_share": {k: round(v / total, 3) for k, v in stages.items()} if total else {},
            "peak_pss_mb": round(sampler.pss / 1024, 1), "peak_rss_sum_mb": round(sampler.rss / 1024, 1),
            "largest_process_mb": round(sampler.largest / 1024, 1), "malloc": malloc_setting(malloc)}


def _child(db: str, paths: list[str], jobs: int, malloc: str) -> None:
    from scanner import batch
    from scanner.batch import scan
    from scanner.store import Store
    from scanner.template import load_template

    # the workers are forked from this process: they see the module as set here
    batch.MMAP_FROM_BYTES, batch.TRIM_FROM_BYTES = _malloc(malloc)
    store = Store(Path(db))
    s = scan(store, load_template(), paths, jobs=jobs, progress=False)
    store.close()
    stages = dict(s.stage_seconds) | {"store": s.store_seconds}
    print(json.dumps({"pages": s.pages_new, "stages": stages}))


def _line(what: str, r: dict) -> str:
    shares = "  ".join(f"{k} {v} ms ({100 * r['stage_share'].get(k, 0):.0f}%)"
                       for k, v in r["stage_cpu_ms_per_page"].items())
    return (f"{what}, --jobs {r['jobs']}: {r['pages']} pages, CPU {r['cpu_ms_per_page']} ms/page "
            f"(wall {r['wall_ms_per_page']}); peak memory of the tree {r['peak_pss_mb']} MB PSS "
            f"({r['peak_rss_sum_mb']} MB RSS summed, largest process {r['largest_process_mb']} MB; workers: {r['malloc']})\n"
            f"    stages, CPU per page: {shares}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, nargs="+")
    ap.add_argument("--generate", type=int, metavar="SHEETS")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--jpeg", action="store_true", help="also the same pages as loose JPEG files")
    ap.add_argument("--stack-pages", default="", metavar="N,N", help="one PDF of N pages each, built from the corpus")
    ap.add_argument("--stack-jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=1, help="runs of each configuration, interleaved")
    ap.add_argument("--malloc", default="project", help="the workers' malloc thresholds: project (as the scanner "
                    "sets them), default (glibc's own), MMAP_KB:TRIM_KB; several, comma-separated, run interleaved")
    ap.add_argument("--json")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    a = ap.parse_args()
    jobs_list = [int(j) for j in a.jobs.split(",") if j]
    mallocs = [m for m in a.malloc.split(",") if m]
    if not mallocs or not all(m in ("project", "default") or re.fullmatch(r"\d+:\d+", m) for m in mallocs):
        raise SystemExit("--malloc takes project, default and/or MMAP_KB:TRIM_KB, comma-separated")
    if a.child:
        _child(a.child, a.corpus, jobs_list[0], a.malloc)
        return
    corpus = Path(a.corpus[0])
    if a.generate:
        from scanner.corpus.generate import generate
        from scanner.plan import load_plan
        from scanner.template import load_template

        generate(load_template(), load_plan(), a.generate, a.seed, corpus, stack_size=50,
                 profiles={"feeder": 1.0}, kind="pdf")
    n, dec = decode_only(corpus)
    result: dict = {"corpus": str(corpus), "pages": n, "decode_only_cpu_ms_per_page": round(1000 * dec / n, 2),
                    "runs": []}
    print(f"decode only (at the size the pipeline reads): {n} pages, {1000 * dec / n:.1f} ms/page CPU")
    with tempfile.TemporaryDirectory() as tmp:
        configs: list[tuple[str, list[Path]]] = [("stack PDFs", [corpus])]
        if a.jpeg:
            loose = Path(tmp) / "jpeg"
            write_loose_jpegs(corpus_jpegs(corpus), loose)  # each page once: a repeat would be a copy
            configs.append(("loose JPEG files", [loose]))
        for _ in range(a.repeat):
            for what, paths in configs:
                for jobs in jobs_list:
                    for malloc in mallocs:
                        r = measure(paths, jobs, malloc) | {"input": what}
                        result["runs"].append(r)
                        print(_line(what, r), flush=True)
        for pages in (int(p) for p in a.stack_pages.split(",") if p):
            one = Path(tmp) / f"stack{pages}.pdf"
            write_stack_pdf(corpus_jpegs(corpus, pages), one)
            for _ in range(a.repeat):
                for malloc in mallocs:
                    r = measure([one], a.stack_jobs, malloc) | {"input": f"one PDF of {pages} pages",
                                                                "pdf_mb": round(one.stat().st_size / 2**20, 1)}
                    result["runs"].append(r)
                    print(_line(f"one PDF of {pages} pages ({r['pdf_mb']} MB)", r), flush=True)
            one.unlink()
    if a.json:
        Path(a.json).write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
