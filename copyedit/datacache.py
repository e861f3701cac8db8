"""Rule data files, parsed once per content and kept as JSON in the user cache.

The shipped names data alone is 600 KB of YAML: parsing it costs about 0.12 s
of CPU in every process, a sixth of a cold `copyedit check --backend none`,
where reading the same data back as JSON costs 2 ms. The key is a hash of the
file's bytes (and the YAML library's version), so an edited file simply misses
and can never be served stale. JSON, not pickle: a cache file is read as data,
and can never run code. The cache is an optimisation, never a source of errors:
anything unreadable, unwritable or not JSON-shaped is parsed from the YAML as
before.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from collections.abc import Callable
from typing import Any

#: Bumped when what is stored changes, so that old files simply miss.
FORMAT = 1
#: Cached files kept: a team editing its data files leaves old versions behind.
KEEP = 64
SUBDIR = "data-files"


def _folder() -> Path:
    from copyedit.cache import cache_dir

    return cache_dir() / SUBDIR


def load(raw: bytes, parse: Callable[[bytes], Any], version: str) -> Any:
    """The data `parse(raw)` gives, from the cache when these bytes were parsed before."""
    key = hashlib.sha256(f"{FORMAT}\0{version}\0".encode() + raw).hexdigest()
    try:
        path = _folder() / f"{key}.json"
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        pass
    data = parse(raw)
    _store(key, data)
    return data


def _store(key: str, data: Any) -> None:
    try:
        text = json.dumps(data, ensure_ascii=False)
        if json.loads(text) != data:
            return  # dates, tuples or non-text keys: JSON would not give the same data back
    except (TypeError, ValueError, RecursionError):
        return
    try:
        folder = _folder()
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, folder / f"{key}.json")
        except BaseException:
            os.unlink(tmp)
            raise
        _prune(folder)
    except OSError:
        pass  # a read-only or full cache directory: parse again next time


def _prune(folder: Path) -> None:
    """Drop all but the KEEP most recently written files."""
    files = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        try:
            old.unlink()
        except OSError:
            pass


def clear() -> int:
    """Remove every parsed data file (`copyedit cache clear`); how many went."""
    n = 0
    try:
        entries = list(_folder().glob("*.json"))
    except OSError:
        return 0
    for path in entries:
        try:
            path.unlink()
            n += 1
        except OSError:
            pass
    return n
