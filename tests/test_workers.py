"""`--jobs`: workers are started only where they pay, build Harper only when they must, and share the cache."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from conftest import copyedit_cmd
from copyedit import parallel
from copyedit.config import Settings
from copyedit.engine import build_engine
from copyedit.parallel import MIN_BYTES_PER_PROCESS, plan_workers, process_all
from copyedit.run import RunOptions

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "dev" / "articles.jsonl"
KB = 1024


@pytest.mark.parametrize(
    "sizes, jobs, cpus, workers",
    [
        ([3 * KB] * 200, 1, 2, 0),  # -j 1: this process alone
        ([500 * KB], 4, 8, 0),  # one file cannot be shared
        ([2 * KB, 2 * KB], 4, 8, 0),  # two short files: a worker would cost more than it gives
        ([3 * KB] * 200, 2, 2, 1),  # 200 articles, -j 2 on two cores: this process and one worker
        ([3 * KB] * 200, 8, 2, 1),  # no more processes than cores
        ([3 * KB] * 200, 2, 1, 0),  # one core: a worker could only take turns with this process
        ([MIN_BYTES_PER_PROCESS] * 2, 4, 8, 1),  # text for two processes, not four
        ([3 * KB] * 200, 4, 8, 3),
        ([3 * KB] * 3, 3, 8, 0),  # 9 KB: less than a worker's start
    ],
)
def test_plan_starts_only_workers_that_pay(sizes, jobs, cpus, workers):
    assert plan_workers(sizes, jobs, cpus) == workers


@pytest.mark.parametrize(
    "seconds, done, left, worth",
    [
        (0.02, 3_000, 3_000 * 148, True),  # cold: 20 ms an article, 148 left is 3 s
        (0.002, 3_000, 3_000 * 148, False),  # cached text: 0.3 s left, less than a worker's start
        (1.0, 3_000, 3_000, False),  # one file left
        (1.0, 0, 10**6, False),  # nothing measured yet
    ],
)
def test_a_worker_starts_only_when_the_work_left_outlasts_its_start(seconds, done, left, worth):
    assert parallel.worth_a_worker(seconds, done, left) is worth


def _files(tmp_path, n: int, size: int) -> list[str]:
    paths = []
    for i in range(n):
        p = tmp_path / f"f{i:03d}.txt"
        p.write_text(f"Story {i} ran on Tuesday,and it ended.\n".ljust(size, "x"), encoding="utf-8")
        paths.append(str(p))
    return paths


def test_quick_files_are_all_checked_here_and_slow_ones_start_a_worker(tmp_path):
    from copyedit.run import process_one

    paths = _files(tmp_path, 40, 2_000)
    engine = build_engine(Settings(backends=("none",)))
    quick = parallel._Run(engine, paths, RunOptions(), 2, lambda e, p, o: process_one(e, p, o), None)
    assert [r.path for r in quick.run()] == paths
    assert quick.workers == []  # the whole run took less than a worker's start

    def slow(e, p, o):
        time.sleep(0.3)  # 40 files at this pace is 12 s: a worker pays
        return process_one(e, p, o)

    slowly = parallel._Run(engine, paths, RunOptions(), 2, slow, None)
    reports = slowly.run()
    assert len(slowly.workers) == 1
    assert [r.path for r in reports] == paths


def test_short_work_with_jobs_stays_in_this_process(tmp_path, monkeypatch):
    paths = []
    for i in range(3):
        p = tmp_path / f"a{i}.txt"
        p.write_text(f"Story {i} ran on Tuesday,and it ended.\n", encoding="utf-8")
        paths.append(str(p))

    def no_workers(*args, **kwargs):
        raise AssertionError("no worker should start for three short files")

    monkeypatch.setattr(parallel, "run_parallel", no_workers)
    engine = build_engine(Settings(backends=("none",)))
    reports = process_all(engine, paths, RunOptions(), jobs=4)
    assert [r.path for r in reports] == paths
    assert all(any(s.rule == "comma-space" for s in r.suggestions) for r in reports)


def test_building_the_engine_builds_no_harper_linter(monkeypatch):
    """What every process does first (this one before it hands out work, each worker once) loads no Harper."""
    harper_native = pytest.importorskip("harper")
    from copyedit.backends import harper as h

    built = []
    real = harper_native.Linter
    monkeypatch.setattr(harper_native, "Linter", lambda d: (built.append(d), real(d))[1])
    monkeypatch.setattr(h, "_linters", {})
    monkeypatch.setattr(h, "_building", {})
    engine = build_engine(Settings())
    engine.close()
    for t in list(h._building.values()):
        t.join()
    assert built == []


def _articles(tmp_path: Path, n: int) -> Path:
    d = tmp_path / "articles"
    d.mkdir()
    for i, line in enumerate(BENCH.read_text(encoding="utf-8").splitlines()[:n]):
        (d / f"a{i:02d}.txt").write_text(json.loads(line)["corrupted"], encoding="utf-8")
    return d


def _check(d: Path, jobs: int, cache: Path) -> tuple[str, str]:
    env = dict(os.environ, COPYEDIT_CACHE_DIR=str(cache), NO_COLOR="1")
    r = subprocess.run(
        [*copyedit_cmd(), "check", "--isolated", "--format", "json", "--min-level", "info", "-j", str(jobs), str(d)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert r.returncode == 1, r.stderr
    info = subprocess.run([*copyedit_cmd(), "cache", "info"], capture_output=True, text=True, env=env, timeout=60)
    return r.stdout, info.stdout.splitlines()[1]


@pytest.mark.slow
@pytest.mark.skipif(not BENCH.is_file(), reason="no bench beside the checkout")
@pytest.mark.skipif(parallel.usable_cpus() < 2, reason="one core: -j 2 starts no worker")
def test_jobs_2_reports_what_jobs_1_does_and_fills_the_shared_cache(tmp_path):
    d = _articles(tmp_path, 30)
    sizes = [p.stat().st_size for p in d.iterdir()]
    assert plan_workers(sizes, 2) == 1  # a worker may start; a cold Harper check is slow enough to start it
    one, cached_one = _check(d, 1, tmp_path / "cache-1")
    two, cached_two = _check(d, 2, tmp_path / "cache-2")
    assert json.loads(one)["files"] and two == one
    # Both processes wrote what they checked to the one cache: it holds what -j 1's does.
    assert cached_two == cached_one and cached_one != "paragraphs: 0"
    warm, _ = _check(d, 2, tmp_path / "cache-2")
    assert warm == one


def test_a_long_run_starts_its_workers_on_the_first_file_the_cache_does_not_know(tmp_path, monkeypatch):
    """Before the engine is built for it, not after this process has measured its pace; never for known files."""
    from copyedit.filecache import RememberingEngine
    from copyedit.run import process_one

    import copyedit.inputs

    monkeypatch.setenv("COPYEDIT_CACHE_DIR", str(tmp_path / "cache"))
    # What earlier tests in this process read and then changed (a vocabulary
    # they wrote to) would make the cache miss: only this test's reads count.
    monkeypatch.setattr(copyedit.inputs, "_seen", {})
    monkeypatch.setattr(parallel, "EARLY_BYTES_PER_PROCESS", 1)
    paths = _files(tmp_path, 6, 500)
    starts: list[bool] = []
    monkeypatch.setattr(parallel._Run, "_start_workers", lambda run: starts.append(run.engine.built))

    def run_once() -> list:
        engine = RememberingEngine(Settings(backends=("none",)))
        try:
            return parallel._Run(engine, paths, RunOptions(), 2, process_one, None).run()
        finally:
            engine.close()

    first = run_once()
    assert starts == [False]  # once, and before the engine was built
    again = run_once()
    assert starts == [False]  # every file known: no worker
    assert [r.suggestions for r in again] == [r.suggestions for r in first]


def test_a_short_run_waits_for_its_pace(tmp_path, monkeypatch):
    from copyedit.filecache import RememberingEngine
    from copyedit.run import process_one

    monkeypatch.setenv("COPYEDIT_CACHE_DIR", str(tmp_path / "cache"))
    paths = _files(tmp_path, 6, 500)
    assert sum(map(len, (Path(p).read_bytes() for p in paths))) < parallel.EARLY_BYTES_PER_PROCESS
    engine = RememberingEngine(Settings(backends=("none",)))
    run = parallel._Run(engine, paths, RunOptions(), 2, process_one, None)
    run._start_early()
    assert engine.on_first_miss is None and run.workers == []
    engine.close()


def test_a_worker_builds_its_engine_before_it_says_it_is_ready(monkeypatch):
    import queue
    import threading

    import copyedit.engine

    results: queue.Queue = queue.Queue()
    real = copyedit.engine.build_engine
    monkeypatch.setattr(copyedit.engine, "build_engine", lambda *a, **k: (results.put(("built", None, None)), real(*a, **k))[1])
    monkeypatch.setattr(parallel.signal, "signal", lambda *a: None)
    monkeypatch.setattr(parallel, "_die_with_parent", lambda: None)
    tasks: queue.Queue = queue.Queue()
    tasks.put(None)
    parallel._worker(Settings(backends=("none",)), ("none",), RunOptions(), tasks, results, threading.Event())
    assert [results.get_nowait()[0] for _ in range(2)] == ["built", "ready"]
