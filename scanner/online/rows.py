"""One stored file read against the current template, plan and mappings: its rows as parsed answers.

Nothing here is stored: a later alias, a mapped column or unit, a changed
collection window all take effect on the next derivation, for every row
already imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..kinds import date, number
from ..plan import Plan
from ..template import Template
from .channels import Channel, Review
from .columns import IGNORE_KEY, UNIT_KEY, Column, ColumnKind, expected_keys, locale_day_first, map_columns, norm
from .files import FileKind, RawFile
from .timestamps import DateOrder, Moment, date_order, parse_moment

Value = str | list[str]


class BeyondRow(NamedTuple):
    """A repeat row past the roster's printed rows: no cell holds it, so a person must look (derive says so once,
    at the roster's count question when its answer asks for more rows, else on its own)."""

    roster: str
    group: str  # the repeat's name in the download
    row: int  # 1-based, within its submission
    cells: str  # "column=value; …", what it says

    def said(self, rows: int) -> str:
        return (f"nhóm lặp {self.group}: dòng thứ {self.row} vượt quá {rows} dòng in của bảng {self.roster} "
                f"({self.cells}) (repeat row beyond the printed rows, kept here)")


@dataclass
class ParsedRow:
    file_index: int
    source: str
    sheet: str | None
    row_number: int
    moment: Moment | None
    ts_text: str
    values: dict[str, Value]  # question id or UNIT_KEY -> the cell (a list of separate answers from the API)
    response_id: str | None = None
    problems: list[str] = field(default_factory=list)
    beyond: list[BeyondRow] = field(default_factory=list)  # repeat rows past the printed ones
    alternatives: tuple[Moment, ...] = ()  # day-first and month-first readings, when the file cannot tell
    via: str = Channel.google
    ids: tuple[str, ...] = ()  # every id the tool gave this submission or its versions (KoboToolbox, ODK)
    version: str | None = None  # this version's instanceID
    replaces: str | None = None  # the version it edits (deprecatedID)
    edits: int | None = None  # ODK Central's count of edits
    review: Review = field(default_factory=Review)
    _norm: dict[str, str] | None = field(default=None, repr=False, compare=False)

    def where(self) -> str:
        return f"{self.source}: dòng {self.row_number}"

    def norm_values(self) -> dict[str, str]:
        """The answers as compared for identity; computed once, rows are compared many times."""
        if self._norm is None:
            self._norm = {k: norm(", ".join(v) if isinstance(v, list) else v) for k, v in self.values.items()}
        return self._norm


@dataclass
class ParsedFile:
    index: int
    source: str
    kind: str
    rows: list[ParsedRow]
    missing: list[str]  # expected keys with no column in this file
    notices: list[str]  # whole-file messages: unknown columns, missing questions, undecided dates
    unknown: list[str] = field(default_factory=list)  # column titles (API: question ids) matching nothing
    via: str = Channel.google
    month_first: frozenset[str] = frozenset()  # date questions whose column this file writes m/d/yyyy
    decimal_marks: dict[str, str] = field(default_factory=dict)  # number question -> its column's decimal mark


def parse_file(index: int, raw: RawFile, template: Template, plan: Plan, column_map: dict[str, str]) -> ParsedFile:
    if raw.kind == FileKind.api:
        return _parse_api(index, raw, template, plan, column_map)
    if raw.kind in (FileKind.kobo, FileKind.odk):
        from .form_rows import parse_form_file

        return parse_form_file(index, raw, template, plan, column_map)
    return _parse_table(index, raw, template, plan, column_map)


