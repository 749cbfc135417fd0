"""Files into pages: PDF, multi-page TIFF, JPEG, PNG; folders read recursively in a stable order.

A scanner PDF's page is usually one embedded JPEG: it is taken as it is
(the same bytes, no re-encoding, five to ten times cheaper than rendering);
only other pages go through poppler. Every page gets a stable identity: the
file's content hash plus its page index.
"""

from __future__ import annotations

import gc
import hashlib
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from .errors import InputFileError

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff"}
SUFFIXES = IMAGE_SUFFIXES | {".pdf"}
MAX_PIXELS = 60_000_000  # an A4 page at 600 dpi is 35 MP; anything far larger is a decompression bomb
RENDER_DPI = 200
REDUCE_FROM_PX = 2000  # long side of an A4 page at 170 dpi


@dataclass(frozen=True)
class PageSource:
    file: str
    index: int
    file_sha: str
    data: bytes | None  # the page's image bytes as the scanner wrote them; None = render from the PDF
    fmt: str  # jpeg | png | tiff-frame | pdf-image | pdf-render

    @property
    def page_id(self) -> str:
        return page_id(self.file_sha, self.index)


def page_id(file_sha: str, index: int) -> str:
    return f"{file_sha[:16]}:{index}"


@dataclass(frozen=True)
class InputProblem:
    file: str
    message: str


def list_inputs(paths: list[str]) -> tuple[list[Path], list[InputProblem]]:
    files: list[Path] = []
    problems: list[InputProblem] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted((f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES),
                           key=lambda f: str(f.relative_to(path)))
            files += found
        elif path.is_file():
            files.append(path)
        else:
            problems.append(InputProblem(p, f"{p}: no such file or folder; check the path"))
    return files, problems


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _check_size(w: int, h: int, file: Path) -> None:
    if w * h > MAX_PIXELS:
        raise InputFileError(f"{file}: image of {w}x{h} pixels is far too large for a scanned page; "
                             "rescan at 200-300 dpi")


def pages_of(path: Path) -> Iterator[PageSource]:
    """The pages of one file; raises InputFileError (one line, naming the file) when it cannot be read."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise InputFileError(f"{path}: cannot read ({e.strerror}); check the file's permissions") from None
    if size == 0:
        raise InputFileError(f"{path}: empty file (0 bytes); scan or copy it again")
    sha = sha256_file(path)
    head = path.open("rb").read(8)
    if head.startswith(b"%PDF"):
        yield from _pdf_pages(path, sha)
    elif head[:2] in (b"II", b"MM"):
        yield from _tiff_pages(path, sha)
    elif head.startswith(b"\xff\xd8") or head.startswith(b"\x89PNG"):
        data = path.read_bytes()
        _probe(data, path)
        yield PageSource(str(path), 0, sha, data, "jpeg" if head.startswith(b"\xff\xd8") else "png")
    else:
        raise InputFileError(f"{path}: not a PDF, TIFF, JPEG or PNG file; export the scan in one of these formats")


@contextmanager
def _pil_image(source, path: Path, what: str) -> Iterator:
    """Opens an image with Pillow, turning each way it can fail into a one-line message naming the file."""
    from PIL import Image

    try:
        with Image.open(source) as im:
            _check_size(*im.size, path)
            yield im
    except InputFileError:
        raise
    except Image.DecompressionBombError:
        raise InputFileError(f"{path}: image far too large for a scanned page (decompression bomb); "
                             "rescan at 200-300 dpi") from None
    except Exception:
        raise InputFileError(f"{path}: the {what} is damaged or truncated; scan it again") from None


def _probe(data: bytes, path: Path) -> None:
    with _pil_image(io.BytesIO(data), path, "image"):
        pass


def _pdf_reader(path: Path):
    import logging

    import pypdf
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # our own one-line message says what matters
    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:
            raise InputFileError(f"{path}: the PDF is encrypted; save an unprotected copy (print to PDF) and scan that")
        if len(reader.pages) == 0:
            raise InputFileError(f"{path}: the PDF has no pages; export or scan it again")
        return reader
    except InputFileError:
        raise
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as e:
        raise InputFileError(f"{path}: damaged or truncated PDF ({str(e)[:60]}); export or scan it again") from None


def _pdf_pages(path: Path, sha: str) -> Iterator[PageSource]:
    reader = _pdf_reader(path)
    for i in range(len(reader.pages)):
        try:
            found = _embedded_image(reader.pages[i], path)
        except InputFileError:
            raise
        except Exception as e:
            raise InputFileError(f"{path}: page {i + 1} is damaged ({str(e)[:60]}); export or scan it again") from None
        yield PageSource(str(path), i, sha, *found)
    # pypdf's reader and its pages refer to each other: only the cycle collector frees a file's
    # parsed objects, and it may not run for many files, so memory would grow with the stack.
    del reader
    gc.collect()


def _embedded_image(page, path: Path) -> tuple[bytes | None, str]:
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
    from PIL import ImageSequence

    frames = []
    with _pil_image(path, path, "TIFF") as im:
        for frame in ImageSequence.Iterator(im):
            _check_size(*frame.size, path)
            buf = io.BytesIO()
            if frame.mode == "1":
                frame.save(buf, "TIFF", compression="group4")  # the fax page stays a G4 page
            else:
                frame.convert("L").save(buf, "TIFF", compression="tiff_lzw")
            frames.append(buf.getvalue())
    for i, data in enumerate(frames):
        yield PageSource(str(path), i, sha, data, "tiff-frame")


def count_pages(path: Path) -> tuple[str, int]:
    """The file's hash and page count, cheaply: enough to plan a resumed scan and show progress."""
    if not path.exists():
        raise InputFileError(f"{path}: no such file; check the path")
    head = path.open("rb").read(8)
    if head.startswith(b"%PDF"):
        n = len(_pdf_reader(path).pages)
        gc.collect()  # see _pdf_pages
        return sha256_file(path), n
    if head[:2] in (b"II", b"MM"):
        with _pil_image(path, path, "TIFF") as im:
            frames = int(getattr(im, "n_frames", 1))
        return sha256_file(path), frames
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


def decode_for_reading(src: PageSource) -> tuple[np.ndarray, int]:
    """The page as grey pixels for reading marks, and how many source pixels one of them spans.

    A scanner's JPEG page of about 200 dpi or more is decoded at half size by
    the JPEG decoder itself (a fraction of the work); marks, their holes and
    QR modules are still several pixels wide at that size. Photos (loose
    JPEG files, often blurred and in perspective) keep every pixel; OCR asks
    for full size itself.
    """
    if src.fmt == "jpeg" and src.data is not None and src.file.lower().endswith(".pdf"):
        size = jpeg_size(src.data)
        if size and max(size) >= REDUCE_FROM_PX:
            img = cv2.imdecode(np.frombuffer(src.data, np.uint8), cv2.IMREAD_REDUCED_GRAYSCALE_2)
            if img is not None:
                return img, 2
    return decode(src), 1


def decode(src: PageSource) -> np.ndarray:
    """The page as a grey image, full size."""
    if src.data is None:
        from ._exec.poppler import render_pages

        return render_pages(src.file, RENDER_DPI, src.index + 1, src.index + 1)[0]
    img = cv2.imdecode(np.frombuffer(src.data, np.uint8), cv2.IMREAD_GRAYSCALE)
    if img is None:
        raise InputFileError(f"{src.file}: page {src.index + 1} cannot be decoded; scan it again")
    return img
