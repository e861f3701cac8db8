"""The scan's loop: batches out to the cluster, results back, each written once, in order.

At most `window` batches are unwritten at any time (in flight, or done and
waiting for an earlier one), so the memory of the scan process depends on
the cluster's size, never on the archive's. Each batch is one Dask task with
its own key; when a worker dies, Dask runs the task again elsewhere and the
future still resolves once, and a result is written only for the next
sequence number, so no batch can be written twice. Results are written in
source order, so the findings file lists documents as the source does.
"""

from __future__ import annotations

import time
import uuid

from copyedit.scan import ScanError
from copyedit.scan.summary import Tally
from copyedit.scan.work import COLUMNS, add_error, check_batch, new_rows, warm


def prepare(client, editor) -> int:
    """Build the engine on every worker now; fail in one line if one cannot.

    Returns the number of worker threads. A worker that runs another copyedit
    version would report other findings: refused rather than mixed in.
    """
    from copyedit import __version__

    for address, info in sorted(client.run(warm, editor).items()):
        if info["error"]:
            raise ScanError(f"worker {address} cannot check: {info['error']}")
        if info["version"] != __version__:
            raise ScanError(f"worker {address} runs copyedit {info['version']}, this is {__version__}: install the same on every worker")
    from copyedit.scan.cluster import worker_threads

    return worker_threads(client)


def _empty(batch, fix: bool) -> dict:
    n = len(batch.docs)
    return {"rows": new_rows(), "fixed": [None] * n if fix else [], "applied": [0] * n if fix else [], "words": 0}


def _sorted_rows(rows: dict[str, list]) -> dict[str, list]:
    """Rows by document, each document's findings in the engine's order (a stable sort)."""
    docs = rows["doc"]
    if all(a <= b for a, b in zip(docs, docs[1:])):
        return rows
    order = sorted(range(len(docs)), key=docs.__getitem__)
    return {c: [rows[c][i] for i in order] for c in COLUMNS}


def run(
    client,
    editor,
    source,
    *,
    findings=None,
    fixes=None,
    window: int | None = None,
    progress=None,
    fail_level: str = "error",
    threads: int | None = None,
) -> Tally:
    """Scan `source` on the cluster behind `client`; return the tally.

    `findings` (a FindingsWriter) and `fixes` (FixedFiles or FixedTables)
    are committed when every batch is written, and aborted otherwise.
    `progress(n)` is called with the documents of each batch written.
    """
    from distributed import as_completed

    from copyedit.model import Severity

    fix = fixes is not None
    threads = threads or prepare(client, editor)
    window = window or max(4, 4 * threads)
    fail_rank = Severity(fail_level).rank
    tally = Tally(workers=threads)
    token = uuid.uuid4().hex[:12]
    batches = iter(source.batches())
    waiting: dict = {}  # future -> batch
    ready: dict[int, tuple] = {}  # seq -> (batch, result), done but not yet written
    state = {"next": 0, "exhausted": False}
    completed = as_completed()
    started = time.perf_counter()

    def submit_more() -> None:
        while not state["exhausted"] and len(waiting) + len(ready) < window:
            batch = next(batches, None)
            if batch is None:
                state["exhausted"] = True
                return
            if all(d is None for d in batch.docs):
                ready[batch.seq] = (batch, _empty(batch, fix))
                continue
            future = client.submit(check_batch, editor, batch.docs, fix, key=f"copyedit-scan-{token}-{batch.seq}", pure=False)
            waiting[future] = batch
            completed.add(future)

    def write_ready() -> None:
        while state["next"] in ready:
            batch, result = ready.pop(state["next"])
            state["next"] += 1
            _write(batch, result)

    def _write(batch, result) -> None:
        rows = result["rows"]
        for i, message in sorted(batch.errors.items()):
            add_error(rows, i, message)
        if fix and batch.keep is not None:
            if source.kind == "files":
                fixes.add(batch, result, rows)
            else:
                fixes.add(batch, result)
        rows = result["rows"] = _sorted_rows(rows)
        if findings is not None:
            findings.add(batch.keys, rows)
        tally.add(batch, result, fail_rank)
        if progress:
            progress(len(batch.docs))

    try:
        while True:
            submit_more()
            write_ready()
            if not waiting:
                if state["exhausted"] and not ready:
                    break
                continue
            future = next(completed)
            batch = waiting.pop(future)
            if batch.seq < state["next"] or batch.seq in ready:
                continue  # a result for a batch already written: never written twice
            try:
                result = future.result()
            except Exception as e:  # noqa: BLE001 - the task itself failed: every document gets an error row
                result = _empty(batch, fix)
                message = f"worker failed on this batch: {type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}"
                for i, doc in enumerate(batch.docs):
                    if doc is not None:
                        add_error(result["rows"], i, message)
            ready[batch.seq] = (batch, result)
            del future
        tally.seconds = time.perf_counter() - started
        if findings is not None:
            findings.close()
        if fixes is not None:
            fixes.close()
        return tally
    except BaseException:
        if waiting:
            try:
                client.cancel(list(waiting), force=True)
            except Exception:  # noqa: BLE001 - best effort while another error is raised; it must not hide that one
                pass
        for out in (findings, fixes):
            if out is not None:
                out.abort()
        raise
