"""Names filed by their words with one word left open, found in one pass whatever the dictionary's size.

A name of n words is filed under its n keys with one word replaced by "*"
("North Atlantic * Organization"); a window of n words of the text finds
every name it matches but for one word with at most n lookups, however many
names there are.

Most words of a text start no window that holds a key, and the first words
of a window tell: a key that matches has the first two, or leaves one of
them open and has the other (and, if longer, the third). So the index keeps,
for those words, which window lengths hold a key so (the bits of an int),
and one pass over a document's words, a few dictionary lookups a word, finds
the few windows worth building keys for.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from itertools import chain, islice

WILD = "*"
#: The bits of a window of one word and of two: longer ones are told apart by their third word.
_ONE = 1 << 1
_TWO = 1 << 2


class FirstLook:
    """Which window lengths may hold a key, by the window's first words: each a set of lengths as the bits of an int.

    By the first two words, of keys that hold both (and, for keys to be
    matched whatever the case, by the two in lower case); of keys that leave
    the first word open, by the second; of keys that leave the second open,
    by the first. Keys of three words or more that leave one of the first two
    open are also kept by the other and the third.
    """

    __slots__ = ("both", "open_first", "open_second", "open_first3", "open_second3", "lower", "single")

    def __init__(self, keys: Iterable[tuple[str, ...]], whole: Iterable[tuple[str, ...]], any_case: Iterable[tuple[str, ...]]):
        both: dict[tuple[str, str], int] = {}
        open_first: dict[str, int] = {}
        open_second: dict[str, int] = {}
        open_first3: dict[tuple[str, str], int] = {}
        open_second3: dict[tuple[str, str], int] = {}
        for words in whole:
            # Every key of these words at once (each leaves one word open), and the words themselves.
            n = len(words)
            bit = 1 << n
            a, b = words[0], words[1]
            open_first[b] = open_first.get(b, 0) | bit
            open_second[a] = open_second.get(a, 0) | bit
            at = (a, b)
            both[at] = both.get(at, 0) | bit  # the words themselves, and keys that leave a later word open
            if n > 2:
                at = (b, words[2])
                open_first3[at] = open_first3.get(at, 0) | bit
                at = (a, words[2])
                open_second3[at] = open_second3.get(at, 0) | bit
        for key in keys:
            n = len(key)
            if n < 2:
                continue  # no window of one word is ever looked up
            bit = 1 << n
            a, b = key[0], key[1]
            if a == WILD:
                open_first[b] = open_first.get(b, 0) | bit
                if n > 2:
                    at = (b, key[2])
                    open_first3[at] = open_first3.get(at, 0) | bit
            elif b == WILD:
                open_second[a] = open_second.get(a, 0) | bit
                if n > 2:
                    at = (a, key[2])
                    open_second3[at] = open_second3.get(at, 0) | bit
            else:
                at = (a, b)
                both[at] = both.get(at, 0) | bit
        lower: dict[tuple[str, str], int] = {}
        #: Words that are a key of one word in lower case: a window of one word.
        single: dict[str, int] = {}
        for key in any_case:
            if len(key) >= 2:
                at = (key[0], key[1])
                lower[at] = lower.get(at, 0) | 1 << len(key)
            elif key:
                single[key[0]] = _ONE
        self.both, self.open_first, self.open_second = both, open_first, open_second
        self.open_first3, self.open_second3, self.lower, self.single = open_first3, open_second3, lower, single


class KeyIndex:
    """Keys with at most one word left open, what is filed under them, and the first look at a window."""

    __slots__ = ("buckets", "_keys", "_whole", "_allowed", "_any_case", "_look")

    def __init__(self) -> None:
        self.buckets: dict[tuple[str, ...], list] = {}
        #: What the first look is made from: keys filed one by one, words
        #: filed under all their keys, keys looked up beside the filed ones,
        #: and keys to be matched whatever the case.
        self._keys: list[tuple[str, ...]] = []
        self._whole: list[tuple[str, ...]] = []
        self._allowed: list[tuple[str, ...]] = []
        self._any_case: list[tuple[str, ...]] = []
        self._look: FirstLook | None = None

    def __len__(self) -> int:
        return len(self.buckets)

    def get(self, key: tuple[str, ...], default=None):
        return self.buckets.get(key, default)

    def add(self, key: tuple[str, ...], value) -> None:
        """File `value` under `key`."""
        self.buckets.setdefault(key, []).append(value)
        self._keys.append(key)
        self._look = None

    def add_all(self, words: tuple[str, ...], value) -> None:
        """File `value` under every key of `words` (each leaves one word open), and let the words themselves through."""
        buckets = self.buckets
        for i in range(len(words)):
            key = words[:i] + (WILD,) + words[i + 1 :]
            bucket = buckets.get(key)
            if bucket is None:
                buckets[key] = [value]
            else:
                bucket.append(value)
        if len(words) >= 2:
            self._whole.append(words)
        self._look = None

    def allow(self, key: tuple[str, ...]) -> None:
        """Let windows that may match `key` through the first look, though nothing is filed under it."""
        self._allowed.append(key)
        self._look = None

    def allow_any_case(self, keys: Iterable[tuple[str, ...]]) -> None:
        """Let windows that are one of `keys` (in lower case) whatever their case through the first look.

        A key of one word lets its word through alone: its window is that word.
        """
        self._any_case.extend(keys)
        self._look = None

    def whole(self) -> list[tuple[str, ...]]:
        """The words filed under all their keys (`add_all`)."""
        return self._whole

    def first_look(self) -> FirstLook:
        """The first look's tables, made once every key is in (the first `starts` makes them otherwise)."""
        if self._look is None:
            self._look = FirstLook(chain(self._keys, self._allowed), self._whole, self._any_case)
        return self._look

    def starts(self, words: list[str], lows: list[str], at: list[int] | None = None) -> list[tuple[int, int, int, int]]:
        """Each word that may start a window holding a key, with the window lengths that may (bits of ints).

        Three sets of lengths: of keys that hold the window's first two
        words (as written, or in lower case for keys allowed in any case),
        of keys that leave the first open, of keys that leave the second
        open. A key that leaves a later word open holds the first two.
        Only the places `at` are looked at, when given (in order).
        """
        look = self.first_look()
        by_both, by_second, by_first, by_lower = look.both, look.open_first, look.open_second, look.lower
        if at is not None:
            last = len(words) - 1
            rough = [
                (i, both, open_first, open_second)
                for i in at
                if i < last
                and (both := by_both.get((words[i], words[i + 1]), 0) | by_lower.get((lows[i], lows[i + 1]), 0))
                | (open_first := by_second.get(words[i + 1], 0))
                | (open_second := by_first.get(words[i], 0))
            ]
        elif by_lower:
            rough = [
                (i, both, open_first, open_second)
                for i, (a, b, low) in enumerate(zip(words, islice(words, 1, None), zip(lows, islice(lows, 1, None))))
                if (both := by_both.get((a, b), 0) | by_lower.get(low, 0))
                | (open_first := by_second.get(b, 0))
                | (open_second := by_first.get(a, 0))
            ]
        else:
            rough = [
                (i, both, open_first, open_second)
                for i, (a, b) in enumerate(zip(words, islice(words, 1, None)))
                if (both := by_both.get((a, b), 0)) | (open_first := by_second.get(b, 0)) | (open_second := by_first.get(a, 0))
            ]
        rough = _by_third_word(look, words, rough)
        if look.single:
            rough = _with_single_words(rough, lows if at is None else [lows[i] for i in at], look.single, at)
        return rough


