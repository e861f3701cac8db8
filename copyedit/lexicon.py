"""What English knows about a word: is it in the dictionary, and how common is it.

Two questions decide whether a checker may act. Is the lower-case word an
ordinary word ("turkey", "polish", "time")? Then a capitalised use elsewhere
("Turkey", *Time* magazine) is no proof that this one is a name. How common are
a word and its correction? A fix to a rare word ("harpooneer" -> "harpooner")
or from a word the language uses ("per capita" -> "capital") is not a slip
being mended, and is never made without a person.

The dictionary is Harper's (case-sensitive: it knows "turkey" and "Russia",
not "russia"); frequencies are wordfreq's Zipf scale (log10 of uses per
billion words: "the" 7.7, "important" 5.4, "hundredth" 2.8, unseen 0).
"""

from __future__ import annotations

from functools import lru_cache

from copyedit.frequency import zipf  # noqa: F401  (part of what the lexicon answers)


@lru_cache(maxsize=65536)
def in_dictionary(word: str, dialect: str = "us") -> bool:
    """Whether Harper's dictionary accepts `word` exactly as written."""
    from copyedit.backends.harper import in_dictionary as harper_knows

    return harper_knows(word, dialect)


def is_ordinary_word(word: str, dialect: str = "us") -> bool:
    """A lower-case dictionary word: "turkey" and "polish" are, "russia" is not."""
    low = word.lower()
    return low.isalpha() and in_dictionary(low, dialect)


#: Two consonants that can open an English word; any other pair ("lcov",
#: "nvm", "mkdir") is read letter by letter.
_ONSETS = frozenset(
    "bl br ch cl cr dr dw fl fr gh gl gn gr kh kl kn kr ph pl pn pr ps pt rh sc sh sk sl sm sn sp sq st sw th tr ts tw wh wr".split()
)


def read_as_letters(word: str) -> bool:
    """A lower-case token that cannot be said as a word ("lcov", "npm"): a name or a command, read letter by letter.

    Reading decides "an npm package" over "a npm package", and a sentence
    that opens with "npm is" opens with a name as its owner writes it.
    """
    head = word[:2]
    if len(head) < 2 or not head.isalpha():
        return False
    vowels = set("aeiouy")
    return head[0] not in vowels and head[1] not in vowels and head not in _ONSETS
