"""The tally: counts and percentages for every question and option, by channel and group.

Calculation only (SDAPS keeps calculation apart from drawing); the report and
the workbook draw from these very tables, so every number in them equals the
tally's. Only final records count; the pending ones are counted and stated.
The groups are the units and the questions the template names as breakdowns;
nothing here knows the survey's questions.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .kinds.registry import behaviour
from .online.columns import unit_asked
from .plan import Plan
from .province import DISTRICT_TYPE, district_of
from .ranking import rank_table, void_rankings
from .records import Record
from .roster import cell_id
from .tally_numbers import band_counts, band_labels, band_of, number_stats, numbers_by_group
from .template import Question, Template
from .vocab import RecordChannel, RecordStatus

NO_ANSWER = "không trả lời"
SKIPPED = "~skipped"  # the option key of the row counting those the form's logic told to skip the question
SKIPPED_LABEL = "bỏ qua theo hướng dẫn"
UNKNOWN_UNIT = "Chưa rõ đơn vị"
UNASKED_UNIT = "Biểu mẫu trực tuyến không hỏi đơn vị"  # online answers of a form whose settings ask no unit
CHANNELS = {"paper": "Phiếu giấy", "online": "Trực tuyến", "all": "Chung"}
GROUP_ALL = "all"
GROUP_UNIT = "unit"
GROUP_DISTRICT = "district"  # a provincial count (scanner/province.py): the district each organisation is in


def group_names(template: Template) -> dict[str, str]:
    """Group key -> Vietnamese heading: everyone, by unit, then by each breakdown question of the template."""
    names = {GROUP_ALL: "Toàn bộ", GROUP_UNIT: "Theo đơn vị"}
    for bid in template.breakdowns:
        text = template.question(bid).text
        names[bid] = f"Theo {text[:1].lower()}{text[1:]}"
    return names


@dataclass
class Tally:
    counts: pd.DataFrame  # long form: one row per channel, group, question, option
    respondents: pd.DataFrame  # channel -> final records, pending records
    grids: dict[str, pd.DataFrame]  # grid id -> rows x columns, both channels, % of those who answered the row
    outside_window: int = 0  # final online records dated outside the collection window
    outside_included: bool = True  # whether those records are counted
    order: dict[str, list[str]] = field(default_factory=dict)  # group -> its keys in reading order
    comments: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # question -> (text, how many)
    rosters: dict[str, pd.DataFrame] = field(default_factory=dict)  # roster -> members per column and option
    numbers: pd.DataFrame = field(default_factory=pd.DataFrame)  # number and date questions (tally_numbers.py)
    bands: pd.DataFrame = field(default_factory=pd.DataFrame)  # number questions' answers per band
    names: dict[str, str] = field(default_factory=dict)  # group -> heading, when the count has more than group_names
    number_groups: pd.DataFrame = field(default_factory=pd.DataFrame)  # numbers' mean and median per group and key
    ranks: dict[str, pd.DataFrame] = field(default_factory=dict)  # ranking -> per option: ranked first, mean place

    def group_names(self, template: Template) -> dict[str, str]:
        return self.names or group_names(template)

    def group_keys(self, group: str) -> list[str]:
        """The group's keys as a reader expects them: units in plan order, options in form order, the rest last."""
        present = set(self.counts.group_key[self.counts.group == group])
        known = [k for k in self.order.get(group, []) if k in present]
        return known + sorted(present - set(known))

    @property
    def final_total(self) -> int:
        return int(self.respondents.iloc[-1]["final"])

    @property
    def pending_total(self) -> int:
        return int(self.respondents.iloc[-1]["pending"])

    def rows(self, question: str, channel: str = "all", group: str = GROUP_ALL) -> pd.DataFrame:
        c = self.counts
        return c[(c.channel == channel) & (c.group == group) & (c.question == question)]


def answered(sel: pd.DataFrame) -> int:
    """How many answered, for a selection of one question in one channel and group (every row carries it)."""
    return int(sel.base_answered.iloc[0]) if not sel.empty else 0


