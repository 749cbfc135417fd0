"""Scan artefacts nobody modelled: the reader judged on inputs others make, not on the corpus it was tuned on.

    python -m benchmarks.artefacts [--sheets N] [--only a,b] [--seed S] [--json OUT] [--markdown]
    python -m benchmarks.artefacts --seed S --page ARTEFACT:STRENGTH:ENCODING:SHEET:SIDE    # one page, per question

The project's corpus generator draws the scans the reader was tuned on, so a benchmark built from it cannot find
what the tuning never saw. Here realistic marks are drawn on the printed form (rendered at 200 dpi), then an
office's or a scanner's artefact is laid over it: bleed-through, creases, punch holes, staples, stains, grey
paper, faded toner, notes, photocopies, sticky notes, double feeds, correction tape, hairs and scratches on the
glass, stamps, dog-ears, highlighter, paper clips, heavy JPEG, low resolution (benchmarks.artefact_kinds and
benchmarks.artefact_handling). Each page is read with scanner.pipeline.read_page, as a JPEG (quality 60-90) and
as a 1-bit PNG (threshold 140, no pencil, which a threshold loses), and each question counted right, sent to
review, or a silent error: accepted and different from the marks drawn. Pages set aside are counted apart.

One row per artefact, strength and encoding; then every silent error with what it takes to draw its page again.
The same seed gives the same pages. Nothing is written outside a temporary directory unless --json is given.
Exit status 1 when a silent error is seen (with --page: on that page).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import cv2
import numpy as np

from benchmarks import artefact_handling as H
from benchmarks import artefact_kinds as A
from benchmarks.artefact_kinds import DPI, K, Page
from scanner.corpus.draw import PENS as INKS
from scanner.corpus.draw import Canvas, draw_mark
from scanner.forms import SheetSpec
from scanner.ingest import PageSource
from scanner.pipeline import read_page
from scanner.reference import printed_pages
from scanner.template import load_template

Artefact = Callable[[np.ndarray, float, np.random.Generator, Page], np.ndarray]
ENCODINGS = ("jpeg", "1bit")
PENS = {"jpeg": ("ballpoint_blue", "ballpoint_black", "pencil"), "1bit": ("ballpoint_blue", "ballpoint_black")}
JPEG_QUALITIES = (60, 75, 90)
THRESHOLD = 140
STYLES = ("x", "tick", "slash", "dot")  # no fill-in: on this form a filled box cancels a choice
BLANK_SHARE = 0.15
SHEET = ("MS", 31)
LEVELS = (("s1", 1.0), ("s2", 2.0), ("s3", 3.0))


@dataclass(frozen=True)
class Kind:
    """An artefact: `pre` acts on the blank form before it is filled in, `post` on the filled page. Strengths are
    (label, parameter). A kind with `quality` sets the JPEG quality from its strength and has no 1-bit rows."""

    pre: Artefact | None = None
    post: Artefact | None = None
    strengths: tuple[tuple[str, float], ...] = LEVELS
    quality: bool = False


KINDS: dict[str, Kind] = {
    "baseline": Kind(strengths=(("clean", 0.0),)),
    "bleed": Kind(post=A.bleed, strengths=tuple((f"{p}%", p / 100) for p in (5, 10, 15, 20, 25))),
    "fold_h": Kind(post=A.fold_h),
    "fold_diag": Kind(post=A.fold_diag),
    "fold_letter": Kind(post=A.fold_letter),
    "scratch": Kind(post=A.scratch),
    "hair": Kind(post=A.hair),
    "punch": Kind(post=H.punch),
    "staple": Kind(post=H.staple),
    "stain": Kind(post=H.stain),
    "paper_tone": Kind(post=A.paper_tone),
    "low_contrast_print": Kind(pre=A.low_contrast_print),
    "recycled_low_contrast": Kind(pre=A.low_contrast_print, post=A.recycled_paper),
    "toner_fade": Kind(pre=A.toner_fade),
    "notes": Kind(post=H.notes),
    "downsample": Kind(post=A.downsample),
    "heavy_jpeg": Kind(strengths=(("q30", 30.0), ("q20", 20.0), ("q15", 15.0)), quality=True),
    "photocopy_filled": Kind(post=A.photocopy),
    "photocopy_blank": Kind(pre=A.photocopy_blank),
    "sticky_note": Kind(post=H.sticky_note),
    "double_scan": Kind(post=A.double_scan, strengths=(("s1", 1.0), ("s2", 2.0), ("s3-contrived", 3.0))),
    "correction_tape": Kind(post=H.correction_tape),
    "stamp": Kind(post=H.stamp),
    "dog_ear": Kind(post=H.dog_ear),
    "highlighter": Kind(post=H.highlighter),
    "paperclip": Kind(post=H.paperclip),
}


@dataclass(frozen=True)
class Cell:
    artefact: str
    strength: str
    encoding: str

    @property
    def kind(self) -> Kind:
        return KINDS[self.artefact]

    @property
    def level(self) -> float:
        return dict(self.kind.strengths)[self.strength]


@dataclass
class Tally:
    questions: int = 0
    right: int = 0
    review: int = 0
    silent: int = 0
    aside: int = 0
    pages: int = 0
    reasons: Counter = field(default_factory=Counter)
    errors: list[dict] = field(default_factory=list)


class Forms:
    """The blank printed form, each side rendered once from the project's own PDF, in a temporary directory."""

    def __init__(self):
        self.template = load_template()
        self.sides = sorted({q.page for q in self.template.choice_questions()})
        pages = printed_pages(self.template, SheetSpec(*SHEET), DPI, 1, max(self.sides))
        self.blank = {side: pages[side - 1] for side in self.sides}

    def questions(self, side: int):
        return [q for q in self.template.choice_questions() if q.page == side]

    def other_side(self, side: int) -> int:
        return side + 1 if side % 2 else side - 1


