"""One page taken from a scan file, before it is decoded: what ingest yields, decoding and the store take.

Its identity is the file's content hash plus its page index, so a page keeps it whatever the file is named.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import InputFileError, MissingDependencyError, TooLarge
from .vocab import PageReason

MAX_PIXELS = 60_000_000  # an A4 page at 600 dpi is 35 MP; anything far larger is a decompression bomb
RENDER_DPI = 200


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


def check_size(w: float, h: float, file: Path) -> None:
    if w * h > MAX_PIXELS:
        raise TooLarge(f"{file}: trang {int(w)}x{int(h)} điểm ảnh, quá lớn cho một trang quét / page of "
                       f"{int(w)}x{int(h)} pixels is far too large for a scanned page; rescan at 200-300 dpi")


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


def broken_page(path: Path, sha: str, i: int, fmt: str, e: Exception) -> PageSource:
    """A page that cannot be read becomes its own set-aside record; the file's other pages go on."""
    if isinstance(e, InputFileError):
        why, reason = e.message.removeprefix(f"{path}: "), PageReason.too_large if isinstance(e, TooLarge) else PageReason.unreadable
    else:
        why, reason = f"trang bị hỏng / the page is damaged ({str(e)[:60]})", PageReason.unreadable
    return PageSource(str(path), i, sha, None, fmt, f"{path}: trang {i + 1} / page {i + 1}: {why}", reason)


@cache
def open_heif() -> None:
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        raise MissingDependencyError("pillow-heif chưa được cài / is not installed: run ./run setup") from None
    register_heif_opener()
