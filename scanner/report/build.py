"""The report's content from the tally, the validation and the page accounting, section by section.

The structure is that of a Party body's survey report: header, I. purpose,
II. subjects, method and sample, III. results, IV. overall assessment, V.
recommendations, distribution list and signature. Sections IV and V are the
board's to write: they hold a marked place and the sentences the figures support.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..numbering import Numbered, split_profile
from ..plan import Plan
from ..tally import CHANNELS, Tally
from ..template import Template
from ..validate import UNMEASURED_WHY, Validation
from ..vocab import PageReason, QuotaState
from . import charts, findings
from .fmt import date_line, lower_first, num, pct, short_date
from .model import PARTY, Block, BlockKind, Chart, Header, Heading, Para, Report, Table
from .results import breakdown_blocks, question_blocks

PLACEHOLDER = "[Phần dành cho Ban viết: {what}. Các nhận định dưới đây do chương trình rút ra từ số liệu, " \
              "Ban giữ lại, sửa hoặc bỏ.]"


@dataclass
class Quality:
    """The page accounting and what still waits for a person, from the store."""

    sheets_total: int = 0
    sheets_auto: int = 0  # final with no person's decision
    sheets_reviewed: int = 0
    questions_settled: int = 0
    sheets_pending: int = 0
    sheets_discarded: int = 0
    set_aside: dict[str, int] = field(default_factory=dict)
    duplicates: int = 0
    online_problem_rows: int = 0
    texts_untranscribed: int = 0
    pages_unsettled: int = 0  # set-aside pages nobody has decided on


@dataclass(frozen=True)
class Options:
    min_group: int = 10
    day: dt.date | None = None  # the date line; today when not given


def provisional(t: Tally, v: Validation, q: Quality) -> list[str]:
    """What keeps the figures from being final; empty when nothing does."""
    out = []
    resp = t.respondents.set_index("channel")
    paper_pending = int(resp.loc[CHANNELS["paper"], "pending"])
    online_pending = int(resp.loc[CHANNELS["online"], "pending"])
    if paper_pending:
        out.append(f"{num(paper_pending)} phiếu giấy còn chờ duyệt, chưa được tính")
    if online_pending:
        out.append(f"{num(online_pending)} phiếu trực tuyến có vấn đề chưa được xử lý, chưa được tính")
    if q.texts_untranscribed:
        out.append(f"{num(q.texts_untranscribed)} ý kiến viết tay chưa được chép lại")
    if q.pages_unsettled:
        out.append(f"{num(q.pages_unsettled)} trang để riêng chưa được xử lý")
    short_paper = [u for u in v.units if u.paper_expected and u.paper_received < u.paper_expected]
    if short_paper:
        missing = sum(u.paper_expected - u.paper_received for u in short_paper)
        out.append(f"{num(len(short_paper))} đơn vị chưa đủ phiếu giấy theo kế hoạch (thiếu {num(missing)} phiếu)")
    short_online = [u for u in v.units if u.online_short]
    if short_online:
        missing = sum(u.online_short for u in short_online)
        out.append(f"{num(len(short_online))} đơn vị chưa đủ số phiếu trực tuyến tối thiểu "
                   f"(thiếu {num(missing)} phiếu)")
    return out


def _purpose(template: Template, plan: Plan) -> list[Block]:
    return [
        Heading("I. MỤC ĐÍCH, YÊU CẦU", 1),
        Para(f"- Thu thập ý kiến {lower_first(template.subtitle) or 'của những người được khảo sát'}.", BlockKind.body),
        Para("- Số liệu tổng hợp đầy đủ, chính xác, khách quan, trung thực; mọi con số trong báo cáo được tính "
             "từ các phiếu đã xử lý xong.", BlockKind.body),
        Para("[Phần dành cho Ban viết: bổ sung mục đích, yêu cầu theo kế hoạch.]", BlockKind.placeholder),
    ]


def _paper_table(v: Validation) -> Table:
    """The sampled units' paper sheets against the allocation."""
    rows = [(u.name, num(u.paper_expected), num(u.paper_received), num(u.paper_final),
             QuotaState(u.paper_state).verdict)
            for u in v.units if u.paper_expected or u.paper_received]
    rows.append(("Tổng cộng", num(v.paper_total_expected), num(v.paper_total_received),
                 num(sum(u.paper_final for u in v.units)), ""))
    return Table(("Đơn vị", "Phiếu giấy theo kế hoạch", "Đã nhận", "Đã xử lý xong", "Đánh giá"), tuple(rows),
                 bold_last=True)


