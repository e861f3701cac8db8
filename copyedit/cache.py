"""A per-paragraph result cache, so unchanged paragraphs are never checked twice.

LanguageTool costs tens of milliseconds a paragraph on a warm server and a JVM
start on a cold one; Harper is most of a check's CPU, and loading its
dictionary alone is half a cold run. A pre-commit hook, CI over a repository,
`fix` and an editor re-check mostly unchanged text and must not pay that for
paragraphs nobody touched. Every backend's raw answers are stored per
paragraph (or piece of a giant one) in an SQLite file in the user cache
directory (platformdirs; `COPYEDIT_CACHE_DIR` overrides it), keyed by a hash
of everything that decides the answer: backend, backend version, copyedit's
version and the source of the backend's module (an edited checkout must not
serve answers shaped by old code), language or dialect, options and the text
itself. What a backend's findings then depend on in the rest of the document
(how often a word is used, the names it holds, the accepted vocabulary) is
not in the key: the cached answers are raw, and the backend judges them
against the document on every run.

SQLite in WAL mode with a busy timeout lets several copyedit processes (`-j`,
an editor and a hook at once) read and write the same file. The cache is an
optimisation, never a source of errors: a corrupt file is moved aside and
recreated, and a database that stays locked or read-only behaves as a miss.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sqlite3
import threading
import time
from functools import cache
from pathlib import Path

#: Bumped when the stored value format changes, so old entries simply miss.
FORMAT = 1
DB_NAME = "results.sqlite3"


def cache_dir() -> Path:
    """Where copyedit keeps its cache (and the state of `copyedit server`)."""
    env = os.environ.get("COPYEDIT_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("copyedit", appauthor=False))


def make_key(backend: str, version: str, language: str, options, text, server: str = "") -> str:
    """The cache key: a hash of everything that decides a backend's answer,
    the server that gave it included."""
    payload = json.dumps(
        [FORMAT, backend, version, language, options, text, server],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    # copyedit's own version too, in every key: it parses and shapes what is stored.
    return hashlib.sha256(f"{copyedit_version()}\n{payload}".encode()).hexdigest()


@cache
def copyedit_version() -> str:
    """copyedit's installed version (read here, not from the package, which imports everything)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("copyedit")
    except PackageNotFoundError:
        return "0+unknown"


