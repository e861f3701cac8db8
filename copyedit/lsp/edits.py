"""The smallest set of whole-line edits that turns one text into another.

"Fix all" must leave exactly the text `copyedit fix` writes. Replacing the
whole document would do that too, but editors then lose the cursor, folds
and undo granularity; edits over the changed lines only keep them.
"""

from __future__ import annotations

import difflib
import re

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _lines(text: str) -> list[str]:
    return _LINE.findall(text)


def line_edits(old: str, new: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) in code points of `old`, in order, not overlapping."""
    if old == new:
        return []
    a, b = _lines(old), _lines(new)
    starts = [0]
    for line in a:
        starts.append(starts[-1] + len(line))
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            out.append((starts[i1], starts[i2], "".join(b[j1:j2])))
    if apply(old, out) != new:  # never an edit that misses: fall back to one replacement
        return [(0, len(old), new)]
    return out


def apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    parts, pos = [], 0
    for start, end, rep in sorted(edits, key=lambda e: (e[0], e[1])):
        parts.append(text[pos:start])
        parts.append(rep)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)
