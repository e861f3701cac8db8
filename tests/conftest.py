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
