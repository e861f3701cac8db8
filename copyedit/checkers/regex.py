"""`regex` rules: a pattern and a replacement template, like Vale's substitutions.

Patterns use the `regex` package (variable-width lookbehind, Unicode
classes) and run under a time limit, window by window, so a team's pattern
that backtracks catastrophically is reported instead of hanging a commit
hook. How, and the bounds on compiling, are in `copyedit.userpatterns`, which
every kind that runs a pack's pattern shares.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from copyedit.casing import CASES as _CASES, recased
from copyedit.checkers import Context, Kind
from copyedit.checkers.options import Options, derived, known_keys
from copyedit.lexicon import is_ordinary_word
from copyedit.pronounce import read_as_letters
from copyedit.literals import Haystack, prefilter
from copyedit.model import Applicability, Decline, Note, Severity
from copyedit.rulespec import RuleSpec
from copyedit.templates import render
from copyedit.quotes import Quotations
from copyedit.userpatterns import OVERLAP, WINDOW, PatternError, WindowTimeout, compile_pattern, finditer as _matches, stopped_note, windows

__all__ = ["RegexChecker", "RegexOptions", "KIND", "WINDOW", "OVERLAP", "WindowTimeout"]

# `antipatterns`, as in LanguageTool: text the rule has looked at and vouches
# for ("had had" is English). Nothing is reported there, and a grammar
# backend's finding of the same kind on that text is dropped too.
# `in_quotes: false` leaves quotations alone (what someone said or wrote is
# quoted as they put it); `in_quotes: unsafe` reports there but never applies.
# `case` changes the case of the expanded replacement: a sentence that starts
# in lower case is fixed by `replacement: "\\1"` with `case: capitalize`.
# A group named `offer` that takes part in a match makes that match's fix
# unsafe: the pattern itself says where it is less sure ("? how planted").
# `offer_unless_word: GROUP` keeps a fix safe only when that group's text is
# an ordinary English word: "pyenv was made" opens with a name its owner
# writes in lower case, which only a person can tell from a slip.
# `offer_severity` gives a match either of these makes unsafe its own
# severity: where lower case after a question mark is as often a writer's
# choice as a slip ("Whence came they? how planted"), and a sentence opening
# with a name its owner writes in lower case ("npm is") more often than not,
# the finding is advice, shown on request.
# `after_code: false` leaves alone a match that follows code, a URL or other
# protected text with only spaces between: a stop inside "`result: ok.`" ends
# no sentence of the prose around it.
_FLAGS = {
    "ignorecase": regex.IGNORECASE,
    "multiline": regex.MULTILINE,
    "dotall": regex.DOTALL,
    "verbose": regex.VERBOSE,
}


@dataclass(frozen=True)
class RegexOptions(Options):
    """A pattern, what replaces it, and where the rule holds back; compiled once."""

    pattern: str = ""
    replacement: str | None = None
    flags: tuple[str, ...] = ()
    exceptions: frozenset[str] = frozenset()
    antipatterns: tuple[str, ...] = ()
    case: str | None = None
    in_quotes: bool | str = True
    offer_unless_word: str | None = None
    offer_severity: Severity | None = None
    after_code: bool = True
    compiled: "regex.Pattern" = derived()
    compiled_antipatterns: tuple["regex.Pattern", ...] = derived()

    def __post_init__(self) -> None:
        # Built in code rather than read from a pack: compile what `parse` would have.
        if self.compiled is None:
            object.__setattr__(self, "compiled", regex.compile(self.pattern, _flag_value(self.flags)))
        if self.compiled_antipatterns is None:
            object.__setattr__(self, "compiled_antipatterns", tuple(regex.compile(p) for p in self.antipatterns))

    @classmethod
    def parse(cls, raw, rule: RuleSpec) -> "RegexOptions":
        keys = known_keys(cls, raw, rule)
        compiled, flags = _compiled_pattern(keys, rule)
        rep = keys.get("replacement")
        if rep is not None:
            _check_replacement(compiled, rep, rule)
        case = keys.get("case")
        if case is not None and case not in _CASES:
            raise rule.error(f"unknown case {case!r} (known: {', '.join(_CASES)})")
        in_quotes = keys.get("in_quotes", True)
        if in_quotes not in (True, False, "unsafe"):
            raise rule.error("'in_quotes' must be true, false or unsafe")
        word_group = keys.get("offer_unless_word")
        if word_group is not None and word_group not in compiled.groupindex:
            raise rule.error("'offer_unless_word' must name a group of the pattern")
        offer_severity = keys.get("offer_severity")
        if offer_severity is not None:
            if "offer" not in compiled.groupindex and word_group is None:
                raise rule.error("'offer_severity' needs a group named offer in the pattern, or offer_unless_word")
            try:
                offer_severity = Severity(offer_severity)
            except ValueError:
                raise rule.error("'offer_severity' must be error, warning or info") from None
        after_code = keys.get("after_code", True)
        if not isinstance(after_code, bool):
            raise rule.error("'after_code' must be true or false")
        exceptions = keys.get("exceptions", [])
        if not isinstance(exceptions, list) or not all(isinstance(x, str) for x in exceptions):
            raise rule.error("'exceptions' must be a list of strings")
        antipatterns, compiled_antipatterns = _compiled_antipatterns(keys.get("antipatterns", []), rule)
        return cls(
            pattern=keys["pattern"],
            replacement=rep,
            flags=flags,
            exceptions=frozenset(exceptions),
            antipatterns=antipatterns,
            case=case,
            in_quotes=in_quotes,
            offer_unless_word=word_group,
            offer_severity=offer_severity,
            after_code=after_code,
            compiled=compiled,
            compiled_antipatterns=compiled_antipatterns,
        )

    @property
    def offers_fix(self) -> bool:
        return self.replacement is not None

    def message_fields(self) -> frozenset[str]:
        """{match}, and each group of the pattern by name or number."""
        return frozenset(["match", *self.compiled.groupindex, *(str(i) for i in range(1, self.compiled.groups + 1))])


def _flag_value(flags) -> int:
    value = 0
    for f in flags:
        value |= _FLAGS[f]
    return value


def _compiled_pattern(keys: dict, rule: RuleSpec) -> tuple["regex.Pattern", tuple[str, ...]]:
    pattern = keys.get("pattern")
    if not isinstance(pattern, str) or not pattern:
        raise rule.error("'pattern' must be a non-empty string")
    flags = keys.get("flags") or []
    if isinstance(flags, str):
        flags = [flags]
    if not isinstance(flags, list) or not all(isinstance(f, str) for f in flags):
        raise rule.error(f"'flags' must be a flag name or a list of them (known: {', '.join(_FLAGS)})")
    for f in flags:
        if f not in _FLAGS:
            raise rule.error(f"unknown flag {f!r} (known: {', '.join(_FLAGS)})")
    try:
        return compile_pattern(pattern, _flag_value(flags)), tuple(flags)
    except (regex.error, PatternError) as exc:
        raise rule.error(f"invalid pattern: {exc}") from None


#: Group references a replacement may hold.
MAX_REPLACEMENT_REFS = 100


def _check_replacement(compiled: "regex.Pattern", rep, rule: RuleSpec) -> None:
    if not isinstance(rep, str):
        raise rule.error("'replacement' must be a string")
    refs = regex.findall(r"\\g<(\w+)>|\\(\d+)", rep)
    if len(refs) > MAX_REPLACEMENT_REFS:
        # Each copies a match of up to a window's length: 200,000 of them made gigabytes per match.
        raise rule.error(f"replacement refers to groups {len(refs):,} times (at most {MAX_REPLACEMENT_REFS})")
    for ref in refs:
        name = ref[0] or ref[1]
        if name.isdigit():
            if int(name) > compiled.groups:
                raise rule.error(f"replacement refers to group {name}, pattern has {compiled.groups}")
        elif name not in compiled.groupindex:
            raise rule.error(f"replacement refers to unknown group {name!r}")
    problem = _template_problem(compiled, rep)
    if problem:
        raise rule.error(f"invalid replacement: {problem}")


def _compiled_antipatterns(raw, rule: RuleSpec) -> tuple[tuple[str, ...], tuple["regex.Pattern", ...]]:
    """The rule's antipatterns, compiled once (each keeps its own groups and flags)."""
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(x, str) and x for x in raw):
        raise rule.error("'antipatterns' must be a list of patterns")
    out = []
    for p in raw:
        try:
            out.append(compile_pattern(p))
        except (regex.error, PatternError) as exc:
            raise rule.error(f"invalid antipattern {p[:80]!r}: {exc}") from None
    return tuple(raw), tuple(out)


