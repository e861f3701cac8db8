"""Reading and writing article files without damaging them.

An editor's file must come back byte for byte identical outside the edited
spans: same encoding, same byte-order mark, same line endings, same (missing)
final newline. Writes go to a temporary file in the same directory and are
renamed over the original, so a crash never leaves half an article.
"""

from __future__ import annotations

import codecs
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


class InputError(Exception):
    """A file that cannot be read as text; reported in one line, never a traceback."""


class BinaryFile(InputError):
    """Not text at all: skipped with a note rather than counted as a failure."""


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
        return self.bom + text.encode(self.encoding)


def decode(data: bytes, path: str, encoding: str | None = None) -> SourceFile:
    """Decode bytes, honouring a byte-order mark, refusing binary or undecodable data."""
    bom = b""
    enc = encoding or "utf-8"
    for mark, name in _BOMS:
        if data.startswith(mark):
            bom, enc = mark, name
            break
    body = data[len(bom) :]
    if not bom and b"\x00" in body[:8192]:
        raise BinaryFile(f"{path}: binary file (NUL bytes), skipped")
    try:
        text = body.decode(enc)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: cannot decode as {enc} (byte {exc.start + len(bom)}); "
            "use --encoding for legacy files; file left untouched"
        ) from None
    except LookupError:
        raise InputError(f"{path}: unknown encoding {enc!r}") from None
    return SourceFile(path=path, text=text, encoding=enc, bom=bom, raw=data)


def read(path: str, encoding: str | None = None) -> SourceFile:
    if path == STDIN:
        src = decode(sys.stdin.buffer.read(), "<stdin>", encoding)
        src.path = STDIN
        return src
    try:
        st = os.stat(path)
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    src = decode(data, path, encoding)
    src.mtime_ns = st.st_mtime_ns
    return src


def write_atomic(src: SourceFile, new_text: str) -> None:
    """Replace the file with `new_text`, encoded as it was read.

    Refuses when the file changed on disk since it was read (another editor or
    a second copyedit run got there first): losing their work is worse than
    skipping ours.
    """
    data = src.encode(new_text)
    path = src.path
    try:
        st = os.stat(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    if src.raw:
        with open(path, "rb") as fh:
            current = fh.read()
        if current != src.raw:
            raise InputError(f"{path}: changed on disk since it was read; not overwritten")
    real = os.path.realpath(path)  # write through symlinks, keep the link
    directory = os.path.dirname(real) or "."
    fd, tmp = tempfile.mkstemp(prefix=".copyedit-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        os.replace(tmp, real)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    src.raw = data
    src.text = new_text


def newline_of(text: str) -> str:
    """The file's dominant line ending, for renderers that must add lines."""
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    if crlf >= lf and crlf >= cr and crlf:
        return "\r\n"
    if cr > lf:
        return "\r"
    return "\n"


ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")


def expand_paths(paths: list[str]) -> list[str]:
    """Files named directly are taken as given; directories are walked for articles."""
    out: list[str] = []
    for p in paths:
        if p == STDIN:
            out.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("node_modules", "__pycache__"))
                for name in sorted(files):
                    if name.lower().endswith(ARTICLE_SUFFIXES):
                        out.append(os.path.join(root, name))
        else:
            out.append(p)
    return out