def option_rows(sel: pd.DataFrame) -> pd.DataFrame:
    """The rows of a selection that are the question's options (not the blank and skipped rows)."""
    return sel[~sel.option.isin(["", SKIPPED])]


def cell(sel: pd.DataFrame, option_id: str, column: str) -> Any:
    """One option's figure in a selection of `Tally.rows`, or None when the option has no row there."""
    row = sel[sel.option == option_id]
    return row[column].iloc[0] if not row.empty else None


def _key(template: Template, r: Record, qid: str) -> str:
    """The group a record falls in: its option, or for a number with bands, its band's label."""
    q = template.question(qid)
    if q.behaviour.banded:
        value = r.answers.get(qid)
        return band_of(q, float(value)) if value is not None else NO_ANSWER
    return ",".join(r.answers.get(qid) or []) or NO_ANSWER


def _frame(template: Template, records: list[Record]) -> pd.DataFrame:
    rows = []
    for r in records:
        groups = {GROUP_UNIT: r.unit or "?", **{b: _key(template, r, b) for b in template.breakdowns}}
        for q in template.choice_questions():
            ans = r.answers.get(q.id) or []
            rows.append({"record": r.record_id, "channel": r.channel, **groups, "question": q.id, "options": tuple(ans),
                         "skipped": q.id in r.skipped})
    return pd.DataFrame(rows)


