"""Records against the plan: what each organisation has sent, what is missing while there is time to fix it.

Two levels, one count. Paper sheets are checked against the allocation of the sampled units; online
answers against the minimum of every organisation the plan lists, and rolled up to its block (or,
for the communes, to the group of communes), so the office sees each Party cell's "0 / 3 — thiếu"
next to its block's total. The result is typed (UnitCheck per organisation, BlockCheck per group)
so the report's sample section reads the same figures as the `validate` table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .plan import Plan, Unit
from .records import Record
from .vocab import QuotaState, RecordChannel, RecordStatus, SheetFlag


@dataclass
class UnitCheck:
    code: str
    name: str
    type_label: str
    paper_expected: int
    paper_received: int  # sheets recorded, settled or not (discarded ones excluded)
    paper_final: int
    paper_state: QuotaState
    online_min: int | None
    online_received: int  # online rows naming this organisation, without problems
    online_state: QuotaState
    paper_late: int  # sheets from stacks received on or after the deadline
    online_outside_window: int
    awaiting_review: int
    reused_serials: int
    online_problems: int
    hard_failures: list[str] = field(default_factory=list)
    group: str = ""  # the title of the block or group it is shown in
    block: str | None = None  # the block's code, when it belongs to one (or is one)
    example: bool = False  # an example row of the shipped plan the office has not confirmed
    online_counted: int = 0  # what the minimum is checked against: its own answers plus its members'
    online_short: int = 0  # online answers still missing to reach the minimum


@dataclass
class BlockCheck:
    """A block (Khối Đảng…) or a group of top-level organisations (the communes), added up."""

    title: str
    code: str | None  # the block's own code; None for a group by type
    members: list[str]  # member codes, plan order (the block itself not included)
    paper_expected: int
    paper_received: int
    online_direct: int  # answers naming the block itself rather than one of its members
    online_received: int  # every valid online answer of the block and its members
    online_counted: int  # the answers the minimums are checked against (a khối's own answers meet none)
    online_min: int  # the members' minimums added up (or the block's own, when larger)
    members_short: int  # members below their minimum
    online_short: int  # answers still missing, member by member
    online_state: QuotaState


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
    blocks: list[BlockCheck] = field(default_factory=list)
    examples: int = 0  # organisations still marked as examples in the plan
    online_by_tool: dict[str, int] = field(default_factory=dict)  # valid online answers by collecting tool's label
    online_rejected: int = 0  # submissions the collecting tool's reviewers rejected: stored, not counted
    online_no_unit: int = 0  # online answers of a form that asks no unit (its settings ask none): counted, no unit's
    online_unmeasured: int = 0  # organisations with an online minimum no answer can meet: the form asks no unit

    def unit(self, code: str) -> UnitCheck:
        return next(u for u in self.units if u.code == code)

    def block(self, title_or_code: str) -> BlockCheck:
        return next(b for b in self.blocks if title_or_code in (b.code, b.title))

    def rows(self) -> list[dict[str, Any]]:
        """One row per organisation, then one per block or group total: the table `validate --out` writes."""
        out = []
        for b in self.blocks:
            out.append({
                "code": b.code or "", "name": f"Cộng: {b.title}", "group": b.title, "level": "cộng khối",
                "type_label": "", "example": "", "paper_expected": b.paper_expected,
                "paper_received": b.paper_received, "paper_final": None, "paper_state": "",
                "online_min": b.online_min, "online_received": b.online_received, "online_counted": b.online_counted,
                "online_short": b.online_short, "online_state": b.online_state, "paper_late": None,
                "online_outside_window": None, "awaiting_review": None, "reused_serials": None,
                "online_problems": None, "hard_failures": f"{b.members_short} đơn vị thiếu" if b.members_short else ""})
            for code in ([b.code] if b.code else []) + b.members:
                u = self.unit(code)
                out.append({
                    "code": u.code, "name": u.name, "group": b.title, "level": "khối" if code == b.code else "đơn vị",
                    "type_label": u.type_label, "example": "ví dụ" if u.example else "",
                    "paper_expected": u.paper_expected, "paper_received": u.paper_received,
                    "paper_final": u.paper_final, "paper_state": u.paper_state, "online_min": u.online_min,
                    "online_received": u.online_received,
                    "online_counted": u.online_counted if u.online_min is not None else None,
                    "online_short": u.online_short, "online_state": u.online_state, "paper_late": u.paper_late,
                    "online_outside_window": u.online_outside_window, "awaiting_review": u.awaiting_review,
                    "reused_serials": u.reused_serials, "online_problems": u.online_problems,
                    "hard_failures": "; ".join(u.hard_failures)})
        if self.unknown_unit_paper or self.unknown_unit_online:
            out.append({k: None for k in out[0]} | {
                "code": "", "name": UNKNOWN_UNIT_ROW, "group": "", "level": "chưa rõ", "type_label": "", "example": "",
                "paper_received": self.unknown_unit_paper, "online_problems": self.unknown_unit_online,
                "hard_failures": "gán đơn vị: survey map-unit (trực tuyến) hoặc duyệt phiếu (giấy)"})
        return out


UNKNOWN_UNIT_ROW = "Chưa rõ đơn vị (tên không khớp kế hoạch)"
UNMEASURED_WHY = "biểu mẫu trực tuyến không hỏi đơn vị (trang settings của XLSForm không có cột unit_question)"
ASK_THE_UNIT = ("Muốn hỏi đơn vị: thêm cột unit_question vào trang settings của XLSForm, chạy lại `survey build` và "
                "tạo lại biểu mẫu trực tuyến.")


def _state(got: int, want: int | None) -> QuotaState:
    if want is None:
        return QuotaState.none
    return QuotaState.short if got < want else (QuotaState.met if got == want else QuotaState.over)


def validate(plan: Plan, records: list[Record], received: dict[str, str | None], set_aside: int,
             duplicates: int, unit_asked: bool = True) -> Validation:
    """received: record id -> date its stack reached the office (paper), from the batch. unit_asked: whether the
    online form asks the plan's unit question (online.columns.unit_asked); where it does not, an online answer
    naming no unit is no unit to settle but one the form never asked."""
    live = [r for r in records if r.status != RecordStatus.discarded]
    # (a row of an earlier download that named an organisation the plan lacks is a unit to settle, form or not)
    unasked = 0 if unit_asked else sum(1 for r in live if r.channel == RecordChannel.online and r.unit is None
                                       and not r.unit_text)
    paper_of: dict[str, list[Record]] = {u.code: [] for u in plan.units}
    online_of: dict[str, list[Record]] = {u.code: [] for u in plan.units}
    for r in live:
        if r.unit in paper_of:
            (paper_of if r.channel == RecordChannel.paper else online_of)[r.unit].append(r)
    valid = {code: sum(1 for r in rows if not r.problems) for code, rows in online_of.items()}
    groups = plan.grouped()
    group_of = {m.code: g for g in groups for m in ((g.head,) if g.head else ()) + g.members}
    checks = [_check(plan, u, paper_of[u.code], online_of[u.code], valid, received, group_of[u.code].title,
                     group_of[u.code].head, unit_asked) for u in plan.units]
    by_code = {c.code: c for c in checks}
    blocks = []
    for g in groups:
        members = [by_code[m.code] for m in g.members]
        head = by_code[g.head.code] if g.head else None
        everyone = ([head] if head else []) + members
        short = sum(m.online_short for m in members)
        minimum = sum(m.online_min or 0 for m in members)
        if head is not None and head.online_min is not None:
            minimum, short = max(minimum, head.online_min), max(short, head.online_short)
        total = sum(c.online_received for c in everyone)
        direct = head.online_received if head else 0
        counted = total if head is None or head.online_min is not None else total - direct
        state = QuotaState.unmeasured if not unit_asked and minimum else \
            QuotaState.short if short else _state(counted, minimum)
        blocks.append(BlockCheck(
            g.title, head.code if head else None, [m.code for m in members],
            sum(c.paper_expected for c in everyone), sum(c.paper_received for c in everyone),
            direct, total, counted, minimum,
            sum(1 for m in members if m.online_short), short, state))
    return Validation(
        checks, plan.paper_total, sum(u.paper_received for u in checks),
        sum(1 for r in live if r.channel == RecordChannel.paper and (r.unit is None or not plan.has_unit(r.unit))),
        sum(1 for r in live if r.channel == RecordChannel.online and (r.unit is None or not plan.has_unit(r.unit)))
        - unasked,
        set_aside, duplicates, all(not u.hard_failures for u in checks), blocks,
        sum(1 for u in plan.units if u.example), _by_tool(live),
        sum(1 for r in records if r.channel == RecordChannel.online and SheetFlag.rejected in r.flags and r.status == RecordStatus.discarded),
        unasked, sum(1 for c in checks if c.online_state == QuotaState.unmeasured))


def _by_tool(live: list[Record]) -> dict[str, int]:
    """Valid online answers per collecting tool (Google Forms, KoboToolbox, ODK Central), so the office sees
    which channel each count came from."""
    from .online.channels import channel_label

    out: dict[str, int] = {}
    for r in live:
        if r.channel == RecordChannel.online and not r.problems:
            label = channel_label(r.via or "google")
            out[label] = out.get(label, 0) + 1
    return dict(sorted(out.items()))


def _check(plan: Plan, u: Unit, paper: list[Record], online: list[Record], valid: dict[str, int],
           received: dict[str, str | None], group: str, head: Unit | None, unit_asked: bool = True) -> UnitCheck:
    """unit_asked: whether the online form asks the unit; where it does not, no answer names this organisation, so
    its online minimum is not measurable (QuotaState.unmeasured) rather than short: no failure."""
    deadline = plan.paper_received_before
    counted = valid[u.code] + sum(valid[d.code] for d in plan.descendants(u.code))
    measurable = unit_asked or u.online_min is None
    short = max(0, u.online_min - counted) if u.online_min is not None and measurable else 0
    late = sum(1 for r in paper if received.get(r.record_id) and
               dt.date.fromisoformat(str(received[r.record_id])) >= deadline)
    c = UnitCheck(
        u.code, u.name, plan.unit_types[u.type].label, u.paper, len(paper), sum(r.status == RecordStatus.final for r in paper),
        _state(len(paper), u.paper) if u.paper or paper else QuotaState.none, u.online_min, valid[u.code],
        _state(counted, u.online_min) if measurable else QuotaState.unmeasured, late,
        sum(1 for r in online if r.in_window is False),
        sum(1 for r in paper if r.status == RecordStatus.needs_review),
        sum(1 for r in paper if SheetFlag.reused_serial in r.flags),
        sum(1 for r in online if r.problems),
        group=group, block=head.code if head else None, example=u.example, online_counted=counted,
        online_short=short)
    if u.paper and len(paper) < u.paper:
        c.hard_failures.append(f"thiếu {u.paper - len(paper)} phiếu giấy")
    if short:
        c.hard_failures.append(f"thiếu {short} phiếu trực tuyến")
    return c


HEADERS_VI = {
    "code": "Mã", "name": "Đơn vị", "group": "Khối / nhóm", "level": "Cấp", "type_label": "Loại",
    "example": "Ví dụ", "paper_expected": "Phiếu giấy (KH)", "paper_received": "Đã nhận",
    "paper_final": "Đã xử lý xong", "paper_state": "Giấy", "online_min": "Trực tuyến tối thiểu",
    "online_received": "Trực tuyến hợp lệ", "online_counted": "Trực tuyến tính chỉ tiêu",
    "online_short": "Trực tuyến còn thiếu", "online_state": "Trực tuyến", "paper_late": "Nộp sau hạn",
    "online_outside_window": "Trong đó ngoài thời gian (không cộng thêm)", "awaiting_review": "Chờ duyệt", "reused_serials": "Trùng số phiếu",
    "online_problems": "Dòng có vấn đề", "hard_failures": "Chưa đạt",
}


def fraction(got: int, want: int | None, state: str) -> str:
    """"0 / 3 — thiếu": received against what the plan asks, as the office says it ("? / 3 — không đo được" where
    nothing can be counted against it)."""
    if want is None:
        return str(got)
    if state == QuotaState.unmeasured:
        return f"? / {want} — {state}"
    return f"{got} / {want} — {state}"


_COUNTS = ("paper_late", "online_outside_window", "awaiting_review", "reused_serials", "online_problems")
_SHORT = ["Mã", "Giấy", "Trực tuyến", "Trễ", "Ngoài hạn", "Chờ duyệt", "Trùng số", "Có vấn đề", "Đơn vị"]


def _unit_cells(u: UnitCheck, indent: str) -> list[str]:
    paper = fraction(u.paper_received, u.paper_expected, u.paper_state) if u.paper_expected or u.paper_received else ""
    name = indent + u.name + (" *" if u.example else "") + (" (ghi tên khối)" if u.code == u.block else "")
    online = fraction(u.online_counted, u.online_min, u.online_state) if u.online_min is not None else \
        str(u.online_received)
    return [u.code, paper, online,
            *(str(getattr(u, k)) for k in _COUNTS), name]


def table_text(v: Validation) -> str:
    """The validation as the office reads it in a terminal: each block's total, then its organisations."""
    rows = [_SHORT]
    for b in v.blocks:
        paper = f"{b.paper_received} / {b.paper_expected}" if b.paper_expected else ""
        rows.append(["Cộng", paper, fraction(b.online_counted, b.online_min, b.online_state),
                     *([""] * len(_COUNTS)), f"{b.title.upper()} (cộng {len(b.members)} đơn vị)"])
        for code in ([b.code] if b.code else []) + b.members:
            u = v.unit(code)
            rows.append(_unit_cells(u, "  " if code == b.code else "    · "))
    widths = [max(len(r[i]) for r in rows) for i in range(len(_SHORT) - 1)]
    lines = ["  ".join(r[i].rjust(widths[i]) if i else r[i].ljust(widths[i]) for i in range(len(widths)))
             + "  " + r[-1] for r in rows]
    return "\n".join(lines + [""] + summary_lines(v))


