"""Small faults a new user met trying the office's day (n19's trial, session 19), each against what is true:
`build` and `template check` gave two question counts for one form; `status` exited 0 while pages waited for a
person; `import-online`'s hint for an unknown column left out the `-` that leaves the office's notes out, and
counted one column in two files as "2 ×" rows; the online figures ("hợp lệ 60, ngoài thời gian 1") read as 59 + 1.
And the review's leftover: a roster count written as a path (`../n`) was read by the rules but not by the roster's
rows or the reviewer's wording (now all three read it with the XPath parser)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re

from conftest import ROOT
from pypdf import PdfReader, PdfWriter
from test_forms_trial_s15 import xlsform
from test_leftovers_s19 import SETTINGS, SEX, _build, _household

from scanner.cli import main
from scanner.logic.apply import LogicReason, check_record
from scanner.logic.wording import logic_reason
from scanner.records import Decision
from scanner.store import Store
from scanner.vocab import DecisionKey

SAMPLES = ROOT / "samples"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_build_and_template_check_count_the_same_questions_and_items(tmp_path, capsys):
    """`build` said "15 câu hỏi" and `template check` "21 questions" for the same layout. Both now say the
    questions as numbered on paper and the items as read (grid rows, write-ins apart), the same figures; the
    truth is taken from the printed template: its "Câu N." headings and its questions."""
    out = tmp_path / "layout.json"
    code, built, err = run(capsys, "build", ROOT / "templates" / "example" / "questionnaire.xlsx", "--out", out)
    assert code == 0, err
    code, checked, err = run(capsys, "--template", out, "template", "check")
    assert code == 0, err
    raw = json.loads(out.read_text(encoding="utf-8"))
    headings = {m.group(1) for t in raw["texts"] if (m := re.match(r"Câu (\d+)\. ", t["text"]))}
    said = [re.search(r"(\d+) câu hỏi \(questions\), đọc thành (\d+) mục", text) for text in (built, checked)]
    assert all(said), (built, checked)
    items = sum(len(q.get("rows", ())) or 1 for q in raw["questions"])  # a grid's rows are read one by one
    assert [tuple(map(int, m.groups())) for m in said if m] == [(len(headings), items)] * 2
    assert (len(headings), items) == (15, 21)


def test_a_roster_counts_once_among_the_questions(tmp_path, capsys):
    """A household roster is one numbered question however many rows and columns it prints."""
    t, said = _build(xlsform(tmp_path / "h.xlsx", _household({"type": "integer", "constraint": ". <= 4"}), SEX,
                             SETTINGS), tmp_path / "h.json")
    code, checked, _ = run(capsys, "--template", tmp_path / "h.json", "template", "check")
    assert code == 0 and "2 câu hỏi (questions)" in said and "2 câu hỏi (questions)" in checked
    assert f"đọc thành {len(t.questions)} mục" in checked and len(t.questions) == 1 + 4 * 2


def _stack(tmp_path, keep: list[int], blank: bool):
    """The samples' first pages that `keep` names (0-based), and a blank page after them when asked."""
    reader, writer = PdfReader(SAMPLES / "stack001_feeder.pdf"), PdfWriter()
    for i in keep:
        writer.add_page(reader.pages[i])
    if blank:
        box = reader.pages[0].mediabox
        writer.add_blank_page(width=float(box.width), height=float(box.height))
    path = tmp_path / "stack.pdf"
    with path.open("wb") as f:
        writer.write(f)
    return path


def test_status_exits_6_while_a_sheet_misses_a_page_or_a_page_set_aside_waits(tmp_path, capsys):
    """A sheet scanned without its third side and a blank page set aside: `status` listed the page but said
    nothing of the sheet, and exited 0, so a script could not tell. It now names the sheet, ends with what waits,
    and exits 6 (as scan does for what it sets aside); once both are settled in the review, 0."""
    db = tmp_path / "s.db"
    code, _, err = run(capsys, "scan", _stack(tmp_path, [0, 1, 3], True), "--db", db, "--quiet", "--jobs", "1")
    assert code == 0, err
    code, out, _ = run(capsys, "status", "--db", db)
    assert code == 6, out
    assert re.search(r"thiếu +KH35\.1\.\w+\.\d+: thiếu trang 3;", out), out
    assert "CÒN VIỆC: 1 trang để riêng chưa quyết định (survey review), 1 phiếu thiếu trang" in out
    code, js, _ = run(capsys, "status", "--db", db, "--json")
    waiting = json.loads(js)["waiting"]
    assert code == 6 and len(waiting["pages_set_aside"]) == 1 and list(waiting["sheets_missing_pages"].values()) == [[3]]
    store = Store(str(db))
    from scanner.collate import collate
    from scanner.template import load_template

    template = load_template(ROOT / "templates" / "ballot_layout.json")
    (sh,) = collate(store, template)
    store.add_decision(Decision(f"page:{waiting['pages_set_aside'][0]}", DecisionKey.page, "discard", "Lan",
                                "2023-11-20T08:00:00+07:00"))
    assert run(capsys, "status", "--db", db)[0] == 6  # the sheet still waits
    store.add_decision(Decision(sh.group.sheet_id, DecisionKey.missing_page, "accept", "Lan",
                                "2023-11-20T08:01:00+07:00"))
    store.close()
    code, out, _ = run(capsys, "status", "--db", db)
    assert code == 0 and "CÒN VIỆC" not in out, out


