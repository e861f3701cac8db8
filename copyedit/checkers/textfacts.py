"""Whole-document questions that checkers ask once per finding, answered once per document.

"Does the text name the body in full elsewhere?" costs a pass over the whole
text; asked for every slip of a long document with many slips, that is the
square of its length. The answers depend only on the text and the question,
so each is worked out once per document and kept with it.
"""

from __future__ import annotations

import regex


class TextFacts:
    """Counts, substrings and patterns in one document's prose view, each searched once."""

    __slots__ = ("view", "_memo")

    def __init__(self, view: str):
        self.view = view
        self._memo: dict[tuple[str, str], object] = {}

    def count(self, text: str) -> int:
        """How often `text` occurs (str.count: not overlapping)."""
        key = ("count", text)
        if key not in self._memo:
            self._memo[key] = self.view.count(text)
        return self._memo[key]

    def contains(self, text: str) -> bool:
        key = ("in", text)
        if key not in self._memo:
            self._memo[key] = text in self.view
        return self._memo[key]

    def search(self, pattern: str) -> bool:
        """Whether the `regex` pattern matches anywhere in the text."""
        key = ("re", pattern)
        if key not in self._memo:
            self._memo[key] = regex.search(pattern, self.view) is not None
        return self._memo[key]


def text_facts(doc) -> TextFacts:
    """The document's facts, shared by every checker that reads it."""
    return doc.once("text-facts", lambda d: TextFacts(d.view))
