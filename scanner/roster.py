"""Rosters (an XLSForm `repeat`): one printed table, one row per member, read into one record with its rows.

In the template a roster is one entry (its columns and each row's cells);
it is expanded into one question per cell (`sex[2]`) because that is how a
cell is read, checked, reviewed and exported, as a grid is expanded into
its rows. The record keeps the rows together again (`roster_rows`), and the
tally counts members, not sheets (tally.roster_counts).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .kinds import Kind
from .kinds.date import PARTIAL_DATES
from .kinds.registry import behaviour
from .vocab import AnswerStatus, ReviewReason

if TYPE_CHECKING:
    from .rules import QuestionResult
    from .template import Question, Rect, Template, _Reader

CELL_TYPES = {Kind.single, Kind.multiple, Kind.text}
HELD_VALUES = {k.value for k in Kind if behaviour(k).digit_grid}  # number, date: what a written cell may hold


@dataclass(frozen=True)
class RosterColumn:
    id: str
    label: str
    type: Kind  # single | multiple | text
    options: tuple[tuple[str, str], ...] = ()  # (id, label) of a choice column
    relevant: str = ""  # the column's own condition and constraint, in the columns' names (`${age} >= 15`)
    constraint: str = ""
    holds: Kind | None = None  # a written column asking an integer, decimal or date: the value its cells hold
    decimals: int = 0
    digits: int = 0  # a month-year (6) or year (4) date column: its grid's columns, the precision its cells keep


@dataclass(frozen=True)
class Roster:
    id: str
    text: str
    number: str
    page: int  # where it starts; a long roster's rows run on over the next pages
    columns: tuple[RosterColumn, ...]
    rows: int  # printed
    count: str = ""  # the `repeat_count` naming an answer, when it may ask for more rows than printed (`${n}`)


def cell_id(column: str, row: int) -> str:
    """A roster cell's question id: `sex[2]`, as ODK names a repeat's answers (no XLSForm name has brackets)."""
    return f"{column}[{row}]"


def parse_roster(rd: _Reader, q: dict[str, Any], p: str, page: int, text: str, online: str,
                 place: Callable[[int, Rect, str], None], claim: Callable[[str, str], None],
                 aliases: tuple[str, ...] = ()) -> tuple[Roster, list[Question]]:
    """The roster entry of the template JSON, and the question of each of its cells (titled online from the
    roster's online title; its aliases, titles a form made earlier had, give the cells theirs)."""
    from .online_titles import tell_apart
    from .template import Option, Question

    columns = []
    online_labels: dict[str, dict[str, str]] = {}
    also: dict[str, dict[str, tuple[str, ...]]] = {}
    said: dict[str, str] = {}  # a column's words online where they differ from its label
    for k, c in enumerate(rd.get(q, "columns", p, list)):
        cp = f"{p}.columns[{k}]"
        ctype_raw = rd.get(c, "type", cp, str)
        if ctype_raw not in CELL_TYPES:
            raise rd.fail(f"{cp}.type", f"unknown column type {ctype_raw!r}; use one of {sorted(CELL_TYPES)}")
        ctype = Kind(ctype_raw)
        pairs = tuple((rd.get(o, "id", f"{cp}.options[{j}]", str), rd.get(o, "label", f"{cp}.options[{j}]", str))
                      for j, o in enumerate(rd.get(c, "options", cp, list, [])))
        said[rd.get(c, "id", cp, str)] = rd.get(c, "online_label", cp, str, "")
        online_labels[rd.get(c, "id", cp, str)] = {  # a shared label's own Google Form choice (distinct_choices)
            str(o.get("id")): str(o["online_label"]) for o in rd.get(c, "options", cp, list, [])
            if isinstance(o, dict) and o.get("online_label")}
        also[rd.get(c, "id", cp, str)] = {  # other words an answer may name an option by (a name listed twice)
            str(o.get("id")): tuple(map(str, o["online_aliases"])) for o in rd.get(c, "options", cp, list, [])
            if isinstance(o, dict) and isinstance(o.get("online_aliases"), list)}
        if behaviour(ctype).shares and len(pairs) < 1:
            raise rd.fail(f"{cp}.options", "a choice column needs its options")
        holds_raw = rd.get(c, "holds", cp, str, None)
        if holds_raw is not None and (holds_raw not in HELD_VALUES or not behaviour(ctype).handwritten):
            raise rd.fail(f"{cp}.holds", f"{holds_raw!r}: a written column holds one of {sorted(HELD_VALUES)}")
        holds = Kind(holds_raw) if holds_raw is not None else None
        decimals = rd.get(c, "decimals", cp, int, 0)
        if decimals and (holds is None or behaviour(holds).decimals_error(decimals + 1, decimals)):
            raise rd.fail(f"{cp}.decimals", "only a number column keeps decimals")
        digits = rd.get(c, "digits", cp, int, 0)
        if digits and (holds is None or not behaviour(holds).dated or digits not in PARTIAL_DATES):
            raise rd.fail(f"{cp}.digits", f"only a date column keeps digits, {sorted(PARTIAL_DATES)} (month-year, "
                          "year)")
        columns.append(RosterColumn(rd.get(c, "id", cp, str), rd.get(c, "label", cp, str), ctype, pairs,
                                    rd.get(c, "relevant", cp, str, ""), rd.get(c, "constraint", cp, str, ""),
                                    holds, decimals, digits))
    if not columns:
        raise rd.fail(f"{p}.columns", "a roster needs at least one column")
    questions = []
    rows = rd.get(q, "rows", p, list)
    # a cell's Google Form title is its column's label: two columns of one label (the adult's and the child's "B5.
    # Gender" in one household member) are told apart by their place, "Gender (2)"; a form made before has two
    # columns of the old title, kept as the later cell's alias (online.columns.map_columns: in the form's order)
    # a symbol paper names ("[hamburger]") is kept online; the printed words stay an alias (below)
    heads = dict(zip((c.id for c in columns), tell_apart([said.get(c.id) or c.label for c in columns],
                                                         first_plain=True), strict=True))
    for i, row in enumerate(rows):
        rp = f"{p}.rows[{i}]"
        n = rd.get(row, "row", rp, int)
        if n != i + 1:
            raise rd.fail(f"{rp}.row", f"rows are numbered 1, 2, ... in order; expected {i + 1}")
        row_page = rd.get(row, "page", rp, int, page)  # a long roster continues on the next pages
        cells = rd.get(row, "cells", rp, dict)
        for col in columns:
            cp = f"{rp}.cells.{col.id}"
            cell = rd.get(cells, col.id, f"{rp}.cells", dict)
            cid = cell_id(col.id, n)
            claim(cid, cp)
            title, online_title = f"{col.label} [{n}]", f"{online} — {heads[col.id]} [{n}]"
            was = tuple(f"{a} — {col.label} [{n}]" for a in aliases)
            if heads[col.id] != col.label:
                was = (f"{online} — {col.label} [{n}]", *was)
            relevant, constraint = in_row(col.relevant, columns, n), in_row(col.constraint, columns, n)
            cell_page = rd.get(cell, "page", cp, int, row_page)  # a member longer than a page runs on
            if behaviour(col.type).handwritten:
                area = rd.rect(rd.get(cell, "area", cp, dict), f"{cp}.area")
                place(cell_page, area, f"{cp}.area")
                questions.append(Question(cid, Kind.text, cell_page, title, online_title, was, area=area, roster=q["id"],
                                          roster_row=n, column=col.id, relevant=relevant, constraint=constraint,
                                          holds=col.holds, decimals=col.decimals, digits=col.digits))
                continue
            boxes = rd.get(cell, "boxes", cp, list)
            if len(boxes) != len(col.options):
                raise rd.fail(f"{cp}.boxes", f"has {len(boxes)} boxes for {len(col.options)} options; give one each")
            options = []
            for j, ((oid, label), b) in enumerate(zip(col.options, boxes)):
                rect = rd.rect(b, f"{cp}.boxes[{j}]")
                box_page = rd.get(b, "page", f"{cp}.boxes[{j}]", int, cell_page)  # a long list runs on
                place(box_page, rect, f"{cp}.boxes[{j}]")
                options.append(Option(oid, label, rect, page=box_page if box_page != cell_page else 0,
                                      online_label=online_labels[col.id].get(oid, ""),
                                      aliases=also[col.id].get(oid, ())))
            questions.append(Question(cid, col.type, cell_page, title, online_title, was, options=tuple(options),
                                      max_choices=behaviour(col.type).most_options(None), roster=q["id"], roster_row=n,
                                      column=col.id, relevant=relevant,
                                      constraint=constraint))
    roster = Roster(q["id"], text, rd.get(q, "number", p, str, ""), page, tuple(columns), len(rows))
    return roster, questions


def in_row(text: str, columns: Sequence[RosterColumn], n: int) -> str:
    """A column's condition as row n's cells read it: `${age} >= 15` -> `${age[2]} >= 15` (a name that is no
    column of the roster, a question outside it, is left as it is). Text that is no expression is kept as
    written, for the template's check to refuse with its path."""
    from .logic.expression import ExpressionError, parse, rename, to_text

    if not text:
        return ""
    try:
        tree = parse(text)
    except ExpressionError:
        return text
    return to_text(rename(tree, {c.id: cell_id(c.id, n) for c in columns}))


def held_value(q: Question, answer: Any) -> tuple[Any, bool]:
    """A written cell's answer as the value its column asks for: an integer column's "34" the number 34, a date
    column's "05/01/1990" the date 1990-01-05 (as a question's date is held), a month-year column's "03/2024"
    2024-03-01 and a year column's "2024" 2024-01-01 (as ODK stores them); whether the writing is such a value
    (False: it stays what was written, for a person: "2024" where a month is asked is not guessed). Any other
    question's answer as it is."""
    from .kinds.registry import parse_online

    if q.holds is None or answer is None or answer == "":
        return answer, True
    value, understood = parse_online(q.holds, answer, q.decimals, columns=q.digits)
    return (value, True) if understood else (answer, False)


def misfit(q: Question, answer: Any) -> str:
    """Why a written cell's answer is not the value its column holds ("2024" where a month and year is asked:
    not guessed), in the sentence a reviewer and an importer are told for a question's date or number; "" when
    it is, when it is empty, or when the column holds words. Such an answer is never counted as written: the
    online import sends its response to review (online.derive), a transcription of it is refused (review.queue)."""
    from .kinds.registry import not_understood

    if q.holds is None or held_value(q, answer)[1]:
        return ""
    return not_understood(q.holds, answer, q.digits)


def written_misfit(template: Template, qid: str, text: str) -> str:
    """`misfit` for a transcription typed for the question `qid` ("" for an id the template does not have)."""
    try:
        return misfit(template.question(qid), text)
    except KeyError:
        return ""


def roster_rows(rosters: Mapping[str, Roster], answers: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Each roster's filled rows: {"row": n, column: answer, ...}; a row with no answer at all is no member."""
    out: dict[str, list[dict[str, Any]]] = {}
    for rid, ro in rosters.items():
        rows = []
        for n in range(1, ro.rows + 1):
            row = {c.id: answers.get(cell_id(c.id, n)) for c in ro.columns}
            if any(v not in (None, "", []) for v in row.values()):
                rows.append({"row": n, **row})
        out[rid] = rows
    return out


def settle_empty_rows(template: Template, results: dict[str, QuestionResult], inked: set[str]
                      ) -> dict[str, QuestionResult]:
    """A roster row left empty is no member, not a lost pencil mark: its blank cells on a 1-bit scan are
    not asked about. A row is empty when none of its boxes is marked and none of its write-in cells has ink;
    a row with anything in it keeps every rule (a blank cell beside a written name is still asked about)."""
    from dataclasses import replace

    rows: dict[tuple[str, int], list[str]] = {}
    written: set[tuple[str, int]] = set()
    for q in template.questions:
        if q.roster is None:
            continue
        key = (q.roster, q.roster_row)
        if q.id in results:
            rows.setdefault(key, []).append(q.id)
        if q.id in inked:
            written.add(key)
    out = dict(results)
    for key, qids in rows.items():
        if key in written or any(results[qid].answer or results[qid].status == AnswerStatus.answered for qid in qids):
            continue
        for qid in qids:
            r = results[qid]
            if r.reasons == (ReviewReason.blank_on_bilevel,):
                out[qid] = replace(r, status=AnswerStatus.blank, reasons=())
    return out
