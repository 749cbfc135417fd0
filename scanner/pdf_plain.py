"""A scanner's plain PDF read without pypdf: one cross-reference table, no encryption, and every page one
JPEG image (what a scanner or img2pdf writes). Its pages' JPEG bytes are found from the table and read
where they lie, as pypdf would give them (the stream's bytes, /Length of them), without importing or
running pypdf: its import and its two parses of a stack (count, then read) cost a scan ~0.2 s of CPU.

Anything else (an incremental update, a cross-reference stream, encryption, a page that is not one JPEG,
an object not where the table says) makes `plain_pages` answer None, and the caller reads the file with
pypdf as before: this path never decides what a PDF holds when it is not sure.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, BinaryIO, NamedTuple

_WS = b"\x00\t\n\x0c\r "
_DELIM = b"()<>[]{}/%"
_TAIL = 2048  # where "startxref" is looked for, from the end
_CHUNK = 4096  # an object's first read; a longer one is read again, larger
_MAX_OBJ = 1 << 20  # a dictionary larger than this is no plain page's
_MAX_XREF = 8 << 20  # a table and trailer at the end: ~20 bytes an object
_MAX_DEPTH = 32  # of the page tree


class NotPlain(Exception):
    """The file is not the plain kind: pypdf reads it."""


class Ref(NamedTuple):
    num: int
    gen: int


@dataclass(frozen=True)
class PlainImage:
    offset: int  # where the page's JPEG bytes start in the file
    length: int
    width: int
    height: int


class _Lexer:
    def __init__(self, data: bytes, pos: int = 0) -> None:
        self.data, self.pos = data, pos

    def _skip(self) -> None:
        d, n = self.data, len(self.data)
        while self.pos < n:
            c = d[self.pos]
            if c in _WS:
                self.pos += 1
            elif c == 0x25:  # % comment
                while self.pos < n and d[self.pos] not in b"\r\n":
                    self.pos += 1
            else:
                return
        raise NotPlain("end of data")

    def token(self) -> bytes:
        self._skip()
        d, p = self.data, self.pos
        if d[p:p + 2] in (b"<<", b">>"):
            self.pos = p + 2
            return d[p:p + 2]
        if d[p] in b"[]":
            self.pos = p + 1
            return d[p:p + 1]
        if d[p] == 0x28:  # a literal string (a trailer's or a page's): skipped whole, its nesting and escapes
            self.pos = _string_end(d, p)
            return d[p:self.pos]
        if d[p] == 0x3C:  # a hex string (a trailer's /ID)
            q = d.find(b">", p)
            if q < 0:
                raise NotPlain("end of data")
            self.pos = q + 1
            return d[p:self.pos]
        if d[p] in b"{}":
            raise NotPlain("a brace")  # PostScript functions: no plain page's structure has one
        q = p + 1
        while q < len(d) and d[q] not in _WS and d[q] not in _DELIM:
            q += 1
        if q >= len(d):
            raise NotPlain("end of data")
        self.pos = q
        return d[p:q]

    def value(self) -> Any:
        t = self.token()
        if t == b"<<":
            out: dict[str, Any] = {}
            while True:
                k = self.token()
                if k == b">>":
                    return out
                if not k.startswith(b"/") or b"#" in k:
                    raise NotPlain("a dictionary key")
                out[k.decode("latin-1")] = self.value()
        if t == b"[":
            items: list[Any] = []
            while True:
                self._skip()
                if self.data[self.pos] == 0x5D:
                    self.pos += 1
                    return items
                items.append(self.value())
        if t[:1] in (b"(", b"<"):
            return t  # a string: its bytes as they stand (nothing here reads one)
        if t.startswith(b"/"):
            if b"#" in t:
                raise NotPlain("an escaped name")
            return t.decode("latin-1")
        if t in (b"true", b"false"):
            return t == b"true"
        if t == b"null":
            return None
        if t.isdigit():  # an integer, or the first of "num gen R"
            save = self.pos
            try:
                g, r = self.token(), self.token()
            except NotPlain:
                g = r = b""
            if g.isdigit() and r == b"R":
                return Ref(int(t), int(g))
            self.pos = save
            return int(t)
        try:
            return int(t) if b"." not in t else float(t)
        except ValueError:
            raise NotPlain(f"a token {t[:20]!r}") from None


def _string_end(d: bytes, p: int) -> int:
    """Just past the literal string that starts at p: parentheses nest, a backslash escapes the next byte."""
    depth, q = 0, p
    while q < len(d):
        c = d[q]
        if c == 0x5C:
            q += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return q + 1
        q += 1
    raise NotPlain("end of data")


class _File:
    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.size = os.fstat(fh.fileno()).st_size
        self.xref: dict[int, tuple[int, int]] = {}  # object number: (offset, generation)
        self.cache: dict[int, tuple[Any, int | None]] = {}

    def read(self, offset: int, n: int) -> bytes:
        self.fh.seek(offset)
        return self.fh.read(n)

    def trailer(self) -> dict[str, Any]:
        tail_at = max(self.size - _TAIL, 0)
        tail = self.read(tail_at, _TAIL)
        k = tail.rfind(b"startxref")
        if k < 0:
            raise NotPlain("no startxref")
        lex = _Lexer(tail, k + len(b"startxref"))
        start = lex.value()
        if not isinstance(start, int) or not 0 < start < self.size or self.size - start > _MAX_XREF:
            raise NotPlain("startxref")
        lex = _Lexer(self.read(start, self.size - start))
        if lex.token() != b"xref":
            raise NotPlain("a cross-reference stream")
        while True:
            t = lex.token()
            if t == b"trailer":
                break
            first, count = int(t), lex.value()
            if not isinstance(count, int):
                raise NotPlain("xref section")
            for num in range(first, first + count):
                off, gen, kind = lex.token(), lex.token(), lex.token()
                if kind == b"n" and num not in self.xref:
                    self.xref[num] = int(off), int(gen)
                elif kind not in (b"n", b"f"):
                    raise NotPlain("xref entry")
        trailer = lex.value()
        if not isinstance(trailer, dict) or {"/Prev", "/Encrypt", "/XRefStm"} & trailer.keys():
            raise NotPlain("an update, encryption or a hybrid file")
        return trailer

    def obj(self, ref: Any) -> tuple[Any, int | None]:
        """The object and, for a stream, where its bytes start."""
        if not isinstance(ref, Ref):
            return ref, None
        if ref.num in self.cache:
            return self.cache[ref.num]
        if ref.num not in self.xref or self.xref[ref.num][1] != ref.gen:
            raise NotPlain("an object missing from the table")
        offset = self.xref[ref.num][0]
        n = _CHUNK
        while True:
            data = self.read(offset, n)
            try:
                got = self._parse(data, ref)
                break
            except NotPlain:
                if len(data) < n or n >= _MAX_OBJ:
                    raise
                n *= 8
        value, stream_at = got
        out = value, (offset + stream_at if stream_at is not None else None)
        self.cache[ref.num] = out
        return out

    @staticmethod
    def _parse(data: bytes, ref: Ref) -> tuple[Any, int | None]:
        lex = _Lexer(data)
        if (lex.token(), lex.token(), lex.token()) != (b"%d" % ref.num, b"%d" % ref.gen, b"obj"):
            raise NotPlain("not the object the table names")
        value = lex.value()
        t = lex.token()
        if t == b"endobj":
            return value, None
        if t != b"stream":
            raise NotPlain("object end")
        if data[lex.pos:lex.pos + 2] == b"\r\n":
            return value, lex.pos + 2
        if data[lex.pos:lex.pos + 1] == b"\n":
            return value, lex.pos + 1
        raise NotPlain("stream start")

    def value(self, v: Any) -> Any:
        return self.obj(v)[0]


def plain_pages(fh: BinaryIO) -> list[PlainImage] | None:
    """Each page's one JPEG, in page order, or None when the file is not a plain scanner PDF (see above)."""
    try:
        return _pages(_File(fh))
    except (NotPlain, ValueError, IndexError, OSError, RecursionError):
        return None


