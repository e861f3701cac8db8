"""copyedit scan on real Dask clusters: worker processes, lost workers, Ctrl-C.

Each scan's rows must equal, row for row, what single-process
`copyedit check --format json` reports for the same texts: for a mixed set
of files (Markdown and text, BOMs, UTF-16, CRLF, an undecodable and a binary
file) and for a Parquet table. Clusters: a LocalCluster of two worker
processes started by `copyedit scan` itself, one started by the tests (to
count engine builds and to kill a worker), and a scheduler and two workers
started as separate processes with the `dask` command.
"""

from __future__ import annotations

import codecs
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from conftest import copyedit_cmd
from copyedit.cli import main

pytestmark = pytest.mark.slow

SENTENCES = [
    "It rose,then fell. It was a important day for russia.",
    "The minister said the plan was agreed ,and would start in june.",
    "Officials in the city said the the vote would go ahead.",
    "Its a long way from here.  Nobody expected it.",
    "The company said it's profits rose by 5 per cent in the year.",
    "Mr. smith told reporters that he was not aware of any any problem.",
    "The report, published on Tuesday, was clear about the risks.",
]


def _article(i: int, markdown: bool) -> str:
    body = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(4 + i % 3))
    second = " ".join(SENTENCES[(i * 3 + k) % len(SENTENCES)] for k in range(3))
    if markdown:
        return f"# Story number {i}\n\n{body}\n\n- {second}\n"
    return f"Story number {i}\n\n{body}\n\n{second}\n"


