"""Filters: the one way a finding is dropped between a checker and the reader.

Modelled on LanguageTool's RuleFilter: each filter is a small object with a
name and one method, `apply(found, at)`, that returns the findings it keeps
(per-finding filters say so with `keep`). Every reason a finding may go is
one such object, so each can be named, tested and reasoned about alone, and
every mode of a run applies them the same way:

- the engine's check filters (`copyedit.filters.checks`) run on every
  document it checks, before findings merge: what the settings, the
  document's directives and the house rules switch off;
- the scope filters (`copyedit.filters.scope`: changed lines, baseline) run
  on the merged findings of every pass of the fix loop, so that `fix` changes
  exactly what it would report, and repeats until nothing changes in every
  mode;
- the display filter (`copyedit.filters.display`: min-level) decides what is
  shown, never what is fixed.

A filter that depends on where things are in the text (changed lines) is
told how each pass's fixes moved the text (`follow`), and returns the filter
for the new text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from copyedit.document import Document
    from copyedit.model import Decline, Edit, Suggestion


@dataclass(frozen=True)
class Pass:
    """What a filter may look at: the document as checked now, and what house rules vouched for."""

    doc: "Document"
    declines: tuple["Decline", ...] = ()

    @property
    def path(self) -> str:
        return self.doc.path

    @property
    def text(self) -> str:
        return self.doc.text


class Filter:
    """Keeps some findings of one pass; subclasses override `keep` or `apply`."""

    #: Names the filter in tests and messages ("changed-lines", "baseline").
    name = "filter"

    def apply(self, found: list["Suggestion"], at: Pass) -> list["Suggestion"]:
        return [s for s in found if self.keep(s, at)]

    def keep(self, s: "Suggestion", at: Pass) -> bool:
        return True

    def follow(self, before: str, edits: Sequence["Edit"], after: str) -> "Filter":
        """This filter for the text the edits made; most do not depend on positions."""
        return self

    def __repr__(self) -> str:
        return f"<filter {self.name}>"


def apply_filters(filters: Iterable[Filter], found: list["Suggestion"], at: Pass) -> list["Suggestion"]:
    for f in filters:
        found = f.apply(found, at)
    return found


def follow_all(filters: Iterable[Filter], before: str, edits: Sequence["Edit"], after: str) -> list[Filter]:
    return [f.follow(before, edits, after) for f in filters]
