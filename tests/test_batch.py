"""Scanning stacks into the store: resumable, idempotent, every page accounted for, bad input set aside."""

import json
import sqlite3
from pathlib import Path

import pypdf
from conftest import ROOT, truth_of
from review_support import copy_db

from scanner.cli import main


def cli(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def export(capsys, db):
    code, out, _ = cli(capsys, "export", "--db", db, "--format", "jsonl")
    assert code == 0
    return sorted(out.splitlines())


def first_pages(tmp_path: Path, n: int) -> Path:
    """A folder holding the samples' first n pages as one PDF (the samples' stack, cut): enough for a test whose
    assertion needs a few whole forms, at a fraction of scanning all 80 pages."""
    source = pypdf.PdfReader(ROOT / "samples" / "stack001_feeder.pdf")
    cut = pypdf.PdfWriter()
    for page in source.pages[:n]:
        cut.add_page(page)
    folder = tmp_path / "in"
    folder.mkdir()
    with open(folder / "stack.pdf", "wb") as f:
        cut.write(f)
    return folder


def test_rescan_adds_nothing(capsys, tmp_path):
    """The samples' first twelve pages (three whole forms), scanned twice: the second scan adds nothing."""
    pages, _ = truth_of(ROOT / "samples")
    cut = [p for p in pages.values() if p["page_index"] < 12]
    folder = first_pages(tmp_path, 12)
    db = tmp_path / "s.db"
    code, out, _ = cli(capsys, "scan", folder, "--db", db, "--quiet", "--jobs", 2)
    assert code == 0
    first = export(capsys, db)
    assert len(first) == len({p["sheet"] for p in cut}) == 3
    code, out, _ = cli(capsys, "scan", folder, "--db", db, "--quiet", "--jobs", 2)
    assert code == 0 and "nothing new" in out
    assert export(capsys, db) == first
    n = sqlite3.connect(db).execute("SELECT COUNT(*) FROM pages").fetchone()[0]
    assert n == len(cut) == 12


def make_bad_inputs(folder: Path, good_pdf: Path) -> dict[str, Path]:
    folder.mkdir()
    bad = {}
    bad["empty"] = folder / "empty.pdf"
    bad["empty"].write_bytes(b"")
    data = good_pdf.read_bytes()
    bad["truncated"] = folder / "truncated.pdf"
    bad["truncated"].write_bytes(data[:4000])  # cut inside its first page: nothing left to recover
    w = pypdf.PdfWriter()
    w.append(str(good_pdf), pages=(0, 2))
    w.encrypt("secret")
    bad["encrypted"] = folder / "encrypted.pdf"
    with open(bad["encrypted"], "wb") as f:
        w.write(f)
    bad["not_image"] = folder / "notes.jpg"
    bad["not_image"].write_text("biên bản họp, không phải ảnh", encoding="utf-8")
    from PIL import Image

    bad["bomb"] = folder / "bomb.png"
    Image.new("1", (30000, 30000), 1).save(bad["bomb"], "PNG")
    good = pypdf.PdfWriter()
    good.append(str(good_pdf), pages=(0, 2))
    with open(folder / "good.pdf", "wb") as f:
        good.write(f)
    return bad


def test_bad_input_is_set_aside_with_a_message_and_the_rest_goes_in(capsys, tmp_path):
    bad = make_bad_inputs(tmp_path / "in", ROOT / "samples" / "stack001_feeder.pdf")
    missing = tmp_path / "no-such-folder"
    db = tmp_path / "s.db"
    code, out, err = cli(capsys, "scan", tmp_path / "in", missing, "--db", db, "--quiet", "--jobs", 1)
    assert code == 6
    lines = [ln for ln in err.splitlines() if ln.strip()]
    for path in [*bad.values(), missing]:
        mine = [ln for ln in lines if str(path) in ln]
        assert len(mine) == 1, (path, lines)
    assert "encrypted" in err and "empty" in err and "too large" in err
    assert len(export(capsys, db)) == 1
    code, out, _ = cli(capsys, "status", "--db", db, "--json")
    status = json.loads(out)
    # the missing name is said (first) and not stored: a mistyped path is no file of the survey
    assert status["pages"]["files_refused"] == len(bad) and status["accounted"]
    assert all(str(missing) not in p["message"] for p in status["problems"])


def test_unwritable_database_folder(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = cli(capsys, "scan", ROOT / "samples", "--db", blocker / "survey.db", "--quiet")
    assert code == 8
    assert str(blocker / "survey.db") in err and err.count("\n") == 1


def test_duplicates_and_reused_serials(capsys, tmp_path, mixed_corpus, mixed_scanned):
    pages, sheets = truth_of(mixed_corpus)
    db = copy_db(mixed_scanned[0], tmp_path / "m.db")  # `scan --jobs 2` of the corpus, made once per run
    code, out, _ = cli(capsys, "status", "--db", db, "--json")
    status = json.loads(out)
    dup_truth = sum(1 for p in pages.values() if p["duplicate_of"])
    assert status["pages"]["duplicate"] + status["pages"]["pages_in_file_copies"] == dup_truth
    assert status["pages_in"] == len(pages) and status["accounted"]
    reused = {s["sheet"] for s in sheets.values() if s["reused_serial"]}
    recs = [json.loads(x) for x in export(capsys, db)]
    flagged = [r for r in recs if "reused_serial" in r["flags"]]
    assert len(flagged) == len(reused)


def test_export_neutralises_formulas(capsys, tmp_path):
    from scanner.records import Decision
    from scanner.store import Store, now

    db = tmp_path / "s.db"
    cli(capsys, "scan", first_pages(tmp_path, 12), "--db", db, "--quiet", "--jobs", 2)  # three forms, dates among them
    first = json.loads(export(capsys, db)[0])
    sheet_id = first["record_id"].split(":", 1)[1]
    store = Store(db)
    store.add_decision(Decision(sheet_id, "q8", "=HYPERLINK(\"http://x\")", "Lan", now()))
    store.close()
    code, out, _ = cli(capsys, "export", "--db", db, "--format", "csv")
    assert "'=HYPERLINK" in out and ",=HYPERLINK" not in out
    xlsx = tmp_path / "r.xlsx"
    cli(capsys, "export", "--db", db, "--format", "xlsx", "--out", xlsx, "--labels")
    from openpyxl import load_workbook

    ws = load_workbook(xlsx).active
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    # kept text by the cell's quotePrefix style, not by an apostrophe in the text
    assert [c.value for c in cells] == ["=HYPERLINK(\"http://x\")"]
    assert cells[0].data_type == "s" and cells[0].quotePrefix
    header = [c.value for c in ws[1]]
    assert "q1_2 Sinh hoạt chi bộ, cơ quan, đoàn thể" in header
    # a date question's answers are date cells shown dd/mm/yyyy, equal to the JSONL's ISO dates
    import datetime as dt

    from scanner.template import load_template

    dates = [q.id for q in load_template(ROOT / "templates" / "ballot_layout.json").questions if q.type == "date"]
    records = {r["record_id"]: r for r in map(json.loads, export(capsys, db))}
    col = {str(h).split(" ")[0]: i for i, h in enumerate(header)}
    seen = 0
    for row in ws.iter_rows(min_row=2):
        rec = records[row[0].value]
        for qid in dates:
            given, c = rec["answers"].get(qid), row[col[qid]]
            assert (c.value.date() if c.value else None) == (dt.date.fromisoformat(given) if given else None)
            if given:
                assert c.number_format == "DD/MM/YYYY"
                seen += 1
    assert dates and seen


def test_an_older_database_is_migrated(tmp_path):
    from scanner.store import MIGRATIONS, SCHEMA_VERSION, Store

    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.executescript(f"BEGIN;{MIGRATIONS[1]}PRAGMA user_version=1;COMMIT;")
    con.execute("INSERT INTO batches(started_at) VALUES ('2023-11-16')")
    con.commit()
    con.close()
    store = Store(db)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.db.execute("SELECT COUNT(*) FROM batches").fetchone()[0] == 1
    assert store.undo_last("nobody") is None  # a column the newer schema added


def test_overlay_is_drawn_when_asked(capsys, tmp_path):
    """Every page scanned gets its overlay, its marked boxes outlined in green. The samples' first eight pages (two
    filled forms, both sides of both sheets) show it as well as the whole 80-page stack did, at a tenth of its cost."""
    db = tmp_path / "s.db"
    cli(capsys, "scan", first_pages(tmp_path, 8), "--db", db, "--quiet", "--jobs", 2)
    code, out, _ = cli(capsys, "overlay", "all", "--db", db, "--out", tmp_path / "ov")
    assert code == 0
    pngs = list((tmp_path / "ov").glob("*.png"))
    assert len(pngs) == 8
    import cv2

    img = cv2.imread(str(min(pngs)))  # the stack's first page, a form's first side (a fourth side may hold no box)
    green = (img[:, :, 1] > 140) & (img[:, :, 0] < 80) & (img[:, :, 2] < 80)
    assert green.sum() > 50  # marked boxes are outlined in green
