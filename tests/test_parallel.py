"""`--jobs N`: N processes share the files as they go, and the result is the one `-j 1` gives."""

from __future__ import annotations

import subprocess
import time

import pytest

from conftest import copyedit_cmd
from copyedit.config import Settings
from copyedit.engine import build_engine
from copyedit.parallel import BATCH_MAX, WorkerError, run_parallel
from copyedit.run import RunOptions, process_one


def _docs(tmp_path, n: int):
    paths = []
    for i in range(n):
        p = tmp_path / f"a{i:02d}.txt"
        p.write_text(f"Story {i} ran on Tuesday,and it ended.It was fine.\n", encoding="utf-8")
        paths.append(str(p))
    return paths


def test_reports_come_back_in_order_and_progress_ticks_once_per_file(tmp_path):
    paths = _docs(tmp_path, 30)
    engine = build_engine(Settings(backends=("none",)))
    ticks: list[tuple[float, str]] = []
    t0 = time.monotonic()
    reports = run_parallel(engine, paths, RunOptions(), 2, process_one, lambda r: ticks.append((time.monotonic() - t0, r.path)))
    total = time.monotonic() - t0
    assert [r.path for r in reports] == paths
    assert sorted(p for _, p in ticks) == paths
    one = [process_one(engine, p, RunOptions()) for p in paths]
    assert [[s.rule for s in r.suggestions] for r in reports] == [[s.rule for s in r.suggestions] for r in one]
    # This process checks files from the start: the first is done long before workers are up.
    assert ticks[0][0] < total / 2


def test_a_worker_that_dies_fails_the_run_in_one_line(tmp_path, monkeypatch):
    """A worker killed mid-run (out of memory, a crash in native code) is an error, not a hang."""
    import copyedit.parallel as parallel

    paths = _docs(tmp_path, 12)
    engine = build_engine(Settings(backends=("none",)))

    def process_slowly(engine, path, opts):
        time.sleep(0.5)  # leave the files to the worker
        return process_one(engine, path, opts)

    monkeypatch.setattr(parallel, "_worker", _dying_worker)
    with pytest.raises(WorkerError, match="stopped unexpectedly"):
        run_parallel(engine, paths, RunOptions(), 2, process_slowly)


def _dying_worker(settings, backends, opts, tasks, results, stop):
    import os

    results.put(("ready", None, os.getpid()))
    tasks.get()
    os._exit(3)


def test_jobs_on_the_command_line_match_one_job(tmp_path):
    paths = _docs(tmp_path, 2 * BATCH_MAX * 3 + 1)
    outs = []
    for jobs in ("1", "2", "3"):
        r = subprocess.run([*copyedit_cmd(), "check", "--isolated", "--backend", "none", "-j", jobs, str(tmp_path)], capture_output=True, text=True, timeout=120)
        assert r.returncode == 1, r.stderr
        outs.append(r.stdout)
    assert outs[0] == outs[1] == outs[2]
    assert outs[0].count("comma-space") == len(paths)
