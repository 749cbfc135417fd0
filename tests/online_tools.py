"""KoboToolbox and ODK Central exports of this project's questionnaire, written as those tools write them.

The shapes are those of the tools' own export tests and documentation (see
tests/data/exports/README.md): KoboToolbox's `start;end;…;_id;_uuid;
_submission_time;_validation_status;_notes;_status;_submitted_by;__version__;
_tags;_index` with `;` or `,`, every cell quoted, `_submission_time` in UTC
without a zone (`2017-10-23T09:41:19`), `start`/`end` with the device's offset
(`2017-10-23T05:40:39.000-04:00`), select_multiple as space-separated names
and, optionally, one `q/opt` column per option; ODK Central's
`SubmissionDate,meta-instanceID,…,KEY,SubmitterID,SubmitterName,
AttachmentsPresent,AttachmentsExpected,Status,ReviewState,DeviceID,Edits,
FormVersion` with `group-question` headers and `2018-01-01T00:00:00.000Z` times.

A submission here is a template answer set (question id -> option ids or text)
and its unit code: what each import must give back, exactly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from online_forms import RESPONSES

from scanner.kinds import DIGIT_KINDS
from scanner.plan import Plan
from scanner.template import Template

UTC = dt.UTC
HANOI = dt.timezone(dt.timedelta(hours=7))
GROUPS = {"phan1": ("a1", "a2", "a3", "a3_other", "a4", "a5")}  # the XLSForm's groups: phan1, phan2 (q5 inside)


@dataclass
class Submission:
    """One submission as the tool holds it, and the answers it must import as."""

    answers: dict[str, Any]
    unit: str
    at: dt.datetime  # when the respondent finished (device `end`)
    received: dt.datetime  # when the server got it
    uuid: str = field(default_factory=lambda: str(uuid.uuid4()))
    number: int = 0  # KoboToolbox `_id`
    root: str = ""  # the first version's uuid (ODK KEY; KoboToolbox meta/rootUuid)
    deprecated: str = ""  # the version this one edits
    edits: int = 0
    review: str = ""  # KoboToolbox _validation_status label / ODK ReviewState

    def __post_init__(self) -> None:
        self.root = self.root or self.uuid

    def edited(self, **answers: Any) -> Submission:
        """The same submission after an edit on the server: a new version id naming the old one."""
        return replace(self, answers=dict(self.answers, **answers), uuid=str(uuid.uuid4()), deprecated=self.uuid,
                       edits=self.edits + 1, at=self.at + dt.timedelta(days=1), review="edited" if self.review
                       == "" else self.review)


def submissions(n: int, start: int = 0) -> list[Submission]:
    """n different submissions built from the four Google responses, each unit and time its own."""
    units = ["MS", "NX", "BL", "HL", "DS", "TT", "KD", "MTTQ"]
    out = []
    for i in range(start, start + n):
        base = RESPONSES[i % len(RESPONSES)]
        answers = dict(base["expect"])
        if i >= len(RESPONSES):
            answers["q2"] = [str(1 + i % 5)]
            answers["a4"] = [str(1 + i % 4)]
        at = dt.datetime(2023, 11, 8, 8, 0, tzinfo=HANOI) + dt.timedelta(hours=7 * i, minutes=3 * i, seconds=i)
        out.append(Submission(answers, units[i % len(units)], at, at + dt.timedelta(hours=30, seconds=17),
                              number=1000 + i))
    return out


def _multiple(template: Template) -> list[str]:
    return [q.id for q in template.questions if q.type == "multiple"]


def _group_path(template: Template, qid: str) -> list[str]:
    q = template.question(qid)
    if qid in GROUPS["phan1"]:
        return ["phan1"]
    return ["phan2", q.group] if q.group else ["phan2"]


def _cell(template: Template, plan: Plan | None, qid: str, value: Any, labels: bool) -> str:
    q = template.question(qid)
    if q.type == "text":
        return value or ""
    if q.type in DIGIT_KINDS:  # KoboToolbox and ODK write a number as typed, a date as ISO
        return "" if value is None else str(value)
    if not value:
        return ""
    return " ".join(q.option(v).label if labels else v for v in value)


# ---- KoboToolbox ----

KOBO_TAIL = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by",
             "__version__", "_tags", "_index"]


def kobo_rows(template: Template, plan: Plan, subs: list[Submission], labels: bool = False, group_sep: str | None = None,
              split: bool = True, meta: bool = False) -> list[list[Any]]:
    """KoboToolbox's export table: header (names or labels, with group paths when group_sep is given) and rows."""
    head: list[str] = ["start", "end"]
    asked = bool(template.online.get("unit_title"))  # a form deployed with the plan's unit question, as asked
    head += [template.online["unit_title"] if labels else "don_vi"] * asked
    cols: list[tuple[str, str | None]] = []
    for q in template.questions:
        path = [] if group_sep is None or labels else _group_path(template, q.id)
        name = q.text if labels else group_sep.join([*path, q.id]) if group_sep else q.id
        head.append(name)
        cols.append((q.id, None))
        if split and q.type == "multiple":
            for o in q.options:
                head.append(f"{name}/{o.label if labels else o.id}")
                cols.append((q.id, o.id))
    if meta:
        head += ["meta/instanceID", "meta/deprecatedID", "meta/rootUuid"]
    head += KOBO_TAIL
    rows: list[list[Any]] = [head]
    for n, s in enumerate(subs, start=1):
        unit = plan.unit(s.unit).name if labels else s.unit
        r: list[Any] = [_kobo_time(s.at - dt.timedelta(minutes=9)), _kobo_time(s.at), *[unit] * asked]
        for qid, opt in cols:
            v = s.answers.get(qid)
            if opt is None:
                r.append(_cell(template, plan, qid, v, labels))
            else:
                r.append(str(int(opt in v)) if v else "")
        if meta:
            r += [f"uuid:{s.uuid}", f"uuid:{s.deprecated}" if s.deprecated else "", f"uuid:{s.root}"]
        r += [str(s.number), s.uuid, s.received.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"), s.review, "",
              "submitted_via_web", "", "vPpNYRmRjBnFEVS5yHdhAR", "", str(n)]
        rows.append(r)
    return rows


