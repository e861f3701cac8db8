"""The shipped pre-commit hooks, run by the real `pre-commit` in a throwaway repository.

Offline: the config is built from this checkout's .pre-commit-hooks.yaml,
with each hook turned into a `repo: local`, `language: system` hook whose
entry runs this environment's copyedit executable, so pre-commit installs
nothing. Proxies that point nowhere make any attempt at the network fail.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copyedit_cmd, isolate_git

MANIFEST = ROOT / ".pre-commit-hooks.yaml"
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")

BAD = "The council met on Tuesday,and voted on the budget.\n"
GOOD = "The council met on Tuesday, and voted on the budget.\n"
NOTES_BAD = "Notes from the meeting: the mayor spoke,then left.\n"
NOTES_GOOD = "Notes from the meeting: the mayor spoke, then left.\n"
CODE = "values = [1,2,3]  # a,b is fine in code\n"


def shipped_hooks() -> dict[str, dict]:
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return {h["id"]: h for h in hooks}


def test_manifest_declares_both_hooks():
    hooks = shipped_hooks()
    assert set(hooks) == {"copyedit", "copyedit-fix"}
    assert hooks["copyedit"]["entry"] == "copyedit check"
    assert hooks["copyedit-fix"]["entry"] == "copyedit fix --exit-non-zero-on-fix"
    for h in hooks.values():
        assert h["language"] == "python"
        assert set(h["types_or"]) == {"markdown", "plain-text"}


def test_manifest_is_valid_for_pre_commit():
    r = subprocess.run([str(PRE_COMMIT), "validate-manifest", str(MANIFEST)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_types_match_articles_and_nothing_else():
    from identify import identify

    types = set(shipped_hooks()["copyedit"]["types_or"])
    for name in ("a.md", "a.markdown", "a.txt"):
        assert types & identify.tags_from_filename(name), name
    for name in ("a.py", "a.json", "a.yaml", "a.html"):
        assert not types & identify.tags_from_filename(name), name


def local_config() -> str:
    """This checkout's hooks, as local hooks running the copyedit installed here."""
    exe = shlex.join(copyedit_cmd())
    hooks = []
    for hook in shipped_hooks().values():
        local = dict(hook)
        cmd, *rest = shlex.split(hook["entry"])
        assert cmd == "copyedit"
        local["entry"] = " ".join([exe, *map(shlex.quote, rest)])
        local["language"] = "system"
        hooks.append(local)
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}, sort_keys=False)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    isolate_git(tmp_path, monkeypatch)
    env = {
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        # Offline: anything that tried to download would fail here.
        "PIP_NO_INDEX": "1",
        "http_proxy": "http://127.0.0.1:9",
        "https_proxy": "http://127.0.0.1:9",
        "HTTP_PROXY": "http://127.0.0.1:9",
        "HTTPS_PROXY": "http://127.0.0.1:9",
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    for k in list(os.environ):
        if k.startswith("PRE_COMMIT_") and k != "PRE_COMMIT_HOME":
            monkeypatch.delenv(k)
    root = tmp_path / "newsroom"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / ".pre-commit-config.yaml").write_text(local_config(), encoding="utf-8")
    r = subprocess.run([str(PRE_COMMIT), "install"], cwd=root, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    return root


def git(cwd, *args, check=True):
    r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if check:
        assert r.returncode == 0, r.stdout + r.stderr
    return r


def head(cwd) -> str | None:
    r = git(cwd, "rev-parse", "--verify", "--quiet", "HEAD", check=False)
    return r.stdout.strip() if r.returncode == 0 else None


def test_commit_blocked_then_fixed_then_passes(repo):
    article = repo / "article.md"
    notes = repo / "notes.txt"
    code = repo / "tool.py"
    article.write_text(BAD, encoding="utf-8")
    notes.write_text(NOTES_BAD, encoding="utf-8")
    code.write_text(CODE, encoding="utf-8")
    git(repo, "add", ".")

    # The check hook on its own: fails, names the finding, changes nothing.
    r = subprocess.run([str(PRE_COMMIT), "run", "copyedit"], cwd=repo, capture_output=True, text=True)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "article.md:1:27: comma-space" in r.stdout
    assert "notes.txt:1:40: comma-space" in r.stdout
    assert "tool.py" not in r.stdout
    assert article.read_text(encoding="utf-8") == BAD

    # A real commit is blocked: no commit is made; the fix hook repairs the files and fails for it.
    r = git(repo, "commit", "-m", "Council story", check=False)
    assert r.returncode != 0, r.stdout + r.stderr
    out = r.stdout + r.stderr
    assert head(repo) is None
    assert "files were modified by this hook" in out
    assert article.read_text(encoding="utf-8") == GOOD
    assert notes.read_text(encoding="utf-8") == NOTES_GOOD
    assert code.read_text(encoding="utf-8") == CODE  # not an article: never touched

    # Stage the repaired files and commit again: both hooks pass.
    git(repo, "add", "article.md", "notes.txt")
    r = git(repo, "commit", "-m", "Council story", check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    assert head(repo) is not None
    assert git(repo, "show", "HEAD:article.md").stdout == GOOD
    assert git(repo, "show", "HEAD:notes.txt").stdout == NOTES_GOOD


def test_fix_hook_alone_fails_on_change_and_passes_when_clean(repo):
    article = repo / "article.md"
    article.write_text(BAD, encoding="utf-8")
    git(repo, "add", "article.md")
    r = subprocess.run([str(PRE_COMMIT), "run", "copyedit-fix"], cwd=repo, capture_output=True, text=True)
    assert r.returncode == 1, r.stdout + r.stderr
    assert article.read_text(encoding="utf-8") == GOOD
    git(repo, "add", "article.md")
    r = subprocess.run([str(PRE_COMMIT), "run", "copyedit-fix"], cwd=repo, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    r = subprocess.run([str(PRE_COMMIT), "run", "copyedit"], cwd=repo, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
