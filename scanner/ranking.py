"""A ranking (XLSForm `rank`) put together from its grid's rows: each row the position its option was given.

Paper prints a ranking as a grid, a row per option and a column per position,
and the template reads each row as a single choice (template.Template.ranks).
Only the rows together say the order, and only when they agree: every option
given a position, no position given twice. Anything else, a position shared or a
ranking left part-way, is a question for a person on the rows concerned; an order
is never made up from what is there (the option left over may well be last, or
the respondent may have stopped).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .template import Template
from .vocab import ReviewReason

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Ranking:
    """One ranking of one record: its order (option ids, first place first) when whole, else None, and the rows
    a person must look at, each with why."""

    order: list[str] | None
    problems: dict[str, ReviewReason]


def _position(value: Any) -> int | None:
    """A row's answer as a position: its one option id ("3"), None when blank or not one position."""
    if isinstance(value, list | tuple):
        if len(value) != 1:
            return None
        value = value[0]
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isdigit() else None


def read_ranking(rows: Mapping[str, str], answers: Mapping[str, Any], unknown: Collection[str] = ()) -> Ranking:
    """rows: the ranking's row ids -> the option each ranks (Template.ranks[...]); answers: the record's.
    unknown: rows still waiting for a person (an uncertain box, two marks): the order waits with them."""
    positions = {rid: _position(answers.get(rid)) for rid in rows}
    if any(rid in unknown for rid in rows):
        return Ranking(None, {})
    given = {rid: p for rid, p in positions.items() if p is not None}
    if not given:
        return Ranking(None, {})  # not answered at all: skipped or left blank, as any question may be
    problems: dict[str, ReviewReason] = {}
    by_position: dict[int, list[str]] = {}
    for rid, p in given.items():
        by_position.setdefault(p, []).append(rid)
    for shared in by_position.values():
        if len(shared) > 1:
            problems.update(dict.fromkeys(shared, ReviewReason.rank_shared))
    problems.update({rid: ReviewReason.rank_incomplete for rid in rows if rid not in given})
    if problems:
        return Ranking(None, problems)
    return Ranking([rows[rid] for rid in sorted(given, key=given.__getitem__)], {})


def rankings(template: Template, answers: Mapping[str, Any], unknown: Collection[str] = ()) -> dict[str, Ranking]:
    """Every ranking of the template, read from a record's answers."""
    return {rid: read_ranking(rows, answers, unknown) for rid, rows in template.ranks.items()}


def rank_orders(found: Mapping[str, Ranking]) -> dict[str, list[str]]:
    """What a record keeps: each whole ranking's order (a ranking in doubt or unanswered is left out)."""
    return {rid: r.order for rid, r in found.items() if r.order is not None}


RANK_COLUMNS = ["option", "option_label", "rankings", "first", "pct_first", "mean_position", "void"]


def void_rankings(template: Template, records: Sequence[tuple[Mapping[str, list[str]], Mapping[str, Any]]], rank: str) -> int:
    """How many records (their orders and answers) hold a ranking with places given but no whole order: a place
    given twice or a ranking left part-way that a person confirmed as written. Such a record is final, as every
    settled one is, and its ranking is in no figure, so the report says how many were left out."""
    rows = template.ranks[rank]
    return sum(1 for orders, answers in records
               if rank not in orders and any(_position(answers.get(rid)) is not None for rid in rows))


def rank_table(template: Template, orders: list[dict[str, list[str]]], rank: str, void: int = 0) -> pd.DataFrame:
    """A ranking tallied over the records' whole orders (Record.ranks; a ranking in doubt is not one of them): per
    option, how many ranked it first and its mean place (1 = first), in the form's order of options; void: the
    records whose ranking a person left void (void_rankings), the same on every row."""
    import pandas as pd

    rows = template.ranks[rank]
    whole = [o[rank] for o in orders if rank in o]
    labels = {opt: template.question(rid).text for rid, opt in rows.items()}
    out = []
    for opt, label in labels.items():
        places = [order.index(opt) + 1 for order in whole if opt in order]
        first = sum(1 for order in whole if order and order[0] == opt)
        out.append((opt, label, len(whole), first, round(100 * first / len(whole), 1) if whole else float("nan"),
                    round(sum(places) / len(places), 2) if places else float("nan"), void))
    return pd.DataFrame(out, columns=RANK_COLUMNS)
