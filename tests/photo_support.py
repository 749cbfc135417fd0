"""What the photo tests share: a blank side to draw known answers on, and the answers drawn at random."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from scanner._exec.poppler import render_pages
from scanner.forms import SheetSpec, render_forms
from scanner.template import Template


def blank_side(template: Template, folder: Path, serial: int) -> np.ndarray:
    """Side 1 of a printed sheet as the generator's source resolution renders it."""
    from scanner.corpus.generate import SRC_DPI

    pdf = folder / "f.pdf"
    render_forms(template, [SheetSpec("MS", serial)], pdf)
    return render_pages(pdf, SRC_DPI, 1, 1)[0]


def side_one_answers(template: Template, rng: np.random.Generator, several: bool = True) -> dict[str, tuple[str, ...]]:
    """One option of each single choice on side 1 and, if `several`, two of each multiple choice (none exclusive)."""
    out = {}
    for q in template.choice_questions():
        if q.page == 1:
            ids = [o.id for o in q.options if o.id not in (q.exclusive or ())]
            if not several:
                out[q.id] = tuple(rng.choice(ids, 1).tolist())
                continue
            n = 2 if q.behaviour.per_option and len(ids) > 2 else 1
            out[q.id] = tuple(sorted(rng.choice(ids, n, replace=False).tolist()))
    return out
