"""Records out: JSON Lines, wide CSV/XLSX for spreadsheets (formula-like text kept text, dates as dates), and for analysts
SPSS and Stata files with a codebook (`analyst`, `stats_files`)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .formulas import FORMULA_START, neutralise
from .online.channels import channel_label
from .records import Record
from .roster import held_value
from .template import Template
from .xlsx_cells import as_date, date_cell, guard_sheet

PARTIAL_DATE_FORMATS = {6: "MM/YYYY", 4: "YYYY"}  # a month-year and a year date grid's columns

__all__ = ["FORMULA_START", "neutralise", "to_jsonl", "wide_columns", "wide_rows", "write_csv", "write_xlsx"]


def to_jsonl(records: Iterable[Record]) -> str:
    return "".join(json.dumps(r.to_json(), ensure_ascii=False, sort_keys=True) + "\n" for r in records)


def wide_columns(template: Template, labels: bool) -> list[tuple[str, str]]:
    """(column key, header) pairs: one per single-choice or text question, one per option of a multiple one."""
    cols = []
    for q in template.questions:
        if q.behaviour.per_option:
            for o in q.options:
                cols.append((f"{q.id}_{o.id}", f"{q.id}_{o.id} {o.label}" if labels else f"{q.id}_{o.id}"))
        else:
            cols.append((q.id, f"{q.id} {q.text}" if labels else q.id))
    return cols


def wide_rows(template: Template, records: Iterable[Record], labels: bool,
              guard: bool = True) -> tuple[list[str], list[list[Any]]]:
    """Header and rows; `guard` puts the CSV's apostrophe before formula-like text (a workbook guards by style)."""
    base = ["record_id", "channel", "via", "unit", "sheet_serial", "status", "uncertain", "flags", "submitted_at",
            "skipped"]
    cols = wide_columns(template, labels)
    rows = []
    for r in records:
        row: list[Any] = [r.record_id, r.channel, channel_label(r.via) if r.via else None, r.unit, r.sheet_serial,
                          r.status, " ".join(r.uncertain),
                          " ".join(r.flags), r.submitted_at, " ".join(r.skipped)]
        for q in template.questions:
            a = held_value(q, r.answers.get(q.id))[0]  # a roster's written age a number, its birth date a date
            if q.behaviour.per_option:
                row += [None if a is None else int(o.id in a) for o in q.options]
            elif q.as_data.dated and not guard:
                row.append(as_date(a))  # a workbook's date cell
            elif not q.behaviour.shares:  # writing, a number or a date: the value itself
                row.append(a)
            else:
                if not a:
                    row.append(None)
                elif labels:
                    row.append("; ".join(q.option(x).label for x in a))
                else:
                    row.append(";".join(a))
        rows.append([neutralise(v) for v in row] if guard else row)
    return base + [h for _, h in cols], rows


def write_csv(template: Template, records: Iterable[Record], labels: bool = False) -> str:
    header, rows = wide_rows(template, records, labels)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def write_xlsx(template: Template, records: Iterable[Record], out: Path, labels: bool = False,
               codebook: list[list[str]] | None = None) -> None:
    from openpyxl import Workbook

    header, rows = wide_rows(template, records, labels, guard=False)
    keys = [k for k, _ in wide_columns(template, labels)]
    base = len(header) - len(keys)
    # a month-year or year date is stored as ODK stores it (yyyy-mm-01, yyyy-01-01) and shown as it was asked
    partial = {base + keys.index(q.id): PARTIAL_DATE_FORMATS[q.digits] for q in template.questions
               if q.as_data.dated and q.digits in PARTIAL_DATE_FORMATS}
    wb = Workbook()
    ws = wb.active
    ws.title = "records"
    ws.append(header)
    for row in rows:
        ws.append(row)
        for k, c in enumerate(ws[ws.max_row]):
            date_cell(c)
            if k in partial and c.is_date:
                c.number_format = partial[k]
    for cell in ws[1]:
        cell.data_type = "s"
    guard_sheet(ws)
    if codebook:
        cb = wb.create_sheet("codebook")
        for row in codebook:
            cb.append(list(row))
        guard_sheet(cb)
    wb.save(out)


def column_headers(template: Template, labels: bool) -> dict[str, str]:
    """Variable name -> the column title the wide CSV/XLSX gives it, for the codebook."""
    return dict(wide_columns(template, labels))
