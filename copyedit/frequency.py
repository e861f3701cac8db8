"""How common a word is in English: wordfreq's Zipf scale.

log10 of uses per billion words: "the" 7.7, "important" 5.4, "hundredth"
2.8, unseen 0. Its own module so that Harper's spelling judgement and the
lexicon share it without importing each other.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """How common the word is in English, on the Zipf scale (0 when unseen)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")
