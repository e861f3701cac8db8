"""Renderers: one module per output format, each taking the same `FileReport`s.

A renderer never decides what is a finding; it only shows what the run
returned (`copyedit.report.FileReport`). New formats are one module here plus
one entry in `FORMATS`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from copyedit.report import FileReport

FORMATS = ("text", "json", "sarif", "github", "rdjson")


def color_console(out):
    """A console that colours `out` whatever it is: the caller decided that colour was wanted.

    Rich would otherwise drop the colour when `out` is not a terminal, and
    `--color` into a pipe (`| less -R`) would be ignored.
    """
    from rich.console import Console

    return Console(file=out, highlight=False, soft_wrap=True, force_terminal=True, no_color=False, color_system="standard")


def render(fmt: str, reports: list[FileReport], out, color: bool = False) -> None:
    import importlib

    mod = importlib.import_module(f"copyedit.render.{fmt}")
    mod.render(reports, out, color=color)
