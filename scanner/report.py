"""The survey report in Vietnamese: HTML with charts, and PDF through Chromium.

It draws only from the tally's tables and the validation, so every number
it prints is one the tally computed.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass, field

import pandas as pd

from .plan import Plan
from .records import Record
from .tally import CHANNELS, NO_ANSWER, Tally
from .template import Template
from .validate import Validation

CROSS_QUESTIONS = ("q2", "q3", "q4")


@dataclass
class Quality:
    sheets_total: int = 0
    sheets_auto: int = 0  # final with no person's decision
    sheets_reviewed: int = 0
    questions_settled: int = 0
    sheets_pending: int = 0
    sheets_discarded: int = 0
    set_aside: dict[str, int] = field(default_factory=dict)
    duplicates: int = 0
    online_problem_rows: int = 0


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return f'<img alt="" src="data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}">'


def _fmt(v) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return "—"
    if isinstance(v, float):
        return f"{v:.1f}".replace(".", ",")
    return html.escape(str(v))


def _table(headers: list[str], rows: list[list]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_fmt(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _bar_chart(labels: list[str], series: dict[str, list[float]], title: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(labels) + 1.2))
    y = np.arange(len(labels))
    h = 0.8 / max(len(series), 1)
    for i, (name, vals) in enumerate(series.items()):
        vals = [0 if pd.isna(v) else v for v in vals]
        bars = ax.barh(y + i * h, vals, h, label=name)
        ax.bar_label(bars, labels=[f"{v:.1f}".replace(".", ",") for v in vals], fontsize=7, padding=2)
    ax.set_yticks(y + h * (len(series) - 1) / 2, [_wrap(lbl) for lbl in labels], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("%")
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=8, loc="lower right")
    ax.set_xlim(0, 110)
    return _png(fig)


def _wrap(s: str, n: int = 38) -> str:
    words, lines, cur = s.split(), [], ""
    for w in words:
        if len(cur) + len(w) + 1 > n and cur:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    return "\n".join([*lines, cur])


def _stacked_grid(t: Tally, template: Template) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if t.grid.empty:
        return ""
    cols = [c for c in t.grid.columns if c not in ("row", "label")]
    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    left = [0.0] * len(t.grid)
    for c in cols:
        vals = [0 if pd.isna(v) else v for v in t.grid[c]]
        ax.barh([_wrap(x, 40) for x in t.grid["label"]], vals, left=left, label=c)
        left = [a + b for a, b in zip(left, vals, strict=True)]
    ax.invert_yaxis()
    ax.set_xlabel("% số người trả lời dòng")
    ax.legend(fontsize=8, ncol=len(cols), loc="upper center", bbox_to_anchor=(0.5, -0.18))
    ax.tick_params(labelsize=8)
    return _png(fig)


def _question_section(t: Tally, template: Template, qid: str, number: str) -> str:
    q = template.question(qid)
    c = t.counts[(t.counts.group == "all") & (t.counts.question == qid)]
    labels = [o.label for o in q.options]
    series = {CHANNELS[ch]: [float(c[(c.channel == ch) & (c.option == o.id)].pct_answered.iloc[0])
                             if not c[(c.channel == ch) & (c.option == o.id)].empty else float("nan")
                             for o in q.options] for ch in CHANNELS}
    rows = []
    for o in [*q.options, None]:
        oid = o.id if o else ""
        row: list[object] = [o.label if o else NO_ANSWER]
        for ch in CHANNELS:
            sel = c[(c.channel == ch) & (c.option == oid)]
            row += [int(sel["count"].iloc[0]) if not sel.empty else 0,
                    float(sel.pct_answered.iloc[0]) if not sel.empty else float("nan")]
        rows.append(row)
    bases = []
    for ch in CHANNELS:
        sel = c[c.channel == ch]
        if not sel.empty:
            bases.append(f"{CHANNELS[ch]}: {int(sel.base_answered.iloc[0])}/{int(sel.base_all.iloc[0])}")
    headers = ["Phương án"] + [f"{CHANNELS[ch]} {k}" for ch in CHANNELS for k in ("(số)", "(%)")]
    note = " (nhiều lựa chọn: tỷ lệ tính trên số người trả lời câu hỏi, tổng có thể vượt 100%)" if q.type == "multiple" else ""
    return (f'<section class="q"><h3>{number}. {html.escape(q.text)}</h3>'
            f'<p class="base">Cơ số (người trả lời câu hỏi / tổng số phiếu): {html.escape("; ".join(bases))}{note}</p>'
            f'{_bar_chart(labels, series, q.text)}{_table(headers, rows)}</section>')


def _crosstab(t: Tally, template: Template, qid: str, group: str) -> str:
    q = template.question(qid)
    c = t.counts[(t.counts.channel == "all") & (t.counts.group == group) & (t.counts.question == qid) & (t.counts.option != "")]
    if c.empty:
        return ""
    rows = []
    for _key, sub in c.groupby("group_key", sort=True):
        rows.append([sub.group_label.iloc[0], int(sub.base_answered.iloc[0])] +
                    [float(sub[sub.option == o.id].pct_answered.iloc[0]) for o in q.options])
    return (f"<h4>{html.escape(q.text)}</h4>" +
            _table(["Nhóm", "Cơ số"] + [f"{o.label} (%)" for o in q.options], rows))


CSS = """
body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:900px;margin:2em auto;color:#222;font-size:13px}
h1{font-size:20px;text-align:center;margin-bottom:.2em}h2{font-size:16px;border-bottom:1px solid #888;margin-top:2em}
h3{font-size:14px}h4{font-size:13px;margin-bottom:.3em}.sub{text-align:center;color:#444}
table{border-collapse:collapse;margin:.5em 0 1em;font-size:12px}td,th{border:1px solid #bbb;padding:2px 6px;text-align:right}
td:first-child,th:first-child{text-align:left}th{background:#eee}img{max-width:100%}.base{color:#555;font-size:12px}
.warn{color:#a00}section.q{page-break-inside:avoid}
"""


def render_html(template: Template, plan: Plan, t: Tally, v: Validation, q: Quality, records: list[Record]) -> str:
    p: list[str] = []
    p.append(f"<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Báo cáo kết quả điều tra</title>"
             f"<style>{CSS}</style></head><body>")
    p.append(f"<h1>BÁO CÁO KẾT QUẢ ĐIỀU TRA XÃ HỘI HỌC</h1><p class=\"sub\">{html.escape(template.subtitle)}</p>")
    p.append(f"<p class=\"sub\">{html.escape(plan.organisation)} — Kế hoạch số {html.escape(plan.plan_ref)}</p>")
    resp = t.respondents.set_index("channel")
    p.append("<h2>I. Cách thức tiến hành</h2>")
    p.append(f"<p>Điều tra trực tiếp bằng phiếu giấy ({plan.paper_total} phiếu phân bổ cho {len(plan.units)} đơn vị) "
             f"kết hợp trực tuyến qua Google Forms, từ ngày {plan.collection_start:%d/%m/%Y} đến ngày "
             f"{plan.collection_end:%d/%m/%Y}; phiếu giấy gửi về trước ngày {plan.paper_received_before:%d/%m/%Y}.</p>")
    p.append(f"<p>Số phiếu đưa vào tổng hợp: phiếu giấy {resp.loc[CHANNELS['paper'], 'final']}, trực tuyến "
             f"{resp.loc[CHANNELS['online'], 'final']}, tổng cộng {resp.loc[CHANNELS['all'], 'final']}.")
    pending = int(resp.loc[CHANNELS["all"], "pending"])
    if pending:
        p.append(f" <span class=\"warn\">Còn {pending} phiếu chờ duyệt chưa được tính.</span>")
    p.append("</p>")
    rows = [[u.name, u.paper_expected, u.paper_received, u.paper_final, u.online_min if u.online_min is not None else "—",
             u.online_received] for u in v.units]
    rows.append(["Tổng", v.paper_total_expected, v.paper_total_received, sum(u.paper_final for u in v.units), "",
                 sum(u.online_received for u in v.units)])
    p.append(_table(["Đơn vị", "Phiếu giấy theo KH", "Đã nhận", "Đã xử lý", "Trực tuyến tối thiểu", "Trực tuyến"], rows))
    p.append(_bar_chart([u.name for u in v.units],
                        {"Phiếu giấy (% kế hoạch)": [100 * u.paper_received / u.paper_expected if u.paper_expected
                                                     else float("nan") for u in v.units]},
                        "Mẫu thu được so với kế hoạch (phiếu giấy)"))
    p.append("<h2>II. Kết quả theo từng câu hỏi</h2>")
    number = 0
    for qq in template.choice_questions():
        if qq.group:
            continue
        number += 1
        p.append(_question_section(t, template, qq.id, str(number)))
    if template.groups.get("q5"):
        number += 1
        p.append(f"<section class=\"q\"><h3>{number}. {html.escape(template.group_texts['q5'])}</h3>"
                 f"{_stacked_grid(t, template)}")
        g = t.grid
        p.append(_table(["Nội dung"] + [c for c in g.columns if c not in ("row", "label")],
                        [[r["label"], *[r[c] for c in g.columns if c not in ("row", "label")]] for _, r in g.iterrows()]))
        p.append("</section>")
        for rid in template.groups["q5"]:
            number += 1
            p.append(_question_section(t, template, rid, str(number)))
    p.append("<h2>III. Phân tích theo nhóm</h2><h3>Theo đối tượng</h3>")
    p += [_crosstab(t, template, qid, "a1") for qid in CROSS_QUESTIONS]
    p.append("<h3>Theo dân tộc</h3>")
    p += [_crosstab(t, template, qid, "a3") for qid in CROSS_QUESTIONS]
    p.append("<h2>IV. Chất lượng dữ liệu</h2>")
    p.append(_table(["Chỉ tiêu", "Số lượng"], [
        ["Phiếu giấy đã ghi nhận", q.sheets_total], ["Đọc tự động, không cần duyệt", q.sheets_auto],
        ["Phiếu có câu do người duyệt quyết định", q.sheets_reviewed], ["Câu hỏi do người duyệt quyết định", q.questions_settled],
        ["Phiếu còn chờ duyệt (chưa tính)", q.sheets_pending], ["Phiếu bị loại", q.sheets_discarded],
        ["Trang trùng lặp (không tính)", q.duplicates], ["Dòng trực tuyến có vấn đề (chưa tính)", q.online_problem_rows],
        *[[f"Trang để riêng: {k}", n] for k, n in sorted(q.set_aside.items())]]))
    p.append("<h2>V. Ý kiến ghi thêm</h2>")
    for qid in [x.id for x in template.questions if x.type == "text"]:
        qt = template.question(qid)
        by_unit: dict[str, list[str]] = {}
        for r in records:
            text = r.answers.get(qid)
            if r.status == "final" and isinstance(text, str) and text.strip():
                by_unit.setdefault(r.unit or "?", []).append(text.strip())
        p.append(f"<h3>{html.escape(qt.text)}</h3>")
        if not by_unit:
            p.append("<p>Chưa có ý kiến nào được nhập.</p>")
        names = {u.code: u.name for u in plan.units}
        for unit in sorted(by_unit):
            items = "".join(f"<li>{html.escape(x)}</li>" for x in sorted(by_unit[unit]))
            p.append(f"<h4>{html.escape(names.get(unit, unit))}</h4><ul>{items}</ul>")
    p.append("</body></html>")
    return "".join(p)
