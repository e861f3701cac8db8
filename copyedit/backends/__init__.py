"""Grammar backends: engines that know English, behind the same Checker protocol.

Each backend is one module (`harper`, `languagetool`) plus one entry in
`copyedit.backends.registry`, which says how to build it, how it ranks and
what it stands for. This package module holds only what backend modules and
the rest of copyedit share without importing the registry: the error a
backend raises when it cannot run, and how a selector names a backend's rule.
"""

from __future__ import annotations


class BackendError(Exception):
    """A backend that cannot run; reported in one line with exit status 2.

    Every backend's own error type subclasses it (the registry checks), so
    the CLI turns them all into one line without knowing the backends.
    """


def split_rule(selector: str) -> tuple[str, str]:
    """(backend, rule) of `backend:Rule`; ("", selector) for a selector without a colon."""
    source, sep, rule = selector.partition(":")
    return (source, rule) if sep else ("", selector)


def own_rules(backend: str, selectors) -> tuple[str, ...]:
    """The rules of one backend among selectors: `harper:SpellCheck` -> `SpellCheck`."""
    out = []
    for s in selectors:
        source, rule = split_rule(s)
        if source == backend and rule:
            out.append(rule)
    return tuple(out)
