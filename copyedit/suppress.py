"""Switching rules off: by selector in the settings, or inline in the document.

A selector names a rule (`comma-space`), a whole pack (`punctuation`), a
grammar checker (`harper`, `languagetool`) or one of its rules
(`harper:SpellCheck`), or everything (`all`). The same selectors work in
`--disable`, in the config file and in inline directives:

    <!-- copyedit-disable comma-space -->   Markdown, until copyedit-enable
    <!-- copyedit-disable-next-line -->     Markdown, the next line only
    copyedit-disable-next-line harper       plain text: a line of its own
"""

from __future__ import annotations

from copyedit.model import Suggestion

ALL = ("all", "*")


class Selector:
    def __init__(self, selectors, rule_pack: dict[str, str]):
        self.items = {s.strip() for s in selectors if s and s.strip()}
        self.rule_pack = rule_pack

    def __bool__(self) -> bool:
        return bool(self.items)

    def matches_id(self, rule: str, source: str = "rules", exact: bool = False) -> bool:
        if not self.items:
            return False
        if rule in self.items:
            return True
        if exact:
            return False
        if any(a in self.items for a in ALL):
            return True
        if self.rule_pack.get(rule) in self.items or source in self.items:
            return True
        # `harper:SpellCheck` is also reachable as `SpellCheck` under its source.
        if ":" in rule and rule.split(":", 1)[1] in self.items:
            return True
        return False

    def matches(self, s: Suggestion) -> bool:
        return self.matches_id(s.rule, s.source)


def _regions(doc) -> list[tuple[int, int, tuple[str, ...]]]:
    """File ranges in which some rules are off, from the document's directives.

    Open ranges are indexed by rule id, so that an `enable` looks only at the
    ranges it closes: with thousands of directives, looking at every open
    range made a file of them quadratic.
    """
    regions = []
    open_: dict[tuple[str, ...], int] = {}
    by_rule: dict[str, set[tuple[str, ...]]] = {}
    line_starts = doc._line_starts

    def opened(rules: tuple[str, ...], start: int) -> None:
        if rules not in open_:  # already open: it stays open from where it was first disabled
            open_[rules] = start
            for r in rules:
                by_rule.setdefault(r, set()).add(rules)

    def closed(rules: tuple[str, ...], end: int) -> None:
        regions.append((open_.pop(rules), end, rules))
        for r in rules:
            by_rule[r].discard(rules)

    for kind, offset, rules in sorted(doc.directives, key=lambda d: d[1]):
        if kind == "disable-next-line":
            line = doc.line_of(offset)  # 1-based line of the directive
            if line < len(line_starts):
                start = line_starts[line]
                end = line_starts[line + 1] if line + 1 < len(line_starts) else len(doc.text)
                regions.append((start, end, rules))
        elif kind == "disable":
            opened(rules, offset)
        elif kind == "enable":
            if rules in open_:
                closed(rules, offset)
            elif not rules:
                for r in list(open_):
                    closed(r, offset)
            else:
                # Re-enabling some rules of a wider `disable`: close it here and
                # keep the rest disabled.
                hit = {key for r in rules for key in by_rule.get(r, ())}
                if () in open_:
                    hit.add(())
                for r in sorted(hit, key=open_.__getitem__):
                    closed(r, offset)
                    rest = tuple(x for x in r if x not in rules)
                    if rest:
                        opened(rest, offset)
    for r, start in open_.items():
        regions.append((start, len(doc.text), r))
    return regions


def directive_filter(doc, found: list[Suggestion], rule_pack: dict[str, str], aliases: dict | None = None) -> list[Suggestion]:
    """Drop findings in regions where a directive switched their rule off.

    `aliases` maps a backend rule to the house rules it stands for, so that
    switching `comma-space` off also silences `harper:CommaFixes` there.
    (An unknown id in a directive is a warning the filter that calls this
    adds: `copyedit.filters.checks.InlineDirectives`.)

    One sweep over the findings in file order: the selectors of the regions
    that cover a finding are counted in one table, so a finding costs a few
    look-ups however many regions the file has (testing each finding against
    each region was quadratic in a file of directives).
    """
    if not doc.directives:
        return found
    aliases = aliases or {}
    events = []
    for a, b, rules in _regions(doc):
        items = Selector(rules or ALL, rule_pack).items
        events.append((a, items, 1))
        events.append((b, items, -1))
    events.sort(key=lambda e: e[0])
    active: dict[str, int] = {}
    sel = Selector((), rule_pack)
    sel.items = active.keys()  # type: ignore[assignment]  # the selector reads the live table
    dropped = set()
    i = 0
    for k in sorted(range(len(found)), key=lambda k: found[k].start):
        s = found[k]
        while i < len(events) and events[i][0] <= s.start:
            _, items, step = events[i]
            for item in items:
                n = active.get(item, 0) + step
                if n:
                    active[item] = n
                else:
                    del active[item]
            i += 1
        if active and (sel.matches(s) or any(sel.matches_id(r) for r in aliases.get(s.rule, ()))):
            dropped.add(k)
    return [s for k, s in enumerate(found) if k not in dropped] if dropped else found
