"""A stored KoboToolbox or ODK Central download read against the template: rows of answers with their ids.

Unlike Google's, these tools give every submission a UUID that survives
re-downloads and formats, and name the version an edit replaces
(`deprecatedID`; ODK's `KEY` stays the first version's id), so identity here
rests on ids, never on times or answers. Their own reviewers' verdicts
(`_validation_status`, `ReviewState`) travel with each row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ..plan import Plan
from ..template import Template
from .channels import Channel, bare_uuid, meta_name, review_of
from .columns import UNIT_KEY, expected_keys
from .files import REPEATS_KEY, FileKind, RawFile
from .rows import ParsedFile, ParsedRow, Value
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
    whole = {c.key for c in cols if c.role in (Role.answer, Role.unit)}
    split = {c.key for c in cols if c.role is Role.option}
    expected = expected_keys(template)
    missing = [k for k in expected if k not in whole | split]
    for k in missing:
        name = "đơn vị (unit)" if k == UNIT_KEY else f"{k}. {template.question(k).text}"
        notices.append(f"{raw.source}: không có cột cho câu hỏi {name} (no column for this question); các câu trả lời "
                       "mới trong tệp này chờ người duyệt / new responses in this file wait for a reviewer")
    if raw.mapping.get(REPEATS_KEY):
        notices.append(f"{raw.source}: các tệp nhóm lặp {raw.mapping[REPEATS_KEY]} có dữ liệu nhưng chưa được đọc (repeat "
                       "group CSVs not read: the questionnaire has no roster this import knows)")
    meta = {c.title.strip(): c.index for c in cols if c.role is Role.meta}
    by_meta = {meta_name(t): i for t, i in meta.items()}
    rows: list[ParsedRow] = []
    for n, cells in raw.rows:
        def cell(i: int | None, cells: list[str] = cells) -> str:
            return cells[i] if i is not None and i < len(cells) else ""

        values = _values(template, cols, cells, split)
        named = {t: cell(i) for t, i in meta.items()}
        ids, primary, version, replaces = _ids(channel, named, by_meta, cell)
        stamp, moment = _moment(channel, named, plan)
        edits = named.get("Edits", "").strip()
        row = ParsedRow(index, raw.source, raw.sheet, n, moment, stamp, values, primary, via=channel,
                        ids=ids, version=version, replaces=replaces, edits=int(edits) if edits.isdigit() else None,
                        review=review_of(channel, named))
        if primary is None:
            row.problems.append(f"{row.where()}: dòng không có mã bài nộp (_uuid / KEY / meta/instanceID) (no "
                                "submission id); hãy tải lại tệp xuất đầy đủ cột / export with every column")
        if moment is None:
            row.problems.append(f"{row.where()}: thời gian \"{stamp}\" không đọc được (unreadable timestamp)")
        rows.append(row)
    return ParsedFile(index, raw.source, raw.kind, rows, missing, notices,
                      [c.title for c in cols if c.role is Role.unknown], via=channel)


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
        values[key] = [o.label for o in q.options if o.id in chosen] if key in asked else ""
    return values


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