def _split(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The frame once as the counts read it: every row (for the skipped), those not told to skip (the base of
    all), those that answered, and one row per option chosen (an option chosen twice in a record counts once)."""
    live = df[~df.skipped]
    answered = live[live.options.map(len) > 0]
    chosen = answered.explode("options").reset_index().drop_duplicates(["index", "options"])
    return df, live, answered, chosen


def _group_counts(frames: tuple[pd.DataFrame, ...], channel: str, group: str) -> list[dict[Any, int]]:
    """Skipped, base of all and answered per (key, question), then choosers per (key, question, option), grouped
    once: the cost grows with the records, not with units x questions x options."""
    out = []
    for i, frame in enumerate(frames):
        part = frame if channel == "all" else frame[frame.channel == channel]
        if group == GROUP_ALL:
            part = part.assign(**{GROUP_ALL: GROUP_ALL})
        by = [group, "question"] + (["options"] if i == 3 else [])
        sizes = part.groupby(by).skipped.sum() if i == 0 else part.groupby(by).size()
        out.append({k: int(v) for k, v in sizes.items()})
    return out


def counted(records: list[Record], include_outside_window: bool = True) -> list[Record]:
    """The final records the tally counts: online answers dated outside the window only when asked to."""
    return [r for r in records if r.status == RecordStatus.final and (include_outside_window or r.in_window is not False)]


def tally(template: Template, plan: Plan, records: list[Record], include_outside_window: bool = True) -> Tally:
    final = counted(records, include_outside_window)
    outside = sum(1 for r in records if r.status == RecordStatus.final and r.in_window is False)
    pending = [r for r in records if r.status == RecordStatus.needs_review]
    resp = pd.DataFrame([{"channel": CHANNELS[c], "final": sum(1 for r in final if c in ("all", r.channel)),
                          "pending": sum(1 for r in pending if c in ("all", r.channel))} for c in CHANNELS])
    df = _frame(template, final)
    out = []
    unit_names = {u.code: u.name + (" (không rõ đơn vị trong khối)" if plan.is_khoi(u) else "") for u in plan.units}
    if not unit_asked(template) and not any(r.unit is None and r.channel == RecordChannel.paper for r in final):
        unit_names["?"] = UNASKED_UNIT  # (not that no one knows it: the online form never asked)
    names = group_names(template)
    districts = {u.code: u.name for u in plan.units if u.type == DISTRICT_TYPE and u.parent is None}
    if districts:
        names = {GROUP_ALL: names.pop(GROUP_ALL), GROUP_DISTRICT: "Theo huyện", **names}
        unit_names |= districts
        if not df.empty:
            where = {u.code: district_of(plan, u.code) or "?" for u in plan.units}
            df[GROUP_DISTRICT] = df[GROUP_UNIT].map(lambda c: where.get(c, "?"))
    groups = list(names)
    if not df.empty:
        questions = template.choice_questions()
        frames = _split(df)
        for channel in CHANNELS:
            part = df if channel == "all" else df[df.channel == channel]
            for group in groups:
                keys = [GROUP_ALL] if group == GROUP_ALL else sorted(part[group].unique()) if not part.empty else []
                skips, alls, answers, chose = _group_counts(frames, channel, group)
                for key in keys:
                    label = _group_label(template, group, key, unit_names)
                    for q in questions:
                        skipped, base_all, base = (c.get((key, q.id), 0) for c in (skips, alls, answers))
                        for o in q.options:
                            out.append((channel, group, key, label, q.id, o.id, o.label,
                                        chose.get((key, q.id, o.id), 0), base, base_all))
                        out.append((channel, group, key, label, q.id, "", NO_ANSWER, base_all - base, base, base_all))
                        if q.relevant:
                            out.append((channel, group, key, label, q.id, SKIPPED, SKIPPED_LABEL, skipped, base,
                                        base_all))
    cols = ["channel", "group", "group_key", "group_label", "question", "option", "option_label", "count",
            "base_answered", "base_all"]
    counts = pd.DataFrame(out, columns=cols)
    counts["pct_answered"] = (100 * counts["count"] / counts["base_answered"].where(counts["base_answered"] > 0)).round(1)
    not_option = counts.option.isin(["", SKIPPED])
    counts.loc[not_option, "pct_answered"] = float("nan")
    counts["pct_all"] = (100 * counts["count"] / counts["base_all"].where(counts["base_all"] > 0)).round(1)
    counts.loc[counts.option == SKIPPED, "pct_all"] = float("nan")
    chosen = counts[~not_option].groupby(["channel", "group", "group_key", "question"])["count"].transform("sum")
    counts["choices"] = chosen.reindex(counts.index).fillna(0).astype(int)
    counts["pct_choices"] = (100 * counts["count"] / counts["choices"].where(counts["choices"] > 0)).round(1)
    counts.loc[not_option, "choices"] = 0
    counts.loc[not_option, "pct_choices"] = float("nan")
    grids = {gid: _grid(template, counts, rows) for gid, rows in template.groups.items()}
    order = {GROUP_UNIT: [u.code for u in plan.in_groups()],
             **{b: band_labels(template.question(b)) or [o.id for o in template.question(b).options]
                for b in template.breakdowns}}
    comments = {q.id: grouped_comments(texts_for(template, final, q)) for q in template.questions
                if (q.behaviour.handwritten and not q.other_of) or q.other_option}
    rosters = {rid: roster_counts(template, final, rid) for rid in template.rosters}
    if districts:
        order[GROUP_DISTRICT] = list(districts)
    where = {u.code: district_of(plan, u.code) or "?" for u in plan.units} if districts else {}

    def keys_of(r: Record) -> dict[str, str]:
        keys = {GROUP_UNIT: r.unit or "?", **{b: _key(template, r, b) for b in template.breakdowns}}
        return keys | ({GROUP_DISTRICT: where.get(keys[GROUP_UNIT], "?")} if districts else {})

    by_group = numbers_by_group(template, final, keys_of, lambda g, k: _group_label(template, g, k, unit_names))
    return Tally(counts, resp, grids, outside, include_outside_window, order, comments, rosters,
                 number_stats(template, final), band_counts(template, final), names if districts else {}, by_group,
                 rank_tables(template, final))


def rank_tables(template: Template, final: list[Record]) -> dict[str, pd.DataFrame]:
    """Every ranking's table over the counted records, with the rankings a person confirmed void counted apart."""
    orders = [r.ranks for r in final]
    held = [(r.ranks, r.answers) for r in final]
    return {rid: rank_table(template, orders, rid, void_rankings(template, held, rid)) for rid in template.ranks}


ROSTER_COLUMNS = ["column", "column_label", "option", "option_label", "rows", "rows_answered", "members",
                  "rows_skipped"]


def roster_counts(template: Template, records: list[Record], roster: str) -> pd.DataFrame:
    """Members, not sheets: for each choice column and option, the roster rows (over every record) that chose
    it, of the rows that answered that column, of all filled rows (record.rosters); rows_skipped: filled rows the
    column's own condition skipped (neither answered nor missing)."""
    ro = template.rosters[roster]
    members = [row for r in records for row in r.rosters.get(roster, [])]
    skipped = [set(r.skipped) for r in records for _ in r.rosters.get(roster, [])]
    out = []
    for col in ro.columns:
        if behaviour(col.type).handwritten:
            continue
        answered = [row for row in members if row.get(col.id)]
        passed = sum(1 for row, sk in zip(members, skipped) if cell_id(col.id, row["row"]) in sk)
        for oid, label in col.options:
            out.append((col.id, col.label, oid, label, sum(1 for row in answered if oid in row[col.id]), len(answered),
                        len(members), passed))
    return pd.DataFrame(out, columns=ROSTER_COLUMNS)


def comment_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split()).rstrip(" .;,!")


