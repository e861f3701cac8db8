"""The one thread that runs copyedit for the server, in turn."""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Executor, Future


class Worker(Executor):
    """One daemon thread that runs checks in turn.

    Not a ThreadPoolExecutor: Python waits for those at exit, so an editor
    closing the server mid-check (or mid warm-up) would wait seconds for it.
    """

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        threading.Thread(target=self._run, name="copyedit-check", daemon=True).start()

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        self._jobs.put((future, fn, args, kwargs))
        return future

    def _run(self) -> None:
        while True:
            future, fn, args, kwargs = self._jobs.get()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as e:  # noqa: BLE001 - handed to whoever awaits it
                future.set_exception(e)
