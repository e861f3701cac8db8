"""A per-paragraph result cache, so unchanged paragraphs are never sent twice.

LanguageTool costs tens of milliseconds a paragraph on a warm server and a JVM
start on a cold one; a pre-commit hook that re-checks a whole archive must not
pay that for paragraphs nobody touched. Results are stored per paragraph in an
SQLite file in the user cache directory (platformdirs; `COPYEDIT_CACHE_DIR`
overrides it), keyed by a hash of everything that decides the answer: backend,
backend version, language, options and the paragraph itself.

SQLite in WAL mode with a busy timeout lets several copyedit processes (`-j`,
an editor and a hook at once) read and write the same file. The cache is an
optimisation, never a source of errors: a corrupt file is moved aside and
recreated, and a database that stays locked or read-only behaves as a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
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
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


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
                for key, value in conn.execute(f"SELECT key, value FROM results WHERE key IN ({marks})", chunk):
                    try:
                        out[key] = json.loads(value)
                    except ValueError:
                        continue
            return out

        return self._run(fn, {})

    def get(self, key: str):
        return self.get_many([key]).get(key)

    def put_many(self, items: dict[str, object]) -> None:
        if not items:
            return
        now = time.time()
        rows = [(k, json.dumps(v, ensure_ascii=False, separators=(",", ":")), now) for k, v in items.items()]

        def fn(conn):
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany("INSERT OR REPLACE INTO results (key, value, created) VALUES (?, ?, ?)", rows)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

        self._run(fn, None)

    def put(self, key: str, value) -> None:
        self.put_many({key: value})

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


def clear() -> int:
    """Empty the cache in the user cache directory (`copyedit cache clear`)."""
    cache = ResultCache()
    try:
        return cache.clear()
    finally:
        cache.close()
