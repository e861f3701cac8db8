#!/usr/bin/env python
"""Archive scale: `copyedit scan` on a local Dask cluster of 1 and 2 workers.

Measures, over new prose generated from the clean bench's published text
(a word-trigram chain over its sentences: a repeated text would measure
Harper's sentence cache and copyedit's paragraph memo, not checking):

- throughput: words per second of a scan with 1 and 2 worker processes over
  at least a million words (default 2,000 articles of 500 words, Harper and
  every default pack), the speed-up of 2 workers over 1, each worker's peak
  memory, the CPU seconds the workers used and the load average before each
  run (a busy machine lowers a wall-clock speed-up that the CPU seconds
  still show);
- flat memory: `copyedit scan` as a whole process over a Parquet table of
  10,000 and of 100,000 articles (house rules only, so that it takes minutes,
  not hours), sampling the resident memory of the scan process and of every
  worker: the peaks must not grow with the table;
- the estimate for an archive of 10 million 500-word articles on K workers
  from the measured rate per worker.

Usage: python benchmarks/scale.py [--quick] [--words N] [--doc-words N]
       [--table-docs N] [--table-doc-words N] [--skip-throughput] [--skip-memory] [--json]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchcommon import DEFAULT_CLEAN, TrigramProse, emit  # noqa: E402  (also puts the project on sys.path)

PROSE_DOMAINS = ("news", "encyclopedic", "reports", "fiction")  # docs is Markdown with code


class Prose:
    """New prose on every call, from a word-trigram chain over published sentences (see `TrigramProse`)."""

    def __init__(self, clean: Path):
        files = [p for d in PROSE_DOMAINS for p in sorted((Path(clean) / d).glob("*.txt"))]
        if not files:
            print(f"scale.py: no clean bench at {clean} (pass --clean DIR or set COPYEDIT_CLEAN)", file=sys.stderr)
            raise SystemExit(2)
        paras = [p.strip() for f in files for p in f.read_text(encoding="utf-8").split("\n\n")[1:] if len(p.split()) > 20]
        self.prose = TrigramProse(paras, seed=14, longest=60)

    def article(self, words: int) -> str:
        return self.prose.text(words)


def write_table(path: Path, prose: Prose, docs: int, words: int) -> dict:
    """A CMS export as Parquet, written in chunks (row groups of 10,000 articles)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("id", pa.string()), ("text", pa.string())])
    total = chars = 0
    with pq.ParquetWriter(path, schema) as w:
        for start in range(0, docs, 10_000):
            texts = [prose.article(words) for _ in range(min(10_000, docs - start))]
            total += sum(len(t.split()) for t in texts)
            chars += sum(len(t.encode("utf-8")) for t in texts)
            ids = [f"article-{start + i:08d}" for i in range(len(texts))]
            w.write_table(pa.table({"id": ids, "text": texts}, schema=schema))
    return {"docs": docs, "words": total, "text_mb": chars / 1e6, "file_mb": path.stat().st_size / 1e6}