def _parse_table(index: int, raw: RawFile, template: Template, plan: Plan, column_map: dict[str, str]) -> ParsedFile:
    cols = map_columns(template, raw.header, column_map)
    notices: list[str] = []
    for c in cols:
        if c.kind is ColumnKind.unknown:
            notices.append(f"{raw.source}: dòng 1, cột {c.index + 1} \"{c.title}\": cột không khớp câu hỏi nào của "
                           f"mẫu phiếu, câu trả lời trong cột bị bỏ qua (unknown column, ignored); nếu là một câu hỏi "
                           f"đã đổi tên: survey map-column \"{c.title}\" MÃ_CÂU_HỎI; nếu là cột ghi chú của văn phòng: "
                           f"survey map-column \"{c.title}\" -")
    ordered: dict[str, list[Column]] = {}
    for c in cols:
        if c.by_order:
            ordered.setdefault(c.title, []).append(c)
    if ordered:  # said once: a download of a form made before its questions' titles were told apart
        notices.append(f"{raw.source}: tệp tải từ biểu mẫu tạo trước khi các câu hỏi có tên riêng: " + "; ".join(
            f"{len(cs)} cột cùng tên \"{t}\" được ghép lần lượt với các câu "
            + ", ".join(f"{c.key} (cột {c.index + 1})" for c in cs) for t, cs in ordered.items())
            + " theo thứ tự của biểu mẫu (columns of one title, from a form made before, taken in the form's "
            "order); nếu sai, đổi tên các cột ấy trong tệp cho khác nhau rồi ánh xạ bằng survey map-column")
    by_key: dict[str, list[Column]] = {}
    for c in cols:
        if c.key is not None:
            by_key.setdefault(c.key, []).append(c)
    missing = [k for k in expected_keys(template) if k not in by_key]
    for k in missing:
        name = "đơn vị (unit)" if k == UNIT_KEY else f"{k}. {template.question(k).text}"
        notices.append(f"{raw.source}: không có cột cho câu hỏi {name} (no column for this question); các câu trả lời "
                       "mới trong tệp này chờ người duyệt / new responses in this file wait for a reviewer")
    ts_col = next((c for c in cols if c.kind is ColumnKind.timestamp), None)
    if ts_col is None:
        notices.append(f"{raw.source}: không có cột \"Dấu thời gian\" / \"Timestamp\" (no timestamp column); mọi dòng "
                       "chờ người duyệt / every row waits for a reviewer")
    stamps = [r[ts_col.index] if ts_col and ts_col.index < len(r) else "" for _, r in raw.rows]
    order = date_order(stamps, plan.timezone, locale_day_first(ts_col.title) if ts_col else None,
                       (plan.collection_start, plan.collection_end))
    rows: list[ParsedRow] = []
    undecided = 0
    empty: list[int] = []
    for (n, cells), stamp in zip(raw.rows, stamps, strict=True):
        values: dict[str, Value] = {}
        for key, group in by_key.items():
            texts = [cells[c.index] for c in group if c.index < len(cells) and cells[c.index]]
            values[key] = ", ".join(dict.fromkeys(texts))  # a title repeated per form section: one answer
        if not stamp and not any(values.values()):
            empty.append(n)  # only the office's own columns filled in: not a response
            continue
        moment = parse_moment(stamp, plan.timezone, order) if stamp else None
        row = ParsedRow(index, raw.source, raw.sheet, n, moment, stamp, values)
        undecidable = moment is None and stamp and order is DateOrder.undecided
        readings = tuple(m for m in (parse_moment(stamp, plan.timezone, o) for o in (DateOrder.day_first,
                         DateOrder.month_first)) if m) if undecidable else ()
        if readings:
            undecided += 1
            row.alternatives = readings
            row.problems.append(f"{row.where()}: thời gian \"{stamp}\": không biết ngày hay tháng đứng trước "
                                "(day and month cannot be told apart in this file); hãy tải tệp CSV bằng \"Tải xuống "
                                "câu trả lời\" của Google Forms (năm/tháng/ngày) / download the Forms CSV instead")
        elif moment is None:
            row.problems.append(f"{row.where()}: thời gian \"{stamp}\" không đọc được (unreadable timestamp)")
        rows.append(row)
    if empty:
        notices.append(f"{raw.source}: dòng {', '.join(map(str, empty))} không có thời gian và câu trả lời nào, "
                       "không phải câu trả lời, bỏ qua (rows with neither timestamp nor answers, not responses)")
    if undecided:
        notices.append(f"{raw.source}: {undecided} dòng có ngày/tháng không phân biệt được (day/month order "
                       "undecided); các dòng đó chờ người duyệt")
    month_first = _date_columns(template, rows, stamps, locale_day_first(ts_col.title) if ts_col else None,
                                raw.source, notices)
    return ParsedFile(index, raw.source, raw.kind, rows, missing, notices,
                      [c.title for c in cols if c.kind is ColumnKind.unknown], month_first=month_first,
                      decimal_marks=decimal_marks(template, rows, raw.source, notices))


