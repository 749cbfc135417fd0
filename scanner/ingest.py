"""Files into pages: PDF, multi-page TIFF, JPEG, PNG, WebP, HEIC; folders read recursively in a stable order.

Every page gets a stable identity (scanner.page_source); a PDF's pages come from scanner.ingest_pdf, and
scanner.decode turns a page into pixels.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .errors import InputFileError, TooLarge
from .ingest_pdf import open_pdf, pdf_page_count, pdf_pages, recover_jpegs
from .page_source import PageSource, broken_page, check_size, jpeg_size, open_heif, page_id
from .vocab import ProblemKind

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

__all__ = ["InputProblem", "PageSource", "Recovered", "count_pages", "list_inputs", "page_id", "pages_of",
           "sha256_file", "unreachable"]

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".heic", ".heif"}
SUFFIXES = IMAGE_SUFFIXES | {".pdf"}
_HEIF_BRANDS = (b"ftypheic", b"ftypheix", b"ftyphevc", b"ftypmif1", b"ftypmsf1", b"ftypheim", b"ftypheis")


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
        else:
            problems.append(InputProblem(p, _absent(p)))
    return files, problems


def _absent(p: str) -> str:
    if Path(p).is_symlink():
        return f"{p}: liên kết tới tệp không còn tồn tại; kiểm tra nơi nó trỏ tới / broken link; check where it points"
    if Path(p).exists():
        return (f"{p}: không phải tệp hay thư mục thường; hãy nêu tệp quét hoặc thư mục chứa chúng / not a regular "
                "file or folder; name a scan file or a folder")
    return f"{p}: không có tệp hay thư mục này; kiểm tra lại tên và đường dẫn / no such file or folder; check the path"


def unreachable(paths: list[str]) -> list[InputProblem]:
    """The named paths a scan cannot open at all (absent, a broken link, a file or folder that cannot be read), one
    line each saying what to do. The CLI says them before any work and stores nothing for them: a mistyped name is
    no file of the survey, and its line must not come after the table nor stay in the store's problems."""
    out = []
    for p in paths:
        path = Path(p)
        try:
            if path.is_dir():
                with os.scandir(path):
                    pass
            elif path.is_file():
                with path.open("rb"):
                    pass
            else:
                out.append(InputProblem(p, _absent(p)))
        except OSError as e:
            out.append(InputProblem(p, f"{p}: không đọc được ({e.strerror}); kiểm tra quyền đọc rồi quét lại / cannot "
                                       "be read; check its permissions, then scan it again"))
    return out


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
        yield from pdf_pages(path, sha)
    elif kind == "tiff":
        yield from _tiff_pages(path, sha)
    else:
        try:
            data = path.read_bytes()
        except OSError as e:
            raise InputFileError(f"{path}: không đọc được tệp ({e.strerror}) / cannot read the file") from None
        _probe(data, path)
        yield PageSource(str(path), 0, sha, data, kind)


@contextmanager
def _pil_image(source: Path | BinaryIO, path: Path, what: str, heif: bool = False) -> Iterator[PILImage]:
    """Opens an image with Pillow, turning each way it can fail into a one-line message naming the file. HEIC's
    opener is registered for a HEIF file only (`heif`): importing pillow-heif cost a JPEG scan ~85 ms of CPU."""
    from PIL import Image

    if heif:
        open_heif()
    try:
        with Image.open(source) as im:
            check_size(*im.size, path)
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
    """The image's size checked before it is read. A JPEG's from its frame header, as cv2 will decode it: Pillow's
    first opening of an image (its import and its plugins) cost every JPEG scan ~45 ms of CPU."""
    kind = _kind(data[:16])
    size = jpeg_size(data) if kind == "jpeg" else None
    if size is not None and min(size) > 0:
        check_size(*size, path)
        return
    with _pil_image(io.BytesIO(data), path, "image", kind == "heic"):
        pass


def _tiff_pages(path: Path, sha: str) -> Iterator[PageSource]:
    with _pil_image(path, path, "TIFF") as im:
        n = int(getattr(im, "n_frames", 1))
        frames: list[PageSource] = []
        for i in range(n):
            try:
                im.seek(i)
                check_size(im.size[0], im.size[1], path)
                buf = io.BytesIO()
                if im.mode == "1":
                    im.save(buf, "TIFF", compression="group4")  # the fax page stays a G4 page
                else:
                    im.convert("L").save(buf, "TIFF", compression="tiff_lzw")
                frames.append(PageSource(str(path), i, sha, buf.getvalue(), "tiff-frame"))
            except Exception as e:
                frames.append(broken_page(path, sha, i, "tiff-frame", e))
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
            with open_pdf(path) as fh:
                n = pdf_page_count(path, fh)
        except InputFileError as e:
            n = len(recover_jpegs(path))
            if not n:
                raise
            raise Recovered(_hash(path), n, f"{path}: PDF bị hỏng hoặc thiếu, đã cứu được {n} trang từ các ảnh "
                            f"của nó; các trang sau có thể bị mất, hãy chép hoặc quét lại / damaged or truncated "
                            f"PDF: {n} pages recovered from its images; pages after them may be lost: copy or scan "
                            "the stack again") from e
        gc.collect()  # see pdf_pages
        return _hash(path), n
    if kind == "tiff":
        with _pil_image(path, path, "TIFF") as im:
            frames = int(getattr(im, "n_frames", 1))
        return _hash(path), frames
    return next(iter((s.file_sha, 1) for s in pages_of(path)))
