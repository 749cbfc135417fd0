"""Side by side with OMRChecker: CPU per page and accuracy, both tools on the same generated pages in one run.

    pip install -e '.[omrchecker]'         # OMRChecker's own dependencies, not part of the toolkit
    python -m benchmarks.omrchecker --omrchecker ~/OMRChecker --generate 140 --seed 3 --work /tmp/omr140 --repeat 3

Without `--omrchecker` (or with a folder that holds no OMRChecker) the benchmark says so and stops.

The pages are a generated feeder corpus (200 dpi, skewed, shifted, some upside down), its form pages only:
OMRChecker reads one template per folder, so its input is those pages sorted into a folder per side, the
sorting taken from the corpus's truth (a user of OMRChecker would sort them by hand). Its template is
built from `survey template boxes`: each checkbox a one-bubble field at the box's place (its inside, clear
of the printed outline; a form's boxes are not evenly spaced, so they cannot share a field, and OMRChecker then
judges each against the page's global threshold), the page aligned by OMRChecker's feature-based alignment
(affine, as a flat scan needs) against the blank printed side; it writes no marked-up images
(`save_detections` off), as this project writes none. This project reads the very same
pages as one scanner PDF and as a folder of loose JPEG files, sides in scanning order.

Each configuration runs in a fresh process, the three interleaved, `--repeat` times; its cost is the CPU
time (user + system) of the process and its children over the pages, which other load on the machine
inflates far less than wall time. Start-up is included for both, each from its modules' compiled bytecode
(compiled first if need be, as an installed package is; speed.compiled). Accuracy counts choice questions: right
when the options read are the truth's; this project's own figures also say what went to review (a person
looks) apart from silent errors (accepted and wrong), where OMRChecker, having no review, is right or wrong.
"""

from __future__ import annotations

import argparse
import compileall
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import cv2

from benchmarks.accuracy import evaluate, load_truth
from benchmarks.speed import TreeMemory, measure
from benchmarks.stack import write_stack_pdf
from scanner.ingest import pages_of
from scanner.kinds import CHOICE_KINDS
from scanner.template import DEFAULT_TEMPLATE, Template, load_template

ROOT = Path(__file__).resolve().parents[1]
OMR_DEPS = ["deepmerge", "dotmap", "jsonschema", "rich", "screeninfo"]
# screeninfo finds no monitor on a machine without a display, and OMRChecker asks for one on import
LAUNCHER = ("import runpy, sys, screeninfo\n"
            "screeninfo.get_monitors = lambda: [screeninfo.Monitor(x=0, y=0, width=1920, height=1080)]\n"
            "sys.argv = ['main.py'] + sys.argv[1:]\n"
            "runpy.run_path('main.py', run_name='__main__')\n")


def template_boxes(template_path: str) -> list[dict]:
    """The template's boxes as `survey template boxes --format json` prints them."""
    out = subprocess.run([sys.executable, str(ROOT / "cli.py"), "--template", template_path, "template", "boxes",
                          "--format", "json"], check=True, capture_output=True, text=True, cwd=ROOT)
    boxes: list[dict] = json.loads(out.stdout)
    return boxes


def omr_template(boxes: list[dict], page: int, page_mm: tuple[float, float], px_per_mm: float, inset_mm: float) -> dict:
    """OMRChecker's template.json for one side: a one-bubble field per checkbox, named b<row of the box list>,
    the bubble the box's inside (`inset_mm` in from its printed outline, which would dilute a tick's ink)."""
    k = px_per_mm
    blocks = {}
    for i, b in enumerate(boxes):
        if b["page"] != page or b["kind"] != "checkbox":
            continue
        blocks[f"b{i}"] = {"origin": [round((b["x_mm"] + inset_mm) * k), round((b["y_mm"] + inset_mm) * k)],
                           "bubbleDimensions": [round((b["w_mm"] - 2 * inset_mm) * k),
                                                round((b["h_mm"] - 2 * inset_mm) * k)],
                           "bubblesGap": 0, "labelsGap": 0, "direction": "horizontal",
                           "fieldLabels": [f"b{i}"], "bubbleValues": ["x"]}
    return {"pageDimensions": [round(page_mm[0] * k), round(page_mm[1] * k)],
            "bubbleDimensions": [round(5 * k), round(5 * k)], "fieldBlocks": blocks,
            "preProcessors": [{"name": "FeatureBasedAlignment", "options": {"reference": "reference.png", "2d": True}}]}


