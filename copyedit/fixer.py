"""Applying fixes until nothing changes, so that `fix` run twice changes nothing.

One pass checks the text, keeps what the run's filters keep (the lines
changed in git, what a baseline does not know: see `copyedit.filters`),
picks the fixes it may apply (safe ones, or unsafe ones too on request),
drops any that would collide with a fix of higher rank, and applies the rest.
A fix can uncover another ("word ,word" becomes "word, word", and then a
doubled space shows), so the document is checked again, up to a few passes.
`check` is the same loop with no pass that fixes: what it reports is what
`fix` would work on.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from copyedit.backends.registry import source_rank
from copyedit.filters import Filter, Pass, apply_filters, follow_all
from copyedit.model import Applicability, Edit, Suggestion, apply_edits

MAX_PASSES = 5


@dataclass
class FixResult:
    original: str
    text: str
    applied: list[Suggestion] = field(default_factory=list)
    #: What is left after the last pass (the filtered findings on the fixed text).
    remaining: list[Suggestion] = field(default_factory=list)
    passes: int = 0
    #: Problems met on the way (a rule stopped by its time limit), once each.
    notes: list[str] = field(default_factory=list)
    #: The variety the document was checked in ("gb", "us-mixed").
    dialect: str = ""
    #: Whether some check did not run in full on some pass.
    incomplete: bool = False
    #: The filters as they stand for the fixed text (changed lines carried
    #: through every pass's fixes).
    filters: list[Filter] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.text != self.original


def eligible(s: Suggestion, unsafe: bool) -> bool:
    if s.applicability is Applicability.SAFE:
        return True
    return unsafe and s.applicability is Applicability.UNSAFE and bool(s.replacements)


def choose(suggestions: list[Suggestion], unsafe: bool = False) -> list[Suggestion]:
    """Non-overlapping fixes, the most trusted first: house rules, safe, narrow."""
    cands = [s for s in suggestions if eligible(s, unsafe)]
    cands.sort(key=lambda s: (source_rank(s), s.applicability.rank, s.end - s.start, s.start, s.rule))
    starts: list[int] = []
    taken: list[Suggestion] = []
    for s in cands:
        i = bisect.bisect_left(starts, s.start)
        neighbours = taken[max(0, i - 1) : i + 2]
        if any(s.edit().overlaps(t.edit()) for t in neighbours):
            continue
        # Insertions at the same point as an accepted neighbour further away
        # are caught by the window above because starts are sorted.
        starts.insert(i, s.start)
        taken.insert(i, s)
    return sorted(taken, key=lambda s: s.start)


def fix_text(
    engine,
    path: str,
    text: str,
    fmt: str | None = None,
    unsafe: bool = False,
    filters: list[Filter] | tuple = (),
    passes: int = MAX_PASSES,
) -> FixResult:
    """Check, filter, fix, and again, until nothing changes or `passes` passes fixed something.

    With `passes=0` nothing is fixed: the text is checked and filtered once.
    `unsafe` applies what the engine found: an engine built for settings
    without `unsafe_fixes` does not look for what only info findings fix
    (`copyedit.filters.display.least_used`).
    """
    result = FixResult(original=text, text=text, filters=list(filters))
    current = text
    for n in range(passes + 1):
        doc, found = engine.check_text(path, current, fmt)
        result.notes.extend(x for x in doc.notes if x not in result.notes)
        if n == 0:
            result.dialect = doc.dialect + ("-mixed" if doc.dialect_mixed else "")
        result.incomplete = result.incomplete or doc.incomplete
        found = apply_filters(result.filters, found, Pass(doc))
        result.remaining = found
        result.passes = min(n + 1, passes)
        if n == passes:
            break
        chosen = choose(found, unsafe)
        edits = [s.edit() for s in chosen]
        new = apply_edits(current, edits) if chosen else current
        if new == current:
            break
        result.applied.extend(chosen)
        result.filters = follow_all(result.filters, current, edits, new)
        current = new
    result.text = current
    return result


def apply_choices(text: str, picks: list[tuple[Suggestion, str]]) -> str:
    """Apply hand-picked replacements (interactive review); overlapping picks lose."""
    edits: list[Edit] = []
    for s, rep in sorted(picks, key=lambda p: p[0].start):
        e = Edit(s.start, s.end, rep)
        if edits and edits[-1].overlaps(e):
            continue
        edits.append(e)
    return apply_edits(text, edits)