def _online_table(v: Validation) -> Table:
    """Online answers against the minimums: each block's total, then each of its organisations."""
    rows: list[tuple[str, ...]] = []
    subtotals: set[int] = set()
    for b in v.blocks:
        subtotals.add(len(rows))
        rows.append((f"Cộng: {b.title} ({num(len(b.members))} đơn vị, {num(b.members_short)} chưa đủ)",
                     num(b.online_min), num(b.online_counted), num(b.online_short),
                     QuotaState(b.online_state).verdict))
        for code in ([b.code] if b.code else []) + list(b.members):
            u = v.unit(code)
            if u.online_min is None:
                rows.append((f"{u.name} (ghi tên khối)", "—", num(u.online_received), "", ""))
            else:
                rows.append((u.name, num(u.online_min), num(u.online_counted),
                             "—" if u.online_state == QuotaState.unmeasured else num(u.online_short),
                             QuotaState(u.online_state).verdict))
    return Table(("Đơn vị", "Trực tuyến tối thiểu", "Hợp lệ", "Còn thiếu", "Đánh giá"), tuple(rows),
                 bold_rows=frozenset(subtotals))


def _quality_table(q: Quality, t: Tally) -> Table:
    rows = [("Phiếu giấy đã ghi nhận", num(q.sheets_total)),
            ("Đọc tự động, không cần duyệt", num(q.sheets_auto)),
            ("Phiếu có câu do người duyệt quyết định", num(q.sheets_reviewed)),
            ("Câu hỏi do người duyệt quyết định", num(q.questions_settled)),
            ("Phiếu giấy còn chờ duyệt (chưa tính)", num(q.sheets_pending)),
            ("Phiếu bị loại", num(q.sheets_discarded)),
            ("Trang trùng lặp (không tính)", num(q.duplicates)),
            ("Dòng trực tuyến có vấn đề (chưa tính)", num(q.online_problem_rows)),
            ("Ý kiến viết tay chưa chép lại", num(q.texts_untranscribed))]
    rows += [(f"Trang để riêng: {PageReason.label_of(k, 'lý do khác').lower()}", num(n))
             for k, n in sorted(q.set_aside.items())]
    rows.append(("Phiếu trực tuyến gửi ngoài thời gian khảo sát " +
                 ("(được tính)" if t.outside_included else "(không tính)"), num(t.outside_window)))
    return Table(("Nội dung", "Số lượng"), tuple(rows))


def _profile_table(t: Tally, template: Template, profile: list[Numbered]) -> Table:
    rows = []
    for item in profile:
        if not item.behaviour.shares:
            continue
        q = template.question(item.id)
        sel = t.rows(q.id)
        for k, o in enumerate(q.options):
            r = sel[sel.option == o.id]
            rows.append((item.text if k == 0 else "", o.label, num(r["count"].iloc[0] if not r.empty else 0),
                         pct(r.pct_answered.iloc[0] if not r.empty else None)))
    return Table(("Đặc điểm", "Phương án", "Số người", "Tỷ lệ (%)"), tuple(rows), first_col_wide=False)


def _window_note(t: Tally) -> str:
    if not t.outside_window:
        return ""
    if t.outside_included:
        return (f" (kể cả {num(t.outside_window)} phiếu trực tuyến gửi ngoài thời gian khảo sát; có thể lập lại "
                "báo cáo không tính các phiếu này)")
    return f"; {num(t.outside_window)} phiếu trực tuyến gửi ngoài thời gian khảo sát không được tính"


