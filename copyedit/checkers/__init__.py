"""House-style checkers: one module per rule kind, all behind one protocol.

A kind module declares the YAML keys its rules take (`OPTIONS`), checks a
rule's spec when the pack loads (`validate`), and builds one checker for all
enabled rules of its kind (`build`), so that, say, every proper noun of every
pack is matched in a single pass.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from copyedit.document import Document
    from copyedit.model import Suggestion
    from copyedit.rulespec import RuleSpec

KINDS = ("regex", "names", "proper_nouns", "acronyms", "consistency", "headline")


class Checker(Protocol):
    """Anything that reads a document and says what could be better."""

    name: str

    def check(self, doc: "Document") -> list["Suggestion"]: ...


@dataclass
class Context:
    """What a rule kind may need to know beyond its own rules."""

    dialect: str = "us"
    accept: frozenset[str] = field(default_factory=frozenset)
    extra_proper_nouns: tuple[str, ...] = ()
    extra_names: tuple[dict, ...] = ()
    regex_timeout: float = 1.0


def kind_module(kind: str) -> ModuleType | None:
    if kind not in KINDS:
        return None
    return importlib.import_module(f"copyedit.checkers.{kind}")


def build_checkers(specs: list["RuleSpec"], ctx: Context) -> list[Checker]:
    by_kind: dict[str, list["RuleSpec"]] = {}
    for spec in specs:
        by_kind.setdefault(spec.kind, []).append(spec)
    out: list[Checker] = []
    for kind in KINDS:
        if kind in by_kind:
            out.append(kind_module(kind).build(by_kind[kind], ctx))
    return out
