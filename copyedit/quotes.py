"""Where the quotations are: rules that judge the writer's own words skip them.

A quotation is what someone said or wrote ("Just spoke to trev. think tbwa
shd give statement"), and a copy editor leaves its spelling, case and style
alone.
"""

from __future__ import annotations

import bisect
import re

_DOUBLE_QUOTE = re.compile('["\u201c\u201d]')


def quoted_ranges(view: str, segments) -> list[tuple[int, int]]:
    """Spans between double quotation marks, per paragraph.

    A quotation still open at the end of a paragraph runs to its end, as
    multi-paragraph quotations do in news copy.
    """
    out = []
    for seg in segments:
        start = None
        # Only the marks, not every character of the text: a loop over each
        # character was a tenth of the consistency rules' time.
        for m in _DOUBLE_QUOTE.finditer(view, seg.vstart, seg.vend):
            i, ch = m.start(), m.group()
            if start is None:
                if ch != "\u201d":
                    start = i
            elif ch != "\u201c":
                out.append((start, i + 1))
                start = None
        if start is not None:
            out.append((start, seg.vend))
    return out


class Quotations:
    """Answers "is this offset inside a quotation?"; one per document, shared by its checkers."""

    def __init__(self, doc) -> None:
        self._ranges = quoted_ranges(doc.view, doc.segments)
        self._starts = [a for a, _ in self._ranges]

    @classmethod
    def of(cls, doc) -> "Quotations":
        return doc.once("quotations", cls)

    def __contains__(self, pos: int) -> bool:
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ranges[i][1]
