"""`regex` rules: a pattern and a replacement template, like Vale's substitutions.

Patterns use the `regex` package (variable-width lookbehind, Unicode
classes) and run under a time limit, so a team's pattern that backtracks
catastrophically is reported instead of hanging a commit hook.

The limit applies to one window of the document (about 16,000 characters,
cut after a sentence end), not to the whole of it: a limit on a whole 10 MB
document would switch a sound rule off on big files, or on a busy machine,
and what is found would depend on both. A window is searched a little beyond
its end (`OVERLAP`), and a match is kept by the window it starts in, so that
any match shorter than the overlap is found exactly as in one pass over the
whole text. A rule that still meets the limit is reported, and the run says
that its check is incomplete.
"""

from __future__ import annotations

import bisect

import regex

from copyedit.checkers import Context
from copyedit.lexicon import is_ordinary_word
from copyedit.model import Applicability, Decline, Note
from copyedit.rulespec import PackError, RuleSpec
from copyedit.quotes import Quotations
from copyedit.windows import cuts

#: Characters of a window that the time limit covers, and how far past its
#: end a match starting in it may reach.
WINDOW = 16_000
OVERLAP = 2_000

OPTIONS = {"pattern", "replacement", "flags", "exceptions", "antipatterns", "case", "in_quotes", "offer_unless_word"}
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
    if not isinstance(flags, list) or not all(isinstance(f, str) for f in flags):
        raise PackError(f"{spec.where()}: 'flags' must be a flag name or a list of them (known: {', '.join(_FLAGS)})")
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
        for ref in regex.findall(r"\\g<(\w+)>|\\(\d+)", rep):
            name = ref[0] or ref[1]
            if name.isdigit():
                if int(name) > compiled.groups:
                    raise PackError(f"{spec.where()}: replacement refers to group {name}, pattern has {compiled.groups}")
            elif name not in compiled.groupindex:
                raise PackError(f"{spec.where()}: replacement refers to unknown group {name!r}")
        problem = _template_problem(compiled, rep)
        if problem:
            raise PackError(f"{spec.where()}: invalid replacement: {problem}")
    case = spec.options.get("case")
    if case is not None and case not in _CASES:
        raise PackError(f"{spec.where()}: unknown case {case!r} (known: {', '.join(_CASES)})")
    if spec.options.get("in_quotes", True) not in (True, False, "unsafe"):
        raise PackError(f"{spec.where()}: 'in_quotes' must be true, false or unsafe")
    word_group = spec.options.get("offer_unless_word")
    if word_group is not None and word_group not in compiled.groupindex:
        raise PackError(f"{spec.where()}: 'offer_unless_word' must name a group of the pattern")
    exc_list = spec.options.get("exceptions", [])
    if not isinstance(exc_list, list) or not all(isinstance(x, str) for x in exc_list):
        raise PackError(f"{spec.where()}: 'exceptions' must be a list of strings")
    spec.options["_antipatterns"] = compile_antipatterns(spec)
    spec.options["_compiled"] = compiled


