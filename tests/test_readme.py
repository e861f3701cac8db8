"""What the README promises a newcomer, held to the code: a README that is not true is a bug."""

from __future__ import annotations

import re

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(script: str) -> list[str]:
    return [ln.strip() for ln in script.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def _sh_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, re.S)


def test_ci_runs_exactly_the_readme_test_commands():
    """CI must run what a newcomer is told to run: its test lines, verbatim and in order."""
    ci = _commands((ROOT / ".ci" / "run").read_text(encoding="utf-8"))
    tests = [c for c in ci if "pytest" in c]
    assert len(tests) == 2 and tests[-1] == ci[-1]
    readme_lines = [ln.strip() for block in _sh_blocks(README) for ln in block.splitlines()]
    positions = [readme_lines.index(c) for c in tests]  # ValueError if a line is not in the README
    assert positions == sorted(positions)
    assert tests[-1].endswith("-m slow") and "slow" not in tests[0]


def test_default_pytest_run_leaves_out_the_slow_tests_and_ci_runs_them():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (addopts,) = re.findall(r"^addopts\s*=\s*(.+)$", pyproject, re.M)
    assert "not slow" in addopts
