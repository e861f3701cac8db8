"""A progress bar on stderr when many files are checked on a terminal."""

from __future__ import annotations

import sys


class Progress:
    def __init__(self, total: int):
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as RichProgress

        from rich.console import Console

        self._bar = RichProgress(
            TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=Console(file=sys.stderr), transient=True,
        )
        self._task = self._bar.add_task("files", total=total)

    def __enter__(self):
        self._bar.__enter__()
        return self.tick

    def tick(self, report) -> None:
        self._bar.advance(self._task)

    def __exit__(self, *exc):
        return self._bar.__exit__(*exc)
