"""Where a write may land: inside the tree it was given, never through a link out of it.

A pre-commit hook runs in whatever repository someone cloned, and a
repository can hold a symbolic link to any file of the user's
(`docs/notes.md -> ~/.bashrc`, a planted `.copyedit-baseline.json`). Reading
through such a link is harmless; writing through it would let the repository
rewrite files it does not hold. So a write to a path that is a symbolic link
goes ahead only when the link's target is inside one of the directories the
run was given, the link's own directory, or the repository holding either,
all compared as real paths; otherwise it is refused in one line, unless the
user asked to follow links (`--follow-symlinks`). A path that is not a link is
written where it is: the user, not the repository, named it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

STDIN = "-"


def repository_root(directory: str) -> str | None:
    """The real path of the nearest directory at or above `directory` holding `.git` (a repository or worktree)."""
    d = os.path.abspath(directory)
    while True:
        if os.path.lexists(os.path.join(d, ".git")):
            return os.path.realpath(d)
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _roots(path: str, directory: bool) -> list[str]:
    """A path's own tree: the directory itself (else the file's directory), and its repository."""
    a = os.path.abspath(path)
    d = a if directory else os.path.dirname(a)
    out = [os.path.realpath(d)]
    repo = repository_root(d)
    if repo:
        out.append(repo)
    return out


@dataclass(frozen=True)
class WriteScope:
    """The real directories a run may write under through a symbolic link."""

    roots: tuple[str, ...] = ()
    follow_symlinks: bool = False

    @classmethod
    def of(cls, paths, follow_symlinks: bool = False) -> "WriteScope":
        """The scope of a run given `paths` (files or directories, as named)."""
        roots: list[str] = []
        for p in paths:
            if p != STDIN:
                roots.extend(_roots(str(p), os.path.isdir(p)))
        return cls(tuple(dict.fromkeys(roots)), follow_symlinks)

    def refusal(self, path: str, real: str) -> str | None:
        """Why writing `path` (whose real path is `real`) would leave the tree; None when it may go ahead."""
        if self.follow_symlinks or not os.path.islink(path):
            return None
        if any(_inside(real, root) for root in (*self.roots, *_roots(path, False))):
            return None
        return (
            f"{path}: a symbolic link to {real}, outside the files given; "
            "checked but not written (--follow-symlinks writes through it)"
        )
