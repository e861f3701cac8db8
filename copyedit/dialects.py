"""British and American spellings of one word, folded together.

A dialect is not a slip: "Organisation" in a name spelt "Organization",
"behaviour" where a dictionary knows "behavior", "commoditising" in a British
text. Checkers compare the folded forms before they call anything a mistake.
"""

from __future__ import annotations

import re

_FOLDS = (
    (re.compile(r"our(?=s?$|ed$|ing$|ite|able|er)"), "or"),
    (re.compile(r"is(?=e$|es$|ed$|ing$|ation|ations|er$|ers$)"), "iz"),
    (re.compile(r"yse(?=s?$|d$)"), "yze"),
    (re.compile(r"tre(?=s?$)"), "ter"),
    (re.compile(r"ence(?=s?$)"), "ense"),
    (re.compile(r"ogue(?=s?$)"), "og"),
    (re.compile(r"ll(?=ed$|ing$|er$|ers$)"), "l"),
    (re.compile(r"ae|oe"), "e"),
    (re.compile(r"dgement"), "dgment"),
)


def fold(word: str) -> str:
    """The word in lower case with its British spellings made American."""
    w = word.lower()
    for pattern, repl in _FOLDS:
        w = pattern.sub(repl, w)
    return w


def is_british_form(word: str) -> bool:
    """Whether folding changes the word: it carries a British spelling."""
    return fold(word) != word.lower()
