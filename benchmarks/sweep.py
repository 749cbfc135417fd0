"""Detection sweep: marks of every darkness, width and style, at every resolution and colour mode, read back.

    python -m benchmarks.sweep [--seed 101] [--repeat 1] [--json OUT]
    python -m benchmarks.sweep --inks 2H_faint,HB --dpis 200 --modes grey,bilevel
    python -m benchmarks.sweep --from-json OUT --markdown

The project's printed page 1 is filled with the independent pen model of
benchmarks/handpen.py (not the corpus generator's), scanned by its own
scanner model, and read by scanner.pipeline.read_page. Each page carries
six marked questions and leaves two blank. Per cell (ink × pen width ×
style × dpi × mode) a question is right (accepted and equal to the truth),
sent to review, or a silent error (accepted and different). Blank
questions are counted apart: reading a mark into one is a silent error too.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.handpen import INKS, STYLES, lay_ink, render_patch, scan_page, strokes_for
from scanner.ingest import PageSource
from scanner.pipeline import read_page
from scanner.template import Template, load_template

WIDTHS = (0.1, 0.2, 0.35, 0.6, 1.0)
DPIS = (150, 200, 300)
MODES = ("colour", "grey", "bilevel")
MARKED_PER_PAGE = 6


@cache
def blank_form(dpi: int) -> np.ndarray:
    """Page 1 of a numbered sheet as printed, at `dpi`, as reflectance (RGB float, paper slightly warm)."""
    from scanner.forms import SheetSpec
    from scanner.reference import printed_pages

    grey = printed_pages(load_template(), SheetSpec("MS", 21), dpi, 1, 1)[0].astype(np.float32) / 255
    rgb = np.stack([grey * 0.97, grey * 0.96, grey * 0.92], axis=2)
    rgb.setflags(write=False)
    return rgb


@dataclass
class Tally:
    right: int = 0
    review: int = 0
    silent: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, outcome: str, example: str = "") -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        if outcome == "silent" and len(self.examples) < 5:
            self.examples.append(example)

    @property
    def n(self) -> int:
        return self.right + self.review + self.silent


def _outcome(status: str, answer: tuple[str, ...], truth: list[str]) -> str:
    if status == "review":
        return "review"
    return "right" if list(answer) == truth else "silent"


def fill_and_read(template: Template, dpi: int, mode: str, ink_name: str, marks: list[tuple[str, float]],
                  rng: np.random.Generator) -> list[tuple[str | None, float | None, str, str]]:
    """One page: `marks` (style, pen width) on as many questions, the rest left blank; per question its outcome."""
    ink = INKS[ink_name]
    k = dpi / 25.4
    page = blank_form(dpi).copy()
    questions = [q for q in template.choice_questions() if q.page == 1]
    order = rng.permutation(len(questions))
    chosen = {questions[i].id: marks[j] for j, i in enumerate(order[: len(marks)])}
    truth: dict[str, list[str]] = {}
    for q in questions:
        if q.id not in chosen:
            truth[q.id] = []
            continue
        style, width = chosen[q.id]
        o = q.options[int(rng.integers(len(q.options)))]
        truth[q.id] = [o.id]
        strokes = strokes_for(style, o.box.w, o.box.h, width, rng)
        pad = 4.0
        x0, y0 = o.box.x - pad, o.box.y - pad
        size = (int(round((o.box.w + 2 * pad) * k)), int(round((o.box.h + 2 * pad) * k)))
        at = (int(round(x0 * k)), int(round(y0 * k)))
        alpha = render_patch([s + np.array([pad, pad]) for s in strokes], ink, width, k,
                             (at[0] / k - x0, at[1] / k - y0), size, rng)
        lay_ink(page, alpha, ink, at)
    data, fmt = scan_page(page, mode, rng)
    res = read_page(PageSource(f"sweep_{dpi}_{mode}.pdf", 0, "0" * 64, data, fmt), template, use_ocr=False)
    out = []
    for q in questions:
        r = res.questions.get(q.id)
        status, answer = (r.status, r.answer) if r else ("review", ())
        style, width = chosen.get(q.id, (None, None))
        outcome = _outcome(status, answer, truth[q.id])
        out.append((style, width, outcome, f"{q.id} read {list(answer)} truth {truth[q.id]} "
                                           f"({ink_name} {style} {width} mm, {dpi} dpi {mode})"))
    return out


def sweep(inks: tuple[str, ...] = tuple(INKS), widths: tuple[float, ...] = WIDTHS, styles: tuple[str, ...] = STYLES,
          dpis: tuple[int, ...] = DPIS, modes: tuple[str, ...] = MODES, seed: int = 101, repeat: int = 1) -> dict[str, Any]:
    template = load_template()
    rng = np.random.default_rng(seed)
    cells: dict[tuple, Tally] = defaultdict(Tally)
    blanks: dict[tuple, Tally] = defaultdict(Tally)
    combos = [(s, w) for s in styles for w in widths] * repeat
    for dpi in dpis:
        for mode in modes:
            for ink in inks:
                todo = [combos[i] for i in rng.permutation(len(combos))]
                for start in range(0, len(todo), MARKED_PER_PAGE):
                    for style, width, outcome, ex in fill_and_read(template, dpi, mode, ink,
                                                                    todo[start:start + MARKED_PER_PAGE], rng):
                        if style is None:
                            blanks[(ink, dpi, mode)].add(outcome, ex)
                        else:
                            cells[(ink, width, style, dpi, mode)].add(outcome, ex)
    return {"seed": seed, "cells": cells, "blanks": blanks}


def _fmt(t: Tally) -> str:
    return f"{t.right}/{t.review}/{t.silent}"


def table(result: dict[str, Any]) -> str:
    """Per ink and pen width (rows) × dpi and mode (columns): right/review/silent, styles summed; then per style."""
    cells: dict[tuple, Tally] = result["cells"]
    inks = sorted({c[0] for c in cells}, key=list(INKS).index)
    widths = sorted({c[1] for c in cells})
    cols = sorted({(c[3], c[4]) for c in cells}, key=lambda c: (c[0], MODES.index(c[1])))
    lines = ["right/review/silent per cell (styles summed); columns dpi-mode", "",
             f"{'ink':<16}{'width':>6} " + "".join(f"{f'{d}-{m}':>13}" for d, m in cols)]
    for ink in inks:
        for w in widths:
            row = []
            for d, m in cols:
                t = Tally()
                for (i, ww, _, dd, mm), c in cells.items():
                    if (i, ww, dd, mm) == (ink, w, d, m):
                        t.right, t.review, t.silent = t.right + c.right, t.review + c.review, t.silent + c.silent
                row.append(f"{_fmt(t):>13}")
            lines.append(f"{ink:<16}{w:>6} " + "".join(row))
    lines += ["", f"{'style':<12}{'marks':>7}{'right':>7}{'review':>8}{'silent':>8}"]
    for s in STYLES:
        ts = [c for k, c in cells.items() if k[2] == s]
        if ts:
            lines.append(f"{s:<12}{sum(t.n for t in ts):>7}{sum(t.right for t in ts):>7}"
                         f"{sum(t.review for t in ts):>8}{sum(t.silent for t in ts):>8}")
    b = list(result["blanks"].values())
    lines.append(f"blank questions: {sum(t.n for t in b)}, right {sum(t.right for t in b)}, "
                 f"review {sum(t.review for t in b)}, silent {sum(t.silent for t in b)}")
    silent_cells = sum(1 for t in cells.values() if t.silent) + sum(1 for t in b if t.silent)
    lines.append(f"cells {len(cells)}, cells with a silent error: {silent_cells}, "
                 f"marks {sum(t.n for t in cells.values())}, silent {sum(t.silent for t in cells.values())}, "
                 f"review {sum(t.review for t in cells.values())}")
    return "\n".join(lines)


def markdown(result: dict[str, Any]) -> str:
    """The table() figures as Markdown: per ink and pen width, per dpi and mode, right / review / silent."""
    cells: dict[tuple, Tally] = result["cells"]
    inks = sorted({c[0] for c in cells}, key=list(INKS).index)
    widths = sorted({c[1] for c in cells})
    cols = sorted({(c[3], c[4]) for c in cells}, key=lambda c: (c[0], MODES.index(c[1])))
    lines = ["| ink | pen mm | " + " | ".join(f"{d} dpi {m}" for d, m in cols) + " |",
             "|---|---:|" + "---:|" * len(cols)]
    for ink in inks:
        for w in widths:
            row = []
            for d, m in cols:
                ts = [c for (i, ww, _, dd, mm), c in cells.items() if (i, ww, dd, mm) == (ink, w, d, m)]
                row.append(f"{sum(t.right for t in ts)}/{sum(t.review for t in ts)}/{sum(t.silent for t in ts)}")
            lines.append(f"| {ink} | {w} | " + " | ".join(row) + " |")
    return "\n".join(lines)


def load_json(path: Path) -> dict[str, Any]:
    """A result written with --json, back as sweep() returns it."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    cells: dict[tuple, Tally] = {}
    blanks: dict[tuple, Tally] = {}
    for key, v in raw["cells"].items():
        parts = key.split("|")
        t = Tally(v["right"], v["review"], v["silent"], v.get("examples", []))
        if parts[0] == "blank":
            blanks[(parts[1], int(parts[2]), parts[3])] = t
        else:
            cells[(parts[0], float(parts[1]), parts[2], int(parts[3]), parts[4])] = t
    return {"seed": raw["seed"], "cells": cells, "blanks": blanks}


