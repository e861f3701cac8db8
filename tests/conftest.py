"""Shared helpers for the test suite."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path_factory):
    """No test may read the developer's config, cache or LanguageTool server."""
    monkeypatch.delenv("COPYEDIT_LT_URL", raising=False) if not os.environ.get("COPYEDIT_TEST_KEEP_LT") else None
    monkeypatch.setenv("COPYEDIT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("NO_COLOR", "1")


def copyedit_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("copyedit")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "copyedit"]


def isolate_git(tmp_path, monkeypatch) -> Path:
    """A git that reads no user or system config and commits as a fixed editor."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    for k, v in {
        "HOME": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
        "GIT_AUTHOR_NAME": "Ed Itor",
        "GIT_AUTHOR_EMAIL": "ed@example.org",
        "GIT_COMMITTER_NAME": "Ed Itor",
        "GIT_COMMITTER_EMAIL": "ed@example.org",
    }.items():
        monkeypatch.setenv(k, v)
    return home


def one_error(result) -> str:
    """The run failed the way users must see failures: exit 2, one line, no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("copyedit: error: ")
    return lines[0]
