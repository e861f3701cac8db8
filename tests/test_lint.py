"""The project's own checks: ruff (lint) and mypy (types), clean, as `.ci/run` runs them.

A test rather than only a CI line, so a change that brings back an unused
import, a shadowed loop variable or a None where a value is promised fails
where the developer runs the tests. The tools are those of this environment
(the test extra installs them); their settings are in pyproject.toml.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

#: What ruff and mypy check; the same commands as in .ci/run.
RUFF = ["ruff", "check", "copyedit", "tests", "benchmarks", "scripts"]
MYPY = ["mypy", "copyedit"]


def _run(args: list[str]) -> subprocess.CompletedProcess:
    tool = args[0]
    try:
        __import__(tool)
    except ImportError:
        pytest.fail(f"{tool} is not installed here: pip install -e '.[test]'")
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing():
    r = _run(RUFF)
    assert r.returncode == 0, f"{' '.join(RUFF)}:\n{r.stdout}{r.stderr}"


@pytest.mark.slow  # a cold mypy run takes ~7 s of CPU, 20 s and more on a busy machine
def test_mypy_finds_nothing():
    r = _run(MYPY)
    assert r.returncode == 0, f"{' '.join(MYPY)}:\n{r.stdout}{r.stderr}"


def test_the_ci_script_runs_both_before_the_tests():
    ci = [ln.strip() for ln in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    ruff = next(i for i, ln in enumerate(ci) if ln.startswith(".venv/bin/ruff check"))
    mypy = next(i for i, ln in enumerate(ci) if ln.startswith(".venv/bin/mypy"))
    first_pytest = next(i for i, ln in enumerate(ci) if "pytest" in ln)
    assert ci[ruff].split()[1:] == RUFF[1:] and ci[mypy].split()[1:] == MYPY[1:]
    assert max(ruff, mypy) < first_pytest


def test_ruff_would_see_a_bug(tmp_path):
    """The configured rules catch what they are there for (an unused name, a loop variable caught late)."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import os\n\n\ndef f(xs):\n    fs = []\n    for x in xs:\n        fs.append(lambda: x)\n    return fs\n",
        encoding="utf-8",
    )
    r = _run(["ruff", "check", "--config", str(ROOT / "pyproject.toml"), "--output-format", "concise", str(bad)])
    assert r.returncode == 1
    assert {"F401", "B023"} <= {ln.split()[1] for ln in r.stdout.splitlines() if ln.startswith(str(bad))}
