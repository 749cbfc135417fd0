"""The per-side caches that cost most to make, kept on disk between runs: a scan starts without drawing the form.

Every scan made each side's blank as printed (the form drawn to a PDF with its fonts, rendered, resized) and the
bleed gates' samples of its back (two wide Gaussian blurs of a page): about half a second of CPU before the first
page, the largest part of a short stack's cost. Both depend only on the template and on the code and libraries
that draw them, so they are kept in the user's cache folder under a key made of all of these: the template
file's bytes, every file of the scanner package by size and modification time (as Python's own bytecode cache
tells a changed module), the drawing and rendering libraries' files likewise, the renderer chosen, and the CJK
fonts the text may be drawn with. A changed form, module, font or library makes a new key, so a kept array is
the very array the run would have made; a folder that cannot be written only means the work is done each time.

SURVEY_CACHE_DIR chooses the folder; set to "" or "off" it turns keeping off. Each kept name is one file of
numpy's own uncompressed .npy records back to back (no pickle): the arrays' names, each array's CRC-32, then
each array in that order. Reading it is a plain read of each array's bytes and their CRC (a .npz is a zip read
member by member through zipfile: about twice the CPU, benchmarks/results/side_store_x19.txt). A file is written
to a temporary name, flushed to disk and renamed, so processes scanning at once never read half a file and a
crash leaves the old file or the whole new one; one that is short, long, unreadable or whose bytes changed (a
disk fault, a hand edit) is drawn again. Beyond KEEP_FILES files the oldest are given up.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import zlib
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import numpy as np

CACHE_ENV = "SURVEY_CACHE_DIR"
FORMAT = "2"  # raised when what is kept changes its meaning
_PACKAGE = Path(__file__).resolve().parent
# what draws and renders a side (the fonts' shaping and bidi libraries among them) and what blurs and resizes it
SUFFIX = ".npy"
_LIBRARIES = ("reportlab", "pypdfium2", "cv2", "numpy", "PIL", "uharfbuzz", "fontTools", "arabic_reshaper", "bidi",
              "segno", "qrcode")


def folder() -> Path | None:
    """Where kept arrays live, or None when keeping is off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off") else Path(chosen)
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path(os.path.expanduser("~")) / ".cache")
    if not base.is_absolute():  # no home folder to be found: nothing is written under the working folder instead
        return None
    return base / "survey-scanner" / "sides"


def _stat(path: Path) -> str:
    try:
        st = path.stat()
    except OSError:
        return f"{path}:-"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


@cache
def _code_stamp() -> str:
    """The package's files, the libraries', poppler's and the candidate CJK fonts', by size and modification time; taken
    once per process (the code does not change under a running scan)."""
    from .cjk_fonts import east_asian_candidates

    h = hashlib.sha256(FORMAT.encode())
    for p in sorted(_PACKAGE.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(_stat(p).encode() + b"\0")
    for lib in _LIBRARIES:
        spec = find_spec(lib)
        origin = spec.origin if spec is not None else None
        h.update(f"{lib}={_stat(Path(origin)) if origin else '-'}\0".encode())
    for font in east_asian_candidates():
        h.update(_stat(font).encode() + b"\0")
    poppler = shutil.which("pdftoppm")  # the renderer when asked for (SURVEY_PDF_RENDERER) or when PDFium fails
    h.update(f"pdftoppm={_stat(Path(poppler)) if poppler else '-'}\0".encode())
    return h.hexdigest()


def key(kind: str, template_path: str, *args: object) -> str | None:
    """The name an array of this kind is kept under, or None when keeping is off or the template is unreadable."""
    from .pdfrender import RENDERER_ENV

    if folder() is None:
        return None
    try:
        form = Path(template_path).read_bytes()
    except OSError:
        return None
    h = hashlib.sha256(_code_stamp().encode())
    h.update(hashlib.sha256(form).digest())
    h.update(repr((kind, args, os.environ.get(RENDERER_ENV, "").lower())).encode())
    return f"{kind}-{h.hexdigest()[:40]}"


def load(name: str | None) -> dict[str, np.ndarray] | None:
    """The arrays kept under `name`, or None (not kept, keeping off, or a file that cannot be read whole)."""
    where = folder()
    if name is None or where is None:
        return None
    try:
        with open(where / f"{name}{SUFFIX}", "rb") as f:
            names = np.lib.format.read_array(f, allow_pickle=False)
            sums = np.lib.format.read_array(f, allow_pickle=False)
            if not np.issubdtype(names.dtype, np.str_) or names.ndim != 1 or sums.dtype != np.uint32 or (
                    sums.shape != names.shape):
                return None
            arrays = {str(k): np.lib.format.read_array(f, allow_pickle=False) for k in names}
            if f.read(1) or len(arrays) != len(names):  # more than its arrays, or a name twice: not a file we wrote
                return None
            if any(zlib.crc32(v.data) != int(c) for v, c in zip(arrays.values(), sums, strict=True)):
                return None  # a changed byte: as a .npz's member failing its CRC
            return arrays
    except (OSError, ValueError, EOFError):  # numpy says a short or damaged record with ValueError
        return None


def save(name: str | None, arrays: dict[str, np.ndarray]) -> None:
    """Keeps the arrays under `name`; a folder that cannot be written is passed over."""
    where = folder()
    if name is None or where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".part-", suffix=SUFFIX)
        try:
            with os.fdopen(fd, "wb") as f:
                plain = [np.ascontiguousarray(v) for v in arrays.values()]
                np.lib.format.write_array(f, np.array(list(arrays), dtype=str), allow_pickle=False)
                np.lib.format.write_array(f, np.array([zlib.crc32(v.data) for v in plain], np.uint32),
                                          allow_pickle=False)
                for v in plain:
                    np.lib.format.write_array(f, v, allow_pickle=False)
                f.flush()
                os.fsync(f.fileno())  # its bytes on disk before its name: a crash never leaves a named part-file
            os.replace(tmp, where / f"{name}{SUFFIX}")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(where)
    except OSError:
        pass


KEEP_FILES = 96  # a few forms' sides (three files a side) in a few versions of the code: about 150 MB at most


def _prune(where: Path) -> None:
    """The oldest files given up beyond KEEP_FILES: each new version of the code or the form makes a new set, and
    the old ones would otherwise pile up (run only when something was made, so never on a scan that found all)."""
    files = []
    for p in where.iterdir():
        try:
            files.append((p.stat().st_mtime_ns, p))
        except OSError:
            continue
    for _, p in sorted(files, reverse=True)[KEEP_FILES:]:
        p.unlink(missing_ok=True)
