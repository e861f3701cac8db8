"""benchmarks/lsp_speed.py runs end to end on a tiny input, so that it cannot rot unnoticed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(os.environ.get("COPYEDIT_BENCH", ROOT.parent / "shared" / "bench" / "dev"))


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "benchmarks" / "lsp_speed.py"), *args], capture_output=True, text=True, timeout=600, cwd=ROOT)


@pytest.mark.slow  # a server's cold start and two documents: about 10 s unloaded
@pytest.mark.skipif(not (BENCH / "articles.jsonl").is_file(), reason=f"no bench at {BENCH} (set COPYEDIT_BENCH)")
def test_lsp_speed_measures_each_size_and_the_memory():
    res = _run("--bench", str(BENCH), "--sizes", "150,300", "--edits", "2", "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)["lsp"]
    words = [r["words"] for r in data["sizes"]]
    assert len(words) == 2 and 150 <= words[0] and 300 <= words[1]
    for row in data["sizes"]:
        assert row["edits"] == 2 and 0 < row["min_ms"] <= row["median_ms"] <= row["max_ms"] and row["first_check_s"] > 0
    assert data["memory_mb"]["VmRSS"] > 0 and data["debounce_ms"] >= 0


def test_lsp_speed_without_a_bench_is_one_line(tmp_path):
    res = _run("--bench", str(tmp_path))
    assert res.returncode == 2 and res.stdout == ""
    assert len(res.stderr.strip().splitlines()) == 1 and str(tmp_path) in res.stderr
