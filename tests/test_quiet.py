"""Quiet on correct text: severities, the document's own dialect, and spelling advice that knows names.

Every sentence here is written for the test; each reproduces a construction
that published text uses and that a checker once flagged or damaged.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from copyedit.cli import main
from copyedit.config import Settings
from copyedit.engine import build_engine, fails, shown
from copyedit.fixer import fix_text
from copyedit.formats import build_document
from copyedit.model import Severity
from copyedit.variety import detect


@pytest.fixture(scope="module")
def engine():
    return build_engine(Settings())


def _found(engine, text: str, rule_prefix: str = ""):
    _, found = engine.check_text("t.txt", text)
    return [s for s in found if s.rule.startswith(rule_prefix)]


# ------------------------------------------------------------------ severity
def test_severity_order_and_lowering():
    assert Severity.ERROR.at_least(Severity.WARNING) and not Severity.INFO.at_least(Severity.WARNING)
    assert Severity.ERROR.lower() is Severity.WARNING
    assert Severity.INFO.lower() is Severity.INFO


def test_style_hints_are_info_and_hidden_by_default(engine):
    text = "We went to the shop and also the market.\n"
    # An engine for a run that shows info asks Harper for its hints; one for
    # the default run does not (tests/test_harper_floor.py).
    hints = _found(build_engine(Settings(min_level="info")), text, "harper:")
    assert hints and all(s.severity is Severity.INFO for s in hints)
    assert not shown(hints, Settings())
    assert shown(hints, Settings(min_level="info")) == hints


def test_a_safe_house_fix_is_an_error_and_fails(engine):
    found = _found(engine, "It rose,then fell.\n")
    assert [s.rule for s in found] == ["comma-space"]
    assert found[0].severity is Severity.ERROR
    assert fails(found, Settings())
    assert fails(found, Settings(fail_level="error", min_level="error"))


def test_check_exit_status_follows_fail_level(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("We went to the shop and also the market.\n", encoding="utf-8")
    runner = CliRunner()
    quiet = runner.invoke(main, ["check", "--isolated", str(f)])
    assert quiet.exit_code == 0 and quiet.output == ""
    loud = runner.invoke(main, ["check", "--isolated", "--min-level", "info", str(f)])
    assert loud.exit_code == 0 and "harper:" in loud.output  # shown, but info does not fail
    failing = runner.invoke(main, ["check", "--isolated", "--fail-level", "info", str(f)])
    assert failing.exit_code == 1 and "harper:" in failing.output  # a lower fail level also shows


def test_levels_from_config_and_bad_level_is_one_line(tmp_path):
    (tmp_path / ".copyedit.toml").write_text('min-level = "info"\nfail-level = "warning"\n', encoding="utf-8")
    f = tmp_path / "a.txt"
    f.write_text("We went to the shop and also the market.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(f)])
    assert r.exit_code == 0 and "harper:" in r.output
    (tmp_path / ".copyedit.toml").write_text('min-level = "loud"\n', encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(f)])
    assert r.exit_code == 2 and "min-level" in r.output and len(r.output.strip().splitlines()) == 1


def test_fix_exits_zero_when_only_advice_is_left(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("It rose,then fell. We went to the shop and also the market.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["fix", "--isolated", str(f)])
    assert r.exit_code == 0
    assert f.read_text(encoding="utf-8").startswith("It rose, then fell.")


# ------------------------------------------------------------------- dialect
@pytest.mark.parametrize(
    "text, dialect, mixed",
    [
        ("The colour of the harbour was the centre of their favourite travelled route.", "gb", False),
        ("The color of the harbor was the center of their favorite traveled route.", "us", False),
        # Canadian: British -our and -re with -ize (which Britain's Oxford style shares too)
        ("The colour of the centre was recognized; they organized the defence.", "gb", False),
        ("The color and the colour, the center and the centre, a favor and a favour.", "us", True),
        ("Nothing in this sentence is spelt one way or another.", "us", False),
    ],
)
def test_dialect_is_read_from_the_document(text, dialect, mixed):
    v = detect(build_document("t.txt", text))
    assert (v.dialect, v.mixed) == (dialect, mixed)


def test_names_do_not_vote_for_a_dialect():
    v = detect(build_document("t.txt", "The World Health Organization and the Labor Party met. The colour was grey."))
    assert v.dialect == "gb" and not v.mixed


def test_auto_dialect_silences_the_other_varietys_spelling(engine):
    british = "The councillors said the medallist would instil pride and fulfil the centrepiece plan; the colour was honoured.\n"
    assert not _found(engine, british, "harper:SpellCheck")
    assert fix_text(engine, "t.txt", british).text == british
    forced = build_engine(Settings(dialect="us", min_level="info"))
    _, found = forced.check_text("t.txt", british)
    advice = [s for s in found if s.rule == "harper:SpellCheck"]
    assert advice and all(not s.safe for s in advice)  # dialect advice is never a safe fix


def test_a_mixed_text_gets_no_dialect_spelling_advice():
    e = build_engine(Settings(min_level="info"))
    text = "The color and the colour, the center and the centre, the favorite and the favourite.\n"
    doc, found = e.check_text("t.txt", text)
    assert doc.dialect_mixed
    assert not [s for s in found if s.rule == "harper:SpellCheck"]


def test_json_and_statistics_say_which_dialect(tmp_path):
    gb = tmp_path / "gb.txt"
    gb.write_text("The colour of the centre was honoured.\n", encoding="utf-8")
    us = tmp_path / "us.txt"
    us.write_text("The color of the center was honored.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", str(gb), str(us)])
    data = json.loads(r.output)
    assert [f["dialect"] for f in data["files"]] == ["gb", "us"]
    r = CliRunner().invoke(main, ["check", "--isolated", "--statistics", "--dialect", "gb", str(us)])
    assert "dialect: gb 1" in r.stderr


# ----------------------------------------------------------------- spelling
def test_a_keyboard_slip_is_still_fixed(engine):
    assert fix_text(engine, "t.txt", "It was an imprtant day.\n").text == "It was an important day.\n"


@pytest.mark.parametrize(
    "text",
    [
        "Output per capita rose again.\n",  # a Latin phrase: 'capita' is not 'capital'
        "English became the lingua franca of trade.\n",
        "He was sittin’ on the porch.\n",  # speech written as spoken
        "Thou clingest to the old ways.\n",  # an archaic verb ending
        "Edit src/main.rs and lib.rs, then check the a11y notes.\n",  # code, not words
    ],
)
def test_words_english_uses_are_never_fixed(engine, text):
    assert fix_text(engine, "t.txt", text).text == text
    assert not [s for s in _found(engine, text, "harper:SpellCheck") if s.severity is not Severity.INFO]


def test_a_word_the_text_keeps_using_is_its_vocabulary():
    e = build_engine(Settings(min_level="info"))
    text = "The zorbiter spun. A second zorbiter followed, and the zorbiter fleet grew.\n"
    _, found = e.check_text("t.txt", text)
    assert not [s for s in found if s.rule == "harper:SpellCheck"]


def test_one_finding_per_distinct_word_with_its_count():
    e = build_engine(Settings(min_level="info"))
    text = "We saw the blorpt. Later the blorpt was gone.\n"
    _, found = e.check_text("t.txt", text)
    spelling = [s for s in found if s.rule == "harper:SpellCheck"]
    assert len(spelling) <= 1
    if spelling:
        assert "2 times" in spelling[0].message and spelling[0].start == text.index("blorpt")


def test_a_rare_correction_waits_for_a_person(engine):
    # 'wheelwrite' is one dropped letter from nothing common: no safe fix
    text = "The old salt was a harpoonist by trade.\n"
    assert fix_text(engine, "t.txt", text).text == text


# ------------------------------------------------- house rules over backends
@pytest.mark.parametrize(
    "text",
    [
        "By then she had had enough of it.\n",
        "What it is is a puzzle.\n",
        "The rock band Duran Duran toured again.\n",
        "The singer B. B. King played first.\n",
        "Components work in in-DOM templates too.\n",
    ],
)
def test_doubles_the_house_vouches_for_are_not_changed_by_harper(engine, text):
    assert fix_text(engine, "t.txt", text).text == text
    assert not _found(engine, text, "harper:RepeatedWords")


def test_a_backend_finding_goes_with_its_house_rules():
    text = "It rose ,then fell.\n"
    on = build_engine(Settings())
    assert _found(on, text)
    off = build_engine(Settings(disable=("comma-space", "space-before-punctuation")))
    assert not [s for s in _found(off, text) if "Comma" in s.rule or s.rule == "comma-space"]
    pack_off = build_engine(Settings(disable_packs=("punctuation",)))
    assert not [s for s in _found(pack_off, text) if s.rule == "harper:CommaFixes"]


def test_an_inline_directive_silences_the_backend_equivalent():
    e = build_engine(Settings())
    text = "<!-- copyedit-disable-next-line comma-space space-before-punctuation -->\nIt rose ,then fell.\n"
    _, found = e.check_text("t.md", text)
    assert not [s for s in found if s.rule in ("harper:CommaFixes", "comma-space")]


@pytest.mark.parametrize(
    "text",
    [
        "Load module A in production.\n",  # a label, not an article
        "She joined the A&R team.\n",
        "A spirit that would dare anything.\n",  # dare is the main verb
    ],
)
def test_labels_and_main_verbs_are_not_grammar_slips(engine, text):
    assert not [s for s in _found(engine, text, "harper:") if s.rule in ("harper:AnA", "harper:DoubleModal")]


# --------------------------------------------------------------- vocabulary
def test_vocabulary_learn_keeps_words_used_across_files_and_check_accepts_them(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("The loosehead prop scored twice.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Their loosehead was injured; a backbencher spoke.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("A backbencher rebelled against the whip. The fox jumpd.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    dry = runner.invoke(main, ["vocabulary", "learn", "--dry-run", "."])
    assert dry.exit_code == 0
    assert sorted(line.split("\t")[0] for line in dry.output.splitlines()) == ["backbencher", "loosehead"]
    assert not (tmp_path / ".copyedit-vocabulary.txt").exists()
    r = runner.invoke(main, ["vocabulary", "learn", "."])
    assert r.exit_code == 0, r.output
    listed = (tmp_path / ".copyedit-vocabulary.txt").read_text(encoding="utf-8")
    assert "loosehead\n" in listed and "backbencher\n" in listed and "jumpd" not in listed  # one file only
    assert "accept-file" in r.stderr  # says how to use it
    (tmp_path / ".copyedit.toml").write_text('[vocabulary]\naccept-file = ".copyedit-vocabulary.txt"\n', encoding="utf-8")
    shown_words = runner.invoke(main, ["check", "--min-level", "info", "."]).output
    assert "loosehead" not in shown_words and "backbencher" not in shown_words
    again = runner.invoke(main, ["vocabulary", "learn", "--min-files", "1", "."])
    assert again.exit_code == 0 and "accept-file" not in again.stderr  # the config already reads it
    assert (tmp_path / ".copyedit-vocabulary.txt").read_text(encoding="utf-8").count("loosehead") == 1