def grouped_comments(texts: Iterable[str]) -> list[tuple[str, int]]:
    """The same comment written several times is listed once with how many wrote it, most frequent first."""
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for raw in texts:
        text = " ".join(unicodedata.normalize("NFC", raw).split())
        if not text:
            continue
        k = comment_key(text)
        counts[k] += 1
        shown.setdefault(k, text)
    return sorted(((shown[k], n) for k, n in counts.items()), key=lambda x: (-x[1], x[0]))


def texts_for(template: Template, records: list[Record], q: Question) -> list[str]:
    """Written answers to a text question, or the written "other" answers of a choice question."""
    out = []
    areas = [x.id for x in template.questions if x.other_of == q.id]
    for r in records:
        if q.behaviour.handwritten:
            v = r.answers.get(q.id)
            if isinstance(v, str):
                out.append(v)
        else:
            for a in areas:
                v = r.answers.get(a)
                if isinstance(v, str):
                    out.append(v)
            if r.other_text.get(q.id):
                out.append(r.other_text[q.id])
    return out



def _grid(template: Template, counts: pd.DataFrame, row_ids: tuple[str, ...]) -> pd.DataFrame:
    out = []
    for rid in row_ids:
        q = template.question(rid)
        sel = counts[(counts.channel == "all") & (counts.group == GROUP_ALL) & (counts.question == rid)
                     & ~counts.option.isin(["", SKIPPED])]
        out.append({"row": rid, "label": q.text, "n": int(sel.base_answered.iloc[0]) if not sel.empty else 0,
                    **{o.label: float(sel[sel.option == o.id].pct_answered.iloc[0]) if not sel.empty else float("nan")
                       for o in q.options}})
    return pd.DataFrame(out)


def _group_label(template: Template, group: str, key: str, unit_names: dict[str, str]) -> str:
    if group == GROUP_ALL:
        return "Toàn bộ"
    if group in (GROUP_UNIT, GROUP_DISTRICT):
        return unit_names.get(key, UNKNOWN_UNIT)
    if key == NO_ANSWER:
        return NO_ANSWER.capitalize()
    q = template.question(group)
    if q.behaviour.banded:
        return key  # a band's label
    return "; ".join(q.option(k).label for k in key.split(","))


def write_csv(t: Tally, out: Path) -> list[Path]:
    """The machine tables as a folder of CSV (the long table, respondents, one file per grid or roster, the numbers
    and dates and their bands when the form has any); stable bytes."""
    from .formulas import neutralise

    sheets = {"respondents": t.respondents, "counts": t.counts,
              **{f"grid_{gid}": frame for gid, frame in t.grids.items()},
              **{f"roster_{rid}": frame for rid, frame in t.rosters.items()},
              **{f"rank_{rid}": frame for rid, frame in t.ranks.items()},
              **{name: frame for name, frame in (("numbers", t.numbers), ("bands", t.bands)) if not frame.empty}}
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in sheets.items():
        p = out / f"{name}.csv"
        p.write_text(frame.map(neutralise).to_csv(index=False, lineterminator="\n"), encoding="utf-8")
        paths.append(p)
    return paths


def stable_zip(data: bytes) -> bytes:
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
