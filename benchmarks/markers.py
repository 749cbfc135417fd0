"""Registration-mark dictionaries compared on the same scans: detection time, marks found, ids misread.

    python -m benchmarks.markers --generate 12 --corpus /tmp/markers12     # a small mixed-profile corpus
    python -m benchmarks.markers --corpus /tmp/markers12 [--json OUT]

Why: a booklet past 12 pages needs more marker ids than DICT_4X4_50 holds. The
larger 4x4 dictionaries begin with the same 50 markers, so the very pages
printed with DICT_4X4_50 are read with each of them: what changes is only the
cost of matching against more codes and the chance that damage turns one
mark into another valid id (DICT_4X4_1000 corrects no bit at all).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from scanner.align import find_markers
from scanner.decode import decode_for_reading
from scanner.ingest import list_inputs, pages_of
from scanner.template import load_template

DICTIONARIES = ("DICT_4X4_50", "DICT_4X4_250", "DICT_4X4_1000")


def compare(corpus: Path, template_path: str | None = None) -> dict:
    template = load_template(template_path) if template_path else load_template()
    printed = {f.marker_id for f in template.fiducials}
    files, _ = list_inputs([str(corpus)])
    grays = [decode_for_reading(src)[0] for f in files for src in pages_of(f)]
    out: dict = {"pages": len(grays)}
    for name in DICTIONARIES:
        find_markers(grays[0], name)  # the detector is built once, outside the timing
        found = foreign = 0
        t0 = time.perf_counter()
        for g in grays:
            ids = set(find_markers(g, name))
            found += len(ids & printed)
            foreign += len(ids - printed)
        out[name] = {"ms_per_page": round(1000 * (time.perf_counter() - t0) / len(grays), 2),
                     "marks_found": found, "ids_not_printed": foreign}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--template")
    ap.add_argument("--generate", type=int, help="first write a corpus of this many sheets (mixed profiles)")
    ap.add_argument("--json")
    a = ap.parse_args()
    if a.generate:
        from scanner.corpus.generate import generate
        from scanner.plan import load_plan

        t = load_template(a.template) if a.template else load_template()
        generate(t, load_plan(), a.generate, 7, a.corpus, stack_size=4)
    res = compare(Path(a.corpus), a.template)
    print(json.dumps(res, indent=1))
    if a.json:
        Path(a.json).write_text(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
