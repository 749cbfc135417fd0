"""Online records derived from every stored download: each response once, with its latest answers.

A response's identity is what Google keeps stable across downloads and
formats: the submission instant and the answers to the template's questions
(normalised), never header text or extra columns. Per download, in the order
they were imported, each row is matched to a known response:

1. the same Forms API response id;
2. the same instant and the same answers on the questions both files have
   (another download or format of the same response);
3. the same instant with different answers: an edit, the later download wins;
4. in the linked Sheet, a response edited after submission keeps its row but
   gets a new timestamp: a row at the same position with a later time, whose
   earlier version is absent from this download (which is no shorter), is an edit.

Whatever is left is a new response; two identical rows inside one file are two
submissions. Edits are kept in the record's sources, old version marked.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..plan import Plan
from ..records import Record
from ..template import Template
from .choices import Choice, read_choice
from .columns import UNIT_KEY, expected_keys, norm
from .files import FileKind, RawFile
from .rows import ParsedFile, ParsedRow, parse_file


@dataclass(eq=False)
class Response:
    first: ParsedRow
    current: ParsedRow
    rows: list[ParsedRow] = field(default_factory=list)
    # older versions: the row, the questions that changed, the file whose row replaced it
    replaced: list[tuple[ParsedRow, list[str], int]] = field(default_factory=list)
    file_sizes: dict[int, int] = field(default_factory=dict)
    absent_from: str | None = None  # a later download of the same form that no longer has it

    @property
    def key(self) -> str:
        f = self.first
        if f.response_id:
            return f"api:{f.response_id}"
        return f"{f.moment.at.isoformat() if f.moment else '-'}|{f.file_index}|{f.row_number}"


@dataclass
class Mappings:
    """People's decisions that change how rows read: normalised text -> unit code, normalised title -> question."""

    units: dict[str, str] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    answers: dict[str, dict[str, str]] = field(default_factory=dict)  # question id -> normalised wording -> option


@dataclass(frozen=True)
class Unsettled:
    """A wording a person can settle once for every row: a unit name, a column title, an answer near an option."""

    kind: str  # unit | column | answer
    text: str
    question: str | None = None
    suggestion: str | None = None  # the option the answer is close to

    def command(self) -> str:
        if self.kind == "unit":
            return f'survey map-unit "{self.text}" MÃ_ĐƠN_VỊ --reviewer TÊN'
        if self.kind == "column":
            return f'survey map-column "{self.text}" MÃ_CÂU_HỎI --reviewer TÊN'
        return f'survey map-answer "{self.text}" {self.question} {self.suggestion} --reviewer TÊN'


@dataclass
class Derived:
    records: list[Record]
    notices: list[str]  # whole-file messages, in import order
    files: list[ParsedFile]
    responses: list[Response]
    unsettled: dict[Unsettled, int] = field(default_factory=dict)  # -> how many rows (or files, for columns) wait


def derive(files: list[RawFile], template: Template, plan: Plan, mappings: Mappings) -> Derived:
    parsed = [parse_file(i, raw, template, plan, mappings.columns) for i, raw in enumerate(files)]
    responses = merge(parsed)
    cache: dict[tuple[str, Any], Choice] = {}  # the same answer wording recurs across rows and downloads
    unsettled: Counter[Unsettled] = Counter()
    records = [build(resp, parsed, template, plan, mappings, cache, unsettled) for resp in responses]
    records.sort(key=lambda r: (r.submitted_at or "", r.record_id))
    for f in parsed:
        unsettled.update(Unsettled("column", t) for t in f.unknown)
    return Derived(records, [n for f in parsed for n in f.notices], parsed, responses, dict(unsettled.most_common()))


def same_answers(a: ParsedRow, b: ParsedRow) -> bool:
    va, vb = a.norm_values(), b.norm_values()
    return all(va[k] == vb[k] for k in va.keys() & vb.keys())


def _same_moment(a: ParsedRow, b: ParsedRow) -> bool:
    """Both times the same instant; a time whose day and month the file could not tell matches either reading."""
    if a.moment is not None and b.moment is not None:
        return a.moment.same_as(b.moment)
    ours = [a.moment] if a.moment else list(a.alternatives)
    theirs = [b.moment] if b.moment else list(b.alternatives)
    if not ours or not theirs:
        return a.moment is None and b.moment is None and a.ts_text == b.ts_text
    return any(x.same_as(y) for x in ours for y in theirs)


