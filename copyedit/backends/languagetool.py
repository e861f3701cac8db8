"""LanguageTool, the second grammar checker: a server, reached over its HTTP API.

Where the server comes from, in order:

1. a URL: `--lt-url`, `COPYEDIT_LT_URL` or `[languagetool] url` (a remote
   server, a Docker container, the public API);
2. a server left running by `copyedit server start` (its state file lives in
   the cache directory);
3. a local LanguageTool started for this run only: Java 17+ and the jar from
   `LTP_JAR_DIR_PATH`, or the copy language-tool-python downloaded (it
   downloads one on first use where the internet is reachable). The JVM is
   started lazily, when the first paragraph is not in the cache, once per
   run: worker processes of `--jobs` share it through a run file.

Talking to the server. language-tool-python's `LanguageTool.check()` sends
plain `text`, parses offsets only for it, retries once with a five-minute
timeout and restarts local servers behind the caller's back. copyedit needs
more control: it sends Markdown's inline markup as LanguageTool's `data`
annotation (so sentences stay whole and offsets point into the original
text), bounds every request with a short timeout, retries 5xx answers and
timeouts a few times with backoff, then fails with one clear line, and checks
several paragraphs at once over pooled keep-alive connections. So requests go
out through `requests` directly (a dependency of language-tool-python), one
session per thread; language-tool-python is used for what it does well: its
knowledge of Java versions and downloading and locating LanguageTool.

Offsets. LanguageTool is written in Java and counts UTF-16 code units; Python
counts code points. Every character outside the Basic Multilingual Plane
(emoji, mathematical letters) before a match shifts it by one, so offsets are
converted through the exact text that was sent.

Trust. A LanguageTool fix is safe only with exactly one replacement, from an
issue type that is a mechanical slip (grammar, duplication, whitespace, or a
misspelt form like a/an outside the dictionary category) and a category that
is a mechanical one (grammar, miscellaneous, punctuation, whitespace). Never
safe: dictionary spelling (TYPOS: a newsroom's names are not in any
dictionary), compounding and casing, confused words, style and register,
quotes and dashes, locale (US/UK variants are a house decision), and anything
uncategorised, including the premium AI rules.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import uuid
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

try:
    import requests
except ImportError as e:  # pragma: no cover - depends on the install
    raise ImportError(
        "the LanguageTool backend needs the 'requests' package: pip install 'copyedit[languagetool]'"
    ) from e

from copyedit.backends import BackendError, own_rules
from copyedit.model import SOURCE_LANGUAGETOOL, Applicability, Severity

BACKEND = "languagetool"

#: copyedit dialect -> LanguageTool language code.
LANGUAGES = {"us": "en-US", "gb": "en-GB", "uk": "en-GB", "ca": "en-CA", "au": "en-AU"}

JAR_NAMES = ("languagetool-server.jar", "languagetool.jar")
SERVER_CLASS = "org.languagetool.server.HTTPServer"
MIN_JAVA = 17

# LanguageTool category id -> copyedit category.
_CATEGORY = {
    "TYPOS": "spelling",
    "COMPOUNDING": "spelling",
    "CASING": "capitalization",
    "PUNCTUATION": "punctuation",
    "TYPOGRAPHY": "typography",
    "GRAMMAR": "grammar",
    "CONFUSED_WORDS": "usage",
    "COLLOCATIONS": "usage",
    "SEMANTICS": "usage",
    "NONSTANDARD_PHRASES": "usage",
    "FALSE_FRIENDS": "usage",
    "REGIONALISMS": "usage",
    "STYLE": "style",
    "REDUNDANCY": "style",
    "PLAIN_ENGLISH": "style",
    "COLLOQUIALISMS": "style",
    "CREATIVE_WRITING": "style",
    "WIKIPEDIA": "style",
    "GENDER_NEUTRALITY": "style",
}
# LanguageTool issue type (ITS 2.0 localization quality issue types) -> copyedit
# category, for categories such as MISC that say nothing by themselves.
_ISSUE_CATEGORY = {
    "misspelling": "spelling",
    "grammar": "grammar",
    "duplication": "grammar",
    "whitespace": "punctuation",
    "typographical": "typography",
    "characters": "typography",
    "formatting": "typography",
    "style": "style",
    "register": "style",
    "inconsistency": "style",
    "locale-violation": "usage",
    "terminology": "usage",
    "numbers": "usage",
}

#: Issue types whose single fix is a mechanical correction.
SAFE_ISSUE_TYPES = frozenset({"grammar", "duplication", "whitespace", "misspelling"})
#: Categories in which such a fix may be applied without a person reading it.
#: Left out on purpose: TYPOS (names are not in any dictionary), COMPOUNDING
#: ("re-evaluation" is right), CASING (names again), CONFUSED_WORDS and
#: COLLOCATIONS (a word swap needs reading), and every matter of style.
#: TYPOGRAPHY is here for its whitespace rules; its quote and dash rules
#: have the issue type "typographical", which is not safe.
SAFE_CATEGORIES = frozenset({"GRAMMAR", "MISC", "PUNCTUATION", "TYPOGRAPHY"})

_SUGGESTION_TAG = re.compile(r"</?suggestion>")


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, ""))
    except ValueError:
        return default


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, ""))
    except ValueError:
        return default


# ------------------------------------------------------------------ mapping
def language_for(settings) -> str | None:
    """The language code to send, or None when each document's dialect decides."""
    if getattr(settings, "lt_language", None):
        return settings.lt_language
    dialect = getattr(settings, "dialect", "us")
    if dialect == "auto":
        return None
    return LANGUAGES.get(dialect, "en-US")


