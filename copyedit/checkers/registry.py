"""Every rule kind by the name rules give in `kind:`: the one place a kind is added.

A kind is a module with a `KIND` (see `copyedit.checkers.Kind`): its options
class and its checker factory. Adding one means writing that module and
listing its `KIND` in `BUILTIN` below, or calling `register` (tests, and code
embedding copyedit). Pack loading asks `get` for a rule's kind; the engine asks
`build_checkers` for one checker per kind in use, in the order kinds are listed
here, so that findings come out in the same order every run.
"""

from __future__ import annotations

from copyedit.checkers import Checker, Context, Kind
from copyedit.checkers import acronyms, consistency, headline, names, proper_nouns, regex
from copyedit.rulespec import RuleSpec

BUILTIN: tuple[Kind, ...] = (regex.KIND, names.KIND, proper_nouns.KIND, acronyms.KIND, consistency.KIND, headline.KIND)

_KINDS: dict[str, Kind] = {k.name: k for k in BUILTIN}


def register(kind: Kind) -> None:
    """Make `kind` usable in packs loaded from now on; a name already taken is an error."""
    if kind.name in _KINDS and _KINDS[kind.name] is not kind:
        raise ValueError(f"rule kind {kind.name!r} is already registered")
    _KINDS[kind.name] = kind


def unregister(name: str) -> None:
    """Forget a kind added by `register` (the built-in kinds stay)."""
    if any(k.name == name for k in BUILTIN):
        raise ValueError(f"rule kind {name!r} is built in")
    _KINDS.pop(name, None)


def get(name: str) -> Kind | None:
    return _KINDS.get(name)


def kind_names() -> list[str]:
    return list(_KINDS)


def build_checkers(specs: list[RuleSpec], ctx: Context) -> list[Checker]:
    """One checker per kind in use, built from all of that kind's rules, so each kind reads a document once."""
    by_kind: dict[str, list[RuleSpec]] = {}
    for spec in specs:
        by_kind.setdefault(spec.kind, []).append(spec)
    return [kind.build(by_kind[name], ctx) for name, kind in _KINDS.items() if name in by_kind]
