"""Harper is asked only for what a run shows or applies (issue 19, throughput).

Every Harper rule outside `WARNING_RULES` gives info (style hints), which a
run at the default min-level neither shows nor, without `--unsafe-fixes`,
applies; Harper's cost is spread over its ~900 rules alike, so such a run
switches them off. What it shows must be what a run that asks for
everything shows at warning and above.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import copyedit
from copyedit.backends.harper import WARNING_RULES, HarperChecker
from copyedit.cli import main
from copyedit.config import Settings
from copyedit.filters.display import least_used
from copyedit.model import Severity

ROOT = Path(__file__).resolve().parent.parent

#: A style hint Harper gives as info ("and also" -> "and"), beside slips it gives as errors.
HINT = "We went there and also here."
SLIPS = "It was a important day, and the the council met."


@pytest.mark.parametrize(
    "changes, floor",
    [
        ({}, Severity.WARNING),
        ({"min_level": "info"}, Severity.INFO),
        ({"fail_level": "info"}, Severity.INFO),
        ({"min_level": "error"}, Severity.ERROR),
        ({"min_level": "error", "fail_level": "warning"}, Severity.WARNING),
        ({"unsafe_fixes": True}, Severity.INFO),
    ],
)
def test_least_used_is_what_a_run_shows_or_applies(changes, floor):
    assert least_used(Settings().replace(**changes)) is floor


def _raw_rules(floor: Severity, text: str) -> set[str]:
    checker = HarperChecker("gb", use_cache=False, floor=floor)
    return {raw.rule for raw in checker._lint("t.txt", text, "gb")}


def test_a_warning_run_does_not_ask_harper_for_info_rules():
    text = f"{HINT} {SLIPS}"
    everything = _raw_rules(Severity.INFO, text)
    shown = _raw_rules(Severity.WARNING, text)
    assert "AvoidAndAlso" in everything and "AvoidAndAlso" not in shown
    assert {"AnA"} <= shown <= WARNING_RULES | {"SpellCheck"}


def _key(f) -> tuple:
    return (f.start, f.end, f.rule, f.replacements, f.safe, f.severity, f.message)


@pytest.mark.parametrize("dialect", ["gb", "us"])
def test_a_warning_run_shows_what_an_info_run_shows_at_warning(dialect):
    texts = [(f"{HINT}\n\n{SLIPS}\n", "text")]
    texts += [(p.read_text(encoding="utf-8"), "markdown") for p in sorted((ROOT / "examples").rglob("*.md"))]
    assert len(texts) > 1
    warning = copyedit.load(backends="harper", dialect=dialect)
    info = copyedit.load(backends="harper", dialect=dialect, min_level="info")
    shown_any = hidden_any = False
    for text, fmt in texts:
        seen = sorted(map(_key, warning.check(text, fmt)))
        everything = info.check(text, fmt)
        assert seen == sorted(_key(f) for f in everything if f.severity != "info")
        shown_any |= any(f.rule.startswith("harper:") for f in everything if f.severity != "info")
        hidden_any |= any(f.rule.startswith("harper:") and f.severity == "info" for f in everything)
    assert shown_any and hidden_any  # the comparison had Harper findings on both sides of the line


def test_unsafe_fixes_still_apply_harper_info_fixes():
    editor = copyedit.load(backends="harper")
    assert editor.fix(HINT + "\n").text == HINT + "\n"
    fixed = editor.fix(HINT + "\n", unsafe=True)
    assert fixed.text == "We went there and here.\n"
    assert [f.rule for f in fixed.applied] == ["harper:AvoidAndAlso"]


def test_the_file_cache_does_not_serve_a_warning_run_to_an_info_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    p = tmp_path / "story.txt"
    p.write_text(f"{HINT}\n", encoding="utf-8")

    def rules(*args) -> list[str]:
        r = CliRunner().invoke(main, ["check", "--isolated", "--backend", "harper", "--format", "json", *args, str(p)])
        assert r.exit_code in (0, 1), r.output
        return [s["rule"] for f in json.loads(r.stdout)["files"] for s in f["suggestions"]]

    assert rules() == []
    assert rules("--min-level", "info") == ["harper:AvoidAndAlso"]
    assert rules() == []
    r = CliRunner().invoke(main, ["fix", "--isolated", "--backend", "harper", "--unsafe-fixes", str(p)])
    assert r.exit_code in (0, 1), r.output
    assert p.read_text(encoding="utf-8") == "We went there and here.\n"
