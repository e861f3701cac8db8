"""Whether the settings' rule selectors name something that exists.

A typo in `--disable comma-spcae` or in the config's `disable` would
otherwise switch nothing off and say nothing. As ruff does with an unknown
rule code, an unknown id in the options or the config is an error (exit
status 2, one line naming where it was given). What counts as known is
`copyedit.ruleids`'s to say; an unknown id in an inline directive is only a
warning (see `ruleids.directive_warnings`).
"""

from __future__ import annotations

from copyedit.backends import registry, split_rule
from copyedit.config import ConfigError
from copyedit.ruleids import HINT, is_bare_backend_rule, is_known, known_ids  # noqa: F401  (is_known: part of this module's answer)


def check_settings(base, settings, cli: dict[str, tuple[str, ...]]) -> None:
    """Raise a one-line ConfigError for the first unknown id, naming where it was given.

    `base` holds what the config file says, `cli` what each option added.
    A backend's rule names are loaded only when a selector needs them; a
    `backend:Rule` selector is taken on trust when that backend does not run
    (it does nothing then).
    """
    given = [(f"{base.source}: {key}", getattr(base, key)) for key in ("disable", "enable")] if base.source else []
    given += [(f"--{key}", values) for key, values in cli.items()]
    if not any(values for _, values in given):
        return
    from copyedit.engine import load_packs

    registry.prebuild(settings.backends, settings)  # Harper builds while the packs load, as in build_engine
    packs = load_packs(settings)
    ids = known_ids({r.id: p.id for p in packs for r in p.rules})
    listed: dict[str, frozenset[str] | None] = {}  # each backend's rule names, once loaded

    def names_of(backend) -> frozenset[str] | None:
        if backend.name not in listed:
            listed[backend.name] = backend.rule_names(True)
        return listed[backend.name]

    for where, values in given:
        for value in values:
            if not _known(value.strip(), ids, settings.backends, names_of):
                raise ConfigError(f"{where}: unknown rule {value!r} ({HINT})")


def _known(s: str, ids, running: tuple[str, ...], names_of) -> bool:
    if s in ids or is_bare_backend_rule(s):
        return True
    source, rule = split_rule(s)
    if ":" in s:
        backend = registry.get(source)
        if backend is None or not rule:
            return False
        if backend.rule_names is None or not _runs(backend.name, running):
            return True  # cannot be checked, or does nothing here: taken on trust
        return rule in (names_of(backend) or {rule})
    return any(s in (names_of(b) or ()) for b in registry.backends() if b.rule_names is not None)


def _runs(name: str, running: tuple[str, ...]) -> bool:
    """Whether a backend may run with these `--backend` choices (`auto` may pick any)."""
    return name in running or registry.AUTO in running
