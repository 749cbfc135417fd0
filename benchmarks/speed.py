"""Speed benchmark: pages per second end to end (file in, records stored), per stage, against decode only.

    python -m benchmarks.speed --generate 100 --corpus /tmp/speed100     # make a 200 dpi scanner-PDF stack
    python -m benchmarks.speed --corpus /tmp/speed100 --jobs 1,2 [--json OUT] [--memory]

Decode-only is the cost of taking each page's image out of its file and
decoding it to grey pixels, nothing else, in one process. --memory also runs
the scan in a fresh single process on the first 100 pages and on the whole
stack and reports each one's peak memory, to show it stays flat as the stack grows.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scanner.batch import scan
from scanner.ingest import decode, list_inputs, pages_of
from scanner.store import Store
from scanner.template import load_template


def decode_only(corpus: Path) -> tuple[int, float]:
    files, _ = list_inputs([str(corpus)])
    n, t0 = 0, time.perf_counter()
    for f in files:
        for src in pages_of(f):
            decode(src)
            n += 1
    return n, time.perf_counter() - t0


def end_to_end(corpus: Path, jobs: int) -> dict:
    template = load_template()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "speed.db")
        s = scan(store, template, [str(corpus)], jobs=jobs, progress=False)
        store.close()
    n = s.pages_new
    return {"jobs": jobs, "pages": n, "seconds": round(s.seconds, 3), "pages_per_s": round(n / s.seconds, 2),
            "ms_per_page_wall": round(1000 * s.seconds / n, 2),
            "stage_ms_per_page": {k: round(1000 * v / n, 2) for k, v in sorted(s.stage_seconds.items())}
            | {"store": round(1000 * s.store_seconds / n, 2)}}


def peak_memory(corpus: Path, limit: int | None, jobs: int) -> dict:
    """Scans (the first `limit` pages of) the corpus in a fresh process; returns its pages and peak RSS."""
    with tempfile.TemporaryDirectory() as tmp:
        src = corpus
        if limit:
            src = Path(tmp) / "part"
            src.mkdir()
            from pypdf import PdfReader, PdfWriter

            taken = 0
            for f in sorted(corpus.glob("*.pdf")):
                n = len(PdfReader(str(f)).pages)
                if taken + n <= limit:
                    shutil.copy(f, src / f.name)
                else:
                    w = PdfWriter()
                    w.append(str(f), pages=(0, limit - taken))
                    with open(src / f.name, "wb") as out:
                        w.write(out)
                    n = limit - taken
                taken += n
                if taken >= limit:
                    break
        # VmHWM belongs to the new process image, unlike ru_maxrss, which a child inherits across fork and exec.
        code = ("import sys; from scanner.cli import main; "
                f"rc = main(['scan', {str(src)!r}, '--db', {str(Path(tmp) / 'm.db')!r}, '--quiet', '--jobs', '{jobs}']); "
                "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]; "
                "print(hwm, file=sys.stderr)")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        peak = int(out.stderr.strip().splitlines()[-1])
        pages = sum(1 for f in src.glob("*.pdf") for _ in pages_of(f))
    return {"pages": pages, "jobs": jobs, "peak_rss_mb": round(peak / 1024, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--generate", type=int, metavar="SHEETS")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--memory", action="store_true")
    ap.add_argument("--json")
    a = ap.parse_args()
    corpus = Path(a.corpus)
    if a.generate:
        from scanner.corpus.generate import generate
        from scanner.plan import load_plan

        generate(load_template(), load_plan(), a.generate, a.seed, corpus, stack_size=50,
                 profiles={"feeder": 1.0}, kind="pdf")
    n, dec = decode_only(corpus)
    result = {"corpus": str(corpus), "pages": n, "decode_only_ms_per_page": round(1000 * dec / n, 2), "runs": []}
    print(f"decode only: {n} pages, {1000 * dec / n:.1f} ms/page ({n / dec:.1f} pages/s, one process)")
    for jobs in (int(j) for j in a.jobs.split(",") if j):
        r = end_to_end(corpus, jobs)
        # wall: end-to-end time per page (file in, records stored) over decode-only time per page;
        # cpu: the same with the wall time multiplied by the worker count, the stricter reading.
        r["wall_vs_decode"] = round(r["ms_per_page_wall"] / result["decode_only_ms_per_page"], 2)
        r["cpu_vs_decode"] = round(r["ms_per_page_wall"] * jobs / result["decode_only_ms_per_page"], 2)
        result["runs"].append(r)
        stages = "  ".join(f"{k} {v}" for k, v in r["stage_ms_per_page"].items())
        print(f"jobs {jobs}: {r['pages_per_s']} pages/s, {r['ms_per_page_wall']} ms/page wall = "
              f"{r['wall_vs_decode']}x decode-only ({r['cpu_vs_decode']}x counting every worker's time); "
              f"stages (ms/page, summed over workers): {stages}")
    if a.memory:
        # One process does everything with --jobs 1, so its peak is the whole pipeline's.
        result["memory"] = [peak_memory(corpus, 100, 1), peak_memory(corpus, None, 1)]
        for m in result["memory"]:
            print(f"peak memory, {m['pages']} pages, one process: {m['peak_rss_mb']} MB")
    result["peak_rss_mb_self"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    if a.json:
        Path(a.json).write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