def _worker_stats() -> dict:
    import resource

    import psutil

    t = psutil.Process().cpu_times()
    return {"maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "cpu_s": t.user + t.system}


def throughput(table: Path, workers: int, backend: str, batch_size: int, out: Path) -> dict:
    """One scan in this process on a fresh LocalCluster; the engine build is timed apart."""
    import logging

    from distributed import Client, LocalCluster

    import copyedit
    from copyedit.scan import job
    from copyedit.scan.sources import open_source
    from copyedit.scan.writers import FindingsWriter

    # An empty result cache per run, inherited by the cluster's workers: the
    # runs read the same table, and the second would measure the cache.
    os.environ["COPYEDIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="copyedit-scale-cache-")
    editor = copyedit.load(isolated=True, backends=backend)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR) as cluster:
        with Client(cluster) as client:
            threads = job.prepare(client, editor)
            ready = time.perf_counter()
            before = client.run(_worker_stats)
            source = open_source([str(table)], batch_size=batch_size)
            tally = job.run(client, editor, source, findings=FindingsWriter(str(out), source.key_name, source.key_type), threads=threads)
            after = client.run(_worker_stats)
    cpu = sum(after[a]["cpu_s"] - before[a]["cpu_s"] for a in after)
    return {
        "workers": workers,
        "words": tally.words,
        "docs": tally.documents,
        "findings": tally.findings,
        "start_s": ready - started,
        "scan_s": tally.seconds,
        "words_per_s": tally.words_per_second,
        "worker_cpu_s": cpu,
        "words_per_cpu_s": tally.words / cpu if cpu else 0.0,
        "worker_peak_mb": max(a["maxrss_mb"] for a in after.values()),
        "load_before": load,
    }


def _tree_rss(proc) -> tuple[float, list[float]]:
    import psutil

    try:
        main = proc.memory_info().rss / 1e6
        kids = []
        for c in proc.children(recursive=True):
            try:
                if "resource_tracker" not in " ".join(c.cmdline()):
                    kids.append(c.memory_info().rss / 1e6)
            except psutil.Error:
                pass
        return main, kids
    except psutil.Error:
        return 0.0, []


def memory_run(table: Path, info: dict, backend: str, workers: int, out: Path) -> dict:
    """`copyedit scan` as a whole process, its memory and its workers' sampled every 0.2 s."""
    import psutil

    exe = Path(sys.executable).with_name("copyedit")
    cmd = [str(exe) if exe.exists() else sys.executable, *([] if exe.exists() else ["-m", "copyedit"])]
    cmd += ["scan", "--isolated", "--backend", backend, "--workers", str(workers), "--no-progress", str(table), "--out", str(out)]
    load = os.getloadavg()[0]
    started = time.perf_counter()
    env = {**os.environ, "COPYEDIT_CACHE_DIR": tempfile.mkdtemp(prefix="copyedit-scale-cache-")}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    ps = psutil.Process(proc.pid)
    peaks = {"scan": 0.0, "worker": 0.0}
    done = threading.Event()

    def sample():
        while not done.is_set():
            main, kids = _tree_rss(ps)
            peaks["scan"] = max(peaks["scan"], main)
            peaks["worker"] = max([peaks["worker"], *kids])
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"scale.py: copyedit scan failed ({proc.returncode}): {stderr.strip()}")
    rate = re.search(r"([\d,]+) words in ([\d,.]+) s", stdout)
    return dict(
        info,
        wall_s=time.perf_counter() - started,
        words_per_s=int(rate.group(1).replace(",", "")) / float(rate.group(2).replace(",", "")) if rate else 0.0,
        scan_peak_mb=peaks["scan"],
        worker_peak_mb=peaks["worker"],
        load_before=load,
        out_mb=out.stat().st_size / 1e6,
    )


def estimate(rate_per_worker: float, efficiency: float, articles: int = 10_000_000, words: int = 500) -> list[dict]:
    total = articles * words
    rows = []
    for k in (1, 2, 16, 64, 256):
        rate = rate_per_worker * (k if k == 1 else k * efficiency)
        rows.append({"workers": k, "hours": total / rate / 3600})
    return rows


