"""The review page's HTTP side (standard library only): parsing, access rules, limits, logging.

Kept on `http.server` after weighing waitress and uvicorn (both install with
pip on Windows): their parsers answer malformed requests themselves, in
English, and uvicorn never times out a half-sent body; the handful of faults
`http.server` leaves open are closed here: every error (the parser's too) is a
4xx in Vietnamese, a response is one write with Nagle off, a client that went
away is a line in the log, never a traceback.

Bound to 127.0.0.1 unless told otherwise; bound elsewhere it demands an
access token. Every request that changes data is a POST carrying the page's
CSRF token in a header and a JSON object body, which a foreign site cannot
send; GET only reads. Images are served by item id; nothing from a request
becomes a path. A malformed request gets a 4xx answer and a line in the log;
a request that stalls is cut off after `Handler.timeout` seconds.
"""

from __future__ import annotations

import hmac
import json
import logging
import socket
from collections.abc import Callable
from http import HTTPStatus
from http.cookies import CookieError, SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..errors import RequestRefused
from ..vocab import ImageView
from .app import ReviewApp
from .body import body_object
from .security import is_loopback

__all__ = ["Handler", "ReviewApp", "make_server"]

MAX_BODY = 64 * 1024
MAX_FIELDS = 20  # query fields; the page never sends more than two
PARSER_VI = {400: "Yêu cầu không đúng cú pháp HTTP (bad request)",
             408: "Yêu cầu gửi quá chậm (request timeout)",
             414: "Địa chỉ quá dài (URI too long)",
             431: "Phần đầu yêu cầu quá lớn (request headers too large)",
             501: "Phương thức không được hỗ trợ; chỉ GET, HEAD, POST (method not supported)",
             505: "Phiên bản HTTP không được hỗ trợ (HTTP version not supported)"}
NOT_FOUND = "Không có địa chỉ này (not found)"
log = logging.getLogger("scanner.review")

POSTS = {"/api/session": "start_session", "/api/next": "next", "/api/decide": "decide", "/api/undo": "undo",
         "/api/claim": "claim", "/api/heartbeat": "heartbeat", "/api/draft": "draft",
         "/api/release": "let_go", "/api/sheets": "find_sheets", "/api/settled": "settled", "/api/reopen": "reopen",
         "/api/free": "free_sheet"}


