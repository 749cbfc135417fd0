"""`build` on every real form with two checkouts: CPU seconds each, and whether the outputs are the same bytes.

    python -m benchmarks.build_compare --base DIR [--forms DIR] [--extra FILE ...] [--only NAME ...] [--out DIR]

DIR is another checkout of the project (made for instance with `git worktree add /tmp/base main`, or
`git archive main | tar -x -C /tmp/base`); this one is the checkout the module is run from. Each form
(default: tests/data/xlsforms, plus any --extra file) is built by each checkout's own `cli.py build`, in a
child process, one after the other; the child's user + system CPU seconds are measured (the process only: a
figure that a busy machine disturbs less than wall time). The template JSON and what `build` printed (with the
output folder's name taken out) are compared byte for byte: a change meant to make `build` faster and nothing
else must print "same" on every form.

It prints one row a form, slowest first, and a last line counting the forms whose outputs differ.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FORMS = ROOT / "tests" / "data" / "xlsforms"


def build(checkout: Path, form: Path, out: Path) -> tuple[float, bytes, bytes]:
    """(CPU seconds, template bytes, what it printed) of one `build` by the checkout's own cli.py."""
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{form.stem}.json"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "cli.py", "build", str(form), "--out", str(target)], cwd=checkout,
                          capture_output=True, env=os.environ | {"OMP_THREAD_LIMIT": "1"})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    said = (b"rc %d\n" % done.returncode + done.stdout + b"\n--\n" + done.stderr).replace(str(out).encode(), b"OUT")
    return cpu, target.read_bytes() if target.is_file() else b"", said


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", type=Path, required=True, help="the other checkout (its cli.py builds)")
    ap.add_argument("--forms", type=Path, default=DEFAULT_FORMS)
    ap.add_argument("--extra", type=Path, nargs="*", default=[], help="more forms, outside the folder")
    ap.add_argument("--only", nargs="*", default=[], help="form names (file stems) to build, the rest left out")
    ap.add_argument("--out", type=Path, default=Path("/tmp/build_compare"))
    args = ap.parse_args(argv)
    forms = sorted(p for p in args.forms.iterdir() if p.suffix in (".xlsx", ".xls", ".csv")) + list(args.extra)
    forms = [f for f in forms if not args.only or f.stem in args.only]
    rows = []
    for form in forms:
        base = build(args.base.resolve(), form, args.out / "base")
        this = build(ROOT, form, args.out / "this")
        rows.append((form.stem, base[0], this[0], base[1] == this[1], base[2] == this[2]))
        print(f"  {form.stem}: {base[0]:.2f} → {this[0]:.2f} CPU s", file=sys.stderr, flush=True)
    rows.sort(key=lambda r: -r[1])
    print(f"{'form':<48} {'base CPU s':>10} {'this CPU s':>10}  template  printed")
    for name, b, t, same_json, same_said in rows:
        print(f"{name:<48} {b:>10.2f} {t:>10.2f}  {'same' if same_json else 'DIFFERS':<8}  "
              f"{'same' if same_said else 'DIFFERS'}")
    differ = sum(1 for r in rows if not (r[3] and r[4]))
    print(f"{len(rows)} forms; {differ} with outputs that differ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
