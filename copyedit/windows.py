"""Long text in pieces of bounded size, cut where a sentence ends.

Some work costs more than its share on one long stretch of text: a house-rule
pattern runs under a time limit, and a limit on a whole 10 MB document means
"switched off on big files, or on a busy machine"; Harper spends far more per
word on one giant paragraph than on ordinary ones. Cut into pieces of bounded
size, the cost is proportional to the length of the text and a time limit means
the same whatever the size of the file.

Cuts fall after a sentence end and the spaces that follow it; failing that
(a 100,000-character "sentence"), after a run of spaces; failing that, at the
size limit. They depend on the text alone, never on time, so the pieces, and
what is found in them, are the same on every run.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


def cuts(text: str, start: int, end: int, size: int) -> list[int]:
    """Offsets that cut text[start:end] into pieces of at most `size` characters.

    A cut is looked for in the second half of each piece, so pieces are at
    least half the size (except the last), and finding it costs the length of
    the piece: linear over the whole text.
    """
    if size < 2:
        raise ValueError("size must be at least 2")
    out: list[int] = []
    pos = start
    while end - pos > size:
        limit = pos + size
        low = pos + size // 2
        cut = _last_end(_SENTENCE_END, text, low, limit) or _last_end(_SPACE, text, low, limit) or limit
        out.append(cut)
        pos = cut
    return out


def pieces(text: str, start: int, end: int, size: int) -> list[tuple[int, int]]:
    """(start, end) of every piece of text[start:end]; one piece when it is short enough."""
    bounds = [start, *cuts(text, start, end, size), end]
    return list(zip(bounds, bounds[1:]))


def _last_end(pattern: re.Pattern, text: str, low: int, limit: int) -> int | None:
    """The end of the last match inside text[low:limit] that ends before `limit`."""
    last = None
    for m in pattern.finditer(text, low, limit):
        if m.end() < limit or limit == len(text):
            last = m.end()
    return last


def char_before(view: str, pos: int) -> str:
    """The last character before `pos` that is not a space or tab, or "" at the start.

    Read backwards from `pos`, never by copying all the text before it: a
    copy per word would make a long document cost the square of its length.
    """
    i = pos - 1
    while i >= 0 and view[i] in " \t":
        i -= 1
    return view[i] if i >= 0 else ""
