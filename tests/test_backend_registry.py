"""A backend is one module plus one registry entry: a fake one, registered here, runs end to end.

The fake backend below is the whole of what a new grammar checker needs: a
checker class and a `register(Backend(...))`. Through the real CLI it is
chosen with `--backend fake`, its findings merge with the house rules' and
Harper's, `--disable fake:RULE` and `--disable fake` switch it off, a typo
in one of its rule ids is caught, a house rule switched off takes its
equivalent with it, and what goes wrong is one line with exit status 2.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from copyedit.backends import BackendError, own_rules, registry
from copyedit.cli import main
from copyedit.model import Applicability, Severity


class FakeError(BackendError):
    """The fake backend cannot run."""


class FakeChecker:
    """Flags "teh" (a safe fix), a missing space after a comma (as comma-space does) and "WOW"."""

    name = "fake"
    source = "fake"
    RULES = frozenset({"Teh", "Comma", "Shout"})

    def __init__(self, disable=()):
        self.disable = set(disable)
        self.closed = False

    def check(self, doc):
        if "EXPLODE" in doc.view:
            raise FakeError(f"fake failed on {doc.path}: it\nsaid so")
        out = []
        for rule, pattern, rep, app in (
            ("Teh", r"\bteh\b", "the", Applicability.SAFE),
            ("Comma", r",(?=\w)", ", ", Applicability.SAFE),
            ("Shout", r"\bWOW\b", None, Applicability.DISPLAY),
        ):
            if rule in self.disable:
                continue
            for m in re.finditer(pattern, doc.view):
                s = doc.suggest(
                    m.start(), m.end(), [rep] if rep is not None else [], rule=f"fake:{rule}", source="fake",
                    message=f"fake {rule}", category="grammar", severity=Severity.ERROR, applicability=app,
                )
                if s is not None:
                    out.append(s)
        return out

    def close(self) -> None:
        self.closed = True


made: list[FakeChecker] = []


def make_fake(settings):
    if "fake-down" in settings.accept:
        raise FakeError("fake: the service is down")
    checker = FakeChecker(disable=own_rules("fake", settings.disable))
    made.append(checker)
    return checker


@pytest.fixture
def fake():
    entry = registry.register(
        registry.Backend(
            name="fake",
            title="Fake",
            make=make_fake,
            priority=3,
            error=FakeError,
            house_rules={"Comma": ("comma-space",)},
            rule_names=lambda load: FakeChecker.RULES,
        )
    )
    made.clear()
    yield entry
    registry.unregister("fake")


TEXT = "Headline Here\n\nWe read teh news,then left. WOW.\n"


def run(tmp_path, *args, text=TEXT):
    p = tmp_path / "a.txt"
    p.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, [*args, "--isolated", str(p)])
    return result, p


def findings(result) -> list[dict]:
    return [f for file in json.loads(result.stdout)["files"] for f in file["suggestions"]]


def test_the_fake_backend_runs_by_name_and_its_findings_merge(fake, tmp_path):
    result, _ = run(tmp_path, "check", "--backend", "fake", "--format", "json", "--min-level", "info")
    assert result.exit_code == 1, result.output
    by_rule = {f["rule"]: f for f in findings(result)}
    assert by_rule["fake:Teh"]["replacements"] == ["the"] and by_rule["fake:Teh"]["sources"] == ["fake"]
    # The same fix as the house rule comma-space: one finding, the house rule first, both sources.
    assert "fake:Comma" not in by_rule
    assert by_rule["comma-space"]["sources"] == ["rules", "fake"]
    assert by_rule["fake:Shout"]["applicability"] == "display"
    assert made and all(c.closed for c in made)  # the run let the checker go


def test_fix_applies_its_safe_fixes(fake, tmp_path):
    result, p = run(tmp_path, "fix", "--backend", "fake")
    assert result.exit_code == 1, result.output  # WOW is left, an error for a person
    assert p.read_text(encoding="utf-8") == "Headline Here\n\nWe read the news, then left. WOW.\n"


def test_it_merges_with_harper_by_its_priority(fake, tmp_path):
    result, _ = run(tmp_path, "check", "--backend", "harper,fake", "--format", "json", "--min-level", "info")
    by_text = {f["text"]: f for f in findings(result)}
    # Harper offers three words for "teh" and the fake one: one finding, both sources, Harper
    # (priority 2) before the fake (3), and unsafe since someone has to choose.
    teh = by_text["teh"]
    assert (teh["rule"], teh["sources"], teh["applicability"]) == ("harper:SpellCheck", ["harper", "fake"], "unsafe")
    assert "the" in teh["replacements"]
    assert by_text[","]["sources"] == ["rules", "harper", "fake"]


def test_disable_its_rule_or_all_of_it(fake, tmp_path):
    result, _ = run(tmp_path, "check", "--backend", "fake", "--format", "json", "--min-level", "info", "--disable", "fake:Teh")
    assert {f["rule"] for f in findings(result)} == {"comma-space", "fake:Shout"}
    result, _ = run(tmp_path, "check", "--backend", "fake", "--format", "json", "--min-level", "info", "--disable", "fake")
    rules = {f["rule"] for f in findings(result)}
    assert rules == {"comma-space"} and all(f["sources"] == ["rules"] for f in findings(result))


def test_a_house_rule_switched_off_takes_its_backend_equivalent(fake, tmp_path):
    result, _ = run(tmp_path, "check", "--backend", "fake", "--format", "json", "--disable", "comma-space")
    assert {f["rule"] for f in findings(result)} == {"fake:Teh", "fake:Shout"}
    result, _ = run(tmp_path, "check", "--backend", "fake", "--format", "json", "--disable", "fake:Shout")
    assert {f["rule"] for f in findings(result)} == {"comma-space", "fake:Teh"}  # fake:Comma merged into comma-space


def test_an_unknown_rule_of_it_is_a_one_line_error(fake, tmp_path):
    result, _ = run(tmp_path, "check", "--backend", "fake", "--disable", "fake:Nope")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "copyedit: error: --disable: unknown rule 'fake:Nope' (`copyedit rules list` lists rule and pack ids; Harper rules are harper:Name)"
    ]


def test_its_errors_are_one_line_with_status_2(fake, tmp_path):
    (tmp_path / ".copyedit.toml").write_text('[vocabulary]\naccept = ["fake-down"]\n', encoding="utf-8")
    p = tmp_path / "a.txt"
    p.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--backend", "fake", str(p)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["copyedit: error: fake: the service is down"]
    result, p = run(tmp_path, "fix", "--backend", "fake", text=TEXT + "EXPLODE here.\n")
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()[-1:]
    assert line.startswith("copyedit: error: fake failed on") and "Traceback" not in result.output
    assert p.read_text(encoding="utf-8") == TEXT + "EXPLODE here.\n"  # nothing half-written


def test_it_is_a_backend_choice_and_unregistering_removes_it(fake):
    assert "fake" in registry.choices() and registry.get("fake") is fake
    registry.unregister("fake")
    assert "fake" not in registry.choices() and registry.priority("fake") == registry.UNKNOWN_PRIORITY
    from copyedit.config import ConfigError, parse_backends

    with pytest.raises(ConfigError, match="unknown backend 'fake'"):
        parse_backends("fake")


def test_the_registry_refuses_an_error_type_that_would_not_be_one_line():
    class Plain(Exception):
        pass

    with pytest.raises(TypeError):
        registry.register(registry.Backend(name="bad", make=lambda s: None, priority=3, error=Plain))
    with pytest.raises(ValueError):
        registry.register(registry.Backend(name="none", make=lambda s: None, priority=3))
    with pytest.raises(ValueError):
        registry.register(registry.Backend(name="early", make=lambda s: None, priority=0))
    assert registry.get("bad") is None and registry.get("early") is None


def test_built_in_backends_errors_are_backend_errors():
    from copyedit.backends.harper import HarperError

    assert issubclass(HarperError, BackendError)
    assert HarperError in registry.errors()
    assert registry.names()[:2] == ("harper", "languagetool")
    assert registry.choices()[-2:] == ("none", "auto")


def test_naming_the_backends_imports_none_of_them():
    """The CLI starts (help, usage errors, --version) without loading a backend's module."""
    import subprocess
    import sys

    code = "import sys, copyedit.cli; print(sorted(m for m in sys.modules if m.startswith('copyedit.backends.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['copyedit.backends.registry']"
