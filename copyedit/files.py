"""Reading and writing article files without damaging them.

An editor's file must come back byte for byte identical outside the edited
spans: same encoding, same byte-order mark, same line endings, same (missing)
final newline. Writes go to a temporary file in the same directory and are
renamed over the original, so a crash never leaves half an article; and a
file that changed since it was read (another editor, a second copyedit run)
is left alone rather than overwritten with a fix of an older version.

Only regular files are read, and only up to a size limit, both known from
`stat` before a byte is read: a FIFO would block for ever, `/dev/zero` never
ends, and a 200 MB "article" would take half an hour and gigabytes.

Writes through a symbolic link stay inside the tree the run was given. A
pre-commit hook runs in whatever repository someone cloned, and a repository
can hold a symbolic link to any file of the user's (`docs/notes.md ->
~/.bashrc`, a planted `.copyedit-baseline.json`). Reading through such a link
is harmless; writing through it would let the repository rewrite files it
does not hold. So a write to a path that is a symbolic link goes ahead only
when the link's target is inside one of the directories the run was given,
the link's own directory, or the repository holding either, all compared as
real paths; otherwise it is refused in one line, unless the user asked to
follow links (`--follow-symlinks`). A path that is not a link is written
where it is: the user, not the repository, named it.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

STDIN = "-"
#: Files over this many bytes are skipped unless the limit is raised (`max-file-size`).
DEFAULT_MAX_FILE_SIZE = 20_000_000
TEMP_PREFIX = ".copyedit-"
TEMP_SUFFIX = ".tmp"


class InputError(Exception):
    """A file that cannot be read as text; reported in one line, never a traceback.

    `data` holds the bytes read from standard input, if any, so that `fix -`
    as a filter can pass through what it could not check.
    """

    data: bytes | None = None


class BinaryFile(InputError):
    """Not text at all: skipped with a note rather than counted as a failure."""


class SpecialFile(BinaryFile):
    """A FIFO, device or socket: never opened (it may block or never end), skipped like binary data."""


class OutsideTree(InputError):
    """A write that would go through a symbolic link out of the tree the run was given."""


@dataclass
class SourceFile:
    """A decoded article and what is needed to write it back exactly."""

    path: str
    text: str
    encoding: str = "utf-8"
    bom: bytes = b""
    raw: bytes = b""
    mtime_ns: int | None = None

    @property
    def is_stdin(self) -> bool:
        return self.path == STDIN

    def encode(self, text: str) -> bytes:
        """The file's bytes for `text`; InputError when the encoding cannot hold it.

        A fix may bring in a character (a curly quote, a dash) that a legacy
        encoding has no byte for; writing it as "?" would damage the article.
        """
        try:
            return self.bom + text.encode(self.encoding)
        except UnicodeEncodeError as exc:
            ch = exc.object[exc.start]
            raise InputError(
                f"{_shown(self.path)}: the fixed text needs {ch!r} (U+{ord(ch):04X}), which {self.encoding} "
                "cannot hold; file left untouched"
            ) from None

    @property
    def bom_text(self) -> str:
        """The byte-order mark as a character, as `patch` sees it in the first line."""
        return "\ufeff" if self.bom else ""

    @property
    def wide(self) -> bool:
        """UTF-16/32: every line ending has NUL bytes around it, so `patch` cannot apply to it."""
        return _is_wide(self.encoding)


def _shown(path: str) -> str:
    return "<stdin>" if path == STDIN else path


def _is_wide(encoding: str) -> bool:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name.startswith(("utf-16", "utf-32"))


def text_encoding(name: str, where: str = "--encoding") -> str:
    """`name` if it is a text encoding; else one line saying why not.

    rot13, base64, hex and zlib are codecs too, but map bytes to bytes or
    str to str: "decoding" an article with them would garble it.
    """
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise InputError(f"{where}: unknown encoding {name!r}") from None
    if not getattr(info, "_is_text_encoding", True):
        raise InputError(f"{where}: {name!r} is not a text encoding (use one such as utf-8, latin-1 or cp1252)")
    return name


_BYTE_ORDER_FREE = {"utf-16": "utf-16-le or utf-16-be", "utf-32": "utf-32-le or utf-32-be"}


def decode(data: bytes, path: str, encoding: str | None = None) -> SourceFile:
    """Decode bytes, honouring a byte-order mark, refusing binary or undecodable data.

    A BOM wins over `encoding` (it cannot be wrong about itself). NUL bytes mean
    binary data, as for git and grep, except in UTF-16/32 where every ASCII
    character has one; there the decoded text is checked instead.
    """
    bom = b""
    enc = encoding or "utf-8"
    for mark, name in _BOMS:
        if data.startswith(mark):
            bom, enc = mark, name
            break
    text_encoding(enc, path)
    if data and not bom and codecs.lookup(enc).name in _BYTE_ORDER_FREE:
        # Python's utf-16 writes a BOM the file did not have: the bytes would
        # not come back as they were. Only the user knows the byte order.
        name = codecs.lookup(enc).name
        raise InputError(
            f"{path}: no byte-order mark, so {enc} does not say the byte order; "
            f"use --encoding {_BYTE_ORDER_FREE[name]}"
        )
    body = data[len(bom) :]
    if not _is_wide(enc) and b"\x00" in body:
        raise BinaryFile(f"{path}: binary file (NUL bytes), skipped")
    try:
        text = body.decode(enc)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: cannot decode as {enc} (byte {exc.start + len(bom)}); "
            "use --encoding for legacy files; file left untouched"
        ) from None
    if "\x00" in text:
        raise BinaryFile(f"{path}: binary file (NUL characters), skipped")
    return SourceFile(path=path, text=text, encoding=enc, bom=bom, raw=data)


def read(path: str, encoding: str | None = None, max_size: int | None = DEFAULT_MAX_FILE_SIZE) -> SourceFile:
    """The file decoded, if it is a regular file of at most `max_size` bytes (None: no limit)."""
    if path == STDIN:
        return _read_stdin(encoding, max_size)
    try:
        st = os.stat(path)  # before opening: opening a FIFO blocks
        _refuse_special(path, st)
        _refuse_large(path, st.st_size, max_size)
        # O_NONBLOCK: if a FIFO took the file's place since the stat, opening
        # it does not block; fstat below then refuses it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            _refuse_special(path, st)
            _refuse_large(path, st.st_size, max_size)
            data = fh.read() if max_size is None else fh.read(max_size + 1)
    except FileNotFoundError:
        what = "broken symbolic link" if os.path.islink(path) else "no such file"
        raise InputError(f"{path}: {what}") from None
    except IsADirectoryError:
        if not os.access(path, os.R_OK | os.X_OK):
            raise InputError(f"{path}: cannot list directory (permission denied)") from None
        raise InputError(f"{path}: is a directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    _refuse_large(path, len(data), max_size)  # it grew while being read
    src = decode(data, path, encoding)
    src.mtime_ns = st.st_mtime_ns
    return src


def _read_stdin(encoding: str | None, max_size: int | None) -> SourceFile:
    """Standard input, up to `max_size` bytes; what was read rides on the error for a filter to pass on."""
    stream = sys.stdin
    if stream is None:
        raise InputError("<stdin>: standard input is closed")
    try:
        data = stream.buffer.read() if max_size is None else stream.buffer.read(max_size + 1)
    except OSError as exc:
        raise InputError(f"<stdin>: cannot read ({exc.strerror or exc})") from None
    try:
        _refuse_large("<stdin>", len(data), max_size)
        src = decode(data, "<stdin>", encoding)
    except InputError as e:
        e.data = data
        raise
    src.path = STDIN
    return src


_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _refuse_special(path: str, st: os.stat_result) -> None:
    if stat.S_ISDIR(st.st_mode):  # some systems open directories
        raise IsADirectoryError(path)
    if stat.S_ISREG(st.st_mode):
        return
    what = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
    raise SpecialFile(f"{path}: {what}, not a regular file; skipped, never read")


def _refuse_large(path: str, size: int, max_size: int | None) -> None:
    if max_size is not None and size > max_size:
        raise InputError(
            f"{path}: larger than max-file-size ({format_size(max_size)}); skipped (raise it with --max-file-size)"
        )


def format_size(n: int) -> str:
    """Bytes as a person reads them: 20 MB, 1.5 kB, 512 bytes."""
    for unit, size in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n} bytes"


# ------------------------------------------------------------------ where writes may go
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


# ------------------------------------------------------------------ writing
@contextlib.contextmanager
def _directory_lock(directory: str):
    """Serialise the last check-and-rename of copyedit processes in one directory.

    The lock is on the directory itself (it survives the rename, unlike a lock
    on the old file) and is advisory: it orders copyedit runs, not editors.
    Where locks are unavailable the content check alone still applies.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            pass
        yield
    finally:
        os.close(fd)  # closing drops the lock


