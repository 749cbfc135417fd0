"""What respondents mean and how they put it on paper: the truth side of the corpus."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np

from ..kinds.date import digits_of
from ..kinds.digits import bubble_id
from ..logic.apply import compiled
from ..logic.evaluate import Truth, truth_of
from ..template import Question, Template
from ..vocab import BoxState

STYLE_WEIGHTS = {"x": 0.5, "tick": 0.22, "slash": 0.12, "dot": 0.06, "partial": 0.03, "fill_as_mark": 0.015,
                 "circle_box": 0.0125, "circle_text": 0.0125}
PEN_WEIGHTS = {"ballpoint_blue": 0.4, "ballpoint_black": 0.25, "ballpoint_fine": 0.06, "pencil": 0.1, "pencil_2h": 0.07,
               "felt": 0.12}
TRACE_RATE = 0.08  # a question answered in pencil that keeps an erased mark or a smudge in another box
DIGIT_SLIPS = 0.03  # each of a digit grid's pen errors: a written digit left unmarked, two marks in a column
FOLLOW_RATE = 0.95  # respondents who do as a printed skip instruction or a cascade's grouping says


@dataclass
class BoxTruth:
    state: str  # empty | marked | filled (the form's correction, "not chosen") | trace (not chosen, yet not clean)
    style: str | None = None
    pen: str | None = None
    offset: tuple[float, float] = (0.0, 0.0)


@dataclass
class QuestionTruth:
    answer: list[str]
    ambiguous: bool = False
    why: str = ""
    boxes: dict[str, BoxTruth] = field(default_factory=dict)
    generated: bool = True  # False: a kind this generator cannot answer; nothing drawn, nothing to judge
    written: dict[int, int] = field(default_factory=dict)  # a digit grid's comb: column (1...) -> digit written


def in_form_order(q: Question, ids: list[str]) -> list[str]:
    """Option ids in the order the form prints them (XLSForm choice names need not be numbers)."""
    position = {o.id: k for k, o in enumerate(q.options)}
    return sorted(ids, key=lambda i: position[i])


def pick(rng: np.random.Generator, weights: dict[str, float]) -> str:
    keys = list(weights)
    p = np.array([weights[k] for k in keys])
    return str(rng.choice(keys, p=p / p.sum()))


def _choose_options(rng: np.random.Generator, q: Question, bias: int) -> list[str]:
    ids = [o.id for o in q.options]
    if q.behaviour.one_option:
        w = np.exp(-0.5 * ((np.arange(len(ids)) - bias % len(ids)) / 1.3) ** 2) + 0.05
        return [ids[int(rng.choice(len(ids), p=w / w.sum()))]]
    limit = q.max_choices or len(ids)
    usable = [i for i in ids if i not in q.exclusive] or ids
    k = min(int(rng.integers(1, min(3, limit) + 1)), len(usable))
    return in_form_order(q, rng.choice(usable, size=k, replace=False).tolist())


def answer_question(rng: np.random.Generator, q: Question, pen: str, bias: int) -> QuestionTruth:
    """Draws what this respondent means for one question, and the marks that carry it."""
    ids = [o.id for o in q.options]
    boxes = {i: BoxTruth(BoxState.empty) for i in ids}
    r = rng.random()
    truth = QuestionTruth([])
    others = [i for i in ids if i not in q.exclusive]
    if r < 0.03:
        truth.why = "blank"
    elif q.behaviour.one_option and r < 0.045 and len(ids) > 1:
        truth.answer = in_form_order(q, rng.choice(ids, size=2, replace=False).tolist())
        truth.ambiguous, truth.why = True, "two marks on a single choice"
    elif q.max_choices and q.behaviour.per_option and r < 0.07 and q.max_choices < len(ids):
        truth.answer = in_form_order(q, rng.choice(ids, size=q.max_choices + 1, replace=False).tolist())
        truth.ambiguous, truth.why = True, "too many choices"
    elif q.exclusive and r < 0.06 and others:
        truth.answer = in_form_order(q, [*q.exclusive, str(rng.choice(others))])
        truth.ambiguous, truth.why = True, "excluding option with others"
    elif q.exclusive and r < 0.1:
        truth.answer = list(q.exclusive)
    else:
        truth.answer = _choose_options(rng, q, bias)
    for i in truth.answer:
        style = pick(rng, STYLE_WEIGHTS)
        offset = (0.0, 0.0)
        if style == "partial":
            style = "x"
            a = rng.uniform(0, 2 * np.pi)
            offset = (float(np.cos(a) * rng.uniform(1.2, 2.0)), float(np.sin(a) * rng.uniform(1.2, 2.0)))
        if style == "fill_as_mark" and len(truth.answer) > 1:
            style = "x"  # beside other marks a filled box is, by the form's rule, a correction
        if style == "fill_as_mark":
            style = "fill"
            truth.ambiguous, truth.why = True, "a filled box may mean chosen or not chosen"
        if style.startswith("circle"):
            truth.ambiguous, truth.why = True, "marked outside the box"
        boxes[i] = BoxTruth(BoxState.marked if style != "fill" else BoxState.filled, style, pen, offset)
    if truth.answer and not truth.ambiguous and rng.random() < 0.03:
        wrong = [i for i in ids if i not in truth.answer]
        if wrong:
            w = str(rng.choice(wrong))
            boxes[w] = BoxTruth(BoxState.filled, "correction", pen)
            truth.why = "corrected by filling the wrong box"
    if truth.answer and pen.startswith("pencil") and rng.random() < TRACE_RATE:
        clean = [i for i in ids if boxes[i].state == BoxState.empty]
        if clean:
            boxes[str(rng.choice(clean))] = BoxTruth("trace", str(rng.choice(["ghost", "ghost", "smudge"])), pen)
    truth.boxes = boxes
    return truth


def answer_sheet(rng: np.random.Generator, template: Template) -> tuple[dict[str, QuestionTruth], str]:
    pen = pick(rng, PEN_WEIGHTS)
    bias = int(rng.integers(0, 5))
    out = {}
    for q in (q for q in template.questions if not q.behaviour.handwritten):
        if not q.behaviour.marked or not q.options:
            out[q.id] = QuestionTruth([], why=f"not generated: {q.type} question", generated=False)
            continue
        p = pen if rng.random() > 0.05 else pick(rng, PEN_WEIGHTS)
        out[q.id] = answer_digits(rng, q, p) if q.behaviour.digit_grid else answer_question(rng, q, p, bias)
    for rows in template.ranks.values():
        rank_rows(rng, template, list(rows), out, pen, bias)
    if any(q.relevant or q.filter_by for q in template.marked_questions()):
        follow_the_form(rng, template, out, pen, bias)
    return out, pen


RANK_SLIPS = 0.03  # respondents who give one place to two options of a ranking


def rank_rows(rng: np.random.Generator, template: Template, rows: list[str], out: dict[str, QuestionTruth], pen: str,
              bias: int) -> None:
    """A ranking's rows as a respondent ranks: each option its own place (a permutation), marked as any single
    choice is; a row left blank beside marked ones, or a place given twice, is a ranking a person must settle
    (ranking.py), so those rows are ambiguous in the truth."""
    places = [str(p + 1) for p in rng.permutation(len(rows))]
    if rng.random() < RANK_SLIPS and len(rows) > 1:
        places[1] = places[0]
    for rid, place in zip(rows, places, strict=True):
        q = template.question(rid)
        t = answer_question(rng, dataclasses.replace(q, options=(q.option(place),)), pen, bias)
        t.boxes = {o.id: t.boxes.get(o.id, BoxTruth(BoxState.empty)) for o in q.options}
        out[rid] = t
    given = [out[rid].answer for rid in rows]
    if any(given) and not all(given):
        for rid in rows:
            if not out[rid].answer:
                out[rid].ambiguous, out[rid].why = True, "a ranking left part-way"
    if len(set(places)) < len(places):
        for rid in rows[:2]:
            out[rid].ambiguous, out[rid].why = True, "one place given to two options of a ranking"


def follow_the_form(rng: np.random.Generator, template: Template, out: dict[str, QuestionTruth], pen: str,
                    bias: int) -> None:
    """Most respondents skip what the form tells them to skip and choose under the parent they chose; the
    rest are told apart in the truth (ambiguous: the form itself sends them to a person).

    Conditions are evaluated as the reader evaluates them (scanner.logic, in form order, a skipped answer
    cleared for later conditions); a condition on a question the generator does not fill (handwriting,
    kinds it cannot answer) is unknown, so the question is answered."""
    view: dict[str, list[str] | None] = {qid: t.answer for qid, t in out.items() if t.generated}
    for q in template.marked_questions():
        t = out.get(q.id)
        if t is None or not t.generated:
            continue
        parent = view.get(q.filter_by) if q.filter_by else None
        if parent and t.answer and any(q.option(c).parent not in ("", *parent) for c in t.answer):
            under = tuple(o for o in q.options if o.parent in ("", *parent))
            if under and rng.random() < FOLLOW_RATE:
                narrowed = answer_question(rng, dataclasses.replace(q, options=under), t.boxes[t.answer[0]].pen or pen,
                                           bias)
                narrowed.boxes = {o.id: narrowed.boxes.get(o.id, BoxTruth(BoxState.empty)) for o in q.options}
                t = out[q.id] = narrowed
            else:
                t.ambiguous, t.why = True, "chosen under another parent than the one answered"
        if q.relevant and truth_of(compiled(q.relevant)(view, None)) == Truth.no:
            if t.answer and rng.random() < FOLLOW_RATE:
                out[q.id] = QuestionTruth([], why="skipped as the form says",
                                          boxes={o.id: BoxTruth(BoxState.empty) for o in q.options})
            elif t.answer:
                t.ambiguous, t.why = True, "answered where the form says skip"
            view[q.id] = None
            continue
        view[q.id] = out[q.id].answer


def answer_digits(rng: np.random.Generator, q: Question, pen: str) -> QuestionTruth:
    """A number or date written in the comb and marked in the grid, with the slips people make: a digit
    written but not marked, a second mark in a column. The answer is the value as the reader states it."""
    if rng.random() < 0.03:
        return QuestionTruth([], why="blank", boxes={o.id: BoxTruth(BoxState.empty) for o in q.options})
    for _ in range(50):  # most people give a value the question allows
        text, answer = _digit_value(rng, q)
        allowed = not q.constraint or truth_of(compiled(q.constraint)({}, answer)) != Truth.no
        if allowed:
            break
    truth = QuestionTruth([answer], boxes={o.id: BoxTruth(BoxState.empty) for o in q.options})
    if not allowed:
        truth.ambiguous, truth.why = True, "a value the question's constraint does not allow"
    cols = [(c, int(ch)) for c, ch in enumerate(text, 1) if ch != "_"]
    truth.written = dict(cols)
    r = rng.random()
    if r < DIGIT_SLIPS:
        c, _ = cols[int(rng.integers(len(cols)))]
        cols = [x for x in cols if x[0] != c]
        truth.ambiguous, truth.why = True, "digit written but not marked"
    elif r < 2 * DIGIT_SLIPS:
        c, d = cols[int(rng.integers(len(cols)))]
        cols.append((c, (d + int(rng.integers(1, 10))) % 10))
        truth.ambiguous, truth.why = True, "two marks in a column"
    for c, d in cols:
        style = str(rng.choice(["x", "x", "tick", "slash"]))
        truth.boxes[bubble_id(c, d)] = BoxTruth(BoxState.marked, style, pen)
    return truth


def _digit_value(rng: np.random.Generator, q: Question) -> tuple[str, str]:
    """A value as its grid is marked (a digit or "_" per column) and as the reader states it."""
    if q.behaviour.dated:
        first, last = _date_window(q.constraint) or (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        day = first + dt.timedelta(days=int(rng.integers(0, (last - first).days + 1)))
        if q.digits in (6, 4):  # a month-year or year grid: the columns it prints, the date as ODK stores it
            day = day.replace(day=1) if q.digits == 6 else day.replace(month=1, day=1)
        return digits_of(day.isoformat(), q.digits or 8), day.isoformat()
    whole_cols = q.digits - q.decimals
    whole = int(rng.integers(0, 10 ** int(rng.integers(1, whole_cols + 1))))
    frac = int(rng.integers(0, 10 ** q.decimals)) if q.decimals else 0
    shown = str(whole).rjust(whole_cols, "0" if rng.random() < 0.4 else "_")
    if not q.decimals:
        return shown, str(whole)
    return shown + f"{frac:0{q.decimals}d}", str(float(f"{whole}.{frac:0{q.decimals}d}"))


def _date_window(constraint: str) -> tuple[dt.date, dt.date] | None:
    """The first and last dates a constraint names (a survey's window), when it names two; people answer
    within it, as they answer the day they fill the form."""
    named = sorted({dt.date.fromisoformat(d) for d in re.findall(r"\d{4}-\d{2}-\d{2}", constraint or "")})
    return (named[0], named[-1]) if len(named) >= 2 else None
