"""What a one-file `copyedit check` loads before checking: no command group it does not run."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from copyedit.cli import main

GROUPS = ("baseline", "cache", "lsp", "review", "rules", "scan", "server", "vocabulary")


def test_the_command_line_imports_no_command_group_until_it_is_named():
    code = "import sys, copyedit.cli; print(sorted(m for m in sys.modules if m.startswith('copyedit.commands.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True).stdout
    assert out.strip() == "['copyedit.commands.common']"


def test_every_command_group_is_listed_and_runs():
    runner = CliRunner()
    listing = runner.invoke(main, ["--help"]).output
    for name in GROUPS:
        assert f"\n  {name} " in listing
        res = runner.invoke(main, [name, "--help"])
        assert res.exit_code == 0 and f"Usage: main {name}" in res.output


def test_an_unknown_command_is_still_one_line(tmp_path):
    res = subprocess.run([sys.executable, "-m", "copyedit", "frobnicate"], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert res.returncode == 2
    (line,) = res.stderr.strip().splitlines()
    assert line.startswith("copyedit: error: No such command 'frobnicate'.")
