"""A stored KoboToolbox or ODK Central download read against the template: rows of answers with their ids.

Unlike Google's, these tools give every submission a UUID that survives
re-downloads and formats, and name the version an edit replaces
(`deprecatedID`; ODK's `KEY` stays the first version's id), so identity here
rests on ids, never on times or answers. Their own reviewers' verdicts
(`_validation_status`, `ReviewState`) travel with each row.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from ..plan import Plan
from ..roster import cell_id
from ..template import Template
from .channels import Channel, bare_uuid, meta_name, review_of
from .columns import UNIT_KEY, expected_keys
from .files import REPEAT_ROWS_KEY, REPEATS_KEY, FileKind, RawFile
from .rows import BeyondRow, ParsedFile, ParsedRow, Value
from .timestamps import DateOrder, Moment, parse_moment
from .xlsform import FormColumn, Role, answer_labels, map_form_columns, ticked

# Where each tool writes when a submission was made: the device's `end` (when the person finished, with its
# offset) first, then the server's receipt, which KoboToolbox writes in UTC without a zone.
TIME_COLUMNS = {Channel.kobo: ("end", "_submission_time"), Channel.odk: ("end", "SubmissionDate")}


def parse_form_file(index: int, raw: RawFile, template: Template, plan: Plan,
                    column_map: dict[str, str]) -> ParsedFile:
    channel = Channel.kobo if raw.kind == FileKind.kobo else Channel.odk
    cols = map_form_columns(template, raw.header, channel, column_map)
    notices = [f"{raw.source}: dòng 1, cột {c.index + 1} \"{c.title}\": cột không khớp câu hỏi nào của mẫu phiếu "
               f"(theo tên hay nhãn trong XLSForm), câu trả lời trong cột bị bỏ qua (unknown column, ignored); "
               f"survey map-column \"{c.title}\" MÃ_CÂU_HỎI hoặc \"-\"" for c in cols if c.role is Role.unknown]
    ordered: dict[str, list[FormColumn]] = {}
    for c in cols:
        if c.by_order:
            ordered.setdefault(c.title, []).append(c)
    if ordered:  # said once: several questions (or their options) share a label, whose columns are taken in turn
        notices.append(f"{raw.source}: " + "; ".join(
            f"{len(cs)} cột cùng nhãn \"{t}\" được ghép lần lượt với các câu "
            + ", ".join(f"{c.key}{'/' + c.option if c.option else ''} (cột {c.index + 1})" for c in cs)
            for t, cs in ordered.items()) + " theo thứ tự của biểu mẫu (columns of a label several questions share, "
            "taken in the form's order); nếu sai, tải lại tệp xuất theo tên câu hỏi (XML names) thay vì nhãn")
    whole = {c.key for c in cols if c.role in (Role.answer, Role.unit)}
    whole |= {row for c in cols if c.role is Role.rank and c.key for row in template.ranks[c.key]}
    split = {c.key for c in cols if c.role is Role.option}
    repeats = _Repeats(template, raw, channel)
    expected = expected_keys(template)
    missing = [k for k in expected if k not in whole | split | repeats.covered]
    for k in missing:
        name = "đơn vị (unit)" if k == UNIT_KEY else f"{k}. {template.question(k).text}"
        notices.append(f"{raw.source}: không có cột cho câu hỏi {name} (no column for this question); các câu trả lời "
                       "mới trong tệp này chờ người duyệt / new responses in this file wait for a reviewer")
    unread = repeats.unread if REPEAT_ROWS_KEY in raw.mapping else raw.mapping.get(REPEATS_KEY, "").split()
    if unread:
        notices.append(f"{raw.source}: các tệp nhóm lặp {' '.join(unread)} có dữ liệu nhưng chưa được đọc (repeat "
                       "group CSVs not read: the questionnaire has no roster this import knows)")
    meta = {c.title.strip(): c.index for c in cols if c.role is Role.meta}
    by_meta = {meta_name(t): i for t, i in meta.items()}
    rows: list[ParsedRow] = []
    for n, cells in raw.rows:
        def cell(i: int | None, cells: list[str] = cells) -> str:
            return cells[i] if i is not None and i < len(cells) else ""

        values = _values(template, cols, cells, split)
        named = {t: cell(i) for t, i in meta.items()}
        extra, beyond = repeats.values(named)
        values.update(extra)
        ids, primary, version, replaces = _ids(channel, named, by_meta, cell)
        stamp, moment = _moment(channel, named, plan)
        edits = named.get("Edits", "").strip()
        row = ParsedRow(index, raw.source, raw.sheet, n, moment, stamp, values, primary, via=channel,
                        ids=ids, version=version, replaces=replaces, edits=int(edits) if edits.isdigit() else None,
                        review=review_of(channel, named))
        row.beyond = beyond
        if primary is None:
            row.problems.append(f"{row.where()}: dòng không có mã bài nộp (_uuid / KEY / meta/instanceID) (no "
                                "submission id); hãy tải lại tệp xuất đầy đủ cột / export with every column")
        if moment is None:
            row.problems.append(f"{row.where()}: thời gian \"{stamp}\" không đọc được (unreadable timestamp)")
        rows.append(row)
    # an XForm decimal is written 3.5 whatever the phone's language, and never grouped
    points = {q.id: "." for q in template.questions if q.behaviour.digit_grid and not q.behaviour.dated}
    return ParsedFile(index, raw.source, raw.kind, rows, missing, notices,
                      [c.title for c in cols if c.role is Role.unknown], via=channel, decimal_marks=points)


def _values(template: Template, cols: list[FormColumn], cells: list[str], split: set[str | None]) -> dict[str, Value]:
    """Answers as the labels they name: option columns when the file has them (labels in one cell may hold
    spaces), the whole-answer column otherwise; "Other" texts are their own questions here."""
    values: dict[str, Value] = {}
    ticks: dict[str, list[str]] = {}
    asked: set[str] = set()
    for c in cols:
        text = cells[c.index] if c.index < len(cells) else ""
        if c.key is None:
            continue
        if c.role is Role.option and c.option is not None:
            t = ticked(text)
            if t is not None:
                asked.add(c.key)
            if t:
                ticks.setdefault(c.key, []).append(c.option)
        elif c.role is Role.unit:
            values[UNIT_KEY] = " ".join(text.split())
        elif c.role is Role.rank:  # "paper tv web radio": each row its option's place; a name not among the
            order = text.split()  # options leaves its row blank, so the ranking is incomplete and asked about
            for row, option in template.ranks[c.key].items():
                values[row] = [str(order.index(option) + 1)] if option in order else ""
        elif c.role is Role.answer and c.key not in split:
            q = template.question(c.key)
            got = answer_labels(q, text)
            if got or c.key not in values:
                values[c.key] = got
    for key in split:
        if key is None:
            continue
        q = template.question(key)
        chosen = set(ticks.get(key, []))
        values[key] = [o.online for o in q.options if o.id in chosen] if key in asked else ""
    return values


class _Repeats:
    """The repeat groups' rows of a download, by submission: the n-th row of a submission fills the roster's
    printed row n, by the XLSForm names of the repeat's columns; rows past the printed ones are kept as problems."""

    def __init__(self, template: Template, raw: RawFile, channel: Channel) -> None:
        self.template = template
        self.covered: set[str] = set()
        self.unread: list[str] = []
        self.tables: list[tuple[str, dict[int, tuple[str, str]], dict[str, list[list[str]]]]] = []
        tables: list[dict[str, Any]] = json.loads(raw.mapping.get(REPEAT_ROWS_KEY, "[]"))
        inner = {t["name"] for t in tables}  # a parent named by another repeat table's name (not the form's sheet)
        for t in tables:
            header: list[str] = t["header"]
            cols = self._columns(header)
            if not cols:
                self.unread.append(t["name"])
                continue
            link = [i for i, h in enumerate(header) if h.strip() in
                    ("PARENT_KEY", "_parent_index", "_submission__uuid", "_parent_table_name")]
            by_parent: dict[str, list[list[str]]] = {}
            for r in t["rows"]:
                named = {header[i].strip(): r[i] if i < len(r) else "" for i in link}
                if named.get("_parent_table_name", "").strip() in inner:
                    continue  # a repeat inside a repeat: its parent is another repeat's row
                for key in _parent_keys(named):
                    by_parent.setdefault(key, []).append(r)
                    break
            self.tables.append((t["name"], cols, by_parent))
            for roster, col in cols.values():
                self.covered |= {cell_id(col, n) for n in range(1, template.rosters[roster].rows + 1)}

    def _columns(self, header: list[str]) -> dict[int, tuple[str, str]]:
        """Header index -> (roster id, column id): `group/repeat/col` or `col`."""
        names = {c.id: rid for rid, ro in self.template.rosters.items() for c in ro.columns}
        out: dict[int, tuple[str, str]] = {}
        for i, h in enumerate(header):
            last = h.strip()
            for sep in ("/", "-", "."):
                last = last.rsplit(sep, 1)[-1]
            if last in names:
                out[i] = (names[last], last)
        return out

    def values(self, named: dict[str, str]) -> tuple[dict[str, Value], list[BeyondRow]]:
        own = [k for k in (f"key:{named.get('KEY', '').strip()}", f"index:{named.get('_index', '').strip()}",
                           f"uuid:{named.get('_uuid', '').strip()}") if not k.endswith(":")]
        values: dict[str, Value] = {}
        kept: list[BeyondRow] = []
        for name, cols, by_parent in self.tables:
            rows = next((by_parent[k] for k in own if k in by_parent), [])
            for roster, col in cols.values():
                for n in range(1, self.template.rosters[roster].rows + 1):
                    values.setdefault(cell_id(col, n), "")
            for n, r in enumerate(rows, start=1):
                for i, (roster, col) in cols.items():
                    text = r[i] if i < len(r) else ""
                    if n <= self.template.rosters[roster].rows:
                        values[cell_id(col, n)] = answer_labels(self.template.question(cell_id(col, n)), text)
            for n, r in enumerate(rows, start=1):
                roster = next(iter(cols.values()))[0]
                if n > self.template.rosters[roster].rows:
                    cells = "; ".join(f"{col}={r[i]}" for i, (_, col) in cols.items() if i < len(r) and r[i])
                    kept.append(BeyondRow(roster, name, n, cells))
        return values, kept


