"""Files as a Windows computer writes them: CRLF line ends, a UTF-8 BOM from Notepad, paths with spaces and Vietnamese."""

import json
from pathlib import Path

from conftest import ROOT

from scanner.cli import main
from scanner.plan import DEFAULT_PLAN, load_plan
from scanner.template import DEFAULT_TEMPLATE, load_template


def windows_copy(src: Path, dest: Path) -> Path:
    """The same text with CRLF line ends and a BOM, as Notepad saves it."""
    text = src.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\n", "\r\n")
    dest.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert b"\r\n" in dest.read_bytes()
    return dest


def test_template_and_plan_saved_by_notepad_read_the_same(tmp_path):
    folder = tmp_path / "Mẫu phiếu của văn phòng"
    folder.mkdir()
    template = load_template(windows_copy(DEFAULT_TEMPLATE, folder / "ballot layout.json"))
    plan = load_plan(windows_copy(DEFAULT_PLAN, folder / "kế hoạch.json"))
    assert template.questions == load_template().questions and template.pages == load_template().pages
    assert plan.units == load_plan().units


def _online_records(db: Path, capsys) -> list[dict]:
    assert main(["export", "--db", str(db), "--format", "jsonl"]) == 0
    rows = [json.loads(ln) for ln in capsys.readouterr().out.splitlines()]
    for r in rows:
        for s in r.get("sources") or []:
            s.pop("file", None)
    return sorted(rows, key=lambda r: r["record_id"])


def test_an_online_csv_with_crlf_in_a_vietnamese_folder_imports_the_same(tmp_path, capsys):
    src = ROOT / "samples" / "online_responses.csv"
    folder = tmp_path / "Trả lời trực tuyến"
    folder.mkdir()
    crlf = windows_copy(src, folder / "câu trả lời (Google).csv")
    for name, path in (("lf", src), ("crlf", crlf)):
        assert main(["import-online", str(path), "--db", str(tmp_path / f"{name} store.db")]) == 0
    capsys.readouterr()
    lf, windows = _online_records(tmp_path / "lf store.db", capsys), _online_records(tmp_path / "crlf store.db", capsys)
    assert len(lf) == 60 and windows == lf
