"""Applying fixes until nothing changes, so that `fix` run twice changes nothing.

One pass picks the fixes it may apply (safe ones, or unsafe ones too on
request), drops any that would collide with a fix of higher rank, and applies
the rest. A fix can uncover another ("word ,word" becomes "word, word", and
then a doubled space shows), so the document is checked again, up to a few
passes.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from copyedit.backends.registry import source_rank
from copyedit.model import Applicability, Edit, Suggestion, apply_edits

MAX_PASSES = 5


@dataclass
class FixResult:
    original: str
    text: str
    applied: list[Suggestion] = field(default_factory=list)
    #: What is left after the last pass (findings on the fixed text).
    remaining: list[Suggestion] = field(default_factory=list)
    passes: int = 0
    #: Problems met on the way (a rule stopped by its time limit), once each.
    notes: list[str] = field(default_factory=list)
    #: The variety the document was checked in ("gb", "us-mixed").
    dialect: str = ""
    #: Whether some check did not run in full on some pass.
    incomplete: bool = False

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


def fix_text(engine, path: str, text: str, fmt: str | None = None, unsafe: bool = False) -> FixResult:
    result = FixResult(original=text, text=text)
    current = text
    for n in range(1, MAX_PASSES + 1):
        doc, found = engine.check_text(path, current, fmt)
        result.notes.extend(x for x in doc.notes if x not in result.notes)
        if n == 1:
            result.dialect = doc.dialect + ("-mixed" if doc.dialect_mixed else "")
        result.incomplete = result.incomplete or doc.incomplete
        chosen = choose(found, unsafe)
        result.passes = n
        if not chosen:
            result.remaining = found
            break
        new = apply_edits(current, [s.edit() for s in chosen])
        if new == current:
            result.remaining = found
            break
        result.applied.extend(chosen)
        current = new
    else:
        doc, result.remaining = engine.check_text(path, current, fmt)
        result.notes.extend(x for x in doc.notes if x not in result.notes)
        result.incomplete = result.incomplete or doc.incomplete
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
