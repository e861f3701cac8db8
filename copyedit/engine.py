"""The engine: which checkers run, and one ordered list of findings per document.

Built once per run from the settings (packs load and patterns compile once,
Harper's dictionary is built once), then applied to every document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from copyedit.backends import registry
from copyedit.checkers import Context, build_checkers
from copyedit.config import Settings
from copyedit.document import Document
from copyedit.formats import build_document
from copyedit.merge import merge
from copyedit.model import SOURCE_RULES, Decline, Severity, Suggestion, spans_overlap
from copyedit.packs import Pack, PackError, RuleSpec, builtin_packs, check_unique, load_pack_file
from copyedit.suppress import Selector, directive_filter


@dataclass
class Engine:
    settings: Settings
    packs: list[Pack]
    checkers: list = field(default_factory=list)
    #: rule id -> pack id, so that a pack id can switch off all its rules.
    rule_pack: dict[str, str] = field(default_factory=dict)
    #: Words that spelling suggestions must leave alone (vocabulary, names).
    lexicon: frozenset[str] = frozenset()
    #: The vocabulary's accepted words exactly as written: no rule recases them.
    accepted: frozenset[str] = frozenset()
    #: The house rules that run, by id.
    specs: dict[str, RuleSpec] = field(default_factory=dict)
    #: Backend rule id -> the house rules that speak about the same thing
    #: ("harper:CommaFixes" -> comma-space): where those are off or decline a
    #: span, the backend's finding goes too.
    equivalents: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: What building the engine has to tell the user ("backend auto: using
    #: LanguageTool"); the caller shows it.
    notes: list[str] = field(default_factory=list)

    def document(self, path: str, text: str, fmt: str | None = None) -> Document:
        from copyedit.variety import detect

        doc = build_document(path, text, fmt)
        if self.settings.dialect == "auto":
            variety = detect(doc)
            doc.dialect, doc.dialect_mixed, doc.dialect_source = variety.dialect, variety.mixed, "auto"
        else:
            doc.dialect, doc.dialect_source = self.settings.dialect, "set"
        return doc

    def check(self, doc: Document) -> list[Suggestion]:
        found: list[Suggestion] = []
        declines: list[Decline] = []
        for checker in self.checkers:
            for item in checker.check(doc):
                (declines if isinstance(item, Decline) else found).append(item)
        disabled = Selector(self.settings.disable, self.rule_pack)
        found = [
            s
            for s in found
            if not doc.in_non_prose(s.start, s.end)
            and not disabled.matches(s)
            and self._house_rule_on(s, disabled)
            and self._for_dialect(s, doc)
            and not self._known_word(s)
            and not self._accepted_form(s)
        ]
        found = directive_filter(doc, found, self.rule_pack, aliases=self.equivalents)
        found = _drop_declined(found, declines, self.equivalents)
        merged = merge([self._weighed(s) for s in found])
        out = []
        for s in merged:
            line, col = doc.line_col(s.start)
            out.append(s.with_(line=line, column=col))
        return out

    def _house_rule_on(self, s: Suggestion, disabled: Selector) -> bool:
        """A backend finding whose house equivalents are all switched off goes with them."""
        same = self.equivalents.get(s.rule)
        if not same:
            return True
        return any(r in self.specs and not disabled.matches_id(r) for r in same)

    def _for_dialect(self, s: Suggestion, doc: Document) -> bool:
        spec = self.specs.get(s.rule) if s.source == SOURCE_RULES else None
        return spec is None or not spec.dialects or doc.dialect in spec.dialects

    def _weighed(self, s: Suggestion) -> Suggestion:
        """A house finding whose fix the rule would not vouch for here matters one step less.

        proper-noun-case is an error when it fixes "russia"; offered without
        evidence for "turkey", it is a warning for a person to weigh.
        """
        spec = self.specs.get(s.rule) if s.source == SOURCE_RULES else None
        if spec is not None and s.applicability.rank > spec.fix.rank and s.severity is spec.severity:
            return s.with_(severity=s.severity.lower())
        return s

    def check_text(self, path: str, text: str, fmt: str | None = None) -> tuple[Document, list[Suggestion]]:
        doc = self.document(path, text, fmt)
        return doc, self.check(doc)

    def _accepted_form(self, s: Suggestion) -> bool:
        """A case change to a word the vocabulary accepts as written ("copyedit", "iOS")."""
        if s.text not in self.accepted or not s.replacements:
            return False
        return all(r.lower() == s.text.lower() for r in s.replacements)

    def _known_word(self, s: Suggestion) -> bool:
        """Spelling advice on a word the project says is right is noise."""
        if s.category != "spelling" or s.source == "rules" or not self.lexicon:
            return False
        word = s.text.strip().lower()
        for suffix in ("'s", "’s", "'", "’"):
            if word.endswith(suffix):
                word = word[: -len(suffix)]
                break
        return word in self.lexicon


    def close(self) -> None:
        """Let checkers that hold resources (a server's connection pool, a cache) let go."""
        for checker in self.checkers:
            close = getattr(checker, "close", None)
            if close is not None:
                close()


def _drop_declined(found: list[Suggestion], declines: list[Decline], equivalents: dict) -> list[Suggestion]:
    """Backend findings on a span that an equivalent house rule vouched for."""
    if not declines:
        return found
    by_rule: dict[str, list[Decline]] = {}
    for d in declines:
        by_rule.setdefault(d.rule, []).append(d)
    out = []
    for s in found:
        same = equivalents.get(s.rule, ())
        if any(spans_overlap(s.start, s.end, d.start, d.end) for r in same for d in by_rule.get(r, ())):
            continue
        out.append(s)
    return out


def shown(found: list[Suggestion], levels) -> list[Suggestion]:
    """The findings a run reports: at or above min-level (or fail-level, if lower).

    `levels` is the settings or the run options: anything with `min_level`
    and `fail_level`.
    """
    floor = min(Severity(levels.min_level), Severity(levels.fail_level), key=lambda v: v.rank)
    return [s for s in found if s.severity.at_least(floor)]


def fails(found: list[Suggestion], levels) -> bool:
    """Whether findings make the run fail: any at or above fail-level."""
    level = Severity(levels.fail_level)
    return any(s.severity.at_least(level) for s in found)


def load_packs(settings: Settings) -> list[Pack]:
    packs = list(builtin_packs())
    for f in settings.rule_files:
        packs.append(load_pack_file(f))
    check_unique(packs)
    known = {p.id for p in packs}
    for pid in (*settings.enable_packs, *settings.disable_packs):
        if pid not in known:
            raise PackError(f"{settings.source or 'options'}: unknown pack {pid!r} (known: {', '.join(sorted(known))})")
    return packs


def pack_enabled(pack: Pack, settings: Settings) -> bool:
    if pack.id in settings.disable_packs:
        return False
    if pack.id in settings.enable_packs:
        return True
    return pack.enabled


def active_rules(packs: list[Pack], settings: Settings) -> list:
    enable = Selector(settings.enable, {r.id: p.id for p in packs for r in p.rules})
    disable = Selector(settings.disable, {r.id: p.id for p in packs for r in p.rules})
    specs = []
    for pack in packs:
        on = pack_enabled(pack, settings)
        for spec in pack.rules:
            if spec.dialects and settings.dialect != "auto" and settings.dialect not in spec.dialects:
                continue
            if enable.matches_id(spec.id) and not disable.matches_id(spec.id, exact=True):
                specs.append(spec)
            elif on and spec.enabled and not disable.matches_id(spec.id):
                specs.append(spec)
    return specs


def build_engine(settings: Settings, backends: tuple[str, ...] | None = None) -> Engine:
    chosen = backends or settings.backends
    registry.prebuild(chosen, settings)
    packs = load_packs(settings)
    specs = active_rules(packs, settings)
    ctx = Context(
        dialect="us" if settings.dialect == "auto" else settings.dialect,
        accept=frozenset(settings.accept),
        extra_proper_nouns=tuple(settings.proper_nouns),
        extra_names=tuple(settings.names),
        regex_timeout=settings.regex_timeout,
    )
    checkers = build_checkers(specs, ctx)
    if settings.reject:
        from copyedit.checkers.vocabulary import RejectChecker

        checkers.append(RejectChecker(settings.reject))
    grammar, notes = registry.make_backends(chosen, settings)
    checkers.extend(grammar)
    lexicon = {w.lower() for w in settings.accept}
    for c in checkers:
        lexicon.update(w.lower() for w in getattr(c, "lexicon", ()))
    return Engine(
        settings=settings,
        packs=packs,
        checkers=checkers,
        rule_pack={r.id: p.id for p in packs for r in p.rules},
        lexicon=frozenset(lexicon),
        accepted=frozenset(settings.accept),
        specs={spec.id: spec for spec in specs},
        equivalents=registry.equivalents(grammar),
        notes=notes,
    )
