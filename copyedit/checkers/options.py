"""A rule kind's options: one frozen dataclass per kind, read once when its pack loads.

The pack loader reads the keys every rule has (id, message, fix...) and hands
the rest to the rule's kind, whose options class checks them and keeps what it
works out from them (a compiled pattern, an index of names) beside them. A key
the kind does not know is an error naming the file, the rule and the key, as
Vale's decoder refuses unused keys: a misspelt `replacment` would otherwise be
ignored without a word. Nothing changes an options value afterwards, so every
checker built from it, in any process, sees the rule the pack described.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from copyedit.rulespec import PackError, RuleSpec

_DERIVED = "derived"


def derived(**kwargs) -> Any:
    """A field worked out from the rule's keys (a compiled pattern): no YAML key sets it."""
    kwargs.setdefault("default", None)
    return field(compare=False, repr=False, metadata={_DERIVED: True}, **kwargs)


def option_keys(cls: type) -> frozenset[str]:
    """The YAML keys an options class reads: its fields, less the derived ones."""
    return frozenset(f.name for f in fields(cls) if not f.metadata.get(_DERIVED))


def check_keys(cls: type, raw: Mapping[str, Any], where: str, kind: str) -> None:
    """An error naming the file, the rule and the first key the kind does not know, if any."""
    allowed = option_keys(cls)
    unknown = sorted(k for k in raw if k not in allowed)
    if unknown:
        raise PackError(f"{where}: unknown key {unknown[0]!r} for kind {kind!r}")


def known_keys(cls: type, raw: Mapping[str, Any], rule: RuleSpec) -> dict[str, Any]:
    """The rule's keys for this kind, once none is unknown."""
    check_keys(cls, raw, rule.where(), rule.kind)
    return dict(raw)


@dataclass(frozen=True)
class Options:
    """The base of every kind's options: no keys, nothing to count, fixes offered.

    A kind overrides `parse` to check its keys' values (each problem one
    `rule.error(...)`) and to work out what its checker needs once.
    """

    @classmethod
    def parse(cls, raw: Mapping[str, Any], rule: RuleSpec) -> "Options":
        return cls(**known_keys(cls, raw, rule))

    def entry_count(self) -> int | None:
        """How many entries (names, sets) the rule holds, for `copyedit rules list`; None: not a list."""
        return None

    def message_fields(self) -> frozenset[str] | None:
        """The fields the kind fills in its rules' messages ("{match}"); None: a message is shown as written.

        A message is then checked against them when its pack loads (see `copyedit.templates`).
        """
        return None

    @property
    def offers_fix(self) -> bool:
        """Whether the rule can fix what it finds at all (a pattern without a replacement only reports)."""
        return True
