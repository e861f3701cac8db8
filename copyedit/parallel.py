"""Checking files in N processes (`--jobs N`), this one included.

A worker process is spawned, not forked (Harper's native code keeps threads
and locks that a forked child would inherit mid-use and wait on for ever), so
it imports copyedit and builds its own engine, and Harper builds its
dictionary and, on the first file, its spelling index: about two seconds
before its first file is done. Shared out in advance, files would wait on
workers that are still starting, and `-j 2` would be slower than `-j 1` on
a few dozen files. So:

- this process checks files too, from the start, with the engine it has
  already built: `-j N` starts N - 1 workers;
- a worker is given files only once it says it is ready, a few at a time
  (fewer as the run nears its end), at most two batches ahead: work goes to
  whichever process is free, and no file waits on one that is busy or starting;
- progress ticks as each file is done, in whichever process; the reports
  come back in the order the files were given;
- a worker is started only where it can pay for its start: never more
  processes than usable cores, never more than the text shares out at
  `MIN_BYTES_PER_PROCESS` each (`plan_workers`: `-j 4` over two short files
  stays in this process), and only once this process's own pace says the
  work left outlasts a worker's start (`worth_a_worker`), or, on a run long
  enough that it must (`EARLY_BYTES_PER_PROCESS`), as soon as the file
  cache meets a file it does not know (`_start_early`). Text the shared
  result cache already knows is checked in a fraction of the time, and a run
  over it needs no worker at all. No process builds Harper before it meets a
  paragraph the cache does not know (`HarperChecker.prepare`).
"""

from __future__ import annotations

import collections
import multiprocessing
import os
import pickle
import queue
import signal
import threading
import time

#: Files handed to a worker at once, at most, and batches a worker may have waiting.
BATCH_MAX = 4
AHEAD = 2


#: The text a process must have to check before a worker is worth its start
#: (a new interpreter, the rule packs, Harper's dictionary and spelling index:
#: one to two seconds of CPU, which Harper spends on about 30 KB of prose).
MIN_BYTES_PER_PROCESS = 32_000
#: Wall time a worker takes from its start to its first file, about: a worker
#: is started when this process's pace says more checking than that is left.
WORKER_START_S = 2.0
#: Text per process past which a run that has to check its files starts its
#: workers at once, not after this process has measured its pace: even
#: checked at the fastest pace seen (house rules and a default Harper run,
#: about 50 KB a second) it outlasts a worker's start several times.
EARLY_BYTES_PER_PROCESS = 256_000


class WorkerError(Exception):
    """A worker process that failed in a way it could not report itself."""


def process_all(engine, paths: list[str], opts, jobs: int = 1, progress=None) -> list:
    """The report of every path, in order: in this process, or in `jobs` processes."""
    from copyedit.run import process_one

    workers = plan_workers(_sizes(paths), jobs) if jobs > 1 else 0
    if workers:
        return run_parallel(engine, paths, opts, workers + 1, process_one, progress)
    out = []
    for p in paths:
        report = process_one(engine, p, opts)
        out.append(report)
        if progress:
            progress(report)
    return out


def plan_workers(sizes: list[int], jobs: int, cpus: int | None = None) -> int:
    """How many worker processes `--jobs` should start for files of these sizes (in bytes).

    This process checks too, so `-j N` means at most N - 1 workers; no more
    processes than cores can run at once, one file cannot be shared, and a
    worker whose share of the text is smaller than its start costs more
    than it gives.
    """
    if jobs <= 1 or len(sizes) <= 1:
        return 0
    cpus = cpus if cpus is not None else usable_cpus()
    paid_for = sum(sizes) // MIN_BYTES_PER_PROCESS  # processes the text keeps busy, this one included
    return max(0, min(jobs, len(sizes), cpus, paid_for) - 1)


def worth_a_worker(seconds: float, bytes_done: int, bytes_left: int) -> bool:
    """Whether the text left, at the pace of `bytes_done` in `seconds`, outlasts a worker's start."""
    if bytes_done <= 0 or bytes_left <= 0:
        return False
    return seconds / bytes_done * bytes_left > WORKER_START_S


