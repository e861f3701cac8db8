"""Every shipped pack passes its own examples, and `copyedit rules` reports on them."""

from __future__ import annotations

import subprocess

import pytest

from conftest import copyedit_cmd
from copyedit.examples import run_rule_examples
from copyedit.packs import builtin_packs

PACKS = builtin_packs()
RULES = [pytest.param(spec, id=f"{pack.id}:{spec.id}") for pack in PACKS for spec in pack.rules]


def run(*args, cwd=None):
    return subprocess.run([*copyedit_cmd(), *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize("spec", RULES)
def test_rule_examples_pass(spec):
    failures = run_rule_examples(spec)
    assert not failures, "\n".join(str(f) for f in failures)


@pytest.mark.parametrize("spec", RULES)
def test_rule_has_bad_and_good_examples(spec):
    assert spec.bad, f"{spec.where()}: no bad example"
    assert spec.good, f"{spec.where()}: no good example"


def test_shipped_packs_include_the_house_style_packs():
    ids = {p.id for p in PACKS}
    assert {"punctuation", "typography", "spelling", "grammar"} <= ids
    spelling = next(p for p in PACKS if p.id == "spelling")
    (variants,) = [r for r in spelling.rules if r.id == "spelling-consistency"]
    assert len(variants.options.variant_sets) >= 50


def test_rules_test_passes_on_shipped_packs(tmp_path):
    r = run("rules", "test", "--isolated", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    last = r.stdout.strip().splitlines()[-1]
    assert last.endswith(", 0 failed") and f"in {len(PACKS)} packs" in last


WRONG = """\
pack: house
rules:
  - id: house-colour
    kind: regex
    pattern: '\\bcolor\\b'
    replacement: colour
    message: Write colour.
    examples:
      bad:
        - text: "The color red."
          fixed: "The colour blue."
      good:
        - "The colour red."
"""

NOISY = WRONG.replace('fixed: "The colour blue."', 'fixed: "The colour red."').replace(
    '- "The colour red."', '- "A color chart."'
)


def test_rules_test_fails_on_a_wrong_example(tmp_path):
    f = tmp_path / "house.yaml"
    f.write_text(WRONG, encoding="utf-8")
    r = run("rules", "test", "--isolated", "--no-builtin", str(f), cwd=tmp_path)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "house-colour" in r.stdout and "expected 'The colour blue.'" in r.stdout
    assert "1 failed" in r.stdout
    # With the shipped packs too, the one failure still fails the run.
    r = run("rules", "test", "--isolated", str(f), cwd=tmp_path)
    assert r.returncode == 1 and "house-colour" in r.stdout


def test_rules_test_fails_when_a_good_example_is_reported(tmp_path):
    f = tmp_path / "house.yaml"
    f.write_text(NOISY, encoding="utf-8")
    r = run("rules", "test", "--isolated", "--no-builtin", str(f), cwd=tmp_path)
    assert r.returncode == 1
    assert "good example reported" in r.stdout and "A color chart." in r.stdout
    f.write_text(NOISY.replace('- "A color chart."', '- "A colour chart."'), encoding="utf-8")
    r = run("rules", "test", "--isolated", "--no-builtin", str(f), cwd=tmp_path)
    assert r.returncode == 0, r.stdout


def test_rules_test_reads_the_project_config(tmp_path):
    (tmp_path / "style").mkdir()
    (tmp_path / "style" / "house.yaml").write_text(WRONG, encoding="utf-8")
    (tmp_path / ".copyedit.toml").write_text('rule-files = ["style/house.yaml"]\n', encoding="utf-8")
    r = run("rules", "test", "--no-builtin", cwd=tmp_path)
    assert r.returncode == 1 and "house-colour" in r.stdout
    r = run("rules", "list", cwd=tmp_path)
    assert r.returncode == 0
    assert any(ln.split()[:2] == ["house", "on"] for ln in r.stdout.splitlines()), r.stdout


def test_rules_test_invalid_pack_is_a_one_line_error(tmp_path):
    f = tmp_path / "broken.yaml"
    f.write_text("pack: broken\nrules:\n  - id: x\n    kind: nosuchkind\n    message: m\n", encoding="utf-8")
    r = run("rules", "test", "--isolated", str(f), cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "unknown kind 'nosuchkind'" in r.stderr


def _rows(stdout: str) -> dict[str, list[str]]:
    return {ln.split()[0]: ln.split() for ln in stdout.splitlines() if ln.strip()}


def test_rules_list_shows_packs_and_rules(tmp_path):
    r = run("rules", "list", "--isolated", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "\x1b[" not in r.stdout  # plain text when piped
    rows = _rows(r.stdout)
    for p in PACKS:
        assert rows[p.id][1] == ("off" if not p.enabled else "on")
        assert rows[p.id][2] == ("yes" if p.opinionated else "no")
        for spec in p.rules:
            assert rows[spec.id][1:3] == [p.id, spec.kind]
    assert rows["double-hyphen-dash"][3] == "off"  # off by default in an on pack
    assert int(rows["spelling-consistency"][5]) >= 50  # entry count from the kind
    assert rows["comma-space"][5] == "-"  # a kind without entries


def test_rules_list_follows_the_config(tmp_path):
    (tmp_path / ".copyedit.toml").write_text(
        'disable-packs = ["spelling"]\ndisable = ["doubled-word"]\nenable = ["double-hyphen-dash"]\n', encoding="utf-8"
    )
    r = run("rules", "list", cwd=tmp_path)
    rows = _rows(r.stdout)
    assert rows["spelling"][1] == "off" and rows["spelling-consistency"][3] == "off"
    assert rows["doubled-word"][3] == "off" and rows["sentence-start-case"][3] == "on"
    assert rows["double-hyphen-dash"][3] == "on"


def test_rules_list_one_pack(tmp_path):
    r = run("rules", "list", "--isolated", "--pack", "typography", cwd=tmp_path)
    rows = _rows(r.stdout)
    assert "typography" in rows and "spelling" not in rows and "comma-space" not in rows
    assert {"quote-style", "dash-style"} <= set(rows)
    r = run("rules", "list", "--isolated", "--pack", "nope", cwd=tmp_path)
    assert r.returncode == 2 and "unknown pack 'nope'" in r.stderr
