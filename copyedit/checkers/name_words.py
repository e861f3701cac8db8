"""The words of a document as the `names` checker reads them, found once per document.

Both of the checker's passes (names from the lists, then names the document
writes itself) read the same words, and nearly every word is looked at only
to be passed over: so the words are kept as parallel lists (offsets, text,
lower case) with the runs they form as index ranges, and a `Token` is made
only for a window worth judging.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from copyedit.document import Segment

_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}&.'’-]*(?<![.'’-])")
#: Words of a name are separated by spaces only (a possessive ending may sit before them).
_CONNECTORS = regex.compile(r"(?:['’]s?)?[ \t\u00a0]+")
#: Prefixes that attach to a name without being part of it: "non-European Union citizens".
_NAME_PREFIX = regex.compile(r"(?i:non|pro|anti|ex|post|pre|mid|all|ultra|semi|quasi)-(?=\p{Lu})")
#: A word never ends in an apostrophe or a period (see `_WORD`), so a possessive is "'s" at the end.
_POSSESSIVE_ENDINGS = ("'s", "’s")


class Token:
    """A word of the text, its possessive ending kept apart ("Union" of "Union's")."""

    __slots__ = ("start", "end", "text")

    def __init__(self, start: int, end: int, text: str):
        self.start, self.end, self.text = start, end, text


def _spans(view: str, start: int, end: int, split_prefixes: bool) -> list[tuple[int, int, str]]:
    out = []
    for m in _WORD.finditer(view, start, end):
        s, e = m.span()
        t = m.group()
        if t.endswith(_POSSESSIVE_ENDINGS):
            e -= 2
            t = t[:-2]
        if split_prefixes and "-" in t:
            pre = _NAME_PREFIX.match(t)
            if pre and "-" not in t[pre.end() :]:
                s += pre.end()
                t = t[pre.end() :]
        out.append((s, e, t))
    return out


def tokens(view: str, start: int, end: int, split_prefixes: bool = False) -> list[Token]:
    return [Token(s, e, t) for s, e, t in _spans(view, start, end, split_prefixes)]


@dataclass(frozen=True, slots=True)
class Run:
    """Words separated by spaces only, words[lo:hi]: a name never spans a comma."""

    segment: Segment
    lo: int
    hi: int
    #: The word before a comma-separated run, in lower case: it still counts
    #: for plurals ("the Labour, Conservative Parties").
    before: str | None


class Words:
    """Every word of a document, in reading order, and the runs they form."""

    __slots__ = ("starts", "ends", "texts", "lows", "runs", "_run_los")

    def __init__(self, view: str, segments):
        starts: list[int] = []
        ends: list[int] = []
        texts: list[str] = []
        runs: list[Run] = []
        connects = _CONNECTORS.fullmatch
        for seg in segments:
            lo = len(starts)
            before = None
            last_end = -1
            for s, e, t in _spans(view, seg.vstart, seg.vend, True):
                if last_end >= 0 and not (view[last_end:s] == " " or connects(view, last_end, s)):
                    i = len(starts)
                    runs.append(Run(seg, lo, i, before))
                    before = texts[-1].lower() if view[last_end:s].strip() == "," else None
                    lo = i
                starts.append(s)
                ends.append(e)
                texts.append(t)
                last_end = e
            if len(starts) > lo:
                runs.append(Run(seg, lo, len(starts), before))
        self.starts, self.ends, self.texts, self.runs = starts, ends, texts, runs
        self.lows = [t.lower() for t in texts]
        self._run_los = [run.lo for run in runs]

    def run_at(self, i: int) -> Run:
        """The run of word i."""
        return self.runs[bisect_right(self._run_los, i) - 1]

    def window(self, i: int, j: int) -> list[Token]:
        """Words i to j (not included) as tokens, for the judges."""
        return [Token(s, e, t) for s, e, t in zip(self.starts[i:j], self.ends[i:j], self.texts[i:j])]
