"""The review server's edges: malformed requests answered 4xx in Vietnamese, clients that vanish, one write per
response, long tokens on a network bind. Raw sockets, so no client library tidies the request up."""

import json
import logging
import socket
import struct
import threading
import time

import pytest
import test_review
from review_support import serving
from test_review import raw_request, status_of

from scanner.errors import SurveyError
from scanner.review.server import ReviewApp, make_server

review_db = test_review.review_db  # the two-sheet store the other review tests use


def _reply(url: str, head: str, body: bytes = b"") -> tuple[int, str]:
    reply = raw_request(url, head.encode() + b"\r\n" + body)
    return status_of(reply), reply.partition(b"\r\n\r\n")[2].decode("utf-8", "replace")


def _vietnamese(text: str) -> bool:
    return any(ord(c) > 127 for c in text)


def test_malformed_requests_get_a_vietnamese_4xx(review_db, template, plan, capfd):
    app = ReviewApp(review_db, template, plan, "127.0.0.1", None)
    with serving(app, timeout=2) as url:
        post = (f"POST /api/decide HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                f"X-CSRF-Token: {app.csrf}\r\nConnection: close\r\n")
        nested = b'{"session": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
        nested = nested[:60_000]  # under the body limit, still far too deep
        status, text = _reply(url, post + f"Content-Length: {len(nested)}\r\n", nested)
        assert status == 400 and _vietnamese(text), text
        deep = json.dumps({"session": "x", "comment": "[[[[[[[[[[[[ ]]]]]]]]]]]]"}).encode()  # brackets in text
        assert _reply(url, post + f"Content-Length: {len(deep)}\r\n", deep)[0] == 401
        fields = "&".join(f"f{i}=1" for i in range(21))
        status, text = _reply(url, f"GET /api/counts?{fields} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n")
        assert status == 400 and _vietnamese(text), text
        assert _reply(url, "GET /api/counts?a=1&b=2 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n")[0] == 200
        for head in ("GARBAGE\r\n", "GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n", "BREW / HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                     f"GET /{'a' * 70_000} HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                     "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: " + "a" * 70_000 + "\r\n"):
            status, text = _reply(url, head)
            assert 400 <= status < 600 and status != 500 and _vietnamese(text), (head[:30], status, text)
    assert "Traceback" not in capfd.readouterr().err


def test_every_refusal_of_the_server_is_worded_in_vietnamese(review_db, template, plan):
    """Not only the parser's: each rule the handler enforces answers the person in their language."""
    app = ReviewApp(review_db, template, plan, "127.0.0.1", None)
    head = "Host: 127.0.0.1\r\nConnection: close\r\n"
    json_post = f"Content-Type: application/json\r\nX-CSRF-Token: {app.csrf}\r\n"
    cases = {
        411: [f"POST /api/next HTTP/1.1\r\n{head}{json_post}",
              f"POST /api/next HTTP/1.1\r\n{head}{json_post}Transfer-Encoding: chunked\r\n"],
        400: [f"POST /api/next HTTP/1.1\r\n{head}{json_post}Content-Length: abc\r\n"],
        413: [f"POST /api/next HTTP/1.1\r\n{head}{json_post}Content-Length: {10**9}\r\n"],
        403: [f"POST /api/next HTTP/1.1\r\n{head}Content-Type: application/json\r\nContent-Length: 0\r\n",
              f"POST /api/next HTTP/1.1\r\n{head}{json_post}Origin: http://evil.example\r\nContent-Length: 0\r\n"],
        415: [f"POST /api/next HTTP/1.1\r\n{head}X-CSRF-Token: {app.csrf}\r\nContent-Type: text/plain\r\n"
              "Content-Length: 0\r\n"],
        421: ["GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n"],
        404: [f"GET /nope HTTP/1.1\r\n{head}", f"GET /img/region?item=nope HTTP/1.1\r\n{head}",
              f"POST /api/nope HTTP/1.1\r\n{head}{json_post}Content-Length: 0\r\n"],
        405: [f"GET /api/next HTTP/1.1\r\n{head}"],
    }
    with serving(app, timeout=2) as url:
        for expected, heads in cases.items():
            for h in heads:
                status, text = _reply(url, h)
                assert status == expected and _vietnamese(text), (h.split("\r\n")[0], status, text)


def test_a_client_gone_before_its_refusal_leaves_no_traceback(review_db, template, plan, capfd, caplog):
    app = ReviewApp(review_db, template, plan, "127.0.0.1", None)
    caplog.set_level(logging.INFO, logger="scanner.review")
    with serving(app) as url:
        port = int(url.rsplit(":", 1)[1])
        for _ in range(20):
            s = socket.create_connection(("127.0.0.1", port))
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close = reset
            s.sendall(b"POST /api/decide HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}")
            s.close()
        time.sleep(0.5)
        status, _ = _reply(url, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n")
        assert status == 200
    assert "Traceback" not in capfd.readouterr().err
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_each_response_leaves_in_one_write(review_db, template, plan):
    app = ReviewApp(review_db, template, plan, "127.0.0.1", None)
    server = make_server(app, 0)
    writes: list[int] = []
    base = server.RequestHandlerClass

    class Counting(base):  # type: ignore[misc,valid-type]
        def setup(self):
            super().setup()
            raw = self.wfile

            class Out:
                def write(self, data):
                    writes.append(len(data))
                    return raw.write(data)

                def flush(self):
                    raw.flush()

            self.wfile = Out()
            assert self.connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)

    server.RequestHandlerClass = Counting
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
        for path in ("/", "/api/counts", "/api/questions", "/nope"):
            writes.clear()
            conn.request("GET", path)
            r = conn.getresponse()
            body = r.read()
            assert len(writes) == 1 and writes[0] > len(body) > 0, (path, writes)
        conn.close()
    finally:
        server.shutdown()
        server.server_close()


def test_a_network_bind_needs_a_long_token(review_db, template, plan):
    for short in ("x", "a" * 15, " " * 20):
        with pytest.raises(SurveyError, match="16"):
            ReviewApp(review_db, template, plan, "0.0.0.0", short)
    assert ReviewApp(review_db, template, plan, "0.0.0.0", "a" * 16).token == "a" * 16
    assert ReviewApp(review_db, template, plan, "127.0.0.1", "x").token == "x"  # loopback: the user's own choice
    assert len(ReviewApp(review_db, template, plan, "0.0.0.0", None).token or "") >= 16


def test_the_token_leaves_the_address_bar_after_log_in(review_db, template, plan):
    from review_support import chromium

    app = ReviewApp(review_db, template, plan, "0.0.0.0", None)
    server = make_server(app, 0, bind="127.0.0.1")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with chromium() as browser:
            page = browser.new_page()
            page.goto(f"{url}/?token={app.token}")
            page.wait_for_function("() => !location.search")
            assert app.token not in page.url and page.url.rstrip("/") == url
            page.fill("#name", "Lan")
            page.keyboard.press("Enter")  # the cookie carries the token from now on
            page.wait_for_function("() => window.__shownAt !== undefined")
            assert "Cần mã truy cập" not in page.inner_text("#msg")
            page.reload()
            assert "Duyệt phiếu" in page.title()
    finally:
        server.shutdown()
        server.server_close()
