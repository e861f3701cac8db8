"""One Harper pass gives what two gave: the same raw lints, the same findings."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from copyedit.backends import harper
from copyedit.backends.harper import HarperChecker, _without_overlaps
from copyedit.formats import build_document

TEXTS = [
    "The meeting was held in april, and again in november, at the the town hall.",
    "Mr Smithsonianx said the goverment would publsh it, a important step for McDonald's.",
    "It was a honest mistake,and the Commitee of Zqwerton agreed to recieve teh report.",
    "She could of told them: the anti-Brexit campaign in eBay's new offices were alot busier.",
    "Their going too the shop on Tuesday with Dr O'Brien-Smythe, who's car was parked outside.",
    "The pre-emptive strike by the Zanzibarian navy was , they said , unexpected and unprecendented.",
]


def raws(checker, text: str, one_pass: bool, monkeypatch) -> list:
    monkeypatch.setattr(harper, "ONE_PASS", one_pass)
    harper._memo.clear()
    return sorted(checker._lint("t.txt", text, checker.dialect))


@pytest.mark.parametrize("dialect", ["us", "gb"])
def test_one_pass_reads_the_same_lints_as_two(dialect, monkeypatch):
    checker = HarperChecker(dialect, use_cache=False)
    for text in TEXTS:
        two = raws(checker, text, False, monkeypatch)
        one = raws(checker, text, True, monkeypatch)
        assert one == two, text
    assert any(r.rule == "SpellCheck" for t in TEXTS for r in raws(checker, t, True, monkeypatch))


def test_a_spelling_lint_does_not_push_out_another_rules_lint(monkeypatch):
    """"april": SpellCheck and Months both speak; Harper's own overlap removal would keep one only."""
    checker = HarperChecker("us", use_cache=False)
    monkeypatch.setattr(harper, "ONE_PASS", True)
    harper._memo.clear()
    found = checker.check(build_document("t.txt", "The report came out in april and was read by many.\n"))
    assert any(s.rule == "harper:Months" and s.replacements == ("April",) for s in found)


def test_findings_are_the_same_with_either(monkeypatch):
    checker = HarperChecker("gb", use_cache=False)
    out = {}
    for one_pass in (False, True):
        monkeypatch.setattr(harper, "ONE_PASS", one_pass)
        harper._memo.clear()
        doc = build_document("t.txt", "\n\n".join(TEXTS) + "\n")
        out[one_pass] = sorted((s.start, s.end, s.rule, s.replacements, s.message) for s in checker.check(doc))
    assert out[True] == out[False] and out[True]


def lint(start: int, end: int):
    return SimpleNamespace(span=SimpleNamespace(start=start, end=end))


def test_overlap_removal_keeps_the_first_and_longest():
    a, b, c, d = lint(0, 5), lint(2, 4), lint(5, 9), lint(8, 12)
    kept = dict(_without_overlaps({"R1": [a, c], "R2": [b, d]}))
    assert kept == {"R1": [a, c], "R2": []}
    # The longer of two lints starting together wins, whichever rule it is.
    e, f = lint(10, 12), lint(10, 15)
    assert dict(_without_overlaps({"R1": [e], "R2": [f]})) == {"R1": [], "R2": [f]}


def test_two_lints_on_one_span_are_left_to_harper():
    assert _without_overlaps({"R1": [lint(3, 6)], "R2": [lint(3, 6)]}) is None


def test_a_tie_reads_the_paragraph_in_two_passes(monkeypatch):
    checker = HarperChecker("us", use_cache=False)
    monkeypatch.setattr(harper, "ONE_PASS", True)
    monkeypatch.setattr(harper, "_without_overlaps", lambda organized: None)
    roles = []
    real = HarperChecker._two_passes

    def spy(self, text, dialect, role):
        roles.append(role)
        return real(self, text, dialect, role)

    monkeypatch.setattr(HarperChecker, "_two_passes", spy)
    harper._memo.clear()
    one = sorted(checker._lint("t.txt", TEXTS[0], "us"))
    assert roles == ["two"]
    assert one == raws(checker, TEXTS[0], False, monkeypatch)
