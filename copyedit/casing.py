"""Changing the case of words without changing their letters.

`str.upper()` may turn one character into two: the ligature "ﬁ" becomes
"FI" and "ß" becomes "SS", so capitalising the first character of "ﬁnally"
gives "FInally", a word nobody wrote, offered as a fix. Every case change a
rule offers is made here: the first character is title-cased (the digraph
"ǆ" opens a word as "ǅ", not "Ǆ"), and a result that is not the same text one
character for one is refused; the rule then reports without a fix.
`copyedit.document` refuses such a change from any checker, as a last guard.
"""

from __future__ import annotations

from collections.abc import Callable


def _capitalize(text: str) -> str:
    return text[:1].title() + text[1:]


#: The case changes a `regex` rule may ask for in `case:`.
CASES: dict[str, Callable[[str], str]] = {
    "upper": str.upper,
    "lower": str.lower,
    "capitalize": _capitalize,
    "title": str.title,
}


def same_letters(old: str, new: str) -> bool:
    """Whether `new` is `old` in another case, character for character."""
    return len(old) == len(new) and old.casefold() == new.casefold()


def breaks_word(old: str, new: str) -> bool:
    """Whether `new` is a case change of `old` that splits or merges characters ("ﬁ" -> "FI")."""
    return len(old) != len(new) and old.casefold() == new.casefold()


def recased(text: str, how: str) -> str | None:
    """`text` in the case `how` names (a key of `CASES`), or None when that would change its characters."""
    out = CASES[how](text)
    return out if same_letters(text, out) else None


def capitalised(word: str) -> str | None:
    """`word` with its first character in title case, or None when that is no one-for-one change."""
    return recased(word, "capitalize")


def in_case_of(model: str, word: str) -> str | None:
    """`word` written in the case of `model` (Defence -> Defense, DEFENCE -> DEFENSE), or None when it cannot be."""
    letters = [c for c in model if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return recased(word, "upper")
    if model[:1].isupper():
        return capitalised(word)
    return word
