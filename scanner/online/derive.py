"""Online records derived from every stored download: each response once, with its latest answers.

Which rows are one response is decided in `identity`; here each response
becomes a record read against the current template, plan and people's
mappings, with every problem named by file, row and question.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..cascade import base_name, cascade_conflicts
from ..kinds.number import UNDECIDED
from ..kinds.registry import not_understood, parse_online
from ..logic.apply import LogicReason, check_record, excel_day_allowed
from ..logic.wording import choice_rule_text, constraint_said, template_instruction
from ..plan import Plan
from ..ranking import rank_orders, rankings
from ..records import Record
from ..roster import misfit, roster_rows
from ..template import Question, Template
from ..vocab import DecisionKey, RecordChannel, RecordStatus, ReviewReason, SheetFlag, WordingKind
from .channels import Channel, channel_label
from .choices import Choice, names_other, read_choice
from .columns import UNIT_KEY, expected_keys, norm, unit_asked
from .files import RawFile
from .identity import Response, merge
from .rows import BeyondRow, ParsedFile, ParsedRow, parse_file


@dataclass
class Mappings:
    """People's decisions that change how rows read: normalised text -> unit code, normalised title -> question."""

    units: dict[str, str] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    answers: dict[str, dict[str, str]] = field(default_factory=dict)  # question id -> normalised wording -> option
    records: dict[str, dict[str, Any]] = field(default_factory=dict)  # record id -> question id / _unit / _accept /
    # _discard -> a reviewer's settlement of that one response (`settle-online`)


@dataclass(frozen=True)
class Unsettled:
    """A wording a person can settle once for every row: a unit name, a column title, an answer near an option."""

    kind: WordingKind
    text: str
    question: str | None = None
    suggestion: str | None = None  # the option the answer is close to

    def command(self) -> str:
        if self.kind == WordingKind.unit:
            return f'survey map-unit "{self.text}" MÃ_ĐƠN_VỊ --reviewer TÊN'
        if self.kind == WordingKind.column:
            return f'survey map-column "{self.text}" MÃ_CÂU_HỎI --reviewer TÊN'
        return f'survey map-answer "{self.text}" {self.question} {self.suggestion} --reviewer TÊN'

    def leave_out(self) -> str:
        """For a column: the command that leaves it out, as the office's own notes in the Sheet are ("-")."""
        return f'survey map-column "{self.text}" - --reviewer TÊN'


@dataclass
class Derived:
    records: list[Record]
    notices: list[str]  # whole-file messages, in import order
    files: list[ParsedFile]
    responses: list[Response]
    unsettled: dict[Unsettled, int] = field(default_factory=dict)  # -> how many rows (or files, for columns) wait

    def decimal_mark(self, record_id: str, question_id: str) -> str:
        """A number question's decimal mark in the file of the record's current row (UNDECIDED where that column
        does not say; "" for no such record): a value a reviewer types is read as the import reads the column."""
        for resp in self.responses:
            if record_id_of(resp) == record_id:
                return self.files[resp.current.file_index].decimal_marks.get(question_id, UNDECIDED)
        return ""



def _more_members(template: Template, overflow: tuple[str, Any], beyond: list[BeyondRow]) -> str:
    """One problem for a count past the roster's printed rows, with the download's rows past them, if any: the
    count and the rows are one cause (said at the count question, where a person settles it)."""
    roster, count = overflow
    rows = template.rosters[roster].rows
    extra = [b for b in beyond if b.roster == roster]
    kept = ", ".join(f"dòng thứ {b.row} ({b.cells})" for b in extra)
    return (f"số khai là {count} nhưng bảng kê {roster} chỉ có {rows} dòng: "
            + (f"{len(extra)} dòng sau dòng {rows} trong tệp không được đưa vào bảng, giữ lại ở đây: {kept}; "
               if extra else "các dòng còn lại không có chỗ ghi; ")
            + f"cần người xem (counts {count}, the roster holds {rows} rows"
            + (f"; {len(extra)} row(s) past them in the download kept here, not counted)" if extra else ")"))


def _said(template: Template, qid: str) -> str:
    """“: Tuổi phải từ 18 đến 80” when the form words the constraint or it says a range (the expression stays in
    the English part)."""
    words = constraint_said(template, qid)
    return f": {words}" if words and words != template.question(qid).constraint else ""

