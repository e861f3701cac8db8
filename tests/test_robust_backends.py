"""Harper missing or failing: a clear one-line error, and never a half-written file.

Simulated in-process (monkeypatch), so the real harper-py install is never
touched. LanguageTool failures (a server that stalls, dies or answers 5xx)
are tested with the LanguageTool backend, not here.
"""

from __future__ import annotations

import os
import sys

import pytest
from click.testing import CliRunner

from copyedit.backends import harper as harper_backend
from copyedit.cli import main

TEXT = "Headline Here\nThe council met on Tuesday,and voted.It was a important day.\n"
TRIGGER = "Zanzibarque"


class PanicException(BaseException):
    """What pyo3 raises when Rust code panics: a BaseException, not an Exception."""


PanicException.__module__ = "pyo3_runtime"


class FailingLinter:
    """A real Harper linter that fails on one paragraph, as a native library can."""

    def __init__(self, real, error: BaseException):
        self.real = real
        self.error = error
        self.calls = 0

    def organized_lints(self, text, language="plaintext", **options):
        self.calls += 1
        if TRIGGER in text:
            raise self.error
        return self.real.organized_lints(text, language=language, **options)

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.fixture
def fresh_harper(monkeypatch):
    """No cached linters or lints from earlier tests: every lint really calls the linter."""
    monkeypatch.setattr(harper_backend, "_linters", {})
    monkeypatch.setattr(harper_backend, "_configs", {})
    monkeypatch.setattr(harper_backend, "_memo", {})
    return harper_backend


@pytest.fixture
def harper_missing(fresh_harper, monkeypatch):
    monkeypatch.setitem(sys.modules, "harper", None)  # `import harper` now fails
    return fresh_harper


def failing(fresh_harper, monkeypatch, error: BaseException) -> FailingLinter:
    real = fresh_harper._linter("us")
    fake = FailingLinter(real, error)
    monkeypatch.setattr(fresh_harper, "_linter", lambda dialect, role="main": fake)
    return fake


@pytest.fixture
def docs(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    (d / "a.txt").write_text(TEXT, encoding="utf-8")
    (d / "b.txt").write_text(TEXT.replace("Tuesday", TRIGGER), encoding="utf-8")
    (d / "c.txt").write_text(TEXT, encoding="utf-8")
    return d


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def error_line(result) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2, (result.exit_code, result.output)
    errors = [ln for ln in result.stderr.splitlines() if "error" in ln.lower()]
    assert len(errors) == 1, result.stderr
    assert "Traceback" not in result.output
    return errors[0]


def snapshot(d):
    return {p.name: p.read_bytes() for p in sorted(d.iterdir())}


def fixed_text(text: str) -> str:
    from copyedit.config import Settings
    from copyedit.engine import build_engine
    from copyedit.fixer import fix_text

    return fix_text(build_engine(Settings()), "x.txt", text).text


# ------------------------------------------------------------------ missing
@pytest.mark.parametrize("command", ["check", "diff", "fix"])
def test_harper_missing_is_one_clear_line_and_nothing_is_written(harper_missing, docs, command):
    before = snapshot(docs)
    result = invoke(command, "--isolated", docs)
    line = error_line(result)
    assert "harper-py is not installed" in line and "--backend none" in line
    assert result.stdout == ""
    assert snapshot(docs) == before


def test_harper_missing_house_rules_still_run_with_backend_none(harper_missing, docs):
    result = invoke("fix", "--isolated", "--backend", "none", docs)
    assert result.exit_code in (0, 1), result.output
    assert "Tuesday, and voted. It was" in (docs / "a.txt").read_text(encoding="utf-8")


def test_harper_missing_with_backend_auto_and_no_languagetool(harper_missing, docs, monkeypatch):
    from dataclasses import replace

    from copyedit.backends import registry

    unreachable = replace(registry.get("languagetool"), probe=lambda settings: None)
    monkeypatch.setitem(registry._BACKENDS, "languagetool", unreachable)
    before = snapshot(docs)
    result = invoke("check", "--isolated", "--backend", "auto", docs)
    assert "no LanguageTool reachable, using Harper" in result.stderr
    assert "harper-py is not installed" in error_line(result)
    assert snapshot(docs) == before


# ------------------------------------------------------------------ failing
@pytest.mark.parametrize("command", ["check", "diff"])
def test_harper_failing_is_one_line_naming_the_file(fresh_harper, monkeypatch, docs, command):
    failing(fresh_harper, monkeypatch, RuntimeError("index out of bounds"))
    before = snapshot(docs)
    result = invoke(command, "--isolated", docs)
    line = error_line(result)
    assert "Harper failed on" in line and "b.txt" in line and "index out of bounds" in line
    assert result.stdout == ""  # no half report, no half diff
    assert snapshot(docs) == before


#: Loaded by every Python process started while the test runs, so that worker
#: processes (spawned, not forked, by --jobs) get the failing linter too.
_SITECUSTOMIZE = f"""
from copyedit.backends import harper as _h

_real = _h._linter
_trigger = {TRIGGER!r}


class _Failing:
    def __init__(self, real):
        self.real = real

    def organized_lints(self, text, language="plaintext", **options):
        if _trigger in text:
            raise RuntimeError("index out of bounds")
        return self.real.organized_lints(text, language=language, **options)

    def __getattr__(self, name):
        return getattr(self.real, name)


_h._linter = lambda dialect, role="main": _Failing(_real(dialect, role))
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_harper_failing_during_fix_never_leaves_a_half_written_file(fresh_harper, monkeypatch, docs, jobs, tmp_path):
    failing(fresh_harper, monkeypatch, RuntimeError("index out of bounds"))
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(_SITECUSTOMIZE, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(hook), os.environ.get("PYTHONPATH")])))
    before = snapshot(docs)
    result = invoke("fix", "--isolated", "--jobs", jobs, docs)
    line = error_line(result)
    assert "b.txt" in line
    after = snapshot(docs)
    assert after["b.txt"] == before["b.txt"]
    for name in ("a.txt", "c.txt"):  # untouched, or completely fixed: nothing in between
        assert after[name] in (before[name], fixed_text(TEXT).encode()), name
    assert not [p for p in docs.iterdir() if p.name.startswith(".copyedit-")]


def test_harper_panic_is_one_line_not_a_traceback(fresh_harper, monkeypatch, docs):
    failing(fresh_harper, monkeypatch, PanicException("called `Option::unwrap()` on a `None` value"))
    before = snapshot(docs)
    result = invoke("check", "--isolated", docs)
    line = error_line(result)
    assert "b.txt" in line and "unwrap" in line
    assert snapshot(docs) == before


def test_harper_failing_to_load_is_one_line(fresh_harper, monkeypatch, docs):
    class BrokenLinter:
        def __init__(self, dialect):
            raise OSError("cannot map dictionary")

    import harper

    monkeypatch.setattr(harper, "Linter", BrokenLinter)
    result = invoke("check", "--isolated", docs)
    line = error_line(result)
    assert "cannot map dictionary" in line


def test_interrupt_inside_harper_is_not_swallowed(fresh_harper, monkeypatch, docs):
    failing(fresh_harper, monkeypatch, KeyboardInterrupt())
    before = snapshot(docs)
    result = invoke("fix", "--isolated", docs)
    assert result.exit_code == 130
    assert "interrupted" in result.stderr
    after = snapshot(docs)
    assert after["b.txt"] == before["b.txt"]
