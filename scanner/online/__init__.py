"""Google Forms, KoboToolbox and ODK Central answers into the same records as paper ballots, however often and however they are downloaded.

Each imported file is stored as it came (`files`), and the online records are
derived from all stored files with the current template, plan and people's
mappings every time they are read (`derive`): an alias added later, a column
or unit mapped by a reviewer, or a later download with edited answers changes
the records without re-importing anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputFileError, SurveyError
from ..kinds.number import typed_undecided
from ..kinds.registry import not_understood, parse_online
from ..plan import Plan
from ..records import Decision, Record
from ..template import Template
from ..vocab import DecisionKey, SheetFlag
from .channels import Channel
from .choices import LEAVE_OUT, split_choices
from .columns import IGNORE_KEY, UNIT_KEY, ColumnKind, map_columns, names_the_form, norm, title_index
from .derive import Derived, Mappings, derive, record_id_of
from .files import FileKind, channel_of, read_file
from .timestamps import parse_timestamp
from .xlsform import Role, map_form_columns

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["ImportReport", "derive_online", "import_file", "map_answer", "map_column", "map_unit", "settle_online", "online_records",
           "parse_timestamp", "split_choices"]

UNIT_DECISIONS = "online:unit"
COLUMN_DECISIONS = "online:column"
ANSWER_DECISIONS = "online:answer:"  # followed by the question id


@dataclass
class ImportReport:
    source: str
    rows: int
    stored: bool  # False: the same bytes were imported before
    new: int  # responses first seen in this file
    known: int  # rows that are responses already counted
    edited: int  # responses whose answers this file changed
    derived: Derived
    via: Channel = Channel.google

    def rejected(self) -> list[Record]:
        """This file's submissions the collecting tool's reviewers rejected: stored, shown, not counted."""
        return [r for r in self.file_records() if SheetFlag.rejected in r.flags]

    def absent(self) -> list[Record]:
        """Responses of earlier downloads this one no longer has (deleted on the form, or edited past pairing):
        named by the import that finds them gone, not only by `status` later."""
        # by the response itself, not by its problem's wording
        ids = {record_id_of(r) for r in self.derived.responses if r.absent_from == self.source}
        return [r for r in self.derived.records if r.record_id in ids]

    def file_records(self) -> list[Record]:
        return [r for r in self.derived.records if any(s["file"] == self.source and not s.get("superseded")
                                                       for s in r.sources[:1])]


def mappings(store: Store) -> Mappings:
    ds = store.decisions(prefix="online:")
    return Mappings({k: d.value["to"] for k, d in ds.get(UNIT_DECISIONS, {}).items()},
                    {k: d.value["to"] for k, d in ds.get(COLUMN_DECISIONS, {}).items()},
                    {sid[len(ANSWER_DECISIONS):]: {k: d.value["to"] for k, d in by_key.items()}
                     for sid, by_key in ds.items() if sid.startswith(ANSWER_DECISIONS)},
                    {sid: {k: d.value for k, d in by_key.items()} for sid, by_key in ds.items()
                     if sid.startswith("online:") and sid not in (UNIT_DECISIONS, COLUMN_DECISIONS)
                     and not sid.startswith(ANSWER_DECISIONS)})


_derived: dict[str, tuple[str, Template, Plan, Derived]] = {}  # database -> its latest derivation


def derive_online(store: Store, template: Template, plan: Plan) -> Derived:
    """Every online record as the downloads and decisions make it. Kept per database until a download or an online
    decision changes it: settling one problem in the review page asks for it three times, and deriving reads every
    row of every download. Callers only read what it returns."""
    generation = store.online_generation()
    where = str(getattr(store, "path", id(store)))
    kept = _derived.get(where)
    if kept is not None and kept[0] == generation and kept[1] is template and kept[2] is plan:
        return kept[3]
    out = derive(store.online_files(), template, plan, mappings(store))
    _derived[where] = (generation, template, plan, out)
    return out


def online_records(store: Store, template: Template, plan: Plan) -> list[Record]:
    """What validation, tally and report read: derived afresh from every stored download."""
    return derive_online(store, template, plan).records


def import_file(store: Store, template: Template, plan: Plan, path: Path,
                mapping: dict[str, str] | None = None, source: Channel | None = None) -> ImportReport:
    raw = read_file(path, mapping, source)
    settled = mappings(store)
    if raw.kind in (FileKind.kobo, FileKind.odk):
        roles = {c.role for c in map_form_columns(template, raw.header, channel_of(raw.kind), settled.columns)}
        if not roles & {Role.answer, Role.option, Role.unit, Role.rank}:
            raise InputFileError(f"{path}: không cột nào khớp tên hay nhãn câu hỏi trong XLSForm của mẫu phiếu, tệp chưa "
                                 f"được nhập / no column matches the questionnaire's XLSForm, nothing imported; hãy xuất "
                                 f"dữ liệu của đúng biểu mẫu này từ {channel_of(raw.kind).label} (XML values hoặc labels), "
                                 "hoặc ánh xạ cột bằng survey map-column")
    elif raw.kind != FileKind.api and raw.header:
        cols = map_columns(template, raw.header, settled.columns)
        kinds = {c.kind for c in cols}
        if not names_the_form(template, cols):
            # a Google Form's timestamp alone matches any form's download: another form's answers would be stored,
            # each row waiting for review with every question missing
            said = "chỉ có cột thời gian khớp, có lẽ là câu trả lời của biểu mẫu khác" if ColumnKind.timestamp in \
                kinds else "không cột nào khớp mẫu phiếu"
            raise InputFileError(f"{path}: {said}, tệp chưa được nhập / no question column matches the "
                                 "questionnaire, nothing imported; hãy dùng tệp tải câu trả lời của biểu mẫu này "
                                 "(Google Forms: Câu trả lời → Tải câu trả lời xuống .csv) hoặc ánh xạ cột bằng "
                                 "survey map-column")
    file_id = store.save_online_file(raw)
    after = derive(store.online_files(), template, plan, settled)
    index = len(after.files) - 1
    new = known = edited = 0
    if file_id is not None:
        for resp in after.responses:
            mine = sum(1 for r in resp.rows if r.file_index == index)
            if resp.first.file_index == index:
                new += 1
                known += mine - 1
            else:
                known += mine
                edited += any(by == index for _, _, by in resp.replaced)
    return ImportReport(str(path), len(raw.rows), file_id is not None, new, known, edited, after,
                        channel_of(raw.kind))


def map_unit(store: Store, plan: Plan, text: str, code: str, reviewer: str, comment: str = "") -> Decision:
    """A unit name typed online, settled as one of the plan's units, for every stored row and later download."""
    if not plan.has_unit(code):
        raise SurveyError(f"đơn vị {code!r} không có trong kế hoạch (unknown unit code); dùng một trong "
                          f"{', '.join(u.code for u in plan.units)}")
    return _decide(store, UNIT_DECISIONS, text, code, reviewer, comment)


