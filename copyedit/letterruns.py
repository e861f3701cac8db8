"""The words of a document's prose, cut once and shared by the checkers that read words.

A word here is a run of letters with their combining marks ("Gordon",
"São"; "don" and "t" of "don't", "pro" and "russian" of "pro-russian"),
inside one segment. Several checkers read a document word by word; cutting
its text once for all of them spares each a pass over the text (a third of
what the proper-noun rules cost). A checker that needs another kind of word
(with digits, possessives, hyphens) still builds it, from these runs or from
its own pattern.

Get them with `LetterRuns.of(doc)` (cut by the first checker that asks, then
kept in `doc.derived`); the lists are shared, so no checker may change them.
`places(runs.texts, words)` finds where some words stand without a Python
loop over every word.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate, compress

import regex

#: One run of letters, and the same kept by a split between the gaps.
LETTER_RUN = regex.compile(r"\p{L}[\p{L}\p{M}]*")
_RUN = regex.compile(f"({LETTER_RUN.pattern})")
_MARK = regex.compile(r"\p{M}")


@dataclass(frozen=True)
class LetterRuns:
    """A document's letter runs, and what a checker may ask of them as a whole."""

    #: (view start, view end, text) of every run, in the order of the view.
    tokens: list[tuple[int, int, str]]
    #: `tokens[i][2]`, for counting and set lookups in C.
    texts: list[str]
    #: The index in `doc.segments` of the segment holding `tokens[i]`.
    segment_of: list[int]
    #: For each segment, (a, b): its runs are `tokens[a:b]`.
    bounds: list[tuple[int, int]]
    #: Whether the runs hold every letter of the view.
    whole: bool
    view: str = field(repr=False)

    @cached_property
    def plain(self) -> bool:
        """Whether the runs are every letter of the view and none holds a combining mark.

        Then a pattern's whole words of plain letters ("Senate", "senate")
        are runs, and counting the runs counts them (or more).
        """
        return self.whole and _MARK.search(self.view) is None

    @cached_property
    def ascii(self) -> bool:
        """Whether every run is ASCII letters (no case rule can then read one letter as another)."""
        return "".join(self.texts).isascii()

    @cached_property
    def distinct(self) -> list[str]:
        """The words the runs spell, each once."""
        return list(set(self.texts))

    @classmethod
    def of(cls, doc) -> "LetterRuns":
        return doc.once("letter-runs", _cut)


def places(texts: list[str], wanted) -> list[int]:
    """The indices of the words of `texts` that are in `wanted`, in order.

    One pass in C (`compress`), not a Python loop over every word: a checker
    that looks at a handful of words out of thousands visits only those.
    """
    return list(compress(range(len(texts)), map(wanted.__contains__, texts)))


def _cut(doc) -> LetterRuns:
    """The runs of the whole view in one split, kept where they lie inside a segment."""
    view = doc.view
    parts = _RUN.split(view)  # gap, run, gap, run, ..., gap
    ends = list(accumulate(map(len, parts)))
    texts = parts[1::2]
    starts = ends[0:-1:2]
    stops = ends[1::2]
    kept: list[tuple[int, int]] = []
    segment_of: list[int] = []
    for si, seg in enumerate(doc.segments):
        a = bisect.bisect_left(starts, seg.vstart)
        b = bisect.bisect_left(starts, seg.vend)
        if (a and stops[a - 1] > seg.vstart) or (b > a and stops[b - 1] > seg.vend):
            return _cut_per_segment(doc)  # a run across a segment's edge: cut each segment alone
        kept.append((a, b))
        segment_of.extend([si] * (b - a))
    tokens = list(zip(starts, stops, texts))
    if len(segment_of) < len(texts):  # letters outside every segment
        return _cut_per_segment(doc)
    return LetterRuns(tokens, texts, segment_of, kept, whole=True, view=view)


def _cut_per_segment(doc) -> LetterRuns:
    tokens: list[tuple[int, int, str]] = []
    segment_of: list[int] = []
    bounds: list[tuple[int, int]] = []
    for si, seg in enumerate(doc.segments):
        runs = [(m.start(), m.end(), m.group()) for m in LETTER_RUN.finditer(doc.view, seg.vstart, seg.vend)]
        bounds.append((len(tokens), len(tokens) + len(runs)))
        tokens.extend(runs)
        segment_of.extend([si] * len(runs))
    return LetterRuns(tokens, [t[2] for t in tokens], segment_of, bounds, whole=False, view=doc.view)
