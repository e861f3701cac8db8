"""The filters every check applies, before findings merge: what is switched off.

Each answers one question about a finding a checker made, in the order the
engine asks them:

- `NonProse`: does it touch code, front matter or HTML?
- `Disabled`: did `disable` (options or config) switch its rule, pack or
  backend off?
- `HouseRulesOff`: is it a grammar checker's finding whose house-rule
  equivalents are all off ("harper:CommaFixes" when comma-space is off)?
- `DialectRestricted`: is its house rule for other dialects than the
  document's?
- `KnownWords`: is it spelling advice on a word the vocabulary or the name
  lists say is right?
- `AcceptedForms`: is it a case change to a word the vocabulary accepts as
  written ("iOS")?
- `InlineDirectives`: did a `copyedit-disable` directive in the document
  switch it off there?
- `HouseDeclines`: did a house rule vouch for its span ("had had" is
  English), so a grammar checker's finding of the same kind goes?
"""

from __future__ import annotations

from collections.abc import Mapping

from copyedit.filters import Filter
from copyedit.model import SOURCE_RULES, spans_overlap
from copyedit.ruleids import directive_warnings
from copyedit.suppress import Selector, directive_filter


class NonProse(Filter):
    name = "non-prose"

    def keep(self, s, at) -> bool:
        return not at.doc.in_non_prose(s.start, s.end)


class Disabled(Filter):
    name = "disabled"

    def __init__(self, disabled: Selector):
        self.disabled = disabled

    def keep(self, s, at) -> bool:
        return not self.disabled.matches(s)


class HouseRulesOff(Filter):
    """A backend finding whose house equivalents are all switched off goes with them."""

    name = "house-rules-off"

    def __init__(self, equivalents: Mapping[str, tuple[str, ...]], running: frozenset[str], disabled: Selector):
        self.equivalents = equivalents
        self.running = running
        self.disabled = disabled

    def keep(self, s, at) -> bool:
        same = self.equivalents.get(s.rule)
        if not same:
            return True
        return any(r in self.running and not self.disabled.matches_id(r) for r in same)


class DialectRestricted(Filter):
    """A house rule written for some dialects says nothing in a document of another."""

    name = "dialect-restricted"

    def __init__(self, dialects: Mapping[str, tuple[str, ...]]):
        #: House rule id -> the dialects it is for (rules for every dialect are absent).
        self.dialects = dialects

    def keep(self, s, at) -> bool:
        if s.source != SOURCE_RULES:
            return True
        only = self.dialects.get(s.rule)
        return not only or at.doc.dialect in only


class KnownWords(Filter):
    """Spelling advice on a word the project says is right is noise."""

    name = "known-words"

    def __init__(self, lexicon: frozenset[str]):
        self.lexicon = lexicon

    def keep(self, s, at) -> bool:
        if s.category != "spelling" or s.source == SOURCE_RULES or not self.lexicon:
            return True
        word = s.text.strip().lower()
        for suffix in ("'s", "’s", "'", "’"):
            if word.endswith(suffix):
                word = word[: -len(suffix)]
                break
        return word not in self.lexicon


class AcceptedForms(Filter):
    """A case change to a word the vocabulary accepts as written ("copyedit", "iOS")."""

    name = "accepted-forms"

    def __init__(self, accepted: frozenset[str]):
        self.accepted = accepted

    def keep(self, s, at) -> bool:
        if s.text not in self.accepted or not s.replacements:
            return True
        return not all(r.lower() == s.text.lower() for r in s.replacements)


class InlineDirectives(Filter):
    """`copyedit-disable` and friends, in the document; an unknown id in one is a note."""

    name = "inline-directives"

    def __init__(self, rule_pack: Mapping[str, str], aliases: Mapping[str, tuple[str, ...]]):
        self.rule_pack = rule_pack
        #: Backend rule -> the house rules it stands for: switching comma-space
        #: off also silences harper:CommaFixes there.
        self.aliases = aliases

    def apply(self, found, at):
        doc = at.doc
        if not doc.directives:
            return found
        seen = set(doc.notes)  # (a list: testing each warning against it was quadratic in a file of directives)
        for w in directive_warnings(doc, self.rule_pack):
            if w not in seen:
                seen.add(w)
                doc.notes.append(w)
        return directive_filter(doc, found, self.rule_pack, aliases=self.aliases)


class HouseDeclines(Filter):
    """Backend findings on a span that an equivalent house rule vouched for."""

    name = "house-declines"

    def __init__(self, equivalents: Mapping[str, tuple[str, ...]]):
        self.equivalents = equivalents

    def apply(self, found, at):
        if not at.declines:
            return found
        by_rule: dict[str, list] = {}
        for d in at.declines:
            by_rule.setdefault(d.rule, []).append(d)
        out = []
        for s in found:
            same = self.equivalents.get(s.rule, ())
            if any(spans_overlap(s.start, s.end, d.start, d.end) for r in same for d in by_rule.get(r, ())):
                continue
            out.append(s)
        return out


def check_filters(settings, rule_pack, specs, equivalents, lexicon, accepted) -> list[Filter]:
    """The engine's filters, in the order it applies them."""
    disabled = Selector(settings.disable, rule_pack)
    return [
        NonProse(),
        Disabled(disabled),
        HouseRulesOff(equivalents, frozenset(specs), disabled),
        DialectRestricted({rid: tuple(spec.dialects) for rid, spec in specs.items() if spec.dialects}),
        KnownWords(lexicon),
        AcceptedForms(accepted),
        InlineDirectives(rule_pack, equivalents),
        HouseDeclines(equivalents),
    ]