def _pages(f: _File) -> list[PlainImage]:
    trailer = f.trailer()
    root = f.value(trailer.get("/Root"))
    if not isinstance(root, dict):
        raise NotPlain("catalog")
    leaves: list[dict[str, Any]] = []
    _walk(f, root.get("/Pages"), leaves, set(), 0)
    if not leaves:
        raise NotPlain("no pages")
    return [_image(f, page) for page in leaves]


def _walk(f: _File, ref: Any, leaves: list[dict[str, Any]], seen: set[int], depth: int) -> None:
    if not isinstance(ref, Ref) or ref.num in seen or depth > _MAX_DEPTH:
        raise NotPlain("page tree")
    seen.add(ref.num)
    node = f.value(ref)
    if not isinstance(node, dict):
        raise NotPlain("page tree node")
    if node.get("/Type") == "/Pages" and "/Kids" in node:
        kids = f.value(node["/Kids"])
        if not isinstance(kids, list):
            raise NotPlain("kids")
        for kid in kids:
            _walk(f, kid, leaves, seen, depth + 1)
    elif node.get("/Type") == "/Page" and "/Kids" not in node:
        leaves.append(node)
    else:
        raise NotPlain("page tree node type")


def _image(f: _File, page: dict[str, Any]) -> PlainImage:
    resources = f.value(page.get("/Resources"))  # inherited resources: pypdf's business
    xobjects = f.value(resources.get("/XObject")) if isinstance(resources, dict) else None
    if not isinstance(xobjects, dict):
        raise NotPlain("no images")
    images = []
    for ref in xobjects.values():
        obj, at = f.obj(ref)
        if not isinstance(obj, dict) or at is None:
            raise NotPlain("an image that is no stream")
        if obj.get("/Subtype") == "/Image":
            images.append((obj, at))
    if len(images) != 1:
        raise NotPlain("not one image")
    img, at = images[0]
    filters = img.get("/Filter")
    if (filters if isinstance(filters, list) else [filters]) != ["/DCTDecode"]:
        raise NotPlain("not a JPEG")
    length, width, height = (f.value(img.get(k)) for k in ("/Length", "/Width", "/Height"))
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (length, width, height)):
        raise NotPlain("image sizes")
    end = f.read(at + length, 32)
    if not end.lstrip(_WS).startswith(b"endstream"):
        raise NotPlain("stream length")  # pypdf would look for the real end: it reads this file
    return PlainImage(at, length, width, height)