def map_column(store: Store, template: Template, title: str, question_id: str, reviewer: str,
               comment: str = "") -> Decision:
    """A column title (or Forms API question id) the template does not know, settled as one of its questions,
    or ("-") as a column to leave out, such as the office's own notes in the Sheet."""
    targets = {q.id for q in template.questions if not q.other_of} | {"unit", "-"}
    if question_id not in targets:
        raise SurveyError(f"câu hỏi {question_id!r} không có trong mẫu phiếu (unknown question id); dùng một trong "
                          f"{', '.join(sorted(targets))} (\"-\": bỏ qua cột này)")
    known = title_index(template).get(norm(title))
    if known is not None:
        raise SurveyError(f"cột \"{title}\" đã khớp câu hỏi {known} của mẫu phiếu (the title already matches "
                          f"{known}); không cần ánh xạ / nothing to map")
    target = {"unit": UNIT_KEY, "-": IGNORE_KEY}.get(question_id, question_id)
    return _decide(store, COLUMN_DECISIONS, title, target, reviewer, comment)


def map_answer(store: Store, template: Template, text: str, question_id: str, option_id: str, reviewer: str,
               comment: str = "") -> Decision:
    """An answer worded close to an option (the online form's wording differs), settled as that option, or ("-") left
    out: the wording then counts as no option, the row's other answers stand."""
    try:
        q = template.question(question_id)
    except (KeyError, StopIteration):
        q = None
    if q is None or not q.options:
        raise SurveyError(f"câu hỏi {question_id!r} không phải câu có phương án trong mẫu phiếu (not a choice question); "
                          f"dùng một trong {', '.join(x.id for x in template.questions if x.options)}")
    if option_id not in {o.id for o in q.options} | {LEAVE_OUT}:
        raise SurveyError(f"câu {question_id} không có phương án {option_id!r} (no such option); dùng một trong "
                          + ", ".join(f"{o.id} = {o.label}" for o in q.options) + ", hoặc - để bỏ qua câu trả lời này "
                          "(or - to leave it out)")
    return _decide(store, ANSWER_DECISIONS + question_id, text, option_id, reviewer, comment)


