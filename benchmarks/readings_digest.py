"""Everything `read_page` says about every page of a corpus, as one digest: a speed change to the reading
must leave it byte-identical, so a before/after pair of runs proves the change altered no reading.

    python -m benchmarks.readings_digest /tmp/corpus [more ...] [--out pages.jsonl] [--profile N]

Each page's result (state, reason, message, side, code, quality, readings with their exact floats, stray ink,
every question's verdict, the fingerprint, the handwriting crops, the homography) is written as one JSON line
with floats in `repr` form; timings are left out, as they differ on every run. `--profile N` prints the
N costliest functions (cProfile, cumulative) of the same single-process run.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import enum
import hashlib
import json
import pstats
import time
from pathlib import Path
from typing import Any

from scanner.cv_threads import read_in_one_thread
from scanner.ingest import list_inputs, pages_of
from scanner.pipeline import read_page
from scanner.template import load_template


def _plain(v: Any) -> Any:
    """A value as JSON-able data that keeps every bit: floats by repr, bytes by their hash."""
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {f.name: _plain(getattr(v, f.name)) for f in dataclasses.fields(v) if f.name != "timings"}
    if isinstance(v, enum.Enum):
        return str(v.value)
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in sorted(v.items(), key=lambda kv: str(kv[0]))}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, (bytes, bytearray)):
        return "sha256:" + hashlib.sha256(v).hexdigest()
    if isinstance(v, float):
        return repr(v)
    if hasattr(v, "item") and not isinstance(v, (str, int)):  # a numpy scalar
        return _plain(v.item())
    return v


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("--out")
    ap.add_argument("--profile", type=int, default=0)
    a = ap.parse_args()
    template = load_template()
    files, _ = list_inputs(a.corpus)
    lines, marks, n = [], 0.0, 0
    prof = cProfile.Profile() if a.profile else None
    read_in_one_thread()  # as a scan reads (batch.scan): a tree before cv_threads.py read with OpenCV's pool
    t0 = time.process_time()
    if prof:
        prof.enable()
    for f in files:
        for src in pages_of(f):
            res = read_page(src, template)
            marks += res.timings.get("marks", 0.0)
            n += 1
            lines.append(json.dumps(_plain(res) | {"file": Path(res.file).name}, ensure_ascii=False, sort_keys=True))
    if prof:
        prof.disable()
    cpu = time.process_time() - t0
    text = "\n".join(lines) + "\n"
    if a.out:
        Path(a.out).write_text(text, encoding="utf-8")
    print(f"{n} pages; digest {hashlib.sha256(text.encode()).hexdigest()}; "
          f"CPU {1000 * cpu / n:.1f} ms/page, marks stage {1000 * marks / n:.2f} ms/page")
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(a.profile)


if __name__ == "__main__":
    main()
