"""Real XLSForms written by others, through the whole paper path: build, check, print, fill, scan, read.

    python -m benchmarks.realforms [--forms DIR] [--sheets N] [--seed S] [--only NAME] [--lang L] [--json OUT]

For each form (default: tests/data/xlsforms, whose README names every form's source) it runs, as an office
would, `build`, `template check` and `forms --blank 1`, each through the CLI so that a refusal is recorded
with the exact message the user reads; then it measures the printed page from the template (every text in the
font that prints it, scanner/fonts.py) for text overlapping text or a box, running off the page, or using
characters the font cannot print; then it generates N filled sheets with the corpus generator for that
template, scans them and judges every choice question against the truth (benchmarks/accuracy.py): a silent
error is an answer accepted without review and different from what the respondent meant.

It prints one table and, below it, every failure's message, by form.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FORMS = ROOT / "tests" / "data" / "xlsforms"
ASCENT, DESCENT = 0.70, 0.20  # of the type size: the ink of a line of text, tight enough for 1.0 leading
TOLERANCE_MM = 0.3  # overlaps thinner than this are anti-aliasing, not a fault
PROFILE = "flatbed"


@dataclass
class FormResult:
    form: str
    built: bool = False
    checked: bool = False
    pages: int = 0
    printed: bool = False  # `forms` rendered the sheet
    print_faults: list[str] = field(default_factory=list)
    questions_read: int = 0
    silent: int = 0
    needless_review: int = 0
    lost_review: int = 0
    ambiguous_review: int = 0
    read: bool = False
    read_skipped: bool = False  # a booklet past run_form's read_pages_max: built and printed, not read
    online_only: bool = False  # nothing paper can carry: no page, so the online path is what is checked
    online_ok: bool = False  # `forms` said there is nothing to print, the Google Form was made, responses imported
    review_reasons: dict[str, int] = field(default_factory=dict)  # why the plain questions went to review
    failures: list[str] = field(default_factory=list)  # "stage: message", in the order met

    @property
    def printed_ok(self) -> bool:
        return self.printed and not self.print_faults

    @property
    def passed(self) -> bool:
        if self.online_only:
            return self.built and self.checked and self.online_ok
        return self.built and self.checked and self.printed_ok and self.read and self.silent == 0


def cli(argv: list[str]) -> tuple[int, str, str]:
    """The CLI in process: exit code, stdout, stderr (what the user would see)."""
    from scanner.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
        except Exception as e:  # noqa: BLE001 - a crash is a finding, recorded with its type
            code, err = 99, io.StringIO(f"crash: {type(e).__name__}: {e}")
    return int(code or 0), out.getvalue(), err.getvalue()


def _first_message(stderr: str, stdout: str) -> str:
    lines = [ln.strip() for ln in (stderr or stdout).splitlines() if ln.strip()]
    return " | ".join(lines[:6]) or "(no message)"


def _text_box(t, width_mm: float) -> tuple[float, float, float, float]:
    from scanner.fonts import PT_PER_MM

    em = t.size_pt / PT_PER_MM
    x0 = {"left": t.x, "center": t.x - width_mm / 2, "right": t.x - width_mm}[t.align]
    return (x0, t.y - ASCENT * em, x0 + width_mm, t.y + DESCENT * em)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w > TOLERANCE_MM and h > TOLERANCE_MM


def _rect(r) -> tuple[float, float, float, float]:
    return (r.x, r.y, r.x + r.w, r.y + r.h)


def _missing_glyphs(text: str, font: str) -> str:
    from scanner.fonts import missing_glyphs

    return "".join(sorted(missing_glyphs([(text, font)])))  # as drawn: joined letters, each in the font it is set in


def print_faults(template) -> list[str]:
    """Texts that overlap another text or a box, run off the page, or hold characters the font lacks.

    Measured on the template, in the fonts that print it: what `forms` draws is the template's texts at
    their baselines, its boxes, markers, QR code and printed code."""
    from scanner.fonts import text_width_mm

    faults: list[str] = []
    width, height = template.page_size
    for page in range(1, template.pages + 1):
        texts = [t for t in template.texts if t.page == page and t.text.strip()]
        boxes = [(f"ô {b.question_id}/{b.option_id}" if b.kind == "checkbox" else f"vùng viết {b.question_id}",
                  _rect(b.rect)) for b in template.boxes(page)]
        boxes += [(f"dấu định vị {f.marker_id}", _rect(f.rect)) for f in template.fiducials_on(page)]
        boxes += [("mã QR", _rect(template.qr)), ("mã phiếu in", _rect(template.code_text))]
        placed = [(t, _text_box(t, text_width_mm(t.text, t.font, t.size_pt))) for t in texts]
        text_hits, box_hits = _overlaps([tb for _, tb in placed], [rb for _, rb in boxes])
        glyphs: dict[tuple[str, str], str] = {}
        for i, (t, tb) in enumerate(placed):
            short = t.text if len(t.text) <= 50 else t.text[:47] + "..."
            if tb[0] < 0 or tb[1] < 0 or tb[2] > width or tb[3] > height:
                faults.append(f"page {page}: text runs off the page ({tb[0]:.1f}..{tb[2]:.1f} mm "
                              f"of {width:.0f}): {short!r}")
            if (t.text, t.font) not in glyphs:
                glyphs[(t.text, t.font)] = _missing_glyphs(t.text, t.font)
            missing = glyphs[(t.text, t.font)]
            if missing:
                faults.append(f"page {page}: the font cannot print {missing!r}: {short!r}")
            for j in text_hits[i]:
                u = placed[j][0]
                other = u.text if len(u.text) <= 40 else u.text[:37] + "..."
                faults.append(f"page {page}: text overlaps text: {short!r} / {other!r}")
            for j in box_hits[i]:
                faults.append(f"page {page}: text overlaps {boxes[j][0]}: {short!r}")
    return faults


def _overlaps(texts: list[tuple[float, float, float, float]], boxes: list[tuple[float, float, float, float]]
              ) -> tuple[list[list[int]], list[list[int]]]:
    """For each text, the later texts and the boxes it overlaps (as _overlap judges a pair), in order: every pair
    compared at once in numpy (the same float min, max and subtraction; a page of a few hundred texts was ~1e5
    pairs in Python, a third of a real form's print check, issue 26)."""
    import numpy as np

    n = len(texts)
    t = np.array(texts, dtype=float).reshape(n, 4)
    b = np.array(boxes, dtype=float).reshape(len(boxes), 4)

    def hits(a: np.ndarray, c: np.ndarray) -> np.ndarray:
        w = np.minimum(a[:, None, 2], c[None, :, 2]) - np.maximum(a[:, None, 0], c[None, :, 0])
        h = np.minimum(a[:, None, 3], c[None, :, 3]) - np.maximum(a[:, None, 1], c[None, :, 1])
        return (w > TOLERANCE_MM) & (h > TOLERANCE_MM)

    tt = np.triu(hits(t, t), k=1)
    tb = hits(t, b)
    return ([np.flatnonzero(tt[i]).tolist() for i in range(n)], [np.flatnonzero(tb[i]).tolist() for i in range(n)])


# keep(recipe, corpus, make): fills `corpus` with what make() would write for this recipe, from a copy kept by an
# earlier run or by calling make() (False: it failed); the tests' conftest.corpus_kept
Keep = Callable[[str, Path, Callable[[], bool]], bool]


def read_back(template_path: Path, template, work: Path, sheets: int, seed: int, result: FormResult,
              kind: str = "pdf", keep: Keep | None = None) -> None:
    """Filled scans from the corpus generator, read and judged against their truth; `kind` png skips the PDF
    wrapping and its decoding (a long booklet's test keeps its time down so); `keep` (tests) takes the
    generator's scans from an earlier run's when the template and the code are the same."""
    from benchmarks.accuracy import evaluate

    corpus = work / "corpus"
    # one stack (12 sheets to a file by default) is drawn by one process whatever --jobs says, and the generator
    # writes the same bytes at any --jobs: in this process, without starting two workers to prepare the drawing
    # afresh for each form (0.3-1.2 CPU s a form, issue 26)
    asked = ["samples", "generate", "--sheets", str(sheets), "--seed", str(seed), "--profiles", PROFILE, "--kind",
             kind, *(["--jobs", "1"] if sheets <= 12 else [])]

    def make() -> bool:
        code, out, err = cli(["--template", str(template_path), *asked, "--out", str(corpus)])
        if code != 0:
            result.failures.append(f"samples generate (exit {code}): {_first_message(err, out)}")
        return code == 0

    if keep is None:
        made = make()
    else:
        made = keep(" ".join(asked) + " template " + hashlib.sha256(template_path.read_bytes()).hexdigest(), corpus,
                    make)
    if not made:
        return
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            got = evaluate(corpus, work / "read.db", 1, template)
    except Exception as e:  # noqa: BLE001 - a crash while reading is a finding
        result.failures.append(f"read: crash: {type(e).__name__}: {e}")
        return
    overall = got["groups"].get("overall", {})
    result.read = True
    result.questions_read = overall.get("questions", 0)
    result.silent = overall.get("silent_error", 0)
    result.needless_review = overall.get("review", 0)
    result.lost_review = overall.get("review_lost", 0)
    result.ambiguous_review = overall.get("review_ambiguous", 0)
    result.review_reasons = dict(got.get("plain_review_reasons", {}))
    if got["pages_accounted"] != got["pages_truth"]:
        result.failures.append(f"read: pages accounted {got['pages_accounted']}/{got['pages_truth']}")
        result.read = False
    if result.silent:
        shown = "; ".join(json.dumps(e, ensure_ascii=False) for e in got["silent_examples"][:3])
        result.failures.append(f"read: {result.silent} silent errors: {shown}")
    if overall.get("not_generated"):
        kinds = sorted({q.type for q in template.choice_questions() if not q.behaviour.marked})  # none the generator cannot mark
        result.failures.append(f"samples generate: {overall['not_generated']} questions of kinds {kinds} were not "
                               "filled (the corpus generator cannot answer them), so they were not judged")
        result.read = False
    if result.questions_read == 0 and template.choice_questions():
        result.failures.append("read: no question was judged")
        result.read = False


def online_responses(template, path: Path, n: int = 2) -> int:
    """A Google Forms download of `n` responses to this template's form: every item it asks, answered, each
    from another unit of the plan (what `online-form` made and `import-online` reads). Returns the columns."""
    import csv

    from scanner.plan import load_plan

    units = [u.name for u in load_plan().online_choices()]
    asked = [e for e in template.online.get("extras", []) if e.get("kind") != "note"]
    unit = [template.online["unit_title"]] if template.online.get("unit_title") else []  # where the settings ask it
    rows = [["Timestamp", *unit, *(e["title"] for e in asked)]]
    for k in range(n):
        cells = [(e["choices"] or ["x"])[0] if e.get("kind") != "text" else f"{21 + k} 105" for e in asked]
        rows.append([f"2023/11/{8 + k:02d} 9:15:32 AM GMT+7", *[units[k % len(units)]] * len(unit), *cells])
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return len(rows[0])


def online_path(tpl: Path, template, work: Path, result: FormResult) -> None:
    """An online-only questionnaire: `forms` says there is nothing to print (and writes no PDF), `online-form`
    makes the Google Form, and `import-online` takes its responses as new records."""
    result.online_only = True
    pdf = work / "forms.pdf"
    code, out, err = cli(["--template", str(tpl), "forms", "--blank", "1", "--out", str(pdf)])
    if code != 0 or pdf.exists() or "nothing to print" not in out:
        result.failures.append(f"forms (exit {code}) on an online-only form: {_first_message(err, out)}")
        return
    code, out, err = cli(["--template", str(tpl), "online-form", "--out", str(work / "form.gs")])
    if code != 0:
        result.failures.append(f"online-form (exit {code}): {_first_message(err, out)}")
        return
    online_responses(template, work / "responses.csv")
    code, out, err = cli(["--template", str(tpl), "import-online", str(work / "responses.csv"), "--db",
                          str(work / "online.db")])
    if code != 0 or "2 mới (new)" not in out or "0 có vấn đề" not in out:
        result.failures.append(f"import-online (exit {code}): {_first_message(err, out)}")
        return
    result.online_ok = True


def run_form(form: Path, work: Path, sheets: int = 2, seed: int = 1, read_pages_max: int | None = None,
             kind: str = "pdf", lang: str | None = None, keep: Keep | None = None) -> FormResult:
    """One form through build, check, print and read; `work` receives its template, forms and corpus.

    read_pages_max: a booklet of more pages is built, checked and printed but not read (tests keep CI time small;
    the benchmark reads every form); lang: the label language `build --lang` chooses (else the form's default);
    keep: see read_back."""
    from scanner.template import load_template

    result = FormResult(form.name)
    work.mkdir(parents=True, exist_ok=True)
    tpl = work / "layout.json"
    code, out, err = cli(["build", str(form), "--out", str(tpl), *(["--lang", lang] if lang else [])])
    if code != 0:
        result.failures.append(f"build (exit {code}): {_first_message(err, out)}")
        return result
    result.built = True
    code, out, err = cli(["--template", str(tpl), "template", "check"])
    if code != 0:
        result.failures.append(f"template check (exit {code}): {_first_message(err, out)}")
        return result
    result.checked = True
    template = load_template(tpl)
    result.pages = template.pages
    if not template.on_paper:
        online_path(tpl, template, work, result)
        return result
    code, out, err = cli(["--template", str(tpl), "forms", "--blank", "1", "--out", str(work / "forms.pdf")])
    if code != 0:
        result.failures.append(f"forms (exit {code}): {_first_message(err, out)}")
    else:
        result.printed = True
    result.print_faults = print_faults(template)
    if result.print_faults:
        more = f" (+{len(result.print_faults) - 5} more)" if len(result.print_faults) > 5 else ""
        result.failures.append(f"print: {len(result.print_faults)} faults: " + "; ".join(result.print_faults[:5]) + more)
    if result.printed and read_pages_max is not None and template.pages > read_pages_max:
        result.read = result.read_skipped = True
    elif result.printed:
        read_back(tpl, template, work, sheets, seed, result, kind, keep)
    return result


def forms_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in {".xlsx", ".xls", ".csv"} and not p.name.startswith("~$"))


