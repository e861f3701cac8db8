"""Which rule selectors name something that exists, and warnings for those that do not.

Known: a rule id or pack id of any pack (shipped, or from `rule-files` and
`--rules`, enabled or not), `all`, a source (`rules`, or any registered
backend: `harper`, `languagetool`), `backend:Rule` for a rule the backend
has (taken on trust when the backend cannot list its rules, as LanguageTool
cannot without a server), and a backend's bare rule ids where it has them
(`SpellCheck` for Harper, `UPPER_CASE` ids for LanguageTool).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from copyedit.backends import registry, split_rule
from copyedit.model import SOURCE_HARPER, SOURCE_RULES
from copyedit.suppress import ALL

#: Rule ids that no pack declares: made by the engine itself.
BUILT_IN_RULES = frozenset({"vocabulary-reject"})
HINT = "`copyedit rules list` lists rule and pack ids; Harper rules are harper:Name"


def known_ids(rule_pack: dict[str, str]) -> frozenset[str]:
    """Every rule id and pack id, the sources, and `all`."""
    return frozenset(rule_pack) | frozenset(rule_pack.values()) | BUILT_IN_RULES | {SOURCE_RULES, *registry.names(), *ALL}


def is_bare_backend_rule(selector: str) -> bool:
    """An id without a prefix that some backend takes on trust as its own."""
    return any(b.bare_rule and re.fullmatch(b.bare_rule, selector) for b in registry.backends())


def is_known(selector: str, ids: frozenset[str], listed) -> bool:
    """Whether a selector names something.

    `listed` holds, by backend, the rule names of the backends that can list
    theirs (None for one that cannot be checked now); a set alone, or None,
    is Harper's.
    """
    if not isinstance(listed, Mapping):
        listed = {SOURCE_HARPER: listed}
    s = selector.strip()
    if s in ids or is_bare_backend_rule(s):
        return True
    source, rule = split_rule(s)
    if ":" in s:
        if registry.get(source) is None or not rule:
            return False
        names = listed.get(source)
        return names is None or rule in names
    return any(names is not None and s in names for names in listed.values())


def directive_warnings(doc, rule_pack: dict[str, str]) -> list[str]:
    """A warning for each unknown id in the document's inline directives, with file and line."""
    ids = known_ids(rule_pack)
    names = registry.listed_rules(load=False)
    out = []
    for kind, offset, rules in doc.directives:
        for rule in rules:
            if not is_known(rule, ids, names):
                out.append(
                    f"warning: {doc.path}:{doc.line_of(offset)}: unknown rule {rule!r} in copyedit-{kind} "
                    f"(it switches nothing off; {HINT})"
                )
    return out
