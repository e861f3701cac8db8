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

import atexit
import threading
from functools import lru_cache

from copyedit.frequency import zipf  # noqa: F401  (part of what the lexicon answers)

_facts = None
_use_cache = True
_lock = threading.Lock()


def use_cache(on: bool) -> None:
    """Whether dictionary answers are read from and kept in the result cache (`--no-cache`: not)."""
    global _use_cache
    _use_cache = on


def _dictionary_facts():
    """The cache of Harper's dictionary answers, opened on first use (None with --no-cache)."""
    global _facts
    if not _use_cache:
        return None
    with _lock:
        if _facts is None:
            from copyedit.backends.harper import harper_version
            from copyedit.cache import Facts

            _facts = Facts("harper-dictionary", harper_version(), module="copyedit.backends.harper")
            atexit.register(flush)
        return _facts


def flush() -> None:
    """Write the dictionary answers learnt since the last flush to the cache."""
    if _facts is not None and _facts.pending():
        _facts.flush()


@lru_cache(maxsize=65536)
def in_dictionary(word: str, dialect: str = "us") -> bool:
    """Whether Harper's dictionary accepts `word` exactly as written.

    Remembered between runs: a run whose answers are all known never loads
    Harper's dictionary for the house rules.
    """
    from copyedit.backends.harper import in_dictionary as harper_knows

    facts = _dictionary_facts()
    if facts is None:
        return harper_knows(word, dialect)
    return bool(facts.get(dialect, word, lambda: harper_knows(word, dialect)))


def is_ordinary_word(word: str, dialect: str = "us") -> bool:
    """A lower-case dictionary word: "turkey" and "polish" are, "russia" is not."""
    low = word.lower()
    return low.isalpha() and in_dictionary(low, dialect)