def _yes(ok: bool, reached: bool = True) -> str:
    return ("yes" if ok else "NO") if reached else "—"


def table(results: list[FormResult]) -> str:
    w = max([len(r.form) for r in results] + [4]) + 2
    head = (f"{'form':<{w}}{'builds?':>8}{'pages':>6}{'printed ok?':>12}{'questions read':>15}{'silent errors':>14}"
            f"{'needless review':>16}")
    lines = [head]
    for r in results:
        lines.append(f"{r.form:<{w}}{_yes(r.built):>8}{r.pages if r.built else '—':>6}"
                     f"{'online' if r.online_only else _yes(r.printed_ok, r.checked):>12}{r.questions_read if r.read else '—':>15}"
                     f"{r.silent if r.read else '—':>14}{r.needless_review if r.read else '—':>16}")
    passed = sum(r.passed for r in results)
    lines.append(f"{passed}/{len(results)} forms pass (build, check, print without fault, read with 0 silent errors; "
                 "an online-only form: nothing to print, its Google Form made and responses imported)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--forms", default=str(DEFAULT_FORMS), help="folder of XLSForms")
    ap.add_argument("--sheets", type=int, default=3, help="filled sheets generated per form")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", action="append", help="only forms whose file name contains this (repeatable)")
    ap.add_argument("--keep", help="keep each form's template, forms and corpus under this folder")
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--lang", help="print every form in this label language (build --lang); else each its default")
    a = ap.parse_args(argv)
    import scanner

    print(f"scanner from {Path(scanner.__file__).parent}", file=sys.stderr)
    forms = [f for f in forms_in(Path(a.forms)) if not a.only or any(s in f.name for s in a.only)]
    results = []
    with tempfile.TemporaryDirectory(prefix="realforms-") as tmp:
        base = Path(a.keep) if a.keep else Path(tmp)
        for f in forms:
            print(f"… {f.name}", file=sys.stderr)
            results.append(run_form(f, base / f.stem, a.sheets, a.seed, lang=a.lang))
    print(table(results))
    print()
    for r in results:
        for msg in r.failures:
            print(f"{r.form}: {msg}")
    for r in results:
        if r.needless_review:
            print(f"{r.form}: needless reviews' reasons: {r.review_reasons}")
    if a.json:
        Path(a.json).write_text(json.dumps([asdict(r) | {"passed": r.passed} for r in results], ensure_ascii=False,
                                           indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