def decimal_marks(template: Template, rows: list[ParsedRow], source: str, notices: list[str]) -> dict[str, str]:
    """Each number question's decimal mark in this file, read as the date order is: the column's own cells
    (3,5 or 1.234,5 say ","; 3.5 or 1,234.5 say "."), else the file's other number columns when they agree
    (one sheet, one locale) and the column shows no mark at all, else none: a cell that reads both ways (1,234)
    then waits for a person, and the column is named once. A form written in Spain, Brazil, France or Viet Nam writes 3,5; one in England 3.5."""
    def texts(v: Value | None) -> list[str]:
        return [x for x in (v if isinstance(v, list) else [v]) if isinstance(x, str) and x.strip()]

    cells = {q.id: [t for r in rows for t in texts(r.values.get(q.id))]
             for q in template.questions if q.behaviour.digit_grid and not q.behaviour.dated}
    marks = {qid: m for qid, c in cells.items() if (m := number.column_mark(c))}
    file_mark = set(marks.values()).pop() if len(set(marks.values())) == 1 else None
    for qid, c in cells.items():
        if qid in marks:
            continue
        # a column whose cells show both marks (people typing each their own way) has none of its own, and the
        # file's is no evidence for it: its cells that show theirs are read so, a cell that reads both ways is asked
        if file_mark and not any(number.mark_shown(t) for t in c):
            marks[qid] = file_mark
        elif template.question(qid).decimals and any(number.undecided_mark(t) for t in c):
            q = template.question(qid)  # (an integer question reads 1,234 only one way)
            notices.append(f"{source}: câu {qid} \"{q.online_title}\": không rõ dấu thập phân của cột (decimal mark "
                           "undecided: 1,234 reads as 1234 or 1.234); các ô đọc được hai cách chờ người duyệt")
    return marks


def _date_columns(template: Template, rows: list[ParsedRow], stamps: list[str], locale: bool | None, source: str,
                  notices: list[str]) -> frozenset[str]:
    """The date questions this file writes month first. Google writes a date answer in the sheet's locale (an
    English one: m/d/yyyy): a column's own cells decide, then the file's timestamps (the same locale), then the
    timestamp title's language; else day first, and an ambiguous column is named once."""
    stamp_days = [s.split()[0] for s in stamps if s.strip()]
    month_first = set()
    for q in (q for q in template.questions if q.behaviour.dated):
        cells = [v for r in rows if isinstance(v := r.values.get(q.id), str)]
        day_first = date.day_first_of(cells)
        if day_first is None:
            day_first = date.day_first_of(stamp_days)
        if day_first is None:
            day_first = locale
        if day_first is None and date.ambiguous(cells):
            notices.append(f"{source}: câu {q.id} \"{q.online_title}\": không biết ngày hay tháng đứng trước trong cột "
                           "ngày tháng (day/month order undecided), đọc là ngày/tháng/năm / read as dd/mm/yyyy")
        if day_first is False:
            month_first.add(q.id)
    return frozenset(month_first)


def _parse_api(index: int, raw: RawFile, template: Template, plan: Plan, column_map: dict[str, str]) -> ParsedFile:
    mapping = {**raw.mapping, **{k: v for k, v in column_map.items()}}
    known = set(expected_keys(template))
    mapped = {UNIT_KEY if v == ColumnKind.unit else v for v in mapping.values()} & known
    unknown: set[str] = set()
    seen: set[str] = set()
    rows: list[ParsedRow] = []
    for n, resp in raw.rows:
        values: dict[str, Value] = dict.fromkeys(mapped, "")  # the API leaves unanswered questions out
        for gid, ans in (resp.get("answers") or {}).items():
            target = mapping.get(gid) or mapping.get(norm(gid))
            target = UNIT_KEY if target == ColumnKind.unit else target
            if target == IGNORE_KEY:
                continue
            if target not in known:
                unknown.add(gid)
                continue
            texts = [str(a.get("value", "")) for a in ((ans or {}).get("textAnswers") or {}).get("answers", [])]
            values[target] = texts[0] if target == UNIT_KEY and texts else texts
            seen.add(target)
        stamp = str(resp.get("lastSubmittedTime") or resp.get("createTime") or "")
        moment = parse_moment(stamp, plan.timezone, DateOrder.day_first)
        row = ParsedRow(index, raw.source, None, n, moment, stamp, values, _text(resp.get("responseId")))
        if moment is None:
            row.problems.append(f"{row.where()}: thời gian \"{stamp}\" không đọc được (unreadable timestamp)")
        rows.append(row)
    missing = [k for k in expected_keys(template) if k not in mapped]
    notices = [f"{raw.source}: câu hỏi {g} không có trong bảng ánh xạ (unknown question id, ignored); "
               f"survey map-column \"{g}\" MÃ_CÂU_HỎI" for g in sorted(unknown)]
    notices += [f"{raw.source}: bảng ánh xạ không có câu hỏi {k} (the mapping names no Google question for it)"
                for k in missing]
    return ParsedFile(index, raw.source, raw.kind, rows, missing, notices, sorted(unknown),
                      decimal_marks=decimal_marks(template, rows, raw.source, notices))


def _text(v: Any) -> str | None:
    return str(v) if v else None
