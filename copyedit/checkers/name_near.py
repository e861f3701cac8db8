"""Which of the names filed under one key are worth judging for the word a window has at its open place.

With thousands of names, "University of *" holds hundreds and "* Party"
more; a slip keeps the start of the name's word or most of its letters, so
only those names are judged (their own acronym after the window aside, which
the checker asks about). Under a key with many names, their words are
compared with the window's in one call to rapidfuzz rather than one by one.
"""

from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

#: Under a key with this many names or more, the words are compared in one call.
WIDE = 8


def plausible(word: str, canon: str) -> bool:
    """A cheap first test of a candidate: a slip keeps the word's start or most of its letters."""
    return word[:3] == canon[:3] or Levenshtein.distance(word, canon, score_cutoff=2) <= 2


class NearWords:
    """The words the names under one key have at its open place, each in lower case."""

    __slots__ = ("words", "by_start")

    def __init__(self, words: list[str]):
        self.words = words
        self.by_start: dict[str, list[int]] = {}
        for j, w in enumerate(words):
            self.by_start.setdefault(w[:3], []).append(j)

    def near(self, word: str) -> list[int]:
        """The places of the words `plausible` passes for `word`, in filing order."""
        found = {j for _, _, j in process.extract(word, self.words, scorer=Levenshtein.distance, score_cutoff=2, limit=None)}
        found.update(self.by_start.get(word[:3], ()))
        return sorted(found)
