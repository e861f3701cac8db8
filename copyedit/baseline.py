"""A baseline: findings an archive already had, hidden so that only new ones show.

Like the baselines of ruff, mypy and detekt, it lets an old archive adopt
copyedit without fixing everything first. A finding is recorded by a
fingerprint that does not use line numbers, so that adding a paragraph above
it does not bring it back:

    (path relative to the baseline file, rule, the flagged text,
     a hash of the few words on either side of it within its paragraph)

The words around the finding are compared with whitespace collapsed, so
re-wrapping a paragraph or fixing a finding further along the same line
leaves the fingerprint alone, while an edit next to the finding makes it new
again (the writer touched it; it should be looked at). Identical fingerprints
are counted: a baseline holding two of them hides at most two findings.

The file is JSON, sorted and indented, so that it diffs well in review and is
byte for byte the same when recorded twice from the same files.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections import Counter

from copyedit.files import InputError, replace_bytes

VERSION = 1
DEFAULT_NAME = ".copyedit-baseline.json"
#: Words of context on each side of a finding.
CONTEXT_WORDS = 4
#: How far to look for those words (a paragraph of one enormous line must not
#: make every fingerprint cost its whole length).
_REACH = 400
_BLANK_LINE = re.compile(r"\r?\n[ \t]*\r?\n|\r[ \t]*\r")
_WS = re.compile(r"\s+")


def _key_path(path: str) -> str:
    if path == "-":
        return "-"
    return os.path.normcase(os.path.abspath(path))


def _context(text: str, start: int, end: int) -> str:
    """The words either side of [start, end) within its paragraph, whitespace collapsed."""
    left = text[max(0, start - _REACH) : start]
    cut = None
    m: re.Match[str] | None
    for m in _BLANK_LINE.finditer(left):
        cut = m.end()
    if cut is not None:
        left = left[cut:]
    right = text[end : end + _REACH]
    m = _BLANK_LINE.search(right)
    if m:
        right = right[: m.start()]
    before = left.split()
    after = right.split()
    # Whether the finding touches its neighbours matters ("a,b" is not "a , b").
    glue_left = "" if left[-1:].isspace() or not left else "~"
    glue_right = "" if right[:1].isspace() or not right else "~"
    return " ".join(before[-CONTEXT_WORDS:]) + glue_left + "\u2038" + glue_right + " ".join(after[:CONTEXT_WORDS])


def _normal_text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def fingerprint(path: str, text: str, suggestion) -> tuple[str, str, str, str]:
    """(absolute path key, rule, flagged text, context hash) of one finding in `text`."""
    ctx = _context(text, suggestion.start, suggestion.end)
    digest = hashlib.sha256(_WS.sub(" ", ctx).encode("utf-8")).hexdigest()[:16]
    return (_key_path(path), suggestion.rule, _normal_text(suggestion.text), digest)


class Baseline:
    """Recorded findings, as a multiset of fingerprints."""

    def __init__(self) -> None:
        self.counts: Counter = Counter()

    def __len__(self) -> int:
        return sum(self.counts.values())

    # ---------------------------------------------------------------- I/O
    @classmethod
    def load(cls, path: str) -> "Baseline":
        try:
            if not stat.S_ISREG(os.stat(path).st_mode) and not os.path.isdir(path):
                # A FIFO would block for ever, /dev/zero never end.
                raise InputError(f"{path}: not a regular file, not a baseline file")
            with open(path, encoding="utf-8") as fh:
                raw = fh.read()
        except FileNotFoundError:
            raise InputError(f"{path}: no such baseline file (record one with `copyedit baseline create`)") from None
        except IsADirectoryError:
            raise InputError(f"{path}: is a directory, not a baseline file") from None
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(f"{path}: cannot read baseline ({getattr(e, 'strerror', None) or e})") from None
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as e:
            raise InputError(f"{path}: not a copyedit baseline (invalid JSON at line {e.lineno}, column {e.colno})") from None
        except RecursionError:
            raise InputError(f"{path}: not a copyedit baseline (nested too deeply)") from None
        return cls._from_data(data, path)

    @classmethod
    def _from_data(cls, data, path: str) -> "Baseline":
        def bad(why: str) -> InputError:
            return InputError(f"{path}: not a copyedit baseline ({why})")

        if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
            raise bad("expected an object with a 'findings' list")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise bad("missing 'version'")
        if version > VERSION:
            raise InputError(f"{path}: baseline version {version} is newer than this copyedit understands ({VERSION}); upgrade copyedit")
        root = os.path.dirname(os.path.abspath(path))
        out = cls()
        for i, item in enumerate(data["findings"]):
            if not isinstance(item, dict):
                raise bad(f"finding {i + 1} is not an object")
            fields = []
            for key in ("path", "rule", "text", "context"):
                value = item.get(key)
                if not isinstance(value, str):
                    raise bad(f"finding {i + 1} has no string '{key}'")
                fields.append(value)
            count = item.get("count", 1)
            if not isinstance(count, int) or isinstance(count, bool) or count < 1:
                raise bad(f"finding {i + 1} has a bad 'count'")
            rel, rule, text, ctx = fields
            where = "-" if rel == "-" else _key_path(os.path.join(root, rel.replace("/", os.sep)))
            out.counts[(where, rule, text, ctx)] += count
        return out

    def to_data(self, path: str) -> dict:
        """The JSON document, paths relative to where it is saved."""
        root = os.path.dirname(os.path.abspath(path))
        rows = []
        for (where, rule, text, ctx), n in self.counts.items():
            if n <= 0:
                continue
            rel = where
            if where != "-":
                try:
                    rel = os.path.relpath(where, root)
                except ValueError:  # another drive on Windows
                    rel = where
                rel = rel.replace(os.sep, "/")
            rows.append({"path": rel, "rule": rule, "text": text, "context": ctx, "count": n})
        rows.sort(key=lambda r: (r["path"], r["rule"], r["text"], r["context"]))
        return {"version": VERSION, "tool": "copyedit", "findings": rows}

    def save(self, path: str, scope=None) -> None:
        """Write atomically: a crash leaves the old baseline, never half a new one.

        A baseline that is a symbolic link out of `scope` (a planted one) is
        not written through: see `copyedit.files.WriteScope`.
        """
        data = json.dumps(self.to_data(path), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        replace_bytes(path, data.encode("utf-8"), must_exist=False, failure=f"{path}: cannot write baseline ({{}})", scope=scope)

    # ----------------------------------------------------------- findings
    def add(self, path: str, text: str, suggestion) -> None:
        self.counts[fingerprint(path, text, suggestion)] += 1

    def add_all(self, path: str, text: str, suggestions) -> None:
        for s in suggestions:
            self.add(path, text, s)

    def __contains__(self, item) -> bool:
        path, text, suggestion = item
        return self.counts.get(fingerprint(path, text, suggestion), 0) > 0

    def filter(self, path: str, text: str, suggestions) -> list:
        """The suggestions the baseline does not account for, in their order.

        Each recorded fingerprint hides as many findings as it was counted,
        the first ones in the file; any more of the same are new.
        """
        if not self.counts:
            return list(suggestions)
        left: Counter[tuple[str, str, str, str]] = Counter()
        out = []
        for s in suggestions:
            fp = fingerprint(path, text, s)
            if left[fp] < self.counts.get(fp, 0):
                left[fp] += 1
                continue
            out.append(s)
        return out
