"""Files into pages: PDF, multi-page TIFF, JPEG, PNG, WebP, HEIC; folders read recursively in a stable order.

A scanner PDF's page is usually one embedded JPEG: it is taken as it is
(the same bytes, no re-encoding, five to ten times cheaper than rendering);
only other pages are rendered (scanner.pdfrender). Every page gets a stable identity: the
file's content hash plus its page index.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import cv2
import numpy as np

from .errors import InputFileError, MissingDependencyError, TooLarge
from .vocab import PageReason, ProblemKind

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage
    from pypdf import PdfReader

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".heic", ".heif"}
SUFFIXES = IMAGE_SUFFIXES | {".pdf"}
MAX_PIXELS = 60_000_000  # an A4 page at 600 dpi is 35 MP; anything far larger is a decompression bomb
RENDER_DPI = 200
REDUCE_FROM_PX = 2000  # long side of an A4 page at 170 dpi
_HEIF_BRANDS = (b"ftypheic", b"ftypheix", b"ftyphevc", b"ftypmif1", b"ftypmsf1", b"ftypheim", b"ftypheis")


@dataclass(frozen=True)
class PageSource:
    file: str
    index: int
    file_sha: str
    data: bytes | None  # the page's image bytes as the scanner wrote them; None = render from the PDF
    fmt: str  # jpeg | png | webp | heic | tiff-frame | pdf-image | pdf-render
    error: str | None = None  # why this page cannot be read; it is then set aside with this message
    reason: PageReason = PageReason.unreadable  # the set-aside reason that goes with `error`

    @property
    def page_id(self) -> str:
        return page_id(self.file_sha, self.index)


def page_id(file_sha: str, index: int) -> str:
    return f"{file_sha[:16]}:{index}"


@dataclass(frozen=True)
class InputProblem:
    file: str
    message: str
    kind: ProblemKind = ProblemKind.refused  # refused: named but unreadable; skipped: found in a folder, not a scan


def list_inputs(paths: list[str]) -> tuple[list[Path], list[InputProblem]]:
    """Every file named or found in a folder: a scan to read, or a problem saying why not.

    Folders are walked in a stable order, symbolic links to folders followed
    once (a folder reached a second time, as a link loop does, is listed as
    skipped), and every other file a folder holds is listed with the reason.
    """
    files: list[Path] = []
    problems: list[InputProblem] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found: list[tuple[str, Path]] = []
            _walk(path, path, found, problems, {})
            files += [f for _, f in sorted(found, key=lambda x: x[0])]
        elif path.is_file():
            files.append(path)
        elif path.is_symlink():
            problems.append(InputProblem(p, f"{p}: liên kết tới tệp không còn tồn tại / broken link; "
                                            "check where it points"))
        else:
            problems.append(InputProblem(p, f"{p}: không có tệp hay thư mục này / no such file or folder; "
                                            "check the path"))
    return files, problems


def _walk(root: Path, folder: Path, found: list[tuple[str, Path]], problems: list[InputProblem],
          seen: dict[tuple[int, int], Path]) -> None:
    try:
        st = folder.stat()
        key = (st.st_dev, st.st_ino)
        if key in seen:
            problems.append(InputProblem(str(folder), f"{folder}: thư mục này đã được đọc qua {seen[key]} "
                                         f"(liên kết vòng?) / folder already read as {seen[key]} "
                                         "(a link loop?); skipped", ProblemKind.skipped))
            return
        seen[key] = folder
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        problems.append(InputProblem(str(folder), f"{folder}: không mở được thư mục ({e.strerror}) / cannot open "
                                     "the folder; check its permissions"))
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
        except OSError:
            is_dir = is_file = False
        if is_dir:
            _walk(root, path, found, problems, seen)
        elif is_file and path.suffix.lower() in SUFFIXES:
            found.append((str(path.relative_to(root)), path))
        elif is_file:
            problems.append(InputProblem(str(path), f"{path}: không phải tệp ảnh quét (PDF, TIFF, JPEG, PNG, WebP, "
                                         "HEIC) / not a scan file type; skipped", ProblemKind.skipped))
        else:
            problems.append(InputProblem(str(path), f"{path}: liên kết hỏng hoặc không phải tệp thường / broken "
                                         "link or not a regular file; skipped", ProblemKind.skipped))


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _check_size(w: float, h: float, file: Path) -> None:
    if w * h > MAX_PIXELS:
        raise TooLarge(f"{file}: trang {int(w)}x{int(h)} điểm ảnh, quá lớn cho một trang quét / page of "
                       f"{int(w)}x{int(h)} pixels is far too large for a scanned page; rescan at 200-300 dpi")


def _broken_page(path: Path, sha: str, i: int, fmt: str, e: Exception) -> PageSource:
    """A page that cannot be read becomes its own set-aside record; the file's other pages go on."""
    if isinstance(e, InputFileError):
        why, reason = e.message.removeprefix(f"{path}: "), PageReason.too_large if isinstance(e, TooLarge) else PageReason.unreadable
    else:
        why, reason = f"trang bị hỏng / the page is damaged ({str(e)[:60]})", PageReason.unreadable
    return PageSource(str(path), i, sha, None, fmt, f"{path}: trang {i + 1} / page {i + 1}: {why}", reason)