def _unchanged_since_read(src: SourceFile, real: str) -> None:
    """Refuse when the file on disk is no longer the one that was fixed.

    Content, not mtime, decides: an editor can save within the mtime's
    resolution, and a save of identical bytes loses nothing. A SourceFile
    that never came from disk (no bytes, no mtime) has nothing to compare.
    """
    if not src.raw and src.mtime_ns is None:
        return
    try:
        with open(real, "rb") as fh:
            if os.fstat(fh.fileno()).st_size != len(src.raw):
                changed = True
            else:
                changed = fh.read() != src.raw
    except FileNotFoundError:
        raise InputError(f"{src.path}: removed since it was read; not written") from None
    if changed:
        raise InputError(f"{src.path}: changed on disk since it was read; not overwritten (run copyedit again)")


def write_atomic(src: SourceFile, new_text: str, scope: WriteScope | None = None) -> None:
    """Replace the file with `new_text`, encoded as it was read.

    Refuses when the file changed on disk since it was read: losing someone's
    work is worse than skipping a fix.
    """
    data = src.encode(new_text)
    real = replace_bytes(
        src.path,
        data,
        must_exist=True,
        failure=f"{src.path}: cannot write ({{}}); file left untouched",
        check=lambda real: _unchanged_since_read(src, real),
        scope=scope,
    )
    src.raw = data
    src.text = new_text
    with contextlib.suppress(OSError):
        src.mtime_ns = os.stat(real).st_mtime_ns