def _with_single_words(rough, lows: list[str], single: dict[str, int], at: list[int] | None) -> list[tuple[int, int, int, int]]:
    """The windows of one word that is a key of one word in lower case, added to the others (rare: no list holds one)."""
    places = at if at is not None else range(len(lows))
    found = {i: (i, *rest) for i, *rest in rough}
    for i, low in zip(places, lows):
        if low in single:
            _, both, open_first, open_second = found.get(i, (i, 0, 0, 0))
            found[i] = (i, both | _ONE, open_first, open_second)
    return sorted(found.values())


def _by_third_word(look: FirstLook, words: list[str], rough: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """The windows of three words or more that leave one of the first two open, checked against the third.

    "* of England" lets every word before "of" through the rough look;
    the third word stops nearly all of them.
    """
    out = []
    last = len(words) - 2
    by_first3, by_second3 = look.open_first3, look.open_second3
    for i, both, open_first, open_second in rough:
        if open_first > _TWO:
            open_first = (open_first & _TWO) | (by_first3.get((words[i + 1], words[i + 2]), 0) if i < last else 0)
        if open_second > _TWO:
            open_second = (open_second & _TWO) | (by_second3.get((words[i], words[i + 2]), 0) if i < last else 0)
        if both | open_first | open_second:
            out.append((i, both, open_first, open_second))
    return out


@lru_cache(maxsize=4096)
def lengths_desc(mask: int) -> tuple[int, ...]:
    """The window lengths whose bits `mask` holds, longest first."""
    return tuple(n for n in range(mask.bit_length() - 1, -1, -1) if mask >> n & 1)


def up_to(n: int) -> int:
    """The bits of every window length up to n."""
    return (2 << n) - 1


def outside(words: list[str], i: int, j: int, vocab) -> int:
    """How many of words[i:j] no key holds: a window with two such words matches nothing."""
    return len([w for w in words[i:j] if w not in vocab])


def wildcard_keys(window: tuple[str, ...], vocab, outside: int, both: int, open_first: int, open_second: int) -> list[tuple[str, ...]]:
    """The keys a window may match, open word first to last.

    With one word no key holds (`outside` 1), only the key that leaves it
    open; and only keys whose place of the open word `starts` allows.
    """
    bit = 1 << len(window)
    if len(window) == 1:
        return [(WILD,)] if both & bit else []
    if outside:
        i = next(j for j, w in enumerate(window) if w not in vocab)
        places: Iterable[int] = (i,)
    else:
        places = range(len(window)) if both & bit else range(min(2, len(window)))
    return [window[:i] + (WILD,) + window[i + 1 :] for i in places if (open_first if i == 0 else open_second if i == 1 else both) & bit]
