"""Renderers: one module per output format, each taking the same `FileReport`s.

A renderer never decides what is a finding; it only shows what the engine
returned. New formats are one module here plus one entry in `FORMATS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from copyedit.model import Suggestion

FORMATS = ("text", "json", "sarif", "github", "rdjson")


@dataclass
class FileReport:
    """What happened to one file in a run."""

    path: str
    text: str = ""
    suggestions: list[Suggestion] = field(default_factory=list)
    #: The text after fixes, for `diff` and `fix`.
    fixed: str | None = None
    applied: list[Suggestion] = field(default_factory=list)
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    #: Some check did not run in full (a rule stopped by its time limit): the
    #: run's exit status must say so, whatever was found.
    incomplete: bool = False
    skipped: bool = False
    #: How the file was read, so that diffs and `fix -` give back its own bytes.
    encoding: str = "utf-8"
    bom: bytes = b""
    #: The English variety the file was checked in ("gb"; "us-mixed" when it mixes).
    dialect: str = ""


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