def print_report(r: dict, out=sys.stdout) -> None:
    w = out.write
    if "throughput" in r:
        t = r["throughput"]
        w(f"\nThroughput: copyedit scan of {t['runs'][0]['docs']:,} articles, {t['runs'][0]['words']:,} words "
          f"(backend {t['backend']}, batches of {t['batch_size']}), {os.cpu_count()} CPUs\n")
        w(f"{'workers':>8} {'words/s':>10} {'scan s':>8} {'start s':>8} {'worker CPU s':>13} {'words/CPU s':>12} {'peak MB/worker':>15} {'load before':>12}\n")
        for x in t["runs"]:
            w(f"{x['workers']:>8} {x['words_per_s']:>10,.0f} {x['scan_s']:>8.1f} {x['start_s']:>8.1f} {x['worker_cpu_s']:>13.1f} "
              f"{x['words_per_cpu_s']:>12,.0f} {x['worker_peak_mb']:>15.0f} {x['load_before']:>12.2f}\n")
        w(f"speed-up of 2 workers over 1: {t['speedup']:.2f}x wall clock; CPU efficiency of 2 workers {t['cpu_efficiency']:.2f} "
          f"(words per CPU second, 2 against 1)\n")
        w(f"\n10 million articles of 500 words ({5e9:,.0f} words), from {t['runs'][0]['words_per_s']:,.0f} words/s per worker "
          f"and the measured 2-worker efficiency {t['scaling']:.2f}:\n")
        for e in t["estimate"]:
            w(f"  {e['workers']:>4} workers: {e['hours']:8.1f} hours\n")
    if "memory" in r:
        w(f"\nFlat memory: copyedit scan of Parquet tables as a whole process (backend {r['memory']['backend']}, "
          f"{r['memory']['workers']} workers)\n")
        w(f"{'articles':>9} {'words':>12} {'text MB':>8} {'file MB':>8} {'words/s':>9} {'wall s':>8} {'scan peak MB':>13} {'worker peak MB':>15} {'findings MB':>12}\n")
        for x in r["memory"]["runs"]:
            w(f"{x['docs']:>9,} {x['words']:>12,} {x['text_mb']:>8.0f} {x['file_mb']:>8.0f} {x['words_per_s']:>9,.0f} {x['wall_s']:>8.0f} "
              f"{x['scan_peak_mb']:>13.0f} {x['worker_peak_mb']:>15.0f} {x['out_mb']:>12.1f}\n")
    w(f"\npeak RSS of this process: {r['self_peak_mb']:.0f} MB\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clean", type=Path, default=DEFAULT_CLEAN, help="the clean bench (default: %(default)s)")
    ap.add_argument("--words", type=int, help="words for the throughput measure (default 1,000,000; --quick 20,000)")
    ap.add_argument("--doc-words", type=int, default=500, help="words per article (default: %(default)s)")
    ap.add_argument("--backend", default="harper", help="backend for the throughput measure (default: %(default)s)")
    ap.add_argument("--batch-size", type=int, default=50)
    ap.add_argument("--table-docs", type=int, help="articles in the large table (default 100,000; --quick 2,000); the small one has a tenth")
    ap.add_argument("--table-doc-words", type=int, default=200, help="words per article in the tables (default: %(default)s)")
    ap.add_argument("--table-backend", default="none", help="backend for the memory measure (default: %(default)s)")
    ap.add_argument("--skip-throughput", action="store_true")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--quick", action="store_true", help="tiny sizes: that the script works, not figures")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    words = args.words or (20_000 if args.quick else 1_000_000)
    if args.quick:
        args.batch_size = min(args.batch_size, 4)  # a few dozen articles must still make many tasks
    table_docs = args.table_docs or (2_000 if args.quick else 100_000)
    prose = Prose(args.clean)
    result: dict = {}
    with tempfile.TemporaryDirectory(prefix="copyedit-scale-") as tmp:
        tmp = Path(tmp)
        if not args.skip_throughput:
            table = tmp / "throughput.parquet"
            write_table(table, prose, max(1, words // args.doc_words), args.doc_words)
            runs = [throughput(table, k, args.backend, args.batch_size, tmp / f"t{k}.parquet") for k in (1, 2)]
            one, two = runs
            scaling = two["words_per_s"] / one["words_per_s"] / 2
            result["throughput"] = {
                "backend": args.backend,
                "batch_size": args.batch_size,
                "runs": runs,
                "speedup": two["words_per_s"] / one["words_per_s"],
                "cpu_efficiency": two["words_per_cpu_s"] / one["words_per_cpu_s"],
                "scaling": scaling,
                "estimate": estimate(one["words_per_s"], min(1.0, scaling)),
            }
        if not args.skip_memory:
            runs = []
            for docs in (max(1, table_docs // 10), table_docs):
                table = tmp / f"table-{docs}.parquet"
                info = write_table(table, prose, docs, args.table_doc_words)
                runs.append(memory_run(table, info, args.table_backend, 2, tmp / f"m{docs}.parquet"))
                table.unlink()
            result["memory"] = {"backend": args.table_backend, "workers": 2, "runs": runs}
    result["self_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return emit(result, args.json, print_report)


if __name__ == "__main__":
    sys.exit(main())
