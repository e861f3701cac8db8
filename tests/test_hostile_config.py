"""Config in a hostile place (issue 18): a pre-commit hook runs copyedit in any clone.

The walk up for `.copyedit.toml` / `[tool.copyedit]` stops at the repository
root or at the home folder, so a config in a folder above the clone (someone
else's) is never read. A server URL, where copyedit sends text, is taken only
from a file the current user owns; the tests run as one user, so "owned by
someone else" is simulated by changing who copyedit thinks it runs as.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from copyedit.cli import main
from copyedit.config import ConfigError, find_config, load_config, settings_for

sys.path.insert(0, str(Path(__file__).resolve().parent))
from languagetool_capture import CaptureServer  # noqa: E402

PROSE = "The council met on Tuesday and voted.\n"


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A home folder of the test's own: nothing is read from, or written to, the real one."""
    h = tmp_path / "home"
    h.mkdir()
    monkeypatch.setenv("HOME", str(h))
    return h


@pytest.fixture
def server():
    s = CaptureServer()
    yield s
    s.stop()


def hostile_config(folder: Path, url: str = "http://127.0.0.1:9") -> Path:
    cfg = folder / ".copyedit.toml"
    cfg.write_text(f'dialect = "gb"\nbackend = ["languagetool"]\n\n[languagetool]\nurl = "{url}"\n', encoding="utf-8")
    return cfg


def clone(parent: Path, git: str = "dir") -> Path:
    repo = parent / "clone"
    (repo / "docs").mkdir(parents=True)
    if git == "dir":
        (repo / ".git").mkdir()
    else:  # a worktree or submodule: .git is a file
        (repo / ".git").write_text("gitdir: /elsewhere/.git/worktrees/clone\n", encoding="utf-8")
    (repo / "docs" / "a.md").write_text(PROSE, encoding="utf-8")
    return repo


# ------------------------------------------------------------------- walk
@pytest.mark.parametrize("git", ["dir", "file"])
def test_a_config_above_the_repository_is_never_read(tmp_path, home, git):
    outer = tmp_path / "shared"
    outer.mkdir()
    hostile_config(outer)
    repo = clone(outer, git)
    doc = repo / "docs" / "a.md"
    assert find_config(doc) is None
    settings = settings_for([str(doc)])
    assert settings.source is None and settings.lt_url is None and settings.dialect == "auto"
    # The repository's own config, at its root, is still found.
    (repo / "pyproject.toml").write_text('[tool.copyedit]\ndialect = "ca"\n', encoding="utf-8")
    assert find_config(doc) == repo / "pyproject.toml"
    assert settings_for([str(doc)]).dialect == "ca"


def test_outside_a_repository_the_walk_stops_at_home(tmp_path, home):
    hostile_config(tmp_path)  # above the home folder
    notes = home / "notes"
    notes.mkdir()
    (notes / "a.txt").write_text(PROSE, encoding="utf-8")
    assert find_config(notes / "a.txt") is None
    (home / ".copyedit.toml").write_text('dialect = "au"\n', encoding="utf-8")
    assert find_config(notes / "a.txt") == home / ".copyedit.toml"


def test_a_hook_in_a_clone_sends_nothing_to_the_server_a_parent_config_names(tmp_path, home, server, monkeypatch):
    outer = tmp_path / "shared"
    outer.mkdir()
    hostile_config(outer, server.url)
    repo = clone(outer)
    monkeypatch.chdir(repo)
    r = CliRunner().invoke(main, ["check", "docs/a.md"])
    assert r.exit_code == 0, r.output
    assert server.requests == []


# -------------------------------------------------------------- ownership
def _someone_else(monkeypatch, path: Path) -> int:
    """Make copyedit believe it runs as a user other than the file's owner."""
    owner = os.stat(path).st_uid
    monkeypatch.setattr(os, "getuid", lambda: owner + 1)
    return owner


def test_a_server_url_from_a_file_you_do_not_own_is_refused(tmp_path, monkeypatch):
    cfg = hostile_config(tmp_path)
    assert load_config(cfg).lt_url == "http://127.0.0.1:9"  # yours: taken
    owner = _someone_else(monkeypatch, cfg)
    with pytest.raises(ConfigError) as e:
        load_config(cfg)
    message = str(e.value)
    assert "\n" not in message
    assert str(cfg) in message and f"uid {owner}" in message and "url" in message


def test_a_file_you_do_not_own_is_refused_in_one_line_and_nothing_is_sent(tmp_path, home, server, monkeypatch):
    repo = clone(tmp_path)
    cfg = hostile_config(repo, server.url)
    _someone_else(monkeypatch, cfg)
    monkeypatch.chdir(repo)
    r = CliRunner().invoke(main, ["check", "docs/a.md"])
    assert r.exit_code == 2, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and str(cfg) in lines[0] and "owned by" in lines[0], r.stderr
    assert server.requests == []


def test_a_file_you_do_not_own_without_a_server_still_applies(tmp_path, monkeypatch):
    cfg = tmp_path / ".copyedit.toml"
    cfg.write_text('dialect = "gb"\n', encoding="utf-8")
    _someone_else(monkeypatch, cfg)
    assert load_config(cfg).dialect == "gb"
