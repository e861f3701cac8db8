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

    __slots__ = ("view", "_counts", "_contains", "_matches")

    def __init__(self, view: str):
        self.view = view
        self._counts: dict[str, int] = {}
        self._contains: dict[str, bool] = {}
        self._matches: dict[str, bool] = {}

    def count(self, text: str) -> int:
        """How often `text` occurs (str.count: not overlapping)."""
        if text not in self._counts:
            self._counts[text] = self.view.count(text)
        return self._counts[text]

    def contains(self, text: str) -> bool:
        if text not in self._contains:
            self._contains[text] = text in self.view
        return self._contains[text]

    def search(self, pattern: str) -> bool:
        """Whether the `regex` pattern matches anywhere in the text."""
        if pattern not in self._matches:
            self._matches[pattern] = regex.search(pattern, self.view) is not None
        return self._matches[pattern]


def text_facts(doc) -> TextFacts:
    """The document's facts, shared by every checker that reads it."""
    return doc.once("text-facts", lambda d: TextFacts(d.view))
