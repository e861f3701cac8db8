"""Merging what several checkers said about one document into one answer.

Checkers overlap: Harper and LanguageTool often flag the same slip, a house
rule and a grammar checker may disagree about a name. The rules, applied in
this order, are deterministic so that the same input always gives the same
findings:

1. exact duplicates (same span, same fixes) collapse into one suggestion that
   lists every source (corroborated);
2. the same correction flagged on different spans ("a" -> "an" against
   "a important" -> "an important") collapses to the narrowest span, under the
   rule of the source that ranks highest;
3. a fix that a wider fix of the same or a stronger source already makes
   ("england" -> "England" inside "bank of england" -> "Bank of England")
   folds into the wider one;
4. a house rule silences any grammar-checker suggestion it overlaps: the
   editorial team's decision outranks a generic engine's guess;
5. disagreeing fixes on one span become one suggestion with every
   replacement, which is unsafe because someone has to choose.
"""

from __future__ import annotations

import bisect

from copyedit.backends.registry import priority, source_rank
from copyedit.model import SOURCE_RULES, Applicability, Suggestion


def _sources(*groups: tuple[str, ...]) -> tuple[str, ...]:
    seen = dict.fromkeys(s for g in groups for s in g)
    return tuple(sorted(seen, key=lambda s: (priority(s), s)))


def _rank(s: Suggestion) -> tuple:
    return (source_rank(s), s.applicability.rank, s.end - s.start, s.rule)


def _order(s: Suggestion) -> tuple:
    """Findings in file order; at one span, the most trusted source first."""
    return (s.start, s.end, source_rank(s), s.rule, s.replacements)


def merge(suggestions: list[Suggestion]) -> list[Suggestion]:
    items = _collapse_duplicates(suggestions)
    items = _collapse_same_edit(items)
    items = _fold_subsumed(items)
    items = _house_rules_win(items)
    items = _join_disagreements(items)
    return sorted(items, key=_order)


def _collapse_duplicates(suggestions: list[Suggestion]) -> list[Suggestion]:
    groups: dict[tuple, list[Suggestion]] = {}
    for s in suggestions:
        groups.setdefault((s.start, s.end, s.replacements), []).append(s)
    out = []
    for group in groups.values():
        best = min(group, key=_rank)
        if len(group) > 1:
            best = best.with_(sources=_sources(*(g.sources for g in group)))
        out.append(best)
    return out


def _collapse_same_edit(items: list[Suggestion]) -> list[Suggestion]:
    by_edit: dict = {}
    out = []
    for s in items:
        me = s.minimal_edit()
        if me is None:
            out.append(s)
        else:
            by_edit.setdefault(me, []).append(s)
    for group in by_edit.values():
        if len(group) == 1:
            out.append(group[0])
            continue
        winner = min(group, key=_rank)
        narrow = min(group, key=lambda s: (s.end - s.start, s.start))
        out.append(
            winner.with_(
                start=narrow.start,
                end=narrow.end,
                text=narrow.text,
                replacements=narrow.replacements,
                sources=_sources(*(g.sources for g in group)),
            )
        )
    return out


def _makes_same_change(wide: Suggestion, narrow: Suggestion) -> bool:
    """Whether applying `wide` leaves `narrow`'s span as `narrow` would."""
    if len(wide.replacements) != 1 or len(narrow.replacements) != 1:
        return False
    w, n = wide.replacements[0], narrow.replacements[0]
    head = narrow.start - wide.start
    tail = wide.end - narrow.end
    if len(w) - len(wide.text) != len(n) - len(narrow.text):
        return False
    return w[head : len(w) - tail if tail else len(w)] == n


def _fold_subsumed(items: list[Suggestion]) -> list[Suggestion]:
    ordered = sorted(items, key=lambda s: (s.start, -s.end))
    dropped: set[int] = set()
    for i, wide in enumerate(ordered):
        if not wide.fixable or wide.end - wide.start == 0:
            continue
        for j in range(i + 1, len(ordered)):
            narrow = ordered[j]
            if narrow.start >= wide.end:
                break
            if j in dropped or narrow.end > wide.end or (narrow.start, narrow.end) == (wide.start, wide.end):
                continue
            if source_rank(narrow) < source_rank(wide) or narrow.applicability.rank < wide.applicability.rank:
                continue
            if _makes_same_change(wide, narrow):
                dropped.add(j)
    return [s for k, s in enumerate(ordered) if k not in dropped]


def _house_rules_win(items: list[Suggestion]) -> list[Suggestion]:
    house = sorted((s for s in items if s.source == SOURCE_RULES), key=lambda s: (s.start, s.end))
    if not house:
        return items
    starts = [h.start for h in house]
    max_end = []
    m = -1
    for h in house:
        m = max(m, h.end)
        max_end.append(m)
    points = {h.start for h in house if h.start == h.end}
    out = []
    for s in items:
        if s.source == SOURCE_RULES:
            out.append(s)
            continue
        i = bisect.bisect_left(starts, s.end)
        overlapped = i > 0 and max_end[i - 1] > s.start
        if s.start == s.end and s.start in points:
            overlapped = True
        if not overlapped:
            out.append(s)
    return out


def _join_disagreements(items: list[Suggestion]) -> list[Suggestion]:
    by_span: dict[tuple[int, int], list[Suggestion]] = {}
    for s in items:
        by_span.setdefault((s.start, s.end), []).append(s)
    out = []
    for group in by_span.values():
        if len(group) == 1:
            out.append(group[0])
            continue
        group.sort(key=_rank)
        primary = group[0]
        reps = tuple(dict.fromkeys(r for g in group for r in g.replacements))
        app = primary.applicability
        if len(reps) > 1 or (app is Applicability.SAFE and reps != primary.replacements):
            app = Applicability.UNSAFE
        out.append(
            primary.with_(
                replacements=reps,
                applicability=app if reps else Applicability.DISPLAY,
                sources=_sources(*(g.sources for g in group)),
            )
        )
    return out