def _parent_keys(named: dict[str, str]) -> list[str]:
    out = []
    if named.get("PARENT_KEY", "").strip():
        out.append(f"key:{named['PARENT_KEY'].strip()}")
    if named.get("_parent_index", "").strip():
        out.append(f"index:{named['_parent_index'].strip()}")
    if named.get("_submission__uuid", "").strip():
        out.append(f"uuid:{named['_submission__uuid'].strip()}")
    return out


def _ids(channel: Channel, named: dict[str, str], by_meta: dict[str, int], cell: Callable[[int | None], str]) -> tuple[
        tuple[str, ...], str | None, str | None, str | None]:
    """Every id of the submission, the one that names it for good, this version's and the one it replaces."""
    instance = bare_uuid(cell(by_meta.get("instanceid")))
    replaces = bare_uuid(cell(by_meta.get("deprecatedid"))) or None
    ids: tuple[str, ...]
    if channel is Channel.odk:
        key = bare_uuid(named.get("KEY", ""))
        primary = key or instance or None
        version = instance or key or None
        ids = (key, instance)
    else:
        uuid = bare_uuid(named.get("_uuid", ""))
        root = bare_uuid(cell(by_meta.get("rootuuid")))
        version = instance or uuid or None
        primary = root or uuid or instance or None
        number = named.get("_id", "").strip()
        ids = (root, uuid, instance, f"kobo-id:{number}" if number else "")
    all_ids = tuple(dict.fromkeys(i for i in (*ids, replaces or "") if i))
    return all_ids, primary, version, replaces


def _moment(channel: Channel, named: dict[str, str], plan: Plan) -> tuple[str, Moment | None]:
    for title in TIME_COLUMNS[channel]:
        stamp = named.get(title, "").strip()
        if not stamp:
            continue
        tz = dt.UTC if title in ("_submission_time", "SubmissionDate") else plan.timezone
        moment = parse_moment(stamp, tz, DateOrder.day_first)
        if moment is not None:
            return stamp, moment
    stamps = [named.get(t, "") for t in TIME_COLUMNS[channel]]
    return next((s for s in stamps if s), ""), None
