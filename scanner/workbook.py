"""The tally as a workbook an office can use: Vietnamese sheets, one per question, per breakdown, units vs plan.

Every figure is read from the tally's tables (never recounted here), every
text cell goes through the formula guard (`xlsx_cells.guard_sheet`: text, shown without an apostrophe), dates
are date cells shown dd/mm/yyyy as in the report, and the file's clock readings are fixed so the same data
gives the same bytes.
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

from .kinds.registry import behaviour
from .numbering import Numbered, number_questions, row_letter, split_profile
from .plan import Plan
from .tally import (
    CHANNELS,
    GROUP_ALL,
    NO_ANSWER,
    SKIPPED,
    SKIPPED_LABEL,
    Tally,
    answered,
    cell,
    stable_zip,
)
from .tally_numbers import number_rows
from .template import Template
from .validate import Validation
from .vocab import QuotaState
from .xlsx_cells import as_date, date_cell, guard_sheet

PCT = "0.0%"
MIN_GROUP = 10
BAD_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


def _pct(v: Any) -> float | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else round(float(v) / 100, 4)


class _Sheet:
    """Appends rows and remembers which cells are headers and percentages, then formats them once."""

    def __init__(self, wb, title: str) -> None:
        self.ws = wb.create_sheet(title)
        self.headers: list[int] = []
        self.titles: list[int] = []
        self.widths: dict[int, int] = {}

    def title(self, text: str) -> None:
        self.ws.append([text])
        self.titles.append(self.ws.max_row)

    def header(self, cells: list[str]) -> None:
        self.ws.append(list(cells))
        self.headers.append(self.ws.max_row)

    def row(self, cells: list[Any], pct_cols: set[int] = frozenset()) -> None:  # type: ignore[assignment]
        vals = [_pct(c) if i in pct_cols else c for i, c in enumerate(cells)]
        self.ws.append(vals)
        r = self.ws.max_row
        for i in pct_cols:
            self.ws.cell(r, i + 1).number_format = PCT
        for i, c in enumerate(vals):
            self.widths[i] = max(self.widths.get(i, 0), len(str(c)) if c is not None else 0)

    def blank(self) -> None:
        self.ws.append([])

    def finish(self, first_col_max: int = 60) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        guard_sheet(self.ws)
        for row in self.ws.iter_rows():
            for c in row:
                date_cell(c)
        thin = Side(style="thin", color="999999")
        fill = PatternFill("solid", fgColor="DDE6F0")
        for r in self.titles:
            self.ws.cell(r, 1).font = Font(bold=True, size=12)
        for r in self.headers:
            for c in self.ws[r]:
                if c.value is not None:
                    c.font = Font(bold=True)
                    c.fill = fill
                    c.alignment = Alignment(wrap_text=True, vertical="center")
                    c.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        from openpyxl.utils import get_column_letter

        for i, w in self.widths.items():
            cap = first_col_max if i == 0 else 18
            self.ws.column_dimensions[get_column_letter(i + 1)].width = max(10, min(cap, w + 2))
        if self.headers:
            self.ws.freeze_panes = self.ws.cell(self.headers[0] + 1, 1)


def sheet_name(item: Numbered, used: set[str]) -> str:
    """"Câu 6. Chủ hộ có thẻ bảo hiểm": every question's sheet by its Câu number, then as many of its first words
    as Excel's 31 characters hold (a form numbering each section afresh has a Câu 1 in each; the words tell them
    apart, and a reader finds the question by either)."""
    base = _words_within(f"{item.label}. {' '.join(item.text.split())}".translate(BAD_SHEET_CHARS), 31)
    name, k = base, 2
    while name in used:
        name = f"{base[:28]} {k}"
        k += 1
    used.add(name)
    return name


def _words_within(text: str, most: int) -> str:
    """The text cut at the last whole word that fits in `most` characters (at `most` when one word is longer)."""
    text = text.strip()
    if len(text) <= most:
        return text
    cut = text[:most + 1].rsplit(" ", 1)[0] if " " in text[:most + 1] else text[:most]
    return cut.rstrip(" .,:;-–") or text[:most]


def _tabled(item: Numbered) -> bool:
    """Whether the item is tallied as a table of options (a choice or a grid of them)."""
    kind = behaviour(item.type)
    return kind.shares or kind.expands


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _question_sheet(sh: _Sheet, template: Template, t: Tally, item: Numbered, title: str) -> None:
    q = template.question(item.id)
    sh.title(title)
    all_rows = t.rows(q.id)
    if not all_rows.empty:
        first = all_rows.iloc[0]
        sh.row([f"Cơ số: {int(first.base_answered)} người trả lời câu hỏi / {int(first.base_all)} phiếu được tính"])
    multiple = q.behaviour.per_option
    head = ["Phương án"]
    for ch in CHANNELS:
        head += [f"{CHANNELS[ch]}: số ý kiến", f"{CHANNELS[ch]}: % người trả lời"]
    head += ["Chung: % tổng số phiếu"] + (["Chung: % tổng lượt chọn"] if multiple else [])
    sh.header(head)
    pct_cols = {2, 4, 6, 7} | ({8} if multiple else set())
    for o in [*q.options, None]:
        oid = o.id if o else ""
        cells: list[Any] = [o.label if o else NO_ANSWER.capitalize()]
        for ch in CHANNELS:
            sel = t.rows(q.id, ch)
            cells += [int(cell(sel, oid, "count") or 0), _float(cell(sel, oid, "pct_answered"))]
        cells.append(_float(cell(all_rows, oid, "pct_all")))
        if multiple:
            cells.append(_float(cell(all_rows, oid, "pct_choices")))
        sh.row(cells, pct_cols)
    if q.relevant:  # those the form told to skip it: listed apart, in no base
        sh.row([SKIPPED_LABEL.capitalize()] + [x for ch in CHANNELS for x in (int(cell(t.rows(q.id, ch), SKIPPED, "count") or 0),
                                                                             None)], pct_cols)
    if multiple:
        sh.blank()
        sh.row(["Câu hỏi nhiều lựa chọn: tỷ lệ trên số người trả lời có thể cộng lại quá 100%; "
                "tỷ lệ trên tổng lượt chọn cộng lại bằng 100%."])


def _grid_sheet(sh: _Sheet, template: Template, t: Tally, item: Numbered, title: str) -> None:
    sh.title(title)
    cols = template.question(item.rows[0]).options
    told = any(template.question(rid).relevant for rid in item.rows)  # a conditional grid lists those who skipped it
    sh.header(["Nội dung", "Số người trả lời"] + [f"{o.label}: số" for o in cols] + [f"{o.label}: %" for o in cols]
              + [NO_ANSWER.capitalize()] + ([SKIPPED_LABEL.capitalize()] if told else []))
    pct_cols = set(range(2 + len(cols), 2 + 2 * len(cols)))
    for i, rid in enumerate(item.rows):
        q = template.question(rid)
        sel = t.rows(rid)
        counts = [int(cell(sel, o.id, "count") or 0) for o in cols]
        pcts = [_float(cell(sel, o.id, "pct_answered")) for o in cols]
        sh.row([f"{row_letter(i)} {q.text}", answered(sel), *counts, *pcts, int(cell(sel, "", "count") or 0)]
               + ([int(cell(sel, SKIPPED, "count") or 0)] if told else []), pct_cols)


def _breakdown_sheet(sh: _Sheet, template: Template, t: Tally, group: str, items: list[Numbered],
                     min_group: int) -> None:
    for item in items:
        for k, qid in enumerate(item.rows or (item.id,)):
            q = template.question(qid)
            sel = t.rows(qid, "all", group)
            if sel.empty:
                continue
            label = f"{item.label}{row_letter(k)[0] if item.rows else ''}. {q.text}"
            sh.title(label)
            sh.header(["Nhóm", "Số người trả lời"] + [f"{o.label} (%)" for o in q.options] + ["Ghi chú"])
            pct_cols = set(range(2, 2 + len(q.options)))
            for key in t.group_keys(group):
                part = sel[sel.group_key == key]
                if part.empty:
                    continue
                n = answered(part)
                small = n < min_group
                pcts = [None if small else _float(cell(part, o.id, "pct_answered")) for o in q.options]
                note = (f"Nhóm dưới {min_group} người: số ý kiến " +
                        "; ".join(f"{o.label} {int(cell(part, o.id, 'count') or 0)}" for o in q.options)
                        if small else "")
                sh.row([part.group_label.iloc[0], n, *pcts, note], pct_cols)
            sh.blank()


# Answers outside the window are among the online answers received (valid or with problems), not more of them: the
# header says so, where "Trực tuyến ngoài thời gian" beside "Trực tuyến hợp lệ" read as if the two added up.
OUTSIDE_HEADER = "Trong đó gửi ngoài thời gian (nằm trong số trực tuyến đã nhận, không cộng thêm)"


def _units_sheet(sh: _Sheet, v: Validation) -> None:
    sh.title("Số phiếu của từng đơn vị so với kế hoạch")
    sh.header(["Đơn vị", "Loại", "Phiếu giấy theo kế hoạch", "Phiếu giấy đã nhận", "Phiếu giấy", "Trực tuyến tối thiểu",
               "Trực tuyến hợp lệ", "Trực tuyến", "Phiếu chờ duyệt", OUTSIDE_HEADER])
    for u in v.units:
        sh.row([u.name, u.type_label, u.paper_expected, u.paper_received, QuotaState.label_of(u.paper_state),
                "—" if u.online_min is None else u.online_min, u.online_received,
                QuotaState.label_of(u.online_state), u.awaiting_review, u.online_outside_window])
    sh.row(["Tổng", "", v.paper_total_expected, v.paper_total_received, "", "", sum(u.online_received for u in v.units),
            "", sum(u.awaiting_review for u in v.units), sum(u.online_outside_window for u in v.units)])


def _numbers_sheet(sh: _Sheet, template: Template, t: Tally, labels: dict[str, str]) -> None:
    """Number and date questions: count, mean, median, least, greatest per channel; then each one's bands.
    Each is named by its printed number too, as every other sheet cites its question."""

    def named(qid: str) -> str:
        text = template.question(qid).text
        return f"{labels[qid]}. {text}" if qid in labels else text

    sh.title("Câu hỏi về số và ngày tháng (trung bình chỉ tính cho số)")
    sh.header(["Câu", "Kênh", "Số người trả lời", "Trung bình", "Trung vị", "Nhỏ nhất / sớm nhất",
               "Lớn nhất / muộn nhất", "Bỏ trống", "Bỏ qua theo hướng dẫn"])
    for r in number_rows(t.numbers):
        day = as_date if behaviour(r.kind).dated else (lambda v: v)  # a date question's figures as dates
        sh.row([named(r.question), CHANNELS[r.channel], r.count,
                *[None if v is None or v != v else day(v) for v in (r.mean, r.median, r.min, r.max)],
                r.blank, r.skipped])
    if not t.bands.empty:
        sh.blank()
        sh.header(["Câu", "Kênh", "Nhóm", "Số người", "Tỷ lệ (%)"])
        for _, b in t.bands.iterrows():
            sh.row([named(str(b["question"])), CHANNELS[str(b["channel"])], b["label"],
                    int(b["count"]), b["pct"]], {4})


def _comments_sheet(sh: _Sheet, template: Template, t: Tally, labels: dict[str, str]) -> None:
    sh.title("Ý kiến ghi thêm và nội dung ghi ở phương án “Khác” (các ý kiến trùng nhau gộp một dòng)")
    sh.header(["Câu", "Nội dung", "Số người nêu"])
    for qid, items in t.comments.items():
        q = template.question(qid)
        where = labels.get(qid, q.text)
        if q.other_option:
            where = f"{where} — {q.option(q.other_option).label}"
        for text, n in items:
            sh.row([where, text, n])


def _summary_sheet(sh: _Sheet, plan: Plan, t: Tally, min_group: int) -> None:
    sh.title(f"Tổng hợp kết quả: {plan.title}")
    sh.header(["Kênh", "Phiếu được tính", "Phiếu chờ duyệt (chưa tính)"])
    for _, r in t.respondents.iterrows():
        sh.row([r.channel, int(r.final), int(r.pending)])
    sh.blank()
    if t.outside_window:
        sh.row([f"{t.outside_window} phiếu trực tuyến gửi ngoài thời gian khảo sát "
                f"{'được tính' if t.outside_included else 'không được tính'}."])
    sh.row([f"Tỷ lệ % tính trên số người trả lời từng câu; nhóm dưới {min_group} người ghi số ý kiến thay cho tỷ lệ."])


def build_workbook(template: Template, plan: Plan, t: Tally, v: Validation | None, min_group: int = MIN_GROUP):
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    sheets = [_Sheet(wb, "Tổng hợp")]
    _summary_sheet(sheets[0], plan, t, min_group)
    if v is not None and v.online_by_tool:
        sheets[0].blank()
        sheets[0].header(["Công cụ thu thập trực tuyến", "Phiếu trực tuyến hợp lệ"])
        for tool, n in v.online_by_tool.items():
            sheets[0].row([tool, n])
        if v.online_rejected:
            sheets[0].row([f"{v.online_rejected} bài nộp bị từ chối trên công cụ thu thập (đã lưu, không tính)"])
    if v is not None:
        sheets.append(_Sheet(wb, "Đơn vị so với kế hoạch"))
        _units_sheet(sheets[-1], v)
    used = {"Tổng hợp", "Đơn vị so với kế hoạch"}
    sections = number_questions(template)
    profile, content = split_profile(sections)
    titles = {s.index: s.title for s in sections}
    for item in [*profile, *content]:
        if not _tabled(item):  # writing, numbers and dates have sheets of their own
            continue
        sh = _Sheet(wb, sheet_name(item, used))
        title = f"{titles[item.section].capitalize()} — {item.label}. {item.text}"
        if behaviour(item.type).expands:
            _grid_sheet(sh, template, t, item, title)
        else:
            _question_sheet(sh, template, t, item, title)
        sheets.append(sh)
    if not t.numbers.empty:
        sheets.append(_Sheet(wb, "Số và ngày tháng"))
        _numbers_sheet(sheets[-1], template, t, {i.id: i.label for i in [*profile, *content]})
    if any(t.comments.values()):
        sheets.append(_Sheet(wb, "Ý kiến ghi thêm"))
        _comments_sheet(sheets[-1], template, t, {i.id: i.label for i in [*profile, *content]})
    names = t.group_names(template)
    for group in names:
        if group == GROUP_ALL:
            continue
        sh = _Sheet(wb, names[group].translate(BAD_SHEET_CHARS)[:31])
        _breakdown_sheet(sh, template, t, group, [c for c in content if _tabled(c)], min_group)
        sheets.append(sh)
    for sh in sheets:
        sh.finish()
    return wb


def write(template: Template, plan: Plan, t: Tally, out: Path, v: Validation | None = None,
          min_group: int = MIN_GROUP) -> list[Path]:
    """XLSX for people, or (any other --out) a folder of the machine CSV tables; the same data, the same bytes."""
    if out.suffix.lower() != ".xlsx":
        from .tally import write_csv

        return write_csv(t, out)
    wb = build_workbook(template, plan, t, v, min_group)
    buf = io.BytesIO()
    wb.save(buf)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(stable_zip(buf.getvalue()))
    return [out]
