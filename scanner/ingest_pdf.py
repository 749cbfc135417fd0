"""A PDF's pages: a scanner PDF's page is usually one embedded JPEG, taken as it is (the same bytes, no
re-encoding, five to ten times cheaper than rendering); only other pages are rendered (scanner.pdfrender).
A PDF whose structure is damaged gives the JPEG pages still found in it.
"""

from __future__ import annotations

import gc
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from .errors import InputFileError, MissingDependencyError
from .page_source import RENDER_DPI, PageSource, broken_page, check_size
from .pdf_plain import PlainImage, plain_pages

if TYPE_CHECKING:
    from pypdf import PdfReader


def pdf_reader(path: Path, stream: BinaryIO) -> PdfReader:
    """A reader over the open file: pypdf given a path would first read the whole file into memory."""
    import logging

    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # our own one-line message says what matters
    try:
        reader = pypdf.PdfReader(stream)
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputFileError(f"{path}: PDF có mật khẩu / the PDF is encrypted with a password; save an "
                                 "unprotected copy (print to PDF) and scan that")
        if len(reader.pages) == 0:
            raise InputFileError(f"{path}: PDF không có trang nào / the PDF has no pages; export or scan it again")
        return reader
    except InputFileError:
        raise
    except DependencyError:
        raise MissingDependencyError(f"{path}: cần gói cryptography để mở PDF mã hoá AES / the cryptography "
                                     "package is needed for AES-encrypted PDFs: run ./run setup") from None
    except FileNotDecryptedError:
        raise InputFileError(f"{path}: PDF có mật khẩu / the PDF is encrypted with a password; save an "
                             "unprotected copy (print to PDF) and scan that") from None
    except Exception as e:
        raise InputFileError(f"{path}: PDF bị hỏng hoặc thiếu / damaged or truncated PDF ({str(e)[:60]}); "
                             "export or scan it again") from None


def pdf_pages(path: Path, sha: str) -> Iterator[PageSource]:
    """A stack's pages one at a time, from the open file: memory stays that of one page whatever the stack."""
    with open_pdf(path) as fh:
        plain = plain_pages(fh)
        if plain is not None:  # a scanner's plain PDF: its JPEGs read where they lie, without pypdf
            yield from _plain_pages(path, sha, fh, plain)
            return
        try:
            reader = pdf_reader(path, fh)
        except InputFileError as e:
            failed: InputFileError | None = e
        else:
            failed = None
        if failed is not None:
            recovered = recover_jpegs(path)
            if not recovered:
                raise failed
            for i, jpeg in enumerate(recovered):
                yield PageSource(str(path), i, sha, jpeg, "jpeg")
            return
        for i in range(len(reader.pages)):
            try:
                page = reader.pages[i]
                box = page.mediabox
                found = _embedded_image(page, path)
                if found[0] is None:  # it will be rendered: refuse a giant page before it tries
                    check_size(float(box.width) * RENDER_DPI / 72, float(box.height) * RENDER_DPI / 72, path)
            except Exception as e:
                yield broken_page(path, sha, i, "pdf-render", e)
            else:
                yield PageSource(str(path), i, sha, *found)
            # pypdf keeps every object it has parsed, the page's image stream included: forgotten here,
            # the next page reads its own from the file.
            reader.resolved_objects.clear()
        # pypdf's reader and its pages refer to each other: only the cycle collector frees a file's
        # parsed objects, and it may not run for many files, so memory would grow with the stack.
        del reader
    gc.collect()


def _plain_pages(path: Path, sha: str, fh: BinaryIO, images: list[PlainImage]) -> Iterator[PageSource]:
    for i, im in enumerate(images):
        try:
            check_size(im.width, im.height, path)
            fh.seek(im.offset)
            data = fh.read(im.length)
            if len(data) != im.length:
                raise InputFileError(f"{path}: PDF bị cắt ngắn / the PDF is cut short")
        except Exception as e:
            yield broken_page(path, sha, i, "pdf-render", e)
        else:
            yield PageSource(str(path), i, sha, data, "jpeg")


def pdf_page_count(path: Path, fh: BinaryIO) -> int:
    """How many pages the open PDF has: from its plain structure when it is a scanner's plain PDF, else pypdf's."""
    plain = plain_pages(fh)
    return len(plain) if plain is not None else len(pdf_reader(path, fh).pages)


@contextmanager
def open_pdf(path: Path) -> Iterator[BinaryIO]:
    try:
        fh = path.open("rb")
    except OSError as e:
        raise InputFileError(f"{path}: không đọc được tệp ({e.strerror}) / cannot read the file; check its "
                             "permissions") from None
    with fh:
        yield fh


_IMAGE_OBJ = re.compile(rb"\d+\s+\d+\s+obj\s*<<(.*?)>>\s*stream\r?\n", re.S)


def recover_jpegs(path: Path) -> list[bytes]:
    """The complete JPEG page images of a PDF whose structure is damaged (cut short by a copy or a
    full disk: the page tree is written last), found in the file's own order; empty when none."""
    try:
        data = path.read_bytes()
    except OSError:
        return []
    found = []
    for m in _IMAGE_OBJ.finditer(data):
        head = m.group(1)
        if b"/DCTDecode" not in head or b"/Image" not in head:
            continue
        end = data.find(b"endstream", m.end())
        jpeg = data[m.end():end].rstrip(b"\r\n") if end > 0 else b""
        if jpeg.startswith(b"\xff\xd8") and jpeg.endswith(b"\xff\xd9"):
            found.append(jpeg)
    return found


def _embedded_image(page: Any, path: Path) -> tuple[bytes | None, str]:
    try:
        xobjects = page["/Resources"]["/XObject"]
        images = [x.get_object() for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]
    except (KeyError, TypeError, AttributeError):
        return None, "pdf-render"
    if len(images) != 1:
        return None, "pdf-render"
    img = images[0]
    filters = img.get("/Filter")
    filters = list(filters) if isinstance(filters, list) else [filters]
    check_size(int(img.get("/Width", 0)), int(img.get("/Height", 0)), path)
    if filters == ["/DCTDecode"]:
        return bytes(img._data), "jpeg"
    try:
        buf = io.BytesIO()
        page.images[0].image.save(buf, "PNG")
        return buf.getvalue(), "pdf-image"
    except Exception:
        return None, "pdf-render"
