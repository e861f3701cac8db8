import pytest

from copyedit.config import Settings
from copyedit.engine import build_engine
from copyedit.fixer import choose, fix_text
from copyedit.model import Applicability, Suggestion


@pytest.fixture(scope="module")
def rules_only():
    return build_engine(Settings(backends=("none",)))


@pytest.fixture(scope="module")
def with_harper():
    return build_engine(Settings(backends=("harper",)))


def sug(start, end, text, rep, source="rules", app=Applicability.SAFE):
    return Suggestion(start=start, end=end, text=text, replacements=(rep,), rule=f"{source}:r{start}", source=source, message="m", applicability=app)


def test_choose_prefers_house_rules_and_drops_collisions():
    house = sug(0, 5, "hello", "Hello")
    grammar = sug(2, 4, "ll", "LL", source="harper")
    apart = sug(6, 7, "x", "y", source="harper")
    chosen = choose([grammar, house, apart])
    assert [s.rule for s in chosen] == ["rules:r0", "harper:r6"]


def test_choose_skips_unsafe_unless_asked():
    s = sug(0, 1, "a", "b", app=Applicability.UNSAFE)
    assert choose([s]) == []
    assert choose([s], unsafe=True) == [s]


def test_fix_applies_safe_fixes_and_is_idempotent(rules_only):
    text = "It rose,then fell.Then  it rose again ."
    first = fix_text(rules_only, "a.txt", text)
    assert first.text == "It rose, then fell. Then it rose again."
    assert first.changed
    second = fix_text(rules_only, "a.txt", first.text)
    assert second.text == first.text and not second.changed


def test_fix_leaves_numbers_urls_and_abbreviations_alone(rules_only):
    text = "Sales hit 1,000 units, up 3.14 per cent, in the U.S. See https://a.example/x,y.Z and mail a.b@c.org."
    assert fix_text(rules_only, "a.txt", text).text == text


def test_fix_with_harper_repairs_articles(with_harper):
    text = "It was a important day,and nobody came."
    assert fix_text(with_harper, "a.txt", text).text == "It was an important day, and nobody came."


def test_fix_never_applies_display_only_findings(with_harper):
    text = "The quick brown fox jumpd over the lazy dog."
    result = fix_text(with_harper, "a.txt", text)
    assert result.text == text  # spelling has several candidates: for review only
    assert any(s.category == "spelling" for s in result.remaining)
