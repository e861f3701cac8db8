"""How a word is said: whole, or letter by letter.

English picks "a" or "an" by sound, and a sentence may open with a command
or a name its owner writes in lower case ("npm is the registry"). Neither is
in a dictionary: Harper's knows "npm", as it knows "time".
"""

from __future__ import annotations

#: Two consonants that can open an English word; any other pair ("lcov",
#: "nvm", "mkdir") is read letter by letter.
_ONSETS = frozenset(
    "bl br ch cl cr dr dw fl fr gh gl gn gr kh kl kn kr ph pl pn pr ps pt rh sc sh sk sl sm sn sp sq st sw th tr ts tw wh wr".split()
)
_VOWELS = frozenset("aeiouy")


def read_as_letters(word: str) -> bool:
    """A lower-case token that cannot be said as a word ("lcov", "npm"): a name or a command, read letter by letter."""
    head = word[:2]
    if len(head) < 2 or not head.isalpha():
        return False
    return head[0] not in _VOWELS and head[1] not in _VOWELS and head not in _ONSETS
