"""What a run is about: the lines changed in git, the findings a baseline does not know.

Both run on every pass of the fix loop, so that `fix --changed-since` or
`fix --baseline` fixes what it reports, repeats until nothing changes as plain
`fix` does, and leaves a text that the same run would not change again.

Changed lines are numbers in the text as read. A fix can move lines (it may
join two, or split one), so after each pass `ChangedLines.follow` carries the
set to the fixed text: a line of the fixed text is changed when it holds text
of a changed line, or text a fix wrote over one. A fix is only ever chosen
because it touches a changed line, so lines nobody changed stay unchanged
and the next pass looks at the same lines git would.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from copyedit.filters import Filter

#: Line ends as the document counts them: "\r\n", "\r" and "\n" each end one.
_LINE_END = re.compile(r"\r\n|\r|\n")


class ChangedLines(Filter):
    """Findings on the lines changed since a revision (`--changed-since`, `--staged`)."""

    name = "changed-lines"

    def __init__(self, lines):
        #: 1-based line numbers of the current text.
        self.lines = frozenset(lines)

    def keep(self, s, at) -> bool:
        first = s.line
        last = first + at.text.count("\n", s.start, s.end)
        return any(n in self.lines for n in range(first, last + 1))

    def follow(self, before: str, edits, after: str) -> "ChangedLines":
        return ChangedLines(carry_lines(before, edits, after, self.lines))


class Baselined(Filter):
    """Findings the baseline does not account for (`--baseline FILE`).

    Fingerprints are taken on the text as it is now, so a finding the
    baseline hid before a fix changed the words beside it is new after it, as
    it would be on the next run.
    """

    name = "baseline"

    def __init__(self, baseline):
        self.baseline = baseline

    def apply(self, found, at):
        return self.baseline.filter(at.path, at.text, found)


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _LINE_END.finditer(text)]


def carry_lines(before: str, edits: Sequence, after: str, lines) -> frozenset[int]:
    """The lines of `after` (made from `before` by `edits`) that come from `lines` of `before`.

    A line of `after` comes from every line of `before` its characters were
    taken from; a character a fix wrote comes from the whole span the fix
    replaced (an insertion, from the line it was inserted in), and a
    deletion between two of its characters joined what it deleted into it.
    """
    lines = frozenset(lines)
    if not edits or not lines:
        return lines
    # Where each replacement landed: (start and end in `after`, start and end in `before`).
    landed = []
    delta = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        ns = e.start + delta
        landed.append((ns, ns + len(e.replacement), e.start, e.end))
        delta += len(e.replacement) - (e.end - e.start)
    new_starts = [n[0] for n in landed]

    def source(p: int) -> tuple[int, int]:
        """The span of `before` that position p of `after` was made from."""
        i = bisect.bisect_right(new_starts, p) - 1
        if i < 0:
            return p, p + 1
        ns, ne, old_start, old_end = landed[i]
        if p < ne:
            return old_start, old_end
        q = old_end + (p - ne)
        return q, q + 1

    old_starts = _line_starts(before)
    starts = _line_starts(after)
    out = set()
    for k, a in enumerate(starts):
        b = starts[k + 1] if k + 1 < len(starts) else len(after)
        # Positions only move forward, so the line spans what its first and
        # last characters came from; an inserted character comes from the
        # point it was inserted at.
        lo = source(a)[0]
        end = lo
        if b > a:
            last_lo, last_hi = source(b - 1)
            end = last_hi - 1 if last_hi > last_lo else last_lo
        first = bisect.bisect_right(old_starts, lo)
        last = bisect.bisect_right(old_starts, max(lo, end))
        if any(n in lines for n in range(first, last + 1)):
            out.add(k + 1)
    return frozenset(out)