def _method(template: Template, plan: Plan, t: Tally, v: Validation, q: Quality, profile: list[Numbered],
            section_title: str) -> list[Block]:
    paper_units = [u for u in plan.units if u.paper]
    minimums = "; ".join(f"{lower_first(ut.label)}: tối thiểu {num(ut.online_min)} phiếu"
                         for ut in plan.unit_types.values() if ut.online_min is not None)
    resp = t.respondents.set_index("channel")
    out: list[Block] = [
        Heading("II. ĐỐI TƯỢNG, PHƯƠNG PHÁP VÀ MẪU KHẢO SÁT", 1),
        Heading("1. Đối tượng, phương pháp", 2),
        Para(f"Điều tra bằng hình thức trực tiếp với {num(plan.paper_total)} phiếu giấy phân bổ cho "
             f"{num(len(paper_units))} đơn vị, kết hợp điều tra trực tuyến qua {_tools(v)}"
             f"{' (' + minimums + ')' if minimums else ''}. Thời gian thu thập ý kiến từ ngày "
             f"{short_date(plan.collection_start)} đến ngày {short_date(plan.collection_end)}; phiếu giấy gửi về "
             f"trước ngày {short_date(plan.paper_received_before)}."),
        Heading("2. Mẫu khảo sát thu được", 2),
        Para(f"Tổng số phiếu đưa vào tổng hợp: {num(resp.loc[CHANNELS['all'], 'final'])} phiếu, gồm "
             f"{num(resp.loc[CHANNELS['paper'], 'final'])} phiếu giấy và "
             f"{num(resp.loc[CHANNELS['online'], 'final'])} phiếu trực tuyến{_window_note(t)}."),
        Heading("a) Phiếu giấy của các đơn vị so với kế hoạch", 3),
        _paper_table(v),
    ]
    shares = [100 * u.paper_received / u.paper_expected for u in v.units if u.paper_expected]
    if shares:
        names = [u.name for u in v.units if u.paper_expected]
        out.append(Chart(charts.bars(names, shares, "% phiếu giấy đã nhận so với kế hoạch", reference=100.0),
                         "Phiếu giấy đã nhận so với kế hoạch"))
    online_total = sum(u.online_received for u in v.units)
    out += [Heading(f"b) Phiếu trực tuyến hợp lệ so với số tối thiểu (tổng cộng {num(online_total)} phiếu)", 3),
            _online_table(v)]
    if v.online_by_tool:
        out.append(Para("Theo công cụ thu thập: " + "; ".join(f"{k} {num(n)} phiếu" for k, n in v.online_by_tool.items())
                        + (f"; {num(v.online_rejected)} bài nộp bị người duyệt trên công cụ từ chối, không tính"
                           if v.online_rejected else "") + ".", BlockKind.note))
    short = sum(1 for u in v.units if u.hard_failures)
    out.append(Para(f"Có {num(short)}/{num(len(v.units))} đơn vị chưa đạt số phiếu theo kế hoạch."
                    if short else "Tất cả các đơn vị đạt số phiếu theo kế hoạch." if not v.online_unmeasured else
                    "Tất cả các đơn vị đạt số phiếu giấy theo kế hoạch.", BlockKind.note))
    if v.online_unmeasured:
        out.append(Para(f"Số phiếu trực tuyến tối thiểu của {num(v.online_unmeasured)} đơn vị không đo được: "
                        f"{UNMEASURED_WHY}.", BlockKind.note))
    out += [Heading("3. Phiếu để riêng, phiếu chờ xử lý", 2), _quality_table(q, t)]
    if profile:
        out.append(Heading(f"4. {section_title.capitalize()}", 2))
        table = _profile_table(t, template, profile)
        if table.rows:
            out.append(table)
        # an age or a date of joining asked about the respondent is shown here, as section III shows its own
        for item in profile:
            if not item.behaviour.shares:
                out += question_blocks(t, template, item)
    return out


