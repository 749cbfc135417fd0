"""Section III: each question in the form's order and numbering, then the breakdowns by unit and group."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from ..logic.bounds import constraint_bounds
from ..numbering import Numbered, row_letter
from ..tally import CHANNELS, NO_ANSWER, SKIPPED, SKIPPED_LABEL, Tally, answered, cell, comment_key, option_rows
from ..template import Question, Template
from . import charts
from .fmt import num, pct, short_date
from .model import Block, BlockKind, Chart, Heading, Para, Table

SMALL_NOTE = "Số trong ngoặc: nhóm dưới {n} người trả lời câu đó, ghi số ý kiến thay cho tỷ lệ phần trăm."
LIST_MAX = 12


def question_table(t: Tally, q: Question) -> Table:
    """Counts by channel and in total, with the share of those who answered (and of all choices, for several)."""
    multiple = q.behaviour.per_option
    headers = ["Phương án", CHANNELS["paper"], CHANNELS["online"], "Tổng số", "Tỷ lệ (%)"]
    if multiple:
        headers[-1] = "% người trả lời"
        headers.append("% lượt chọn")
    per = {ch: t.rows(q.id, ch) for ch in CHANNELS}
    rows = []
    for o in [*q.options, None]:
        oid = o.id if o else ""
        cells = [o.label if o else NO_ANSWER.capitalize()]
        cells += [num(cell(per[ch], oid, "count") or 0) for ch in CHANNELS]
        cells.append(pct(cell(per["all"], oid, "pct_answered")) if o else "")
        if multiple:
            cells.append(pct(cell(per["all"], oid, "pct_choices")) if o else "")
        rows.append(tuple(cells))
    if q.relevant:  # those the form told to skip it: listed apart, in no base
        rows.append((SKIPPED_LABEL.capitalize(), *[num(cell(per[ch], SKIPPED, "count") or 0) for ch in CHANNELS],
                     *[""] * (len(headers) - 4)))
    return Table(tuple(headers), tuple(rows))


def base_note(t: Tally, q: Question) -> Para:
    sel = t.rows(q.id)
    total = int(sel.base_all.iloc[0]) if not sel.empty else 0
    extra = ("; câu hỏi nhiều lựa chọn nên tỷ lệ trên số người trả lời có thể cộng lại quá 100%, "
             "tỷ lệ trên tổng lượt chọn cộng lại bằng 100%") if q.behaviour.per_option else ""
    skipped = int(cell(sel, SKIPPED, "count") or 0)
    told = f" ({num(skipped)} phiếu bỏ qua câu này theo hướng dẫn, không tính)" if skipped else ""
    return Para(f"Cơ số: {num(answered(sel))} người trả lời câu hỏi trên {num(total)} phiếu được tính{told}{extra}.",
                BlockKind.note)


def question_chart(t: Tally, q: Question) -> Chart:
    sel = t.rows(q.id)
    return Chart(charts.bars([o.label for o in q.options],
                             [float(cell(sel, o.id, "pct_answered") or 0) for o in q.options],
                             "% số người trả lời câu hỏi"), "")


def grid_table(t: Tally, template: Template, item: Numbered) -> Table:
    cols = template.question(item.rows[0]).options
    rows = []
    for i, rid in enumerate(item.rows):
        sel = t.rows(rid)
        rows.append((f"{row_letter(i)} {template.question(rid).text}", num(answered(sel)),
                     *[pct(cell(sel, o.id, "pct_answered")) for o in cols]))
    return Table(("Nội dung", "Số người trả lời", *[f"{o.label} (%)" for o in cols]), tuple(rows))


def rank_table(t: Tally, item: Numbered) -> Table:
    """A ranking: per option, the share of whole rankings that put it first and its mean place (1 = first), the
    most often first at the top; a ranking in doubt or left part-way is in no figure until a person settles it."""
    frame = t.ranks.get(item.id)
    rows = [] if frame is None else sorted(frame.itertuples(), key=lambda r: (-r.first, r.mean_position))
    return Table(("Phương án", "Số người xếp đủ", "Xếp thứ nhất (%)", "Thứ hạng trung bình"),
                 tuple((r.option_label, num(r.rankings), pct(r.pct_first),
                        "—" if math.isnan(r.mean_position) else f"{r.mean_position:.2f}".replace(".", ","))
                       for r in rows))


def grid_chart(t: Tally, template: Template, item: Numbered) -> Chart:
    cols = template.question(item.rows[0]).options
    values = [[float(cell(t.rows(rid), o.id, "pct_answered") or 0) for o in cols] for rid in item.rows]
    labels = [f"{row_letter(i)} {template.question(rid).text}" for i, rid in enumerate(item.rows)]
    return Chart(charts.stacked(labels, [o.label for o in cols], values, "% số người trả lời từng nội dung"), "")


def _value(v: Any, dated: bool, year: bool = False) -> str:
    """A figure as Vietnamese writes it (decimal comma, thousands dot), a date as dd/mm/yyyy; a year (`year`) with
    no thousands dot: 1993, 2009,75, never 1.993."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    if dated:
        return short_date(dt.date.fromisoformat(str(v)))
    x = float(v)
    text = num(x) if x.is_integer() else f"{x:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return text.replace(".", "") if year else text


