"""A stand-in LanguageTool server for the tests: it replays recorded answers.

Run as a real process (`python tests/languagetool_replay.py --port 0 ...`), it
answers `POST /v2/check` with the recorded answer (tests/fixtures/languagetool)
for the text that was sent, and `GET /v2/languages` with a language list. It
logs every request as a JSON line, so tests can count what copyedit sent.

Modes, for failure tests: `ok`; `fail:N` (the first N checks answer 503);
`stall` (checks never answer in time); `garbage` (checks answer 200 with HTML).

For benchmarks (benchmarks/languagetool_speed.py): `--delay-ms N` holds every
check N ms before answering, a stand-in for a real server's latency, and
`--unrecorded empty` answers a text with no recorded answer with no matches
instead of HTTP 400, so that whole articles can be sent. Both are off by
default.

Installed as a `java` shim (a script that execs this file with Java's
arguments), it also stands in for `java -version` and for
`java -cp languagetool-server.jar org.languagetool.server.HTTPServer --port N`;
its settings then come from COPYEDIT_REPLAY_* environment variables.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "languagetool"

#: The text each recorded answer was made for, as its source states (SOURCES.md).
INPUTS = {
    "yalafi-testx-en-GB.json": "This is a testx.",
    "tiptap-extensin-en-US.json": "LanguageTool Extensin is the best onee there shud be.",
}

LANGUAGES = [
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "English (Canadian)", "code": "en", "longCode": "en-CA"},
    {"name": "English (Australian)", "code": "en", "longCode": "en-AU"},
]


def answers(fixtures: Path = FIXTURES) -> dict[str, bytes]:
    return {text: (fixtures / name).read_bytes() for name, text in INPUTS.items()}


#: The answer to an unrecorded text under `--unrecorded empty`: a check that found nothing.
EMPTY_ANSWER = b'{"matches": []}'


class State:
    def __init__(self, mode: str, log: Path | None, delay: float = 0.0, unrecorded: str = "error"):
        self.mode = mode
        self.log = log
        self.delay = delay
        self.unrecorded = unrecorded
        self.lock = threading.Lock()
        self.checks = 0
        self.answers = answers()

    def record(self, entry: dict) -> None:
        if self.log is None:
            return
        with self.lock:
            with open(self.log, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry, ensure_ascii=False) + "\n")


def make_handler(state: State):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes; with Nagle's algorithm on, the
        # second waits for the client's delayed ACK (about 40 ms a request),
        # a latency no real server adds.
        disable_nagle_algorithm = True

        def log_message(self, *args):  # quiet
            pass

        def _send(self, code: int, body: bytes, ctype: str = "application/json") -> None:
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            path = self.path.split("?", 1)[0]
            state.record({"method": "GET", "path": path})
            if path in ("/v2/languages", "/v2/healthcheck"):
                self._send(200, json.dumps(LANGUAGES).encode())
            else:
                self._send(404, b"Not found", "text/plain")

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8")
            form = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
            path = self.path.split("?", 1)[0]
            text = form.get("text")
            markup = False
            if text is None and "data" in form:
                items = json.loads(form["data"])["annotation"]
                markup = any("markup" in it for it in items)
                text = "".join(it.get("text", it.get("markup", "")) for it in items)
            entry = {"method": "POST", "path": path, "text": text, "markup": markup}
            entry.update({k: v for k, v in form.items() if k not in ("text", "data")})
            state.record(entry)
            if path != "/v2/check":
                self._send(404, b"Not found", "text/plain")
                return
            with state.lock:
                state.checks += 1
                n = state.checks
            if state.delay > 0:
                time.sleep(state.delay)
            mode = state.mode
            if mode.startswith("fail:") and n <= int(mode.split(":", 1)[1]):
                self._send(503, b"Service Unavailable", "text/plain")
                return
            if mode == "stall":
                time.sleep(30)
                self._send(200, b'{"matches": []}')
                return
            if mode == "garbage":
                self._send(200, b"<html><body>Proxy error</body></html>", "text/html")
                return
            answer = state.answers.get(text)
            if answer is None and state.unrecorded == "empty":
                answer = EMPTY_ANSWER
            if answer is None:
                self._send(400, b"Error: no recorded answer for this text", "text/plain")
                return
            self._send(200, answer)

    return Handler


class ReplayProcess:
    """This server run as a process on a free port, for tests and benchmarks.

    `requests()` reads back what it was asked from its own log, so a caller
    can count what copyedit sent.
    """

    def __init__(self, workdir: Path, *args: str, name: str = "replay", timeout: float = 30):
        import subprocess

        self.log = Path(workdir) / f"{name}.log"
        port_file = Path(workdir) / f"{name}.port"
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--port", "0", "--port-file", str(port_file), "--log", str(self.log), *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while not port_file.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the replay server did not start")
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{port_file.read_text().strip()}"

    def requests(self, path: str = "/v2/check") -> list[dict]:
        try:
            lines = self.log.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        return [e for e in map(json.loads, filter(str.strip, lines)) if e.get("path") == path]

    def stop(self) -> None:
        import subprocess

        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(allow_abbrev=False)
    ap.add_argument("--port", type=int, default=None)
    ap.add_argument("--port-file")
    ap.add_argument("--log", default=os.environ.get("COPYEDIT_REPLAY_LOG"))
    ap.add_argument("--mode", default=os.environ.get("COPYEDIT_REPLAY_MODE", "ok"))
    ap.add_argument("--delay-ms", type=float, default=float(os.environ.get("COPYEDIT_REPLAY_DELAY_MS") or 0))
    ap.add_argument(
        "--unrecorded", choices=("error", "empty"), default=os.environ.get("COPYEDIT_REPLAY_UNRECORDED") or "error"
    )
    args, extra = ap.parse_known_args(argv)
    if "-version" in extra:  # `java -version`
        print('openjdk version "17.0.9" 2023-10-17', file=sys.stderr)
        return 0
    starts = os.environ.get("COPYEDIT_REPLAY_STARTS")
    if starts:
        with open(starts, "a", encoding="utf-8") as f:
            f.write(json.dumps({"pid": os.getpid(), "port": args.port, "argv": extra}) + "\n")
    state = State(args.mode, Path(args.log) if args.log else None, args.delay_ms / 1000.0, args.unrecorded)
    server = ThreadingHTTPServer(("127.0.0.1", args.port or 0), make_handler(state))
    server.daemon_threads = True
    if args.port_file:
        tmp = Path(args.port_file + ".tmp")
        tmp.write_text(str(server.server_address[1]))
        tmp.replace(args.port_file)
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
