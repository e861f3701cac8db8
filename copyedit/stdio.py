"""Standard streams that the caller closed (`copyedit check a.md >&-`, `fix - <&-`).

Python sets `sys.stdout` to None when descriptor 1 is closed, and the next
file opened takes the free number: a temporary file of a fix would then
receive whatever is printed, and be renamed over an article. So a closed
0, 1 or 2 is first held by /dev/null (as git does), and a run whose
standard output is closed stops with one line and exit status 2: there is
nowhere to say what it found. A closed standard input is an error only when
`-` is read (`copyedit.files`).
"""

from __future__ import annotations

import os
import sys


def hold_closed_descriptors() -> list[int]:
    """Open /dev/null on each of 0, 1, 2 that is closed; return those numbers."""
    closed = []
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            closed.append(fd)
    for fd in closed:
        try:
            null = os.open(os.devnull, os.O_RDWR)
        except OSError:
            continue
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
    return closed


def closed_output() -> str | None:
    """The one-line error for a closed standard output, or None when it is open."""
    closed = hold_closed_descriptors()
    if 1 in closed or sys.stdout is None:
        return "standard output is closed; nowhere to write the results (redirect it to /dev/null to discard them)"
    return None
