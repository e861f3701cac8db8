"""A LanguageTool stand-in in the test's own process that keeps every request as it came.

`languagetool_replay.py` runs as a separate process and logs the text it was
sent; the privacy tests need more: the raw body (to prove what never left the
machine), the headers (basic auth), and servers that redirect. This one runs on
a thread on 127.0.0.1 and answers from the recorded answers
(tests/fixtures/languagetool) only.

A `data` request (annotated text) is answered the way LanguageTool answers
one: the recorded answer for the text LanguageTool reads (the `text` items and
each markup's `interpretAs`), its offsets moved onto the annotated original
(text and markup as sent), as LanguageTool's `AnnotatedText` does for matches
in text.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from languagetool_replay import LANGUAGES, answers


def read_annotation(items: list[dict]) -> tuple[str, list[int | None]]:
    """The text LanguageTool reads, and for each of its characters the offset
    in the sent original (None for characters a markup's interpretAs adds)."""
    plain: list[str] = []
    where: list[int | None] = []
    pos = 0
    for it in items:
        if "text" in it:
            plain.append(it["text"])
            where.extend(range(pos, pos + len(it["text"])))
            pos += len(it["text"])
        else:
            reading = it.get("interpretAs", "")
            plain.append(reading)
            where.extend([None] * len(reading))
            pos += len(it["markup"])
    return "".join(plain), where


def remapped(answer: bytes, where: list[int | None]) -> bytes:
    data = json.loads(answer)
    for m in data["matches"]:
        start, end = m["offset"], m["offset"] + m["length"]
        a, b = where[start], where[end - 1]
        assert a is not None and b is not None, "a recorded match on a stand-in"
        m["offset"], m["length"] = a, b + 1 - a
    return json.dumps(data).encode()


class CaptureServer:
    """Records (method, path, headers, raw body) of every request; answers
    checks from the recordings, or redirects them when `redirect_to` is set."""

    def __init__(self, redirect_to: str | None = None, status: int = 307):
        self.requests: list[dict] = []
        self.redirect_to = redirect_to
        self.status = status
        self.recorded = answers()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def checks(self) -> list[dict]:
        return [r for r in self.requests if r["path"] == "/v2/check"]

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _answer(self, form: dict) -> tuple[int, bytes]:
        if "text" in form:
            answer = self.recorded.get(form["text"])
            return (200, answer) if answer else (400, b"Error: no recorded answer for this text")
        items = json.loads(form["data"])["annotation"]
        plain, where = read_annotation(items)
        answer = self.recorded.get(plain)
        return (200, remapped(answer, where)) if answer else (400, b"Error: no recorded answer for this text")

    def _handler(self):
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _send(self, code: int, body: bytes, headers: dict | None = None) -> None:
                self.send_response(code)
                for k, v in (headers or {"Content-Type": "application/json"}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _record(self, body: bytes) -> str:
                path = self.path.split("?", 1)[0]
                outer.requests.append({"method": self.command, "path": path, "headers": dict(self.headers), "body": body})
                return path

            def do_GET(self):
                path = self._record(b"")
                if outer.redirect_to:
                    self._send(outer.status, b"", {"Location": outer.redirect_to + self.path})
                elif path == "/v2/languages":
                    self._send(200, json.dumps(LANGUAGES).encode())
                else:
                    self._send(404, b"Not found", {"Content-Type": "text/plain"})

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._record(body)
                if outer.redirect_to:
                    self._send(outer.status, b"", {"Location": outer.redirect_to + self.path})
                    return
                form = {k: v[0] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}
                code, answer = outer._answer(form)
                self._send(code, answer, {"Content-Type": "application/json" if code == 200 else "text/plain"})

        return Handler