def record_id_of(resp: Response) -> str:
    return "online:" + hashlib.sha256(resp.key.encode("utf-8")).hexdigest()[:16]


def derive(files: list[RawFile], template: Template, plan: Plan, mappings: Mappings) -> Derived:
    parsed = [parse_file(i, raw, template, plan, mappings.columns) for i, raw in enumerate(files)]
    responses = merge(parsed)
    cache: dict[tuple[str, Any], Choice] = {}  # the same answer wording recurs across rows and downloads
    unsettled: Counter[Unsettled] = Counter()
    records = [build(resp, parsed, template, plan, mappings, cache, unsettled) for resp in responses]
    records.sort(key=lambda r: (r.submitted_at or "", r.record_id))
    for f in parsed:
        unsettled.update(Unsettled(WordingKind.column, t) for t in f.unknown)
    return Derived(records, [n for f in parsed for n in f.notices], parsed, responses,
                   dict(_one_per_wording(unsettled).most_common()))


def _one_per_wording(unsettled: Counter[Unsettled]) -> Counter[Unsettled]:
    """Spellings one mapping settles together (mappings are keyed by the normalised text) listed once."""
    first: dict[tuple[str, str, str | None], Unsettled] = {}
    merged: Counter[Unsettled] = Counter()
    for u, n in unsettled.most_common():
        merged[first.setdefault((u.kind, norm(u.text), u.question), u)] += n
    return merged


def _merged_values(resp: Response, template: Template) -> tuple[dict[str, Any], list[str]]:
    """The current version's answers; a question its file lacks is taken from the latest row that has it."""
    values: dict[str, Any] = dict(resp.current.values)
    missing = []
    for k in expected_keys(template):
        if k in values:
            continue
        for row in reversed(resp.rows):
            if k in row.values:
                values[k] = row.values[k]
                break
        else:
            missing.append(k)
    return values, missing


