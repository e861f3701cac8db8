"""Patterns from rule packs: compiled within bounds and run under a time limit.

A rule pack comes with whatever repository was cloned, so each of its
patterns, whatever the kind of rule that holds it, may be written to hang a
commit hook: by backtracking (`(a|a)+$`) or by a counted repeat that the
engine unrolls when it compiles (`(?:a{60000}){60000}` never finishes
compiling). Every kind compiles a pack's pattern with `compile_pattern` and
searches with `finditer`, and so shares one limit, `regex-timeout`.

The limit applies to one window of the document (about 16,000 characters,
cut after a sentence end), not to the whole of it: a limit on a whole 10 MB
document would switch a sound rule off on big files, or on a busy machine,
and what is found would depend on both. A window is searched a little beyond
its end (`OVERLAP`), and a match is kept by the window it starts in, so that
any match shorter than the overlap is found exactly as in one pass over the
whole text. A rule that still meets the limit raises `WindowTimeout`; its
checker reports it with `stopped_note`, and the run says that its check is
incomplete.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import regex

from copyedit.model import Note
from copyedit.windows import cuts

#: Characters of a window that the time limit covers, and how far past its
#: end a match starting in it may reach.
WINDOW = 16_000
OVERLAP = 2_000

#: The longest pattern a pack may hold, and the most atoms it may hold once
#: its counted repeats are unrolled (`[^.]{0,200}` inside `(...){1,50}` is
#: 10,000; `(?:a{1000}){1000}`, a million, takes seconds and 300 MB to compile).
MAX_PATTERN_LENGTH = 100_000
MAX_UNROLLED = 200_000

_COUNTED = re.compile(r"\{(\d*)(?:,(\d*))?\}")
_BRACED_ESCAPE = re.compile(r"\\[pPNgkxuU]\{[^}]*\}|\\[gk]<[^>]*>")


class PatternError(ValueError):
    """A pack's pattern that is refused before it is compiled; one line."""


def compile_pattern(pattern: str, flags: int = 0) -> "regex.Pattern":
    """The compiled pattern, or `PatternError` / `regex.error` for one that cannot be used."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise PatternError(f"pattern of {len(pattern):,} characters (at most {MAX_PATTERN_LENGTH:,})")
    size = unrolled_size(pattern)
    if size > MAX_UNROLLED:
        raise PatternError(f"its counted repeats unroll to about {size:,} atoms (at most {MAX_UNROLLED:,}); use + or * instead")
    return regex.compile(pattern, flags)


def unrolled_size(pattern: str) -> int:
    """About how many atoms `pattern` holds once its counted repeats are unrolled.

    Read from the text, without compiling: a group counts the atoms inside
    it, a `{m,n}` multiplies the atom or group before it, nested repeats
    multiply. Character classes and escapes count as one atom.
    """
    stack = [0]  # the atoms of each open group so far
    last = 0  # the atoms of the item just read, for a quantifier that follows
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "(":
            stack.append(0)
            i += 1
            continue
        if c == ")":
            last = stack.pop() if len(stack) > 1 else 0
            stack[-1] += last
            i += 1
            continue
        if c == "{":
            m = _COUNTED.match(pattern, i)
            if m and (m.group(1) or m.group(2)):
                low, high = m.group(1), m.group(2)
                # {m}: m; {m,n} and {,n}: n; {m,}: m, the part that is unrolled
                count = int(low) if high is None else int(high) if high else int(low)
                stack[-1] += last * (max(count, 1) - 1)
                last *= max(count, 1)
                i = m.end()
                continue
        if c == "\\":
            m = _BRACED_ESCAPE.match(pattern, i)
            i = m.end() if m else i + 2
        elif c == "[":
            i = _class_end(pattern, i)
        else:
            i += 1
        last = 1
        stack[-1] += 1
    return sum(stack)


def _class_end(pattern: str, i: int) -> int:
    """The index after the character class opening at `i` (nested classes, as the regex package's V1 allows, included)."""
    depth = 0
    j = i
    n = len(pattern)
    while j < n:
        c = pattern[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            depth += 1
            j += 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1  # a "]" first in a class is a member
            continue
        if c == "]":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return n


def windows(view: str) -> list[tuple[int, int]]:
    """The windows of the view that one time limit covers each."""
    bounds = [0, *cuts(view, 0, len(view), WINDOW), len(view)]
    return list(zip(bounds, bounds[1:]))


class WindowTimeout(TimeoutError):
    """The time limit, met in the window starting at view offset `where`."""

    def __init__(self, where: int):
        super().__init__(f"time limit met in the window at {where}")
        self.where = where


def finditer(pattern: "regex.Pattern", view: str, wins: list[tuple[int, int]], timeout: float) -> Iterator:
    """Every match, in order and never overlapping, as from one `finditer` over the view.

    Each window is searched under its own time limit: a window's search starts
    where the last match kept ended, and a match starting in the next window
    is left to that window. A window's matches are all found before any is
    used: the limit runs on the clock from the start of the search, and must
    not count the time spent on the findings.
    """
    resume = 0
    last = None
    for a, b in wins:
        endpos = min(len(view), b + OVERLAP)
        found = []
        try:
            for m in pattern.finditer(view, max(a, resume), endpos, timeout=timeout):
                if m.start() >= b:
                    break
                if m.span() != last:  # else an empty match at the end of the previous window, met again
                    found.append(m)
                    last = m.span()
                    resume = m.end()
        except TimeoutError:
            raise WindowTimeout(a) from None
        yield from found


def stopped_note(spec, doc, timeout: float, exc: BaseException) -> Note:
    """What the writer hears of a rule stopped by its time limit: it is off for the rest of the run."""
    return Note(
        f"warning: rule {spec.id!r} ({spec.file}) stopped after {timeout:g}s on the passage of "
        f"{doc.path}{_near(doc, getattr(exc, 'where', 0))} (its time limit, regex-timeout); it is off for the rest "
        "of this run, so the check is incomplete",
        incomplete=True,
    )


def _near(doc, vpos: int) -> str:
    """" from line N": where in the file a window of the view starts, when that maps."""
    mapped = doc.map_span(vpos, vpos)
    if mapped is not None:
        return f" from line {doc.line_of(mapped[0])}"
    seg = doc.segment_at(vpos)
    return f" from line {doc.line_of(seg.fstart)}" if seg is not None else ""