def _read_head(path: Path) -> bytes:
    try:
        if path.stat().st_size == 0:
            raise InputFileError(f"{path}: tệp rỗng (0 byte), hãy quét hoặc chép lại / empty file (0 bytes); "
                                 "scan or copy it again")
        with path.open("rb") as f:
            return f.read(16)
    except FileNotFoundError:
        raise InputFileError(f"{path}: không có tệp này / no such file; check the path") from None
    except OSError as e:
        raise InputFileError(f"{path}: không đọc được tệp ({e.strerror}) / cannot read the file; check its "
                             "permissions") from None


def _kind(head: bytes) -> str | None:
    if head.startswith(b"%PDF"):
        return "pdf"
    if head[:2] in (b"II", b"MM"):
        return "tiff"
    if head.startswith(b"\xff\xd8"):
        return "jpeg"
    if head.startswith(b"\x89PNG"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:12] in _HEIF_BRANDS:
        return "heic"
    return None


def _hash(path: Path) -> str:
    try:
        return sha256_file(path)
    except OSError as e:
        raise InputFileError(f"{path}: không đọc được tệp ({e.strerror}) / cannot read the file; check its "
                             "permissions") from None


def pages_of(path: Path, sha: str | None = None) -> Iterator[PageSource]:
    """The pages of one file.

    A file that cannot be opened raises InputFileError (one line, naming the
    file); a page that cannot be taken from an opened file is yielded with its
    `error`, so it is set aside on its own and the file's other pages go on.
    """
    head = _read_head(path)
    kind = _kind(head)
    if kind is None:
        raise InputFileError(f"{path}: không phải tệp PDF, TIFF, JPEG, PNG, WebP hay HEIC / not a PDF, TIFF, JPEG, "
                             "PNG, WebP or HEIC file; export the scan in one of these formats")
    sha = sha or _hash(path)
    if kind == "pdf":
        yield from _pdf_pages(path, sha)
    elif kind == "tiff":
        yield from _tiff_pages(path, sha)
    else:
        try:
            data = path.read_bytes()
        except OSError as e:
            raise InputFileError(f"{path}: không đọc được tệp ({e.strerror}) / cannot read the file") from None
        _probe(data, path)
        yield PageSource(str(path), 0, sha, data, kind)


@cache
def _open_heif() -> None:
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        raise MissingDependencyError("pillow-heif chưa được cài / is not installed: run ./run setup") from None
    register_heif_opener()


@contextmanager
def _pil_image(source: Path | BinaryIO, path: Path, what: str) -> Iterator[PILImage]:
    """Opens an image with Pillow, turning each way it can fail into a one-line message naming the file."""
    from PIL import Image

    _open_heif()
    try:
        with Image.open(source) as im:
            _check_size(*im.size, path)
            yield im
    except InputFileError:
        raise
    except Image.DecompressionBombError:
        raise TooLarge(f"{path}: ảnh quá lớn cho một trang quét / image far too large for a scanned page "
                       "(decompression bomb); rescan at 200-300 dpi") from None
    except Exception:
        raise InputFileError(f"{path}: {what} bị hỏng hoặc thiếu / the {what} is damaged or truncated; "
                             "scan it again") from None


def _probe(data: bytes, path: Path) -> None:
    with _pil_image(io.BytesIO(data), path, "image"):
        pass


def _pdf_reader(path: Path, stream: BinaryIO) -> PdfReader:
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


def _pdf_pages(path: Path, sha: str) -> Iterator[PageSource]:
    """A stack's pages one at a time, from the open file: memory stays that of one page whatever the stack."""
    with _open_pdf(path) as fh:
        try:
            reader = _pdf_reader(path, fh)
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
                    _check_size(float(box.width) * RENDER_DPI / 72, float(box.height) * RENDER_DPI / 72, path)
            except Exception as e:
                yield _broken_page(path, sha, i, "pdf-render", e)
            else:
                yield PageSource(str(path), i, sha, *found)
            # pypdf keeps every object it has parsed, the page's image stream included: forgotten here,
            # the next page reads its own from the file.
            reader.resolved_objects.clear()
        # pypdf's reader and its pages refer to each other: only the cycle collector frees a file's
        # parsed objects, and it may not run for many files, so memory would grow with the stack.
        del reader
    gc.collect()


@contextmanager
def _open_pdf(path: Path) -> Iterator[BinaryIO]:
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
    _check_size(int(img.get("/Width", 0)), int(img.get("/Height", 0)), path)
    if filters == ["/DCTDecode"]:
        return bytes(img._data), "jpeg"
    try:
        buf = io.BytesIO()
        page.images[0].image.save(buf, "PNG")
        return buf.getvalue(), "pdf-image"
    except Exception:
        return None, "pdf-render"