def rng_for(seed: int, *parts) -> np.random.Generator:
    """An independent stream per purpose and page, so that adding a case leaves every other page as it was."""
    return np.random.default_rng([seed, zlib.crc32(repr(parts).encode())])


def all_cells(only: list[str] | None = None) -> list[Cell]:
    names = only or list(KINDS)
    return [Cell(name, label, enc) for name in names for label, _ in KINDS[name].strengths
            for enc in (ENCODINGS[:1] if KINDS[name].quality else ENCODINGS)]


def fill(img: np.ndarray, questions, rng: np.random.Generator, pens: tuple[str, ...]):
    """Answers every question, a few left blank, one to three options for a multiple choice. The truth is what is
    drawn here, not what the reader says."""
    cv = Canvas(img, K, rng)
    truth: dict[str, tuple[str, ...]] = {}
    for q in questions:
        if rng.random() < BLANK_SHARE:
            truth[q.id] = ()
            continue
        pen = INKS[pens[rng.integers(len(pens))]]
        style = STYLES[rng.integers(len(STYLES))]
        n = int(rng.integers(1, min(3, len(q.options)) + 1)) if q.type == "multiple" else 1
        chosen = sorted(rng.choice(len(q.options), n, replace=False))
        for i in chosen:
            draw_mark(cv, q.options[i].box, style, pen)
        truth[q.id] = tuple(q.options[i].id for i in chosen)
    return cv.img, truth


def filled_side(forms: Forms, side: int, sheet: int, encoding: str, seed: int, pre=None):
    """One side of one sheet as its person filled it in: the same marks whatever the artefact, for comparison."""
    img = forms.blank[side].copy()
    if pre is not None:
        img = pre(img)
    return fill(img, forms.questions(side), rng_for(seed, "fill", sheet, side, encoding), PENS[encoding])


def draw_page(forms: Forms, cell: Cell, sheet: int, side: int, seed: int):
    """The page as the scanner saw it, its truth, and the encoding's parameter (JPEG quality or threshold)."""
    kind, level = cell.kind, cell.level
    key = (cell.artefact, cell.strength, sheet, side, cell.encoding)
    page = Page(side, forms.questions(side))
    pre = partial(kind.pre, s=level, rng=rng_for(seed, "pre", *key), page=page) if kind.pre else None
    img, page.truth = filled_side(forms, side, sheet, cell.encoding, seed, pre)
    if cell.artefact == "bleed":
        page.other, _ = filled_side(forms, forms.other_side(side), sheet, cell.encoding, seed)
    if kind.post is not None:
        img = kind.post(img, level, rng_for(seed, "post", *key), page)
    if cell.encoding == "1bit":
        return img, page.truth, THRESHOLD
    if kind.quality:
        return img, page.truth, int(level)
    return img, page.truth, JPEG_QUALITIES[rng_for(seed, "quality", *key).integers(len(JPEG_QUALITIES))]


