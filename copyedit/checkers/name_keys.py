"""Names filed by their words in lower case with one word left open, found whatever the dictionary's size.

A name of n words is filed under its n keys with one word replaced by "*"
("north atlantic * organization"); a window of n words of the text finds
every name it matches but for one word with at most n lookups, however many
names there are.

Most words of a text start no window that holds a key, and the first two
words of a window tell: a key that matches has both, or leaves one of them
open and has the other. So the index keeps, for each first word, second word
and pair of them, which window lengths hold a key so (the bits of an int),
and one pass over a document's words, three dictionary lookups a word, finds
the few windows worth building keys for.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import accumulate, islice
from collections.abc import Iterable

WILD = "*"


class KeyIndex:
    """Keys with at most one word left open, what is filed under them, and the first look at a window."""

    __slots__ = ("buckets", "_both", "_open_first", "_open_second")

    def __init__(self) -> None:
        self.buckets: dict[tuple[str, ...], list] = {}
        #: Lengths of keys by their first two words; of keys that leave the
        #: first word open, by the second; of keys that leave the second open, by the first.
        self._both: dict[tuple[str, str], int] = {}
        self._open_first: dict[str, int] = {}
        self._open_second: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.buckets)

    def get(self, key: tuple[str, ...], default=None):
        return self.buckets.get(key, default)

    def add(self, key: tuple[str, ...], value) -> None:
        """File `value` under `key`."""
        bucket = self.buckets.get(key)
        if bucket is None:
            self.buckets[key] = [value]
            self.allow(key)
        else:
            bucket.append(value)

    def allow(self, key: tuple[str, ...]) -> None:
        """Let windows that may match `key` through the first look (every filed key; exact forms looked up beside)."""
        if len(key) < 2:
            return  # no window of one word is ever looked up
        bit = 1 << len(key)
        a, b = key[0], key[1]
        if a == WILD:
            self._open_first[b] = self._open_first.get(b, 0) | bit
        elif b == WILD:
            self._open_second[a] = self._open_second.get(a, 0) | bit
        else:
            self._both[(a, b)] = self._both.get((a, b), 0) | bit

    def starts(self, lows: list[str]) -> list[tuple[int, int, int, int]]:
        """Each word that may start a window holding a key, with the window lengths that may (bits of ints).

        Three sets of lengths: of keys that hold the window's first two
        words, of keys that leave the first open, of keys that leave the
        second open. A key that leaves a later word open holds the first two.
        """
        by_both, by_second, by_first = self._both, self._open_first, self._open_second
        return [
            (i, both, open_first, open_second)
            for i, (a, b) in enumerate(zip(lows, islice(lows, 1, None)))
            if (both := by_both.get((a, b), 0)) | (open_first := by_second.get(b, 0)) | (open_second := by_first.get(a, 0))
        ]


@lru_cache(maxsize=4096)
def lengths_desc(mask: int) -> tuple[int, ...]:
    """The window lengths whose bits `mask` holds, longest first."""
    return tuple(n for n in range(mask.bit_length() - 1, -1, -1) if mask >> n & 1)


def up_to(n: int) -> int:
    """The bits of every window length up to n."""
    return (2 << n) - 1


def outside_counts(lows: list[str], vocab) -> list[int]:
    """How many of the first i words no key holds, for every i: a window with two such words matches nothing."""
    return [0, *accumulate(w not in vocab for w in lows)]


def wildcard_keys(window: tuple[str, ...], vocab, outside: int, both: int, open_first: int, open_second: int) -> list[tuple[str, ...]]:
    """The keys a window may match, open word first to last.

    With one word no key holds (`outside` 1), only the key that leaves it
    open; and only keys whose place of the open word `starts` allows.
    """
    bit = 1 << len(window)
    if outside:
        i = next(j for j, w in enumerate(window) if w not in vocab)
        places: Iterable[int] = (i,)
    else:
        places = range(len(window)) if both & bit else range(min(2, len(window)))
    return [
        window[:i] + (WILD,) + window[i + 1 :]
        for i in places
        if (open_first if i == 0 else open_second if i == 1 else both) & bit
    ]
