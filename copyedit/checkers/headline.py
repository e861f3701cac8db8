"""`headline` rules: a headline keeps the case style it chose.

The style is read from the headline itself: when nearly every major word is
capitalised, it is in title case and a lower-case major word is a slip
("Potential Pre-emptive action Against" -> "Action"). Minor words (articles,
short conjunctions and prepositions, per AP and Chicago) may go either way and
are never flagged. A sentence-case headline is left alone: its capitals are
names, which only a person can tell apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from copyedit.casing import capitalised
from copyedit.checkers import Kind
from copyedit.checkers.options import Options, known_keys
from copyedit.checkers.proper_nouns import NAME_PARTICLES
from copyedit.model import Applicability
from copyedit.rulespec import RuleSpec
from copyedit.templates import render

# Lower case in title case under AP or Chicago (either is accepted), plus the
# particles of names (de, van, von) that stay lower case.
MINOR_WORDS = (
    frozenset(
        """a an the and but or nor for so yet as at by in of off on per to up via vs v
        from into onto over with than out down near past upon like till""".split()
    )
    | NAME_PARTICLES
)

# A word starts at a letter that does not continue a number or another word:
# the "th" of "20th" is no word of its own.
_WORD = regex.compile(r"(?<![\p{L}\p{M}\p{N}'’.-])[\p{L}\p{M}][\p{L}\p{M}\p{N}'’.-]*")
_ASIDE = regex.compile(r"\([^()]*\)|\[[^\[\]]*\]")


@dataclass(frozen=True)
class HeadlineOptions(Options):
    """How sure a headline must be of its title case before a lower-case word is a slip."""

    minor_words: tuple[str, ...] = ()
    min_major_words: int = 4
    threshold: float = 0.8

    @classmethod
    def parse(cls, raw, rule: RuleSpec) -> "HeadlineOptions":
        keys = known_keys(cls, raw, rule)
        words = keys.get("minor_words", [])
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise rule.error("'minor_words' must be a list of words")
        if "min_major_words" in keys and not isinstance(keys["min_major_words"], int):
            raise rule.error("'min_major_words' must be an integer")
        t = keys.get("threshold", 0.8)
        if not isinstance(t, (int, float)) or not 0.5 <= t <= 1:
            raise rule.error("'threshold' must be a number between 0.5 and 1")
        return cls(minor_words=tuple(words), min_major_words=keys.get("min_major_words", 4), threshold=float(t))

    def message_fields(self) -> frozenset[str]:
        return frozenset({"word"})


def _is_checkable(word: str) -> bool:
    """Words whose case says something about the headline's style."""
    if any(c.isdigit() for c in word):
        return False
    rest = word[1:]
    # iPhone, eBay, McDonald's, NATO: the writer chose this case on purpose.
    return not any(c.isupper() for c in rest)


class HeadlineChecker:
    name = "headline"

    def __init__(self, specs: list[RuleSpec]):
        self.specs = specs

    def check(self, doc) -> list:
        out = []
        for seg in doc.segments:
            if seg.kind != "heading":
                continue
            for spec in self.specs:
                out.extend(self._check_heading(doc, seg, spec))
        return out

    def _check_heading(self, doc, seg, spec: RuleSpec) -> list:
        o: HeadlineOptions = spec.options
        minor = MINOR_WORDS | {w.lower() for w in o.minor_words}
        min_major = o.min_major_words
        threshold = o.threshold
        text = doc.view[seg.vstart : seg.vend]
        # A bracketed aside is no part of the title: a disambiguator ("Bye Bye
        # Love (The Everly Brothers song)") or a note ("(abbreviated as POUR)")
        # is written in running-text case whatever the title does.
        asides = [m.span() for m in _ASIDE.finditer(text)]
        words = [m for m in _WORD.finditer(text) if not any(a <= m.start() < b for a, b in asides)]
        if len(words) < 3:
            return []
        majors = []
        for i, m in enumerate(words):
            w = m.group()
            if i == 0 or w.lower() in minor or not _is_checkable(w):
                continue
            # The first word after a colon starts a new title; always capitalised.
            majors.append(m)
        if len(majors) < min_major:
            return []
        lower = [m for m in majors if m.group()[0].islower()]
        upper = len(majors) - len(lower)
        if not lower or upper / len(majors) < threshold:
            return []
        # With one slip in a clearly title-cased headline the fix is certain;
        # with more, the headline may simply be in a mixed style.
        sure = len(lower) == 1 and upper >= min_major - 1
        out = []
        for m in lower:
            w = m.group()
            first = capitalised(w[0])
            s = doc.emit(
                spec,
                seg.vstart + m.start(),
                seg.vstart + m.start() + 1,
                [first] if first else [],
                message=render(spec.message, {"word": w}),
                applicability=Applicability.DISPLAY if first is None else spec.fix if sure else Applicability.UNSAFE,
            )
            if s is not None:
                out.append(s)
        return out


def build(specs: list[RuleSpec], ctx) -> HeadlineChecker:
    return HeadlineChecker(specs)


KIND = Kind("headline", HeadlineOptions, build, category="capitalization")