def _tools(v: Validation) -> str:
    """The online tools the answers actually came through ("biểu mẫu Google Forms" when none yet)."""
    tools = [k for k in v.online_by_tool]
    if not tools or tools == ["Google Forms"]:
        return "biểu mẫu Google Forms"
    return "biểu mẫu " + ", ".join(tools)


def _assessment(t: Tally, template: Template, content: list[Numbered], min_group: int) -> list[Block]:
    out: list[Block] = [Heading("IV. ĐÁNH GIÁ CHUNG", 1),
                        Para(PLACEHOLDER.format(what="đánh giá chung về kết quả khảo sát"), BlockKind.placeholder)]
    for item in content:
        s = None
        kind = item.behaviour
        if kind.ranks:
            s = findings.rank_sentence(t, item)
        elif kind.expands:  # a grid's rows
            s = findings.grid_sentence(t, template, item)
        elif kind.one_option:
            s = findings.single_sentence(t, template.question(item.id), item)
        elif kind.shares:
            s = findings.multiple_sentence(t, template.question(item.id), item)
        if s:
            out.append(Para(f"- {s}", BlockKind.finding))
    for group, title in t.group_names(template).items():
        if group == "all":
            continue
        s = findings.difference_sentence(t, template, group, title, content, min_group)
        if s:
            out.append(Para(f"- {s}", BlockKind.finding))
    return out


def _recommendations(t: Tally, template: Template, content: list[Numbered]) -> list[Block]:
    out: list[Block] = [Heading("V. KIẾN NGHỊ, ĐỀ XUẤT", 1),
                        Para(PLACEHOLDER.format(what="kiến nghị, đề xuất"), BlockKind.placeholder)]
    for item in content:
        if item.behaviour.expands and not item.behaviour.ranks:
            s = findings.lowest_grid_sentence(t, template, item)
            if s:
                out.append(Para(f"- {s}", BlockKind.finding))
        if item.behaviour.handwritten:
            items = t.comments.get(item.id, [])
            if items:
                out.append(Para(f"- Có {num(sum(n for _, n in items))} ý kiến ghi thêm ở {item.label} "
                                f"({num(len(items))} nội dung khác nhau), xem mục III.", BlockKind.finding))
    return out


def build(template: Template, plan: Plan, t: Tally, v: Validation, q: Quality, options: Options = Options()) -> Report:
    """The report's content; every figure comes from the tally, the validation and the page accounting."""
    from ..numbering import number_questions

    rs = plan.report
    day = options.day or dt.date.today()
    sections = number_questions(template)
    profile, content = split_profile(sections)
    rep = Report(
        Header(rs.issuer_parent, rs.issuer, f"Số {rs.number}" if rs.number else "", PARTY, date_line(rs.place, day)),
        "BÁO CÁO", f"Kết quả {lower_first(plan.title)}" if plan.title else lower_first(template.subtitle),
        provisional(t, v, q), recipients=rs.recipients, signer_title=rs.signer_title, signer_name=rs.signer_name)
    rep.add(Para(f"Thực hiện Kế hoạch số {plan.plan_ref} của {plan.organisation} về {lower_first(plan.title)}, "
                 f"{plan.organisation} báo cáo kết quả như sau:"
                 if plan.plan_ref else "Kết quả khảo sát như sau:"))
    rep.add(*_purpose(template, plan))
    rep.add(*_method(template, plan, t, v, q, profile, sections[0].title if profile else ""))
    rep.add(Heading("III. KẾT QUẢ KHẢO SÁT", 1), Heading("1. Kết quả theo từng câu hỏi", 2))
    for item in content:
        rep.add(*question_blocks(t, template, item))
    broken_down = breakdown_blocks(t, template, content, options.min_group)
    if broken_down:  # a heading with nothing under it when no question of the content breaks down
        rep.add(Heading("2. Kết quả theo đơn vị và nhóm người trả lời", 2), *broken_down)
    rep.add(*_assessment(t, template, content, options.min_group))
    rep.add(*_recommendations(t, template, content))
    return rep
