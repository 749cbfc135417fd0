"""Skip logic's cost: checking records against a form's conditions, and recognising choice rules.

    python -m benchmarks.logic [--records 20000] [--questions 60]

Why: every record, paper and online, is checked in form order each time
records are derived (collate, online import, tally, report), so the check
must stay small beside reading a page; and `build` evaluates a
select_multiple's constraint over sets of its choices, which grows with the
list (probed, past ALL_SUBSETS_UP_TO choices).
"""

from __future__ import annotations

import argparse
import random
import time

from scanner.logic.apply import check_record
from scanner.logic.choices import classify_constraint
from scanner.template import Option, Question, Rect, Template

BOX = Rect(0, 0, 5, 5)


def synthetic(n: int) -> Template:
    """A form of n single-choice questions, every second one asked only after an answer to the one before."""
    qs = []
    for i in range(n):
        rel = f"${{q{i - 1}}} = '1' or selected(${{q{i - 1}}}, '2')" if i % 2 else ""
        cons = ". != '4'" if i % 5 == 0 else ""
        qs.append(Question(f"q{i}", "single", 1, f"Q{i}", f"Q{i}", options=tuple(Option(str(k), str(k), BOX)
                                                                                  for k in range(1, 5)),
                           max_choices=1, number=str(i + 1), relevant=rel, constraint=cons))
    return Template("B", "1", "B", "", (210, 297), 2, "DICT_4X4_50", (), BOX, BOX, 8, (), tuple(qs))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=20000)
    ap.add_argument("--questions", type=int, default=60)
    args = ap.parse_args()
    t = synthetic(args.questions)
    rng = random.Random(1)
    records = [{q.id: [str(rng.randint(1, 4))] if rng.random() < 0.8 else [] for q in t.questions}
               for _ in range(args.records)]
    t0 = time.perf_counter()
    skipped = problems = 0
    for a in records:
        c = check_record(t, a)
        skipped += len(c.skipped)
        problems += len(c.problems)
    dt = time.perf_counter() - t0
    print(f"check_record: {args.records} records x {args.questions} questions in {dt:.2f} s "
          f"({1e6 * dt / args.records:.0f} µs per record); {skipped} skipped, {problems} to review")
    for n in (5, 10, 16, 30):
        ids = [str(k) for k in range(1, n)] + ["99"]
        t0 = time.perf_counter()
        rule = classify_constraint("not(selected(., '99')) or count-selected(.) = 1", ids)
        print(f"classify_constraint, {n} choices: {1e3 * (time.perf_counter() - t0):.1f} ms -> {rule}")


if __name__ == "__main__":
    main()
