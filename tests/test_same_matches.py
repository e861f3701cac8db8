"""scripts/same_matches.py tells a faithful rewrite of a pattern from one that finds something else."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("same_matches", ROOT / "scripts" / "same_matches.py")
same_matches = importlib.util.module_from_spec(spec)
spec.loader.exec_module(same_matches)

STOP = "the|a|an|very|had"
OLD = rf"(?<=(?<![\w'’.-])(?!(?:{STOP})\b)(?P<w>\p{{Ll}}+))( (?P=w))(?![\w'’-])"
# The cheap test first, the word list after, looking back from the end: the same matches.
FAITHFUL = rf"(?<=(?<![\w'’.-])(?P<w>\p{{Ll}}+))( (?P=w))(?![\w'’-])(?<=(?<![\w'’.-])(?!(?:{STOP})\b)\p{{Ll}}+)"
# The word list checked without its \b: "there there" is now held back as if it were "the".
UNFAITHFUL = rf"(?<=(?<![\w'’.-])(?P<w>\p{{Ll}}+))( (?P=w))(?![\w'’-])(?<=(?<![\w'’.-])(?!(?:{STOP}))\p{{Ll}}+)"


def test_a_faithful_rewrite_is_the_same_and_an_unfaithful_one_is_not():
    texts = same_matches.generated(["the", "there", "a", "an", "very", "had", "said", "and"], 3000, seed=1)
    old = regex.compile(OLD)
    assert same_matches.matches(old, texts, full=True)  # the texts hold doubles to compare
    assert same_matches.same(old, regex.compile(FAITHFUL), [texts], full=True)
    assert not same_matches.same(old, regex.compile(UNFAITHFUL), [texts], full=True)
