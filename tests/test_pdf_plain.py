"""A scanner's plain PDF is read without pypdf (scanner/pdf_plain.py, issue 26: pypdf's import and its parses
cost a scan ~0.2 s), and gives the very pages pypdf gives; any other PDF is left to pypdf."""

from __future__ import annotations

from pathlib import Path

import cv2
import img2pdf
import numpy as np
import pytest
from pypdf import PdfReader, PdfWriter

from scanner import ingest_pdf
from scanner.ingest import count_pages, pages_of
from scanner.pdf_plain import plain_pages


def _jpegs(n: int) -> list[bytes]:
    rng = np.random.default_rng(19)
    out = []
    for i in range(n):
        img = rng.integers(150, 256, (300, 212), np.uint8)
        cv2.putText(img, str(i), (50, 150), cv2.FONT_HERSHEY_SIMPLEX, 2, 0, 4)
        out.append(cv2.imencode(".jpg", img)[1].tobytes())
    return out


JPEGS = _jpegs(3)


def _plain(path: Path) -> object:
    with path.open("rb") as fh:
        return plain_pages(fh)


def _by_pypdf(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, bytes | None, str, str | None]]:
    with monkeypatch.context() as m:
        m.setattr(ingest_pdf, "plain_pages", lambda fh: None)
        return [(p.index, p.data, p.fmt, p.error) for p in pages_of(path, "x")]


@pytest.fixture
def stack(tmp_path: Path) -> Path:
    path = tmp_path / "stack.pdf"
    path.write_bytes(img2pdf.convert(JPEGS, nodate=True, engine=img2pdf.Engine.internal))
    return path


def test_a_scanners_plain_pdf_gives_the_pages_pypdf_gives(stack, tmp_path, monkeypatch):
    from benchmarks.stack import write_stack_pdf

    other = tmp_path / "bench.pdf"
    write_stack_pdf(JPEGS[::-1], other)
    # a trailer with an /ID and a string holding parentheses, as many scanners write (after the table: no offset moves)
    ided = tmp_path / "ided.pdf"
    data = stack.read_bytes()
    k = data.rindex(b"trailer") + len(b"trailer")
    k = data.index(b"<<", k) + 2
    ided.write_bytes(data[:k] + b" /ID [<0123abcd><0123ABCD>] /Note (scan \\(1\\) (of 2)) " + data[k:])
    for path, want in ((stack, JPEGS), (other, JPEGS[::-1]), (ided, JPEGS)):
        found = _plain(path)
        assert isinstance(found, list) and len(found) == len(want)
        got = [(p.index, p.data, p.fmt, p.error) for p in pages_of(path, "x")]
        assert [d for _, d, _, _ in got] == want  # the JPEGs as they went in
        assert got == _by_pypdf(path, monkeypatch)
        assert count_pages(path)[1] == len(want)


def _rewritten(stack: Path, out: Path, **how: object) -> Path:
    writer = PdfWriter(clone_from=PdfReader(stack))
    if how.get("encrypt"):
        writer.encrypt("", "owner")
    writer.write(out)
    return out


def test_what_is_not_plain_is_left_to_pypdf(stack, tmp_path, monkeypatch):
    # an incremental update (a /Prev table): the newer table could move any object
    updated = tmp_path / "updated.pdf"
    w = PdfWriter(stack, incremental=True)
    w.add_metadata({"/Title": "again"})
    w.write(updated)
    assert updated.read_bytes().startswith(stack.read_bytes())
    # encrypted with an empty password: pypdf decrypts it
    locked = _rewritten(stack, tmp_path / "locked.pdf", encrypt=True)
    # a stream whose /Length is wrong: pypdf looks for its end
    data = stack.read_bytes()
    k = data.index(b"/Length %d" % len(JPEGS[0]))
    wrong = tmp_path / "wrong.pdf"
    wrong.write_bytes(data[:k] + b"/Length %d" % (len(JPEGS[0]) - 7) + data[k + len(b"/Length %d" % len(JPEGS[0])):])
    for path in (updated, locked, wrong):
        assert _plain(path) is None, path.name
        assert [p.data for p in pages_of(path, "x")] == JPEGS, path.name
        assert count_pages(path)[1] == len(JPEGS)
    # a page that is not one JPEG (a PNG, kept losslessly: /FlateDecode) is pypdf's to take out
    png = cv2.imencode(".png", cv2.imdecode(np.frombuffer(JPEGS[0], np.uint8), cv2.IMREAD_GRAYSCALE))[1].tobytes()
    mixed = tmp_path / "mixed.pdf"
    mixed.write_bytes(img2pdf.convert([JPEGS[1], png], nodate=True, engine=img2pdf.Engine.internal))
    assert _plain(mixed) is None
    got = list(pages_of(mixed, "x"))
    assert [p.fmt for p in got] == ["jpeg", "pdf-image"] and got[0].data == JPEGS[1]


def test_an_object_not_where_the_table_says_is_left_to_pypdf(stack, monkeypatch):
    data = bytearray(stack.read_bytes())
    start = int(data[data.rindex(b"startxref") + 9:].split()[0])
    root = int(data[data.rindex(b"/Root") + 5:].split()[0])
    first = int(data[start + 4:].split()[0])  # the table's one section: "xref", first number, count, entries
    entry = data.index(b"\n", data.index(b"\n", start + 5) + 1) + 1 + 20 * (root - first)
    # the catalog's entry: its offset made wrong by 3 bytes
    data[entry:entry + 10] = b"%010d" % (int(data[entry:entry + 10]) + 3)
    stack.write_bytes(bytes(data))
    assert _plain(stack) is None
    assert [p.data for p in pages_of(stack, "x")] == JPEGS  # pypdf finds the object where it is


def test_a_damaged_or_cut_file_is_never_taken_for_plain(stack):
    data = stack.read_bytes()
    bad = stack.with_name("bad.pdf")
    for junk in (data[:-30], data[:len(data) // 2], data[:40], data[:-60] + b"startxref\n-4\n%%EOF\n",
                 data.replace(b"xref", b"xrof"), b"%PDF-1.4\nstartxref\n9\n"):
        bad.write_bytes(junk)
        assert _plain(bad) is None