def declines(doc, rule: str, view_spans) -> list:
    """Declines for view spans, mapped to the file (spans that cannot map are dropped)."""
    out = []
    for a, b in view_spans:
        mapped = doc.map_span(a, b)
        if mapped is not None:
            out.append(Decline(mapped[0], mapped[1], rule))
    return out


def _template_problem(compiled, rep: str) -> str | None:
    """What is wrong with a replacement template ("\\g<" unclosed, a bad escape), if anything.

    `regex` only reads a template when it expands a match, which would be in
    the middle of someone's run. A pattern with the same groups and an empty
    alternative always matches the empty string, so the template can be tried
    at load time. Where that cannot be built, the check at match time stays.
    """
    sep = "\n" if compiled.flags & regex.VERBOSE else ""
    try:
        probe = regex.compile(f"(?:{compiled.pattern}{sep})|", compiled.flags)
    except regex.error:
        return None
    if probe.groups != compiled.groups or probe.groupindex != compiled.groupindex:
        return None
    m = probe.match("")
    if m is None:
        return None
    try:
        m.expand(rep)
    except (regex.error, IndexError) as exc:
        return str(exc)
    return None


class RegexChecker:
    name = "regex"

    def __init__(self, specs: list[RuleSpec], ctx: Context):
        self.rules = [(s, s.options.compiled) for s in specs]
        #: Per pattern, the literals every match holds (None: no prefilter).
        self.prefilters = {p: prefilter(p.pattern, p.flags) for s in specs for p in (s.options.compiled, *s.options.compiled_antipatterns)}
        self.timeout = ctx.regex_timeout
        self.declines_read = ctx.declines_read
        #: Rules stopped by the time limit: off for the rest of the run, so that
        #: a slow pattern costs its time limit once, not once per file.
        self.stopped: set[str] = set()

    def check(self, doc) -> list:
        out = []
        wins = windows(doc.view)
        hay = Haystack(doc.view)
        for spec, pattern in self.rules:
            if spec.id in self.stopped:
                out.append(Note("", incomplete=True))  # reported once, when it stopped; this file is not checked by it either
                continue
            try:
                out.extend(self._rule_items(doc, spec, pattern, wins, hay))
            except TimeoutError as exc:
                self.stopped.add(spec.id)
                out.append(stopped_note(spec, doc, self.timeout, exc))
            except (regex.error, IndexError) as exc:
                self.stopped.add(spec.id)
                out.append(Note(f"warning: {doc.path}: rule {spec.id!r} ({spec.file}) skipped: invalid replacement ({exc})", incomplete=True))
        return out

    def _rule_items(self, doc, spec: RuleSpec, pattern, windows, hay: Haystack) -> list:
        """One rule's findings and declines, all or none: a rule that fails half way raises.

        What a stopped rule found before its time ran out is dropped, so that
        results never depend on CPU speed.
        """
        o: RegexOptions = spec.options
        view = doc.view
        quotations = None if o.in_quotes is True else Quotations.of(doc)
        found = []
        vouched: list[tuple[int, int]] = []
        declined = self.declines_read is None or spec.id in self.declines_read
        if o.compiled_antipatterns and declined:
            vouched = self._vouched(o, view, windows, hay)
        matches = self._matches(pattern, view, windows, hay)
        if o.compiled_antipatterns and not declined and matches:
            vouched = self._vouched(o, view, windows, hay)  # only to hold back the rule's own matches
        starts = [a for a, _ in vouched]
        for m in matches:
            if o.exceptions and m.group() in o.exceptions:
                vouched.append(m.span())
                continue
            if starts and _inside_any(vouched, starts, m.start(), m.end()):
                continue
            if not o.after_code and _after_protected(doc, m.start()):
                continue
            offered = _offered(o, pattern, m)
            fix = _match_fix(spec, m, quotations, offered)
            if fix is None:
                continue
            reps: tuple[str, ...] = ()
            expanded = None if o.replacement is None else m.expand(o.replacement)
            if expanded is not None and o.case:
                expanded = recased(expanded, o.case)  # None: the case change would rewrite letters ("ﬁ" -> "FI")
            if expanded is not None:
                reps = (expanded,)
            else:
                fix = Applicability.DISPLAY
            s = doc.emit(
                spec,
                m.start(),
                m.end(),
                reps,
                message=_message(spec.message, m),
                applicability=fix,
                severity=o.offer_severity if offered else None,  # None: the rule's own
            )
            if s is not None:
                found.append(s)
        return found + declines(doc, spec.id, vouched)

    def _vouched(self, o: RegexOptions, view: str, windows, hay: Haystack) -> list[tuple[int, int]]:
        """The merged spans the rule's antipatterns vouch for."""
        return _merged(m.span() for ap in o.compiled_antipatterns for m in self._matches(ap, view, windows, hay))

    def _matches(self, pattern, view: str, windows, hay: Haystack) -> list:
        """Every match of one pattern; none, without a search, in a text that lacks the literals it needs."""
        pf = self.prefilters.get(pattern)
        if pf is not None and not pf.may_match(hay):
            return []
        return list(_matches(pattern, view, windows, self.timeout))


