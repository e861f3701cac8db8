"""Rule packs and settings from a hostile repository (issue 18): none of them hangs a run,
exhausts memory or switches checking off; each is refused in one line, or bounded."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from fuzz.harness import no_traceback, run

from copyedit.cli import main


def invoke(args, input: str | None = None):
    return CliRunner().invoke(main, list(map(str, args)), input=input)


def one_error(result) -> str:
    """The run failed the way users must see failures: exit 2, one line, no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("copyedit: error: ")
    return lines[0]


@pytest.fixture
def article(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("We utilise a,b here, lol.\n", encoding="utf-8")
    return p


# ------------------------------------------------------------------ YAML aliases
def _laughs(depth: int = 9) -> str:
    """Nine levels of nine aliases: 9^9 strings once expanded, a few hundred bytes as written."""
    lines = ['        - text: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, depth):
        lines.append(f"        - text: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


BOMB_PACK = (
    "pack: bomb\nrules:\n  - id: lol\n    kind: regex\n    message: m\n    pattern: 'lol'\n    replacement: 'ha'\n"
    "    examples:\n      bad:\n" + _laughs()
)


@pytest.mark.parametrize("command", [["check", "--backend", "none"], ["rules", "test"]])
def test_alias_bomb_in_examples_is_refused_in_one_line_before_it_expands(tmp_path, article, command):
    f = tmp_path / "bomb.yaml"
    f.write_text(BOMB_PACK, encoding="utf-8")
    args = [*command, "--isolated", "--rules", f, article] if command[0] == "check" else [*command, "--isolated", f]
    r = run(*args, cwd=tmp_path, timeout=60)  # before: killed after 60 s
    assert r.returncode == 2
    err = no_traceback(r.stderr).strip()
    assert err.count("\n") == 0, err
    assert str(f) in err and "line 10" in err and "alias" in err


def test_an_alias_anywhere_in_a_rule_file_is_refused(tmp_path, article):
    f = tmp_path / "house.yaml"
    f.write_text(
        "pack: house\nrules:\n  - id: a\n    kind: regex\n    message: &m Say it.\n    pattern: 'utilise'\n"
        "  - id: b\n    kind: regex\n    message: *m\n    pattern: 'lol'\n",
        encoding="utf-8",
    )
    line = one_error(invoke(["check", "--isolated", "--backend", "none", "--rules", f, article]))
    assert str(f) in line and "alias" in line


def test_an_alias_in_a_data_file_is_refused(tmp_path, article):
    (tmp_path / "sets.yaml").write_text("- &x [colour, color]\n- *x\n", encoding="utf-8")
    f = tmp_path / "house.yaml"
    f.write_text("pack: house\nrules:\n  - id: spell\n    kind: consistency\n    message: m\n    data: sets.yaml\n", encoding="utf-8")
    line = one_error(invoke(["check", "--isolated", "--backend", "none", "--rules", f, article]))
    assert "sets.yaml" in line and "line 1" in line and "alias" in line


def test_anchors_without_aliases_still_load(tmp_path, article):
    f = tmp_path / "house.yaml"
    f.write_text("pack: house\nrules:\n  - id: a\n    kind: regex\n    message: &m Say 'use'.\n    pattern: 'utilise'\n    replacement: use\n", encoding="utf-8")
    r = invoke(["check", "--isolated", "--backend", "none", "--rules", f, article])
    assert r.exit_code == 1 and "Say 'use'." in r.stdout


# ------------------------------------------------------------------ settings
@pytest.mark.parametrize("value", ["inf", "1e300", "nan", "0", "-1", "61", "-inf"])
def test_regex_timeout_that_would_switch_checking_off_is_refused(tmp_path, article, value):
    (tmp_path / ".copyedit.toml").write_text(f"regex-timeout = {value}\n", encoding="utf-8")
    line = one_error(invoke(["check", "--backend", "none", article]))
    assert "regex-timeout" in line and "at most 60" in line


def test_regex_timeout_within_bounds_is_taken(tmp_path, article):
    (tmp_path / ".copyedit.toml").write_text("regex-timeout = 60\n", encoding="utf-8")
    assert invoke(["check", "--backend", "none", article]).exit_code == 1
