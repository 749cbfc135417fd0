"""Google Forms exports written the way Google writes them, with the truth of every row.

Used for the bundled sample and the tests: both header languages and their
timestamp shapes, checkbox answers joined by ", " (options that contain
commas included), "Other" text, grid rows as "Question [Row]" columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import numpy as np

from ..kinds import Kind
from ..kinds.registry import behaviour, record_value
from ..online.columns import unit_asked
from ..plan import Plan
from ..template import Template
from ..write_ins import asked_apart
from .people import answer_sheet

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
OTHER_TEXTS = ("Trường hợp khác, ghi thêm", "Xem ghi chú kèm theo", "Ý kiến riêng")


def header(template: Template, vietnamese: bool) -> list[str]:
    cols = ["Dấu thời gian" if vietnamese else "Timestamp", *[template.online["unit_title"]] * unit_asked(template)]
    for q in template.questions:
        if q.behaviour.handwritten and q.other_of and not asked_apart(template, q):
            continue  # Google puts "Other" text inside the checkbox column itself
        cols.append(q.online_title)
    return cols


def _shown(value: object, vietnamese: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, str):  # an ISO date as the Sheet's locale shows it: 08/11/2023, or in English 11/8/2023
        y, m, d = value.split("-")
        return f"{d}/{m}/{y}" if vietnamese else f"{int(m)}/{int(d)}/{y}"
    text = f"{value:,}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".") if vietnamese else text


def timestamp(moment: dt.datetime, vietnamese: bool, shape: str) -> str:
    local = moment.astimezone(HANOI)
    if shape == "iso":
        return local.isoformat(timespec="seconds")
    if shape == "download":  # Forms "Download responses" CSV
        return local.strftime("%Y/%m/%d %-I:%M:%S %p") + " GMT+7"
    if vietnamese:
        return local.strftime("%d/%m/%Y %-H:%M:%S")
    return local.strftime("%-m/%-d/%Y %-H:%M:%S")


def _held(kind: Kind, digits: int, rng: np.random.Generator) -> str:
    """A value a roster's number or date column holds, as a respondent types it: "34", "05/01/1990", "03/2024"."""
    if not behaviour(kind).dated:
        return str(int(rng.integers(1, 90)))
    day, month, year = int(rng.integers(1, 29)), int(rng.integers(1, 13)), int(rng.integers(1940, 2024))
    return {6: f"{month:02d}/{year}", 4: f"{year}"}.get(digits, f"{day:02d}/{month:02d}/{year}")


def responses(template: Template, plan: Plan, n: int, seed: int, vietnamese: bool = True,
              shape: str = "sheet") -> tuple[str, list[dict]]:
    """CSV text and, per data row, the truth: unit, answers, other text, submission time."""
    rng = np.random.default_rng(seed)
    units = list(plan.units)
    rows, truth = [], []
    start = dt.datetime(2023, 11, 8, 7, 0, tzinfo=HANOI)
    for _ in range(n):
        answers, _pen = answer_sheet(rng, template)
        u = units[int(rng.integers(len(units)))]
        names = [u.name, *u.aliases]
        unit_text = names[int(rng.integers(len(names)))]
        moment = start + dt.timedelta(minutes=int(rng.integers(0, 8 * 24 * 60)))
        asked = unit_asked(template)  # (the unit drawn all the same: a seed gives the same answers either way)
        row = [timestamp(moment, vietnamese, shape), *[unit_text] * asked]
        t_answers: dict[str, object] = {}
        other: dict[str, str] = {}
        other_apart: dict[str, str] = {}  # a write-in asked as its own question (write_ins): its column's text
        for q in template.questions:
            if q.behaviour.handwritten:
                if q.other_of:
                    if asked_apart(template, q):  # its own column, filled when its option is chosen
                        row.append(other_apart.get(q.id, ""))
                    continue
                text = "Cần tăng cường bồi dưỡng, tập huấn cho cán bộ cơ sở" if rng.random() < 0.3 else ""
                if text and q.holds is not None:  # a roster's age or birth date column: what a person writes there
                    text = _held(q.holds, q.digits, rng)
                row.append(text)
                t_answers[q.id] = text or None
                continue
            if q.behaviour.digit_grid:  # as a Vietnamese or an English Google Sheet shows it
                given = answers[q.id].answer
                value = record_value(q.type, given, q.digits, q.decimals) if given else None
                row.append(_shown(value, vietnamese))
                t_answers[q.id] = value
                continue
            chosen = [o for o in answers[q.id].answer]
            if q.behaviour.one_option:
                chosen = chosen[:1]
            if q.max_choices:
                chosen = chosen[: q.max_choices]
            if q.exclusive and any(c in q.exclusive for c in chosen) and len(chosen) > 1:
                chosen = [c for c in chosen if c not in q.exclusive]
            if q.id in template.online.get("required", []) and not chosen:
                chosen = [q.options[0].id]
            labels = [q.option(c).online for c in chosen]
            write_in = next((w for w in template.questions if w.other_of == q.id), None)
            if write_in is not None and asked_apart(template, write_in) and q.other_option in chosen:
                other[write_in.id] = other_apart[write_in.id] = OTHER_TEXTS[int(rng.integers(len(OTHER_TEXTS)))]
            elif q.other_option is not None and q.other_option in chosen:
                # Google's "Other": the respondent's words stand in the column instead of an option
                written = OTHER_TEXTS[int(rng.integers(len(OTHER_TEXTS)))]
                labels = [q.option(c).online for c in chosen if c != q.other_option] + [written]
                if write_in is not None:
                    other[write_in.id] = written
            row.append(", ".join(labels))
            t_answers[q.id] = chosen
        for wq in template.questions:
            if wq.other_of:
                t_answers[wq.id] = other.get(wq.id)
        rows.append(row)
        truth.append({"unit": u.code if asked else None, "answers": t_answers, "submitted_at": moment.isoformat()})
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header(template, vietnamese))
    w.writerows(rows)
    return buf.getvalue(), truth
