"""Records against the plan: what each unit has sent, what is missing while there is time to fix it."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from .plan import Plan
from .records import Record


@dataclass
class UnitCheck:
    code: str
    name: str
    type_label: str
    paper_expected: int
    paper_received: int  # sheets recorded, settled or not (discarded ones excluded)
    paper_final: int
    paper_state: str  # thiếu | đủ | vượt
    online_min: int | None
    online_received: int  # online rows without problems
    online_state: str
    paper_late: int  # sheets from stacks received on or after the deadline
    online_outside_window: int
    awaiting_review: int
    reused_serials: int
    online_problems: int
    hard_failures: list[str] = field(default_factory=list)


@dataclass
class Validation:
    units: list[UnitCheck]
    paper_total_expected: int
    paper_total_received: int
    unknown_unit_paper: int
    unknown_unit_online: int
    set_aside_pages: int
    duplicate_pages: int
    ok: bool

    def rows(self) -> list[dict]:
        return [asdict(u) | {"hard_failures": "; ".join(u.hard_failures)} for u in self.units]


def _state(got: int, want: int | None) -> str:
    if want is None:
        return "—"
    return "thiếu" if got < want else ("đủ" if got == want else "vượt")


def validate(plan: Plan, records: list[Record], received: dict[str, str | None], set_aside: int,
             duplicates: int) -> Validation:
    """received: record id -> date its stack reached the office (paper), from the batch."""
    units = []
    live = [r for r in records if r.status != "discarded"]
    deadline = plan.paper_received_before
    for u in plan.units:
        paper = [r for r in live if r.channel == "paper" and r.unit == u.code]
        online = [r for r in live if r.channel == "online" and r.unit == u.code]
        utype = plan.unit_types[u.type]
        online_ok = [r for r in online if not r.problems]
        late = sum(1 for r in paper if received.get(r.record_id) and
                   dt.date.fromisoformat(str(received[r.record_id])) >= deadline)
        c = UnitCheck(
            u.code, u.name, utype.label, u.paper, len(paper), sum(r.status == "final" for r in paper),
            _state(len(paper), u.paper) if u.paper else "—", utype.online_min, len(online_ok),
            _state(len(online_ok), utype.online_min), late,
            sum(1 for r in online if r.in_window is False),
            sum(1 for r in paper if r.status == "needs_review"),
            sum(1 for r in paper if "reused_serial" in r.flags),
            sum(1 for r in online if r.problems))
        if u.paper and len(paper) < u.paper:
            c.hard_failures.append(f"thiếu {u.paper - len(paper)} phiếu giấy")
        if utype.online_min is not None and len(online_ok) < utype.online_min:
            c.hard_failures.append(f"thiếu {utype.online_min - len(online_ok)} phiếu trực tuyến")
        units.append(c)
    return Validation(
        units, plan.paper_total, sum(u.paper_received for u in units),
        sum(1 for r in live if r.channel == "paper" and (r.unit is None or not plan.has_unit(r.unit))),
        sum(1 for r in live if r.channel == "online" and r.unit is None),
        set_aside, duplicates, all(not u.hard_failures for u in units))


HEADERS_VI = {
    "code": "Mã", "name": "Đơn vị", "type_label": "Loại", "paper_expected": "Phiếu giấy (KH)",
    "paper_received": "Đã nhận", "paper_final": "Đã xử lý xong", "paper_state": "Giấy",
    "online_min": "Trực tuyến tối thiểu", "online_received": "Trực tuyến hợp lệ", "online_state": "Trực tuyến",
    "paper_late": "Nộp sau hạn", "online_outside_window": "Ngoài thời gian", "awaiting_review": "Chờ duyệt",
    "reused_serials": "Trùng số phiếu", "online_problems": "Dòng có vấn đề", "hard_failures": "Chưa đạt",
}


def table_text(v: Validation) -> str:
    cols = ["code", "paper_expected", "paper_received", "paper_state", "online_min", "online_received",
            "online_state", "paper_late", "online_outside_window", "awaiting_review", "reused_serials",
            "online_problems"]
    short = {"code": "Mã", "paper_expected": "KH", "paper_received": "Nhận", "paper_state": "Giấy",
             "online_min": "TT≥", "online_received": "TT", "online_state": "Trực tuyến", "paper_late": "Trễ",
             "online_outside_window": "Ngoài hạn", "awaiting_review": "Chờ duyệt", "reused_serials": "Trùng số",
             "online_problems": "Lỗi TT"}
    rows = [[short[c] for c in cols] + ["Đơn vị"]]
    for u in v.units:
        d = asdict(u)
        rows.append(["—" if d[c] is None else str(d[c]) for c in cols] + [u.name])
    widths = [max(len(r[i]) for r in rows) for i in range(len(cols))]
    lines = ["  ".join(r[i].rjust(widths[i]) for i in range(len(cols))) + "  " + r[-1] for r in rows]
    lines.append("")
    lines.append(f"Toàn huyện: phiếu giấy {v.paper_total_received}/{v.paper_total_expected}; "
                 f"phiếu giấy chưa rõ đơn vị {v.unknown_unit_paper}; dòng trực tuyến chưa rõ đơn vị "
                 f"{v.unknown_unit_online}; trang để riêng {v.set_aside_pages}; trang trùng {v.duplicate_pages}")
    failing = [u for u in v.units if u.hard_failures]
    lines.append("Đạt yêu cầu kế hoạch." if v.ok else
                 "CHƯA ĐẠT: " + "; ".join(f"{u.code} ({', '.join(u.hard_failures)})" for u in failing))
    return "\n".join(lines)
