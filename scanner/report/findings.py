"""Sentences the program can state from the figures, each with its base, for the board to keep or rewrite.

Every percentage here is computed from the tally's counts, so a sentence
agrees with the table it summarises. "The first two options" means the
first two in the form's order (on a rating scale, its favourable end);
nothing here knows which question is which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..numbering import Numbered
from ..tally import Tally, answered, option_rows
from ..template import Question, Template
from .fmt import lower_first, num, pct

INSTRUCTION = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass(frozen=True)
class Share:
    count: int
    base: int

    @property
    def pct(self) -> float:
        return round(100 * self.count / self.base, 1) if self.base else float("nan")


def share(sel: pd.DataFrame, option_ids: list[str]) -> Share:
    """Respondents who chose any of the options (single choice: their counts add up), over those who answered."""
    opts = sel[sel.option.isin(option_ids)]
    return Share(int(opts["count"].sum()), answered(sel))


def top_two(q: Question) -> list[str]:
    return [o.id for o in q.options[:2]]


def _quote(s: str) -> str:
    return f"“{s}”"


def _about(label: str, text: str) -> str:
    """"Câu 2 (“Sự quan tâm …”)", the form's instruction in brackets dropped."""
    return f"{label} ({_quote(INSTRUCTION.sub('', text))})"


def single_sentence(t: Tally, q: Question, item: Numbered) -> str | None:
    sel = t.rows(q.id)
    sel = option_rows(sel)
    base = answered(sel)
    if base == 0:
        return None
    parts = []
    if len(q.options) >= 3:
        s = share(sel, top_two(q))
        parts.append(f"có {pct(s.pct)}% ý kiến chọn {_quote(q.options[0].label)} hoặc {_quote(q.options[1].label)}")
    best = sel.sort_values(["count", "option"], ascending=[False, True]).iloc[0]
    parts.append(f"phương án được chọn nhiều nhất là {_quote(best.option_label)} ({pct(best.pct_answered)}%)")
    return f"{_about(item.label, q.text)}: {'; '.join(parts)}; cơ số {num(base)} người trả lời."


def multiple_sentence(t: Tally, q: Question, item: Numbered, k: int = 3) -> str | None:
    sel = t.rows(q.id)
    sel = option_rows(sel)
    if answered(sel) == 0:
        return None
    top = sel.sort_values(["count", "option"], ascending=[False, True]).head(k)
    listed = ", ".join(f"{_quote(r.option_label)} ({pct(r.pct_answered)}%)" for r in top.itertuples())
    return (f"{_about(item.label, q.text)}: các phương án được chọn nhiều nhất là {listed}; "
            f"cơ số {num(answered(sel))} người trả lời, mỗi người chọn được nhiều phương án.")


def grid_shares(t: Tally, template: Template, item: Numbered) -> list[tuple[str, Share]]:
    return [(template.question(rid).text, share(t.rows(rid), top_two(template.question(rid)))) for rid in item.rows]


def grid_sentence(t: Tally, template: Template, item: Numbered) -> str | None:
    rows = [(label, s) for label, s in grid_shares(t, template, item) if s.base]
    if len(rows) < 2:
        return None
    cols = template.question(item.rows[0]).options
    hi = max(rows, key=lambda r: r[1].pct)
    lo = min(rows, key=lambda r: r[1].pct)
    return (f"{_about(item.label, item.text)}: nội dung được đánh giá {_quote(cols[0].label)} hoặc "
            f"{_quote(cols[1].label)} nhiều nhất là {_quote(hi[0])} ({pct(hi[1].pct)}%, cơ số {num(hi[1].base)}), "
            f"thấp nhất là {_quote(lo[0])} ({pct(lo[1].pct)}%, cơ số {num(lo[1].base)}).")


def rank_sentence(t: Tally, item: Numbered) -> str | None:
    """A ranking's finding: the option most often ranked first, and the best mean place, over whole rankings."""
    frame = t.ranks.get(item.id)
    if frame is None or frame.empty or not int(frame.rankings.iloc[0]):
        return None
    first = frame.loc[frame["first"].idxmax()]
    best = frame.loc[frame["mean_position"].idxmin()]
    void = int(frame.void.iloc[0])
    left = (f" {num(void)} phiếu xếp trùng thứ hạng hoặc xếp chưa đủ (người duyệt đã xác nhận đúng như phiếu ghi) "
            "không được tính vào các số này.") if void else ""
    return (f"{_about(item.label, item.text)}: {_quote(first.option_label)} được xếp thứ nhất nhiều nhất "
            f"({pct(first.pct_first)}% trong {num(int(first.rankings))} người xếp đủ); thứ hạng trung bình cao nhất là "
            f"{_quote(best.option_label)} ({f'{best.mean_position:.2f}'.replace('.', ',')}).{left}")


def lowest_grid_sentence(t: Tally, template: Template, item: Numbered) -> str | None:
    rows = [(label, s) for label, s in grid_shares(t, template, item) if s.base]
    if not rows:
        return None
    cols = template.question(item.rows[0]).options
    lo = min(rows, key=lambda r: r[1].pct)
    return (f"Quan tâm hơn đến {lower_first(lo[0])}: nội dung có tỷ lệ đánh giá {_quote(cols[0].label)} hoặc "
            f"{_quote(cols[1].label)} thấp nhất ({pct(lo[1].pct)}%, cơ số {num(lo[1].base)}, {item.label}).")


def difference_sentence(t: Tally, template: Template, group: str, group_title: str, items: list[Numbered],
                        min_group: int) -> str | None:
    """The largest gap between two groups of at least min_group people, over the single-choice questions."""
    best: tuple[float, str] | None = None
    for item in items:
        if not item.behaviour.one_option:
            continue
        q = template.question(item.id)
        if len(q.options) < 3:
            continue
        sel = t.rows(q.id, "all", group)
        groups = []
        for key in t.group_keys(group):
            part = sel[sel.group_key == key]
            if part.empty:
                continue
            s = share(option_rows(part), top_two(q))
            if s.base >= min_group:
                groups.append((part.group_label.iloc[0], s))
        if len(groups) < 2:
            continue
        hi = max(groups, key=lambda g: g[1].pct)
        lo = min(groups, key=lambda g: g[1].pct)
        gap = hi[1].pct - lo[1].pct
        if best is None or gap > best[0]:
            text = (f"{group_title}, khác biệt lớn nhất ở {_about(item.label, q.text)}: tỷ lệ chọn "
                    f"{_quote(q.options[0].label)} hoặc {_quote(q.options[1].label)} của nhóm {_quote(hi[0])} là "
                    f"{pct(hi[1].pct)}% (cơ số {num(hi[1].base)}), của nhóm {_quote(lo[0])} là {pct(lo[1].pct)}% "
                    f"(cơ số {num(lo[1].base)}), chênh {pct(round(gap, 1))} điểm phần trăm.")
            best = (gap, text)
    return best[1] if best else None

