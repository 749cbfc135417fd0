"""What a scan imports before its first page (issue 26: a short stack's cost is mostly start-up): a second scan
of the same form draws nothing (no PDF drawing library: the sides are kept, scanner/side_store.py), a JPEG page
loads neither Pillow nor HEIC's decoder, a plain PDF not pypdf, and no scan the online answers' package. Each
checked in a fresh process, as a user's scan runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from benchmarks.stack import corpus_jpegs, write_stack_pdf

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SCAN = """
import json, sys
from pathlib import Path
from scanner.batch import scan
from scanner.store import Store
from scanner.template import load_template
store = Store(Path(sys.argv[1]))
s = scan(store, load_template(), sys.argv[2:], jobs=1, progress=False)
store.close()
print(json.dumps({"pages": s.pages_new, "states": dict(s.states),
                  "modules": sorted({m.split('.')[0] for m in sys.modules}),
                  "scanner": sorted(m for m in sys.modules if m.startswith("scanner."))}))
"""


def _scan(tmp: Path, db: str, files: list[Path]) -> dict:
    env = dict(os.environ, OMP_THREAD_LIMIT="1", SURVEY_CACHE_DIR=str(tmp / "kept"))
    out = subprocess.run([sys.executable, "-c", SCAN, str(tmp / db), *map(str, files)], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True)
    got: dict = json.loads(out.stdout.splitlines()[-1])
    return got


def test_a_second_scan_of_the_form_draws_nothing_and_a_jpeg_loads_no_heic_decoder(tmp_path):
    page = tmp_path / "page.jpg"
    page.write_bytes(next(iter(corpus_jpegs(SAMPLES, 1))))
    first = _scan(tmp_path, "a.db", [page])
    assert "reportlab" in first["modules"]  # nothing kept yet: the sides are drawn
    assert any((tmp_path / "kept").iterdir())
    second = _scan(tmp_path, "b.db", [page])
    assert second["pages"] == first["pages"] == 1 and second["states"] == first["states"] == {"form": 1}
    assert "reportlab" not in second["modules"] and "pypdfium2" not in second["modules"]
    assert "pillow_heif" not in first["modules"] and "pillow_heif" not in second["modules"]
    assert "PIL" not in second["modules"]  # a JPEG's size is read from its header (ingest._probe)
    # a scanner's plain PDF is read without pypdf (scanner/pdf_plain.py): its import alone was ~0.1 s a scan
    pdf = tmp_path / "stack.pdf"
    write_stack_pdf([page.read_bytes()], pdf)
    third = _scan(tmp_path, "c.db", [pdf])
    assert third["pages"] == 1 and third["states"] == {"form": 1}
    assert "pypdf" not in third["modules"] and "reportlab" not in third["modules"]
    # nor the online answers' package (the store names their file's record from scanner/raw_file.py)
    assert not [m for m in first["scanner"] + third["scanner"] if m.startswith("scanner.online")]