def _with_notes_column(tmp_path) -> tuple:
    """The samples' download split in two files, each with the office's own notes column added in the Sheet."""
    with (SAMPLES / "online_responses.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[0].append("Ghi chú văn phòng")
    for r in rows[1:]:
        r.append("đã gọi lại")
    files = []
    for k, part in enumerate((rows[1:31], rows[31:])):
        path = tmp_path / f"part{k + 1}.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows([rows[0], *part])
        files.append(path)
    return tuple(files)


def test_the_unknown_column_hint_offers_leaving_it_out_and_counts_its_files(tmp_path, capsys):
    """The hint offered only `map-column … MÃ_CÂU_HỎI` and, after the second file, said "2 × …" as if two rows
    waited. It now names the files that have the column and both ways to settle it, `-` for the office's notes."""
    db = tmp_path / "o.db"
    first, second = _with_notes_column(tmp_path)
    for k, path in enumerate((first, second), 1):
        code, out, _ = run(capsys, "import-online", path, "--db", db)
        assert code == 0
        assert f"cột “Ghi chú văn phòng” có trong {k} tệp" in out, out
        assert 'survey map-column "Ghi chú văn phòng" - --reviewer TÊN' in out
        assert "× survey map-column" not in out
    code, out, _ = run(capsys, "status", "--db", db)
    assert "cột “Ghi chú văn phòng” có trong 2 tệp" in out and "× survey map-column" not in out
    run(capsys, "map-column", "Ghi chú văn phòng", "-", "--reviewer", "Lan", "--db", db)
    assert "Ghi chú văn phòng" not in run(capsys, "status", "--db", db)[1].split("online     ")[0]


def test_the_online_figures_add_up_as_printed(tmp_path, capsys):
    """"hợp lệ 60, ngoài thời gian 1" read as 59 + 1 where the answer outside the window is one of the 60 counted.
    Both lines now add up as printed: rows = new + known, answers = valid + awaiting + discarded, and the one
    outside the window (the truth: submitted after the plan's collection end) is said to be among them."""
    plan = json.loads((ROOT / "templates" / "survey_plan.json").read_text(encoding="utf-8"))
    start, end = (dt.date.fromisoformat(plan["collection"][k]) for k in ("start", "end"))
    truth = [json.loads(line) for line in (SAMPLES / "online_truth.jsonl").read_text(encoding="utf-8").splitlines()]
    outside = sum(not start <= dt.date.fromisoformat(t["submitted_at"][:10]) <= end for t in truth)
    assert outside == 1
    db = tmp_path / "o.db"
    code, out, _ = run(capsys, "import-online", SAMPLES / "online_responses.csv", "--db", db)
    assert code == 0
    assert f"{len(truth)} dòng (rows) gồm {len(truth)} mới (new), 0 đã có (already imported)" in out, out
    assert f"{outside} gửi ngoài thời gian khảo sát, mặc định vẫn được tính" in out
    code, out, _ = run(capsys, "status", "--db", db)
    m = re.search(r"Trực tuyến: (\d+) câu trả lời từ 1 tệp = (\d+) hợp lệ \+ (\d+) chờ duyệt \+ (\d+) bị loại; "
                  r"trong đó (\d+) gửi ngoài thời gian khảo sát", out)
    assert m, out
    total, *parts, said_outside = map(int, m.groups())
    assert total == sum(parts) == len(truth) and said_outside == outside


def test_a_roster_count_written_as_a_path_is_read_as_the_answer_it_names(tmp_path):
    """`repeat_count` written `../n` or `/data/n` (XPath, as pyxform passes it on) instead of `${n}`: the record
    check read the count through the parser, but the roster's rows (a regex for `${name}`) did not, so a count
    bounded at 8 printed the default 6 rows and said more could come; and the reviewer's wording (a text search
    for `${n}`) left out how many rows were printed. All three read the parsed expression now."""
    for spelt in ("../n", "/data/n"):
        rows = _household({"type": "integer", "constraint": ". <= 8"})
        rows[1]["repeat_count"] = spelt
        t, said = _build(xlsform(tmp_path / "b.xlsx", rows, SEX, SETTINGS), tmp_path / "b.json")
        assert t.rosters["member"].rows == 8 and "separate sheet" not in said, (spelt, said)
        rows = _household({"type": "integer", "constraint": ". < 100"})
        rows[1]["repeat_count"] = spelt
        t, _ = _build(xlsform(tmp_path / "u.xlsx", rows, SEX, SETTINGS), tmp_path / "u.json")
        assert t.rosters["member"].rows == 6
        assert check_record(t, {"n": 9}).problems == {"n": LogicReason.more_members}
        assert logic_reason(t, "n", LogicReason.more_members).endswith("(bảng kê in 6 dòng)"), spelt


def _one_line(err: str, path) -> str:
    """A refusal as the README promises it: one line, naming the file, in Vietnamese first."""
    assert err.count("\n") == 1 and str(path) in err, err
    assert "lỗi không lường trước" not in err, err
    return err


def test_a_wrong_file_for_each_input_is_one_line_saying_what_to_give(tmp_path, capsys):
    """Tried as a new user would: a scan's PDF or the README given to `build` crashed ("lỗi không lường trước
    (TypeError …)"), the plan's workbook was refused in pyxform's English ("You must have a sheet named 'survey'"),
    the plan's JSON given as the template said "$.page_size_mm: is missing; add it", and notes given as either said
    "not valid UTF-8 JSON … fix the syntax". Each now says in one line what the file is not and which file to give."""
    pdf, notes = tmp_path / "scan.pdf", tmp_path / "notes.txt"
    pdf.write_bytes((SAMPLES / "stack001_feeder.pdf").read_bytes()[:4096])
    notes.write_text("gọi lại xã Mường So\n", encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text((ROOT / "README.md").read_text(encoding="utf-8")[:3000], encoding="utf-8")
    cases = [(["build", pdf, "--out", tmp_path / "a.json"], pdf, "không phải bảng hỏi XLSForm"),
             (["build", readme, "--out", tmp_path / "b.json"], readme, "không phải bảng hỏi XLSForm"),
             (["build", ROOT / "templates" / "plan.xlsx", "--out", tmp_path / "c.json"], ROOT / "templates" / "plan.xlsx",
              "không có trang survey"),
             (["--template", ROOT / "templates" / "survey_plan.json", "template", "check"],
              ROOT / "templates" / "survey_plan.json", "đây là kế hoạch, không phải mẫu phiếu"),
             (["--plan", ROOT / "templates" / "ballot_layout.json", "template", "check"],
              ROOT / "templates" / "ballot_layout.json", "đây là mẫu phiếu, không phải kế hoạch"),
             (["--template", notes, "template", "check"], notes, "không phải tệp JSON"),
             (["--plan", notes, "template", "check"], notes, "không phải tệp JSON"),
             (["status", "--db", notes], notes, "không phải cơ sở dữ liệu"),
             (["import-online", pdf, "--db", tmp_path / "o.db"], pdf, "không phải tệp câu trả lời trực tuyến")]
    for argv, path, said in cases:
        code, _, err = run(capsys, *argv)
        assert code in (3, 4, 8) and said in _one_line(err, path), (argv, code, err)


def test_a_mistyped_database_is_refused_not_made_empty(tmp_path, capsys):
    """`validate --db` naming a file that is not there made an empty store and reported every unit short (exit 7),
    `tally` wrote a workbook of 0 forms: a typo read as a result. The commands that only read refuse it instead."""
    db = tmp_path / "khong_co.db"
    for argv in (["status"], ["validate"], ["tally", "--out", tmp_path / "t.xlsx"], ["export"]):
        code, _, err = run(capsys, *argv, "--db", db)
        assert code == 3 and "không có cơ sở dữ liệu này" in _one_line(err, db), (argv, err)
        assert not db.exists() and not (tmp_path / "t.xlsx").exists()


def test_another_forms_download_is_refused_not_stored(tmp_path, capsys):
    """A Google Forms download of another survey shares only the timestamp column: it was imported, two rows stored,
    each waiting for review with all 20 questions "missing". Now it is refused in one line and nothing is stored."""
    other = tmp_path / "khao_sat_khac.csv"
    other.write_text("Dấu thời gian,Bạn thích màu gì?,Bạn bao nhiêu tuổi?\n"
                     "2023/11/10 9:00:00 SA GMT+7,Xanh,30\n2023/11/10 9:05:00 SA GMT+7,Đỏ,41\n", encoding="utf-8")
    db = tmp_path / "o.db"
    code, _, err = run(capsys, "import-online", other, "--db", db)
    assert code == 3 and "có lẽ là câu trả lời của biểu mẫu khác" in _one_line(err, other)
    code, js, _ = run(capsys, "status", "--db", db, "--json")
    assert json.loads(js)["online"]["rows"] == 0 and json.loads(js)["online"]["files"] == []
