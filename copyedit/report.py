"""What a run found and did for one file: the value every renderer and command reads.

Made by `copyedit.run`, read by the renderers and the commands. It lives
apart from both so that renderers need nothing of the run and the run
nothing of the renderers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from copyedit.files import SourceFile
from copyedit.model import Suggestion


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
    #: Standard input that could not be checked (binary, undecodable, too
    #: large): `fix -` as a filter gives it back unchanged.
    passthrough: bytes | None = None
    #: The English variety the file was checked in ("gb"; "us-mixed" when it mixes).
    dialect: str = ""

    @property
    def source(self) -> SourceFile:
        """The file as it was read: its text, encoding and byte-order mark."""
        return SourceFile(self.path, self.text, self.encoding, self.bom)
