"""House-style checkers: one module per rule kind, all behind one contract.

A kind module defines its options (a frozen dataclass that reads the rule's
own YAML keys once, see `copyedit.checkers.options`) and a checker, and names
them in its `KIND`; `copyedit.checkers.registry` lists the kinds. One checker
is built for all enabled rules of a kind, so that, say, every proper noun of
every pack is matched in a single pass.

This module is only the contract, and imports no kind and no registry, so
that a kind module can import it without importing the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from copyedit.checkers.options import Options

if TYPE_CHECKING:
    from copyedit.document import Document
    from copyedit.model import Decline, Note, Suggestion
    from copyedit.rulespec import RuleSpec

    Item = Suggestion | Decline | Note


class Checker(Protocol):
    """Anything that reads a document and says what could be better.

    It returns findings (`Suggestion`), spans a house rule vouches for
    (`Decline`), and what the writer must hear of that is no finding (`Note`,
    such as a rule stopped by its time limit); it never writes to the document.
    """

    name: str

    def check(self, doc: "Document") -> list["Item"]: ...


@dataclass
class Context:
    """What a rule kind may need to know beyond its own rules."""

    dialect: str = "us"
    accept: frozenset[str] = field(default_factory=frozenset)
    extra_proper_nouns: tuple[str, ...] = ()
    extra_names: tuple[dict, ...] = ()
    regex_timeout: float = 1.0
    #: House rules whose declines a chosen backend reads (None: any may be).
    #: A rule's antipatterns cost as much as its pattern; with no backend to
    #: decline, they only need to run where the pattern found something.
    declines_read: frozenset[str] | None = None


@dataclass(frozen=True)
class Kind:
    """A rule kind: the name rules give as `kind:`, how its options are read, and its checker.

    `build` gets every enabled rule of the kind at once (their `options` are
    instances of `options`) and returns one checker for all of them.
    """

    name: str
    options: type[Options]
    build: Callable[[list["RuleSpec"], Context], Checker]
    #: The category of the kind's findings when a rule does not give one.
    category: str = "style"


__all__ = ["Checker", "Context", "Kind", "Options"]
