"""`regex` rules: a pattern and a replacement template, like Vale's substitutions.

Patterns use the `regex` package (variable-width lookbehind, Unicode
classes) and run under a per-rule time limit, so a team's pattern that
backtracks catastrophically is reported instead of hanging a commit hook.
"""

from __future__ import annotations

import regex

from copyedit.checkers import Context
from copyedit.model import SOURCE_RULES, Applicability
from copyedit.packs import PackError, RuleSpec

OPTIONS = {"pattern", "replacement", "flags", "exceptions", "case"}
# `case` changes the case of the expanded replacement: a sentence that starts
# in lower case is fixed by `replacement: "\\1"` with `case: capitalize`.
_CASES = {"upper": str.upper, "lower": str.lower, "capitalize": lambda s: s[:1].upper() + s[1:], "title": str.title}
CATEGORY = "style"
_FLAGS = {
    "ignorecase": regex.IGNORECASE,
    "multiline": regex.MULTILINE,
    "dotall": regex.DOTALL,
    "verbose": regex.VERBOSE,
}


def compile_pattern(spec: RuleSpec) -> "regex.Pattern":
    pattern = spec.options.get("pattern")
    if not isinstance(pattern, str) or not pattern:
        raise PackError(f"{spec.where()}: 'pattern' must be a non-empty string")
    flags = spec.options.get("flags") or []
    if isinstance(flags, str):
        flags = [flags]
    value = 0
    for f in flags:
        if f not in _FLAGS:
            raise PackError(f"{spec.where()}: unknown flag {f!r} (known: {', '.join(_FLAGS)})")
        value |= _FLAGS[f]
    try:
        return regex.compile(pattern, value)
    except regex.error as exc:
        raise PackError(f"{spec.where()}: invalid pattern: {exc}") from None


def validate(spec: RuleSpec) -> None:
    compiled = compile_pattern(spec)
    rep = spec.options.get("replacement")
    if rep is not None and not isinstance(rep, str):
        raise PackError(f"{spec.where()}: 'replacement' must be a string")
    if rep is not None:
        try:
            for ref in regex.findall(r"\\g<(\w+)>|\\(\d+)", rep):
                name = ref[0] or ref[1]
                if name.isdigit():
                    if int(name) > compiled.groups:
                        raise PackError(f"{spec.where()}: replacement refers to group {name}, pattern has {compiled.groups}")
                elif name not in compiled.groupindex and not name.isdigit():
                    raise PackError(f"{spec.where()}: replacement refers to unknown group {name!r}")
        except regex.error as exc:
            raise PackError(f"{spec.where()}: invalid replacement: {exc}") from None
    case = spec.options.get("case")
    if case is not None and case not in _CASES:
        raise PackError(f"{spec.where()}: unknown case {case!r} (known: {', '.join(_CASES)})")
    exc_list = spec.options.get("exceptions", [])
    if not isinstance(exc_list, list) or not all(isinstance(x, str) for x in exc_list):
        raise PackError(f"{spec.where()}: 'exceptions' must be a list of strings")
    spec.options["_compiled"] = compiled


class RegexChecker:
    name = "regex"

    def __init__(self, specs: list[RuleSpec], ctx: Context):
        self.rules = [(s, s.options.get("_compiled") or compile_pattern(s)) for s in specs]
        self.timeout = ctx.regex_timeout

    def check(self, doc) -> list:
        out = []
        view = doc.view
        for spec, pattern in self.rules:
            rep = spec.options.get("replacement")
            exceptions = set(spec.options.get("exceptions") or ())
            case = _CASES.get(spec.options.get("case") or "", None)
            try:
                for m in pattern.finditer(view, timeout=self.timeout):
                    if exceptions and m.group() in exceptions:
                        continue
                    fix = spec.fix
                    reps: tuple[str, ...] = ()
                    if rep is not None:
                        reps = (case(m.expand(rep)) if case else m.expand(rep),)
                    else:
                        fix = Applicability.DISPLAY
                    s = doc.suggest(
                        m.start(),
                        m.end(),
                        reps,
                        rule=spec.id,
                        source=SOURCE_RULES,
                        message=_message(spec.message, m),
                        category=spec.category,
                        severity=spec.severity,
                        applicability=fix,
                    )
                    if s is not None:
                        out.append(s)
            except TimeoutError:
                doc.notes.append(
                    f"{doc.path}: rule {spec.id!r} stopped after {self.timeout:g}s "
                    "(its pattern backtracks too much); its findings are incomplete"
                )
        return out


def _message(template: str, m) -> str:
    """Messages may quote the match as {match}, like Vale's %s."""
    if "{" not in template:
        return template
    try:
        return template.format(match=m.group(), **{k: v or "" for k, v in m.groupdict().items()})
    except (KeyError, IndexError, ValueError):
        return template


def build(specs: list[RuleSpec], ctx: Context) -> RegexChecker:
    return RegexChecker(specs, ctx)
