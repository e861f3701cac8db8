"""Offsets in code points (copyedit's) against LSP positions (line, code units).

copyedit speaks in code-point offsets into the text; an editor speaks in lines
and columns counted in UTF-16 code units unless it offered UTF-8 or UTF-32.
An emoji is one code point but two UTF-16 units and four UTF-8 bytes, so a
column counted the wrong way moves every diagnostic after it. Lines end at
"\\n", "\\r\\n" or "\\r", as LSP says, and at nothing else: Python's
`splitlines` also breaks at U+2028, form feeds and others, which editors do not.

Nothing here depends on pygls, so that the arithmetic can be tested alone.
"""

from __future__ import annotations

import bisect
import re

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"

_LINE_END = re.compile(r"\r\n|\r|\n")


def line_starts(text: str) -> list[int]:
    """The offset at which each line begins (the first is 0)."""
    return [0, *(m.end() for m in _LINE_END.finditer(text))]


def units(s: str, encoding: str) -> int:
    """How many code units `s` takes in the client's encoding."""
    if encoding == UTF32 or s.isascii():
        return len(s)
    if encoding == UTF8:
        return len(s.encode("utf-8", "surrogatepass"))
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def _code_points(line: str, count: int, encoding: str) -> int:
    """How many code points of `line` fill `count` code units (never past the line).

    A column inside a character (half a surrogate pair, the middle of a UTF-8
    sequence) falls back to the character's start.
    """
    if encoding == UTF32 or line.isascii():
        return min(count, len(line))
    used = 0
    for i, ch in enumerate(line):
        n = units(ch, encoding)
        if used + n > count:
            return i
        used += n
    return len(line)


class LineIndex:
    """Where the lines of one text begin, to turn offsets into positions and back."""

    def __init__(self, text: str):
        self.text = text
        self.starts = line_starts(text)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def _line_end(self, line: int) -> int:
        """The offset where `line`'s content ends (before its line break)."""
        if line + 1 < len(self.starts):
            end = self.starts[line + 1]
            if self.text[end - 2 : end] == "\r\n":
                return end - 2
            return end - 1
        return len(self.text)

    def position(self, offset: int, encoding: str = UTF16) -> tuple[int, int]:
        """(line, character) of a code-point offset, character in code units."""
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        start = self.starts[line]
        return line, units(self.text[start:offset], encoding)

    def offset(self, line: int, character: int, encoding: str = UTF16) -> int:
        """The code-point offset of an LSP position, clamped into the text.

        A line past the end is the end of the text; a character past the end of
        its line is the line's end, as the specification asks.
        """
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[line]
        content = self.text[start : self._line_end(line)]
        return start + _code_points(content, max(0, character), encoding)


def normalise_encoding(kind) -> str:
    """The encoding name from an lsprotocol PositionEncodingKind or its string."""
    value = str(getattr(kind, "value", kind) or UTF16).lower()
    return value if value in (UTF8, UTF16, UTF32) else UTF16