def severity_of(app: Applicability, category: str) -> Severity:
    """A mechanical fix is an error; other grammar a warning; spelling of
    unknown words (names, mostly) and every matter of style is advice."""
    if app is Applicability.SAFE:
        return Severity.ERROR
    return Severity.WARNING if category == "grammar" else Severity.INFO


def copyedit_category(category_id: str, issue_type: str) -> str:
    if category_id in _CATEGORY:
        return _CATEGORY[category_id]
    if issue_type == "misspelling":
        # Outside the dictionary category, LanguageTool files wrong word
        # forms under "misspelling" (a/an, it's/its): grammar to an editor.
        return "grammar"
    return _ISSUE_CATEGORY.get(issue_type, "grammar")


def is_safe(rule_id: str, category_id: str, issue_type: str, replacements) -> bool:
    return (
        len(replacements) == 1
        and issue_type in SAFE_ISSUE_TYPES
        and category_id in SAFE_CATEGORIES
        and not rule_id.startswith("AI_")
    )


class Utf16Index:
    """Converts LanguageTool's UTF-16 offsets in `text` to code-point offsets."""

    def __init__(self, text: str):
        self.text = text
        self.owner: list[int] | None = None
        if any(ord(c) > 0xFFFF for c in text):
            owner = []
            for i, c in enumerate(text):
                owner.append(i)
                if ord(c) > 0xFFFF:
                    owner.append(i)
            self.owner = owner
        self.units = len(self.owner) if self.owner is not None else len(text)

    def span(self, offset: int, length: int) -> tuple[int, int] | None:
        """Code-point span of a UTF-16 span; None when it lies outside the text.

        A boundary inside a surrogate pair widens the span to the whole
        character rather than cutting it in half.
        """
        end = offset + length
        if offset < 0 or length < 0 or end > self.units:
            return None
        if self.owner is None:
            return offset, end
        owner = self.owner
        start = owner[offset] if offset < self.units else len(self.text)
        if end >= self.units:
            stop = len(self.text)
        elif end > 0 and owner[end] == owner[end - 1]:
            stop = owner[end] + 1
        else:
            stop = owner[end]
        return start, max(start, stop)


def utf16_to_codepoints(text: str, offset: int, length: int) -> tuple[int, int] | None:
    return Utf16Index(text).span(offset, length)


@dataclass(frozen=True)
class _Part:
    """One annotation item: where it sits in the sent original and in the view."""

    a0: int
    a1: int
    v0: int
    v1: int
    is_text: bool