def usable_cpus() -> int:
    """The cores this process may run on (a container or taskset may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _sizes(paths: list[str]) -> list[int]:
    """Each file's size in bytes: standard input (size unknown) as a process's worth, a path that cannot be read as nothing."""
    out = []
    for p in paths:
        try:
            out.append(os.stat(p).st_size if p != "-" else MIN_BYTES_PER_PROCESS)
        except OSError:
            out.append(0)
    return out


def run_parallel(engine, paths: list[str], opts, jobs: int, process_one, progress=None) -> list:
    """The report of every path, in order, from this process and up to `jobs - 1` workers."""
    return _Run(engine, paths, opts, jobs, process_one, progress).run()


class _Run:
    def __init__(self, engine, paths, opts, jobs, process_one, progress):
        self.engine = engine
        self.opts = opts
        self.process_one = process_one
        self.progress = progress
        self.jobs = jobs
        self.pending = collections.deque(enumerate(paths))
        self.sizes = _sizes(paths)
        self.bytes_left = sum(self.sizes)
        #: When this process's pace is measured from, and the bytes it has checked since.
        self.pace_since: float | None = None
        self.pace_bytes = 0
        self.reports: list = [None] * len(paths)
        self.left = len(paths)
        self.cv = threading.Condition()
        self.tick_lock = threading.Lock()
        self.error: BaseException | None = None
        self.stopping = False
        self.ready: set[int] = set()  # pids of workers that have built their engine
        self.in_flight = 0  # batches given to workers and not finished
        self.next_batch = 0
        self.unfinished: dict[int, int] = {}  # batch -> files not yet reported
        self.batch_of: dict[int, int] = {}  # file index -> batch
        self.workers: list = []

    # ------------------------------------------------------------ the run
    def run(self) -> list:
        self.ctx = multiprocessing.get_context("spawn")
        self.tasks = self.ctx.Queue()
        self.results = self.ctx.Queue()
        self.stop = self.ctx.Event()
        listener = threading.Thread(target=self._listen, name="copyedit-jobs", daemon=True)
        listener.start()
        try:
            self._start_early()
            self._check_here()
            with self.cv:
                while self.left and self.error is None:
                    self.cv.wait(0.5)
                if self.error is not None:
                    raise self.error
            return self.reports
        finally:
            with self.cv:
                self.stopping = True
                self.cv.notify_all()
            listener.join(2)
            self._stop_workers()

    def _check_here(self) -> None:
        """Check files in this process until none is left to take, starting workers once they pay."""
        started = time.perf_counter()
        while True:
            with self.cv:
                if self.error is not None or not self.pending:
                    return
                i, path = self.pending.popleft()
                self.bytes_left -= self.sizes[i]
            report = self.process_one(self.engine, path, self.opts)
            self._done(i, report)
            if not self.workers:
                self._pace(started, self.sizes[i])

    def _pace(self, started: float, size: int) -> None:
        """Start the workers when the work left, at this process's pace, outlasts their start.

        The pace is measured from the second file on: the first pays each
        process's one-time costs (Harper's dictionary on a cache miss), unless
        it alone took longer than a worker's start.
        """
        now = time.perf_counter()
        if self.pace_since is None:
            self.pace_since = now
            if now - started <= WORKER_START_S:
                return
            self.pace_since, self.pace_bytes = started, 0
        self.pace_bytes += size
        with self.cv:
            left = self.bytes_left
        if worth_a_worker(now - self.pace_since, self.pace_bytes, left):
            self._start_workers()

    def _start_early(self) -> None:
        """On a long run, start the workers as soon as it is known that files must be checked.

        Waiting for this process's pace costs the time it takes to build its
        engine and check two files, a second or more that a worker could
        spend starting. The file cache says when a file must be checked, on
        the first it does not know and before the engine is built for it;
        with the cache off, every file must be.
        """
        if sum(self.sizes) < EARLY_BYTES_PER_PROCESS * self.jobs:
            return
        if not getattr(self.engine.settings, "cache", True):
            self._start_workers()
        elif getattr(self.engine, "on_first_miss", False) is None:
            self.engine.on_first_miss = self._start_workers

    def _start_workers(self) -> None:
        if self.workers:
            return
        with self.cv:
            n = min(self.jobs - 1, len(self.pending))
        for _ in range(n):
            args = (self.engine.settings, self.engine.settings.backends, self.opts, self.tasks, self.results, self.stop)
            p = self.ctx.Process(target=_worker, args=args, daemon=True)
            p.start()
            self.workers.append(p)

    def _done(self, i: int, report) -> None:
        with self.cv:
            self.reports[i] = report
            self.left -= 1
            batch = self.batch_of.pop(i, None)
            if batch is not None:
                self.unfinished[batch] -= 1
                if not self.unfinished[batch]:
                    del self.unfinished[batch]
                    self.in_flight -= 1
                    self._feed()
            self.cv.notify_all()
        if self.progress:
            with self.tick_lock:
                self.progress(report)

    # ------------------------------------------------------- the workers
    def _feed(self) -> None:
        """Give ready workers files, a batch at a time, at most AHEAD batches each (lock held)."""
        while self.pending and self.in_flight < AHEAD * len(self.ready):
            size = max(1, min(BATCH_MAX, len(self.pending) // (4 * self.jobs)))
            batch = [self.pending.popleft() for _ in range(min(size, len(self.pending)))]
            self.bytes_left -= sum(self.sizes[i] for i, _ in batch)
            self.next_batch += 1
            self.unfinished[self.next_batch] = len(batch)
            for i, _ in batch:
                self.batch_of[i] = self.next_batch
            self.in_flight += 1
            self.tasks.put(batch)

    def _listen(self) -> None:
        """Read what the workers say: ready, a report, or a failure."""
        while True:
            with self.cv:
                if self.stopping or not self.left or self.error is not None:
                    return
            try:
                message = self.results.get(timeout=0.2)
            except queue.Empty:
                self._check_alive()
                continue
            except (EOFError, OSError, ValueError):
                return
            self._heard(*message)

    def _heard(self, kind: str, i, payload) -> None:
        if kind == "done":
            self._done(i, payload)
            return
        with self.cv:
            if kind == "ready":
                self.ready.add(payload)
                self._feed()
            elif self.error is None:
                self.error = payload
            self.cv.notify_all()

    def _check_alive(self) -> None:
        """A worker that died without a word (killed, crashed) fails the run."""
        dead = [p for p in self.workers if p.exitcode is not None]
        if not dead:
            return
        try:  # what it managed to say before it went comes first
            while True:
                self._heard(*self.results.get(timeout=0.5))
        except (queue.Empty, EOFError, OSError, ValueError):
            pass
        with self.cv:
            if self.left and self.error is None and not self.stopping:
                self.error = WorkerError(f"a --jobs worker process stopped unexpectedly (exit status {dead[0].exitcode})")
                self.cv.notify_all()

    def _stop_workers(self) -> None:
        """Let workers finish the file in hand (a fix is never cut off mid-write), then end them."""
        self.stop.set()
        for p in self.workers:
            if p.pid not in self.ready and p.is_alive():
                p.terminate()  # still starting: it holds no file
            else:
                self.tasks.put(None)
        for p in self.workers:
            p.join(10)
            if p.is_alive():
                p.terminate()
                p.join(5)
        for q in (self.tasks, self.results):
            q.cancel_join_thread()
            q.close()


def _worker(settings, backends, opts, tasks, results, stop) -> None:
    """A worker process: build the engine once, say so, then check what it is given."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        from copyedit.filecache import engine_for
        from copyedit.run import process_one

        engine = engine_for(settings, backends)
        # A worker starts only for files that must be checked: it builds its
        # engine before it says it is ready, not on the first batch it holds.
        getattr(engine, "engine", None)
    except BaseException as e:
        results.put(("failed", None, _portable(e)))
        return
    results.put(("ready", None, os.getpid()))
    try:
        _work(engine, process_one, opts, tasks, results, stop)
    finally:
        engine.close()


