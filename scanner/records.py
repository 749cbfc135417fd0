"""The record: one respondent's answers, the same shape for a paper sheet and an online row.

Machine readings and human decisions meet only here: a record is derived
from what the scanner read, with people's decisions laid on top, so a
rescan never erases a decision.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .cascade import CONFLICT, cascade_conflicts
from .kinds.registry import record_value
from .logic.apply import LogicReason, check_record
from .ranking import rank_orders, rankings
from .roster import roster_rows
from .rules import StoredReading
from .template import Template
from .vocab import AnswerStatus, DecisionKey, RecordChannel, RecordStatus, SheetFlag


def flag_decision(flag: str) -> str:
    """The decision key that settles a sheet flag: the unit for an unidentified sheet, else "_" + the flag."""
    return DecisionKey.unit if flag == SheetFlag.unidentified else f"_{flag}"


@dataclass
class Record:
    record_id: str
    channel: RecordChannel
    unit: str | None
    sheet_serial: int | None
    status: RecordStatus
    answers: dict[str, Any]  # question id -> list of option ids (choice), number, ISO date, text, or None
    uncertain: list[str]
    flags: list[str] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    submitted_at: str | None = None
    in_window: bool | None = None
    problems: list[str] = field(default_factory=list)
    other_text: dict[str, str] = field(default_factory=dict)  # online "Other" answers, by question
    received: str | None = None  # paper: the date its stack reached the office
    skipped: list[str] = field(default_factory=list)  # questions the form's logic skips (left blank): not counted
    logic: dict[str, str] = field(default_factory=dict)  # question -> why the form's logic asks a person (vocab.ReviewReason)
    conflicts: dict[str, str] = field(default_factory=dict)  # question -> why its answer disagrees with another's
    rosters: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # roster -> its filled rows (roster.py)
    ranks: dict[str, list[str]] = field(default_factory=dict)  # ranking -> its options, first place first (ranking.py)
    via: str | None = None  # online: the tool that collected it (google | kobo | odk, online.channels.Channel)
    unit_text: str | None = None  # online: the organisation its row named, as written (None: the row named none)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Decision:
    """A person's settlement of one item: a question's answer, or a sheet-level matter (key starting with _)."""

    sheet_id: str
    key: str  # question id, or a DecisionKey
    value: Any
    reviewer: str
    at: str
    machine: Any = None
    comment: str = ""


def build_record(template: Template, sheet_id: str, unit: str | None, serial: int | None,
                 machine: dict[str, StoredReading], flags: list[str], sources: list[dict[str, Any]],
                 decisions: dict[str, Decision], manual_sides: set[int] | None = None) -> Record:
    """machine: question id -> the machine's reading (rules.sheet_readings).

    manual_sides: sides that a reviewer attached by hand (a page the machine could not read): every
    question on them waits for a person.
    """
    answers: dict[str, Any] = {}
    uncertain: list[str] = []
    unread: list[str] = []  # digit grids with neither a reading nor a decision: not known, rather than blank
    for q in template.questions:
        d = decisions.get(q.id)
        if q.behaviour.handwritten:
            # Handwriting awaits transcription but never holds a sheet back from the tally.
            answers[q.id] = d.value if d is not None else None
            continue
        m = machine.get(q.id)
        if q.behaviour.digit_grid:
            raw = d.value if d is not None else (list(m.answer) if m is not None else None)
            answers[q.id] = record_value(q.type, raw, q.digits, q.decimals)
            if d is None and m is None:
                unread.append(q.id)
            if d is None and (m is None and manual_sides and q.page in manual_sides
                              or m is not None and m.status == AnswerStatus.review):
                uncertain.append(q.id)
            continue
        if d is not None:
            answers[q.id] = sorted(d.value, key=_option_order) if isinstance(d.value, list) else d.value
        elif m is None:
            answers[q.id] = None
            if manual_sides and set(q.pages) & manual_sides:
                uncertain.append(q.id)
        else:
            answers[q.id] = list(m.answer)
            if m.status == AnswerStatus.review:
                uncertain.append(q.id)
    untranscribed = [q.id for q in template.questions if q.behaviour.handwritten and q.id not in decisions]
    # a condition reading a question that awaits a person is not known yet: it neither skips nor flags
    check = check_record(template, answers, unknown=untranscribed + unread + uncertain)
    retype = transcriptions_to_retype(template, check.problems, decisions)
    for qid in retype:
        answers[qid] = None  # a transcription that breaks its rule is not counted: a person is asked again
    logic = {qid: str(why) for qid, why in check.problems.items() if qid not in decisions or qid in retype}
    uncertain += [qid for qid in logic if qid not in uncertain]
    conflicts = {qid: CONFLICT for qid in cascade_conflicts(template, answers) if qid not in decisions}
    ranked = rankings(template, answers, unknown=[q for q in uncertain if q not in conflicts])
    for r in ranked.values():  # a position given twice, a ranking left part-way: the rows a person settles
        conflicts.update({qid: str(why) for qid, why in r.problems.items() if qid not in decisions})
    uncertain += [qid for qid in conflicts if qid not in uncertain]
    open_flags = [f for f in flags if flag_decision(f) not in decisions]
    if SheetFlag.unidentified in flags and DecisionKey.unit in decisions:
        unit = decisions[DecisionKey.unit].value
    status = RecordStatus.final if not uncertain and not open_flags and unit else RecordStatus.needs_review
    said_discard = any(getattr(decisions.get(flag_decision(f)), "value", None) == "discard" for f in flags)
    if DecisionKey.discard in decisions or said_discard or \
            getattr(decisions.get(DecisionKey.reused_serial), "value", None) == "discard":
        status = RecordStatus.discarded  # "Loại phiếu" on any of the sheet's flags (a copy, a flag with no name yet)
    return Record(f"paper:{sheet_id}", RecordChannel.paper, unit, serial, status, answers, uncertain, open_flags, sources,
                  skipped=list(check.skipped), logic=logic, conflicts=conflicts,
                  rosters=roster_rows(template.rosters, answers), ranks=rank_orders(ranked))


def transcriptions_to_retype(template: Template, problems: dict[str, LogicReason],
                             decisions: dict[str, Decision]) -> list[str]:
    """Handwriting transcribed against its question's constraint (an age of 250, a code of the wrong form): what
    was typed, or what was written, is wrong, and a person looks at it again rather than the tally storing it.
    A transcription left empty (illegible, nothing written) breaks nothing."""
    return [qid for qid, why in problems.items()
            if why == LogicReason.constraint_broken and qid in decisions and template.question(qid).behaviour.handwritten]


def _option_order(v: str) -> tuple[int, str]:
    return (int(v), v) if str(v).isdigit() else (10**6, str(v))
