"""The public Python API: the same findings as the JSON output, picklable, one engine per process."""

from __future__ import annotations

import json
import pickle

import pytest
from click.testing import CliRunner

import copyedit
from copyedit.cli import main

TEXT = "It rose,then fell. It was a important day for russia.\n"


def test_check_returns_what_json_reports(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(TEXT, encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", str(p)])
    expected = json.loads(r.output)["files"][0]["suggestions"]
    editor = copyedit.load(isolated=True)
    got = [f.to_dict() for f in editor.check(TEXT)]
    assert got == expected and got


def test_fix_returns_what_fix_writes(tmp_path):
    p = tmp_path / "a.md"
    p.write_text(TEXT, encoding="utf-8")
    CliRunner().invoke(main, ["fix", "--isolated", str(p)])
    result = copyedit.load(isolated=True).fix(TEXT, fmt="markdown")
    assert result.text == p.read_text(encoding="utf-8") != TEXT
    assert result.changed and {f.rule for f in result.applied} >= {"comma-space", "proper-noun-case"}
    assert copyedit.load(isolated=True).fix(result.text, fmt="markdown").applied == ()


def test_an_editor_pickles_small_and_shares_one_engine_per_process():
    editor = copyedit.load(backends="none", dialect="gb")
    first = editor.engine
    clone = pickle.loads(pickle.dumps(editor))
    assert len(pickle.dumps(editor)) < 2000  # settings, not an engine
    assert clone.engine is first
    assert clone.check(TEXT) == editor.check(TEXT)


def test_overrides_and_config(tmp_path):
    cfg = tmp_path / ".copyedit.toml"
    cfg.write_text('disable = ["comma-space"]\n', encoding="utf-8")
    rules = {f.rule for f in copyedit.load(config=cfg, backends="none").check(TEXT)}
    assert "comma-space" not in rules and "proper-noun-case" in rules
    near = {f.rule for f in copyedit.load(near=tmp_path / "x.txt", backends="none").check(TEXT)}
    assert near == rules
    info = copyedit.load(backends="harper", min_level="info").check("We went there and also here.\n")
    assert any(f.severity == "info" for f in info)


@pytest.mark.parametrize("kwargs", [{"dialect": "martian"}, {"colour": "blue"}, {"backends": "java"}])
def test_bad_settings_are_config_errors(kwargs):
    with pytest.raises(copyedit.ConfigError):
        copyedit.load(**kwargs)


def test_bad_format_is_a_value_error():
    with pytest.raises(ValueError):
        copyedit.load(backends="none").check("text", fmt="rst")
