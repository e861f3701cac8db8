"""An unknown rule id is never silently ignored: an error in options and config, a warning inline."""

from __future__ import annotations

import subprocess

import pytest

from conftest import copyedit_cmd
from copyedit.selectors import is_known, known_ids

TEXT = "Hello,world.\n"


def run(*args, cwd):
    return subprocess.run([*copyedit_cmd(), *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture
def article(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "option,value",
    [("--disable", "comma-spcae"), ("--enable", "no-such-rule"), ("--disable", "punctuation,comma-spcae"), ("--disable", "harper:SpelCheck")],
)
def test_unknown_id_in_an_option_is_a_one_line_error(article, option, value):
    r = run("check", "--isolated", option, value, "a.txt", cwd=article)
    assert r.returncode == 2 and r.stdout == ""
    (line,) = r.stderr.splitlines()
    bad = value.split(",")[-1]
    assert line.startswith(f"copyedit: error: {option}: unknown rule {bad!r}")


@pytest.mark.parametrize("key", ["disable", "enable"])
def test_unknown_id_in_the_config_names_the_file_and_key(article, key):
    (article / ".copyedit.toml").write_text(f'{key} = ["comma-space", "sentence-spcae"]\n', encoding="utf-8")
    r = run("check", "--backend", "none", "a.txt", cwd=article)
    assert r.returncode == 2
    (line,) = r.stderr.splitlines()
    assert f".copyedit.toml: {key}: unknown rule 'sentence-spcae'" in line


def test_every_kind_of_known_id_is_accepted(tmp_path):
    from copyedit.config import Settings
    from copyedit.selectors import check_settings

    house = tmp_path / "house.yaml"
    house.write_text(
        "pack: house\nrules:\n  - id: house-rule\n    kind: regex\n    message: m\n    pattern: 'zzz'\n    replacement: z\n",
        encoding="utf-8",
    )
    known = ("comma-space", "punctuation", "harper", "languagetool", "rules", "all", "harper:SpellCheck", "SpellCheck",
             "languagetool:MORFOLOGIK_RULE_EN_US", "UPPERCASE_RULE", "vocabulary-reject", "house-rule")
    config = Settings(source=str(tmp_path / ".copyedit.toml"), disable=known, enable=("house-rule",), rule_files=(str(house),))
    check_settings(config, config, {"disable": known, "enable": ()})  # raises on the first unknown one
    without_house = Settings(source="cfg.toml", disable=("house-rule",))
    with pytest.raises(Exception, match="cfg.toml: disable: unknown rule 'house-rule'"):
        check_settings(without_house, without_house, {})


def test_a_harper_rule_is_taken_on_trust_when_harper_does_not_run(article):
    """Without Harper the selector does nothing either way, and checking it would load Harper."""
    r = run("check", "--isolated", "--backend", "none", "--disable", "harper:SpelCheck", "a.txt", cwd=article)
    assert r.returncode == 1 and "unknown rule" not in r.stderr


def test_unknown_id_in_a_directive_is_a_warning_with_file_and_line(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("# Title\n\n<!-- copyedit-disable comma-spcae -->\nHello,world.\n<!-- copyedit-enable comma-spcae -->\n", encoding="utf-8")
    r = run("check", "--isolated", "--backend", "none", "a.md", cwd=tmp_path)
    assert r.returncode == 1  # a warning: the check itself went on, and found the comma
    assert "comma-space" in r.stdout
    warnings = r.stderr.splitlines()
    assert len(warnings) == 2
    assert warnings[0].startswith("copyedit: warning: a.md:3: unknown rule 'comma-spcae' in copyedit-disable")
    assert warnings[1].startswith("copyedit: warning: a.md:5: unknown rule 'comma-spcae' in copyedit-enable")
    p.write_text("<!-- copyedit-disable comma-space -->\nHello,world.\n", encoding="utf-8")
    r = run("check", "--isolated", "--backend", "none", "a.md", cwd=tmp_path)
    assert (r.returncode, r.stderr) == (0, "")


def test_plain_text_directive_warning_and_fix_says_it_once(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Title here\n\n# copyedit-disable-next-line harper:Nope\nHello,world.It is.\n", encoding="utf-8")
    r = run("fix", "--isolated", "a.txt", cwd=tmp_path)
    assert r.returncode == 0
    assert [ln for ln in r.stderr.splitlines() if "warning" in ln] == [
        "copyedit: warning: a.txt:3: unknown rule 'harper:Nope' in copyedit-disable-next-line (it switches nothing off; "
        "`copyedit rules list` lists rule and pack ids; Harper rules are harper:Name)"
    ]


def test_is_known_rules():
    ids = known_ids({"comma-space": "punctuation"})
    assert all(is_known(s, ids, frozenset({"SpellCheck"})) for s in ("comma-space", "punctuation", "all", "*", "harper:SpellCheck", "SpellCheck", "languagetool:X", "EN_RULE"))
    assert not any(is_known(s, ids, frozenset({"SpellCheck"})) for s in ("comma-spcae", "harper:Nope", "Nope", "languagetool:", "other:x"))
    assert is_known("harper:Nope", ids, None)  # Harper not loaded: on trust
    assert not is_known("Nope", ids, None)