@cache
def code_version(module: str) -> str:
    """A hash of a module's source: the code that shapes a backend's cached answers.

    Released versions change with copyedit's version; a checkout being edited
    (or another branch merged into it) does not, and a stale answer there
    would look like a bug in the new code.
    """
    try:
        spec = importlib.util.find_spec(module)
        origin = spec.origin if spec is not None else None
        if not origin:
            return ""
        with open(origin, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()[:16]
    except (ImportError, OSError, ValueError):
        return ""


class ResultCache:
    """Paragraph results by key; safe to share between threads and processes."""

    def __init__(self, path: str | os.PathLike | None = None, timeout: float = 10.0):
        self.path = Path(path) if path is not None else cache_dir() / DB_NAME
        self.timeout = timeout
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._broken = False

    # ------------------------------------------------------------ connection
    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(self.path), timeout=self.timeout, isolation_level=None, check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT NOT NULL, created REAL NOT NULL)"
            )
            conn.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS facts (space TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (space, name))"
            )
            conn.execute("CREATE TABLE IF NOT EXISTS files (key TEXT PRIMARY KEY, value TEXT NOT NULL, created REAL NOT NULL)")
        except BaseException:
            conn.close()
            raise
        return conn

    def _recreate(self) -> None:
        """Move a corrupt database aside and start afresh."""
        self._drop_connection()
        stamp = f"{os.getpid()}-{time.time_ns()}"
        for suffix in ("", "-wal", "-shm"):
            p = Path(str(self.path) + suffix)
            try:
                if suffix:
                    p.unlink()
                else:
                    p.replace(p.with_name(f"{p.name}.corrupt-{stamp}"))
            except FileNotFoundError:
                pass
            except OSError:
                pass
        # Keep only the newest corrupt copy, for a bug report; older ones go.
        for old in sorted(self.path.parent.glob(f"{self.path.name}.corrupt-*"))[:-1]:
            try:
                old.unlink()
            except OSError:
                pass

    def _run(self, fn, default):
        """Run fn(conn); recreate a corrupt file once; any other failure is a miss."""
        if self._broken:
            return default
        with self._lock:
            for attempt in (0, 1):
                try:
                    if self._conn is None:
                        self._conn = self._connect()
                    return fn(self._conn)
                except sqlite3.OperationalError as e:
                    msg = str(e).lower()
                    if "locked" in msg or "busy" in msg:
                        return default
                    if attempt == 0 and ("malformed" in msg or "not a database" in msg or "disk i/o" in msg):
                        self._recreate()
                        continue
                    if attempt == 0 and self._conn is None:
                        # Could not even open: a read-only or missing directory.
                        self._broken = True
                    return default
                except sqlite3.DatabaseError:
                    if attempt == 0:
                        self._recreate()
                        continue
                    self._broken = True
                    return default
                except OSError:
                    self._broken = True
                    return default
            return default

    # --------------------------------------------------------------- results
    def get_many(self, keys: list[str]) -> dict[str, object]:
        if not keys:
            return {}

        def fn(conn):
            out = {}
            uniq = list(dict.fromkeys(keys))
            for i in range(0, len(uniq), 500):
                chunk = uniq[i : i + 500]
                marks = ",".join("?" * len(chunk))
                out.update(_decoded(conn.execute(f"SELECT key, value FROM results WHERE key IN ({marks})", chunk)))
            return out

        return self._run(fn, {})

    def get(self, key: str):
        return self.get_many([key]).get(key)

    def put_many(self, items: dict[str, object]) -> None:
        if not items:
            return
        now = time.time()
        rows = [(k, json.dumps(v, ensure_ascii=False, separators=(",", ":")), now) for k, v in items.items()]
        self._write("INSERT OR REPLACE INTO results (key, value, created) VALUES (?, ?, ?)", rows)

    def _write(self, sql: str, rows: list[tuple]) -> None:
        """Every row or none, in one transaction taken before reading (a write never waits half-done)."""

        def fn(conn):
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(sql, rows)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

        self._run(fn, None)

    def put(self, key: str, value) -> None:
        self.put_many({key: value})

    # ----------------------------------------------------------------- files
    def get_file(self, key: str):
        """A whole file's findings (`copyedit.filecache`), or None."""

        def fn(conn):
            return dict(_decoded(conn.execute("SELECT key, value FROM files WHERE key = ?", (key,)))).get(key)

        return self._run(fn, None)

    def put_file(self, key: str, value) -> None:
        self._write(
            "INSERT OR REPLACE INTO files (key, value, created) VALUES (?, ?, ?)",
            [(key, json.dumps(value, ensure_ascii=False, separators=(",", ":")), time.time())],
        )

    def count_files(self) -> int:
        return self._run(lambda conn: conn.execute("SELECT COUNT(*) FROM files").fetchone()[0], 0)

    # ----------------------------------------------------------------- facts
    def get_facts(self, space: str) -> dict[str, object]:
        """Every fact stored in one space (one question asked of one backend version)."""

        def fn(conn):
            return dict(_decoded(conn.execute("SELECT name, value FROM facts WHERE space = ?", (space,))))

        return self._run(fn, {})

    def put_facts(self, space: str, items: dict[str, object]) -> None:
        if not items:
            return
        rows = [(space, k, json.dumps(v)) for k, v in items.items()]
        self._write("INSERT OR REPLACE INTO facts (space, name, value) VALUES (?, ?, ?)", rows)

    def count_facts(self) -> int:
        return self._run(lambda conn: conn.execute("SELECT COUNT(*) FROM facts").fetchone()[0], 0)

    # ------------------------------------------------------------------ meta
    def get_meta(self, name: str) -> str | None:
        def fn(conn):
            row = conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
            return row[0] if row else None

        return self._run(fn, None)

    def set_meta(self, name: str, value: str) -> None:
        self._run(lambda conn: conn.execute("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", (name, value)), None)

    # ----------------------------------------------------------- maintenance
    def count(self) -> int:
        return self._run(lambda conn: conn.execute("SELECT COUNT(*) FROM results").fetchone()[0], 0)

    def size(self) -> int:
        total = 0
        for suffix in ("", "-wal", "-shm"):
            try:
                total += Path(str(self.path) + suffix).stat().st_size
            except OSError:
                pass
        return total

    def clear(self) -> int:
        """Forget every cached result; returns how many there were."""
        n = self.count() if self.path.exists() else 0

        def fn(conn):
            conn.execute("DELETE FROM results")
            conn.execute("DELETE FROM meta")
            conn.execute("DELETE FROM facts")
            conn.execute("DELETE FROM files")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("VACUUM")

        if self.path.exists():
            self._run(fn, None)
        return n

    def close(self) -> None:
        with self._lock:
            self._drop_connection()

    def _drop_connection(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None


def _decoded(rows):
    """(name, value) for each stored (name, JSON text) row; a row that is not JSON is left out, as a miss."""
    for name, text in rows:
        try:
            yield name, json.loads(text)
        except ValueError:
            continue


def _with_code(version: str, module: str) -> str:
    """A backend's version with the hash of the module that shapes its stored answers."""
    return f"{version}; code {code_version(module)}" if module else version


class BackendCache:
    """One backend's raw answers per piece of text, for one set of its options.

    A thin layer over `ResultCache` that fixes what every key of a backend
    shares (its name, version, options and code) and keeps the answers it has
    read or written in this process, decoded, so a document checked again
    (`fix` after each pass, an editor after each edit) costs no query.
    `record` (a NamedTuple type) turns stored lists back into records.
    """

    #: Decoded answers kept in this process; cleared when it grows past this.
    MEMO_MAX = 50_000

    def __init__(self, backend: str, version: str, options, module: str = "", record=None, store: ResultCache | None = None):
        self.backend = backend
        self.version = version
        self.options = options
        #: The backend's version and the code that shapes its answers, as the key holds them.
        self._version = _with_code(version, module)
        self.record = record
        self.store = store if store is not None else ResultCache()
        self._memo: dict[str, tuple] = {}
        self._keys: dict[tuple[str, str], str] = {}
        #: Pieces answered from the cache (this process's or the file) and
        #: pieces that were not, for tests and benchmarks.
        self.hits = 0
        self.misses = 0

    def key(self, language: str, text: str) -> str:
        """The key of one piece (remembered: a document is looked up before it is checked, then checked)."""
        k = self._keys.get((language, text))
        if k is None:
            if len(self._keys) >= self.MEMO_MAX:
                self._keys.clear()
            k = self._keys[(language, text)] = make_key(self.backend, self._version, language, self.options, text)
        return k

    def get_many(self, keys: list[str]) -> dict[str, tuple]:
        """The answers known for these keys (a key that misses is absent)."""
        out = {k: self._memo[k] for k in keys if k in self._memo}
        wanted = [k for k in keys if k not in out]
        if wanted:
            for k, value in self.store.get_many(wanted).items():
                answer = self._decode(value)
                if answer is not None:
                    out[k] = self._remember(k, answer)
        return out

    def put_many(self, items: dict[str, tuple]) -> None:
        if not items:
            return
        for k, answer in items.items():
            self._remember(k, tuple(answer))
        self.store.put_many({k: [list(r) if isinstance(r, tuple) else r for r in answer] for k, answer in items.items()})

    def _remember(self, key: str, answer: tuple) -> tuple:
        if len(self._memo) >= self.MEMO_MAX:
            self._memo.clear()
        self._memo[key] = answer
        return answer

    def _decode(self, value) -> tuple | None:
        """The stored answer as records, or None for an entry of another shape (a miss)."""
        if not isinstance(value, list):
            return None
        if self.record is None:
            return tuple(value)
        rows = []
        for row in value:
            if not isinstance(row, list):
                return None
            try:
                rows.append(self.record(*(tuple(x) if isinstance(x, list) else x for x in row)))
            except TypeError:
                return None
        return tuple(rows)

    def close(self) -> None:
        self.store.close()


class Facts:
    """Answers to one small question about words, loaded a space at a time.

    House rules ask Harper's dictionary whether a word is an ordinary one
    ("turkey" is, "russia" is not); asking means loading the dictionary, half
    a second a process. Such answers depend on the word, the dialect and the
    answering library's version alone, so they are kept: a space (one
    question, one dialect, one version of everything) is read in one query
    the first time it is asked about, and new answers are written in batches
    (`flush`).
    """

    def __init__(self, question: str, version: str, module: str = "", store: ResultCache | None = None):
        self.question = question
        self.version = version
        self._version = _with_code(version, module)
        self.store = store if store is not None else ResultCache()
        self._spaces: dict[str, dict[str, object]] = {}
        self._pending: dict[str, dict[str, object]] = {}
        self._lock = threading.Lock()

    def space(self, part: str) -> str:
        return make_key(self.question, self._version, part, None, "")

    def get(self, part: str, name: str, compute):
        """The stored answer, else `compute()` (remembered, written at the next flush)."""
        space = self.space(part)
        with self._lock:
            known = self._spaces.get(space)
            if known is None:
                known = self._spaces[space] = self.store.get_facts(space)
            if name in known:
                return known[name]
        value = compute()
        with self._lock:
            known[name] = value
            self._pending.setdefault(space, {})[name] = value
        return value

    def pending(self) -> bool:
        return bool(self._pending)

    def flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, {}
        for space, items in pending.items():
            self.store.put_facts(space, items)

    def close(self) -> None:
        self.flush()
        self.store.close()


_kept: dict[tuple[str, str], Facts] = {}
_kept_where: str | None = None
_kept_on = True
_kept_lock = threading.Lock()


def use_facts(on: bool) -> None:
    """Whether `facts` answers from the cache (`--no-cache`, or `cache = false`: not)."""
    global _kept_on
    _kept_on = on


def facts(question: str, version: str, module: str = "") -> Facts | None:
    """This process's store of answers to one question, in the cache directory now in force; None when off.

    Harper's dictionary ("is *turkey* a word?") and wordfreq ("how common is
    *capita*?") answer house rules and Harper's spelling judgement; loading
    either costs more than a cached run's whole check.
    """
    global _kept_where
    if not _kept_on:
        return None
    where = str(cache_dir())
    with _kept_lock:
        if where != _kept_where:  # COPYEDIT_CACHE_DIR changed: let the old file go
            old = list(_kept.values())
            _kept.clear()
            if _kept_where is None:
                import atexit

                atexit.register(flush_facts)
            _kept_where = where
        else:
            old = []
        kept = _kept.get((question, version))
        if kept is None:
            kept = _kept[(question, version)] = Facts(question, version, module, ResultCache(Path(where) / DB_NAME))
    for f in old:
        f.close()
    return kept


def flush_facts() -> None:
    """Write the answers learnt since the last flush (the engine calls it after each document)."""
    with _kept_lock:
        stores = list(_kept.values())
    for kept in stores:
        if kept.pending():
            kept.flush()


def clear() -> int:
    """Empty the cache in the user cache directory (`copyedit cache clear`)."""
    cache = ResultCache()
    try:
        return cache.clear()
    finally:
        cache.close()
