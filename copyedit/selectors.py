"""Which rule selectors name something that exists.

A typo in `--disable comma-spcae`, in the config's `disable`, or in an inline
`copyedit-disable` directive would otherwise switch nothing off and say
nothing. As ruff does with an unknown rule code, an unknown id in the options
or the config is an error (exit status 2, one line naming where it was
given); in a directive inside an article it is a warning naming the file and
line, and the check goes on.

Known: a rule id or pack id of any pack (shipped, or from `rule-files` and
`--rules`, enabled or not), `all`, a source (`rules`, `harper`,
`languagetool`), `harper:Rule` for a rule Harper has, and LanguageTool rule
ids (`languagetool:ID`, or `ID` alone in upper case), which cannot be known
without a server and are taken on trust.
"""

from __future__ import annotations

import re
import sys

from copyedit.config import ConfigError
from copyedit.model import SOURCE_HARPER, SOURCE_LANGUAGETOOL, SOURCE_RULES
from copyedit.suppress import ALL

#: Rule ids that no pack declares: made by the engine itself.
BUILT_IN_RULES = frozenset({"vocabulary-reject"})
_LT_ID = re.compile(r"[A-Z][A-Z0-9_]*\Z")
HINT = "`copyedit rules list` lists rule and pack ids; Harper rules are harper:Name"


def known_ids(rule_pack: dict[str, str]) -> frozenset[str]:
    """Every rule id and pack id, the sources, and `all`."""
    return frozenset(rule_pack) | frozenset(rule_pack.values()) | BUILT_IN_RULES | {SOURCE_RULES, SOURCE_HARPER, SOURCE_LANGUAGETOOL, *ALL}


def is_known(selector: str, ids: frozenset[str], harper_rules: frozenset[str] | None) -> bool:
    """Whether a selector names something; `harper_rules` None means Harper's rules cannot be checked."""
    s = selector.strip()
    if s in ids or _LT_ID.match(s):
        return True
    source, sep, rule = s.partition(":")
    if sep:
        if source == SOURCE_LANGUAGETOOL:
            return bool(rule)
        if source == SOURCE_HARPER:
            return bool(rule) and (harper_rules is None or rule in harper_rules)
        return False
    return harper_rules is not None and s in harper_rules  # `SpellCheck` alone, as in `harper:SpellCheck`


def harper_rules(load: bool) -> frozenset[str] | None:
    """Harper's rule names: loaded on request, else only if Harper is already loaded (then it is cheap)."""
    if not load and "harper" not in sys.modules:
        return None
    try:
        from copyedit.backends.harper import rule_names

        return frozenset(rule_names())
    except Exception:  # no Harper here: its rules cannot be checked
        return None


def check_settings(base, settings, cli: dict[str, tuple[str, ...]]) -> None:
    """Raise a one-line ConfigError for the first unknown id, naming where it was given.

    `base` holds what the config file says, `cli` what each option added.
    Harper's rule names are loaded only when a selector needs them; a
    `harper:Rule` selector is taken on trust when Harper does not run (it
    does nothing then).
    """
    given = [(f"{base.source}: {key}", getattr(base, key)) for key in ("disable", "enable")] if base.source else []
    given += [(f"--{key}", values) for key, values in cli.items()]
    if not any(values for _, values in given):
        return
    from copyedit.backends import prebuild
    from copyedit.engine import load_packs

    prebuild(settings.backends, settings)  # Harper builds while the packs load, as in build_engine
    packs = load_packs(settings)
    ids = known_ids({r.id: p.id for p in packs for r in p.rules})
    harper_on = any(b in (SOURCE_HARPER, "auto") for b in settings.backends)
    names: list = []  # Harper's rule names, once loaded

    def harper_names():
        if not names:
            names.append(harper_rules(load=True))
        return names[0]

    for where, values in given:
        for value in values:
            s = value.strip()
            source, sep, rule = s.partition(":")
            if s in ids or _LT_ID.match(s) or (sep and source == SOURCE_LANGUAGETOOL and rule):
                continue
            if sep and source == SOURCE_HARPER and rule and (not harper_on or rule in (harper_names() or {rule})):
                continue
            if not sep and s in (harper_names() or ()):
                continue
            raise ConfigError(f"{where}: unknown rule {value!r} ({HINT})")


def directive_warnings(doc, rule_pack: dict[str, str]) -> list[str]:
    """A warning for each unknown id in the document's inline directives, with file and line."""
    ids = known_ids(rule_pack)
    names = harper_rules(load=False)
    out = []
    for kind, offset, rules in doc.directives:
        for rule in rules:
            if not is_known(rule, ids, names):
                out.append(
                    f"warning: {doc.path}:{doc.line_of(offset)}: unknown rule {rule!r} in copyedit-{kind} "
                    f"(it switches nothing off; {HINT})"
                )
    return out
