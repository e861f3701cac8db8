"""The grammar backends copyedit knows, one entry each, by name.

An entry holds everything the rest of copyedit needs to know about a backend:
how to build its checker from the settings, how its findings rank where
sources overlap, which house rules its rules stand for, what error it raises
when it cannot run, and, if it can, how to find out whether it is there (for
`--backend auto`), how to start building early, and which rules it has (so a
typo in `--disable harper:SpelCheck` is caught). Nothing else names a
backend: the options, the config, selectors, the merge and the CLI's errors
all ask here.

Adding a backend is one module with a checker (anything with `name`,
`source`, `check(doc)` and, if it holds resources, `close()`) plus one
`register(Backend(...))`. Its rule ids are `NAME:RULE`, its findings' source
is NAME, and its errors subclass `BackendError`, so they are one line and
exit status 2.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from copyedit.backends import BackendError, own_rules
from copyedit.model import SOURCE_HARPER, SOURCE_LANGUAGETOOL, SOURCE_RULES

#: Choices of `--backend` that are not backends: no grammar checker, or the
#: best one that can run here.
NONE = "none"
AUTO = "auto"
#: The rank of a source no backend registered (after every backend).
UNKNOWN_PRIORITY = 9


@dataclass(frozen=True)
class Backend:
    name: str
    #: settings -> checker; raises `error` (one line) when the backend cannot run.
    make: Callable[[Any], Any]
    #: Where sources overlap, the lower number wins; house rules are 0.
    priority: int
    #: How the backend is named in messages ("LanguageTool").
    title: str = ""
    #: The backend's error type, a subclass of BackendError; or "module:Name",
    #: looked up when needed, so that naming it does not import the backend.
    error: type[BackendError] | str = BackendError
    #: The backend's rules (without the `name:` prefix) that speak about what
    #: house rules cover: where those house rules are off, or vouch for a
    #: span ("had had"), the backend's finding goes too.
    house_rules: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: settings -> checker, or None when the backend cannot be reached now
    #: (`auto` tries backends that have one, in order of registration).
    probe: Callable[[Any], Any] | None = None
    #: settings -> None: start slow set-up while the rule packs load.
    prebuild: Callable[[Any], None] | None = None
    #: load -> the backend's rule names, or None when they cannot be known
    #: (without `load`, only if that costs nothing now). None: taken on trust.
    rule_names: Callable[[bool], frozenset[str] | None] | None = None
    #: A regular expression for rule ids given without the `name:` prefix
    #: that are this backend's ("UPPERCASE_SENTENCE_START" is LanguageTool's).
    bare_rule: str | None = None
    #: Whether its answers depend only on installed code and data (Harper's
    #: do; a server can change under the same settings). Only with local
    #: backends may a file's findings be remembered between runs
    #: (`copyedit.filecache`).
    local: bool = False

    @property
    def prefix(self) -> str:
        return f"{self.name}:"

    def error_type(self) -> type[BackendError]:
        if isinstance(self.error, str):
            module, _, name = self.error.partition(":")
            return getattr(importlib.import_module(module), name)
        return self.error

    def equivalents(self) -> dict[str, tuple[str, ...]]:
        """Backend rule id ("harper:CommaFixes") -> the house rules it stands for."""
        return {self.prefix + rule: same for rule, same in self.house_rules.items()}


_BACKENDS: dict[str, Backend] = {}


def register(backend: Backend) -> Backend:
    """Add a backend (or replace one of the same name); returns it."""
    if not backend.name or ":" in backend.name or backend.name in (NONE, AUTO, SOURCE_RULES) or backend.name != backend.name.lower():
        raise ValueError(f"bad backend name {backend.name!r}")
    if not isinstance(backend.error, str) and not (isinstance(backend.error, type) and issubclass(backend.error, BackendError)):
        raise TypeError(f"backend {backend.name}: its error must subclass BackendError, to be reported in one line")
    if backend.priority <= 0:
        raise ValueError(f"backend {backend.name}: priority must be above the house rules' 0")
    _BACKENDS[backend.name] = backend
    return backend


def unregister(name: str) -> None:
    _BACKENDS.pop(name, None)


def get(name: str) -> Backend | None:
    return _BACKENDS.get(name)


def backends() -> tuple[Backend, ...]:
    return tuple(_BACKENDS.values())


def names() -> tuple[str, ...]:
    return tuple(_BACKENDS)


def choices() -> tuple[str, ...]:
    """What `--backend` and the config's `backend` take."""
    return (*_BACKENDS, NONE, AUTO)


def priority(source: str) -> int:
    if source == SOURCE_RULES:
        return 0
    b = _BACKENDS.get(source)
    return b.priority if b is not None else UNKNOWN_PRIORITY


def source_rank(s) -> int:
    """How far a finding's best source is trusted: house rules first."""
    return min(priority(x) for x in s.sources)


def errors() -> tuple[type[BackendError], ...]:
    """Every backend's error type (each a BackendError: the CLI makes them one line)."""
    return tuple(dict.fromkeys([BackendError, *(b.error_type() for b in _BACKENDS.values())]))


def listed_rules(load: bool) -> dict[str, frozenset[str] | None]:
    """The rule names of every backend that can list them, by backend (None: not known now)."""
    return {b.name: b.rule_names(load) for b in _BACKENDS.values() if b.rule_names is not None}


