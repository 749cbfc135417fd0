"""Google Forms downloads written the ways offices get them, with each row's expected answers written out.

The shapes follow exports committed in public repositories: the Forms
"Download responses" CSV (`2026/09/27 3:00:00 PM GMT+3`, `Timestamp,Email Address,Score,...`),
the linked Sheet's CSV (`5/10/2026 09:15:00` in English accounts,
`8/01/2026 18:14:00` under `Marca temporal`), the Sheet as XLSX, and the
Forms API's `responses.list` JSON.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import unicodedata
from pathlib import Path
from typing import Any

from scanner.cli import main
from scanner.online import online_records
from scanner.store import Store
from scanner.template import Template

HANOI = dt.timezone(dt.timedelta(hours=7))

# Four responses, as Google writes each cell (by template question id), and what each must become.
RESPONSES: list[dict[str, Any]] = [
    {"at": dt.datetime(2023, 11, 8, 9, 15, 32, tzinfo=HANOI), "unit": "Xã Mường So",
     "cells": {"a1": "Cán bộ, công chức, viên chức", "a2": "Nữ", "a3": "Thái", "a4": "Từ 30 đến 45",
               "a5": "Trung cấp, cao đẳng", "q1": "Báo chí, phát thanh, truyền hình, Mạng xã hội, internet",
               "q2": "Quan tâm", "q3": "Tích cực", "q4": "Có chuyển biến", "q5a": "Tốt", "q5b": "Khá",
               "q5c": "Trung bình", "q5d": "Yếu", "q5e": "Khá",
               "q6": "Kỹ năng lãnh đạo, quản lý, điều hành, Thiếu kinh nghiệm, ngại va chạm",
               "q7": "Đổi mới công tác đào tạo, bồi dưỡng, Tăng cường kiểm tra, giám sát", "q8": "",
               "q9": "12", "q10": "08/11/2023"},
     "entries": {"q1": ["Báo chí, phát thanh, truyền hình", "Mạng xã hội, internet"],
                 "q6": ["Kỹ năng lãnh đạo, quản lý, điều hành", "Thiếu kinh nghiệm, ngại va chạm"],
                 "q7": ["Đổi mới công tác đào tạo, bồi dưỡng", "Tăng cường kiểm tra, giám sát"]},
     "expect_unit": "MS",
     "expect": {"a1": ["2"], "a2": ["2"], "a3": ["2"], "a3_other": None, "a4": ["2"], "a5": ["4"], "q1": ["3", "4"], "q2": ["2"],
                "q3": ["2"], "q4": ["2"], "q5a": ["1"], "q5b": ["2"], "q5c": ["3"], "q5d": ["4"], "q5e": ["2"],
                "q6": ["2", "6"], "q6_other": "Thiếu kinh nghiệm, ngại va chạm", "q7": ["2", "5"], "q8": None,
                "q9": 12, "q10": "2023-11-08"}},
    {"at": dt.datetime(2023, 11, 9, 14, 2, 10, tzinfo=HANOI), "unit": "Nậm Xe",
     "cells": {"a1": "Nhân dân", "a2": "Nam", "a3": "Mông", "a4": "Trên 60", "a5": "Tiểu học",
               "q1": "Hội nghị học tập, quán triệt Nghị quyết", "q2": "Rất quan tâm", "q3": "Rất tích cực",
               "q4": "Chuyển biến rõ rệt", "q5a": "Tốt", "q5b": "Tốt", "q5c": "Khá", "q5d": "Khá", "q5e": "Tốt",
               "q6": "Trình độ chuyên môn, lý luận chính trị còn hạn chế, Khả năng sử dụng tiếng dân tộc thiểu số",
               "q7": "Tăng cường tuyên truyền, quán triệt Nghị quyết",
               "q8": "Cần tăng cường bồi dưỡng, tập huấn cho cán bộ cơ sở", "q9": "3", "q10": "13/11/2023"},
     "entries": {"q6": ["Trình độ chuyên môn, lý luận chính trị còn hạn chế",
                        "Khả năng sử dụng tiếng dân tộc thiểu số"]},
     "expect_unit": "NX",
     "expect": {"a1": ["5"], "a2": ["1"], "a3": ["4"], "a3_other": None, "a4": ["4"], "a5": ["1"], "q1": ["1"], "q2": ["1"],
                "q3": ["1"], "q4": ["1"], "q5a": ["1"], "q5b": ["1"], "q5c": ["2"], "q5d": ["2"], "q5e": ["1"],
                "q6": ["1", "4"], "q6_other": None, "q7": ["1"],
                "q8": "Cần tăng cường bồi dưỡng, tập huấn cho cán bộ cơ sở", "q9": 3, "q10": "2023-11-13"}},
    {"at": dt.datetime(2023, 11, 10, 20, 45, 0, tzinfo=HANOI), "unit": "Xã Bản Lang",
     "cells": {"a1": "Đảng viên (không giữ chức vụ)", "a2": "Nữ", "a3": "Dao", "a4": "Dưới 30",
               "a5": "Đại học trở lên",
               "q1": "Sinh hoạt chi bộ, cơ quan, đoàn thể, Cán bộ cơ sở, người có uy tín tuyên truyền",
               "q2": "Ít quan tâm", "q3": "Chưa tích cực", "q4": "Chuyển biến chậm", "q5a": "Trung bình",
               "q5b": "Yếu", "q5c": "Yếu", "q5d": "Trung bình", "q5e": "Khá",
               "q6": "Năng lực ứng dụng công nghệ thông tin, Tinh thần trách nhiệm, tính chủ động",
               "q7": "Hoàn thiện chính sách thu hút, đãi ngộ, Đẩy mạnh luân chuyển, bố trí cán bộ, "
                     "Phát huy vai trò của Mặt trận và các đoàn thể", "q8": "", "q9": "", "q10": ""},
     "entries": {"q1": ["Sinh hoạt chi bộ, cơ quan, đoàn thể", "Cán bộ cơ sở, người có uy tín tuyên truyền"],
                 "q6": ["Năng lực ứng dụng công nghệ thông tin", "Tinh thần trách nhiệm, tính chủ động"],
                 "q7": ["Hoàn thiện chính sách thu hút, đãi ngộ", "Đẩy mạnh luân chuyển, bố trí cán bộ",
                        "Phát huy vai trò của Mặt trận và các đoàn thể"]},
     "expect_unit": "BL",
     "expect": {"a1": ["3"], "a2": ["2"], "a3": ["3"], "a3_other": None, "a4": ["1"], "a5": ["5"], "q1": ["2", "5"], "q2": ["3"],
                "q3": ["3"], "q4": ["3"], "q5a": ["3"], "q5b": ["4"], "q5c": ["4"], "q5d": ["3"], "q5e": ["2"],
                "q6": ["3", "5"], "q6_other": None, "q7": ["3", "4", "6"], "q8": None, "q9": None,
                "q10": None}},
    {"at": dt.datetime(2023, 11, 12, 7, 30, 5, tzinfo=HANOI), "unit": "Huổi Luông",
     "cells": {"a1": "Cán bộ lãnh đạo, quản lý", "a2": "Nam", "a3": "Kinh", "a4": "Từ 46 đến 60",
               "a5": "Trung học phổ thông", "q1": "Mạng xã hội, internet", "q2": "Không đánh giá được",
               "q3": "Không đánh giá được", "q4": "Không đánh giá được", "q5a": "Khá", "q5b": "Khá", "q5c": "Khá",
               "q5d": "Khá", "q5e": "Khá", "q6": "Tinh thần trách nhiệm, tính chủ động",
               "q7": "Tăng cường kiểm tra, giám sát", "q8": "Ý kiến khác", "q9": "25", "q10": "12/11/2023"},
     "expect_unit": "HL",
     "expect": {"a1": ["1"], "a2": ["1"], "a3": ["1"], "a3_other": None, "a4": ["3"], "a5": ["3"], "q1": ["4"], "q2": ["5"],
                "q3": ["4"], "q4": ["5"], "q5a": ["2"], "q5b": ["2"], "q5c": ["2"], "q5d": ["2"], "q5e": ["2"],
                "q6": ["5"], "q6_other": None, "q7": ["5"], "q8": "Ý kiến khác", "q9": 25, "q10": "2023-11-12"}},
]


def sheet_vi(at: dt.datetime) -> str:
    """The linked Sheet in a Vietnamese account: day first, 24 hours."""
    return at.astimezone(HANOI).strftime("%d/%m/%Y %-H:%M:%S")


def sheet_en(at: dt.datetime) -> str:
    """The linked Sheet in an English (US) account: month first, no leading zeros."""
    return at.astimezone(HANOI).strftime("%-m/%-d/%Y %-H:%M:%S")


def forms_csv(at: dt.datetime, vietnamese: bool = False) -> str:
    """The Forms "Download responses" CSV: year first, 12 hours, the owner's zone."""
    local = at.astimezone(HANOI)
    mark = ("SA" if local.hour < 12 else "CH") if vietnamese else local.strftime("%p")
    return local.strftime("%Y/%m/%d %-I:%M:%S ") + mark + " GMT+7"