def _a_year(q: Question) -> bool:
    """A number the form itself bounds within the years 1800-2100 (`. >= 1960 and . <= 2023`): a year."""
    b = constraint_bounds(q.constraint)
    return b.low is not None and b.high is not None and 1800 <= b.low <= b.high <= 2100


def number_blocks(t: Tally, q: Question) -> list[Block]:
    """A number's or date's summary per channel, and its bands' counts when the question names bands."""
    stats = t.numbers[t.numbers.question == q.id] if not t.numbers.empty else t.numbers
    if stats.empty or int(stats[stats.channel == "all"]["count"].iloc[0]) == 0:
        return [Para("Chưa có câu trả lời nào được ghi nhận.", BlockKind.note)]
    date = q.behaviour.dated
    heads = ("Kênh", "Số người trả lời", *(("Trung vị", "Sớm nhất", "Muộn nhất") if date else
                                          ("Trung bình", "Trung vị", "Nhỏ nhất", "Lớn nhất")))
    rows = []
    year = _a_year(q)
    for ch in CHANNELS:
        r = stats[stats.channel == ch].iloc[0]
        figures = (r["median"], r["min"], r["max"]) if date else (r["mean"], r["median"], r["min"], r["max"])
        rows.append((CHANNELS[ch], num(r["count"]), *[_value(v, date, year) for v in figures]))
    out: list[Block] = [Table(heads, tuple(rows))]
    bands = t.bands[(t.bands.question == q.id) & (t.bands.channel == "all")] if not t.bands.empty else t.bands
    if not bands.empty:
        out.append(Table(("Nhóm", "Số người", "Tỷ lệ (%)"),
                         tuple((str(b["label"]), num(b["count"]), pct(b["pct"])) for _, b in bands.iterrows())))
        out.append(Chart(charts.bars([str(x) for x in bands.label], [float(x or 0) for x in bands.pct],
                                     "% số người trả lời câu hỏi"), ""))
    return out


# what respondents write to say they have nothing to say (as tally.comment_key reads them): no opinion to list
NO_COMMENT = frozenset({"không", "không có", "không có ý kiến", "không ý kiến", "chưa có ý kiến", "không có ý kiến gì",
                        "không có ý kiến khác", "không có kiến nghị", "không có đề xuất", "không có kiến nghị, đề xuất",
                        "không có gì", "không có gì thêm", "không có ý kiến thêm", "không có ý kiến đề xuất", "-", "--",
                        "", "…", "x", "0"})  # "..." is "" once its dots are stripped


def comment_blocks(items: list[tuple[str, int]], empty: str) -> list[Block]:
    """One line per comment while they are few; past LIST_MAX, one running paragraph keeps the report compact."""
    if not items:
        return [Para(empty, BlockKind.note)] if empty else []
    shown = [f"{text}{f' ({n} ý kiến)' if n > 1 else ''}" for text, n in items]
    if len(shown) <= LIST_MAX:
        return [Para(x, BlockKind.item) for x in shown]
    return [Para("; ".join(shown) + ".", BlockKind.item)]


def question_blocks(t: Tally, template: Template, item: Numbered) -> list[Block]:
    out: list[Block] = [Heading(f"{item.label}. {item.text}", 3)]
    if item.behaviour.ranks:
        return [*out, rank_table(t, item), grid_table(t, template, item)]
    if item.behaviour.expands:
        return [*out, grid_table(t, template, item), grid_chart(t, template, item)]
    q = template.question(item.id)
    if q.behaviour.digit_grid:
        return [*out, *number_blocks(t, q)]
    if q.behaviour.handwritten:
        every = t.comments.get(q.id, [])
        items = [(text, n) for text, n in every if comment_key(text) not in NO_COMMENT]
        none_said = sum(n for text, n in every if comment_key(text) in NO_COMMENT)
        said_none = f"{num(none_said)} người ghi “không có ý kiến” hoặc tương tự, không tính là ý kiến." if none_said else ""
        if not items:
            return [*out, Para(said_none or "Chưa có ý kiến nào được ghi nhận.", BlockKind.note)]
        total = sum(n for _, n in items)
        out.append(Para(f"Có {num(total)} ý kiến ghi thêm, gộp thành {num(len(items))} nội dung "
                        "(các ý kiến trùng nhau được ghi một lần, kèm số người nêu):", BlockKind.note))
        return out + comment_blocks(items, "") + ([Para(said_none, BlockKind.note)] if said_none else [])
    out += [question_table(t, q), base_note(t, q)]
    if len(q.options) >= 3:
        out.append(question_chart(t, q))
    if q.other_option:
        items = t.comments.get(q.id, [])
        if items:
            out.append(Para(f"Nội dung ghi ở phương án “{q.option(q.other_option).label}”:", BlockKind.note))
            out += comment_blocks(items, "")
    return out