def prepare(corpus: Path, work: Path, template: Template, template_path: str, px_per_mm: float,
            inset_mm: float) -> dict:
    """The corpus's form pages three ways: one PDF, loose JPEGs (each with its truth) and OMRChecker's folders."""
    from scanner.forms import SheetSpec
    from scanner.reference import printed_pages

    pages, _ = load_truth(corpus)
    boxes = template_boxes(template_path)
    # a side with no checkbox (a last side of writing areas only) is nothing OMRChecker reads, and it stops on
    # a template without fields: such pages are left out of all three configurations alike
    read = {b["page"] for b in boxes if b["kind"] == "checkbox"}
    truth_lines = [json.loads(x) for x in (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    sheet_lines = [x for x in truth_lines if x["type"] != "page"]
    form: list[tuple[bytes, dict]] = []
    for f in sorted({name for name, _ in pages}):
        for src in pages_of(corpus / f):
            tp = pages.get((f, src.index))
            if (tp is not None and tp["kind"] == "form" and tp["duplicate_of"] is None and src.data is not None
                    and tp["side"] in read):
                form.append((src.data, tp))
    pdf_dir, jpeg_dir, omr_in = work / "pdf", work / "jpeg", work / "omr_in"
    for d in (pdf_dir, jpeg_dir, omr_in):
        d.mkdir(parents=True)
    write_stack_pdf((data for data, _ in form), pdf_dir / "stack.pdf")
    pdf_truth, jpeg_truth = [], []
    where: dict[str, dict] = {}  # OMRChecker's file name -> the page's truth
    for n, (data, tp) in enumerate(form, 1):
        name = f"p{n:05d}.jpg"
        (jpeg_dir / name).write_bytes(data)
        side = omr_in / f"page{tp['side']}"
        side.mkdir(exist_ok=True)
        (side / name).write_bytes(data)
        pdf_truth.append(tp | {"file": "stack.pdf", "page_index": n - 1})
        jpeg_truth.append(tp | {"file": name, "page_index": 0})
        where[name] = tp
    for d, lines in ((pdf_dir, pdf_truth), (jpeg_dir, jpeg_truth)):
        with open(d / "truth.jsonl", "w", encoding="utf-8") as out:
            for x in lines + sheet_lines:
                out.write(json.dumps(x, ensure_ascii=False, sort_keys=True) + "\n")
    dpi = int(round(px_per_mm * 25.4))
    blank = printed_pages(template, SheetSpec(None, 0), dpi, with_code=False)
    config = {"dimensions": {"processing_width": round(template.page_size[0] * px_per_mm),
                             "processing_height": round(template.page_size[1] * px_per_mm)},
              "outputs": {"show_image_level": 0, "save_image_level": 0, "save_detections": False}}
    for side in sorted(omr_in.iterdir()):
        page = int(side.name.removeprefix("page"))
        cv2.imwrite(str(side / "reference.png"), blank[page - 1])
        (side / "template.json").write_text(json.dumps(omr_template(boxes, page, template.page_size, px_per_mm, inset_mm)))
        (side / "config.json").write_text(json.dumps(config))
    return {"pages": len(form), "pdf": pdf_dir, "jpeg": jpeg_dir, "omr_in": omr_in, "boxes": boxes, "where": where}


def measure_omrchecker(omr_dir: Path, omr_in: Path, out: Path, pages: int) -> dict:
    """One OMRChecker run over its folders in a fresh process: CPU per page and peak memory of the tree."""
    log = out.with_suffix(".log")
    t0 = time.perf_counter()
    with open(log, "w") as lf:
        proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, "-i", str(omr_in), "-o", str(out)], cwd=omr_dir,
                                stdout=lf, stderr=subprocess.STDOUT, env=dict(os.environ, OMP_THREAD_LIMIT="1"))
        sampler = TreeMemory(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    sampler.stopped.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"OMRChecker failed; its output: {log}")
    cpu = usage.ru_utime + usage.ru_stime
    return {"pages": pages, "cpu_ms_per_page": round(1000 * cpu / pages, 1),
            "wall_ms_per_page": round(1000 * wall / pages, 1), "largest_process_mb": round(sampler.largest / 1024, 1)}


