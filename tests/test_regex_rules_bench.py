"""benchmarks/regex_rules.py runs on a tiny input, so that it cannot rot unnoticed (see test_benchmarks_smoke)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(os.environ.get("COPYEDIT_BENCH", ROOT.parent / "shared" / "bench" / "dev"))


@pytest.mark.skipif(not (BENCH / "articles.jsonl").is_file(), reason=f"no bench at {BENCH} (set COPYEDIT_BENCH)")
def test_regex_rules_benchmark_lists_every_pattern_with_its_cost():
    r = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "regex_rules.py"), "--bench", str(BENCH), "--words", "1500", "--json"],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["words"] >= 1500 and out["words_per_cpu_s"] > 0
    rows = {(p["rule"], p["which"]) for p in out["patterns"]}
    assert ("repeated-word", "pattern") in rows and ("repeated-word", "antipattern 1") in rows
    assert all(p["skipped_docs"] == 0 for p in out["patterns"] if not p["prefilter"])
