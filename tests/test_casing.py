"""Case fixes change the case of letters, never the letters: "ﬁnally" is not fixed to "FInally" (issue 20)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from copyedit.casing import breaks_word, capitalised, in_case_of, recased
from copyedit.cli import main
from copyedit.formats import build_document
from copyedit.model import Applicability

LIGATURE_FI = "\ufb01"  # "ﬁ", one character that upper-cases to two


@pytest.mark.parametrize(
    "word,expected",
    [
        ("finally", "Finally"),
        ("école", "École"),
        ("\u01c6ungla", "\u01c5ungla"),  # "ǆ" opens a word as the title-case digraph "ǅ", not "Ǆ"
        (LIGATURE_FI + "nally", None),  # upper: "FI"; title: "Fi": two characters for one
        ("\u00dfo", None),  # "ß" -> "SS"
        ("\u0149x", None),  # "ŉ" -> "ʼN"
    ],
)
def test_capitalised_is_one_character_for_one_or_nothing(word, expected):
    assert capitalised(word) == expected


def test_recased_refuses_what_changes_the_letters():
    assert recased("straße", "upper") is None
    assert recased("\u0130stanbul", "lower") is None  # "İ" lowers to "i" and a combining dot
    assert recased("defence", "upper") == "DEFENCE"
    assert recased(LIGATURE_FI + "le name", "title") is None
    assert in_case_of("DEFENCE", "straße") is None
    assert in_case_of("Defence", "defense") == "Defense"


def test_breaks_word_is_about_case_changes_only():
    assert breaks_word(LIGATURE_FI + "nally", "FInally")
    assert breaks_word("\u00dfo", "SSo")
    assert not breaks_word("colour", "color")  # a spelling fix, not a case change
    assert not breaks_word("finally", "Finally")


def _json(args, text: str) -> list[dict]:
    result = CliRunner().invoke(main, ["check", "--isolated", "--backend", "none", "--format", "json", *args], input=text)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def _findings(data) -> list[dict]:
    return [s for f in data["files"] for s in f["suggestions"]] if isinstance(data, dict) else [s for f in data for s in f.get("suggestions", [])]


def test_sentence_start_reports_but_never_fixes_a_word_its_capital_would_break():
    text = f"It ended. {LIGATURE_FI}nally it rained. It ended. \u00dfo it rained. It ended. then it rained.\n"
    # A word no dictionary knows is only offered, as advice (info).
    found = {s["text"]: s for s in _findings(_json(["--min-level", "info", "-"], text)) if s["rule"] == "sentence-start-case"}
    assert set(found) == {LIGATURE_FI + "nally", "\u00dfo", "then"}  # still reported
    assert found[LIGATURE_FI + "nally"]["replacements"] == [] and found["\u00dfo"]["replacements"] == []
    assert found["then"]["replacements"] == ["Then"]
    fixed = CliRunner().invoke(main, ["fix", "--isolated", "--backend", "none", "--unsafe-fixes", "-"], input=text)
    assert fixed.stdout == text.replace("then", "Then")


def test_a_regex_rule_case_option_never_splits_a_letter(tmp_path):
    rules = tmp_path / "r.yaml"
    rules.write_text(
        "pack: p\nrules:\n  - id: shout\n    kind: regex\n    message: m\n    pattern: 'stra\\w+e'\n"
        "    replacement: '\\g<0>'\n    case: upper\n",
        encoding="utf-8",
    )
    out = CliRunner().invoke(main, ["fix", "--isolated", "--backend", "none", "--rules", str(rules), "-"], input="Die straße und strasse.\n")
    assert out.stdout == "Die straße und STRASSE.\n"


def test_headline_case_fix_never_splits_a_ligature():
    text = f"# Mayor Unveils Ambitious {LIGATURE_FI}lm for the City Centre\n\nText here.\n"
    (s,) = [s for s in _findings(_json(["--format-in", "markdown", "-"], text)) if s["rule"] == "headline-title-case"]
    assert s["replacements"] == []  # reported, not "fixed" to "FIlm"
    result = CliRunner().invoke(main, ["fix", "--isolated", "--backend", "none", "--unsafe-fixes", "--format-in", "markdown", "-"], input=text)
    assert result.stdout == text


def test_document_refuses_any_checkers_case_fix_that_splits_a_letter():
    """The last guard, for checkers that recase on their own (a plugin kind, a grammar backend)."""
    doc = build_document("a.txt", f"It ended. {LIGATURE_FI}nally it rained.\n")
    start = doc.view.index(LIGATURE_FI)
    s = doc.suggest(start, start + 6, ["FInally"], rule="r", source="rules", message="m")
    assert s is not None and s.replacements == () and s.applicability is Applicability.DISPLAY
    ok = doc.suggest(start, start + 6, ["Finally!"], rule="r", source="rules", message="m")
    assert ok.replacements == ("Finally!",)  # not a case change: another checker's business