def _tiff_pages(path: Path, sha: str) -> Iterator[PageSource]:
    with _pil_image(path, path, "TIFF") as im:
        n = int(getattr(im, "n_frames", 1))
        frames: list[PageSource] = []
        for i in range(n):
            try:
                im.seek(i)
                _check_size(im.size[0], im.size[1], path)
                buf = io.BytesIO()
                if im.mode == "1":
                    im.save(buf, "TIFF", compression="group4")  # the fax page stays a G4 page
                else:
                    im.convert("L").save(buf, "TIFF", compression="tiff_lzw")
                frames.append(PageSource(str(path), i, sha, buf.getvalue(), "tiff-frame"))
            except Exception as e:
                frames.append(_broken_page(path, sha, i, "tiff-frame", e))
    yield from frames


class Recovered(InputFileError):
    """A damaged file whose pages were partly recovered: `pages` of them are read, the message says so."""

    def __init__(self, sha: str, pages: int, message: str) -> None:
        super().__init__(message)
        self.sha, self.pages = sha, pages


def count_pages(path: Path) -> tuple[str, int]:
    """The file's hash and page count, cheaply: enough to plan a resumed scan and show progress.

    Raises InputFileError when the file cannot be opened at all.
    """
    kind = _kind(_read_head(path))
    if kind == "pdf":
        try:
            with _open_pdf(path) as fh:
                n = len(_pdf_reader(path, fh).pages)
        except InputFileError as e:
            n = len(recover_jpegs(path))
            if not n:
                raise
            raise Recovered(_hash(path), n, f"{path}: PDF bị hỏng hoặc thiếu, đã cứu được {n} trang từ các ảnh "
                            f"của nó; các trang sau có thể bị mất, hãy chép hoặc quét lại / damaged or truncated "
                            f"PDF: {n} pages recovered from its images; pages after them may be lost: copy or scan "
                            "the stack again") from e
        gc.collect()  # see _pdf_pages
        return _hash(path), n
    if kind == "tiff":
        with _pil_image(path, path, "TIFF") as im:
            frames = int(getattr(im, "n_frames", 1))
        return _hash(path), frames
    return next(iter((s.file_sha, 1) for s in pages_of(path)))


def jpeg_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a JPEG's frame header, without decoding it."""
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = int.from_bytes(data[i + 2:i + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            return int.from_bytes(data[i + 7:i + 9], "big"), int.from_bytes(data[i + 5:i + 7], "big")
        i += 2 + length
    return None


def decode_for_reading(src: PageSource, page_mm: tuple[float, float] | None = None) -> tuple[np.ndarray, int]:
    """The page as grey pixels for reading marks, and how many source pixels one of them spans.

    A scanner's JPEG page of about 200 dpi or more is decoded at half size by
    the JPEG decoder itself (a fraction of the work, and every later stage
    works on a quarter of the pixels); marks, their holes and QR modules are
    still several pixels wide at that size. That is a PDF's page, or a loose
    JPEG file shaped as the form's page (`page_mm`): what a scanner's "save as
    JPEG" writes. Photos (in perspective, often blurred, not page-shaped)
    keep every pixel; OCR asks for full size itself.
    """
    if src.fmt == "jpeg" and src.data is not None:
        size = jpeg_size(src.data)
        scanned = src.file.lower().endswith(".pdf") or (size is not None and _page_shaped(size, page_mm))
        if size and scanned and max(size) >= REDUCE_FROM_PX:
            img = cv2.imdecode(np.frombuffer(src.data, np.uint8), cv2.IMREAD_REDUCED_GRAYSCALE_2)
            if img is not None:
                return img, 2
    return decode(src), 1


PAGE_SHAPE_TOLERANCE = 0.005  # a scanner's page image keeps the paper's proportions this closely; a photo's rarely


def _page_shaped(size: tuple[int, int], page_mm: tuple[float, float] | None) -> bool:
    if page_mm is None or min(size) <= 0 or min(page_mm) <= 0:
        return False
    return abs((max(size) / min(size)) / (max(page_mm) / min(page_mm)) - 1) <= PAGE_SHAPE_TOLERANCE


def decode(src: PageSource) -> np.ndarray:
    """The page as a grey image, full size."""
    if src.data is None:
        from .pdfrender import render_pages

        return render_pages(src.file, RENDER_DPI, src.index + 1, src.index + 1)[0]
    img = cv2.imdecode(np.frombuffer(src.data, np.uint8), cv2.IMREAD_GRAYSCALE)
    if img is None:
        img = _decode_pil(src.data)  # HEIC photos, and what OpenCV was built without
    if img is None:
        raise InputFileError(f"{src.file}: trang {src.index + 1} không giải mã được / page {src.index + 1} "
                             "cannot be decoded; scan it again")
    return img


def _decode_pil(data: bytes) -> np.ndarray | None:
    from PIL import Image

    _open_heif()
    try:
        with Image.open(io.BytesIO(data)) as im:
            if im.size[0] * im.size[1] > MAX_PIXELS:
                return None
            return np.asarray(im.convert("L"))
    except Exception:
        return None
