"""The office's own computer, as Windows has it: the wheel alone, no poppler, Tesseract or browser, workers spawned.

The wheel is built from this tree, installed in a fresh venv (no system site
packages), and `survey demo` runs with a PATH holding only that venv's
programs, the pool forced to spawn, in a folder named with spaces and
Vietnamese letters. Its records must equal the full set-up's (this venv,
poppler and Tesseract present, fork) on the same samples.
"""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from scanner.cli import main

pytestmark = pytest.mark.slow

INSTALL_S = 900  # the dependencies come from pip's cache or the configured index
DEMO_S = 900
SOURCES = ("scanner", "templates", "samples", "pyproject.toml", "setup.py", "README.md", "cli.py")


def fonts_of(pdf: Path) -> dict[str, bool]:
    """Each font the first pages name, and whether the file carries it (a TrueType font program)."""
    import pypdf

    found = {}
    for page in pypdf.PdfReader(pdf).pages[:3]:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            found[str(font["/BaseFont"]).split("+")[-1]] = bool(descriptor and "/FontFile2" in descriptor.get_object())
    return found


def records(path: Path) -> list[dict]:
    """The records, each source file named without its folder (the two runs read the samples from two places)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        for s in r.get("sources") or []:
            s["file"] = Path(s["file"]).name
        out.append(r)
    return out


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the tree (a build writes build/ beside its sources)."""
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        p = ROOT / name
        if p.is_dir():
            shutil.copytree(p, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(p, src / name)
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-q", "-w", str(dist)], check=True,
                   capture_output=True, timeout=INSTALL_S)
    (whl,) = dist.glob("survey_scanner-*.whl")
    return whl


def test_the_wheel_carries_fonts_templates_samples_and_the_review_page(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for must in ("scanner/fontfiles/LiberationSerif-Regular.ttf", "scanner/fontfiles/LICENSE-Liberation.txt",
                 "scanner/fontfiles/DejaVuSansMono.ttf", "scanner/review/page.html",
                 "scanner/bundled/templates/ballot_layout.json", "scanner/bundled/templates/survey_plan.json",
                 "scanner/bundled/samples/stack001_feeder.pdf", "scanner/bundled/samples/online_responses.csv"):
        assert must in names
    entry = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "survey = scanner.cli:entry" in entry


def test_survey_demo_from_the_wheel_alone_gives_the_full_set_ups_records(wheel, tmp_path, capsys):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=INSTALL_S)
    bin_ = venv / ("Scripts" if os.name == "nt" else "bin")
    # --no-compile: pip leaves writing the dependencies' bytecode to Python, which writes it for what the demo
    # imports (pip compiling every module of numpy, OpenCV, pandas… was 13.5 of the install's 33 CPU s, issue 26);
    # what is installed, and from where, is the same
    subprocess.run([str(bin_ / "python"), "-m", "pip", "install", "-q", "--no-compile", str(wheel)], check=True,
                   capture_output=True, timeout=INSTALL_S)
    bare = {"PATH": str(bin_), "HOME": str(tmp_path / "home"), "MPLCONFIGDIR": str(tmp_path / "mpl"),
            "SURVEY_START_METHOD": "spawn", "OMP_THREAD_LIMIT": "1", "LANG": "C.UTF-8"}
    for program in ("pdftoppm", "tesseract", "chromium", "chromium-browser", "google-chrome"):
        assert shutil.which(program, path=bare["PATH"]) is None
    folder = tmp_path / "Khảo sát phiếu"
    folder.mkdir()
    where = subprocess.run([str(bin_ / "python"), "-c", "import scanner; print(scanner.__file__)"], cwd=folder,
                           env=bare, capture_output=True, text=True, check=True).stdout
    assert Path(where.strip()).is_relative_to(venv)  # the installed copy, not this tree
    helped = subprocess.run([str(bin_ / "survey"), "--help"], cwd=folder, env=bare, capture_output=True, text=True)
    assert helped.returncode == 0 and "demo" in helped.stdout

    run = subprocess.run([str(bin_ / "survey"), "demo", "--jobs", "2"], cwd=folder, env=bare, capture_output=True,
                         text=True, timeout=DEMO_S)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    notes = [ln for ln in run.stderr.splitlines() if "Tesseract" in ln]
    assert len(notes) == 1 and "handwriting" in notes[0]  # one line naming what is lost and how to add it
    out = folder / "out"
    for name in ("forms.pdf", "tally.xlsx", "report.docx", "report.pdf", "records.jsonl"):
        assert (out / name).stat().st_size > 0

    import pypdf

    report = pypdf.PdfReader(out / "report.pdf")
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in report.pages)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "III. KẾT QUẢ KHẢO SÁT" in text
    assert round(float(report.pages[0].mediabox.width)) == 595  # A4
    for pdf in (out / "forms.pdf", out / "report.pdf"):  # only the toolkit's own fonts, carried in the file
        fonts = fonts_of(pdf)
        assert fonts and all(fonts.values()), (pdf, fonts)
        assert {name.split("-")[0] for name in fonts} <= {"LiberationSerif", "DejaVuSansMono"}

    # the full set-up's records (here: poppler, Tesseract, fork): the demo's own steps that make them, the scan, the
    # online import and the export, with the demo's arguments; its other steps (forms, status, validate, tally, the
    # report) read the store and write other files, and leave the records as they are (the whole demo here was 26
    # CPU s of this test, these three steps 6; their records.jsonl and the whole demo's compared equal, issue 26)
    from scanner.bundled import bundled
    from scanner.commands.demo import steps

    full = tmp_path / "full set-up"
    full.mkdir()
    made = [argv for argv, _ in steps(full, bundled("samples"), 2) if argv[0] in ("scan", "import-online", "export")]
    assert [argv[0] for argv in made] == ["scan", "import-online", "export"]
    for argv in made:
        assert main(argv) == 0, argv
    capsys.readouterr()
    mine = records(out / "records.jsonl")
    assert len(mine) == 80 and mine == records(full / "records.jsonl")
