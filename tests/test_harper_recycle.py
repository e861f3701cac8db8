"""A fresh Harper Linter every RECYCLE_WORDS words: the same findings, and a linter truly replaced."""

from __future__ import annotations

import pytest

from copyedit.backends import harper
from copyedit.backends.harper import HarperChecker
from copyedit.formats import build_document

PARAGRAPHS = [
    "It was a important day and a honest man came to the the meeting.",
    "He left,and she stayed behind to recieve the guests at the dor.",
    "The goverment said it would publsh the report next week, maybe.",
    "i think they was going to the shop when the rain started.",
    "She could of told them sooner, but the commitee met on Friday.",
    "There are alot of reasons to beleive the plan will work.",
    "The company's profits rose sharply, and its shares followed suit.",
    "We should of known better than to trust there judgement.",
]


def findings(checker, rounds: int = 3) -> list:
    """Every paragraph, `rounds` times over in new documents, with no memo to hide the linter."""
    out = []
    for r in range(rounds):
        for i, para in enumerate(PARAGRAPHS):
            harper._memo.clear()
            doc = build_document(f"p{r}-{i}.txt", para + "\n")
            out.append(sorted((s.start, s.end, s.rule, s.replacements, s.message, s.applicability.value) for s in checker.check(doc)))
    return out


@pytest.fixture
def counted_builds(monkeypatch):
    """How many Linters copyedit builds while the test runs."""
    import harper as harper_py

    built = []
    real = harper_py.Linter

    def counting(*args, **kw):
        built.append(args)
        return real(*args, **kw)

    monkeypatch.setattr(harper_py, "Linter", counting)
    return built


def test_recycled_linters_give_the_same_findings(monkeypatch, counted_builds):
    checker = HarperChecker("us", use_cache=False)  # the result cache would answer without any linter
    monkeypatch.setattr(harper, "RECYCLE_WORDS", None)
    kept = findings(checker)
    kept_builds = len(counted_builds)
    monkeypatch.setattr(harper, "RECYCLE_WORDS", 15)  # a fresh linter every paragraph or so
    recycled = findings(checker)
    assert recycled == kept
    assert any(kept)  # the paragraphs do have findings to compare
    # Main and spelling linters replaced many times over: the comparison is real.
    assert len(counted_builds) - kept_builds >= len(PARAGRAPHS)


def test_a_replaced_linter_gets_its_rule_switches_again(monkeypatch):
    """A new linter may reuse the old one's id: its configuration must not be taken as done."""
    monkeypatch.setattr(harper, "RECYCLE_WORDS", 5)
    on = HarperChecker("us", enable={"LongSentences"})
    off = HarperChecker("us")
    long_sentence = " ".join(["The cat sat on the mat and then it sat on the chair"] * 6) + ".\n"
    for _ in range(6):
        harper._memo.clear()
        assert any(s.rule == "harper:LongSentences" for s in on.check(build_document("a.txt", long_sentence)))
        harper._memo.clear()
        assert not any(s.rule == "harper:LongSentences" for s in off.check(build_document("b.txt", long_sentence)))


def test_words_are_counted_per_linter_and_reset_when_it_goes(monkeypatch):
    monkeypatch.setattr(harper, "RECYCLE_WORDS", 100)
    key = ("us", "test-role", 0)
    harper._linters[key] = object()
    try:
        harper._wear(key, "one two three")
        assert harper._worn[key] == 3
        harper._wear(key, " ".join(["w"] * 200))
        assert key not in harper._linters and key not in harper._worn
    finally:
        harper._linters.pop(key, None)
        harper._worn.pop(key, None)
