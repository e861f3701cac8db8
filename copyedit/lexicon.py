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

