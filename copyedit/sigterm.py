"""SIGTERM during a run that writes files: unwind, so that no temporary file is left.

By default SIGTERM (`kill`, a CI timeout, a scheduler) ends Python at once,
and a fix caught between creating its temporary file and renaming it would
leave `.copyedit-*.tmp` beside the article. Raised as SystemExit instead,
it unwinds through the writer's clean-up (the article stays whole, old or
new) and the `-j` workers are stopped on the way out. Only around runs
that write: a server or the language server keeps the default.
"""

from __future__ import annotations

import contextlib
import signal
import threading


@contextlib.contextmanager
def unwind_on_sigterm():
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        yield  # only the main thread may set handlers; someone else's handler stays
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