class Annotation:
    """One paragraph as LanguageTool reads it: text, plus markup it must skip.

    Prose and line breaks are text; Markdown markers, link destinations and
    inline HTML are markup; code spans and entities are markup that reads as
    their content (`interpretAs`), so a sentence around them stays a sentence.
    LanguageTool's offsets then count the original (text and markup), and
    `to_view` maps them back to the paragraph's prose view.
    """

    def __init__(self, doc, seg):
        from copyedit.document import MARKUP, PROTECTED

        #: The language code sent with this paragraph (the checker sets it per document).
        self.language = "en-US"
        view = doc.view
        items: list[dict] = []
        parts: list[_Part] = []
        apos = 0
        vpos = seg.vstart

        def add_text(s: str, v0: int, v1: int) -> None:
            nonlocal apos
            if not s:
                return
            if items and "text" in items[-1] and parts and parts[-1].is_text and parts[-1].v1 == v0:
                items[-1]["text"] += s
                last = parts.pop()
                parts.append(_Part(last.a0, apos + len(s), last.v0, v1, True))
            else:
                items.append({"text": s})
                parts.append(_Part(apos, apos + len(s), v0, v1, True))
            apos += len(s)

        def add_markup(markup: str, v0: int, v1: int, interpret: str) -> None:
            nonlocal apos
            if not markup and not interpret:
                return
            item = {"markup": markup}
            if interpret:
                item["interpretAs"] = interpret
            items.append(item)
            parts.append(_Part(apos, apos + len(markup), v0, v1, False))
            apos += len(markup)

        import bisect

        starts = [p.vstart for p in doc.pieces]
        i = bisect.bisect_left(starts, seg.vstart)
        while i < len(doc.pieces):
            p = doc.pieces[i]
            if p.vend > seg.vend:
                break
            i += 1
            if p.vstart > vpos:  # view text no piece accounts for: send it as is
                add_text(view[vpos : p.vstart], vpos - seg.vstart, p.vstart - seg.vstart)
                vpos = p.vstart
            v0, v1 = p.vstart - seg.vstart, p.vend - seg.vstart
            if p.kind == MARKUP:
                add_markup(doc.text[p.fstart : p.fend], v0, v1, "")
            elif p.kind == PROTECTED:
                add_markup(doc.text[p.fstart : p.fend], v0, v1, view[p.vstart : p.vend])
            else:
                add_text(view[p.vstart : p.vend], v0, v1)
            vpos = max(vpos, p.vend)
        if vpos < seg.vend:
            add_text(view[vpos : seg.vend], vpos - seg.vstart, seg.vend - seg.vstart)
        self.items = items
        self.parts = parts
        self.original = "".join(it.get("text", it.get("markup", "")) for it in items)
        self.plain = all("text" in it for it in items)

    def payload(self) -> dict:
        """The request field: `text` when there is no markup, else `data`."""
        if self.plain:
            return {"text": self.original}
        return {"data": json.dumps({"annotation": self.items}, ensure_ascii=False)}

    def cache_text(self):
        return self.original if self.plain else self.items

    def to_view(self, start: int, end: int) -> tuple[int, int] | None:
        """Paragraph-view span of a span of the original, in code points."""
        vs = ve = None
        for p in self.parts:
            if vs is None and p.a0 <= start < p.a1:
                vs = p.v0 + (start - p.a0) if p.is_text else p.v0
            if p.a0 < end <= p.a1:
                ve = p.v0 + (end - p.a0) if p.is_text else p.v1
        if start == end:
            for p in self.parts:
                if p.a0 <= start <= p.a1:
                    v = p.v0 + (start - p.a0) if p.is_text else p.v0
                    return v, v
            return None
        if vs is None and start == len(self.original) and self.parts:
            vs = self.parts[-1].v1
        if vs is None or ve is None:
            return None
        return vs, max(vs, ve)


def parse_matches(data, annotation: Annotation) -> list[dict]:
    """LanguageTool's matches as raw, cacheable records relative to the paragraph view."""
    if not isinstance(data, dict) or not isinstance(data.get("matches"), list):
        raise BackendError("LanguageTool answered without a list of matches")
    index = Utf16Index(annotation.original)
    out = []
    for m in data["matches"]:
        try:
            offset = int(m["offset"])
            length = int(m["length"])
            rule = m["rule"]
            rule_id = str(rule["id"])
        except (KeyError, TypeError, ValueError):
            raise BackendError("LanguageTool answered with a malformed match") from None
        span = index.span(offset, length)
        if span is None:
            continue  # not in the text that was sent; nothing safe to say
        vspan = annotation.to_view(*span)
        if vspan is None:
            continue
        category = rule.get("category") or {}
        reps = []
        for r in m.get("replacements") or ():
            if isinstance(r, dict) and isinstance(r.get("value"), str):
                reps.append(r["value"])
        message = _SUGGESTION_TAG.sub("", str(m.get("message") or m.get("shortMessage") or rule.get("description") or ""))
        out.append(
            {
                "rule": rule_id,
                "start": vspan[0],
                "end": vspan[1],
                "replacements": reps,
                "category": str(category.get("id") or "") if isinstance(category, dict) else "",
                "issue": str(rule.get("issueType") or ""),
                "message": " ".join(message.split()),
            }
        )
    return out


