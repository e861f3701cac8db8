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
        if self.items & set(ALL):
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
    """File ranges in which some rules are off, from the document's directives."""
    regions = []
    open_: dict[tuple[str, ...], int] = {}
    line_starts = doc._line_starts
    for kind, offset, rules in sorted(doc.directives, key=lambda d: d[1]):
        if kind == "disable-next-line":
            line = doc.line_of(offset)  # 1-based line of the directive
            if line < len(line_starts):
                start = line_starts[line]
                end = line_starts[line + 1] if line + 1 < len(line_starts) else len(doc.text)
                regions.append((start, end, rules))
        elif kind == "disable":
            open_.setdefault(rules, offset)
        elif kind == "enable":
            if rules in open_:
                regions.append((open_.pop(rules), offset, rules))
            elif not rules:
                for r, start in list(open_.items()):
                    regions.append((start, offset, r))
                open_.clear()
            else:
                # Re-enabling some rules of a wider `disable`: close it here and
                # keep the rest disabled.
                for r, start in list(open_.items()):
                    if set(rules) & set(r) or not r:
                        regions.append((start, offset, r))
                        del open_[r]
                        rest = tuple(x for x in r if x not in rules)
                        if rest:
                            open_[rest] = offset
    for r, start in open_.items():
        regions.append((start, len(doc.text), r))
    return regions


def directive_filter(doc, found: list[Suggestion], rule_pack: dict[str, str], aliases: dict | None = None) -> list[Suggestion]:
    """Drop findings in regions where a directive switched their rule off.

    `aliases` maps a backend rule to the house rules it stands for, so that
    switching `comma-space` off also silences `harper:CommaFixes` there.
    (An unknown id in a directive is a warning the filter that calls this
    adds: `copyedit.filters.checks.InlineDirectives`.)
    """
    if not doc.directives:
        return found
    aliases = aliases or {}
    regions = [(a, b, Selector(rules or ALL, rule_pack)) for a, b, rules in _regions(doc)]
    out = []
    for s in found:
        same = aliases.get(s.rule, ())
        if any(a <= s.start < b and (sel.matches(s) or any(sel.matches_id(r) for r in same)) for a, b, sel in regions):
            continue
        out.append(s)
    return out