class Handler(BaseHTTPRequestHandler):
    app: ReviewApp
    server_version = "survey-review"
    protocol_version = "HTTP/1.1"  # keep-alive: a reviewer's browser keeps one connection (and one thread)
    timeout = 15  # seconds a half-sent request may hold its connection

    def setup(self) -> None:
        super().setup()
        try:  # a response is one write; Nagle must not hold a picture back waiting for an ACK
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (ConnectionError, TimeoutError) as e:  # the browser went away mid-request or mid-answer
            self.close_connection = True
            log.info("%s: connection lost (%s)", self.address_string(), e)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The parser's own refusals (bad request line, headers too long, unknown method) in the page's words."""
        self.close_connection = True
        for name, default in (("command", "GET"), ("path", "")):
            if not getattr(self, name, None):
                setattr(self, name, default)
        self.request_version = "HTTP/1.1"  # an answer with a status line, even to a request that had none
        text = PARSER_VI.get(code, "Yêu cầu không hợp lệ (bad request)")
        try:
            self._send(code, text.encode("utf-8"), "text/plain; charset=utf-8", {"Connection": "close"})
        except (ConnectionError, TimeoutError):
            pass

    def log_message(self, fmt: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), fmt % args)

    def log_error(self, fmt: str, *args: Any) -> None:
        message = fmt % args
        level = logging.INFO if message.startswith("Request timed out") else logging.WARNING  # idle keep-alive too
        log.log(level, "%s %s", self.address_string(), message)

    def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
        if status >= 400:
            log.warning("%s %s %s -> %d %s", self.address_string(), self.command, urlsplit(self.path).path, status,
                        body[:200].decode("utf-8", "replace"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                         "style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        buffered: list[bytes] = getattr(self, "_headers_buffer", [])
        head = b"".join(buffered) + b"\r\n"  # end_headers without its flush: head and body leave in one write
        buffered.clear()
        self.wfile.write(head if self.command == "HEAD" else head + body)

    def _json(self, status: int, data: Any) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _refuse(self, status: int, message: str) -> None:
        if urlsplit(self.path).path.startswith("/api/"):
            return self._json(status, {"error": message})
        return self._send(status, message.encode("utf-8"), "text/plain; charset=utf-8")

    def _host_ok(self) -> bool:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
        return not is_loopback(self.app.host) or is_loopback(host)

    def _authorised(self, query: dict[str, str]) -> tuple[bool, str | None]:
        token = self.app.token
        if token is None:
            return True, None
        try:
            cookie = SimpleCookie(self.headers.get("Cookie") or "")
        except CookieError:
            cookie = SimpleCookie()
        given = query.get("token") or self.headers.get("X-Review-Token") or \
            (cookie["review_token"].value if "review_token" in cookie else "")
        ok = hmac.compare_digest(given.encode(), token.encode())
        return ok, (given if ok and query.get("token") else None)

    def _query(self) -> tuple[str, dict[str, str]]:
        u = urlsplit(self.path)
        try:
            return u.path, {k: v[0] for k, v in parse_qs(u.query, max_num_fields=MAX_FIELDS).items()}
        except ValueError:
            raise RequestRefused(HTTPStatus.BAD_REQUEST, f"Địa chỉ có quá nhiều tham số (more than {MAX_FIELDS} "
                                 "query fields)") from None

    def _guarded(self, work: Callable[[], object]) -> None:
        try:
            work()
        except RequestRefused as e:
            try:
                self._refuse(e.status, e.message)
            except (ConnectionError, TimeoutError) as lost:  # refused, and gone before hearing it
                self.close_connection = True
                log.info("%s %s %s: connection lost (%s)", self.address_string(), self.command, self.path[:200], lost)
        except (ConnectionError, TimeoutError) as e:  # the browser went away or stalled: nobody to answer
            self.close_connection = True
            log.info("%s %s %s: connection lost (%s)", self.address_string(), self.command, self.path[:200], e)
        except Exception:
            log.exception("review request %s %s failed", self.command, self.path[:200])
            try:
                self._refuse(HTTPStatus.INTERNAL_SERVER_ERROR, "Lỗi máy chủ; xem nhật ký (server error; see the log)")
            except (ConnectionError, TimeoutError):
                self.close_connection = True
        finally:
            self.app.release()

    def do_GET(self) -> None:
        self._guarded(self._get)

    def do_HEAD(self) -> None:
        self._guarded(self._get)

    def do_POST(self) -> None:
        self._guarded(self._post)

    def _gate(self, query: dict[str, str]) -> str | None:
        if not self._host_ok():
            raise RequestRefused(HTTPStatus.MISDIRECTED_REQUEST, "Tên máy trong yêu cầu không phải máy này (bad host)")
        ok, set_cookie = self._authorised(query)
        if not ok:
            raise RequestRefused(HTTPStatus.UNAUTHORIZED, "Cần mã truy cập (access token required)")
        return set_cookie

    def _get(self) -> None:
        path, q = self._query()
        set_cookie = self._gate(q)
        if path == "/":
            headers = {"Set-Cookie": f"review_token={set_cookie}; HttpOnly; SameSite=Strict; Path=/"} \
                if set_cookie else None
            return self._send(HTTPStatus.OK, self.app.page(), "text/html; charset=utf-8", headers)
        if path == "/favicon.ico":
            return self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
        if path == "/api/counts":
            return self._json(HTTPStatus.OK, self.app.counts())
        if path == "/api/questions":
            return self._json(HTTPStatus.OK, self.app.questions())
        if path == "/api/question":
            return self._json(HTTPStatus.OK, self.app.question_view(q.get("id", ""), q.get("order", "confidence")))
        if path.startswith("/img/") and path[5:] in ImageView.values():
            png = self.app.image(ImageView(path[5:]), q.get("item", ""))
            if png is None:
                raise RequestRefused(HTTPStatus.NOT_FOUND, "Không có ảnh cho mục này (no image)")
            return self._send(HTTPStatus.OK, png, "image/jpeg" if png.startswith(b"\xff\xd8") else "image/png")
        if path in POSTS:
            raise RequestRefused(HTTPStatus.METHOD_NOT_ALLOWED, "Chỉ nhận POST (POST only)")
        raise RequestRefused(HTTPStatus.NOT_FOUND, NOT_FOUND)

    def _body(self) -> bytes:
        raw = self.headers.get("Content-Length")
        if raw is None:
            raise RequestRefused(HTTPStatus.LENGTH_REQUIRED, "Thiếu độ dài nội dung (Content-Length required)")
        if not raw.strip().isdigit():
            raise RequestRefused(HTTPStatus.BAD_REQUEST, "Độ dài nội dung phải là một số không âm "
                                 "(Content-Length must be a non-negative number)")
        length = int(raw)
        if length > MAX_BODY:
            raise RequestRefused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                                 f"Nội dung yêu cầu quá {MAX_BODY // 1024} KB (body too large)")
        return self.rfile.read(length)

    def _post(self) -> None:
        path, q = self._query()
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            raise RequestRefused(HTTPStatus.LENGTH_REQUIRED, "Không nhận nội dung gửi từng khúc; hãy gửi kèm "
                                 "Content-Length (chunked bodies are not accepted)")
        try:
            body = self._body()
        except RequestRefused:
            self.close_connection = True  # the unread body must not be taken for the next request
            raise
        self._gate(q)
        origin = self.headers.get("Origin")
        if origin and urlsplit(origin).netloc != self.headers.get("Host"):
            raise RequestRefused(HTTPStatus.FORBIDDEN, "Yêu cầu từ trang web khác bị từ chối (cross-site request refused)")
        if not hmac.compare_digest((self.headers.get("X-CSRF-Token") or "").encode(), self.app.csrf.encode()):
            raise RequestRefused(HTTPStatus.FORBIDDEN, "Thiếu hoặc sai mã bảo vệ của trang; hãy tải lại trang "
                                 "(missing or wrong CSRF token)")
        if not (self.headers.get("Content-Type") or "").startswith("application/json"):
            raise RequestRefused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "Nội dung yêu cầu phải là JSON (JSON body expected)")
        if path not in POSTS:
            raise RequestRefused(HTTPStatus.NOT_FOUND, NOT_FOUND)
        return self._json(HTTPStatus.OK, getattr(self.app, POSTS[path])(body_object(body)))


class ReviewServer(ThreadingHTTPServer):
    """Its shutdown (or closing, after Ctrl+C) also ends the app's background work: nothing it started outlives it."""

    daemon_threads = True
    request_queue_size = 64
    app: ReviewApp | None = None  # set by make_server once the socket is bound

    def shutdown(self) -> None:
        super().shutdown()
        if self.app is not None:
            self.app.close()

    def server_close(self) -> None:
        super().server_close()
        if self.app is not None:
            self.app.close()


def make_server(app: ReviewApp, port: int, bind: str | None = None, timeout: float = 15) -> ReviewServer:
    """`bind` overrides the address listened on (tests keep their traffic on loopback); `timeout`: seconds a
    connection may stay silent mid-request."""
    import socket

    handler = type("BoundHandler", (Handler,), {"app": app, "timeout": timeout})
    address = bind or app.host
    cls = type("ReviewServer6", (ReviewServer,), {"address_family": socket.AF_INET6}) if ":" in address else ReviewServer
    server: ReviewServer = cls((address, port), handler)
    server.app = app
    return server