def _match_fix(spec: RuleSpec, m, quotations, offered: bool) -> Applicability | None:
    """How sure the fix of one match is, or None when the rule leaves the match alone (a quotation)."""
    o: RegexOptions = spec.options
    fix = spec.fix
    if fix is Applicability.SAFE and offered:
        fix = Applicability.UNSAFE
    if quotations is not None and m.start() in quotations:
        if o.in_quotes is False:
            return None
        if fix is Applicability.SAFE:
            fix = Applicability.UNSAFE
    return fix


def _offered(o: RegexOptions, pattern, m) -> bool:
    """Whether the pattern is less sure of this match: its `offer` group took part, or its word is no ordinary one."""
    if "offer" in pattern.groupindex and m.group("offer") is not None:
        return True
    return bool(o.offer_unless_word) and not _ordinary_text(m.group(o.offer_unless_word) or "")


def _after_protected(doc, start: int) -> bool:
    """Whether the last character before `start`, spaces aside, is protected (code, a URL)."""
    k = start - 1
    view = doc.view
    while k >= 0 and view[k].isspace():
        k -= 1
    return k >= 0 and doc.touches_protected(k, k + 1)


def _merged(spans) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _inside_any(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted antipattern spans."""
    # finditer's spans are sorted and do not overlap: only the last one that
    # starts before `end` can reach back to `start`.
    i = bisect.bisect_left(starts, end) - 1
    return i >= 0 and spans[i][1] > start


def _ordinary_text(text: str) -> bool:
    """Whether every word of "it's" or "well-known" (before its apostrophe) is an ordinary word.

    A word said letter by letter ("npm", which the dictionary knows) is a name or a command.
    """
    parts = [p for p in regex.split(r"['’]", text)[0].split("-") if p]
    return bool(parts) and all(is_ordinary_word(p) and not read_as_letters(p.lower()) for p in parts)


def _message(template: str, m) -> str:
    """Messages may quote the match as {match}, like Vale's %s, and its groups by name or number."""
    if "{" not in template:
        return template
    values = {str(i): g or "" for i, g in enumerate(m.groups(), 1)}
    values.update((k, v or "") for k, v in m.groupdict().items())
    values["match"] = m.group()
    return render(template, values)


def build(specs: list[RuleSpec], ctx: Context) -> RegexChecker:
    return RegexChecker(specs, ctx)


KIND = Kind("regex", RegexOptions, build, category="style")