def _indicators(template: Template, content: list[Numbered]) -> tuple[list[tuple[str, Question]], list[str]]:
    """The columns of a breakdown table (each single-choice question and each grid row, by its form number),
    and the legend naming the two options each column counts."""
    out, legend = [], []
    for item in content:
        q = template.question(item.rows[0] if item.rows else item.id)
        if len(q.options) < 2:
            continue
        two = f"“{q.options[0].label}” hoặc “{q.options[1].label}”"
        if item.behaviour.one_option and len(q.options) >= 3:
            out.append((item.label, q))
            legend.append(f"{item.label}: {two}")
        elif item.behaviour.expands and not item.behaviour.ranks:  # (a ranking's places are no two-option share)
            names = [f"{item.label}{row_letter(k)[0]}" for k in range(len(item.rows))]
            out += [(name, template.question(rid)) for name, rid in zip(names, item.rows, strict=True)]
            legend.append(f"{names[0]}–{names[-1]}: {two}")
    return out, legend


def breakdown_table(t: Tally, group: str, indicators: list[tuple[str, Question]], min_group: int) -> tuple[Table, bool]:
    """Per group: how many answered, and per question the share choosing its first two options."""
    from .findings import share, top_two

    per = {label: t.rows(q.id, "all", group) for label, q in indicators}
    keys = t.group_keys(group)
    rows, small_any = [], False
    for key in keys:
        n, label, cells = 0, "", []
        small_row = False
        for name, q in indicators:
            part = per[name][per[name].group_key == key]
            label = part.group_label.iloc[0]
            n = int(part.base_all.iloc[0])
            s = share(option_rows(part), top_two(q))
            small = s.base < min_group
            small_row |= small
            cells.append(f"({num(s.count)})" if small else pct(s.pct))
        small_any |= small_row
        rows.append((label, num(n), *cells))
    return Table(("Nhóm", "Số phiếu", *[name for name, _ in indicators]), tuple(rows)), small_any


def number_breakdown_table(t: Tally, template: Template, group: str, numbers: list[Numbered],
                           min_group: int) -> tuple[Table, bool]:
    """Per group: each number question's mean and median (a group under min_group shows how many answered)."""
    frame = t.number_groups
    part = frame[frame.group == group] if not frame.empty else frame
    present = set(part.group_key) if not part.empty else set()
    keys = [k for k in t.order.get(group, []) if k in present] + sorted(present - set(t.order.get(group, [])))
    shown = [item for item in numbers if item.id != group]
    years = {item.id: _a_year(template.question(item.id)) for item in shown}
    rows, small_any = [], False
    for key in keys:
        mine = part[part.group_key == key]
        cells = []
        for item in shown:
            r = mine[mine.question == item.id]
            if r.empty:
                cells.append("—")
            elif int(r["count"].iloc[0]) < min_group:
                small_any = True
                cells.append(f"({num(int(r['count'].iloc[0]))})")
            else:
                year = years[item.id]
                cells.append(f"{_value(r['mean'].iloc[0], False, year)} / {_value(r['median'].iloc[0], False, year)}")
        rows.append((str(mine.group_label.iloc[0]), *cells))
    return Table(("Nhóm", *[f"{item.label}: trung bình / trung vị" for item in shown]), tuple(rows)), small_any


def breakdown_blocks(t: Tally, template: Template, content: list[Numbered], min_group: int) -> list[Block]:
    """By unit and by each breakdown question: one compact table each (every option per group is in the workbook),
    and the numbers' means and medians per group; nothing when no question of the content breaks down."""
    indicators, legend_items = _indicators(template, content)
    numbers = [item for item in content if not item.behaviour.expands and item.behaviour.digit_grid
               and not template.question(item.id).behaviour.dated]
    if not t.number_groups.empty:
        numbers = [item for item in numbers if item.id in set(t.number_groups.question)]
    else:
        numbers = []
    if not indicators and not numbers:
        return []
    out: list[Block] = []
    if indicators:
        legend = "; ".join(legend_items)
        out.append(Para("Các bảng dưới đây ghi tỷ lệ (%) người trả lời chọn một trong hai phương án đầu của "
                        f"từng câu ({legend}), trên số người trong nhóm trả lời câu đó. Số ý kiến cho từng "
                        "phương án của từng nhóm có trong bảng tính tổng hợp.", BlockKind.body))
    if numbers:
        out.append(Para("Với câu hỏi ghi số, bảng ghi số trung bình và số trung vị của những người trong nhóm đã trả "
                        "lời câu đó.", BlockKind.body))
    k = 0
    for group, title in t.group_names(template).items():
        if group == "all":
            continue
        tables: list[Block] = []
        small = False
        if indicators:
            table, small = breakdown_table(t, group, indicators, min_group)
            if table.rows:
                tables.append(table)
        if numbers:
            table, few = number_breakdown_table(t, template, group, numbers, min_group)
            if table.rows and len(table.headers) > 1:
                tables.append(table)
                small |= few
        if not tables:
            continue
        k += 1
        out += [Heading(f"2.{k}. {title}", 3), *tables]
        if small:
            out.append(Para(SMALL_NOTE.format(n=min_group), BlockKind.note))
    return out if any(isinstance(b, Table) for b in out) else []