def _kobo_time(at: dt.datetime) -> str:
    """`2017-10-23T05:40:39.000-04:00`: the device's clock, milliseconds and offset."""
    local = at.astimezone(HANOI)
    return local.strftime("%Y-%m-%dT%H:%M:%S.000") + "+07:00"


def write_kobo_csv(path: Path, rows: list[list[Any]], sep: str = ";") -> Path:
    """Every cell quoted, CRLF line ends, as kpi's CSV export writes them."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def write_kobo_xlsx(path: Path, rows: list[list[Any]], sheet: str = "KH35 Phieu dieu tra") -> Path:
    """The XLSX export: one sheet named after the form, `_id` and `_index` as numbers, the rest as text."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    head = rows[0]
    for r in rows:
        ws.append([int(v) if r is not head and head[i] in ("_id", "_index") and str(v).isdigit() else v
                   for i, v in enumerate(r)])
    wb.save(path)
    return path


# ---- ODK Central ----

ODK_TAIL = ["KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected", "Status",
            "ReviewState", "DeviceID", "Edits", "FormVersion"]


def odk_rows(template: Template, subs: list[Submission], split: bool = False) -> list[list[str]]:
    """submissions.csv: `group-question` headers, select_multiple as space-separated names (split: `q/opt` too)."""
    head = ["SubmissionDate", "meta-instanceID", "don_vi"]
    cols: list[tuple[str, str | None]] = []
    for q in template.questions:
        name = "-".join([*_group_path(template, q.id), q.id])
        head.append(name)
        cols.append((q.id, None))
        if split and q.type == "multiple":
            for o in q.options:
                head.append(f"{name}/{o.id}")
                cols.append((q.id, o.id))
    head += ODK_TAIL
    rows = [head]
    for s in subs:
        r = [s.received.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{s.received.microsecond // 1000:03d}Z",
             f"uuid:{s.uuid}", s.unit]
        for qid, opt in cols:
            v = s.answers.get(qid)
            q = template.question(qid)
            if opt is None:
                r.append(_cell(template, None, qid, v, False) if q.type in DIGIT_KINDS
                     else v or "" if q.type == "text" else " ".join(v or []))
            else:
                r.append(str(int(opt in (v or []))))
        r += [f"uuid:{s.root}", "5", "Thu thập viên Lò Văn A", "0", "0", "", s.review, "collect:Xh3Pq9", str(s.edits),
              "1"]
        rows.append(r)
    return rows


def write_odk_csv(path: Path, rows: list[list[str]]) -> Path:
    """Comma-separated, LF line ends, quoted only where needed, as Central streams it."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def write_odk_zip(path: Path, rows: list[list[str]], form_id: str = "KH35", repeat_rows: int = 0) -> Path:
    """submissions.csv.zip: the form's CSV and a repeat group's CSV beside it (`…,PARENT_KEY,KEY`)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    key = rows[0].index("KEY")
    repeat = "ghi_chu,PARENT_KEY,KEY\n" + "".join(f"ghi {i},{r[key]},{r[key]}/ghi_chu[{i + 1}]\n"
                                                   for i, r in enumerate(rows[1:1 + repeat_rows]))
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(f"{form_id}.csv", buf.getvalue())
        z.writestr(f"{form_id}-ghi_chu.csv", repeat)
    return path