def compile_antipatterns(spec: RuleSpec) -> list:
    """The rule's antipatterns, compiled once (each keeps its own groups and flags)."""
    raw = spec.options.get("antipatterns", [])
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(x, str) and x for x in raw):
        raise PackError(f"{spec.where()}: 'antipatterns' must be a list of patterns")
    out = []
    for p in raw:
        try:
            out.append(regex.compile(p))
        except regex.error as exc:
            raise PackError(f"{spec.where()}: invalid antipattern {p!r}: {exc}") from None
    return out


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
        self.rules = [(s, s.options.get("_compiled") or compile_pattern(s)) for s in specs]
        self.antipatterns = {s.id: s.options.get("_antipatterns") if "_antipatterns" in s.options else compile_antipatterns(s) for s in specs}
        self.timeout = ctx.regex_timeout
        #: Rules stopped by the time limit: off for the rest of the run, so that
        #: a slow pattern costs its time limit once, not once per file.
        self.stopped: set[str] = set()

    def check(self, doc) -> list:
        out = []
        view = doc.view
        bounds = [0, *cuts(view, 0, len(view), WINDOW), len(view)]
        windows = list(zip(bounds, bounds[1:]))
        for spec, pattern in self.rules:
            if spec.id in self.stopped:
                out.append(Note("", incomplete=True))  # reported once, when it stopped; this file is not checked by it either
                continue
            rep = spec.options.get("replacement")
            exceptions = set(spec.options.get("exceptions") or ())
            case = _CASES.get(spec.options.get("case") or "", None)
            in_quotes = spec.options.get("in_quotes", True)
            quotations = None if in_quotes is True else Quotations.of(doc)
            word_group = spec.options.get("offer_unless_word")
            found = []  # kept only if the rule finishes: results must not depend on CPU speed
            anti = self.antipatterns.get(spec.id)
            vouched: list[tuple[int, int]] = []
            try:
                if anti:
                    vouched = _merged(m.span() for ap in anti for m in _matches(ap, view, windows, self.timeout))
                starts = [a for a, _ in vouched]
                for m in _matches(pattern, view, windows, self.timeout):
                    if exceptions and m.group() in exceptions:
                        vouched.append(m.span())
                        continue
                    if starts and _inside_any(vouched, starts, m.start(), m.end()):
                        continue
                    fix = spec.fix
                    if fix is Applicability.SAFE and "offer" in pattern.groupindex and m.group("offer") is not None:
                        fix = Applicability.UNSAFE
                    if fix is Applicability.SAFE and word_group and not _ordinary_text(m.group(word_group) or ""):
                        fix = Applicability.UNSAFE
                    if quotations is not None and m.start() in quotations:
                        if in_quotes is False:
                            continue
                        if fix is Applicability.SAFE:
                            fix = Applicability.UNSAFE
                    reps: tuple[str, ...] = ()
                    if rep is not None:
                        expanded = m.expand(rep)
                        reps = (case(expanded) if case else expanded,)
                    else:
                        fix = Applicability.DISPLAY
                    s = doc.emit(spec, m.start(), m.end(), reps, message=_message(spec.message, m), applicability=fix)
                    if s is not None:
                        found.append(s)
            except TimeoutError as exc:
                self.stopped.add(spec.id)
                out.append(
                    Note(
                        f"warning: rule {spec.id!r} ({spec.file}) stopped after {self.timeout:g}s on the passage of "
                        f"{doc.path}{_near(doc, getattr(exc, 'where', 0))} (its time limit, regex-timeout); it is off for the rest "
                        "of this run, so the check is incomplete",
                        incomplete=True,
                    )
                )
                continue
            except (regex.error, IndexError) as exc:
                self.stopped.add(spec.id)
                out.append(Note(f"warning: {doc.path}: rule {spec.id!r} ({spec.file}) skipped: invalid replacement ({exc})", incomplete=True))
                continue
            out.extend(found)
            out.extend(declines(doc, spec.id, vouched))
        return out


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
    """Whether every word of "it's" or "well-known" (before its apostrophe) is an ordinary word."""
    parts = [p for p in regex.split(r"['’]", text)[0].split("-") if p]
    return bool(parts) and all(is_ordinary_word(p) for p in parts)


class WindowTimeout(TimeoutError):
    """The time limit, met in the window starting at view offset `where`."""

    def __init__(self, where: int):
        super().__init__(f"time limit met in the window at {where}")
        self.where = where


def _matches(pattern, view: str, windows, timeout: float):
    """Every match, in order and never overlapping, as from one `finditer` over the view.

    Each window is searched under its own time limit: a window's search starts
    where the last match kept ended, and a match starting in the next window
    is left to that window. A window's matches are all found before any is
    used: the limit runs on the clock from the start of the search, and must
    not count the time spent on the findings.
    """
    resume = 0
    last = None
    for a, b in windows:
        endpos = min(len(view), b + OVERLAP)
        found = []
        try:
            for m in pattern.finditer(view, max(a, resume), endpos, timeout=timeout):
                if m.start() >= b:
                    break
                if m.span() != last:  # else an empty match at the end of the previous window, met again
                    found.append(m)
                    last = m.span()
                    resume = m.end()
        except TimeoutError:
            raise WindowTimeout(a) from None
        yield from found


def _near(doc, vpos: int) -> str:
    """" from line N": where in the file a window of the view starts, when that maps."""
    mapped = doc.map_span(vpos, vpos)
    if mapped is not None:
        return f" from line {doc.line_of(mapped[0])}"
    seg = doc.segment_at(vpos)
    return f" from line {doc.line_of(seg.fstart)}" if seg is not None else ""


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
