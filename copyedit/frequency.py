"""How common a word is in English: wordfreq's Zipf scale.

log10 of uses per billion words: "the" 7.7, "important" 5.4, "hundredth"
2.8, unseen 0. Its own module so that Harper's spelling judgement and the
lexicon share it without importing each other.
"""

from __future__ import annotations

from functools import cache, lru_cache


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """How common the word is in English, on the Zipf scale (0 when unseen).

    Remembered between runs (`copyedit.cache.facts`): loading wordfreq's
    tables costs more than a whole check of text the cache knows.
    """
    from copyedit.cache import facts

    kept = facts("wordfreq-zipf", _wordfreq_version(), __name__)
    if kept is None:
        return _zipf(word)
    value = kept.get("en", word, lambda: _zipf(word))
    return float(value) if isinstance(value, (int, float)) else _zipf(word)


def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


@cache
def _wordfreq_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("wordfreq")
    except PackageNotFoundError:
        return "unknown"