def build(resp: Response, files: list[ParsedFile], template: Template, plan: Plan, mappings: Mappings,
          cache: dict[tuple[str, Any], Choice] | None = None, unsettled: Counter[Unsettled] | None = None) -> Record:
    """The record of one response, from its current version (and earlier ones for columns its file lacks)."""
    unsettled = Counter() if unsettled is None else unsettled
    row = resp.current
    where = row.where()
    rid = record_id_of(resp)
    values, missing = _merged_values(resp, template)
    problems: list[tuple[str, str]] = [(DecisionKey.time, p) for p in row.problems]  # (what settles it, the message)
    for k in missing:
        name = "đơn vị (unit)" if k == UNIT_KEY else k
        problems.append((k, f"{where}: tệp không có cột cho câu hỏi {name} (the file has no column for it; "
                        "map a renamed column with map-column)"))
    if resp.absent_from:
        later = re.split(r"[\\/]", resp.absent_from)[-1]  # the file's name: a temporary folder tells a reviewer nothing
        problems.append((DecisionKey.absent, f"{where}: câu trả lời này không còn trong tệp tải sau “{later}” (đã bị "
                        "xoá trên biểu mẫu, hoặc đã được sửa); chưa tính, cần người xác nhận"))
    unit = None
    unit_text = values.get(UNIT_KEY)
    if isinstance(unit_text, list):
        unit_text = ", ".join(unit_text)
    if unit_text:
        code = mappings.units.get(norm(unit_text))
        matched = plan.match_unit(unit_text)
        unit = code or (matched.code if matched else None)
        if unit is None:
            unsettled[Unsettled(WordingKind.unit, unit_text)] += 1
            problems.append((UNIT_KEY, f"{where}: {plan.unmatched_message(unit_text)}"))
    elif UNIT_KEY not in missing and unit_asked(template):  # (a form that asks none: no unit, known as such)
        problems.append((UNIT_KEY, f"{where}: thiếu đơn vị (unit missing)"))
    answers: dict[str, Any] = {q.id: [] if q.behaviour.shares else None for q in template.questions}
    other: dict[str, str] = {}
    shared: dict[str, list[tuple[str, ...]]] = {}  # question -> a shared label's options, per wording
    for q in template.questions:
        v = values.get(q.id)
        if q.other_of or v is None or v == "" or v == []:
            continue
        if q.behaviour.handwritten:
            answers[q.id] = " ".join(", ".join(v).split()) if isinstance(v, list) else v
            if said := misfit(q, answers[q.id]):  # a roster's date or number that is none: a person settles it
                problems.append((q.id, f"{where}, câu {q.id} \"{q.online_title}\": {said} (not a {q.holds})"))
            continue
        if q.behaviour.digit_grid:
            parsed = files[row.file_index]
            cell = ", ".join(v) if isinstance(v, list) else v
            value, understood = parse_online(q.type, cell, q.decimals, q.id not in parsed.month_first, q.digits,
                                             parsed.decimal_marks.get(q.id, UNDECIDED))
            answers[q.id] = value
            if not understood:
                said = not_understood(q.type, cell, q.digits, excel_day_allowed(q, cell))
                problems.append((q.id, f"{where}, câu {q.id} \"{q.online_title}\": {said} (not a {q.type.value})"))
            continue
        key = (q.id, tuple(v) if isinstance(v, list) else v)
        c = cache.get(key) if cache is not None else None
        if c is None:
            c = read_choice(v, q, settled=mappings.answers.get(q.id))
            if cache is not None:
                cache[key] = c
        problems += [(q.id, f"{where}, câu {q.id} \"{q.online_title}\": {p}") for p in c.problems]
        if c.near:
            unsettled[Unsettled(WordingKind.answer, c.near[0], q.id, c.near[1])] += 1
        if q.behaviour.one_option and len(c.options) > 1:
            problems.append((q.id, f"{where}, câu {q.id} \"{q.online_title}\": hai lựa chọn cho câu chỉ chọn một "
                                   "(two answers on a single-choice question)"))
        answers[q.id] = list(c.options)
        if c.ambiguous:
            shared[q.id] = c.ambiguous
        if c.other:
            other[q.id] = c.other
    for qid, named in shared.items():  # after every question: the parent's answer tells a shared label's option
        q = template.question(qid)
        picked, open_ = by_parent(template, q, named, answers)
        answers[qid] = sorted({*answers[qid], *picked}, key=[o.id for o in q.options].index)
        why = f"câu trả lời ở câu {q.filter_by} không cho biết là phương án nào" if q.filter_by else "không biết là phương án nào"
        for ids in open_:
            problems.append((qid, f"{where}, câu {qid} \"{q.online_title}\": \"{q.option(ids[0]).label}\" là nhãn của "
                                  f"{len(ids)} phương án ({', '.join(ids)}), {why}; cần người xác nhận (a label several "
                                  "options share, in a download of the form made before they had choices of their own)"))
    for q in template.questions:
        own = values.get(q.id) if q.other_of else None  # KoboToolbox/ODK: the "Other" text is its own question
        parent = template.question(q.other_of) if q.other_of else None
        if parent is not None and isinstance(own, str) and own.strip() and not names_other(own, parent):
            other.setdefault(parent.id, " ".join(own.split()))
        if q.other_of and q.other_of in other:
            answers[q.id] = other.pop(q.other_of)
    for qid in cascade_conflicts(template, answers):
        problems.append((qid, f"{where}, câu {qid}: {ReviewReason.cascade_conflict.label} (the choice is not listed under the answer to "
                              f"{template.question(qid).filter_by})"))
    settled = mappings.records.get(rid, {})
    for what, value in settled.items():
        if what == UNIT_KEY:
            unit = value
        elif not what.startswith("_"):
            answers[what] = value

    ranked = rankings(template, answers)  # after a reviewer's settlements
    for r in ranked.values():  # Google's "one response per column" keeps a place from being given twice, not
        for qid, why in r.problems.items():  # every option from being ranked; an older form's download neither
            problems.append((qid, f"{where}, câu {qid}: {why.label} (a ranking needs each place once, every option "
                                  "ranked)"))

    def unasked(qid: str) -> bool:
        """A write-in ("Other, specify") is asked only when its option is ticked: a required one is no missing
        answer otherwise (Hluvukani's meeting form: every online row that ticked another type went to review).
        Nor is one the template has no question for (a template built before `required` kept only its own)."""
        try:
            q = template.question(qid)
        except KeyError:
            return True
        parent = template.question(q.other_of) if q.other_of else None
        return parent is not None and parent.other_option not in (answers.get(parent.id) or [])

    # after a reviewer's settlements, which may change what applies; a Google Form does not enforce "X alone"
    check = check_record(template, answers, choice_rules=True)
    # a person who accepts the row as the respondent gave it accepts its broken constraints too (`--accept`)
    accepted = DecisionKey.accept in settled
    logic = {} if accepted else check.problems
    told = {check.overflows[q][0] for q in logic if q in check.overflows}  # rosters whose count says it below
    problems += [(DecisionKey.time, f"{where}: {b.said(template.rosters[b.roster].rows)}") for b in row.beyond
                 if b.roster not in told]
    for qid, why in logic.items():
        q = template.question(qid)
        said = (f"trả lời câu mà bảng hỏi bảo bỏ qua (answered where the form says skip: "
                f"{template_instruction(template, qid)})"
                if why == LogicReason.skipped_answered else
                _more_members(template, check.overflows[qid], row.beyond)
                if why == LogicReason.more_members else
                f"câu trả lời trái với điều kiện của bảng hỏi{_said(template, qid)} (breaks the form's constraint: "
                f"{q.constraint or choice_rule_text(q.max_choices, q.exclusive)})")
        problems.append((qid, f"{where}, câu {q.id} \"{q.online_title}\": {said}"))
    for qid in template.online.get("required", []):
        if not answers.get(qid) and qid not in missing and qid not in check.skipped and not unasked(qid):
            problems.append((qid, f"{where}: thiếu câu trả lời bắt buộc {qid} (required answer missing)"))
    ts = row.moment.at if row.moment else None
    in_window = plan.in_window(ts) if ts else None
    sources = [_source(row)] + [dict(_source(old), superseded=True, changed=changed) for old, changed, _ in
                                reversed(resp.replaced)]
    review = row.review
    tool = channel_label(row.via)
    if review.held:
        problems.append((DecisionKey.held, f"{where}: {tool} đánh dấu \"{review.text}\" (held by the tool's reviewers); chưa "
                         "tính, cần người xác nhận / not counted until accepted: survey settle-online --accept"))
    done = set(settled) | ({DecisionKey.time, DecisionKey.absent, DecisionKey.held} if accepted else set())
    # a response a reviewer discarded needs nothing more: its problems no longer ask anyone to settle them
    left = [] if DecisionKey.discard in settled else [msg for what, msg in problems if what not in done]
    flags: list[str] = [] if in_window in (True, None) else [SheetFlag.outside_window]
    rejected = review.rejected and DecisionKey.accept not in settled
    if rejected:
        flags.append(SheetFlag.rejected)
    status = (RecordStatus.discarded if DecisionKey.discard in settled or rejected else RecordStatus.needs_review if left
              else RecordStatus.final)
    return Record(rid, RecordChannel.online, unit, None, status, answers, [], flags, sources,
                  ts.isoformat() if ts else None, in_window, left, other, via=row.via, unit_text=unit_text or None,
                  skipped=[q for q in check.skipped if q not in settled],
                  logic={q: str(why) for q, why in check.problems.items() if q not in settled and not accepted},
                  rosters=roster_rows(template.rosters, answers), ranks=rank_orders(ranked))


def by_parent(template: Template, q: Question, named: list[tuple[str, ...]],
              answers: dict[str, Any]) -> tuple[list[str], list[tuple[str, ...]]]:
    """(the options a cascade's shared labels name under the parent question's answer, the labels it does not
    settle): "Desaguadero" is Peru's where Peru is answered; with no parent answered, or two of its options
    under it, a person decides, never the first option of the label."""
    given = answers.get(q.filter_by) if q.filter_by else None
    parents = set(given) | {base_name(p) for p in given} if isinstance(given, list) else set()
    picked: list[str] = []
    open_: list[tuple[str, ...]] = []
    for ids in named:
        under = [i for i in ids if q.option(i).parent and q.option(i).parent in parents]
        if len(under) == 1:
            picked.append(under[0])
        else:
            open_.append(ids)
    return picked, open_


def _source(row: ParsedRow) -> dict[str, Any]:
    s: dict[str, Any] = {"file": row.source, "row": row.row_number}
    if row.sheet:
        s["sheet"] = row.sheet
    if row.via != Channel.google:
        s["via"] = row.via
        if row.version:
            s["instance"] = row.version
        if row.review.text:
            s["review"] = row.review.text
    return s
