"""The Dask cluster a scan runs on: a local one it starts and stops, or an existing one.

A local cluster has one single-threaded worker process per core: checking
is Python holding the GIL, so a second thread in a worker would only wait.
Whatever ends the scan (the last batch, an error, Ctrl-C), a cluster this
process started is closed with it, and no worker is left behind; an existing
cluster is only disconnected from, never shut down.
"""

from __future__ import annotations

import contextlib
import logging
import os

from copyedit.scan import ScanError

CONNECT_TIMEOUT = "10s"


#: How many recent messages Dask's connections keep for debugging. Its default
#: (1,000) keeps the last thousand batches sent, texts and all, alive in the scan
#: process: hundreds of megabytes on a large archive, for nobody.
MESSAGE_LOG_LENGTH = 10


@contextlib.contextmanager
def connect(scheduler: str | None = None, workers: int | None = None, wait_for_workers: float = 60.0):
    """A dask.distributed Client, for the scan's lifetime."""
    import dask

    with dask.config.set({"distributed.admin.low-level-log-length": MESSAGE_LOG_LENGTH}):
        with _connect(scheduler, workers, wait_for_workers) as client:
            yield client


@contextlib.contextmanager
def _connect(scheduler: str | None, workers: int | None, wait_for_workers: float):
    from distributed import Client

    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as e:
            raise ScanError(f"cannot reach the Dask scheduler at {scheduler} ({_first_line(e)})") from None
        try:
            try:
                client.wait_for_workers(1, timeout=wait_for_workers)
            except TimeoutError:
                raise ScanError(f"the Dask scheduler at {scheduler} has no workers (waited {wait_for_workers:g} s)") from None
            yield client
        finally:
            client.close()
        return
    from distributed import LocalCluster

    cluster = LocalCluster(
        n_workers=workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        # The scheduler serves HTTP whatever this says; a fixed port (8787)
        # would clash with any other cluster on the machine.
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.ERROR,
    )
    try:
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def worker_threads(client) -> int:
    return sum(client.nthreads().values())


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__