def _archive(root: Path, n: int = 24) -> Path:
    """A mixed archive: Markdown and text, nested, in the encodings newsrooms have."""
    for i in range(n):
        sub = root / str(2000 + i % 3) / f"{i % 4:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        text = _article(i, markdown=i % 2 == 0)
        name = sub / f"story-{i}.{'md' if i % 2 == 0 else 'txt'}"
        if i % 5 == 1:
            name.write_bytes(codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"))
        elif i % 5 == 3:
            name.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
        else:
            name.write_text(text, encoding="utf-8")
    (root / "legacy.txt").write_bytes("Caf\u00e9 news ,from 1998.\n".encode("latin-1"))
    (root / "scan.txt").write_bytes(b"\x00\x01\x02 not text")
    return root


def _check_json(paths: list[str]) -> dict:
    r = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", *paths])
    assert r.exit_code in (0, 1, 2), r.output
    return {f["path"]: f for f in json.loads(r.stdout)["files"]}


def _expected_rows(checked: dict, key: str = "path", keys: dict | None = None) -> list[dict]:
    return [dict({key: (keys or {}).get(p, p)}, **s) for p, f in checked.items() for s in f["suggestions"]]


def _assert_rows_equal_check(out: Path, checked: dict, key: str = "path", keys: dict | None = None) -> None:
    rows = pq.read_table(out).to_pylist()
    findings = [r for r in rows if r["rule"] != "error"]
    expected = _expected_rows(checked, key, keys)
    assert len(expected) > 50
    assert findings == expected  # row for row, in the same order
    errors = {r[key]: r["message"] for r in rows if r["rule"] == "error"}
    assert errors == {(keys or {}).get(p, p): f["error"] for p, f in checked.items() if f.get("error")}


def _table(tmp_path: Path, n: int = 30) -> tuple[Path, dict, dict]:
    """A CMS export as Parquet, and the same texts as files for `check` to compare with."""
    rows = [{"article_id": f"cms-{i:04d}", "body": _article(i, i % 3 == 0), "kind": "markdown" if i % 3 == 0 else "text"} for i in range(n)]
    path = tmp_path / "export.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=7)
    texts = tmp_path / "as-files"
    texts.mkdir()
    keys = {}
    for r in rows:
        p = texts / f"{r['article_id']}.{'md' if r['kind'] == 'markdown' else 'txt'}"
        p.write_text(r["body"], encoding="utf-8")
        keys[str(p)] = r["article_id"]
    return path, _check_json([str(texts / k) for k in sorted(os.listdir(texts))]), keys


def _scan(*args, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run([*copyedit_cmd(), "scan", "--isolated", *args], capture_output=True, text=True, timeout=timeout)


# ---------------------------------------------------------------- a local cluster that copyedit starts
def test_local_cluster_of_two_workers_reports_what_check_reports(tmp_path):
    root = _archive(tmp_path / "archive")
    out = tmp_path / "findings.parquet"
    r = _scan(str(root), "--workers", "2", "--batch-size", "3", "--out", str(out))
    assert r.returncode == 2, r.stderr  # legacy.txt cannot be decoded
    assert "legacy.txt" not in r.stderr and "harper" in r.stdout and "1 skipped (binary)" in r.stdout
    assert "on 2 worker threads" in r.stdout
    _assert_rows_equal_check(out, _check_json([str(root)]))

    table, checked, keys = _table(tmp_path)
    out = tmp_path / "table-findings.parquet"
    r = _scan(str(table), "--workers", "2", "--batch-size", "4", "--text-column", "body", "--id-column", "article_id",
              "--format-column", "kind", "--out", str(out))
    assert r.returncode == 1, r.stderr
    _assert_rows_equal_check(out, checked, key="id", keys=keys)
    assert pq.read_schema(out).field("id").type == pa.string()


# ---------------------------------------------------------------- a LocalCluster the tests hold
def _count_engine_work():
    """Installed on a worker: count engine builds and documents checked there."""
    import copyedit.api as api
    import copyedit.engine as engine

    if getattr(engine, "_scan_counts", None) is not None:
        return
    counts = engine._scan_counts = {"builds": 0, "checks": 0}
    build, check = engine.build_engine, api.Editor.check

    def counting_build(*a, **k):
        counts["builds"] += 1
        return build(*a, **k)

    def counting_check(self, *a, **k):
        counts["checks"] += 1
        return check(self, *a, **k)

    engine.build_engine = counting_build
    api.Editor.check = counting_check


def _engine_work():
    import os

    import copyedit.engine as engine

    return dict(getattr(engine, "_scan_counts", None) or {}, pid=os.getpid())


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as lc:
        with Client(lc) as client:
            client.run(_count_engine_work)
            yield client


def test_each_worker_builds_its_engine_once(cluster, tmp_path):
    root = _archive(tmp_path / "archive", n=40)
    out = tmp_path / "f.parquet"
    r = CliRunner().invoke(main, ["scan", "--isolated", str(root), "--scheduler", cluster.scheduler.address, "--batch-size", "2", "--out", str(out)])
    assert r.exit_code == 2, r.output
    table, checked, keys = _table(tmp_path, n=20)
    r = CliRunner().invoke(main, ["scan", "--isolated", str(table), "--scheduler", cluster.scheduler.address, "--batch-size", "2",
                                  "--text-column", "body", "--id-column", "article_id", "--format-column", "kind", "--out", str(tmp_path / "t.parquet")])
    assert r.exit_code == 1, r.output
    work = cluster.run(_engine_work)
    assert len(work) == 2
    for address, counts in work.items():
        assert counts["builds"] == 1, (address, counts)  # one engine per process, over two scans
        assert counts["checks"] > 10, (address, counts)  # and both workers did the work
    assert sum(c["checks"] for c in work.values()) >= 40 + 20


def test_a_lost_worker_is_retried_without_duplicate_rows(cluster, tmp_path):
    import copyedit
    from copyedit.scan import job
    from copyedit.scan.sources import open_source
    from copyedit.scan.writers import FindingsWriter

    root = _archive(tmp_path / "archive", n=40)
    source = open_source([str(root)], batch_size=1)
    out = tmp_path / "f.parquet"
    before = set(cluster.run(os.getpid).values())
    victim = sorted(before)[0]
    state = {"written": 0}

    def kill_one_worker(n):
        state["written"] += 1
        if state["written"] == 3:  # both workers are busy: the victim dies mid-task
            os.kill(victim, signal.SIGKILL)

    editor = copyedit.load(isolated=True)
    tally = job.run(cluster, editor, source, findings=FindingsWriter(str(out), "path", pa.string()), progress=kill_one_worker)
    cluster.wait_for_workers(2, timeout=60)
    after = set(cluster.run(os.getpid).values())
    assert victim not in after and len(after) == 2  # it was killed, and the nanny started another
    assert tally.documents == 42
    _assert_rows_equal_check(out, _check_json([str(root)]))


def test_fixes_on_the_cluster_are_what_fix_writes(cluster, tmp_path):
    root = _archive(tmp_path / "archive", n=12)
    reference = tmp_path / "reference"
    subprocess.run(["cp", "-a", str(root), str(reference)], check=True)
    CliRunner().invoke(main, ["fix", "--isolated", str(reference)])
    mirror = tmp_path / "fixed"
    args = ["scan", "--isolated", "--scheduler", cluster.scheduler.address, "--batch-size", "2"]
    r = CliRunner().invoke(main, [*args, str(root), "--fix-out", str(mirror)])
    assert r.exit_code == 2, r.output
    changed = 0
    for path in sorted(reference.rglob("*")):
        if path.is_dir():
            continue
        rel = path.relative_to(reference)
        original = (root / rel).read_bytes()
        if path.read_bytes() != original:
            changed += 1
            assert (mirror / rel).read_bytes() == path.read_bytes(), rel
        else:
            assert not (mirror / rel).exists(), rel  # only fixed files are written
    assert changed >= 8
    r = CliRunner().invoke(main, [*args, str(root), "--in-place"])
    assert r.exit_code == 2, r.output
    for path in sorted(reference.rglob("*")):
        if path.is_file():
            assert (root / path.relative_to(reference)).read_bytes() == path.read_bytes()


# ---------------------------------------------------------------- a scheduler and workers as separate processes
@pytest.fixture
def separate_cluster(tmp_path):
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    info = tmp_path / "scheduler.json"
    procs = [subprocess.Popen([*dask, "--host", "127.0.0.1", "--port", "0", "--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(info)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while not info.exists() or not info.read_text().strip():
            assert time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.2)
        address = json.loads(info.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        for _ in range(2):
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1", "--host", "127.0.0.1",
                 "--no-dashboard", "--local-directory", str(tmp_path / "workers")],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for p in reversed(procs):
            p.send_signal(signal.SIGINT)
        for p in reversed(procs):
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def test_a_scheduler_and_two_workers_in_separate_processes(separate_cluster, tmp_path):
    root = _archive(tmp_path / "archive")
    out = tmp_path / "findings.parquet"
    r = _scan(str(root), "--scheduler", separate_cluster, "--batch-size", "3", "--out", str(out))
    assert r.returncode == 2, r.stderr
    assert "on 2 worker threads" in r.stdout
    _assert_rows_equal_check(out, _check_json([str(root)]))
    table, checked, keys = _table(tmp_path)
    out = tmp_path / "table-findings.parquet"
    r = _scan(str(table), "--scheduler", separate_cluster, "--text-column", "body", "--id-column", "article_id",
              "--format-column", "kind", "--out", str(out), "--fix-out", str(tmp_path / "fixed.parquet"))
    assert r.returncode == 1, r.stderr
    _assert_rows_equal_check(out, checked, key="id", keys=keys)
    fixed = pq.read_table(tmp_path / "fixed.parquet").to_pylist()
    import copyedit

    editor = copyedit.load(isolated=True)
    assert [f["body_fixed"] for f in fixed] == [editor.fix(f["body"], f["kind"]).text for f in fixed]


# ---------------------------------------------------------------- Ctrl-C
@pytest.mark.parametrize("sig, status, said", [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")])
def test_ctrl_c_stops_the_cluster_it_started(tmp_path, sig, status, said):
    import psutil

    # Far more work than the seconds before the signal, whatever the machine's
    # speed: 3,000 one-document tasks, and a result cache of their own (this
    # session's cache already knows the archive's paragraphs, which would
    # make the scan end before the signal comes).
    root = _archive(tmp_path / "archive", n=3000)
    out = tmp_path / "f.parquet"
    env = {**os.environ, "COPYEDIT_CACHE_DIR": str(tmp_path.parent / f"{tmp_path.name}-cache")}
    proc = subprocess.Popen([*copyedit_cmd(), "scan", "--isolated", str(root), "--workers", "2", "--batch-size", "1", "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    me = psutil.Process(proc.pid)
    deadline = time.monotonic() + 120
    workers: list = []
    while time.monotonic() < deadline:
        workers = [c for c in me.children(recursive=True) if "spawn" in " ".join(c.cmdline()) or "multiprocessing" in " ".join(c.cmdline())]
        if len(workers) >= 2 and any(n.startswith(".copyedit-") for n in os.listdir(tmp_path)):
            break  # workers are up and the findings file has been opened: the scan is running
        time.sleep(0.2)
    time.sleep(3)
    descendants = me.children(recursive=True)
    assert len(descendants) >= 2
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == status, err
    assert err.strip().splitlines()[-1] == f"copyedit: {said}"
    gone, alive = psutil.wait_procs(descendants, timeout=20)
    assert not alive, [p.cmdline() for p in alive]
    assert os.listdir(tmp_path) == ["archive"]  # no findings file, no temporary file


# ---------------------------------------------------------------- memory
def test_the_scan_keeps_no_log_of_the_batches_it_sent():
    """Dask's connections keep their last 1,000 messages for debugging: every batch's texts,
    hundreds of megabytes on an archive. The scan's connections keep a handful."""
    from copyedit.scan.cluster import MESSAGE_LOG_LENGTH, connect

    with connect(None, 1) as client:
        assert client.scheduler_comm.recent_message_log.maxlen == MESSAGE_LOG_LENGTH
        for comm in client.cluster.scheduler.stream_comms.values():
            assert comm.recent_message_log.maxlen == MESSAGE_LOG_LENGTH
