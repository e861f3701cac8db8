"""Prefilters: a pattern is skipped only on a text it cannot match.

`copyedit.literals` reads the literals every match of a pattern must hold;
the regex rules skip a pattern on a document that holds none of them. Being
wrong once would lose a finding, so besides the cases below a property test
checks random patterns against random texts: wherever the prefilter says
"cannot match", the engine must find nothing.
"""

from __future__ import annotations

import random

import pytest
import regex

from copyedit.checkers import Context
from copyedit.checkers.regex import RegexChecker, RegexOptions
from copyedit.formats import build_document
from copyedit.literals import Haystack, prefilter
from copyedit.model import Note
from copyedit.rulespec import RuleSpec


@pytest.mark.parametrize(
    "pattern,needles",
    [
        (r"\butilise\b", {("utilise", False)}),
        (r"(?i)\b(?:utilise|leverage)\b", {("utilise", True), ("leverage", True)}),
        (r"(?=  )(?<=\w)[ ]{2,3}(?=\w)", {("  ", False)}),
        (r"\d+ per cent", {(" per cent", False)}),
        (r"(?x) in \s order \s to", {("order", False)}),
        (r"[ \t](?=\.[ \t]\.)(?:\.[ \t]){2,}\.+", {(".", False)}),
    ],
)
def test_the_literals_every_match_needs(pattern, needles):
    pf = prefilter(pattern)
    assert pf is not None and {(n.text, n.folded) for n in pf.needles} == needles


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:utilise){e<=1}",  # fuzzy: "utilize" matches without the literal
        r"(\w+)\1",  # a back-reference holds what was matched, no literal
        r"colou?r|\d",  # one branch needs no literal
        r"(?i)straße",  # not ASCII, matched without regard to case: only "stra" is certain
        r"(?i)\b(?:had|that|is|do|does|did|her|has|have|was|very|no|so)\s+\w",  # too many to look for
        r"[ab]+",
    ],
)
def test_no_prefilter_or_a_weaker_one_where_a_literal_is_not_certain(pattern):
    pf = prefilter(pattern)
    if pattern == r"(?i)straße":
        assert pf is not None and [n.text for n in pf.needles] == ["stra"]
    else:
        assert pf is None


def test_case_insensitive_literals_are_found_in_the_case_folded_text():
    pf = prefilter(r"(?i)\bstop\b")
    for text in ("STOP here", "Stop", "ſtop", "no"):
        assert pf.may_match(Haystack(text)) == bool(regex.search(r"(?i)\bstop\b", text)), text
    kelvin = prefilter(r"(?i)kg")
    assert kelvin.may_match(Haystack("5 \u212ag")) and regex.search(r"(?i)kg", "5 \u212ag")


# A pattern that backtracks for far longer than the limit on a run of "a"s, and
# that cannot match without "zzz".
SLOW = r"(a|a)+zzz"


def _checker(pattern: str) -> RegexChecker:
    spec = RuleSpec(id="r", kind="regex", pack="p", message="m", options=RegexOptions(pattern=pattern), file="p.yaml")
    return RegexChecker([spec], Context(regex_timeout=0.05))


def test_a_document_without_the_literal_is_skipped():
    checker = _checker(SLOW)
    assert checker.check(build_document("a.txt", "a" * 40 + "!\n")) == []
    assert not checker.stopped


def test_a_document_with_the_literal_is_searched():
    checker = _checker(SLOW)
    (note,) = checker.check(build_document("a.txt", "a" * 40 + "! zzz\n"))
    assert isinstance(note, Note) and note.incomplete and checker.stopped == {"r"}
    found = _checker(r"\b(?:utilise|leverage)\b").check(build_document("b.txt", "We leverage it.\n"))
    assert [(s.start, s.end) for s in found] == [(3, 11)]


# ---------------------------------------------------------------- property
ATOMS = ["a", "b", "ab", "ba", "s", "ss", "k", "K", " ", "-", ".", r"\.", r"\w", r"\s", r"\d", "[ab]", "[^a]", ".", r"\b", "ß", "é"]


def _random_pattern(rng: random.Random, depth: int = 0) -> str:
    """A small random pattern: literals, classes, groups, alternations, repeats, lookarounds, flags."""
    parts = []
    for _ in range(rng.randint(1, 4)):
        r = rng.random()
        if depth < 2 and r < 0.15:
            parts.append("(?:" + "|".join(_random_pattern(rng, depth + 1) for _ in range(rng.randint(1, 3))) + ")")
        elif depth < 2 and r < 0.25:
            parts.append("(" + _random_pattern(rng, depth + 1) + ")")
        elif depth < 2 and r < 0.32:
            parts.append(rng.choice(["(?=", "(?!", "(?<=", "(?<!"]) + _random_pattern(rng, depth + 1) + ")")
        elif depth < 2 and r < 0.37:
            parts.append("(?i:" + _random_pattern(rng, depth + 1) + ")")
        else:
            parts.append(rng.choice(ATOMS))
        if rng.random() < 0.3:
            parts[-1] = "(?:" + parts[-1] + ")" + rng.choice(["*", "+", "?", "{2}", "{0,2}", "{2,}", "+?", "++", "{1,3}"])
    out = "".join(parts)
    if depth == 0 and rng.random() < 0.3:
        out = rng.choice(["(?i)", "(?f)(?i)", "(?x)", "(?r)"]) + out
    return out


def _random_text(rng: random.Random) -> str:
    pieces = ["a", "b", "A", "B", "s", "S", "ſ", "ß", "ẞ", "k", "K", "\u212a", " ", "-", ".", "é", "É", "1", "\n"]
    if rng.random() < 0.5:
        pieces = ["a", "b", "ab", "s", " ", "."]  # few letters, so that random patterns match often
    return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))


def test_prefiltered_and_unprefiltered_runs_agree_over_random_patterns_and_texts():
    rng = random.Random(19)
    texts = [_random_text(rng) for _ in range(300)]
    checked = skipped = 0
    for _ in range(2000):
        pattern = _random_pattern(rng)
        try:
            compiled = regex.compile(pattern)
        except regex.error:
            continue
        pf = prefilter(pattern)
        if pf is None:
            continue
        checked += 1
        for text in texts:
            if not pf.may_match(Haystack(text)):
                skipped += 1
                assert compiled.search(text) is None, (pattern, text, pf)
    assert checked > 200 and skipped > 1000  # the test did test something
