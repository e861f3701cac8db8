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


@lru_cache(maxsize=65536)
def in_dictionary(word: str, dialect: str = "us") -> bool:
    """Whether Harper's dictionary accepts `word` exactly as written."""
    if not word or not any(c.isalpha() for c in word):
        return False
    from copyedit.backends.harper import spell_linter

    return not spell_linter(dialect).lint(word, language="plaintext")


def is_ordinary_word(word: str, dialect: str = "us") -> bool:
    """A lower-case dictionary word: "turkey" and "polish" are, "russia" is not."""
    low = word.lower()
    return low.isalpha() and in_dictionary(low, dialect)


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """How common the word is in English, on the Zipf scale (0 when unseen)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")