def question_ids(template: Template) -> list[str]:
    return [q.id for q in template.questions if not q.other_of]


def header(template: Template, ts_title: str = "Dấu thời gian") -> list[str]:
    return [ts_title, template.online["unit_title"]] + [template.question(q).online_title
                                                         for q in question_ids(template)]


def row(template: Template, resp: dict[str, Any], stamp: str, **changed: str) -> list[str]:
    cells = dict(resp["cells"], **changed)
    return [stamp, resp["unit"]] + [cells[q] for q in question_ids(template)]


def table(template: Template, responses: list[dict[str, Any]], stamp=sheet_vi, ts_title: str = "Dấu thời gian"):
    return [header(template, ts_title)] + [row(template, r, stamp(r["at"])) for r in responses]


def write_csv(path: Path, rows: list[list[Any]], encoding: str = "utf-8", sep: str = ",",
              newline: str = "\r\n") -> Path:
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator=newline).writerows(rows)
    text = buf.getvalue()
    path.write_bytes(cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path


def cp1258(text: str) -> bytes:
    """Windows-1258 as Excel writes it: letters it has precomposed, tone marks as combining characters."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        for i in range(len(marks), -1, -1):
            kept = marks[i] if i < len(marks) else ""
            head = unicodedata.normalize("NFC", base + kept)
            try:
                out += head.encode("cp1258") + "".join(m for m in marks if m != kept).encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            raise AssertionError(f"cannot write {ch!r} in Windows-1258")
    return bytes(out)


def write_xlsx(path: Path, rows: list[list[Any]], other_tab_active: bool = True) -> Path:
    """The Sheet downloaded as XLSX; timestamps as date cells, as Google writes them."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Câu trả lời biểu mẫu 1"
    for r in rows:
        ws.append(r)
    if other_tab_active:
        notes = wb.create_sheet("Ghi chú")
        notes.append(["Ghi chú của văn phòng"])
        wb.active = 1
    wb.save(path)
    return path


def api_json(path: Path, template: Template, responses: list[dict[str, Any]], ids: list[str],
             times: list[str]) -> tuple[Path, Path]:
    """Forms API responses.list output, each answer a separate entry, and the question id mapping."""
    gid = {q: f"g{n:03x}" for n, q in enumerate(question_ids(template))}
    out = []
    for resp, rid, t in zip(responses, ids, times, strict=True):
        answers = {"u000": {"questionId": "u000", "textAnswers": {"answers": [{"value": resp["unit"]}]}}}
        for q, g in gid.items():
            value = resp["cells"][q]
            if not value:
                continue
            entries = resp.get("entries", {}).get(q) or [value]
            answers[g] = {"questionId": g, "textAnswers": {"answers": [{"value": v} for v in entries]}}
        out.append({"responseId": rid, "createTime": t, "lastSubmittedTime": t, "answers": answers})
    path.write_text(json.dumps({"responses": out}, ensure_ascii=False), encoding="utf-8")
    mapping = path.with_name("mapping.json")
    mapping.write_text(json.dumps({"u000": "unit", **{g: q for q, g in gid.items()}}), encoding="utf-8")
    return path, mapping


def online(db: Path, template, plan) -> list:
    store = Store(db)
    try:
        return online_records(store, template, plan)
    finally:
        store.close()


def by_unit(records) -> dict[str | None, dict[str, Any]]:
    out = {}
    for r in records:
        assert r.unit not in out, f"two records for {r.unit}"
        out[r.unit] = r.answers
    return out


def expected(responses: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["expect_unit"]: r["expect"] for r in responses}


def cli(capsys, *argv) -> tuple[int, str, str]:
    """The command as a user types it, with what it printed."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def imported(capsys, db, path, *extra) -> tuple[str, str]:
    code, out, err = cli(capsys, "import-online", path, "--db", db, *extra)
    assert code == 0, err
    return out, err