def settle_online(store: Store, template: Template, plan: Plan, record_id: str, answers: dict[str, str],
                  unit: str | None, accept: bool, discard: bool, reviewer: str, comment: str = "") -> Record:
    """One response settled by a person: answers (option ids "1,3", or a text), its unit, accepting what no rule
    could decide (an undecided date, a response gone from a later download), or discarding it. Returns the record."""
    if not reviewer.strip():
        raise SurveyError("cần tên người quyết định (a reviewer's name is required): --reviewer TÊN")
    derived = derive_online(store, template, plan)
    current = {r.record_id: r for r in derived.records}
    rec = current.get(record_id)
    if rec is None:
        raise SurveyError(f"không có câu trả lời trực tuyến {record_id!r} (no such online record); xem mã trong "
                          "survey status --json / see status --json")
    if not (answers or unit or accept or discard):
        raise SurveyError("không có gì để quyết định (nothing to settle): dùng --answer, --unit, --accept hoặc --discard")
    settle: dict[str, object] = {}
    for qid, text in answers.items():
        try:
            q = template.question(qid)
        except KeyError:
            raise SurveyError(f"câu hỏi {qid!r} không có trong mẫu phiếu (unknown question id)") from None
        if q.behaviour.handwritten:
            settle[qid] = " ".join(text.split()) or None
            continue
        if q.behaviour.digit_grid:  # read as the import reads the row's column: "1,234" where it says no mark is asked
            mark = derived.decimal_mark(record_id, qid)
            if said := typed_undecided(text, q.decimals, mark):
                raise SurveyError(f"câu {qid}: {said}")
            value, understood = parse_online(q.type, text, q.decimals, columns=q.digits, decimal_mark=mark)
            if not understood:
                raise SurveyError(f"câu {qid}: {not_understood(q.type, text, q.digits)} (not a {q.type.value})")
            settle[qid] = value
            continue
        ids = [x.strip() for x in text.split(",") if x.strip()]
        valid = {o.id for o in q.options}
        if any(i not in valid for i in ids) or (q.behaviour.one_option and len(ids) > 1):
            raise SurveyError(f"câu {qid}: \"{text}\" không phải lựa chọn hợp lệ (not a valid answer); dùng mã phương án "
                              + ", ".join(f"{o.id} = {o.label}" for o in q.options))
        settle[qid] = sorted(set(ids), key=[o.id for o in q.options].index)
    if unit is not None:
        if not plan.has_unit(unit):
            raise SurveyError(f"đơn vị {unit!r} không có trong kế hoạch (unknown unit code)")
        settle[UNIT_KEY] = unit
    if accept:
        settle[DecisionKey.accept] = True
    if discard:
        settle[DecisionKey.discard] = True
    at = dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")
    for key, value in settle.items():
        machine = rec.unit if key == UNIT_KEY else rec.answers.get(key)
        store.add_decision(Decision(record_id, key, value, reviewer.strip(), at, machine, comment))
    return next(r for r in online_records(store, template, plan) if r.record_id == record_id)


def _decide(store: Store, group: str, text: str, to: str, reviewer: str, comment: str) -> Decision:
    if not reviewer.strip():
        raise SurveyError("cần tên người quyết định (a reviewer's name is required): --reviewer TÊN")
    if not norm(text):
        raise SurveyError("văn bản cần ánh xạ đang trống (the text to map is empty)")
    d = Decision(group, norm(text), {"text": text, "to": to}, reviewer.strip(),
                 dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds"), None, comment)
    store.add_decision(d)
    return d