def silent_examples(result: dict[str, Any]) -> list[str]:
    return [e for t in [*result["cells"].values(), *result["blanks"].values()] for e in t.examples]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=101)
    ap.add_argument("--repeat", type=int, default=1, help="how many times each style × width appears per page set")
    ap.add_argument("--inks", default=",".join(INKS))
    ap.add_argument("--widths", default=",".join(map(str, WIDTHS)))
    ap.add_argument("--styles", default=",".join(STYLES))
    ap.add_argument("--dpis", default=",".join(map(str, DPIS)))
    ap.add_argument("--modes", default=",".join(MODES))
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument("--from-json", help="print the tables of an earlier --json instead of sweeping")
    ap.add_argument("--markdown", action="store_true", help="print the per-cell table as Markdown")
    a = ap.parse_args()
    if a.from_json:
        earlier = load_json(Path(a.from_json))
        print(markdown(earlier) if a.markdown else table(earlier))
        return
    result = sweep(tuple(a.inks.split(",")), tuple(float(w) for w in a.widths.split(",")), tuple(a.styles.split(",")),
                   tuple(int(d) for d in a.dpis.split(",")), tuple(a.modes.split(",")), a.seed, a.repeat)
    print(markdown(result) if a.markdown else table(result))
    for e in silent_examples(result):
        print("silent:", e)
    if a.json:
        flat = {"|".join(map(str, k)): vars(t) for k, t in result["cells"].items()}
        flat |= {"blank|" + "|".join(map(str, k)): vars(t) for k, t in result["blanks"].items()}
        Path(a.json).write_text(json.dumps({"seed": result["seed"], "cells": flat}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
