"""Tally speed: CPU seconds of `tally()` on the bundled online answers copied across every unit of the plan.

    python -m benchmarks.tally_speed --copies 20        # 60 answers x 20 copies, spread over the plan's units

Its cost should grow with the records, not with units x questions x options (issue 26).
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from pathlib import Path

from scanner.bundled import bundled
from scanner.cli import main as cli_main
from scanner.collate import all_records
from scanner.plan import load_plan
from scanner.store import Store
from scanner.tally import tally
from scanner.template import load_template


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    template, plan = load_template(), load_plan()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "t.db"
        assert cli_main(["import-online", str(bundled("samples/online_responses.csv")), "--db", str(db)]) == 0
        base = all_records(Store(db), template, plan)
    units = [u.code for u in plan.units]
    records = [dataclasses.replace(r, record_id=f"{r.record_id}#{c}", unit=units[(i + c) % len(units)])
               for c in range(args.copies) for i, r in enumerate(base)]
    times = []
    for _ in range(args.repeat):
        t0 = time.process_time()
        t = tally(template, plan, records)
        times.append(time.process_time() - t0)
    print(f"{len(records)} records, {len(units)} units, {len(template.choice_questions())} choice questions, "
          f"{len(t.counts)} count rows: tally CPU s min {min(times):.2f} median {sorted(times)[len(times) // 2]:.2f}")


if __name__ == "__main__":
    main()
