"""A house rule as the rest of copyedit sees it, and the error a bad one raises.

Pack loading builds rules and rule kinds read them; both need these types,
and neither should import the other for them (that import was a cycle).
Nothing here imports from the rest of the project but `model`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from copyedit.model import Applicability, Severity


class PackError(Exception):
    """A rule file that cannot be used; the message names the file and the rule."""


@dataclass(frozen=True)
class Example:
    text: str
    fixed: str | None = None  # None: the rule must report but offers no fix
    format: str = "text"


@dataclass
class RuleSpec:
    id: str
    kind: str
    pack: str
    message: str
    severity: Severity = Severity.WARNING
    category: str = "style"
    fix: Applicability = Applicability.SAFE
    enabled: bool = True
    description: str = ""
    #: The kind's own settings: a frozen dataclass the kind parsed from the
    #: rule's YAML once, when the pack loaded (see `copyedit.checkers.options`).
    options: Any = None
    bad: list[Example] = field(default_factory=list)
    good: list[Example] = field(default_factory=list)
    dialects: tuple[str, ...] = ()
    file: str = ""
    base_dir: str = ""

    def where(self) -> str:
        return f"{self.file}: rule {self.id!r}"

    def error(self, problem: str) -> PackError:
        """The one-line error for a problem with this rule, naming its file and id."""
        return PackError(f"{self.where()}: {problem}")
