"""A command's fixed costs: what every run pays before its first page, whatever the stack.

`survey --help` and a mistyped argument import none of the library (numpy, OpenCV, the store); the scan
command imports none of what only the other commands use (the report's PDF and DOCX writers, the
spreadsheets, the browser); a scan's cycle collections never walk the objects that were there before it
(the modules: a full pass over them after every PDF cost 25-50 ms); a worker reads with the one parse of the
template the per-side caches start from."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

from benchmarks.stack import corpus_jpegs, write_stack_pdf
from scanner import batch
from scanner.batch import scan
from scanner.store import Store
from scanner.template import template_at

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
LIBRARY = ("numpy", "cv2", "PIL", "sqlite3", "pypdf", "reportlab", "scanner.store", "scanner.pipeline",
           "scanner.template", "scanner.plan", "scanner.commands")
NOT_SCANNING = ("matplotlib", "pandas", "reportlab", "pyxform", "docx", "playwright", "openpyxl", "xlsxwriter",
                "scanner.report", "scanner.layout", "scanner.questionnaire")


def _modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after `code` (run in the repository, as cli.py is)."""
    probe = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_help_and_a_wrong_argument_import_none_of_the_library():
    code = ("from scanner.cli import main\n"
            "for argv in (['--help'], ['scan', '--help'], ['scan', '--jobs', 'two', 'x.pdf']):\n"
            "    try:\n"
            "        main(argv)\n"
            "    except SystemExit:\n"
            "        pass")
    loaded = _modules_after(code)
    assert "argparse" in loaded and "scanner.cli" in loaded  # the probe did run the parser
    assert sorted(m for m in LIBRARY if m in loaded) == []


def test_the_scan_command_imports_nothing_only_other_commands_use():
    loaded = _modules_after("import argparse\nfrom scanner.cli import resolve\n"
                            "resolve(argparse.Namespace(command='scan'))")
    assert "scanner.commands.paper" in loaded
    assert sorted(m for m in NOT_SCANNING if m in loaded) == []


def test_a_scan_collects_without_walking_what_was_there_before(template, tmp_path):
    pdf = tmp_path / "stack.pdf"
    write_stack_pdf(corpus_jpegs(SAMPLES, 2), pdf)
    frozen_at_full_passes: list[int] = []

    def seen(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            frozen_at_full_passes.append(gc.get_freeze_count())

    store = Store(tmp_path / "s.db")
    gc.callbacks.append(seen)
    try:
        s = scan(store, template, [str(pdf)], jobs=1, progress=False)
    finally:
        gc.callbacks.remove(seen)
        store.close()
    assert s.pages_new == 2
    assert frozen_at_full_passes  # the collection after the PDF (ingest_pdf) did run
    assert min(frozen_at_full_passes) > 10_000  # ... over the objects made since the scan began only
    assert gc.get_freeze_count() == 0  # and everything is the collector's again afterwards


def test_a_worker_reads_with_the_parse_the_side_caches_start_from(template):
    batch._init_worker(template.source)
    try:
        assert batch._worker_template is template_at(template.source)
    finally:
        batch._worker_template = None
