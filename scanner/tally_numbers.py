"""The tally of number and date questions: count, mean, median, least and greatest, and counts per band.

A number is summed up, not shared out among options: the respondents who
gave one, its mean and median, its range, and how many fall in each of the
question's own bands (the lower bounds in its `bands` column, such as age
groups). A date has no mean; its median, earliest and latest are dates.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .kinds import Kind
from .logic.bounds import constraint_bounds
from .records import Record
from .template import Question, Template

CHANNELS = ("paper", "online", "all")
NUMBER_COLUMNS = ["channel", "question", "kind", "count", "mean", "median", "min", "max", "blank", "skipped"]
BAND_COLUMNS = ["channel", "question", "band", "label", "count", "pct"]
GROUP_COLUMNS = ["group", "group_key", "group_label", "question", "count", "mean", "median"]


@dataclass(frozen=True)
class NumberRow:
    """One row of the numbers table (NUMBER_COLUMNS), typed: its kind a Kind, not the string the frame holds."""

    channel: str
    question: str
    kind: Kind
    count: int
    mean: Any
    median: Any
    min: Any
    max: Any
    blank: int
    skipped: int


def number_rows(frame: pd.DataFrame) -> list[NumberRow]:
    """The numbers table's rows as NumberRow, in order (a frame written to CSV keeps the kind as its value)."""
    return [NumberRow(str(r["channel"]), str(r["question"]), Kind(str(r["kind"])), int(r["count"]), r["mean"],
                      r["median"], r["min"], r["max"], int(r["blank"]), int(r["skipped"]))
            for _, r in frame.iterrows()]


def _values(q: Question, records: list[Record]) -> list[Any]:
    return [r.answers.get(q.id) for r in records if r.answers.get(q.id) is not None and q.id not in r.skipped]


def number_stats(template: Template, records: list[Record]) -> pd.DataFrame:
    """One row per channel and number or date question, over the records counted."""
    out = []
    for q in (q for q in template.questions if q.behaviour.digit_grid):
        for channel in CHANNELS:
            part = [r for r in records if channel in ("all", r.channel)]
            vals = _values(q, part)
            skipped = sum(1 for r in part if q.id in r.skipped)
            blank = len(part) - len(vals) - skipped
            out.append([channel, q.id, q.type.value, len(vals), *q.behaviour.summary(vals), blank, skipped])
    return pd.DataFrame(out, columns=NUMBER_COLUMNS)


def band_label(bands: tuple[float, ...], k: int, whole: bool) -> str:
    """"18–59" for whole numbers (the band ends before the next bound), "từ 60" for the last; "dưới 0" before all."""
    def f(x: float) -> str:
        return f"{x:g}".replace(".", ",")

    if k < 0:
        return f"dưới {f(bands[0])}"
    if k == len(bands) - 1:
        return f"từ {f(bands[k])}"
    if whole:  # a band of one whole number ("0" in bands 0 1 5) is that number, not "0–0"
        last = bands[k + 1] - 1
        return f(bands[k]) if last <= bands[k] else f"{f(bands[k])}–{f(last)}"
    return f"từ {f(bands[k])} đến dưới {f(bands[k + 1])}"


def band_range(bands: tuple[float, ...], k: int) -> tuple[float, float]:
    """The answers band k holds, [low, high): k = -1 is the band below the first bound."""
    low = bands[k] if k >= 0 else float("-inf")
    return low, bands[k + 1] if k + 1 < len(bands) else float("inf")


def possible_bands(q: Question) -> list[int]:
    """The bands (-1 for the one below the first bound) some answer the question's constraint allows falls in:
    an age asked `. >= 15` lists no "dưới 15", a count from 0 no "dưới 0"."""
    allowed = constraint_bounds(q.constraint)
    if not q.decimals:
        allowed = allowed.whole()
    below = allowed.low is not None or q.bands[0] > 0  # bands from 0 or below: a count has nothing under them
    return [k for k in range(-1 if below else 0, len(q.bands)) if allowed.meets(*band_range(q.bands, k))]


def band_labels(q: Question) -> list[str]:
    """A number's bands in order (those its constraint allows), as a breakdown lists its groups."""
    if not q.behaviour.banded or not q.bands:
        return []
    return [band_label(q.bands, k, not q.decimals) for k in possible_bands(q)]


def band_of(q: Question, value: float) -> str:
    """The label of the band a value falls in."""
    k = sum(1 for b in q.bands if value >= b) - 1
    return band_label(q.bands, k, not q.decimals)


def band_counts(template: Template, records: list[Record]) -> pd.DataFrame:
    """How many answers fall in each band, per channel, and their share of those who answered."""
    out = []
    for q in (q for q in template.questions if q.behaviour.banded and q.bands):
        every = [float(v) for v in _values(q, records)]
        possible = set(possible_bands(q))
        # a band no allowed answer falls in is listed only when an answer fell there all the same (the same rows
        # in each channel)
        shown = [k for k in range(-1, len(q.bands))
                 if k in possible or any(_inside(v, band_range(q.bands, k)) for v in every)]
        for channel in CHANNELS:
            vals = [float(v) for v in _values(q, [r for r in records if channel in ("all", r.channel)])]
            rows = [(k, sum(1 for v in vals if _inside(v, band_range(q.bands, k)))) for k in shown]
            for k, n in rows:
                out.append([channel, q.id, k, band_label(q.bands, k, not q.decimals), n,
                            round(100 * n / len(vals), 1) if vals else None])
    return pd.DataFrame(out, columns=BAND_COLUMNS)


def _inside(v: float, band: tuple[float, float]) -> bool:
    return band[0] <= v < band[1]


def numbers_by_group(template: Template, records: list[Record], keys_of: Callable[[Record], dict[str, str]],
                     label_of: Callable[[str, str], str]) -> pd.DataFrame:
    """Each number question's count, mean and median per group (unit, and each breakdown question), over the
    records counted, both channels: a number is broken down as a choice is (mean visits by age band). A date
    has no mean, and a question is not broken down by itself. keys_of: a record's key in each group."""
    numbers = [q for q in template.questions if q.behaviour.digit_grid and not q.behaviour.dated]
    out: list[list[Any]] = []
    keyed = [(r, keys_of(r)) for r in records]
    for q in numbers:
        for group in (keyed[0][1] if keyed else {}):
            if group == q.id:
                continue
            by: dict[str, list[float]] = {}
            for r, keys in keyed:
                value = r.answers.get(q.id)
                if value is not None and q.id not in r.skipped:
                    by.setdefault(keys[group], []).append(float(value))
            for key in sorted(by):
                vals = by[key]
                out.append([group, key, label_of(group, key), q.id, len(vals), round(statistics.fmean(vals), 2),
                            statistics.median(vals)])
    return pd.DataFrame(out, columns=GROUP_COLUMNS)