# ------------------------------------------------------------------ servers
def normalise_url(url: str) -> str:
    """Base URL of a server, from any of the forms people write it in."""
    u = url.strip().rstrip("/")
    for suffix in ("/v2/check", "/v2"):
        if u.endswith(suffix):
            u = u[: -len(suffix)]
    if "://" not in u:
        u = "http://" + u
    return u


def probe(url: str, timeout: float = 2.0) -> bool:
    """Whether a LanguageTool server answers at url (GET /v2/languages)."""
    try:
        r = requests.get(normalise_url(url) + "/v2/languages", timeout=(min(timeout, 1.0), timeout))
        return r.status_code == 200 and isinstance(r.json(), list)
    except (requests.RequestException, ValueError):
        return False


def java_major(java: str) -> int | None:
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not m:
        m = re.search(r"(?:openjdk|java) (\d+)(?:\.(\d+))?", out.stderr + out.stdout)
        if not m:
            return None
    major = int(m.group(1))
    if major == 1 and m.group(2):
        major = int(m.group(2))
    return major


def require_java() -> str:
    java = shutil.which("java")
    if not java:
        raise BackendError(
            "Java not found: a local LanguageTool needs Java 17+ "
            "(or use a server: --lt-url URL, COPYEDIT_LT_URL, or `copyedit server start`)"
        )
    major = java_major(java)
    if major is not None and major < MIN_JAVA:
        raise BackendError(f"Java {major} found at {java}: LanguageTool needs Java {MIN_JAVA}+")
    return java


def _version_key(name: str) -> tuple:
    return tuple(int(x) for x in re.findall(r"\d+", name)) or (0,)


def find_jar(jar_dir: str | os.PathLike | None = None) -> Path | None:
    """An installed LanguageTool server jar, without downloading anything."""
    d = jar_dir or os.environ.get("LTP_JAR_DIR_PATH")
    if d:
        for name in JAR_NAMES:
            p = Path(d) / name
            if p.is_file():
                return p
        return None
    root = Path(os.environ.get("LTP_PATH") or Path.home() / ".cache" / "language_tool_python")
    if not root.is_dir():
        return None
    dirs = sorted((p for p in root.glob("LanguageTool*") if p.is_dir()), key=lambda p: _version_key(p.name), reverse=True)
    for d in dirs:
        for name in JAR_NAMES:
            p = d / name
            if p.is_file():
                return p
    return None


def download_jar() -> Path:
    """LanguageTool downloaded by language-tool-python (needs the internet once)."""
    try:
        from language_tool_python.download_lt import LTP_DOWNLOAD_VERSION, LocalLanguageTool
    except ImportError as e:
        raise BackendError(
            f"no LanguageTool installed and language-tool-python is missing ({e}); "
            "set LTP_JAR_DIR_PATH or use --lt-url"
        ) from None
    try:
        local = LocalLanguageTool.from_version_name(LTP_DOWNLOAD_VERSION)
        local.download()
        return Path(local.get_jar_path())
    except Exception as e:  # network, Java, disk: all end the same way for the user
        reason = " ".join(str(e).split())[:200] or type(e).__name__
        raise BackendError(
            f"cannot download LanguageTool ({reason}); install it and set LTP_JAR_DIR_PATH, or use --lt-url"
        ) from None


