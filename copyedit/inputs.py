"""The files the engine is built from, as they were when read.

Rule packs, their data files and word lists decide what the engine finds as
much as the text does. Every reader of such a file notes it here, with its
size and modification time at the moment it was read, so that the whole-file
findings cache (`copyedit.filecache`) can tell later whether any of them has
changed without loading them again. Kept for the life of the process: a file
served from an in-process cache was noted when it was first read, so what is
noted is always at least what any engine built here depends on.
"""

from __future__ import annotations

import os
import threading

_lock = threading.Lock()
_seen: dict[str, tuple[int, int]] = {}


def note(path: str | os.PathLike, fd: int | None = None) -> None:
    """Record that `path` was read (pass the open file's descriptor to stat what was read, not what is there now)."""
    where = os.path.abspath(os.fspath(path))
    try:
        st = os.fstat(fd) if fd is not None else os.stat(where)
        stamp = (st.st_size, st.st_mtime_ns)
    except OSError:
        stamp = (-1, -1)
    with _lock:
        _seen[where] = stamp


def seen() -> dict[str, tuple[int, int]]:
    """Every file noted in this process: absolute path -> (size, modification time in ns) when read."""
    with _lock:
        return dict(_seen)


def stamp(path: str) -> tuple[int, int]:
    """A file's (size, modification time in ns) now; (-1, -1) when it cannot be seen."""
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)