def _buckets(row: ParsedRow) -> list[Any]:
    """Where a row is indexed and looked up: the minute of its instant, or of each reading of an undecided date."""
    moments = [row.moment] if row.moment else list(row.alternatives)
    return [m.at.replace(second=0).timestamp() for m in moments] + ([] if row.moment else [("?", row.ts_text)])


def merge(files: list[ParsedFile]) -> list[Response]:
    responses: list[Response] = []
    by_id: dict[str, Response] = {}
    by_minute: dict[Any, list[Response]] = defaultdict(list)

    for f in files:
        taken: set[int] = set()
        assigned: dict[int, Response] = {}
        size = len(f.rows)

        def take(i: int, resp: Response, taken: set[int] = taken, assigned: dict[int, Response] = assigned) -> None:
            taken.add(id(resp))
            assigned[i] = resp

        def free(i: int, row: ParsedRow, taken: set[int] = taken) -> list[Response]:
            found = [r for key in _buckets(row) for r in by_minute.get(key, []) if id(r) not in taken]
            return list({id(r): r for r in found}.values())

        for i, row in enumerate(f.rows):
            if row.response_id and row.response_id in by_id and id(by_id[row.response_id]) not in taken:
                take(i, by_id[row.response_id])
        for i, row in enumerate(f.rows):
            if i not in assigned:
                hit = next((r for r in free(i, row) if any(_same_moment(row, old) and same_answers(row, old)
                                                           for old in r.rows)), None)
                if hit is not None:
                    take(i, hit)
        for i, row in enumerate(f.rows):
            if i not in assigned and row.moment is not None and not row.response_id:
                cands = [r for r in free(i, row) if _same_moment(row, r.current)]
                if cands:
                    take(i, next((r for r in cands if r.current.row_number == row.row_number), cands[0]))
        if f.kind == FileKind.table:
            at_row = {r.current.row_number: r for r in sorted(responses, key=lambda r: r.current.file_index)
                      if id(r) not in taken and r.current.moment is not None and r.current.response_id is None}
            for i, row in enumerate(f.rows):
                old = at_row.get(row.row_number)
                if (i not in assigned and old is not None and id(old) not in taken and row.moment is not None
                        and old.current.moment is not None and row.moment.at > old.current.moment.at
                        and old.file_sizes.get(old.current.file_index, 0) <= size):
                    take(i, old)
        for i, row in enumerate(f.rows):
            resp = assigned.get(i)
            if resp is None:
                resp = Response(row, row, [row], file_sizes={f.index: size})
                responses.append(resp)
            else:
                _add(resp, row, size)
            if row.response_id:
                by_id[row.response_id] = resp
            for key in _buckets(row):
                if resp not in by_minute[key]:
                    by_minute[key].append(resp)
    _mark_absent(responses, files)
    return responses


def _mark_absent(responses: list[Response], files: list[ParsedFile]) -> None:
    """A response missing from a later, no shorter download of the same form (most of the earlier file's
    responses are in it): deleted by the office, or edited in a way no rule above pairs. Counting it
    beside its edited version would count one person twice, so it waits for a reviewer instead."""
    members: dict[int, set[int]] = defaultdict(set)
    for n, r in enumerate(responses):
        for row in r.rows:
            members[row.file_index].add(n)
    covers: dict[int, str | None] = {}  # file -> the latest later download of the same form, if any
    for r in responses:
        last = max(row.file_index for row in r.rows)
        if last not in covers:
            covers[last] = next((later.source for later in reversed(files[last + 1:])
                                 if len(later.rows) >= len(files[last].rows)
                                 and 2 * len(members[last] & members[later.index]) >= len(members[last])), None)
        r.absent_from = covers[last]