def make_backends(chosen: tuple[str, ...], settings) -> tuple[list, list[str]]:
    """The checkers for the `--backend` list, and notes for the user (which one `auto` chose)."""
    out: list = []
    notes: list[str] = []
    for name in chosen:
        if name == NONE:
            return [], notes
        if name == AUTO:
            checker, note = _auto(settings)
            out.append(checker)
            notes.append(note)
            continue
        b = _BACKENDS.get(name)
        if b is None:
            raise BackendError(f"unknown backend {name!r} (use {', '.join(choices())})")
        out.append(b.make(settings))
    return out, notes


def _auto(settings) -> tuple[Any, str]:
    """The first backend with a probe that answers, else the default (Harper)."""
    probed = [b for b in _BACKENDS.values() if b.probe is not None]
    for b in probed:
        checker = b.probe(settings) if b.probe is not None else None
        if checker is not None:
            return checker, f"backend auto: using {b.title or b.name}"
    fallback = _BACKENDS[DEFAULT]
    missing = " or ".join(b.title or b.name for b in probed)
    return fallback.make(settings), f"backend auto: no {missing} reachable, using {fallback.title or fallback.name}"


def all_local(chosen: tuple[str, ...]) -> bool:
    """Whether every chosen backend answers from installed code alone (`none` does; `auto` may pick a server)."""
    for name in chosen:
        if name == NONE:
            return True
        b = _BACKENDS.get(name)
        if b is None or not b.local:
            return False
    return True


def prebuild(chosen: tuple[str, ...], settings) -> None:
    """Let slow backends start building while the rule packs load."""
    if NONE in chosen:
        return
    for name in chosen:
        b = _BACKENDS.get(name)
        if b is not None and b.prebuild is not None:
            b.prebuild(settings)


def equivalents(chosen_checkers) -> dict[str, tuple[str, ...]]:
    """Backend rule id -> house rules, for the backends of these checkers."""
    out: dict[str, tuple[str, ...]] = {}
    for c in chosen_checkers:
        b = _BACKENDS.get(getattr(c, "source", None) or "")
        if b is not None:
            out.update(b.equivalents())
    return out


# ---------------------------------------------------------------- built in
def _harper(settings):
    from copyedit.backends.harper import HarperChecker
    from copyedit.filters.display import least_used

    return HarperChecker(
        "us" if settings.dialect == "auto" else settings.dialect,
        enable=set(own_rules(SOURCE_HARPER, settings.enable)),
        disable=set(own_rules(SOURCE_HARPER, settings.disable)),
        accept=settings.accept,
        use_cache=bool(getattr(settings, "cache", True)),
        floor=least_used(settings),
    )


def _harper_prebuild(settings) -> None:
    if getattr(settings, "cache", True):
        return  # built on the first paragraph the cache does not know (HarperChecker.prepare)
    from copyedit.backends.harper import prebuild as harper_prebuild

    # With dialect auto a document may need either linter: build both
    # while the packs load, rather than one of them in the foreground.
    for dialect in ("us", "gb") if settings.dialect == "auto" else (settings.dialect,):
        harper_prebuild(dialect)


def _harper_rules(load: bool) -> frozenset[str] | None:
    """Harper's rule names: loaded on request, else only if Harper is already loaded (then it is cheap)."""
    import sys

    if not load and "harper" not in sys.modules:
        return None
    try:
        from copyedit.backends.harper import rule_names

        return frozenset(rule_names())
    except Exception:  # noqa: BLE001 - no Harper here: its rules cannot be checked
        return None


def _languagetool_class():
    try:
        from copyedit.backends.languagetool import LanguageToolChecker
    except ImportError as e:
        raise BackendError(f"LanguageTool backend unavailable: {e}") from None
    return LanguageToolChecker


def _languagetool(settings):
    return _languagetool_class().from_settings(settings)


def _languagetool_if_reachable(settings):
    try:
        cls = _languagetool_class()
    except BackendError:
        return None
    return cls.if_reachable(settings)


#: The backend used when nothing better answers (`auto`), and by default.
DEFAULT = SOURCE_HARPER

register(
    Backend(
        name=SOURCE_HARPER,
        title="Harper",
        make=_harper,
        prebuild=_harper_prebuild,
        priority=2,
        local=True,
        error="copyedit.backends.harper:HarperError",
        # Harper's rules that speak about what a house rule covers.
        house_rules={
            "CommaFixes": ("comma-space", "space-before-punctuation"),
            "Spaces": ("double-space", "space-before-punctuation"),
            "RepeatedWords": ("doubled-word", "doubled-content-word", "repeated-word"),
            "SentenceCapitalization": ("sentence-start-case",),
        },
        rule_names=_harper_rules,
    )
)
register(
    Backend(
        name=SOURCE_LANGUAGETOOL,
        title="LanguageTool",
        make=_languagetool,
        probe=_languagetool_if_reachable,
        priority=1,
        # LanguageTool's rules that speak about what a house rule covers.
        house_rules={
            "COMMA_PARENTHESIS_WHITESPACE": ("comma-space", "space-before-punctuation"),
            "WHITESPACE_RULE": ("double-space",),
            "ENGLISH_WORD_REPEAT_RULE": ("doubled-word", "doubled-content-word", "repeated-word"),
            "UPPERCASE_SENTENCE_START": ("sentence-start-case",),
        },
        # Its rule ids cannot be known without a server: taken on trust.
        bare_rule=r"[A-Z][A-Z0-9_]*",
    )
)