def encode(img: np.ndarray, encoding: str, param: int):
    """The bytes a scanner would have written: a JPEG, or a black-and-white PNG thresholded at `param`."""
    if encoding == "jpeg":
        data = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, param])[1].tobytes()
        return PageSource("page.jpg", 0, "0" * 64, data, "jpeg")
    data = cv2.imencode(".png", np.where(img < param, 0, 255).astype(np.uint8))[1].tobytes()
    return PageSource("page.png", 0, "0" * 64, data, "png")


def judge(res, questions, truth, tally: Tally) -> list[dict]:
    """Counts one read page into the tally; returns its silent errors."""
    tally.pages += 1
    tally.questions += len(questions)
    if res.status != "form":
        tally.aside += 1
        tally.reasons[f"set aside: {res.reason}"] += 1
        return []
    errors = []
    for q in questions:
        r = res.questions[q.id]
        if r.status == "review":
            tally.review += 1
            tally.reasons.update(r.reasons)
        elif set(r.answer) == set(truth[q.id]):
            tally.right += 1
        else:
            tally.silent += 1
            errors.append(dict(question=q.id, truth=list(truth[q.id]), read=list(r.answer), status=r.status))
    return errors


def read(forms: Forms, cell: Cell, sheet: int, side: int, seed: int):
    """Draws, encodes and reads one page: (result, truth, encoding parameter)."""
    img, truth, param = draw_page(forms, cell, sheet, side, seed)
    return read_page(encode(img, cell.encoding, param), forms.template, use_ocr=False), truth, param


def run_cell(forms: Forms, cell: Cell, sheets: int, seed: int) -> Tally:
    tally = Tally()
    for sheet in range(sheets):
        for side in forms.sides:
            res, truth, param = read(forms, cell, sheet, side, seed)
            for e in judge(res, forms.questions(side), truth, tally):
                tally.errors.append(dict(artefact=cell.artefact, strength=cell.strength, encoding=cell.encoding,
                                         param=param, sheet=sheet, side=side, **e,
                                         page=f"{cell.artefact}:{cell.strength}:{cell.encoding}:{sheet}:{side}"))
    return tally


def top_reasons(tally: Tally, n: int = 3) -> str:
    return ", ".join(f"{r} {c}" for r, c in sorted(tally.reasons.items(), key=lambda x: (-x[1], x[0]))[:n])


COLUMNS = ("artefact", "strength", "encoding", "questions", "right", "review", "silent", "aside/pages",
           "top review reasons")


def row_values(cell: Cell, t: Tally) -> list[str]:
    return [cell.artefact, cell.strength, cell.encoding, str(t.questions), str(t.right), str(t.review),
            str(t.silent), f"{t.aside}/{t.pages}", top_reasons(t)]


def format_row(values: list[str], markdown: bool) -> str:
    if markdown:
        return "| " + " | ".join(values) + " |"
    a, s, e, *nums, reasons = values
    return f"{a:<22} {s:<13} {e:<5} " + " ".join(f"{v:>{max(6, len(c))}}" for v, c in zip(nums, COLUMNS[3:8])) \
        + f"  {reasons}"


def header(markdown: bool) -> str:
    if markdown:
        return format_row(list(COLUMNS), True) + "\n|" + "---|" * len(COLUMNS)
    return format_row(list(COLUMNS), False)


def describe(e: dict, seed: int) -> str:
    enc = f"jpeg q{e['param']}" if e["encoding"] == "jpeg" else f"1-bit at {e['param']}"
    return (f"{e['artefact']} {e['strength']} {enc} sheet {e['sheet']} side {e['side']} {e['question']}: "
            f"drawn {tuple(e['truth'])} read {tuple(e['read'])} ({e['status']})  "
            f"python -m benchmarks.artefacts --seed {seed} --page {e['page']}")