def replace_bytes(path: str, data: bytes, *, must_exist: bool, failure: str, check=None, scope: WriteScope | None = None) -> str:
    """Put `data` in place of the file at `path` atomically; return the real path.

    The bytes go to a temporary file beside the real file (following a
    symbolic link, which stays a link), get the file's mode and owner (a new
    file the umask's mode), reach the disk, and only then replace the
    original in one rename, after `check(real)` under the directory lock. A
    crash leaves the old file whole. `failure` formats the one-line error.
    Every write of copyedit comes here, so here a symbolic link is held to
    `scope` (by default: the link's own directory and its repository).
    """
    real = os.path.realpath(path)
    refused = (scope or WriteScope()).refusal(path, real)
    if refused:
        raise OutsideTree(refused)
    directory = os.path.dirname(real) or "."
    try:
        st: os.stat_result | None = os.stat(real)
    except FileNotFoundError:
        if must_exist:
            raise InputError(f"{path}: removed since it was read; not written") from None
        st = None
    except OSError as exc:
        raise InputError(failure.format(exc.strerror or exc)) from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=directory)
    except FileNotFoundError:
        raise InputError(f"{path}: removed since it was read; not written" if must_exist else failure.format("no such directory")) from None
    except OSError as exc:
        raise InputError(failure.format(exc.strerror or exc)) from None
    pending: str | None = tmp
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if st is not None:
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
            _keep_owner(tmp, st)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        with _directory_lock(directory):
            if check is not None:
                check(real)
            os.replace(tmp, real)
            pending = None
        _sync_directory(directory)
    except OSError as exc:
        raise InputError(failure.format(exc.strerror or exc)) from None
    finally:
        if pending is not None:
            with contextlib.suppress(OSError):
                os.unlink(pending)
    return real


def _keep_owner(tmp: str, st: os.stat_result) -> None:
    """Keep the file's owner and group where we may (root, or our own group)."""
    chown = getattr(os, "chown", None)
    if chown is None:  # pragma: no cover - Windows
        return
    with contextlib.suppress(OSError):
        tmp_st = os.stat(tmp)
        if (tmp_st.st_uid, tmp_st.st_gid) != (st.st_uid, st.st_gid):
            chown(tmp, st.st_uid, st.st_gid)


def _sync_directory(directory: str) -> None:
    """Make the rename itself durable (POSIX); harmless where unsupported."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ------------------------------------------------------------------ patches
def diff_bytes(src: SourceFile, new_text: str, differ) -> bytes:
    """A unified diff of one file in the file's own bytes, so patch and git apply match it.

    `differ(path, before, after)` makes the diff text (render.diff.unified).
    The byte-order mark is part of the first line as `patch` reads it, and
    the hunks are encoded as the file is; header paths use the file system's
    encoding. UTF-16/32 files cannot be patched by line tools at all: their
    diff is written in UTF-8 for a person to read.
    """
    before = src.bom_text + src.text
    after = src.bom_text + new_text
    text = differ(src.path, before, after)
    if not text:
        return b""
    enc = "utf-8" if src.wide else src.encoding
    out = []
    for i, line in enumerate(_patch_lines(text)):
        if i < 2 and line.startswith(("--- ", "+++ ")):
            out.append(os.fsencode(line.rstrip("\n")) + b"\n")
            continue
        try:
            out.append(line.encode(enc))
        except UnicodeEncodeError as exc:
            ch = exc.object[exc.start]
            raise InputError(
                f"{_shown(src.path)}: the fixed text needs {ch!r} (U+{ord(ch):04X}), which {enc} cannot hold"
            ) from None
    return b"".join(out)


def _patch_lines(text: str) -> list[str]:
    """Lines as patch sees them: cut after "\\n" only."""
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


# ------------------------------------------------------------------ finding files
ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")
_SKIP_DIRS = ("node_modules", "__pycache__")


def expand_paths(paths: list[str]) -> list[str]:
    """Files named directly are taken as given; directories are walked for articles.

    A file reached twice (named twice, or through a symbolic link) is checked
    once, so that `fix` never races itself. A directory that cannot be listed
    is returned as a path so that reading it reports the problem.
    """
    out: list[str] = []
    seen: set[str] = set()

    def add(p: str) -> None:
        key = os.path.normcase(os.path.realpath(p))
        if key in seen:
            return
        seen.add(key)
        out.append(p)

    for p in paths:
        if p == STDIN:
            out.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            unlisted: list[str] = []
            for root, dirs, names in os.walk(path, onerror=lambda e: unlisted.append(e.filename)):  # noqa: B023 - called within this iteration
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
                for name in sorted(names):
                    if name.lower().endswith(ARTICLE_SUFFIXES) and not name.startswith(TEMP_PREFIX):
                        add(os.path.join(root, name))
            out.extend(u for u in unlisted if u)
        else:
            add(p)
    return out