def jar_version(jar: Path) -> str:
    """A version for the cache key: the release in the folder name, else the file's identity."""
    m = re.search(r"LanguageTool-([\w.\-]+)", str(jar.parent.name))
    try:
        st = jar.stat()
        ident = f"{st.st_size}-{int(st.st_mtime)}"
    except OSError:
        ident = "?"
    return f"{m.group(1) if m else 'jar'}+{ident}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(jar: Path, port: int | None = None, log_path: Path | None = None, timeout: float | None = None):
    """Start LanguageTool's HTTP server detached; (process, url) once it answers.

    Detached (its own session) so that whoever owns it can stop it by pid,
    even when the process that started it (a `--jobs` worker) has gone.
    """
    java = require_java()
    port = port or free_port()
    timeout = timeout if timeout is not None else _env_float("COPYEDIT_LT_START_TIMEOUT", 120.0)
    cmd = [java, "-cp", str(jar), SERVER_CLASS, "--port", str(port)]
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL
    try:
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    except OSError as e:
        raise BackendError(f"cannot start LanguageTool ({e})") from None
    finally:
        if log_path:
            log.close()
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        code = proc.poll()
        if code is not None:
            where = f"; see {log_path}" if log_path else ""
            raise BackendError(f"LanguageTool server exited during start (status {code}){where}")
        if probe(url, timeout=1.0):
            return proc, url
        time.sleep(0.2)
    stop_pid(proc.pid)
    raise BackendError(f"LanguageTool server did not answer on port {port} within {timeout:g}s")


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    try:  # a zombie is not alive
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            if f.read().rsplit(")", 1)[-1].split()[0] == "Z":
                return False
    except OSError:
        pass
    return True


def process_started(pid: int) -> float | None:
    try:
        import psutil

        return psutil.Process(pid).create_time()
    except Exception:
        return None