def summary_lines(v: Validation) -> list[str]:
    """What the table means, in sentences: the district's totals, each block's shortfall, what to do next."""
    lines = []
    online = sum(u.online_received for u in v.units)
    lines.append(f"Toàn huyện: phiếu giấy {v.paper_total_received} / {v.paper_total_expected}; trực tuyến hợp lệ "
                 f"{online}; phiếu giấy chưa rõ đơn vị {v.unknown_unit_paper}; dòng trực tuyến chưa rõ đơn vị "
                 f"{v.unknown_unit_online}; trang để riêng {v.set_aside_pages}; trang trùng {v.duplicate_pages}")
    if v.online_by_tool:
        lines.append("Trực tuyến hợp lệ theo công cụ thu thập: " + ", ".join(f"{k} {n}" for k, n in v.online_by_tool.items())
                     + (f"; {v.online_rejected} bài nộp bị từ chối trên công cụ (đã lưu, không tính)"
                        if v.online_rejected else ""))
    for b in v.blocks:
        if b.online_short:
            surplus = b.online_counted + b.online_short > b.online_min
            lines.append(f"  {b.title}: {b.members_short} / {len(b.members)} đơn vị chưa đủ chỉ tiêu trực tuyến, "
                         f"còn thiếu {b.online_short} phiếu"
                         + (" (phiếu vượt ở đơn vị này không bù cho đơn vị khác)" if surplus else ""))
        if b.online_received > b.online_counted:
            lines.append(f"  {b.title}: {b.online_received - b.online_counted} phiếu trực tuyến chỉ ghi tên khối, "
                         "được tính vào kết quả nhưng không vào chỉ tiêu của đơn vị nào trong khối (biểu mẫu trực "
                         "tuyến tạo bằng `survey online-form` chỉ cho chọn chi bộ, đảng bộ của khối)")
    if v.unknown_unit_online:
        lines.append(f"Có {v.unknown_unit_online} dòng trực tuyến ghi đơn vị không khớp kế hoạch: xem tên bằng "
                     "`survey status`, rồi gán bằng `survey map-unit \"TÊN_ĐÃ_GHI\" MÃ_ĐƠN_VỊ --reviewer TÊN` hoặc thêm tên gọi khác vào plan.xlsx.")
    if v.online_no_unit:
        lines.append(f"Có {v.online_no_unit} câu trả lời trực tuyến không có đơn vị: biểu mẫu trực tuyến không hỏi đơn vị "
                     "(trang settings của XLSForm không có cột unit_question hay unit_after), nên chúng được tính vào kết "
                     "quả chung nhưng không vào chỉ tiêu trực tuyến của đơn vị nào."
                     + ("" if v.online_unmeasured else " " + ASK_THE_UNIT))
    if v.online_unmeasured:
        lines.append(f"Chỉ tiêu trực tuyến của {v.online_unmeasured} đơn vị không đo được: {UNMEASURED_WHY}, nên "
                     f"không câu trả lời nào tính được cho đơn vị nào; các chỉ tiêu này không bị coi là thiếu. "
                     f"{ASK_THE_UNIT}")
    if v.examples:
        lines.append(f"Kế hoạch còn {v.examples} đơn vị ví dụ (dấu *) chưa được văn phòng xác nhận: sửa trang "
                     "\"Đơn vị\" của plan.xlsx, rồi chạy `survey plan build`.")
    paper_short = [u for u in v.units if u.paper_expected and u.paper_received < u.paper_expected]
    online_short = [u for u in v.units if u.online_short]
    if v.ok:
        lines.append("Đạt yêu cầu kế hoạch.")
    else:
        parts = []
        if paper_short:
            parts.append("thiếu phiếu giấy: " + ", ".join(
                f"{u.code} ({u.paper_expected - u.paper_received})" for u in paper_short))
        if online_short:
            parts.append(f"thiếu phiếu trực tuyến: {len(online_short)} đơn vị, "
                         f"{sum(u.online_short for u in online_short)} phiếu")
        lines.append("CHƯA ĐẠT: " + "; ".join(parts))
    return lines
