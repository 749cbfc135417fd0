"""Google Forms answers into the same records as paper ballots.

Reads the CSV that Forms downloads, the CSV or XLSX of its linked Sheet (in
English or Vietnamese accounts), and the Forms API's JSON. Columns are
matched to template questions by their online titles (NFC, case and spacing
ignored); checkbox answers are split by the template's known options, never
by a plain split on commas, since options themselves contain commas.
Every problem names the file, row and column; a row with problems is kept
with its reasons, never dropped.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputFileError
from .plan import Plan, match_key
from .records import Record
from .template import Question, Template, nfc

GMT = re.compile(r"\s*(?:GMT|UTC)\s*([+-])(\d{1,2})(?::?(\d{2}))?\s*$", re.I)
DATE_TIME = re.compile(r"^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$")


@dataclass(frozen=True)
class Column:
    index: int
    title: str
    kind: str  # timestamp | unit | question | email | ignored | unknown
    question: Question | None = None


@dataclass
class OnlineRow:
    row_key: str
    row_number: int
    response_id: str | None
    submitted_at: dt.datetime | None
    record: Record
    raw: dict[str, Any]


@dataclass
class ImportResult:
    source: str
    rows: list[OnlineRow] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)


IGNORED_TITLES = {"email address", "địa chỉ email", "score", "điểm", "tên người dùng", "username"}


def map_columns(template: Template, header: list[str], source: str) -> tuple[list[Column], list[str]]:
    titles: dict[str, Question] = {}
    for q in template.questions:
        for t in (q.online_title, *q.online_aliases):
            titles[match_key(t)] = q
    ts_titles = {match_key(t) for t in template.online.get("timestamp_titles", ["Timestamp"])}
    unit_titles = {match_key(t) for t in [template.online.get("unit_title", ""), *template.online.get("unit_aliases", [])]}
    cols, problems = [], []
    for i, h in enumerate(header):
        key = match_key(h or "")
        if key in ts_titles:
            cols.append(Column(i, h, "timestamp"))
        elif key in unit_titles:
            cols.append(Column(i, h, "unit"))
        elif key in titles:
            cols.append(Column(i, h, "question", titles[key]))
        elif key in IGNORED_TITLES or not key:
            cols.append(Column(i, h, "ignored"))
        else:
            cols.append(Column(i, h, "unknown"))
            problems.append(f"{source}: dòng 1, cột {i + 1} \"{h}\": cột không khớp câu hỏi nào của mẫu phiếu "
                            "(unknown column; add its title to online_aliases in the template)")
    return cols, problems


def split_choices(text: str, q: Question) -> tuple[list[str], str | None]:
    """Option ids named in a comma-joined checkbox answer, and any text matching no option (the "Other" answer)."""
    labels = sorted(((match_key(o.label), o.id) for o in q.options), key=lambda x: -len(x[0]))
    rest = nfc(text).strip()
    chosen: list[str] = []
    other: list[str] = []
    while rest:
        low = match_key(rest)
        for label, oid in labels:
            if low.startswith(label) and (len(low) == len(label) or low[len(label):].startswith(",")):
                chosen.append(oid)
                rest = rest[_raw_len(rest, len(label)):].lstrip(",").strip()
                break
        else:
            cut = _next_option(rest, labels)
            other.append(rest[:cut].rstrip(", ").strip())
            rest = rest[cut:].lstrip(",").strip()
    return sorted(set(chosen), key=int), (", ".join(o for o in other if o) or None)


def _raw_len(raw: str, key_len: int) -> int:
    """Length in `raw` that covers the first key_len characters of its match key (spacing may differ)."""
    for n in range(len(raw) + 1):
        if len(match_key(raw[:n])) >= key_len:
            return n
    return len(raw)


def _next_option(rest: str, labels: list[tuple[str, str]]) -> int:
    best = len(rest)
    for m in re.finditer(r",\s*", rest):
        tail = match_key(rest[m.end():])
        if any(tail.startswith(lbl) and (len(tail) == len(lbl) or tail[len(lbl):].startswith(",")) for lbl, _ in labels):
            best = min(best, m.start())
            break
    return best


def parse_timestamp(text: str, tz, day_first: bool) -> dt.datetime | None:
    s = (text or "").strip()
    if not s:
        return None
    try:
        v = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
        return v if v.tzinfo else v.replace(tzinfo=tz)
    except ValueError:
        pass
    zone = tz
    m = GMT.search(s)
    if m:
        sign = 1 if m.group(1) == "+" else -1
        zone = dt.timezone(sign * dt.timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0)))
        s = s[: m.start()].strip()
    m = DATE_TIME.match(s)
    if not m:
        return None
    a, b, c, hh, mm, ss, ampm = m.groups()
    if len(a) == 4:
        y, mo, d = int(a), int(b), int(c)
    elif day_first:
        d, mo, y = int(a), int(b), int(c)
    else:
        mo, d, y = int(a), int(b), int(c)
    h = int(hh)
    if ampm:
        h = h % 12 + (12 if ampm.lower() == "pm" else 0)
    try:
        return dt.datetime(y, mo, d, h, int(mm), int(ss or 0), tzinfo=zone)
    except ValueError:
        return None


def _day_first(values: list[str], vietnamese_header: bool) -> bool:
    for v in values:
        m = DATE_TIME.match(GMT.sub("", v or "").strip())
        if m and len(m.group(1)) != 4:
            if int(m.group(1)) > 12:
                return True
            if int(m.group(2)) > 12:
                return False
    return vietnamese_header


def read_table(path: Path) -> list[list[str]]:
    try:
        if path.suffix.lower() == ".xlsx":
            from openpyxl import load_workbook

            ws = load_workbook(path, read_only=True, data_only=True).active
            rows = []
            for r in ws.iter_rows(values_only=True):
                rows.append(["" if v is None else (v.isoformat(sep=" ") if isinstance(v, dt.datetime) else str(v))
                             for v in r])
            return rows
        text = path.read_bytes().decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text)))
    except (UnicodeDecodeError, csv.Error) as e:
        raise InputFileError(f"{path}: not a UTF-8 CSV export ({e}); download it again from Google Forms") from None
    except Exception as e:
        if isinstance(e, InputFileError):
            raise
        raise InputFileError(f"{path}: cannot read the spreadsheet ({type(e).__name__}); export it again") from None


def import_table(template: Template, plan: Plan, path: Path) -> ImportResult:
    rows = read_table(path)
    if not rows:
        raise InputFileError(f"{path}: the file is empty; download the responses again")
    header = [nfc(h).strip() for h in rows[0]]
    cols, problems = map_columns(template, header, str(path))
    if not any(c.kind == "timestamp" for c in cols):
        raise InputFileError(f"{path}: no \"Timestamp\" / \"Dấu thời gian\" column; is this a Google Forms export?")
    ts_col = next(c for c in cols if c.kind == "timestamp")
    day_first = _day_first([r[ts_col.index] for r in rows[1:] if len(r) > ts_col.index],
                           match_key(ts_col.title) == match_key("Dấu thời gian"))
    result = ImportResult(str(path), file_problems=problems)
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        cells = {c.index: nfc(row[c.index]).strip() if c.index < len(row) else "" for c in cols}
        raw = {header[i]: v for i, v in cells.items()}
        ts = parse_timestamp(cells[ts_col.index], plan.timezone, day_first)
        values = {c: cells[c.index] for c in cols}
        result.rows.append(_row(template, plan, path, n, None, ts, cells[ts_col.index], values, raw))
    return result


def _row(template: Template, plan: Plan, path: Path, n: int, response_id: str | None, ts: dt.datetime | None,
         ts_raw: str, values: dict[Column, str], raw: dict[str, Any]) -> OnlineRow:
    where = f"{path}: dòng {n}"
    problems: list[str] = []
    answers: dict[str, Any] = {q.id: None if q.type == "text" else [] for q in template.questions}
    other: dict[str, str] = {}
    unit = None
    if ts is None:
        problems.append(f"{where}: thời gian \"{ts_raw}\" không đọc được (unreadable timestamp)")
    for col, value in values.items():
        if col.kind == "unit":
            u = plan.match_unit(value) if value else None
            unit = u.code if u else None
            if not value:
                problems.append(f"{where}, cột \"{col.title}\": thiếu đơn vị (unit missing)")
            elif u is None:
                problems.append(f"{where}, cột \"{col.title}\": đơn vị \"{value}\" không có trong kế hoạch "
                                "(unit not in the plan; add it or an alias to survey_plan.json)")
        elif col.kind == "question" and col.question is not None and value:
            q = col.question
            if q.type == "text":
                answers[q.id] = value
                continue
            chosen, rest = split_choices(value, q)
            other_id = _other_option(q)
            if rest and q.other_of is None and other_id:
                chosen = sorted(set(chosen) | {other_id}, key=int)
                other[q.id] = rest
            elif rest:
                problems.append(f"{where}, cột \"{col.title}\": \"{rest}\" không khớp phương án nào "
                                "(option matches nothing)")
            if q.type == "single" and len(chosen) > 1:
                problems.append(f"{where}, cột \"{col.title}\": hai lựa chọn cho câu chỉ chọn một "
                                "(two answers on a single-choice question)")
            answers[q.id] = chosen
    for q in template.questions:
        if q.other_of and q.other_of in other and not answers.get(q.id):
            answers[q.id] = other.pop(q.other_of)
    for qid in template.online.get("required", []):
        if not answers.get(qid):
            problems.append(f"{where}: thiếu câu trả lời bắt buộc {qid} (required answer missing)")
    in_window = plan.in_window(ts) if ts else None
    key_src = response_id or json.dumps([ts_raw, sorted(raw.items())], ensure_ascii=False)
    row_key = hashlib.sha256(key_src.encode("utf-8")).hexdigest()
    flags = [] if in_window in (True, None) else ["outside_window"]
    rec = Record(f"online:{row_key[:16]}", "online", unit, None, "needs_review" if problems else "final",
                 answers, [], flags, [{"file": str(path), "row": n}],
                 ts.isoformat() if ts else None, in_window, problems, other)
    return OnlineRow(row_key, n, response_id, ts, rec, raw)


def _other_option(q: Question) -> str | None:
    return q.other_option


def import_api_json(template: Template, plan: Plan, path: Path, mapping: dict[str, str]) -> ImportResult:
    """The Forms API responses list; `mapping` takes its question ids to template ids (and "unit")."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputFileError(f"{path}: not valid JSON ({e}); download the responses again") from None
    responses = data.get("responses", data if isinstance(data, list) else None)
    if not isinstance(responses, list):
        raise InputFileError(f"{path}: no \"responses\" list; is this the Forms API responses.list output?")
    result = ImportResult(str(path))
    unknown = set()
    for n, resp in enumerate(responses, start=1):
        values: dict[Column, str] = {}
        for gid, ans in (resp.get("answers") or {}).items():
            target = mapping.get(gid)
            texts = [nfc(a.get("value", "")) for a in (ans.get("textAnswers") or {}).get("answers", [])]
            if target is None:
                unknown.add(gid)
                continue
            if target == "unit":
                values[Column(len(values), gid, "unit")] = texts[0] if texts else ""
            else:
                values[Column(len(values), gid, "question", template.question(target))] = ", ".join(texts)
        ts_raw = resp.get("lastSubmittedTime") or resp.get("createTime") or ""
        ts = parse_timestamp(ts_raw, plan.timezone, True)
        result.rows.append(_row(template, plan, path, n, resp.get("responseId"), ts, ts_raw, values, resp))
    result.file_problems += [f"{path}: câu hỏi {g} không có trong bảng ánh xạ (unknown question id; add it to the "
                             "mapping)" for g in sorted(unknown)]
    return result
