"""Which rows of which downloads are one response: identity that survives re-downloads, formats and edits.

A response's identity is what Google keeps stable across downloads and
formats: the submission instant and the answers to the template's questions
(normalised), never header text or extra columns. Per download, in the order
they were imported, each row is matched to a known response:

1. the same Forms API response id, or any id KoboToolbox or ODK Central gave the
   submission or one of its versions (`_uuid`, `meta/instanceID`, `deprecatedID`,
   `KEY`, KoboToolbox's `_id`); for those, the version an edit names as
   deprecated is replaced, and nothing below applies;
2. the same instant and the same answers on the questions both files have
   (another download or format of the same response);
3. the same instant with different answers: an edit, the later download wins;
4. in the linked Sheet, a response edited after submission keeps its row but
   gets a new timestamp: a row at the same position with a later time, whose
   earlier version is absent from this download (which is no shorter and holds
   other responses of that earlier file, so it is a later download of it), is an edit.

Whatever is left is a new response; two identical rows inside one file are two
submissions. A response missing from a later download of the same form waits
for a reviewer (`absent_from`) rather than being counted beside its new version.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .channels import Channel
from .files import FileKind
from .rows import ParsedFile, ParsedRow


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
            return f"{'api' if f.via == Channel.google else f.via}:{f.response_id}"
        return f"{f.moment.at.isoformat() if f.moment else '-'}|{f.file_index}|{f.row_number}"


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
            found = [r for key in _buckets(row) for r in by_minute.get(key, []) if id(r) not in taken
                     and r.first.via == row.via and not r.first.ids]
            return list({id(r): r for r in found}.values())

        for i, row in enumerate(f.rows):
            known = next((by_id[k] for k in _id_keys(row) if k in by_id and id(by_id[k]) not in taken), None)
            if known is not None:
                take(i, known)
        for i, row in enumerate(f.rows):
            if i not in assigned and not row.ids:
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
            # only a later download of the same Sheet: one that already holds some response of the earlier file
            shared = {old_row.file_index for r in assigned.values() for old_row in r.rows}
            at_row = {r.current.row_number: r for r in sorted(responses, key=lambda r: r.current.file_index)
                      if id(r) not in taken and r.current.moment is not None and r.current.response_id is None
                      and r.current.file_index in shared}
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
            for k in _id_keys(row):
                by_id.setdefault(k, resp)
            for key in _buckets(row):
                if resp not in by_minute[key]:
                    by_minute[key].append(resp)
    _mark_absent(responses, files)
    return responses


def _mark_absent(responses: list[Response], files: list[ParsedFile]) -> None:
    """A response missing from a later download of the same form: deleted by the office, or edited in a way no
    rule above pairs. Counting it beside its edited version would count one person twice, and counting a
    response the office deleted counts someone who is not there, so it waits for a reviewer instead.

    The later download covers the earlier one when it holds most of its responses and is no shorter, or,
    shorter, when it misses only a few of them (a row or two deleted on the form, nothing new since): a
    partial download (one unit's rows, a date filter) misses many and flags none."""
    members: dict[int, set[int]] = defaultdict(set)
    for n, r in enumerate(responses):
        for row in r.rows:
            members[row.file_index].add(n)

    def covered_by(earlier: int, later: ParsedFile) -> bool:
        had = len(members[earlier])
        kept = len(members[earlier] & members[later.index])
        if 2 * kept < had:
            return False
        return len(later.rows) >= len(files[earlier].rows) or had - kept <= max(1, had // 20)

    covers: dict[int, str | None] = {}  # file -> the latest later download of the same form, if any
    for r in responses:
        last = max(row.file_index for row in r.rows)
        if last not in covers:
            covers[last] = next((later.source for later in reversed(files[last + 1:]) if covered_by(last, later)),
                                None)
        r.absent_from = covers[last]


def _id_keys(row: ParsedRow) -> list[str]:
    """Keys a row is known by: the Forms API response id, or each id a KoboToolbox/ODK submission carries."""
    if row.ids:
        return [f"{row.via}:{i}" for i in row.ids]
    return [row.response_id] if row.response_id else []


def _add_version(resp: Response, row: ParsedRow) -> None:
    """KoboToolbox/ODK: a version replaces the current one when it names it as deprecated (or ODK counts more
    edits); an older version seen again changes nothing; the same version from a later download is taken as
    it now is (its review state may have changed), not as an edit."""
    old = resp.current
    if row.version is not None and row.version == old.version:
        resp.current = row
        return
    older = {v.version for v, _, _ in resp.replaced} | {old.replaces}
    if (row.version is not None and row.version in older) or (row.edits is not None and old.edits is not None and row.edits < old.edits):
        return
    newer = (row.replaces is not None and row.replaces == old.version) or (
        row.edits is not None and old.edits is not None and row.edits > old.edits)
    if not newer and row.moment is not None and old.moment is not None and row.moment.at < old.moment.at:
        return
    before = old.norm_values()
    changed = [k for k, v in row.norm_values().items() if k in before and before[k] != v]
    resp.replaced.append((old, changed, row.file_index))
    resp.current = row


def _add(resp: Response, row: ParsedRow, size: int) -> None:
    resp.file_sizes[row.file_index] = size
    if row.ids:
        resp.rows.append(row)
        _add_version(resp, row)
        return
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