def _add(resp: Response, row: ParsedRow, size: int) -> None:
    resp.file_sizes[row.file_index] = size
    repeat = any(_same_moment(row, old) and same_answers(row, old) for old in resp.rows)
    resp.rows.append(row)
    if repeat and not (_same_moment(row, resp.current) and same_answers(row, resp.current)):
        return  # an older download of a version already replaced: it changes nothing
    if row.moment is None and resp.current.moment is not None:
        return  # a download whose dates cannot be read adds nothing to a version that has its time
    earlier = (row.moment is not None and resp.current.moment is not None
               and row.moment.at < resp.current.moment.at and not row.moment.same_as(resp.current.moment))
    if earlier:
        return
    old = resp.current
    before = old.norm_values()
    changed = [k for k, v in row.norm_values().items() if k in before and before[k] != v]
    if changed or not _same_moment(row, old):
        resp.replaced.append((old, changed, row.file_index))
    resp.current = row


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
    values, missing = _merged_values(resp, template)
    problems = list(row.problems)
    for k in missing:
        name = "đơn vị (unit)" if k == UNIT_KEY else k
        problems.append(f"{where}: tệp không có cột cho câu hỏi {name} (the file has no column for it; "
                        "map a renamed column with map-column)")
    if resp.absent_from:
        problems.append(f"{where}: câu trả lời này không còn trong tệp tải sau {resp.absent_from} (absent from a "
                        "later download: deleted, or edited); chưa tính, cần người xác nhận / not counted until settled")
    unit = None
    unit_text = values.get(UNIT_KEY)
    if isinstance(unit_text, list):
        unit_text = ", ".join(unit_text)
    if unit_text:
        code = mappings.units.get(norm(unit_text))
        matched = plan.match_unit(unit_text)
        unit = code or (matched.code if matched else None)
        if unit is None:
            unsettled[Unsettled("unit", unit_text)] += 1
            problems.append(f"{where}: {plan.unmatched_message(unit_text)}")
    elif UNIT_KEY not in missing:
        problems.append(f"{where}: thiếu đơn vị (unit missing)")
    answers: dict[str, Any] = {q.id: None if q.type == "text" else [] for q in template.questions}
    other: dict[str, str] = {}
    for q in template.questions:
        v = values.get(q.id)
        if q.other_of or v is None or v == "" or v == []:
            continue
        if q.type == "text":
            answers[q.id] = " ".join(", ".join(v).split()) if isinstance(v, list) else v
            continue
        key = (q.id, tuple(v) if isinstance(v, list) else v)
        c = cache.get(key) if cache is not None else None
        if c is None:
            c = read_choice(v, q, settled=mappings.answers.get(q.id))
            if cache is not None:
                cache[key] = c
        problems += [f"{where}, câu {q.id} \"{q.online_title}\": {p}" for p in c.problems]
        if c.near:
            unsettled[Unsettled("answer", c.near[0], q.id, c.near[1])] += 1
        if q.type == "single" and len(c.options) > 1:
            problems.append(f"{where}, câu {q.id} \"{q.online_title}\": hai lựa chọn cho câu chỉ chọn một "
                            "(two answers on a single-choice question)")
        answers[q.id] = list(c.options)
        if c.other:
            other[q.id] = c.other
    for q in template.questions:
        if q.other_of and q.other_of in other:
            answers[q.id] = other.pop(q.other_of)
    for qid in template.online.get("required", []):
        if not answers.get(qid) and qid not in missing:
            problems.append(f"{where}: thiếu câu trả lời bắt buộc {qid} (required answer missing)")
    ts = row.moment.at if row.moment else None
    in_window = plan.in_window(ts) if ts else None
    sources = [_source(row)] + [dict(_source(old), superseded=True, changed=changed) for old, changed, _ in
                                reversed(resp.replaced)]
    rid = hashlib.sha256(resp.key.encode("utf-8")).hexdigest()[:16]
    return Record(f"online:{rid}", "online", unit, None, "needs_review" if problems else "final", answers, [],
                  [] if in_window in (True, None) else ["outside_window"], sources,
                  ts.isoformat() if ts else None, in_window, problems, other)


def _source(row: ParsedRow) -> dict[str, Any]:
    s: dict[str, Any] = {"file": row.source, "row": row.row_number}
    if row.sheet:
        s["sheet"] = row.sheet
    return s
