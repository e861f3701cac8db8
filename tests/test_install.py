"""A plain, non-editable install carries everything the CLI needs at run time."""

import os
import subprocess
import sys

from conftest import ROOT


def test_non_editable_install_ships_rule_packs(tmp_path):
    target = tmp_path / "site"
    r = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--target", str(target), str(ROOT)],
        capture_output=True, text=True,
    )
    assert r.returncode == 0, r.stderr
    shipped = sorted(p.name for p in (target / "copyedit" / "rules").glob("*.yaml"))
    in_repo = sorted(p.name for p in (ROOT / "rules").glob("*.yaml"))
    assert shipped == in_repo
    env = dict(os.environ, PYTHONPATH=str(target))
    code = "from copyedit.packs import builtin_packs; print(len(builtin_packs()))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) == len(in_repo)
