"""Archive scale: check and fix a whole archive on a Dask cluster.

A newsroom's archive (millions of articles) is hundreds of core-hours of
checking, which belongs on a distributed engine that runs the same on a
laptop and on Kubernetes, HPC or cloud clusters: dask.distributed. The scan
process reads the archive in batches (files, or tables in partitions), the
workers only turn texts into findings and fixed texts through the public
API (`copyedit.load`), and the scan process writes every result once, in
order. So a remote cluster needs no access to the archive, file guarantees
stay in one tested place (`copyedit.files`), and memory stays flat however
large the archive is.

    sources   article files or a table, as batches of texts
    work      what a worker runs: a batch in, findings and fixed texts out
    writers   findings as Parquet, fixed files and tables, all written atomically
    cluster   a local cluster, or a connection to an existing scheduler
    job       the loop: a bounded window of batches in flight, results written once
    summary   findings by rule, for the terminal
"""

from __future__ import annotations

INSTALL_HINT = "copyedit scan needs the dask extra: pip install 'copyedit[dask]'"


class ScanError(Exception):
    """A problem with the scan's input or options, reported in one line (exit 2)."""


def require_extra() -> None:
    """Fail in one line, naming the extra, when dask.distributed or pyarrow is missing.

    The plain install stays small; only `copyedit scan` needs them.
    """
    try:
        import distributed  # noqa: F401
        import pyarrow  # noqa: F401
        import pyarrow.dataset  # noqa: F401
    except ImportError:
        raise ScanError(INSTALL_HINT) from None
