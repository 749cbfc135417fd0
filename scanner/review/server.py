"""The review web page: a small local HTTP server (standard library only).

Bound to 127.0.0.1 unless told otherwise; bound elsewhere it demands an
access token. Requests that change data need the page's CSRF token in a
header and a JSON body, which a foreign site cannot send. Images are served
by item id, looked up in the queue; nothing from a request becomes a path.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import secrets
import threading
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..plan import Plan
from ..store import Store, now
from ..template import Template
from . import images
from .queue import Item, build_items, counts, decide, validate_value

MAX_BODY = 64 * 1024


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ReviewApp:
    def __init__(self, db: Path, template: Template, plan: Plan, host: str, token: str | None) -> None:
        self.db, self.template, self.plan, self.host = db, template, plan, host
        self.token = token if token is not None else (None if is_loopback(host) else secrets.token_urlsafe(24))
        self.csrf = secrets.token_urlsafe(24)
        self.lock = threading.Lock()
        self.seen: dict[str, dict[str, Item]] = {}  # reviewer -> items shown, for going back

    def store(self) -> Store:
        return Store(self.db)

    def page(self) -> bytes:
        html = files("scanner.review").joinpath("page.html").read_text(encoding="utf-8")
        units = json.dumps([{"code": u.code, "name": u.name} for u in self.plan.units], ensure_ascii=False)
        return html.replace("__CSRF__", self.csrf).replace("__UNITS__", units).encode("utf-8")

    def items(self, store: Store) -> list[Item]:
        return build_items(store, self.template)

    def find(self, store: Store, reviewer: str, item_id: str) -> Item | None:
        for it in self.items(store):
            if it.id == item_id:
                return it
        return self.seen.get(reviewer, {}).get(item_id)

    def state(self, reviewer: str, q: dict[str, str]) -> dict[str, Any]:
        with self.lock:
            store = self.store()
            try:
                items = self.items(store)
                taken = store.claimed_by_others(reviewer)
                want_deferred = q.get("deferred") == "1"
                chosen = None
                for it in items:
                    if it.deferred != want_deferred or it.id in taken:
                        continue
                    if q.get("kind") and it.kind != q["kind"]:
                        continue
                    if q.get("unit") and it.unit != q["unit"]:
                        continue
                    if store.claim(it.id, reviewer):
                        chosen = it
                        break
                if chosen is not None:
                    self._prepare(store, chosen)
                    self.seen.setdefault(reviewer, {})[chosen.id] = chosen
                return {"counts": counts(items), "item": chosen.to_json() if chosen else None}
            finally:
                store.close()

    def _prepare(self, store: Store, it: Item) -> None:
        if it.kind == "text" and it.draft is None:
            png = images.region(store, self.template, it.page_id, it.key)
            if png is not None:
                import cv2
                import numpy as np

                from .._exec.tesseract import ocr_block

                try:
                    img = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
                    it.draft = ocr_block(img) if img is not None else ""
                except Exception:  # a draft is a convenience; the reviewer types the text either way
                    it.draft = ""
                store.set_draft(it.page_id, it.key, it.draft)

    def question_view(self, question_id: str) -> list[dict[str, Any]]:
        store = self.store()
        try:
            return [it.to_json() for it in self.items(store) if it.kind == "question" and it.key == question_id]
        finally:
            store.close()

    def decide(self, body: dict[str, Any]) -> dict[str, Any]:
        reviewer = str(body.get("reviewer") or "").strip()[:80]
        if not reviewer:
            raise ValueError("Hãy nhập tên người duyệt")
        with self.lock:
            store = self.store()
            try:
                it = self.find(store, reviewer, str(body.get("item", "")))
                if it is None:
                    raise LookupError("Mục này không còn trong hàng chờ")
                value = validate_value(it, body.get("value"), {u.code for u in self.plan.units})
                did = decide(store, it, value, reviewer, str(body.get("comment") or "")[:500], now())
                return {"ok": True, "decision": did}
            finally:
                store.close()

    def undo(self, body: dict[str, Any]) -> dict[str, Any]:
        reviewer = str(body.get("reviewer") or "").strip()[:80]
        with self.lock:
            store = self.store()
            try:
                undone = store.undo_last(reviewer)
                return {"ok": undone is not None, "undone": undone}
            finally:
                store.close()

    def image(self, kind: str, item_id: str, reviewer: str) -> bytes | None:
        store = self.store()
        try:
            it = self.find(store, reviewer, item_id)
            if it is None or not it.page_id:
                return None
            if kind == "text" and it.kind == "text":
                crop = store.text_crop(it.page_id, it.key)
                return crop[0] if crop else None
            if kind == "page":
                hl = it.key if it.kind in ("question", "text") else None
                return images.whole_page(store, self.template, it.page_id, hl)
            if kind == "region" and it.kind in ("question", "text"):
                png = images.region(store, self.template, it.page_id, it.key)
                if png is not None:
                    return png  # a page attached by hand has no registration: show it whole instead
            return images.whole_page(store, self.template, it.page_id)
        finally:
            store.close()


class Handler(BaseHTTPRequestHandler):
    app: ReviewApp
    server_version = "survey-review"

    def log_message(self, fmt: str, *args: Any) -> None:  # quiet: the terminal shows the address only
        pass

    def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                         "style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: Any) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _host_ok(self) -> bool:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
        return not is_loopback(self.app.host) or is_loopback(host)

    def _authorised(self, query: dict[str, str]) -> tuple[bool, str | None]:
        token = self.app.token
        if token is None:
            return True, None
        cookie = SimpleCookie(self.headers.get("Cookie") or "")
        given = query.get("token") or self.headers.get("X-Review-Token") or \
            (cookie["review_token"].value if "review_token" in cookie else "")
        ok = hmac.compare_digest(given.encode(), token.encode())
        return ok, (given if ok and query.get("token") else None)

    def _query(self) -> tuple[str, dict[str, str]]:
        u = urlsplit(self.path)
        return u.path, {k: v[0] for k, v in parse_qs(u.query).items()}

    def do_GET(self) -> None:
        path, q = self._query()
        if not self._host_ok():
            return self._send(HTTPStatus.MISDIRECTED_REQUEST, b"bad host", "text/plain")
        ok, set_cookie = self._authorised(q)
        if not ok:
            return self._send(HTTPStatus.UNAUTHORIZED, "Cần mã truy cập (access token required)".encode(),
                              "text/plain; charset=utf-8")
        headers = {"Set-Cookie": f"review_token={set_cookie}; HttpOnly; SameSite=Strict; Path=/"} if set_cookie else None
        reviewer = q.get("reviewer", "")
        if path == "/":
            return self._send(HTTPStatus.OK, self.app.page(), "text/html; charset=utf-8", headers)
        if path == "/api/state":
            return self._json(HTTPStatus.OK, self.app.state(reviewer, q))
        if path == "/api/question":
            return self._json(HTTPStatus.OK, self.app.question_view(q.get("id", "")))
        if path.startswith("/img/") and path[5:] in ("region", "page", "text"):
            png = self.app.image(path[5:], q.get("item", ""), reviewer)
            if png is None:
                return self._send(HTTPStatus.NOT_FOUND, b"no image", "text/plain")
            return self._send(HTTPStatus.OK, png, "image/png")
        return self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain")

    def do_POST(self) -> None:
        path, q = self._query()
        if not self._host_ok():
            return self._send(HTTPStatus.MISDIRECTED_REQUEST, b"bad host", "text/plain")
        if not self._authorised(q)[0]:
            return self._json(HTTPStatus.UNAUTHORIZED, {"error": "access token required"})
        origin = self.headers.get("Origin")
        if origin and urlsplit(origin).netloc != self.headers.get("Host"):
            return self._json(HTTPStatus.FORBIDDEN, {"error": "cross-site request refused"})
        if not hmac.compare_digest((self.headers.get("X-CSRF-Token") or "").encode(), self.app.csrf.encode()):
            return self._json(HTTPStatus.FORBIDDEN, {"error": "missing or wrong CSRF token"})
        if not (self.headers.get("Content-Type") or "").startswith("application/json"):
            return self._json(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, {"error": "JSON body expected"})
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self._json(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": "body too large"})
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
            if path == "/api/decide":
                return self._json(HTTPStatus.OK, self.app.decide(body))
            if path == "/api/undo":
                return self._json(HTTPStatus.OK, self.app.undo(body))
        except (ValueError, LookupError) as e:
            return self._json(HTTPStatus.BAD_REQUEST, {"error": str(e)})
        return self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})


def make_server(app: ReviewApp, port: int, bind: str | None = None) -> ThreadingHTTPServer:
    """`bind` overrides the address listened on (tests keep their traffic on loopback)."""
    handler = type("BoundHandler", (Handler,), {"app": app})
    server = ThreadingHTTPServer((bind or app.host, port), handler)
    server.daemon_threads = True
    return server
