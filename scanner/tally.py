"""The tally: counts and percentages for every question and option, by channel and group.

Calculation only (SDAPS keeps calculation apart from drawing); the report
draws from these very tables, so every number in it equals the tally's.
Only final records count; the pending ones are counted and stated.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .plan import Plan
from .records import Record
from .template import Template

NO_ANSWER = "không trả lời"
CHANNELS = {"paper": "Phiếu giấy", "online": "Trực tuyến", "all": "Chung"}
GROUPS = {"all": "Toàn bộ", "unit": "Theo đơn vị", "a1": "Theo đối tượng", "a3": "Theo dân tộc"}


@dataclass
class Tally:
    counts: pd.DataFrame  # long form: one row per channel, group, question, option
    respondents: pd.DataFrame  # channel -> final records, pending records
    grid: pd.DataFrame  # q5 rows x columns, both channels, percentages of those who answered the row


def _frame(template: Template, records: list[Record]) -> pd.DataFrame:
    rows = []
    for r in records:
        for q in template.choice_questions():
            ans = r.answers.get(q.id) or []
            rows.append({"record": r.record_id, "channel": r.channel, "unit": r.unit or "?",
                         "a1": ",".join(r.answers.get("a1") or []) or NO_ANSWER,
                         "a3": ",".join(r.answers.get("a3") or []) or NO_ANSWER,
                         "question": q.id, "options": tuple(ans)})
    return pd.DataFrame(rows)


def tally(template: Template, plan: Plan, records: list[Record]) -> Tally:
    final = [r for r in records if r.status == "final"]
    pending = [r for r in records if r.status == "needs_review"]
    resp = pd.DataFrame([{"channel": CHANNELS[c], "final": sum(1 for r in final if c in ("all", r.channel)),
                          "pending": sum(1 for r in pending if c in ("all", r.channel))} for c in CHANNELS])
    df = _frame(template, final)
    out = []
    unit_names = {u.code: u.name for u in plan.units}
    if not df.empty:
        for channel in CHANNELS:
            part = df if channel == "all" else df[df.channel == channel]
            for group in GROUPS:
                keys = ["all"] if group == "all" else sorted(part[group].unique()) if not part.empty else []
                for key in keys:
                    sub = part if group == "all" else part[part[group] == key]
                    for q in template.choice_questions():
                        qs = sub[sub.question == q.id]
                        base_all = len(qs)
                        answered = qs[qs.options.map(len) > 0]
                        base = len(answered)
                        label = _group_label(template, group, key, unit_names)
                        for o in q.options:
                            n = int(answered.options.map(lambda a, oid=o.id: oid in a).sum())
                            out.append((channel, group, key, label, q.id, o.id, o.label, n, base, base_all))
                        out.append((channel, group, key, label, q.id, "", NO_ANSWER, base_all - base, base, base_all))
    cols = ["channel", "group", "group_key", "group_label", "question", "option", "option_label", "count",
            "base_answered", "base_all"]
    counts = pd.DataFrame(out, columns=cols)
    counts["pct_answered"] = (100 * counts["count"] / counts["base_answered"].where(counts["base_answered"] > 0)).round(1)
    counts.loc[counts.option == "", "pct_answered"] = float("nan")
    counts["pct_all"] = (100 * counts["count"] / counts["base_all"].where(counts["base_all"] > 0)).round(1)
    grid_rows = []
    for rid in template.groups.get("q5", ()):
        q = template.question(rid)
        sel = counts[(counts.channel == "all") & (counts.group == "all") & (counts.question == rid) & (counts.option != "")]
        grid_rows.append({"row": rid, "label": q.text, **{o.label: float(sel[sel.option == o.id].pct_answered.iloc[0])
                                                          if not sel.empty else float("nan") for o in q.options}})
    return Tally(counts, resp, pd.DataFrame(grid_rows))


def _group_label(template: Template, group: str, key: str, unit_names: dict[str, str]) -> str:
    if group == "all":
        return GROUPS["all"]
    if group == "unit":
        return unit_names.get(key, "Chưa rõ đơn vị")
    if key == NO_ANSWER:
        return NO_ANSWER
    q = template.question(group)
    return "; ".join(q.option(k).label for k in key.split(","))


def write(t: Tally, out: Path) -> list[Path]:
    """XLSX (one workbook) or a folder of CSVs; the same data always gives the same bytes."""
    sheets = {"respondents": t.respondents, "counts": t.counts, "grid_q5": t.grid}
    if out.suffix.lower() == ".xlsx":
        buf = io.BytesIO()
        with pd.ExcelWriter(buf, engine="openpyxl") as xw:
            for name, frame in sheets.items():
                frame.to_excel(xw, sheet_name=name, index=False)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(_stable_zip(buf.getvalue()))
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in sheets.items():
        p = out / f"{name}.csv"
        p.write_text(frame.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
        paths.append(p)
    return paths


def _stable_zip(data: bytes) -> bytes:
    """An XLSX with its clock readings (zip entry times, document dates) fixed, so reruns are byte-identical."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2023-11-25T00:00:00Z", body)
            z = zipfile.ZipInfo(info.filename, date_time=(2023, 11, 25, 0, 0, 0))
            z.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(z, body)
    return out.getvalue()
