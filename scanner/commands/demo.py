"""`survey demo`: the office's whole job on the bundled samples, what `./run demo` does, in Python on any system.

Each step is the CLI's own command (the same code a user runs by hand), so
the demo shows the commands and proves them; it needs only what pip installs.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..bundled import bundled
from ..errors import ExitCode, SurveyError
from . import command

WRITTEN = ("forms.pdf", "survey.db", "survey.db-wal", "survey.db-shm", "survey.db.errors.log", "validation.csv",
           "tally.xlsx", "records.jsonl", "report.docx", "report.html", "report.pdf")


def steps(out: Path, samples: Path, jobs: int | None) -> list[tuple[list[str], bool]]:
    """(arguments, whether a non-zero exit is expected) for each step, in order."""
    from ..ingest import SUFFIXES

    db = ["--db", str(out / "survey.db")]
    # the scans alone: the folder's answers and truths would each print a "skipped" line that looks like a fault
    stacks = [str(p) for p in sorted(samples.iterdir()) if p.suffix.lower() in SUFFIXES]
    scan = ["scan", *stacks, *db, "--received", "2023-11-16", "--operator", "demo"]
    if jobs is not None:
        scan += ["--jobs", str(jobs)]
    return [
        (["template", "check"], False),
        (["forms", "--out", str(out / "forms.pdf")], False),
        (scan, False),
        (["import-online", str(samples / "online_responses.csv"), *db], False),
        (["status", *db], False),
        (["validate", *db, "--out", str(out / "validation.csv")], True),
        (["tally", *db, "--out", str(out / "tally.xlsx")], False),
        (["export", *db, "--format", "jsonl", "--out", str(out / "records.jsonl")], False),
        (["report", *db, "--out", str(out / "report.docx"), "--pdf"], False),
    ]


@command("demo")
def cmd_demo(args: argparse.Namespace) -> int:
    from ..cli import main

    out = Path(args.out)
    samples = bundled("samples")
    if not (samples / "online_responses.csv").exists():
        raise SurveyError(f"{samples}: không thấy bộ mẫu / the bundled samples are missing; reinstall the toolkit")
    out.mkdir(parents=True, exist_ok=True)
    for name in WRITTEN:  # a fresh run, as ./run demo's fresh out/; nothing else in the folder is touched
        try:
            (out / name).unlink(missing_ok=True)
        except OSError as e:  # Windows will not delete a file another program holds open
            raise SurveyError(f"{out / name}: không xoá được tệp cũ ({e.strerror}); hãy đóng chương trình đang mở nó "
                              f"(Word, Excel, trang duyệt) rồi chạy lại / cannot replace it ({e.strerror}): close the "
                              "program holding it open (Word, Excel, the review page) and run the command again"
                              ) from None
    common = ["--template", args.template, "--plan", args.plan]
    for argv, may_fail in steps(out, samples, args.jobs):
        print(f"\n== survey {' '.join(argv)}", flush=True)
        code = main(common + argv)
        if code and may_fail:
            print("(validate: bộ mẫu chỉ là một phần nhỏ của kế hoạch nên các đơn vị còn thiếu phiếu / the samples "
                  "are a small part of the plan, so units are short)")
        elif code:
            return code
    print(f"\nXong / done: xem / see {out / 'report.docx'}, {out / 'report.pdf'}, {out / 'tally.xlsx'}, "
          f"{out / 'records.jsonl'}")
    return int(ExitCode.ok)
