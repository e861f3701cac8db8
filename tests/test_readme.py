"""What the README promises a newcomer, held to the code: a README that is not true is a bug."""

from __future__ import annotations

import re

import pytest

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


# ------------------------------------------------------------------ the commands
def _run(*args, cwd=None, env=None):
    import os
    import subprocess

    from conftest import copyedit_cmd

    return subprocess.run([*copyedit_cmd(), *args], capture_output=True, text=True, cwd=cwd, env=env or os.environ)


def test_setup_command_ends_with_success():
    """A newcomer's first command must not end with exit status 1, which reads as a failed install."""
    (first,) = [ln for ln in _sh_blocks(README)[0].splitlines() if ln.strip()]
    assert first.endswith("copyedit diff --exit-zero examples/")
    r = _run("diff", "--exit-zero", "examples/", cwd=ROOT)
    assert r.returncode == 0 and r.stdout.startswith("--- a/examples/"), r.stderr


def test_exit_zero_keeps_errors(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("One,two.\n", encoding="utf-8")
    for command in ("check", "diff", "fix"):
        assert _run(command, "--backend", "none", str(p)).returncode == (1 if command != "fix" else 0)
        p.write_text("One,two.\n", encoding="utf-8")
        assert _run(command, "--exit-zero", "--backend", "none", str(p)).returncode == 0
        p.write_text("One,two.\n", encoding="utf-8")
    assert _run("check", "--exit-zero", str(tmp_path / "missing.txt")).returncode == 2


def test_color_forces_colour_into_a_pipe(tmp_path):
    import os

    p = tmp_path / "a.txt"
    p.write_text("One,two.\n", encoding="utf-8")
    env = dict(os.environ, NO_COLOR="1")  # the flag wins over the environment
    for command in ("check", "diff"):
        coloured = _run(command, "--color", "--backend", "none", str(p), env=env).stdout
        plain = _run(command, "--backend", "none", str(p), env=env).stdout
        assert "\x1b[" in coloured and "\x1b[" not in plain, command
    assert "\x1b[" not in _run("check", "--no-color", "--backend", "none", str(p)).stdout


@pytest.mark.parametrize(
    "args",
    [["check", "--bogus", "x"], ["nosuch"], ["check", "--format", "nope", "x"], ["rules", "bogus"], ["check", "-j", "0", "x"]],
)
def test_usage_errors_are_one_line_too(args):
    r = _run(*args)
    assert r.returncode == 2
    assert r.stdout == ""
    (line,) = r.stderr.splitlines()
    assert line.startswith("copyedit: error: ") and "--help" in line


def test_version_is_the_package_version():
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    r = _run("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"copyedit, version {version}"
    # The pre-commit example pins the tag the release step creates for this version.
    assert f"rev: v{version}" in README


def test_help_still_works():
    r = _run("check", "--help")
    assert r.returncode == 0 and "Usage: copyedit check" in r.stdout and "--exit-zero" in r.stdout


def test_github_format_uses_the_command_for_each_severity(tmp_path):
    """README: `::error`, `::warning` or `::notice` by severity; an unreadable file is an `::error`."""
    rules = tmp_path / "house.yaml"
    rules.write_text(
        "pack: house\nrules:\n"
        + "".join(
            f"  - id: {sev}-rule\n    kind: regex\n    message: m\n    severity: {sev}\n    pattern: '\\b{word}\\b'\n    replacement: x\n"
            for sev, word in (("error", "alpha"), ("warning", "beta"), ("info", "gamma"))
        ),
        encoding="utf-8",
    )
    p = tmp_path / "a.txt"
    p.write_text("Alpha alpha, beta and gamma.\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfa broken\n")
    r = _run("check", "--isolated", "--backend", "none", "--min-level", "info", "--rules", str(rules), "--format", "github", str(p), str(bad))
    lines = r.stdout.splitlines()

    def kind_of(title):
        return {ln.split(" ", 1)[0] for ln in lines if f"title={title}::" in ln}

    assert (kind_of("error-rule"), kind_of("warning-rule"), kind_of("info-rule")) == ({"::error"}, {"::warning"}, {"::notice"})
    assert kind_of("copyedit") == {"::error"} and "bad.txt" in r.stdout
    for claim in ("`::error`, `::warning` or `::notice`",):
        assert claim in README


def test_json_output_fields_are_those_the_readme_documents(tmp_path):
    import json

    p = tmp_path / "a.txt"
    p.write_text("One,two.\n", encoding="utf-8")
    r = _run("check", "--format", "json", "--backend", "none", str(p))
    (entry,) = json.loads(r.stdout)["files"]
    assert set(entry) == {"path", "suggestions", "dialect"}
    assert '"dialect": "gb"' in README
    assert "`fixed`" not in README


def test_default_dialect_is_the_one_the_readme_names():
    from copyedit.config import Settings

    assert f"default `{Settings().dialect}`" in README


def test_an_invalid_pyproject_met_during_discovery_is_a_one_line_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.copyedit\ndialect = "gb"\n', encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("Hello,world.\n", encoding="utf-8")
    r = _run("check", "--backend", "none", "docs/a.txt", cwd=tmp_path)
    assert r.returncode == 2 and r.stdout == ""
    (line,) = r.stderr.splitlines()
    assert line.startswith(f"copyedit: error: {tmp_path / 'pyproject.toml'}: invalid TOML")
    assert _run("check", "--isolated", "--backend", "none", "docs/a.txt", cwd=tmp_path).returncode == 1
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")  # valid, no [tool.copyedit]
    assert _run("check", "--backend", "none", "docs/a.txt", cwd=tmp_path).returncode == 1
