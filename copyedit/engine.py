"""The engine: which checkers run, and one ordered list of findings per document.

Built once per run from the settings (packs load and patterns compile once,
Harper's dictionary is built once), then applied to every document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from copyedit import cache as result_cache
from copyedit.backends import registry
from copyedit.checkers import Context
from copyedit.checkers.registry import build_checkers
from copyedit.config import Settings
from copyedit.document import Document
from copyedit.filters import Filter, Pass, apply_filters
from copyedit.filters.checks import check_filters
from copyedit.filters.display import fails, shown  # noqa: F401  (the engine's API too)
from copyedit.formats import build_document
from copyedit.merge import merge
from copyedit.model import SOURCE_RULES, Decline, Note, Suggestion
from copyedit.packs import Pack, PackError, RuleSpec, builtin_packs, check_unique, load_pack_file
from copyedit.plugins import plugin_packs, with_plugin_vocabulary
from copyedit.suppress import Selector


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
            # A backend may start slow work for this document (look up its
            # cache, build itself on a miss) while the house rules run.
            prepare = getattr(checker, "prepare", None)
            if prepare is not None:
                prepare(doc)
        for checker in self.checkers:
            for item in checker.check(doc):
                if isinstance(item, Note):
                    _pass_on(item, doc)
                else:
                    (declines if isinstance(item, Decline) else found).append(item)
        result_cache.flush_facts()  # what the dictionary and wordfreq said of new words, for the next run
        found = apply_filters(self.filters(), found, Pass(doc, tuple(declines)))
        merged = merge([self._weighed(s) for s in found])
        out = []
        for s in merged:
            line, col = doc.line_col(s.start)
            out.append(s.with_(line=line, column=col))
        return out

    def filters(self) -> list[Filter]:
        """What every check drops before findings merge (see `copyedit.filters.checks`)."""
        return check_filters(self.settings, self.rule_pack, self.specs, self.equivalents, self.lexicon, self.accepted)

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

    def close(self) -> None:
        """Let checkers that hold resources (a server's connection pool, a cache) let go."""
        for checker in self.checkers:
            close = getattr(checker, "close", None)
            if close is not None:
                close()


def _pass_on(note: Note, doc: Document) -> None:
    """A checker's note goes out with the document, as callers read it (`doc.notes`, `doc.incomplete`)."""
    if note.message:
        doc.notes.append(note.message)
    if note.incomplete:
        doc.incomplete = True


def load_packs(settings: Settings) -> list[Pack]:
    """The shipped packs, those of installed house-style plugins, then the project's rule files."""
    packs = list(builtin_packs()) + plugin_packs()
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
    settings = with_plugin_vocabulary(settings)
    result_cache.use_facts(bool(settings.cache))
    chosen = backends or settings.backends
    registry.prebuild(chosen, settings)
    packs = load_packs(settings)
    specs = active_rules(packs, settings)
    grammar, notes = registry.make_backends(chosen, settings)
    equivalents = registry.equivalents(grammar)
    ctx = Context(
        dialect="us" if settings.dialect == "auto" else settings.dialect,
        accept=frozenset(settings.accept),
        extra_proper_nouns=tuple(settings.proper_nouns),
        extra_names=tuple(settings.names),
        regex_timeout=settings.regex_timeout,
        declines_read=frozenset(rule for same in equivalents.values() for rule in same),
    )
    checkers = build_checkers(specs, ctx)
    if settings.reject:
        from copyedit.checkers.vocabulary import RejectChecker

        checkers.append(RejectChecker(settings.reject))
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
        equivalents=equivalents,
        notes=notes,
    )