def print_summary(rows: list[tuple[Cell, Tally]], seed: int, markdown: bool) -> None:
    errors = [e for _, t in rows for e in t.errors]
    by_artefact = Counter({c.artefact: 0 for c, _ in rows})
    for c, t in rows:
        by_artefact[c.artefact] += t.silent
    keys = ("questions", "right", "review", "silent", "aside", "pages")
    total = {k: sum(getattr(t, k) for _, t in rows) for k in keys}
    print(f"\ntotal: {total['questions']} questions, {total['right']} right, {total['review']} review, "
          f"{total['silent']} silent; {total['aside']} of {total['pages']} pages set aside")
    print("silent errors by artefact: " + ", ".join(f"{a} {n}" for a, n in by_artefact.items()))
    print(f"\nsilent errors: {len(errors)}")
    for e in errors:
        print(("- " if markdown else "  ") + describe(e, seed))


def show_page(forms: Forms, spec: str, seed: int) -> int:
    """One page's questions, drawn against read, to look into a silent error."""
    name, strength, encoding, sheet, side = spec.split(":")
    cell = Cell(name, strength, encoding)
    res, truth, param = read(forms, cell, int(sheet), int(side), seed)
    print(f"{spec} (seed {seed}, {'quality' if encoding == 'jpeg' else 'threshold'} {param}): {res.status} "
          f"{res.reason or ''}")
    silent = 0
    for q in forms.questions(int(side)) if res.status == "form" else ():
        r = res.questions[q.id]
        bad = r.status != "review" and set(r.answer) != set(truth[q.id])
        silent += bad
        print(f"  {q.id:<5} drawn {truth[q.id]!s:<16} read {tuple(r.answer)!s:<16} {r.status:<8} "
              f"{', '.join(r.reasons)}{'  <- silent error' if bad else ''}")
    return 1 if silent else 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sheets", type=int, default=10, help="sheets per row, both sides read (default 10)")
    ap.add_argument("--only", help="comma-separated artefacts: " + ", ".join(KINDS))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", metavar="OUT", help="also write the rows and the silent errors here")
    ap.add_argument("--markdown", action="store_true", help="the table in Markdown")
    ap.add_argument("--page", metavar="A:S:E:SHEET:SIDE", help="read one page and show every question")
    args = ap.parse_args(argv)
    if args.only:
        unknown = [n for n in args.only.split(",") if n not in KINDS]
        if unknown:
            ap.error(f"unknown artefact(s): {', '.join(unknown)}")
    if args.page:
        parts = args.page.split(":")
        if len(parts) != 5 or parts[0] not in KINDS or parts[1] not in dict(KINDS[parts[0]].strengths) \
                or parts[2] not in ENCODINGS or not (parts[3].isdigit() and parts[4].isdigit()):
            ap.error(f"--page {args.page}: expected ARTEFACT:STRENGTH:ENCODING:SHEET:SIDE as listed with an error")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    forms = Forms()
    if args.page:
        return show_page(forms, args.page, args.seed)
    t0 = time.monotonic()
    rows = []
    print(header(args.markdown))
    for cell in all_cells(args.only.split(",") if args.only else None):
        tally = run_cell(forms, cell, args.sheets, args.seed)
        rows.append((cell, tally))
        print(format_row(row_values(cell, tally), args.markdown), flush=True)
    print_summary(rows, args.seed, args.markdown)
    print(f"{sum(t.pages for _, t in rows)} pages in {time.monotonic() - t0:.0f} s", file=sys.stderr)
    if args.json:
        out = dict(sheets=args.sheets, seed=args.seed,
                   rows=[dict(artefact=c.artefact, strength=c.strength, encoding=c.encoding, questions=t.questions,
                              right=t.right, review=t.review, silent=t.silent, aside=t.aside, pages=t.pages,
                              reasons=dict(t.reasons)) for c, t in rows],
                   errors=[e for _, t in rows for e in t.errors])
        Path(args.json).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 1 if any(t.silent for _, t in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