def omrchecker_answers(out: Path) -> dict[str, set[int]]:
    """File name -> the rows of the box list OMRChecker read as marked, from its Results CSVs."""
    got: dict[str, set[int]] = {}
    for results in out.glob("page*/Results/Results_*.csv"):
        with open(results, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                got[Path(row["file_id"]).name] = {int(k[1:]) for k, v in row.items()
                                                  if k and k.startswith("b") and k[1:].isdigit() and v}
    return got


def judge_omrchecker(prep: dict, sheets: dict[str, dict], template: Template, got: dict[str, set[int]]) -> dict:
    """Choice questions right and wrong in OMRChecker's reading; a page it could not read gets none right."""
    boxes = prep["boxes"]
    rows_of: dict[str, dict[int, str]] = defaultdict(dict)
    for i, b in enumerate(boxes):
        if b["kind"] == "checkbox":
            rows_of[b["question_id"]][i] = str(b["option_id"])
    counts = {"questions": 0, "right": 0, "wrong": 0, "pages_unread": 0}
    for name, tp in prep["where"].items():
        sheet = sheets[tp["sheet"]]
        marked = got.get(name)
        counts["pages_unread"] += marked is None
        for q in template.marked_questions():
            if q.type not in CHOICE_KINDS or tuple(q.pages) != (tp["side"],) or q.id in sheet.get("not_generated", ()):
                continue
            read = sorted(o for i, o in rows_of[q.id].items() if marked is not None and i in marked)
            counts["questions"] += 1
            counts["right" if read == sorted(map(str, sheet["answers"][q.id])) else "wrong"] += 1
    return counts


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.1f} %" if d else "-"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--omrchecker", help="a checkout of github.com/Udayraj123/OMRChecker")
    ap.add_argument("--corpus", help="a generated corpus to read (else --generate one into --work)")
    ap.add_argument("--generate", type=int, default=60, metavar="SHEETS")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--work", help="where the pages, stores and outputs go (default: a temporary folder)")
    ap.add_argument("--template", default=str(DEFAULT_TEMPLATE))
    ap.add_argument("--repeat", type=int, default=3, help="runs of each configuration, interleaved")
    ap.add_argument("--px-per-mm", type=float, default=4.0, help="OMRChecker's processing scale (4: about 100 dpi)")
    ap.add_argument("--inset-mm", type=float, default=1.0, help="OMRChecker's bubble: the box this far inside its outline")
    ap.add_argument("--json")
    a = ap.parse_args()
    omr_dir = Path(a.omrchecker).expanduser() if a.omrchecker else None
    if omr_dir is None or not (omr_dir / "main.py").is_file() or not (omr_dir / "src" / "template.py").is_file():
        print("omrchecker: skipped, no OMRChecker checkout given: pass --omrchecker DIR, a clone of "
              "https://github.com/Udayraj123/OMRChecker, and pip install -e '.[omrchecker]'")
        return
    missing = subprocess.run([sys.executable, "-c", f"import {', '.join(OMR_DEPS)}"], capture_output=True)
    if missing.returncode:
        raise SystemExit("omrchecker: its dependencies are not installed: pip install -e '.[omrchecker]'")
    compileall.compile_dir(omr_dir / "src", quiet=2)  # both tools start from bytecode (speed.compiled)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(a.work or tmp)
        work.mkdir(parents=True, exist_ok=True)
        template = load_template(a.template)
        corpus = Path(a.corpus) if a.corpus else work / "corpus"
        if not a.corpus:
            from scanner.corpus.generate import generate
            from scanner.plan import load_plan

            generate(template, load_plan(), a.generate, a.seed, corpus, stack_size=50,
                     profiles={"feeder": 1.0}, kind="pdf")
        for d in ("pdf", "jpeg", "omr_in", "omr_out"):
            if (work / d).exists():
                raise SystemExit(f"{work / d} exists: give --work an empty folder")
        prep = prepare(corpus, work, template, a.template, a.px_per_mm, a.inset_mm)
        n = prep["pages"]
        print(f"{n} form pages of {corpus} (load average {os.getloadavg()[0]:.1f})", flush=True)
        runs: dict[str, list[dict]] = defaultdict(list)
        for r in range(a.repeat):
            out = work / "omr_out" / f"run{r}"
            out.parent.mkdir(exist_ok=True)
            runs["OMRChecker, loose JPEG files"].append(measure_omrchecker(omr_dir, prep["omr_in"], out, n))
            runs["this project, one PDF, --jobs 1"].append(measure([prep["pdf"] / "stack.pdf"], 1))
            runs["this project, loose JPEG files, --jobs 1"].append(measure([prep["jpeg"]], 1))
            for what, got in runs.items():
                print(f"  run {r + 1}: {what}: {got[-1]['cpu_ms_per_page']} ms/page CPU", flush=True)
        _, sheets = load_truth(prep["pdf"])
        omr = judge_omrchecker(prep, sheets, template, omrchecker_answers(work / "omr_out" / "run0"))
        ours = evaluate(prep["pdf"], work / "ours.db", 1, template)["groups"].get("kind:choice", {})
        load = os.getloadavg()[0]
    cpu = {what: [g["cpu_ms_per_page"] for g in got] for what, got in runs.items()}
    base = statistics.median(cpu["OMRChecker, loose JPEG files"])
    print(f"\nCPU per page over {n} pages, {a.repeat} runs each, interleaved (load average at the end {load:.1f}):")
    print("| | CPU ms per page (min / median) | OMRChecker's CPU over this (medians; above 1: cheaper) | largest process |")
    print("|---|---|---|---|")
    for what, vals in cpu.items():
        med = statistics.median(vals)
        largest = max(g["largest_process_mb"] for g in runs[what])
        print(f"| {what} | {min(vals):.1f} / {med:.1f} | {base / med:.2f} | {largest:.0f} MB |")
    print("\nThis project's stages, CPU ms per page (medians of the runs; what is left of the process's CPU is its "
          "start-up, reading the files and the scan's own bookkeeping):")
    for what, got in runs.items():
        stages = [g["stage_cpu_ms_per_page"] for g in got if "stage_cpu_ms_per_page" in g]
        if stages:
            med = {k: statistics.median(s.get(k, 0.0) for s in stages) for k in stages[0]}
            rest = statistics.median(cpu[what]) - sum(med.values())
            print(f"  {what}: " + "  ".join(f"{k} {v:.1f}" for k, v in med.items()) + f"  rest {rest:.1f}")
    q = ours.get("questions", 0)
    print(f"\nAccuracy on the choice questions of these pages:\n"
          f"  OMRChecker: {_pct(omr['right'], omr['questions'])} right, {_pct(omr['wrong'], omr['questions'])} "
          f"wrong, of {omr['questions']} ({omr['pages_unread']} pages it could not read)\n"
          f"  this project: {_pct(ours.get('right', 0), q)} right, "
          f"{_pct(ours.get('review', 0) + ours.get('review_ambiguous', 0) + ours.get('review_lost', 0), q)} "
          f"sent to review, {_pct(ours.get('silent_error', 0), q)} silent errors, of {q}")
    if a.json:
        Path(a.json).write_text(json.dumps({"pages": n, "runs": runs, "omrchecker_accuracy": omr,
                                            "project_accuracy": ours}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
