"""Scanner stacks of any length for the benchmarks, written in constant memory.

A scanner writes a whole stack as one PDF of JPEG pages; `write_stack_pdf`
writes such a file page by page (each page's JPEG as it is, no re-encoding),
so a 3,000-page stack costs the benchmark no more memory than one page.
`corpus_jpegs` gives a corpus's page images in order, again and again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from scanner.decode import jpeg_size
from scanner.ingest import list_inputs, pages_of

SCAN_DPI = 200


def corpus_jpegs(corpus: Path, n: int | None = None) -> Iterator[bytes]:
    """The corpus's JPEG pages, once each (n None) or cycled until `n` are given; one file open at a time."""
    given = 0
    while n is None or given < n:
        before = given
        files, _ = list_inputs([str(corpus)])
        for f in files:
            for s in pages_of(f):
                if s.fmt == "jpeg" and s.data is not None:
                    yield s.data
                    given += 1
                    if n is not None and given >= n:
                        return
        if n is None:
            return
        if given == before:
            raise SystemExit(f"{corpus}: no JPEG pages to build a stack from")


def write_stack_pdf(jpegs: Iterable[bytes], out: Path, dpi: int = SCAN_DPI) -> int:
    """One PDF with a page per JPEG, as a scanner writes it; returns the page count."""
    offsets: list[int] = []
    kids: list[int] = []
    with out.open("wb") as f:
        def obj(num: int, body: bytes, stream: bytes | None = None) -> None:
            while len(offsets) < num:
                offsets.append(0)
            offsets[num - 1] = f.tell()
            f.write(b"%d 0 obj\n" % num + body)
            if stream is not None:
                f.write(b"\nstream\n" + stream + b"\nendstream")
            f.write(b"\nendobj\n")

        f.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        num = 3  # 1: catalog, 2: page tree, both written last
        for jpeg in jpegs:
            size = jpeg_size(jpeg)
            if size is None:
                raise ValueError("not a JPEG page")
            w, h = size
            space = b"/DeviceRGB" if _components(jpeg) == 3 else b"/DeviceGray"
            pw, ph = w * 72 / dpi, h * 72 / dpi
            image, content, page = num, num + 1, num + 2
            obj(image, b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s "
                       b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>" % (w, h, space, len(jpeg)), jpeg)
            draw = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (pw, ph)
            obj(content, b"<< /Length %d >>" % len(draw), draw)
            obj(page, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Contents %d 0 R "
                      b"/Resources << /XObject << /Im0 %d 0 R >> >> >>" % (pw, ph, content, image))
            kids.append(page)
            num += 3
        obj(2, b"<< /Type /Pages /Count %d /Kids [%s] >>" % (len(kids), b" ".join(b"%d 0 R" % k for k in kids)))
        obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
        xref = f.tell()
        f.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
        for off in offsets:
            f.write(b"%010d 00000 n \n" % off)
        f.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref))
    return len(kids)


def write_loose_jpegs(jpegs: Iterable[bytes], out: Path) -> int:
    """A folder of JPEG files, one per page, as a phone app or a scanner's 'save as JPEG' leaves them."""
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for n, jpeg in enumerate(jpegs, 1):
        (out / f"page{n:05d}.jpg").write_bytes(jpeg)
    return n



def _components(jpeg: bytes) -> int:
    """How many colour components the JPEG's frame header declares (1 grey, 3 colour)."""
    i = 2
    while i + 9 < len(jpeg):
        marker = jpeg[i + 1]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return jpeg[i + 9]
        i += 2 + int.from_bytes(jpeg[i + 2:i + 4], "big")
    return 1