def stop_pid(pid: int, grace: float = 5.0) -> None:
    """Stop a server we started (its own process group), politely then firmly."""
    sig_group = getattr(os, "killpg", None)

    def send(sig):
        try:
            if sig_group is not None:
                try:
                    os.killpg(pid, sig)
                    return
                except (ProcessLookupError, PermissionError, OSError):
                    pass
            os.kill(pid, sig)
        except (ProcessLookupError, PermissionError, OSError):
            pass

    send(signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done == pid:
                return
        except ChildProcessError:
            pass
        except OSError:
            pass
        if not pid_alive(pid):
            return
        time.sleep(0.1)
    send(getattr(signal, "SIGKILL", signal.SIGTERM))


# ---------------------------------------------------- persistent server state
def state_path() -> Path:
    from copyedit.cache import cache_dir

    return cache_dir() / "server.json"


def read_state() -> dict | None:
    try:
        data = json.loads(state_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def running_server() -> dict | None:
    """The state of a `copyedit server` that is up and answering, else None."""
    state = read_state()
    if not state:
        return None
    try:
        pid = int(state["pid"])
        url = str(state["url"])
    except (KeyError, TypeError, ValueError):
        return None
    if not pid_alive(pid):
        return None
    started = state.get("started_at")
    now_started = process_started(pid)
    if started and now_started and abs(float(started) - now_started) > 2:
        return None  # the pid was reused by another process
    if not probe(url, timeout=2.0):
        return None
    return state


# --------------------------------------------------------------- endpoints
class _Endpoint:
    """A server that is already there: a URL."""

    def __init__(self, url: str, ident: str | None = None, describe: str | None = None):
        self.base = normalise_url(url)
        self.ident = ident or self.base
        self.describe = describe or self.base

    def url(self) -> str:
        return self.base

    def known_version(self) -> str | None:
        return None


class _RunServer:
    """A LanguageTool started for this copyedit run, lazily and only once.

    The first process that needs it starts it and records it in a run file
    (under a lock); `--jobs` workers inherit the run token through the
    environment and reuse it. The process that created the token stops the
    server when it exits.
    """

    ENV = "COPYEDIT_LT_RUN"

    def __init__(self, jar: Path | None):
        self.jar = jar
        self._lock = threading.Lock()
        self._url: str | None = None
        token = self.inherited()
        if not token:
            token = f"{os.getpid()}-{uuid.uuid4().hex}"
            os.environ[self.ENV] = token
            atexit.register(self._shutdown, token)
        self.token = token
        self.ident = f"jar:{jar}" if jar else "jar:download"
        self.describe = "the local LanguageTool"

    @classmethod
    def inherited(cls) -> str | None:
        """The run token of this process or of the parent that owns the server.

        Only a direct child (a `--jobs` worker) shares its parent's server; any
        other process that happens to inherit the variable starts its own run.
        """
        token = os.environ.get(cls.ENV) or ""
        owner = token.split("-", 1)[0]
        if owner.isdigit() and int(owner) in (os.getpid(), os.getppid()):
            return token
        return None

    def known_version(self) -> str | None:
        return jar_version(self.jar) if self.jar else None

    def _files(self, token: str) -> tuple[Path, Path]:
        from copyedit.cache import cache_dir

        d = cache_dir()
        return d / f"lt-run-{token}.json", d / f"lt-run-{token}.lock"

    def url(self) -> str:
        with self._lock:
            if self._url is None:
                self._url = self._obtain()
            return self._url

    def _obtain(self) -> str:
        run_file, lock_file = self._files(self.token)
        run_file.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_file, "a+") as lf:
            try:
                import fcntl

                fcntl.flock(lf, fcntl.LOCK_EX)
            except ImportError:  # pragma: no cover - not POSIX
                pass
            try:
                data = json.loads(run_file.read_text(encoding="utf-8"))
                if pid_alive(int(data["pid"])) and probe(data["url"], timeout=2.0):
                    return data["url"]
            except (OSError, ValueError, KeyError, TypeError):
                pass
            jar = self.jar or download_jar()
            from copyedit.cache import cache_dir

            proc, url = start_server(jar, log_path=cache_dir() / "languagetool-run.log")
            tmp = run_file.with_suffix(".tmp")
            tmp.write_text(json.dumps({"pid": proc.pid, "url": url, "jar": str(jar)}), encoding="utf-8")
            tmp.replace(run_file)
            return url

    @classmethod
    def _shutdown(cls, token: str) -> None:
        from copyedit.cache import cache_dir

        run_file = cache_dir() / f"lt-run-{token}.json"
        lock_file = cache_dir() / f"lt-run-{token}.lock"
        try:
            data = json.loads(run_file.read_text(encoding="utf-8"))
            stop_pid(int(data["pid"]))
        except (OSError, ValueError, KeyError, TypeError):
            pass
        for f in (run_file, lock_file):
            try:
                f.unlink()
            except OSError:
                pass
        if os.environ.get(cls.ENV) == token:
            del os.environ[cls.ENV]


# ------------------------------------------------------------------ checker
class LanguageToolChecker:
    name = BACKEND
    source = SOURCE_LANGUAGETOOL

    def __init__(
        self,
        server,
        language: str | None = "en-US",
        options: dict | None = None,
        use_cache: bool = True,
        workers: int | None = None,
        timeout: float | None = None,
        retries: int | None = None,
        backoff: float = 0.25,
    ):
        self.server = server
        #: None: each document's own dialect decides (dialect = "auto").
        self.language = language
        self.options = dict(options or {})
        self.workers = max(1, workers if workers is not None else _env_int("COPYEDIT_LT_WORKERS", 4))
        self.timeout = timeout if timeout is not None else _env_float("COPYEDIT_LT_TIMEOUT", 60.0)
        self.retries = max(0, retries if retries is not None else _env_int("COPYEDIT_LT_RETRIES", 2))
        self.backoff = backoff
        self._cache = None
        if use_cache:
            from copyedit.cache import ResultCache

            self._cache = ResultCache()
        self._memo: dict[str, list] = {}
        self._local = threading.local()
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._version: str | None = None
        #: Requests sent by this checker, for tests and benchmarks.
        self.requests_sent = 0

    # ---------------------------------------------------------- construction
    @staticmethod
    def _options(settings) -> dict:
        enabled = sorted({*settings.lt_enabled_rules, *own_rules(BACKEND, settings.enable)})
        disabled = sorted({*settings.lt_disabled_rules, *own_rules(BACKEND, settings.disable)})
        return {
            "enabledRules": enabled,
            "disabledRules": disabled,
            "enabledCategories": sorted(set(settings.lt_enabled_categories)),
            "disabledCategories": sorted(set(settings.lt_disabled_categories)),
            "level": "picky" if settings.lt_picky else "default",
        }

    @classmethod
    def _make(cls, server, settings) -> "LanguageToolChecker":
        return cls(server, language_for(settings), cls._options(settings), use_cache=bool(getattr(settings, "cache", True)))

    @staticmethod
    def _configured_url(settings) -> str | None:
        return getattr(settings, "lt_url", None) or os.environ.get("COPYEDIT_LT_URL") or None

    @classmethod
    def from_settings(cls, settings) -> "LanguageToolChecker":
        """The checker for `--backend languagetool`; errors say what to do."""
        url = cls._configured_url(settings)
        if url:
            return cls._make(_Endpoint(url), settings)
        state = running_server()
        if state:
            return cls._make(_Endpoint(state["url"], ident=f"jar:{state.get('jar')}", describe=f"copyedit server at {state['url']}"), settings)
        if _RunServer.inherited():  # a --jobs worker: the run's server is shared
            return cls._make(_RunServer(find_jar()), settings)
        jar_dir = os.environ.get("LTP_JAR_DIR_PATH")
        jar = find_jar()
        if jar_dir and jar is None:
            raise BackendError(f"LTP_JAR_DIR_PATH={jar_dir} holds no {' or '.join(JAR_NAMES)}")
        require_java()
        return cls._make(_RunServer(jar), settings)

    @classmethod
    def if_reachable(cls, settings) -> "LanguageToolChecker | None":
        """The checker when some LanguageTool can be used now, else None (for `auto`)."""
        url = cls._configured_url(settings)
        if url:
            return cls._make(_Endpoint(url), settings) if probe(url) else None
        state = running_server()
        if state:
            return cls._make(_Endpoint(state["url"], ident=f"jar:{state.get('jar')}", describe=f"copyedit server at {state['url']}"), settings)
        jar = find_jar()
        if jar is None:
            return None
        try:
            require_java()
        except BackendError:
            return None
        return cls._make(_RunServer(jar), settings)

    # --------------------------------------------------------------- version
    def _version_name(self) -> str:
        return f"lt-version:{self.server.ident}"

    def version(self) -> str:
        if self._version is None:
            v = self.server.known_version()
            if v is None and self._cache is not None:
                v = self._cache.get_meta(self._version_name())
            self._version = v or "unknown"
        return self._version

    def _saw_version(self, data) -> str:
        software = data.get("software") if isinstance(data, dict) else None
        v = software.get("version") if isinstance(software, dict) else None
        if not isinstance(v, str) or not v:
            return self.version()
        if self.server.known_version() is not None:
            return self.version()
        with self._lock:
            if v != self._version:
                self._version = v
                if self._cache is not None:
                    self._cache.set_meta(self._version_name(), v)
        return v

    # ----------------------------------------------------------------- check
    def _key(self, annotation: Annotation, version: str) -> str:
        from copyedit.cache import make_key

        return make_key(BACKEND, version, annotation.language, self.options, annotation.cache_text())

    def check(self, doc) -> list:
        language = self.language or LANGUAGES.get(doc.dialect, "en-US")
        jobs: list[tuple] = []
        for seg in doc.segments:
            text = doc.view[seg.vstart : seg.vend]
            if not text.strip():
                continue
            ann = Annotation(doc, seg)
            ann.language = language
            if not any(it.get("text", "").strip(" \n\t") and any(c.isalpha() for c in it["text"]) for it in ann.items if "text" in it):
                continue  # nothing but code or links: no prose to check
            jobs.append((seg, ann))
        if not jobs:
            return []
        raws = self._results([a for _, a in jobs])
        out = []
        for (seg, _), found in zip(jobs, raws):
            for raw in found:
                s = self._suggestion(doc, seg.vstart, raw)
                if s is not None:
                    out.append(s)
        return out

    def _results(self, annotations: list[Annotation]) -> list[list]:
        """Raw matches per paragraph: from this run's memo, the cache, or the server.

        The memo is keyed without the server version (one run talks to one
        server); the persistent cache with it, so an upgraded server's
        answers replace the old ones as soon as it is seen.
        """
        memo_keys = [self._key(a, "") for a in annotations]
        results: list[list | None] = [self._memo.get(k) for k in memo_keys]
        if self._cache is not None and any(r is None for r in results):
            version = self.version()
            keys = {mk: self._key(a, version) for mk, a, r in zip(memo_keys, annotations, results) if r is None}
            hits = self._cache.get_many(list(keys.values()))
            for mk, ck in keys.items():
                if ck in hits:
                    self._memo[mk] = hits[ck]
            results = [r if r is not None else self._memo.get(mk) for mk, r in zip(memo_keys, results)]
        todo: dict[str, Annotation] = {}
        for mk, a, r in zip(memo_keys, annotations, results):
            if r is None:
                todo.setdefault(mk, a)
        if todo:
            fetched = self._fetch_all(todo)
            store = {}
            for mk, (raw, seen_version) in fetched.items():
                self._memo[mk] = raw
                store[self._key(todo[mk], seen_version)] = raw
            if self._cache is not None:
                self._cache.put_many(store)
            results = [r if r is not None else self._memo[mk] for mk, r in zip(memo_keys, results)]
        if len(self._memo) > 50_000:
            self._memo.clear()
        return [r or [] for r in results]

    def _fetch_all(self, todo: dict[str, Annotation]) -> dict[str, tuple[list, str]]:
        items = list(todo.items())
        if len(items) == 1 or self.workers == 1:
            return {k: self._fetch(a) for k, a in items}
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="copyedit-lt")
        futures = {self._pool.submit(self._fetch, a): k for k, a in items}
        done, pending = wait(futures, return_when=FIRST_EXCEPTION)
        for f in done:
            if f.exception() is not None:
                for p in pending:
                    p.cancel()
                raise f.exception()
        return {futures[f]: f.result() for f in futures}

    def _session(self):
        s = getattr(self._local, "session", None)
        if s is None:
            s = requests.Session()
            s.headers["User-Agent"] = "copyedit"
            self._local.session = s
        return s

    def _params(self, annotation: Annotation) -> dict:
        params = {"language": annotation.language, **annotation.payload()}
        for name in ("enabledRules", "disabledRules", "enabledCategories", "disabledCategories"):
            if self.options.get(name):
                params[name] = ",".join(self.options[name])
        if self.options.get("level") == "picky":
            params["level"] = "picky"
        return params

    def _fetch(self, annotation: Annotation) -> tuple[list, str]:
        data = self._post(self._params(annotation))
        return parse_matches(data, annotation), self._saw_version(data)

    def _post(self, params: dict):
        base = self.server.url()
        url = base + "/v2/check"
        where = f"LanguageTool at {base}"
        problem = "no answer"
        attempts = self.retries + 1
        for attempt in range(attempts):
            if attempt:
                time.sleep(self.backoff * (2 ** (attempt - 1)))
            with self._lock:
                self.requests_sent += 1
            try:
                r = self._session().post(url, data=params, timeout=(min(5.0, self.timeout), self.timeout))
            except requests.Timeout:
                problem = f"timed out after {self.timeout:g}s"
                continue
            except requests.ConnectionError as e:
                problem = "refused the connection" if "refused" in str(e).lower() else "unreachable"
                continue
            except requests.RequestException as e:
                problem = _one_line(str(e)) or type(e).__name__
                continue
            if r.status_code >= 500 or r.status_code in (408, 426, 429):
                problem = f"answered HTTP {r.status_code}"
                continue
            if r.status_code != 200:
                detail = _one_line(r.text)
                raise BackendError(f"{where} answered HTTP {r.status_code}" + (f": {detail}" if detail else ""))
            try:
                return r.json()
            except ValueError:
                raise BackendError(f"{where} answered something that is not JSON (is that a LanguageTool server?)") from None
        tries = f" (after {attempts} tries)" if attempts > 1 else ""
        raise BackendError(f"{where} {problem}{tries}")

    # ------------------------------------------------------------ mapping
    def _suggestion(self, doc, offset: int, raw: dict):
        rule_id = raw.get("rule", "")
        reps = list(raw.get("replacements") or ())
        cat_id = raw.get("category", "")
        issue = raw.get("issue", "")
        category = copyedit_category(cat_id, issue)
        app = Applicability.SAFE if is_safe(rule_id, cat_id, issue, reps) else Applicability.UNSAFE
        severity = severity_of(app, category)
        return doc.suggest(
            offset + int(raw["start"]),
            offset + int(raw["end"]),
            reps,
            rule=f"{BACKEND}:{rule_id}",
            source=SOURCE_LANGUAGETOOL,
            message=raw.get("message", ""),
            category=category,
            severity=severity,
            applicability=app,
        )

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        if self._cache is not None:
            self._cache.close()


def _one_line(s: str, limit: int = 200) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= limit else s[: limit - 1] + "…"
