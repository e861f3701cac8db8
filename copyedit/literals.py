"""The literal text a pattern cannot match without, read once when the pattern compiles.

Most of a pack's patterns find nothing in most documents, and the engine
still walks the whole text for each: it skips ahead by itself only to a
literal that every match starts with, not to one in the middle ("[ ]{2,3}"
after a look-behind) or to one of several ("utilise|leverage"). When a
document holds none of a pattern's required literals, the pattern cannot
match there and need not run.

The pattern is read with the `regex` package's own parser, so what is read
is what the engine runs. Only node types whose meaning is certain count
(literal characters and strings, sequences, alternations, groups, repeats of
at least one); anything else (a class, a back-reference, fuzzy matching,
conditionals) stands for "unknown", and a pattern with nothing certain left
gets no prefilter: it always runs. Literals matched without regard to case
are kept only when they are ASCII, and are then looked for in the
case-folded text (each character a match accepts case-folds to the literal's
own letters, "ſ" and the Kelvin sign included).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import regex
#: regex's own parser: private, so typed as Any (see the module docstring).
core: Any = importlib.import_module("regex._regex_core")

#: A literal repeated `{m,}` counts as at most this many copies.
_MAX_REPEAT = 8
#: Looking for more needles than this one after the other costs more than
#: the search it would save (a list of 70 words is no prefilter).
MAX_NEEDLES = 8


@dataclass(frozen=True)
class Needle:
    text: str
    folded: bool  # look for it in the case-folded text


@dataclass(frozen=True)
class Prefilter:
    """Any match of the pattern contains one of `needles`."""

    needles: tuple[Needle, ...]

    def may_match(self, hay: "Haystack") -> bool:
        """False only when the text holds none of the needles."""
        for n in self.needles:
            if n.text in (hay.folded if n.folded else hay.text):
                return True
        return False


class Haystack:
    """A document's text, and its case-folded copy, made the first time a prefilter asks for it."""

    def __init__(self, text: str):
        self.text = text
        self._folded: str | None = None

    @property
    def folded(self) -> str:
        if self._folded is None:
            self._folded = self.text.casefold()
        return self._folded


def prefilter(pattern: str, flags: int = 0) -> Prefilter | None:
    """The pattern's prefilter, or None when no literal is certain to be in every match."""
    try:
        parsed = _parse(pattern, flags)
        need = _required(parsed)
    except Exception:  # noqa: BLE001 - an internal of `regex` changed, or a construct it parses differently: no prefilter
        return None
    if not need or any(not n.text for n in need) or len(need) > MAX_NEEDLES:
        return None
    return Prefilter(tuple(sorted(need, key=lambda n: (n.text, n.folded))))


def _parse(pattern: str, flags: int):
    """The parse tree `regex.compile` builds, before it is optimised (as in `regex._main._compile`)."""
    global_flags = flags
    while True:
        source = core.Source(pattern)
        info = core.Info(global_flags, source.char_type, {})
        info.guess_encoding = core.UNICODE
        source.ignore_space = bool(info.flags & regex.VERBOSE)
        try:
            parsed = core._parse_pattern(source, info)
            break
        except core._UnscopedFlagSet:
            global_flags = info.global_flags
    if not source.at_end():
        raise ValueError("unbalanced parenthesis")
    return parsed


# A requirement: a set of needles, one of which is in every match; None: unknown.
def _required(node) -> frozenset[Needle] | None:
    kind = type(node)
    if kind is core.Character:
        if not node.positive or node.zerowidth:
            return None
        return _needle(chr(node.value), node.case_flags)
    if kind in (core.String, core.Literal):
        return _needle("".join(chr(c) for c in node.characters), node.case_flags)
    if kind is core.Sequence:
        return _sequence(node.items)
    if kind is core.Branch:
        out: set[Needle] = set()
        for b in node.branches:
            r = _required(b)
            if not r:
                return None
            out |= r
        return frozenset(out)
    if kind in (core.Group, core.Atomic):
        return _required(node.subpattern)
    if kind in (core.GreedyRepeat, core.LazyRepeat, core.PossessiveRepeat):
        if node.min_count < 1:
            return None
        n = _exact(node.subpattern)
        if n is not None:  # "[ ]{2,3}" holds two spaces in a row
            return frozenset({Needle(n.text * min(node.min_count, _MAX_REPEAT), n.folded)})
        return _required(node.subpattern)
    return None


def _needle(text: str, case_flags: int) -> frozenset[Needle] | None:
    if not case_flags:
        return frozenset({Needle(text, False)})
    if not text.isascii():
        return None
    return frozenset({Needle(text.casefold(), True)})


def _exact(node) -> Needle | None:
    """The one needle a node always matches whole (a literal character or string), if it is one."""
    if type(node) is core.Character and node.positive and not node.zerowidth:
        r = _needle(chr(node.value), node.case_flags)
    elif type(node) in (core.String, core.Literal):
        r = _needle("".join(chr(c) for c in node.characters), node.case_flags)
    else:
        return None
    return next(iter(r)) if r else None


def _sequence(items) -> frozenset[Needle] | None:
    """The best requirement of a sequence: runs of adjacent literals joined, then the longest."""
    candidates: list[frozenset[Needle]] = []
    run: list[Needle] = []

    def close_run():
        if run:
            candidates.append(frozenset({Needle("".join(n.text for n in run), run[0].folded)}))
            run.clear()

    for item in items:
        n = _exact(item)
        if n is not None and (not run or run[0].folded == n.folded):
            run.append(n)
            continue
        close_run()
        if n is not None:
            run.append(n)
            continue
        r = _required(item)
        if r:
            candidates.append(r)
    close_run()
    if not candidates:
        return None
    # The requirement whose shortest needle is longest passes the fewest documents.
    return max(candidates, key=lambda r: (min(len(n.text) for n in r), -len(r)))
