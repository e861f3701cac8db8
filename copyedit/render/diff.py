"""Unified diffs of fixes, in the shape `git apply` and `patch -p1` accept.

Like black's `--diff`: `a/` and `b/` paths, three lines of context, and the
"\\ No newline at end of file" marker when the file has none. Line endings are
kept as in the file so the patch applies to CRLF files too. On a terminal,
`word_diff` shows what changed inside a paragraph-long line.
"""

from __future__ import annotations

import difflib
import os
import re

NO_EOL = "\\ No newline at end of file\n"


def _lines(text: str) -> list[str]:
    """Lines as patch and git apply cut them: after "\n" only.

    str.splitlines also cuts at a lone CR, \v, \f, \x1c-\x1e, \x85, U+2028 and
    U+2029, which patch reads as ordinary characters inside a line.
    """
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def diff_name(path: str) -> str:
    """The path as `git apply` wants it: relative, forward slashes."""
    if path == "-":
        return "stdin"
    p = os.path.normpath(path)
    if os.path.isabs(p):
        rel = os.path.relpath(p)
        p = rel if not rel.startswith("..") else p.lstrip(os.sep)
    return p.replace(os.sep, "/")


_C_ESCAPES = {"\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def quoted_name(name: str) -> str:
    """A header path as `git diff` writes it: in C-style quotes when it holds a control character, quote or backslash.

    A newline in a file name would otherwise end the header line, and patch
    would read the rest as another file's name; git apply and GNU patch both
    read the quoted form back.
    """
    if not any(ch in _C_ESCAPES or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in name):
        return name
    body = "".join(_C_ESCAPES.get(ch) or (f"\\{ord(ch):03o}" if ord(ch) < 0x20 or ord(ch) == 0x7F else ch) for ch in name)
    return f'"{body}"'


def unified(path: str, before: str, after: str, context: int = 3) -> str:
    if before == after:
        return ""
    name = diff_name(path)
    a, b = _lines(before), _lines(after)
    out = []
    for line in difflib.unified_diff(a, b, quoted_name(f"a/{name}"), quoted_name(f"b/{name}"), n=context):
        if line.startswith(("---", "+++")):
            out.append(line.rstrip("\n") + "\n")
            continue
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n" + NO_EOL)
    return "".join(out)


_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """(op, text) runs, op in '=', '-', '+', cut at word boundaries."""
    a, b = _TOKEN.findall(before), _TOKEN.findall(after)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("-", "".join(a[i1:i2])))
            if j2 > j1:
                out.append(("+", "".join(b[j1:j2])))
    return out


def render_colored(diff_text: str, out) -> None:
    """Colour a unified diff, and show word-level changes inside changed lines."""
    from rich.text import Text

    from copyedit.render import color_console

    console = color_console(out)
    lines = diff_text.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith(("---", "+++")):
            console.print(Text(line.rstrip("\r\n"), style="bold"))
        elif line.startswith("@@"):
            console.print(Text(line.rstrip("\r\n"), style="cyan"))
        elif line.startswith("-"):
            minus = []
            while i < len(lines) and lines[i].startswith("-"):
                minus.append(lines[i][1:])
                i += 1
            plus = []
            while i < len(lines) and lines[i].startswith("+"):
                plus.append(lines[i][1:])
                i += 1
            if len(minus) == len(plus):
                for m, p in zip(minus, plus):
                    _word_pair(console, m.rstrip("\r\n"), p.rstrip("\r\n"))
            else:
                for m in minus:
                    console.print(Text("-" + m.rstrip("\r\n"), style="red"))
                for p in plus:
                    console.print(Text("+" + p.rstrip("\r\n"), style="green"))
            continue
        elif line.startswith("+"):
            console.print(Text(line.rstrip("\r\n"), style="green"))
        else:
            console.print(Text(line.rstrip("\r\n"), style="dim"))
        i += 1


def _word_pair(console, before: str, after: str) -> None:
    from rich.text import Text

    runs = word_diff(before, after)
    minus, plus = Text("-", style="red"), Text("+", style="green")
    for op, chunk in runs:
        if op in "=-":
            minus.append(chunk, style="red" if op == "=" else "bold white on red")
        if op in "=+":
            plus.append(chunk, style="green" if op == "=" else "bold white on green")
    console.print(minus)
    console.print(plus)
