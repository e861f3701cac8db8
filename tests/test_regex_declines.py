"""A regex rule's antipatterns run where their answer is read, and nowhere else.

Their spans hold back the rule's own matches and decline a backend's finding
of the same kind. With no backend reading a rule's declines (`--backend
none`), a document where the rule's pattern finds nothing has nothing for
them to do; the findings must be the same either way.
"""

from __future__ import annotations

import json
import random
import re

import pytest
from click.testing import CliRunner

from copyedit.backends import registry
from copyedit.checkers import Context
from copyedit.checkers.regex import RegexChecker, RegexOptions
from copyedit.cli import main
from copyedit.config import Settings
from copyedit.engine import build_engine
from copyedit.formats import build_document
from copyedit.model import Decline, Note, Severity
from copyedit.rulespec import RuleSpec

# An antipattern that backtracks for far longer than the limit on a run of "a"s.
SLOW = "(a|a)+$"
TEXT = "Para one.\n\n" + "a" * 40 + "!\n"


def _rule(pattern: str) -> RuleSpec:
    return RuleSpec(id="r", kind="regex", pack="p", message="m", options=RegexOptions(pattern=pattern, antipatterns=(SLOW,)), file="p.yaml")


def test_no_backend_reads_declines_and_the_pattern_finds_nothing_so_antipatterns_do_not_run():
    checker = RegexChecker([_rule("zzz")], Context(regex_timeout=0.05, declines_read=frozenset()))
    assert checker.check(build_document("a.txt", TEXT)) == []
    assert not checker.stopped


def test_antipatterns_still_run_when_a_backend_reads_the_declines():
    checker = RegexChecker([_rule("zzz")], Context(regex_timeout=0.05, declines_read=frozenset({"r"})))
    (note,) = checker.check(build_document("a.txt", TEXT))
    assert isinstance(note, Note) and note.incomplete and checker.stopped == {"r"}


def test_antipatterns_still_run_when_the_pattern_finds_something():
    checker = RegexChecker([_rule("Para")], Context(regex_timeout=0.05, declines_read=frozenset()))
    (note,) = checker.check(build_document("a.txt", TEXT))
    assert isinstance(note, Note) and note.incomplete and checker.stopped == {"r"}


def _shipped_regex_checker(declines_read):
    engine = build_engine(Settings(backends=("none",)))
    built = next(c for c in engine.checkers if isinstance(c, RegexChecker))
    checker = RegexChecker([spec for spec, _ in built.rules], Context(dialect="gb", declines_read=declines_read))
    return checker


def _prose(seed: int) -> str:
    rng = random.Random(seed)
    words = ["had", "had", "very", "very", "Humbert", "B.", "in", "in-DOM", "the", "The", "said", "said", "it", "is", "a"]
    seps = [" ", " ", "  ", "\n", ". ", ", ", " . . . ", " ,"]
    return "".join(rng.choice(words) + rng.choice(seps) for _ in range(400))


@pytest.mark.parametrize("seed", range(5))
def test_findings_are_the_same_whether_or_not_declines_are_read(seed):
    text = _prose(seed)
    every = _shipped_regex_checker(None).check(build_document("a.txt", text))
    lazy = _shipped_regex_checker(frozenset()).check(build_document("a.txt", text))
    found = [x for x in every if not isinstance(x, Decline)]
    assert found and [x for x in lazy if not isinstance(x, Decline)] == found
    assert any(isinstance(x, Decline) for x in every)  # the text has doubles the rules vouch for


class _Echo:
    """A backend that reports "had had" as a repeated word, as Harper does."""

    name = source = "echo"

    def check(self, doc):
        out = []
        for m in re.finditer(r"had had", doc.view):
            s = doc.suggest(m.start(), m.end(), ["had"], rule="echo:Repeated", source="echo", message="repeated",
                            category="grammar", severity=Severity.ERROR)
            if s is not None:
                out.append(s)
        return out


@pytest.fixture
def echo():
    registry.register(registry.Backend(name="echo", title="Echo", make=lambda s: _Echo(), priority=3,
                                       house_rules={"Repeated": ("repeated-word",)}, rule_names=lambda load: {"Repeated"}))
    yield
    registry.unregister("echo")


def test_a_backend_that_reads_a_rules_declines_gets_them(echo, tmp_path):
    # repeated-word finds nothing here; its antipattern vouches for "had had", so echo's finding goes.
    p = tmp_path / "a.txt"
    p.write_text("He had had enough of it.\n", encoding="utf-8")
    engine = build_engine(Settings(backends=("echo",)))
    assert "repeated-word" in next(c for c in engine.checkers if isinstance(c, RegexChecker)).declines_read
    result = CliRunner().invoke(main, ["check", "--backend", "echo", "--format", "json", "--min-level", "info", "--isolated", str(p)])
    assert result.exit_code == 0, result.output
    assert [f for file in json.loads(result.stdout)["files"] for f in file["suggestions"]] == []