def _work(engine, process_one, opts, tasks, results, stop) -> None:
    """Check the batches the parent sends until it says stop, or dies.

    A worker dies with its parent, however the parent ends (`kill -9`
    included), so that nothing is written after the user stopped the run:
    see `_die_with_parent`. SIGTERM (sent then, or by the parent at the end)
    unwinds the worker between two steps, so a write in progress removes
    its temporary file and leaves the article whole.
    """
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        _die_with_parent()
        while not stop.is_set():
            batch = tasks.get()
            if batch is None:
                return
            for i, path in batch:
                if stop.is_set():
                    return
                try:
                    report = process_one(engine, path, opts)
                except _Stopped:
                    raise
                except BaseException as e:
                    results.put(("failed", i, _portable(e)))
                    return
                results.put(("done", i, report))
    except _Stopped:
        # Nobody may be left to report to: a queue's feeder thread could
        # block the exit on a full pipe, so leave at once.
        os._exit(1)


class _Stopped(BaseException):
    """SIGTERM, or the parent gone: unwind (temporary files are removed on the way) and exit."""


def _on_sigterm(signum, frame):
    raise _Stopped()


#: Seconds a worker whose parent died may take to unwind before it is ended outright.
GRACE = 5.0


def _die_with_parent() -> None:
    """Stop this worker when its parent process ends, however it ends.

    The parent's end of a pipe (multiprocessing's parent sentinel) closes
    when the parent dies, even by SIGKILL; a thread waits on it and sends
    this process SIGTERM, which unwinds it between two steps. On Linux the
    kernel also sends SIGTERM at once (PR_SET_PDEATHSIG). A worker stuck
    in native code past GRACE seconds is ended outright: it writes nothing
    from there (writes are Python, between steps).
    """
    parent = multiprocessing.parent_process()
    _parent_death_signal()
    if parent is None or getattr(parent, "sentinel", None) is None:
        return
    if parent.pid is not None and os.getppid() != parent.pid:
        os._exit(1)  # gone before we could watch it

    def watch() -> None:
        from multiprocessing.connection import wait

        wait([parent.sentinel])
        os.kill(os.getpid(), signal.SIGTERM)
        import time

        time.sleep(GRACE)
        os._exit(1)

    threading.Thread(target=watch, name="copyedit-parent-watch", daemon=True).start()


def _parent_death_signal() -> None:
    """Linux: have the kernel send SIGTERM when the parent dies (best effort)."""
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, int(signal.SIGTERM), 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _portable(e: BaseException) -> BaseException:
    """The exception itself if it survives the trip to the parent, else its message."""
    try:
        return pickle.loads(pickle.dumps(e))
    except Exception:
        return WorkerError(f"{type(e).__name__}: {e}")
