"""Which lines of each file changed in git (`--changed-since REV`, `--staged`).

Touching one paragraph of an old article must not drag in every old finding,
so the run keeps only suggestions on the lines this returns. The diff is
taken over the whole repository, not just the named files: limiting it by
path would hide the old side of a rename, and a renamed article would then
count as entirely new. A file git does not track yet is new, so all of its
lines count as changed (with `--changed-since`; `--staged` looks only at the
index, where an untracked file has nothing).
"""

from __future__ import annotations

import os
import re
import subprocess

from copyedit.files import STDIN, InputError

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def _git(cwd: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    try:
        proc = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=cwd,
            capture_output=True,
            env={**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0", "GIT_LITERAL_PATHSPECS": "1"},
        )
    except FileNotFoundError:
        raise InputError("git is not installed (needed for --changed-since and --staged)") from None
    if check and proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"git {args[0]} failed in {cwd}: {msg[-1] if msg else 'exit ' + str(proc.returncode)}")
    return proc


def _toplevel(directory: str, shown: str) -> str:
    proc = _git(directory, "rev-parse", "--show-toplevel", check=False)
    if proc.returncode != 0:
        raise InputError(f"{shown}: not in a git repository (needed for --changed-since and --staged)")
    return os.path.realpath(proc.stdout.decode("utf-8", "surrogateescape").strip())


def _unquote(path: str) -> str:
    """Undo git's C-style quoting of unusual path names ("a\\tb", octal bytes)."""
    if not (path.startswith('"') and path.endswith('"')):
        return path
    body = path[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if re.fullmatch(r"[0-7]{3}", body[i + 1 : i + 4]):
                out.append(int(body[i + 1 : i + 4], 8))
                i += 4
                continue
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
                i += 2
                continue
        out.extend(c.encode("utf-8", "surrogateescape"))
        i += 1
    return out.decode("utf-8", "surrogateescape")


def parse_diff(diff: str) -> dict[str, set[int]]:
    """New-side line numbers added or changed, by repository-relative path.

    Reads `git diff --unified=0` output: the `+++ b/PATH` line names the file
    (after renames and copies, the new name) and each hunk header's `+c,d`
    covers lines c..c+d-1. A pure deletion (d == 0) adds no lines.
    """
    changed: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith("diff --git "):
            current = None
        elif line.startswith("+++ "):
            target = _unquote(line[4:].rstrip("\t"))
            if target == "/dev/null":
                current = None
            else:
                current = changed.setdefault(target[2:] if target.startswith("b/") else target, set())
        elif line.startswith("@@ ") and current is not None:
            m = _HUNK.match(line)
            if m:
                start = int(m.group(1))
                count = 1 if m.group(2) is None else int(m.group(2))
                current.update(range(start, start + count))
    return changed


def _verify_rev(root: str, rev: str) -> None:
    proc = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", check=False)
    if proc.returncode != 0:
        raise InputError(f"--changed-since: unknown revision {rev!r} in {root}")


def _has_head(root: str) -> bool:
    return _git(root, "rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode == 0


def _repo_changes(root: str, since: str | None, staged: bool) -> dict[str, set[int]]:
    args = ["diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv", "-M",
            "--src-prefix=a/", "--dst-prefix=b/", "--no-relative"]
    if staged:
        args.append("--cached")
        if since:
            _verify_rev(root, since)
            args.append(since)
        # Without a revision, --cached compares with HEAD, or with nothing in a
        # repository that has no commit yet: every staged line is new.
    else:
        rev = since or "HEAD"
        if since or _has_head(root):
            _verify_rev(root, rev)
            args.append(rev)
        else:
            args.append("--cached")  # nothing committed: everything in the index is new
    args.append("--")
    out = _git(root, *args).stdout.decode("utf-8", "surrogateescape")
    return parse_diff(out)


def _untracked(root: str, rels: list[str]) -> set[str]:
    if not rels:
        return set()
    proc = _git(root, "ls-files", "-z", "--cached", "--", *rels)
    tracked = {p for p in proc.stdout.decode("utf-8", "surrogateescape").split("\0") if p}
    return {r for r in rels if r not in tracked}


def _line_count(path: str) -> int:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return 0
    # Lines as the document counts them: \r\n, \r and \n all end one.
    text = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return text.count(b"\n") + (0 if text.endswith(b"\n") or not text else 1)


def changed_lines(paths, since: str | None = None, staged: bool = False) -> dict[str, set[int]]:
    """Map each file's absolute path to the 1-based lines changed since `since`.

    `since` is any revision git understands (`HEAD`, `main`, `origin/main~3`);
    with `staged`, the index is compared with `since` (default `HEAD`), the view
    a pre-commit hook wants. Standard input has no history and is left out.
    """
    by_root: dict[str, list[tuple[str, str]]] = {}
    tops: dict[str, str] = {}
    for p in paths:
        if p == STDIN:
            continue
        absolute = os.path.abspath(p)
        # Resolve the directory, not the file: git tracks a symlink itself.
        directory = os.path.realpath(os.path.dirname(absolute))
        if not os.path.isdir(directory):
            raise InputError(f"{p}: no such file")
        if directory not in tops:
            tops[directory] = _toplevel(directory, p)
        root = tops[directory]
        rel = os.path.relpath(os.path.join(directory, os.path.basename(absolute)), root).replace(os.sep, "/")
        by_root.setdefault(root, []).append((absolute, rel))
    result: dict[str, set[int]] = {}
    for root, files in by_root.items():
        changes = _repo_changes(root, since, staged)
        new_files = set() if staged else _untracked(root, [rel for _, rel in files if rel not in changes])
        for absolute, rel in files:
            if rel in new_files:
                result[absolute] = set(range(1, _line_count(absolute) + 1))
            else:
                result[absolute] = set(changes.get(rel, ()))
    return result
